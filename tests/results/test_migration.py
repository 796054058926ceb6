"""A database written by veeva-dq before the lifecycle keeps working when opened now."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from tests.results.snapshot import digest, snapshot
from veeva_dq.db import connect
from veeva_dq.report import run_to_json
from veeva_dq.results import ResultStore, RuleResult, issue_key

# The results schema as first released (schema version 1), verbatim.
OLD_SCHEMA = """
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
    error TEXT
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
    PRIMARY KEY (run_id, rule_id)
);
CREATE TABLE IF NOT EXISTS vdq_issue (
    run_id INTEGER NOT NULL REFERENCES vdq_run(run_id),
    rule_id TEXT NOT NULL,
    severity TEXT NOT NULL,
    dimension TEXT NOT NULL,
    object TEXT NOT NULL,
    record_id TEXT,
    "column" TEXT,
    value TEXT,
    message TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS vdq_issue_run_rule ON vdq_issue (run_id, rule_id);
"""


def old_database(path: Path) -> None:
    """One complete run of the old kind: rule r failed for records A and B."""
    conn = sqlite3.connect(path)
    conn.executescript(OLD_SCHEMA)
    conn.execute(
        "INSERT INTO vdq_run VALUES (1, 't0', 't1', 'complete', '1', '0.1.0', 'd', 'all',"
        " 'sqlite', 1, 1, 2, NULL)")
    conn.execute("INSERT INTO vdq_rule_result VALUES (1, 'r', 'hcp', 'validity', 'error', 'd',"
                 " 10, 2, 0.8, 0)")
    conn.executemany(
        "INSERT INTO vdq_issue VALUES (1, 'r', 'error', 'validity', 'hcp', ?, 'c', 'x', 'bad')",
        [("A",), ("B",)])
    conn.commit()
    conn.close()


def columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [str(r[1]) for r in conn.execute(f"PRAGMA table_info({table})")]


def test_an_old_database_is_migrated_once_and_compared_with(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    old_database(path)
    conn = connect(path)
    store = ResultStore(conn)
    assert columns(conn, "vdq_issue")[-3:] == ["issue_key", "status", "rowid"]
    assert columns(conn, "vdq_run")[-4:] == ["new_issues", "open_issues", "resolved_issues",
                                             "source"]
    assert columns(conn, "vdq_rule_result")[-4:] == [
        "baseline_run_id", "new_issues", "open_issues", "resolved_issues"]
    assert conn.execute("SELECT component, version FROM vdq_schema_version").fetchall() == [
        ("results", 4)]
    assert conn.execute("SELECT record_id, issue_key, status FROM vdq_issue").fetchall() == [
        ("A", issue_key("r", "hcp", "A", "c"), None),
        ("B", issue_key("r", "hcp", "B", "c"), None),
    ]
    # The old run reads as it did, its lifecycle as not tracked.
    old = run_to_json(store, 1)
    assert (old["run"]["issues"], old["run"]["new"], old["run"]["open"]) == (2, None, None)
    assert old["rules"][0]["resolved"] is None
    assert [(i.record_id, i.status) for i in store.issues(1)] == [("A", None), ("B", None)]

    # The first new run is compared with the old one.
    run_id = store.start_run(started_at="t2", rules_version="1", veeva_dq_version="0.2.0",
                             as_of="d", selector="all", engine="sqlite")
    store.finish_run(run_id, finished_at="t3",
                     results=[RuleResult("r", "hcp", "validity", "error", "d", 10, 2, False)],
                     issues=iter([("r", "error", "validity", "hcp", "B", "c", "y", "bad"),
                                  ("r", "error", "validity", "hcp", "C", "c", "z", "bad")]))
    assert [(i.record_id, i.status) for i in store.issues(run_id, status="all")] == [
        ("B", "open"), ("C", "new"), ("A", "resolved")]
    assert store.rule_lifecycle(run_id)["r"].baseline_run_id == 1
    key_a = issue_key("r", "hcp", "A", "c")
    assert store.find_issue_key(key_a[:8]) == key_a  # keys of old runs can be found
    assert store.key_history(key_a) == [(1, None), (2, "resolved")]
    conn.close()

    # Opening again changes nothing.
    conn = connect(path)
    before = conn.execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall()
    ResultStore(conn)
    ResultStore(conn)
    assert conn.execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall() == before
    assert conn.execute("SELECT count(*) FROM vdq_issue_key").fetchone() == (4,)
    conn.close()


def test_a_new_database_has_the_same_columns_as_a_migrated_one(tmp_path: Path) -> None:
    old_database(tmp_path / "old.db")
    migrated = connect(tmp_path / "old.db")
    fresh = connect(tmp_path / "new.db")
    ResultStore(migrated)
    ResultStore(fresh)
    for table in ("vdq_run", "vdq_rule_result", "vdq_issue", "vdq_issue_key",
                  "vdq_issue_resolved", "vdq_issue_assignment", "vdq_issue_note"):
        assert columns(migrated, table) == columns(fresh, table), table
    indexes = "SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name"
    assert migrated.execute(indexes).fetchall() == fresh.execute(indexes).fetchall()


def test_a_store_left_incomplete_is_completed_on_open(tmp_path: Path) -> None:
    path = tmp_path / "vdq.db"
    old_database(path)
    conn = connect(path)
    ResultStore(conn)
    # As if a build had stamped the version without its key table and left a stray index.
    conn.execute("DROP TABLE vdq_issue_key")
    conn.execute("CREATE INDEX vdq_issue_first_seen ON vdq_issue_row (issue_key)")
    ResultStore(conn)
    assert conn.execute("SELECT run_id, count(*) FROM vdq_issue_key GROUP BY 1").fetchall() == [
        (1, 2)]
    assert conn.execute(
        "SELECT count(*) FROM sqlite_master WHERE name = 'vdq_issue_first_seen'"
    ).fetchone() == (0,)
    conn.close()


DATA = Path(__file__).parent / "data"


def test_a_version_3_store_reads_back_as_its_release_read_it(tmp_path: Path) -> None:
    """Issues of version 3 were rows of eleven columns; rewritten into heads and lean rows,
    every run, issue list, count, export, diff, key history and report reads as before."""
    path = tmp_path / "v3.db"
    conn = sqlite3.connect(path)
    conn.executescript((DATA / "v3_store.sql").read_text("utf-8"))
    conn.close()
    conn = connect(path)
    store = ResultStore(conn)
    assert conn.execute("SELECT version FROM vdq_schema_version WHERE component = 'results'"
                        ).fetchone() == (4,)
    assert conn.execute("SELECT type FROM sqlite_master WHERE name = 'vdq_issue'"
                        ).fetchone() == ("view",)
    golden = json.loads((DATA / "v3_store.golden.json").read_text("utf-8"))
    got = digest(snapshot(store, tmp_path))
    assert [k for k in golden if got.get(k) != golden[k]] == []
    assert sorted(got) == sorted(golden)
    # The next run is compared with the migrated ones.
    run_id = store.start_run(started_at="t", rules_version="1", veeva_dq_version="0",
                             as_of="d", selector="all", engine="sqlite")
    store.finish_run(run_id, finished_at="t", results=[
        RuleResult("hcp_npi_format", "hcp", "validity", "error", "d", 61, 0, True)], issues=[])
    assert store.rule_lifecycle(run_id)["hcp_npi_format"].baseline_run_id == 3
    assert store.count_issues(run_id, status="resolved") == 5
