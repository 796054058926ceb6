"""The lifecycle in the store: the key, repeated keys, completion by another store, key
prefixes, exports by status, the console line. Real SQLite databases throughout."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterator
from itertools import count
from pathlib import Path

import pytest
from rich.console import Console

from veeva_dq.db import connect
from veeva_dq.report import ExportFormat, export_issues, render_console, run_to_json
from veeva_dq.results import (
    IssueKeyError,
    ResultStore,
    RuleResult,
    issue_key,
)

Row = tuple[str, str, str, str, str | None, str | None, str | None, str]


def rule(rule_id: str, failed: int, obj: str = "hcp") -> RuleResult:
    return RuleResult(rule_id, obj, "validity", "error", "d", 10, failed, failed == 0)


def issue(rule_id: str, record: str | None, value: str = "x", column: str | None = "c",
          obj: str = "hcp") -> Row:
    return (rule_id, "error", "validity", obj, record, column, value, f"{record} is bad")


def store_run(store: ResultStore, rules: list[RuleResult], issues: list[Row]) -> int:
    run_id = store.start_run(started_at="2024-05-01T10:00:00+00:00", rules_version="1",
                             veeva_dq_version="0.1.0", as_of="2024-04-30", selector="all",
                             engine="sqlite")
    store.finish_run(run_id, finished_at="2024-05-01T10:00:01+00:00", results=rules,
                     issues=iter(issues))
    return run_id


@pytest.fixture
def store(tmp_path: Path) -> Iterator[ResultStore]:
    conn = connect(tmp_path / "vdq.db")
    yield ResultStore(conn)
    conn.close()


def statuses(store: ResultStore, run_id: int, status: str | None = None
             ) -> list[tuple[str | None, str | None]]:
    return [(i.record_id, i.status) for i in store.issues(run_id, status=status)]


def test_key_recipe() -> None:
    text = "14:hcp_npi_format\x1f3:hcp\x1f2:H3\x1f10:npi_num__v"
    assert issue_key("hcp_npi_format", "hcp", "H3", "npi_num__v") == (
        hashlib.sha256(text.encode()).hexdigest()[:16]) == "0e450452b281e8f1"
    # NULL is not the empty string, and no value can pose as a separator.
    assert issue_key("r", "o", None, None) != issue_key("r", "o", "", None)
    assert issue_key("r", "o", None, "") != issue_key("r", "o", "", None)
    assert issue_key("r", "o", "a\x1f1:b", None) != issue_key("r", "o", "a", "b")


def test_a_key_the_run_holds_several_times(store: ResultStore) -> None:
    dup = [issue("u", "V-DUP", value=str(i)) for i in range(3)]
    one = store_run(store, [rule("u", 3)], dup)
    assert statuses(store, one) == [("V-DUP", "new")] * 3
    two = store_run(store, [rule("u", 4)], [*dup, issue("u", "V9")])
    assert statuses(store, two) == [("V-DUP", "open")] * 3 + [("V9", "new")]
    run = store.get_run(two)
    assert (run.new_issues, run.open_issues, run.resolved_issues) == (1, 3, 0)
    three = store_run(store, [rule("u", 0)], [])
    assert statuses(store, three, "resolved") == [("V-DUP", "resolved"), ("V9", "resolved")]
    assert store.get_run(three).resolved_issues == 2  # a key is resolved once
    assert store.rule_lifecycle(three)["u"].baseline_run_id == two


def test_statuses_are_right_when_another_store_completes_the_run(store: ResultStore) -> None:
    store_run(store, [rule("r", 2)], [issue("r", "A"), issue("r", "B")])
    run_id = store.start_run(started_at="t", rules_version="1", veeva_dq_version="0",
                             as_of="d", selector="all", engine="sqlite")
    store.begin()
    store.add_issues(run_id, [issue("r", "B"), issue("r", "C"), issue("r", "C", column=None)])
    other = ResultStore(store.conn)  # knows nothing of how the issues were stored
    other.complete_run(run_id, finished_at="t", results=[rule("r", 3)])
    assert statuses(store, run_id) == [("B", "open"), ("C", "new"), ("C", "new")]
    assert statuses(store, run_id, "resolved") == [("A", "resolved")]


def test_a_rule_first_run_later_is_all_new(store: ResultStore) -> None:
    store_run(store, [rule("r", 1)], [issue("r", "A")])
    second = store_run(store, [rule("r", 1), rule("s", 1)], [issue("r", "A"), issue("s", "A")])
    assert [(i.rule_id, i.status) for i in store.issues(second)] == [("r", "open"),
                                                                       ("s", "new")]
    lifecycle = store.rule_lifecycle(second)
    assert (lifecycle["s"].baseline_run_id, lifecycle["r"].baseline_run_id) == (None, 1)


def test_a_failed_run_stores_no_keys_and_is_skipped(store: ResultStore) -> None:
    first = store_run(store, [rule("r", 1)], [issue("r", "A")])
    failed = store.start_run(started_at="t", rules_version="1", veeva_dq_version="0",
                             as_of="d", selector="all", engine="sqlite")
    store.begin()
    store.add_issues(failed, [issue("r", "B")])
    store.fail_run(failed, finished_at="t", error="boom")
    third = store_run(store, [rule("r", 1)], [issue("r", "A")])
    assert store.rule_lifecycle(third)["r"].baseline_run_id == first
    assert statuses(store, third) == [("A", "open")]
    assert store.conn.execute(
        "SELECT count(*) FROM vdq_issue_key WHERE run_id = ?", (failed,)).fetchone() == (0,)


def _two_keys_with_one_prefix() -> tuple[str, str]:
    seen: dict[str, str] = {}
    for i in count():
        record = f"R{i}"
        prefix = issue_key("r", "hcp", record, "c")[:6]
        if prefix in seen:
            return seen[prefix], record
        seen[prefix] = record
    raise AssertionError("unreachable")


def test_key_prefixes(store: ResultStore) -> None:
    a, b = _two_keys_with_one_prefix()
    store_run(store, [rule("r", 2)], [issue("r", a), issue("r", b)])
    key_a = issue_key("r", "hcp", a, "c")
    with pytest.raises(IssueKeyError, match=f"Key prefix '{key_a[:6]}' matches 2 issues. Give"
                                            " more characters of the key."):
        store.find_issue_key(key_a[:6])
    assert store.find_issue_key(key_a.upper()) == key_a
    assert store.find_issue_key(f" {key_a} ") == key_a
    with pytest.raises(IssueKeyError, match="is not an issue key"):
        store.find_issue_key(key_a + "0")  # longer than any key


def test_export_by_status(store: ResultStore, tmp_path: Path) -> None:
    store_run(store, [rule("r", 2)], [issue("r", "A", "1"), issue("r", "B", "2")])
    run_id = store_run(store, [rule("r", 2)], [issue("r", "B", "3"), issue("r", "C", "4")])
    out = tmp_path / "x.csv"

    def exported(status: str | None) -> list[list[str]]:
        export_issues(store, run_id, ExportFormat.CSV, out, status=status, with_status=True)
        with out.open(newline="", encoding="utf-8") as fh:
            return [[r[0], r[5], r[7], r[9]] for r in list(csv.reader(fh))[1:]]

    two = str(run_id)
    assert exported(None) == [[two, "B", "3", "open"], [two, "C", "4", "new"]]
    assert exported("new") == [[two, "C", "4", "new"]]
    assert exported("open") == [[two, "B", "3", "open"]]
    assert exported("resolved") == [[two, "A", "1", "resolved"]]
    assert exported("all") == [[two, "B", "3", "open"], [two, "C", "4", "new"],
                               [two, "A", "1", "resolved"]]
    export_issues(store, run_id, ExportFormat.JSON, out, status="resolved",
                  with_status=True)
    assert json.loads(out.read_text(encoding="utf-8")) == [{
        "run_id": run_id, "rule_id": "r", "severity": "error", "dimension": "validity",
        "object": "hcp", "record_id": "A", "column": "c", "value": "1",
        "message": "A is bad", "status": "resolved", "issue_key": issue_key("r", "hcp", "A",
                                                                            "c"),
    }]
    out.write_text("keep", encoding="utf-8")
    with pytest.raises(ValueError, match="Unknown status 'closed'"):
        export_issues(store, run_id, ExportFormat.CSV, out, status="closed")
    assert out.read_text(encoding="utf-8") == "keep"


def test_console_and_json_show_the_lifecycle(store: ResultStore) -> None:
    store_run(store, [rule("r", 2)], [issue("r", "A"), issue("r", "B")])
    run_id = store_run(store, [rule("r", 2)], [issue("r", "B"), issue("r", "C")])
    buf = io.StringIO()
    render_console(store, run_id, Console(file=buf, width=80, force_terminal=False))
    lines = buf.getvalue().splitlines()
    assert lines[-2] == "Issues since the previous run of each rule: 1 new, 1 still open, 1" \
                        " resolved"
    assert lines[-1] == f"2 issues stored in run {run_id}."
    doc = run_to_json(store, run_id)
    assert (doc["run"]["new"], doc["run"]["open"], doc["run"]["resolved"]) == (1, 1, 1)
    assert [(r["new"], r["open"], r["resolved"]) for r in doc["rules"]] == [(1, 1, 1)]


def test_diff_of_a_run_with_itself_is_empty(store: ResultStore) -> None:
    run_id = store_run(store, [rule("r", 2)], [issue("r", "A"), issue("r", "B")])
    [d] = store.diff(run_id, run_id)
    assert (d.failed_a, d.failed_b, d.delta, d.new, d.resolved) == (2, 2, 0, 0, 0)


def test_the_key_table_holds_each_distinct_key_of_a_run_once(store: ResultStore) -> None:
    run_id = store_run(store, [rule("r", 3)], [issue("r", "A"), issue("r", "A"),
                                               issue("r", None)])
    rows = store.conn.execute(
        "SELECT issue_key, rule_id, issues, status FROM vdq_issue_key WHERE run_id = ?"
        " ORDER BY issues", (run_id,)).fetchall()
    assert rows == [(issue_key("r", "hcp", None, "c"), "r", 1, "new"),
                    (issue_key("r", "hcp", "A", "c"), "r", 2, "new")]
    # A key's entry points at its first row in stored order.
    firsts = store.conn.execute(
        "SELECT k.first_rowid = (SELECT min(rowid) FROM vdq_issue_row AS r"
        " WHERE r.issue_key = k.issue_key) FROM vdq_issue_key AS k WHERE k.run_id = ?",
        (run_id,)).fetchall()
    assert firsts == [(1,), (1,)]


def test_a_row_of_another_run_among_the_runs_issues(store: ResultStore) -> None:
    """Statuses, keys and counts of a run whose issue rows are not contiguous (a row of
    another run sits among them): exact new / open / resolved per rule and in total."""
    first = store_run(store, [rule("r", 2), rule("s", 1)],
                      [issue("r", "A"), issue("r", "B"), issue("s", "A")])
    run_id = store.start_run(started_at="t", rules_version="1", veeva_dq_version="0",
                             as_of="d", selector="all", engine="sqlite")
    store.begin()
    store.add_issues(run_id, [issue("r", "B"), issue("s", "A")])
    store.conn.execute(
        "INSERT INTO vdq_issue_row (head_id, record_id, value, message, issue_key)"
        " SELECT head_id, 'Z', value, 'm', '0000000000000000' FROM vdq_issue_row"
        " WHERE head_id IN (SELECT head_id FROM vdq_issue_head WHERE run_id = ?) LIMIT 1",
        (first,))
    store.add_issues(run_id, [issue("r", "C"), issue("t", "A")])
    store.complete_run(run_id, finished_at="t",
                       results=[rule("r", 2), rule("s", 1), rule("t", 1)])
    assert [(i.rule_id, i.record_id, i.status) for i in store.issues(run_id)] == [
        ("r", "B", "open"), ("s", "A", "open"), ("r", "C", "new"), ("t", "A", "new")]
    assert statuses(store, run_id, "resolved") == [("A", "resolved")]
    lifecycle = store.rule_lifecycle(run_id)
    assert {r: (c.counts.new, c.counts.open, c.counts.resolved) for r, c in lifecycle.items()
            if c.counts} == {"r": (1, 1, 1), "s": (0, 1, 0), "t": (1, 0, 0)}
    run = store.get_run(run_id)
    assert (run.issues, run.new_issues, run.open_issues, run.resolved_issues) == (4, 2, 2, 1)
    keys = store.conn.execute("SELECT count(*) FROM vdq_issue_key WHERE run_id = ?",
                              (run_id,)).fetchone()
    assert keys == (4,)
