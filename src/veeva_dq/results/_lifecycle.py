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

**Cost.** Each issue is stored with its status: one probe of the baseline in the index
`vdq_issue_natural` (run, rule, record, column, key). Issues arrive rule by rule in record
order, so both the inserts into that index and the probes walk it almost sequentially. At
completion the run and its baselines are walked once more through the same index, without
reading table rows, to count new issues and to find the resolved ones. No index is ordered
by the (random) key itself except the partial `vdq_issue_first_seen`, which holds only the
rows where a key was new, so that a key can be looked up by prefix.

Everything happens inside the run's transaction, before the run is marked complete, so a
run is never seen complete without its statuses.
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


_sha256 = hashlib.sha256


def issue_key(rule_id: str, obj: str, record_id: str | None, column: str | None) -> str:
    """The stable key of a failure: 16 lowercase hex digits (see the module docstring)."""
    # Written out rather than calling _part four times: this runs once per stored issue.
    text = (f"{len(rule_id)}:{rule_id}\x1f{len(obj)}:{obj}\x1f"
            + ("~" if record_id is None else f"{len(record_id)}:{record_id}") + "\x1f"
            + ("~" if column is None else f"{len(column)}:{column}"))
    return _sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:KEY_LENGTH]


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
    # Covering for every comparison of two runs (see "Cost" above).
    "CREATE INDEX IF NOT EXISTS vdq_issue_natural"
    ' ON vdq_issue (run_id, rule_id, record_id, "column", issue_key)',
    # Every key is new (or from before the lifecycle) in the first run where it fails; later
    # runs where it is open need no entry to find it.
    "CREATE INDEX IF NOT EXISTS vdq_issue_first_seen ON vdq_issue (issue_key)"
    " WHERE status IS NOT 'open'",
    "CREATE INDEX IF NOT EXISTS vdq_issue_resolved_key ON vdq_issue_resolved (issue_key)",
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


# The baseline of a rule for a run: the latest earlier complete run that ran the rule.
_BASELINE = (
    "SELECT max(p.run_id) FROM vdq_rule_result AS p JOIN vdq_run AS r ON r.run_id = p.run_id"
    " WHERE p.rule_id = ? AND p.run_id < ? AND r.status = 'complete'"
)

# An issue is stored with its status, probed in its rule's baseline (?11) through the
# index vdq_issue_natural alone. A NULL baseline matches nothing: 'new'.
INSERT_ISSUE = (
    'INSERT INTO vdq_issue (run_id, rule_id, severity, dimension, object, record_id, "column",'
    " value, message, issue_key, status) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
    " CASE WHEN EXISTS (SELECT 1 FROM vdq_issue AS b INDEXED BY vdq_issue_natural"
    ' WHERE b.run_id = ?11 AND b.rule_id = ?2 AND b.record_id IS ?6 AND b."column" IS ?7'
    " AND b.issue_key = ?10) THEN 'open' ELSE 'new' END)"
)


class Baselines(dict[str, int | None]):
    """The baseline run of each rule of one run, looked up the first time it is asked for.

    `ResultStore.add_issues` uses it to store each issue with its status; the run's
    completion checks every baseline again and corrects the statuses of a rule whose
    baseline changed meanwhile (an older run that completed while this one ran).
    """

    def __init__(self, conn: sqlite3.Connection, run_id: int) -> None:
        super().__init__()
        self.conn = conn
        self.run_id = run_id

    def __missing__(self, rule_id: str) -> int | None:
        (found,) = self.conn.execute(_BASELINE, (rule_id, self.run_id)).fetchone()
        base = None if found is None else int(found)
        self[rule_id] = base
        return base


def apply_lifecycle(conn: sqlite3.Connection, run_id: int,
                    used: dict[str, int | None] | None = None) -> Counts:
    """Fix the run's baselines, check its issue statuses, store its resolved issues and
    its counts. `used` is the baseline each rule's issues were stored against (None:
    unknown, so every status is computed again).

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
    final: dict[str, int | None] = dict(conn.execute(
        "SELECT rule_id, baseline_run_id FROM vdq_rule_result WHERE run_id = ?", (run_id,)))
    stale = [r for r, base in final.items() if used is None or used.get(r, base) != base]
    for rule_id in stale:
        conn.execute(
            "UPDATE vdq_issue SET status = CASE WHEN EXISTS (SELECT 1 FROM vdq_issue AS b"
            " INDEXED BY vdq_issue_natural WHERE b.run_id = :base AND b.rule_id = :rule"
            ' AND b.record_id IS vdq_issue.record_id AND b."column" IS vdq_issue."column"'
            " AND b.issue_key = vdq_issue.issue_key) THEN 'open' ELSE 'new' END"
            " WHERE run_id = :run AND rule_id = :rule",
            {"run": run_id, "base": final[rule_id], "rule": rule_id},
        )
    # [new, open, resolved] per rule. Every issue is new until found in the baseline.
    counts: dict[str, list[int]] = {rule_id: [0, 0, 0] for rule_id in final}
    for rule_id, n in conn.execute(
        "SELECT rule_id, count(*) FROM vdq_issue WHERE run_id = ? GROUP BY rule_id", (run_id,)
    ):
        counts.setdefault(rule_id, [0, 0, 0])[1] = n
    for base in sorted({b for b in final.values() if b is not None}):
        params = {"run": run_id, "base": base}
        # Both statements walk one run through vdq_issue_natural and probe the other run
        # in the same index: neither reads a table row except to copy a resolved issue.
        # INDEXED BY keeps SQLite from choosing the (run_id, rule_id) index, which would
        # read every row for its record id (several times slower).
        # New: counted by the probe that set the status; the rest of the rule is open.
        for rule_id, n in conn.execute(
            "SELECT c.rule_id, count(*) FROM vdq_issue AS c INDEXED BY vdq_issue_natural"
            " WHERE c.run_id = :run AND c.rule_id IN (SELECT rule_id FROM vdq_rule_result"
            " WHERE run_id = :run AND baseline_run_id = :base) AND NOT EXISTS (SELECT 1"
            " FROM vdq_issue AS b INDEXED BY vdq_issue_natural WHERE b.run_id = :base"
            ' AND b.rule_id = c.rule_id AND b.record_id IS c.record_id'
            ' AND b."column" IS c."column" AND b.issue_key = c.issue_key) GROUP BY c.rule_id',
            params,
        ):
            counts[rule_id][0] = n
            counts[rule_id][1] -= n
        # Resolved: one row per key (the first stored, when the baseline repeats a key).
        conn.execute(
            "INSERT OR IGNORE INTO vdq_issue_resolved (run_id, issue_key, rule_id, severity,"
            ' dimension, object, record_id, "column", value, message, previous_run_id)'
            " SELECT :run, b.issue_key, b.rule_id, b.severity, b.dimension, b.object,"
            ' b.record_id, b."column", b.value, b.message, :base'
            " FROM vdq_issue AS b INDEXED BY vdq_issue_natural"
            " WHERE b.run_id = :base AND b.rule_id IN (SELECT rule_id FROM vdq_rule_result"
            " WHERE run_id = :run AND baseline_run_id = :base)"
            " AND NOT EXISTS (SELECT 1 FROM vdq_issue AS c INDEXED BY vdq_issue_natural"
            " WHERE c.run_id = :run AND c.rule_id = b.rule_id AND c.record_id IS b.record_id"
            ' AND c."column" IS b."column" AND c.issue_key = b.issue_key)'
            " ORDER BY b.rowid",
            params,
        )
    # Rules without a baseline: every issue is new.
    for rule_id, c in counts.items():
        if final.get(rule_id) is None:
            c[0], c[1] = c[1], 0
    for rule_id, n in conn.execute(
        "SELECT rule_id, count(*) FROM vdq_issue_resolved WHERE run_id = ? GROUP BY rule_id",
        (run_id,),
    ):
        counts[rule_id][2] = n
    conn.executemany(
        "UPDATE vdq_rule_result SET new_issues = ?, open_issues = ?, resolved_issues = ?"
        " WHERE run_id = ? AND rule_id = ?",
        ((*c, run_id, rule_id) for rule_id, c in counts.items()),
    )
    total = Counts(*(sum(c[i] for c in counts.values()) for i in range(3)))
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
