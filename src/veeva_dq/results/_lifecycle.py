"""The issue lifecycle: a stable key per failure, and new / open / resolved between runs.

**Key.** An issue's key names the failure, not the run: the first 16 hex digits of the
SHA-256 of its rule id, object, record id and column. Each part is written as
`<length>:<text>` (length in characters), or `~` when it is NULL, and the four parts are
joined with the unit separator U+001F, then encoded as UTF-8. The length prefix makes the
encoding injective: no value, whatever characters it holds, can make two different
failures hash the same text. The value and the message are not part of the key, so a record
that still fails the same rule keeps its key when its bad value changes.

**Scope.** Runs are compared rule by rule. For each rule of a run, the baseline is the
latest earlier *complete* run that also ran that rule; a run of `--rule npi` therefore
never resolves address issues, and a failed run is never a baseline. An issue of the run
is `open` when its key was an issue of the rule's baseline, else `new`. A key that was an
issue of the baseline and is absent now is `resolved` in this run and is stored in
`vdq_issue_resolved` with the values it had in the baseline.

Everything is computed in SQL inside the run's transaction, just before the run is marked
complete, so a run is never seen complete without its statuses.
"""

from __future__ import annotations

import enum
import hashlib
import sqlite3
from dataclasses import dataclass

KEY_LENGTH = 16
SCHEMA_VERSION = 2


class IssueStatus(enum.StrEnum):
    NEW = "new"
    OPEN = "open"
    RESOLVED = "resolved"


def _part(value: str | None) -> str:
    return "~" if value is None else f"{len(value)}:{value}"


def issue_key(rule_id: str, obj: str, record_id: str | None, column: str | None) -> str:
    """The stable key of a failure: 16 lowercase hex digits (see the module docstring)."""
    text = f"{_part(rule_id)}\x1f{_part(obj)}\x1f{_part(record_id)}\x1f{_part(column)}"
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:KEY_LENGTH]


# -- schema ------------------------------------------------------------------------------
# Columns added to the tables of schema version 1 (veeva-dq before the lifecycle). NULL in
# a lifecycle column means "not tracked": the run was stored before the lifecycle existed.
ADDED_COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "vdq_run": (("new_issues", "INTEGER"), ("open_issues", "INTEGER"),
                ("resolved_issues", "INTEGER")),
    "vdq_rule_result": (("baseline_run_id", "INTEGER"), ("new_issues", "INTEGER"),
                        ("open_issues", "INTEGER"), ("resolved_issues", "INTEGER")),
    "vdq_issue": (("issue_key", "TEXT"), ("status", "TEXT")),
}

LIFECYCLE_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS vdq_schema_version (
        component TEXT PRIMARY KEY,
        version INTEGER NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS vdq_issue_resolved (
        run_id INTEGER NOT NULL REFERENCES vdq_run(run_id),
        issue_key TEXT NOT NULL,
        rule_id TEXT NOT NULL,
        severity TEXT NOT NULL,
        dimension TEXT NOT NULL,
        object TEXT NOT NULL,
        record_id TEXT,
        "column" TEXT,
        value TEXT,
        message TEXT NOT NULL,
        previous_run_id INTEGER NOT NULL REFERENCES vdq_run(run_id),
        PRIMARY KEY (run_id, issue_key)
    )""",
    """CREATE TABLE IF NOT EXISTS vdq_issue_assignment (
        issue_key TEXT PRIMARY KEY,
        assignee TEXT NOT NULL,
        assigned_at TEXT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS vdq_issue_note (
        note_id INTEGER PRIMARY KEY,
        issue_key TEXT NOT NULL,
        created_at TEXT NOT NULL,
        author TEXT,
        text TEXT NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS vdq_issue_note_key ON vdq_issue_note (issue_key, note_id)",
    "CREATE INDEX IF NOT EXISTS vdq_issue_run_key ON vdq_issue (run_id, issue_key)",
    "CREATE INDEX IF NOT EXISTS vdq_rule_result_rule ON vdq_rule_result (rule_id, run_id)",
)


def _version(conn: sqlite3.Connection) -> int:
    row = conn.execute(
        "SELECT version FROM vdq_schema_version WHERE component = 'results'"
    ).fetchone()
    return 0 if row is None else int(row[0])


def migrate(conn: sqlite3.Connection) -> None:
    """Bring the result tables to the current schema; a no-op when they are current.

    Adds the lifecycle columns a database of schema version 1 lacks, computes the key of
    every stored issue (so the next run compares with runs stored before the upgrade), and
    creates the lifecycle tables and indexes. Statuses and counts of old runs stay NULL.
    Runs in one write transaction, so two processes opening an old database do it once.
    """
    conn.execute(LIFECYCLE_SCHEMA[0])
    if _version(conn) >= SCHEMA_VERSION:
        return
    own = not conn.in_transaction
    if own:
        conn.execute("BEGIN IMMEDIATE")
    try:
        if _version(conn) < SCHEMA_VERSION:
            for table, columns in ADDED_COLUMNS.items():
                have = {str(r[1]) for r in conn.execute(f"PRAGMA table_info({table})")}
                for name, sql_type in columns:
                    if name not in have:
                        conn.execute(f"ALTER TABLE {table} ADD COLUMN {name} {sql_type}")
            conn.execute(
                'UPDATE vdq_issue SET issue_key = vdq_issue_key(rule_id, object, record_id,'
                ' "column") WHERE issue_key IS NULL'
            )
            for statement in LIFECYCLE_SCHEMA[1:]:
                conn.execute(statement)
            conn.execute(
                "INSERT OR REPLACE INTO vdq_schema_version (component, version)"
                " VALUES ('results', ?)",
                (SCHEMA_VERSION,),
            )
        if own:
            conn.execute("COMMIT")
    except BaseException:
        if own:
            conn.execute("ROLLBACK")
        raise


# -- computing a run's lifecycle ---------------------------------------------------------
@dataclass(frozen=True)
class Counts:
    """New and still-open issue rows of a run, and keys resolved since the baseline."""

    new: int
    open: int
    resolved: int


@dataclass(frozen=True)
class RuleLifecycle:
    rule_id: str
    baseline_run_id: int | None
    counts: Counts | None  # None: a run stored before the lifecycle existed


_RULES_OF_BASELINE = (
    "SELECT rule_id FROM vdq_rule_result WHERE run_id = :run AND baseline_run_id = :base"
)


def apply_lifecycle(conn: sqlite3.Connection, run_id: int) -> Counts:
    """Set the run's baselines and issue statuses, store its resolved issues and counts.

    Call inside the run's transaction, after its rule results and issues are stored and
    before it is marked complete. Returns the run's totals.
    """
    conn.execute(
        "UPDATE vdq_rule_result AS cur SET baseline_run_id = ("
        " SELECT max(p.run_id) FROM vdq_rule_result AS p"
        " JOIN vdq_run AS r ON r.run_id = p.run_id"
        " WHERE p.rule_id = cur.rule_id AND p.run_id < cur.run_id AND r.status = 'complete'"
        ") WHERE cur.run_id = ?",
        (run_id,),
    )
    bases = [int(r[0]) for r in conn.execute(
        "SELECT DISTINCT baseline_run_id FROM vdq_rule_result"
        " WHERE run_id = ? AND baseline_run_id IS NOT NULL", (run_id,))]
    for base in bases:
        params = {"run": run_id, "base": base}
        conn.execute(
            "UPDATE vdq_issue SET status = 'open' WHERE run_id = :run"
            f" AND rule_id IN ({_RULES_OF_BASELINE})"
            " AND EXISTS (SELECT 1 FROM vdq_issue AS b WHERE b.run_id = :base"
            " AND b.issue_key = vdq_issue.issue_key AND b.rule_id = vdq_issue.rule_id)",
            params,
        )
        # One row per key (the first stored, when a baseline repeats a key).
        conn.execute(
            "INSERT OR IGNORE INTO vdq_issue_resolved (run_id, issue_key, rule_id, severity,"
            ' dimension, object, record_id, "column", value, message, previous_run_id)'
            " SELECT :run, b.issue_key, b.rule_id, b.severity, b.dimension, b.object,"
            ' b.record_id, b."column", b.value, b.message, :base FROM vdq_issue AS b'
            f" WHERE b.run_id = :base AND b.rule_id IN ({_RULES_OF_BASELINE})"
            " AND NOT EXISTS (SELECT 1 FROM vdq_issue AS c WHERE c.run_id = :run"
            " AND c.issue_key = b.issue_key AND c.rule_id = b.rule_id)"
            " ORDER BY b.rowid",
            params,
        )
    per_rule: dict[str, list[int]] = {
        str(r[0]): [0, 0, 0]
        for r in conn.execute("SELECT rule_id FROM vdq_rule_result WHERE run_id = ?", (run_id,))
    }
    for rule_id, status, n in conn.execute(
        "SELECT rule_id, status, count(*) FROM vdq_issue WHERE run_id = ?"
        " GROUP BY rule_id, status", (run_id,)
    ):
        per_rule.setdefault(rule_id, [0, 0, 0])[0 if status == IssueStatus.NEW else 1] += n
    for rule_id, n in conn.execute(
        "SELECT rule_id, count(*) FROM vdq_issue_resolved WHERE run_id = ? GROUP BY rule_id",
        (run_id,),
    ):
        per_rule.setdefault(rule_id, [0, 0, 0])[2] += n
    conn.executemany(
        "UPDATE vdq_rule_result SET new_issues = ?, open_issues = ?, resolved_issues = ?"
        " WHERE run_id = ? AND rule_id = ?",
        ((*c, run_id, rule_id) for rule_id, c in per_rule.items()),
    )
    total = Counts(*(sum(c[i] for c in per_rule.values()) for i in range(3)))
    conn.execute(
        "UPDATE vdq_run SET new_issues = ?, open_issues = ?, resolved_issues = ?"
        " WHERE run_id = ?",
        (total.new, total.open, total.resolved, run_id),
    )
    return total


def rule_lifecycle(conn: sqlite3.Connection, run_id: int) -> dict[str, RuleLifecycle]:
    """The baseline and counts of each rule of the run, by rule id."""
    out: dict[str, RuleLifecycle] = {}
    for rule_id, base, new, open_, resolved in conn.execute(
        "SELECT rule_id, baseline_run_id, new_issues, open_issues, resolved_issues"
        " FROM vdq_rule_result WHERE run_id = ? ORDER BY rule_id", (run_id,)
    ):
        counts = None if new is None else Counts(new, open_, resolved)
        out[rule_id] = RuleLifecycle(rule_id, base, counts)
    return out


# -- comparing any two runs --------------------------------------------------------------
@dataclass(frozen=True)
class RuleDiff:
    """One rule in two runs. `new` and `resolved` are None when only one run ran it."""

    rule_id: str
    failed_a: int | None
    failed_b: int | None
    new: int | None
    resolved: int | None

    @property
    def delta(self) -> int | None:
        if self.failed_a is None or self.failed_b is None:
            return None
        return self.failed_b - self.failed_a


def diff_runs(conn: sqlite3.Connection, a: int, b: int) -> list[RuleDiff]:
    """Per rule of either run: failed in A and B; issue rows of B whose key is not an issue
    of A (new), and keys of A that are not an issue of B (resolved); by rule id."""
    failed: dict[str, dict[int, int]] = {}
    for run_id, rule_id, n in conn.execute(
        "SELECT run_id, rule_id, failed FROM vdq_rule_result WHERE run_id IN (?, ?)", (a, b)
    ):
        failed.setdefault(rule_id, {})[run_id] = n
    both = {r for r, runs in failed.items() if a in runs and b in runs}
    new = _count_missing(conn, b, a, distinct=False)
    resolved = _count_missing(conn, a, b, distinct=True)
    return [
        RuleDiff(
            rule_id, runs.get(a), runs.get(b),
            new.get(rule_id, 0) if rule_id in both else None,
            resolved.get(rule_id, 0) if rule_id in both else None,
        )
        for rule_id, runs in sorted(failed.items())
    ]


def _count_missing(conn: sqlite3.Connection, run: int, other: int, *, distinct: bool
                   ) -> dict[str, int]:
    """Per rule: issues of `run` whose key is not an issue of `other` (rows or keys)."""
    what = "DISTINCT x.issue_key" if distinct else "*"
    rows = conn.execute(
        f"SELECT x.rule_id, count({what}) FROM vdq_issue AS x WHERE x.run_id = ?"
        " AND NOT EXISTS (SELECT 1 FROM vdq_issue AS y WHERE y.run_id = ?"
        " AND y.issue_key = x.issue_key AND y.rule_id = x.rule_id) GROUP BY x.rule_id",
        (run, other),
    )
    return {str(r[0]): int(r[1]) for r in rows}
