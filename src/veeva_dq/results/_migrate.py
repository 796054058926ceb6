"""The lifecycle tables, and the migration of a results store created before them.

Schema version 1 is the store as first released (vdq_run, vdq_rule_result, vdq_issue).
Version 2 adds the issue lifecycle. Version 3 adds `vdq_run.source`, where a run read its
data, so that runs of different sources are not compared with each other. Version 4 stores
issues as heads and lean rows (`veeva_dq.results._rows`): the table `vdq_issue` of earlier
versions is rewritten into them, each row keeping its rowid (which `vdq_issue_key` names),
its message and its status, and becomes a view with the same columns. The version is
kept in `vdq_schema_version` rather than in `PRAGMA user_version`, because the database
also holds tables that are not the store's.
"""

from __future__ import annotations

import sqlite3

from veeva_dq.results import _rows

SCHEMA_VERSION = 4

# Columns added to the tables of version 1. NULL in a lifecycle column means "not
# tracked": the run was stored before the lifecycle existed, or is not complete.
ADDED_COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "vdq_run": (("new_issues", "INTEGER"), ("open_issues", "INTEGER"),
                ("resolved_issues", "INTEGER"), ("source", "TEXT")),
    "vdq_rule_result": (("baseline_run_id", "INTEGER"), ("new_issues", "INTEGER"),
                        ("open_issues", "INTEGER"), ("resolved_issues", "INTEGER")),
    "vdq_issue": (("issue_key", "TEXT"), ("status", "TEXT")),
}

_VERSION_TABLE = """CREATE TABLE IF NOT EXISTS vdq_schema_version (
    component TEXT PRIMARY KEY,
    version INTEGER NOT NULL
)"""

LIFECYCLE_SCHEMA = (
    # One row per distinct issue key of a complete run, written in key order when the run
    # completes: the compact index that runs are compared through. `first_rowid` is the
    # key's first vdq_issue row in the run, `issues` how many rows of the run have it,
    # `status` theirs (NULL for runs stored before the lifecycle).
    """CREATE TABLE IF NOT EXISTS vdq_issue_key (
        run_id INTEGER NOT NULL,
        issue_key TEXT NOT NULL,
        rule_id TEXT NOT NULL,
        first_rowid INTEGER NOT NULL,
        issues INTEGER NOT NULL,
        status TEXT,
        PRIMARY KEY (run_id, issue_key)
    ) WITHOUT ROWID""",
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
    "CREATE INDEX IF NOT EXISTS vdq_issue_resolved_key ON vdq_issue_resolved (issue_key)",
    "CREATE INDEX IF NOT EXISTS vdq_rule_result_rule ON vdq_rule_result (rule_id, run_id)",
)


# Indexes of unreleased development builds of version 2, dropped where found.
_OBSOLETE_INDEXES = ("vdq_issue_natural", "vdq_issue_first_seen", "vdq_issue_run_key")

# Complete runs with issues but no rows in vdq_issue_key: stored before the lifecycle.
_RUNS_WITHOUT_KEYS = (
    "SELECT r.run_id FROM vdq_run AS r WHERE r.status = 'complete'"
    " AND EXISTS (SELECT 1 FROM vdq_issue_head AS h WHERE h.run_id = r.run_id"
    " AND h.issues > 0)"
    " AND NOT EXISTS (SELECT 1 FROM vdq_issue_key AS k WHERE k.run_id = r.run_id)"
    " ORDER BY r.run_id"
)
# A table vdq_issue of version 3 or earlier, rewritten: a head per distinct set of constant
# columns of each run (status and message kept on each row), ...
_OLD_HEADS = (
    'INSERT INTO vdq_issue_head (run_id, rule_id, severity, dimension, object, "column",'
    ' issues) SELECT run_id, rule_id, severity, dimension, object, "column", count(*)'
    ' FROM vdq_issue GROUP BY run_id, rule_id, severity, dimension, object, "column"'
)
# ... each row under its head, with the same rowid, ...
_OLD_ROWS = (
    "INSERT INTO vdq_issue_row (rowid, head_id, record_id, value, message, issue_key, status)"
    " SELECT o.rowid, h.head_id, o.record_id, o.value, o.message, o.issue_key, o.status"
    " FROM vdq_issue AS o JOIN vdq_issue_head AS h ON h.run_id = o.run_id"
    " AND h.rule_id = o.rule_id AND h.severity = o.severity AND h.dimension = o.dimension"
    ' AND h.object = o.object AND h."column" IS o."column" ORDER BY o.rowid'
)
# ... and one span per head, from its first row to its last.
_OLD_SPANS = (
    "INSERT INTO vdq_issue_span (head_id, first_rowid, last_rowid)"
    " SELECT head_id, min(rowid), max(rowid) FROM vdq_issue_row GROUP BY head_id"
)


def _version(conn: sqlite3.Connection) -> int:
    row = conn.execute(
        "SELECT version FROM vdq_schema_version WHERE component = 'results'"
    ).fetchone()
    return 0 if row is None else int(row[0])


def _is_table(conn: sqlite3.Connection, name: str) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                        (name,)).fetchone() is not None


def _missing_columns(conn: sqlite3.Connection) -> list[tuple[str, str, str]]:
    out = []
    for table, columns in ADDED_COLUMNS.items():
        if not _is_table(conn, table):
            continue  # vdq_issue of version 4 is a view
        have = {str(r[1]) for r in conn.execute(f"PRAGMA table_info({table})")}
        out += [(table, name, sql_type) for name, sql_type in columns if name not in have]
    return out


def _names(conn: sqlite3.Connection) -> set[str]:
    return {str(r[0]) for r in conn.execute("SELECT name FROM sqlite_master")}


def _expected_names() -> set[str]:
    return {statement.split(" IF NOT EXISTS ")[1].split()[0] for statement in LIFECYCLE_SCHEMA}


def _current(conn: sqlite3.Connection) -> bool:
    """The store is at the current version, complete, with keys for every stored run: a
    few catalog reads and one index probe per run."""
    names = _names(conn)
    return (_version(conn) >= SCHEMA_VERSION and _expected_names() <= names
            and not _is_table(conn, "vdq_issue") and "vdq_issue" in names
            and not names & set(_OBSOLETE_INDEXES) and not _missing_columns(conn)
            and not conn.execute(_RUNS_WITHOUT_KEYS).fetchone())


def migrate(conn: sqlite3.Connection) -> None:
    """Bring the result tables to the current schema; a no-op when they are current.

    For a store of version 1: adds the lifecycle columns and tables, computes the key of
    every stored issue and fills `vdq_issue_key` for every stored run, so the next run is
    compared with the runs stored before the upgrade. Statuses and counts of those runs
    stay NULL. Every step is idempotent and checked on each open (cheaply), so a store
    left incomplete for any reason is completed. Runs in one write transaction, so two
    processes opening an old database migrate it once. Needs the SQL function
    `vdq_issue_key` (registered by `ResultStore`).
    """
    conn.execute(_VERSION_TABLE)
    if _current(conn):
        return
    own = not conn.in_transaction
    if own:
        conn.execute("BEGIN IMMEDIATE")
    try:
        for table, name, sql_type in _missing_columns(conn):
            conn.execute(f"ALTER TABLE {table} ADD COLUMN {name} {sql_type}")
        for statement in LIFECYCLE_SCHEMA:
            conn.execute(statement)
        for name in _OBSOLETE_INDEXES:
            conn.execute(f"DROP INDEX IF EXISTS {name}")
        if _is_table(conn, "vdq_issue"):
            _rewrite_issues(conn)
        conn.execute(_rows.VIEW)
        for (run_id,) in conn.execute(_RUNS_WITHOUT_KEYS).fetchall():
            _fill_keys(conn, run_id)
        conn.execute(
            "INSERT OR REPLACE INTO vdq_schema_version (component, version) VALUES ('results', ?)",
            (SCHEMA_VERSION,),
        )
        if own:
            conn.execute("COMMIT")
    except BaseException:
        if own:
            conn.execute("ROLLBACK")
        raise


def _rewrite_issues(conn: sqlite3.Connection) -> None:
    """Turn the table vdq_issue (version 3 or earlier) into heads, rows and spans."""
    conn.execute(_OLD_HEADS)
    conn.execute(_OLD_ROWS)
    conn.execute(_OLD_SPANS)
    conn.execute("DROP TABLE vdq_issue")


# Keys of a run's rows (?1 to ?2, of run ?3) stored before the lifecycle, ...
_KEY_ROWS = (
    "UPDATE vdq_issue_row SET issue_key = (SELECT vdq_issue_key(h.rule_id, h.object,"
    ' vdq_issue_row.record_id, h."column") FROM vdq_issue_head AS h'
    " WHERE h.head_id = vdq_issue_row.head_id) WHERE rowid BETWEEN ?1 AND ?2"
    " AND head_id IN (SELECT head_id FROM vdq_issue_head WHERE run_id = ?3)"
    " AND issue_key IS NULL"
)
# ... and its key table.
_FILL_KEYS = (
    "INSERT OR IGNORE INTO vdq_issue_key (run_id, issue_key, rule_id, first_rowid,"
    " issues, status) SELECT ?3, i.issue_key, min(h.rule_id), min(i.rowid), count(*),"
    " min(coalesce(i.status, h.status)) FROM vdq_issue_row AS i JOIN vdq_issue_head AS h"
    " ON h.head_id = i.head_id WHERE i.rowid BETWEEN ?1 AND ?2 AND h.run_id = ?3"
    " GROUP BY i.issue_key"
)


def _fill_keys(conn: sqlite3.Connection, run_id: int) -> None:
    """Key every issue of a run stored before the lifecycle, and write its key table."""
    lo, hi = _rows.run_range(conn, run_id)
    conn.execute(_KEY_ROWS, (lo, hi, run_id))
    conn.execute(_FILL_KEYS, (lo, hi, run_id))
