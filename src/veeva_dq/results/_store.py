"""Runs, rule results and issues, stored in SQLite beside the data they judge.

A run row is written as `running` before any rule executes and turned `complete` only after
every rule result and issue of the run is stored, in one transaction. A run that raises is
marked `failed` with its error, so a crash can never be read as a clean result.

Every issue carries its stable key and its status relative to the previous run of its rule
(see `veeva_dq.results._lifecycle`), computed in the same transaction before the run is
marked complete. How issues are laid out (a head per rule, a lean row per issue, the view
`vdq_issue` with every column) is in `veeva_dq.results._rows`.
"""

from __future__ import annotations

import enum
import functools
import itertools
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from veeva_dq.results import _compare as cmp
from veeva_dq.results import _lifecycle as lc
from veeva_dq.results import _migrate, _rows
from veeva_dq.results import _stewardship as st

SCHEMA = """
CREATE TABLE IF NOT EXISTS vdq_run (
    run_id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT NOT NULL,
    rules_version TEXT NOT NULL,
    veeva_dq_version TEXT NOT NULL,
    as_of TEXT NOT NULL,
    selector TEXT NOT NULL,
    engine TEXT NOT NULL,
    rules_run INTEGER NOT NULL DEFAULT 0,
    rules_failed INTEGER NOT NULL DEFAULT 0,
    issues INTEGER NOT NULL DEFAULT 0,
    error TEXT,
    new_issues INTEGER,
    open_issues INTEGER,
    resolved_issues INTEGER,
    source TEXT
);
CREATE TABLE IF NOT EXISTS vdq_rule_result (
    run_id INTEGER NOT NULL REFERENCES vdq_run(run_id),
    rule_id TEXT NOT NULL,
    object TEXT NOT NULL,
    dimension TEXT NOT NULL,
    severity TEXT NOT NULL,
    description TEXT NOT NULL,
    checked INTEGER NOT NULL,
    failed INTEGER NOT NULL,
    pass_rate REAL,
    passed INTEGER NOT NULL,
    baseline_run_id INTEGER,
    new_issues INTEGER,
    open_issues INTEGER,
    resolved_issues INTEGER,
    PRIMARY KEY (run_id, rule_id)
);
"""

_BATCH = 5_000  # issues stored per INSERT batch
# The page cache while the lifecycle runs: SQLite's default, 2 MiB (negative: KiB).
LIFECYCLE_CACHE_KIB = -2000

# The columns of an exported issue, in order: the export contract. `--with-status` appends
# LIFECYCLE_COLUMNS after them; the nine never move.
ISSUE_COLUMNS = (
    "run_id",
    "rule_id",
    "severity",
    "dimension",
    "object",
    "record_id",
    "column",
    "value",
    "message",
)
LIFECYCLE_COLUMNS = ("status", "issue_key")


class RunStatus(enum.StrEnum):
    RUNNING = "running"
    COMPLETE = "complete"
    FAILED = "failed"


class UnknownRunError(LookupError):
    """A run id or 'latest' that names no stored run."""


@dataclass(frozen=True)
class RunRecord:
    run_id: int
    started_at: str
    finished_at: str | None
    status: RunStatus
    rules_version: str
    veeva_dq_version: str
    as_of: str
    selector: str
    engine: str
    rules_run: int
    rules_failed: int
    issues: int
    error: str | None
    # Lifecycle totals; None for a run that is not complete or predates the lifecycle.
    new_issues: int | None = None
    open_issues: int | None = None
    resolved_issues: int | None = None
    # Where the data was read: "" for the --db database itself, else the engine, the
    # source (password redacted) and any table mapping; None for runs stored before
    # schema version 3.
    source: str | None = None


@dataclass(frozen=True)
class RuleResult:
    rule_id: str
    object: str
    dimension: str
    severity: str
    description: str
    checked: int
    failed: int
    passed: bool

    @property
    def pass_rate(self) -> float | None:
        """Share of checked records that passed; None when nothing was checked."""
        if self.checked == 0:
            return None
        return (self.checked - self.failed) / self.checked


@dataclass(frozen=True)
class Issue:
    run_id: int
    rule_id: str
    severity: str
    dimension: str
    object: str
    record_id: str | None
    column: str | None
    value: str | None
    message: str
    # 'new', 'open' or 'resolved'; None for an issue stored before the lifecycle existed.
    status: str | None = None
    issue_key: str | None = None


class ResultStore:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._writers: dict[int, _rows.RunWriter] = {}
        conn.create_function("vdq_issue_key", 4, lc.issue_key, deterministic=True)
        conn.executescript(SCHEMA + _rows.SCHEMA)
        _migrate.migrate(conn)

    # -- writing -------------------------------------------------------------------------
    def start_run(
        self,
        *,
        started_at: str,
        rules_version: str,
        veeva_dq_version: str,
        as_of: str,
        selector: str,
        engine: str,
        source: str = "",
    ) -> int:
        cur = self.conn.execute(
            "INSERT INTO vdq_run (started_at, status, rules_version, veeva_dq_version, as_of,"
            " selector, engine, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (started_at, RunStatus.RUNNING, rules_version, veeva_dq_version, as_of, selector,
             engine, source),
        )
        run_id = cur.lastrowid
        if run_id is None:
            raise RuntimeError("SQLite returned no id for the new run.")
        return run_id

    def begin(self) -> None:
        """Open the transaction that will hold a run's issues and results."""
        self.conn.execute("BEGIN")

    def _writer(self, run_id: int) -> _rows.RunWriter:
        writer = self._writers.get(run_id)
        if writer is None:
            writer = self._writers[run_id] = _rows.RunWriter(
                self.conn, run_id, functools.partial(lc.stored_status, self.conn, run_id))
        return writer

    def issue_heads(self, run_id: int, heads: Sequence[_rows.IssueHead]) -> dict[str, int]:
        """Create the heads of these rules' issues in the run (inside its transaction), each
        with the status its issues are stored with ('open' when the rule has a baseline,
        else 'new'); their ids by rule id, for `add_issue_rows`."""
        writer = self._writer(run_id)
        return {h.rule_id: writer.head(h) for h in heads}

    def add_issue_rows(self, run_id: int, rows: Sequence[Sequence[Any]],
                       head_id: int | None = None) -> int:
        """Store issue rows (head id, record id, value, issue key) of heads from
        `issue_heads`, or with `head_id` rows (anything, record id, value, issue key) all
        of that head: the message is the one the head's message form gives for the value.
        Return how many were stored."""
        writer = self._writer(run_id)
        return writer.write(rows) if head_id is None else writer.write_for_head(head_id, rows)

    def add_issues(
        self,
        run_id: int,
        issues: Iterable[tuple[str, str, str, str, str | None, str | None, str | None, str]],
    ) -> int:
        """Store issue rows (rule_id, severity, dimension, object, record_id, column, value,
        message), streamed from an iterator, each with its own message; return how many
        were stored.

        Each is stored with its key and a provisional status ('open' when its rule has a
        previous run, else 'new'); `complete_run` settles every status.
        """
        writer = self._writer(run_id)
        heads, key = writer.heads, lc.issue_key
        n = 0
        it = iter(issues)
        while batch := list(itertools.islice(it, _BATCH)):
            rows = []
            for r in batch:
                head = heads.get((r[0], r[1], r[2], r[3], r[5])) or writer.head(
                    _rows.IssueHead(r[0], r[1], r[2], r[3], r[5]))
                rows.append((head, r[4], r[6], r[7], key(r[0], r[3], r[4], r[5])))
            n += writer.write_with_messages(rows)
        return n

    def complete_run(self, run_id: int, *, finished_at: str, results: Iterable[RuleResult]
                     ) -> None:
        """Store the rule results, compute the issue lifecycle (statuses, resolved issues,
        counts), mark the run complete and commit the run's transaction."""
        results = list(results)
        if not self.conn.in_transaction:
            self.conn.execute("BEGIN")
        self._writers.pop(run_id, None)
        self.conn.executemany(
            "INSERT INTO vdq_rule_result (run_id, rule_id, object, dimension, severity,"
            " description, checked, failed, pass_rate, passed)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                (run_id, r.rule_id, r.object, r.dimension, r.severity, r.description,
                 r.checked, r.failed, r.pass_rate, int(r.passed))
                for r in results
            ),
        )
        (n_issues,) = self.conn.execute(
            "SELECT coalesce(sum(issues), 0) FROM vdq_issue_head WHERE run_id = ?", (run_id,)
        ).fetchone()
        # The lifecycle sorts the run's keys. SQLite's sorter keeps up to a page cache's
        # worth of rows in memory per sorted run and merges the runs; runs of 64 MiB sort
        # slower than small ones merged (cache misses): at 10M HCPs, 5.1M keys, the sort
        # took 4.6 s with the connection's 64 MiB and 2.9 s with 2 MiB, and the key table's
        # insert 9.2 s against 5.9 s. Its appends need no large cache either, so the
        # lifecycle runs with SQLite's default cache.
        (cache,) = self.conn.execute("PRAGMA cache_size").fetchone()
        self.conn.execute(f"PRAGMA cache_size = {LIFECYCLE_CACHE_KIB}")
        try:
            lc.apply_lifecycle(self.conn, run_id)
        finally:
            self.conn.execute(f"PRAGMA cache_size = {int(cache)}")
        self.conn.execute(
            "UPDATE vdq_run SET status = ?, finished_at = ?, rules_run = ?, rules_failed = ?,"
            " issues = ? WHERE run_id = ?",
            (RunStatus.COMPLETE, finished_at, len(results),
             sum(1 for r in results if not r.passed), n_issues, run_id),
        )
        self.conn.execute("COMMIT")

    def finish_run(
        self,
        run_id: int,
        *,
        finished_at: str,
        results: Iterable[RuleResult],
        issues: Iterable[tuple[str, str, str, str, str | None, str | None, str | None, str]],
    ) -> None:
        """Store issues and results and mark the run complete, in one transaction."""
        self.begin()
        try:
            self.add_issues(run_id, issues)
            self.complete_run(run_id, finished_at=finished_at, results=results)
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise

    def fail_run(self, run_id: int, *, finished_at: str, error: str) -> None:
        self._writers.pop(run_id, None)
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")
        self.conn.execute(
            "UPDATE vdq_run SET status = ?, finished_at = ?, error = ? WHERE run_id = ?",
            (RunStatus.FAILED, finished_at, error, run_id),
        )

    # -- reading -------------------------------------------------------------------------
    def resolve_run(self, ref: str | int) -> int:
        """A run id from a number or 'latest' (the newest complete run)."""
        if isinstance(ref, str) and ref.strip().lower() == "latest":
            row = self.conn.execute(
                "SELECT max(run_id) FROM vdq_run WHERE status = ?", (RunStatus.COMPLETE,)
            ).fetchone()
            if row is None or row[0] is None:
                raise UnknownRunError(
                    "There is no complete run yet. Run 'veeva-dq validate --rule all' first."
                )
            return int(row[0])
        try:
            run_id = int(ref)
        except ValueError:
            raise UnknownRunError(
                f"Run '{ref}' is not a run id. Give a number from 'veeva-dq runs' or 'latest'."
            ) from None
        if self.conn.execute("SELECT 1 FROM vdq_run WHERE run_id = ?", (run_id,)).fetchone():
            return run_id
        raise UnknownRunError(f"Run {run_id} does not exist in this database.")

    def get_run(self, run_id: int) -> RunRecord:
        row = self.conn.execute(
            "SELECT run_id, started_at, finished_at, status, rules_version, veeva_dq_version,"
            " as_of, selector, engine, rules_run, rules_failed, issues, error, new_issues,"
            " open_issues, resolved_issues, source FROM vdq_run WHERE run_id = ?",
            (run_id,),
        ).fetchone()
        if row is None:
            raise UnknownRunError(f"Run {run_id} does not exist in this database.")
        return RunRecord(
            row[0], row[1], row[2], RunStatus(row[3]), row[4], row[5], row[6], row[7], row[8],
            row[9], row[10], row[11], row[12], row[13], row[14], row[15], row[16],
        )

    def runs(self, limit: int = 20) -> list[RunRecord]:
        ids = self.conn.execute(
            "SELECT run_id FROM vdq_run ORDER BY run_id DESC LIMIT ?", (limit,)
        ).fetchall()
        return [self.get_run(int(r[0])) for r in ids]

    def rule_results(self, run_id: int) -> list[RuleResult]:
        rows = self.conn.execute(
            "SELECT rule_id, object, dimension, severity, description, checked, failed, passed"
            " FROM vdq_rule_result WHERE run_id = ? ORDER BY rule_id",
            (run_id,),
        ).fetchall()
        return [RuleResult(r[0], r[1], r[2], r[3], r[4], r[5], r[6], bool(r[7])) for r in rows]

    def issues(
        self,
        run_id: int,
        *,
        rule_id: str | None = None,
        limit: int | None = None,
        status: str | None = None,
        object: str | None = None,
        assignee: str | None = None,
    ) -> Iterator[Issue]:
        """The run's issues in the order they were stored, streamed.

        `status` None gives the run's issues (new and open); 'new' or 'open' those with that
        status; 'resolved' the keys resolved in this run (with the values they had in the
        previous run); 'all' the run's issues, then its resolved keys.
        """
        f = st.IssueFilter(status, rule_id, object, assignee)
        for row in st.select_rows(self.conn, run_id, f, limit):
            yield Issue(*row)

    def count_issues(self, run_id: int, *, rule_id: str | None = None,
                     status: str | None = None, object: str | None = None,
                     assignee: str | None = None) -> int:
        return st.count_rows(self.conn, run_id, st.IssueFilter(status, rule_id, object, assignee))

    # -- lifecycle and stewardship -------------------------------------------------------
    def rule_lifecycle(self, run_id: int) -> dict[str, lc.RuleLifecycle]:
        """Each rule's baseline run and new / open / resolved counts, by rule id."""
        return lc.rule_lifecycle(self.conn, run_id)

    def diff(self, a: int, b: int) -> list[cmp.RuleDiff]:
        """Per rule: failures in run A and run B, issues new in B and resolved in B versus
        A, compared by key whatever the order of the runs in time."""
        return cmp.diff_runs(self.conn, a, b)

    def find_issue_key(self, prefix: str) -> str:
        """The stored issue key that a full key or a unique prefix (6+ characters) names."""
        return st.find_key(self.conn, prefix)

    def assign(self, key: str, assignee: str, *, at: str) -> None:
        st.assign(self.conn, key, assignee, at)

    def unassign(self, key: str) -> bool:
        return st.unassign(self.conn, key)

    def assignment(self, key: str) -> st.Assignment | None:
        return st.assignment(self.conn, key)

    def assignees(self, keys: Iterable[str]) -> dict[str, str]:
        return st.assignees(self.conn, list(keys))

    def add_note(self, key: str, text: str, *, author: str | None, at: str) -> int:
        return st.add_note(self.conn, key, text, author, at)

    def notes(self, key: str) -> list[st.Note]:
        return st.notes(self.conn, key)

    def key_history(self, key: str) -> list[tuple[int, str | None]]:
        """(run id, status) of every run in which the key was an issue or was resolved."""
        return st.key_history(self.conn, key)

    def latest_issue(self, key: str) -> Issue | None:
        """The key's issue in the newest run where it was one; None for an unknown key."""
        row = st.latest_row(self.conn, key)
        return None if row is None else Issue(*row)
