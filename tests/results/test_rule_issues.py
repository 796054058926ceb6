"""Issue rows stored lean (head id, record id, value, key) read back with every column, the
message rebuilt from the head's message form exactly as `Rule.issue_message` builds it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import yaml

from veeva_dq.model import Model
from veeva_dq.results import ResultStore, RuleResult
from veeva_dq.rules import Rule, load_pack
from veeva_dq.validate import issue_head

STORED = ('SELECT run_id, rule_id, severity, dimension, object, record_id, "column", value,'
          " message, issue_key, status FROM vdq_issue ORDER BY rowid")
VALUES = [None, "", "plain", "O'Brien", "''", "Zoë Łódź 山田", "emoji 🩺", "{column}",
          "{value}", "{column} and {value}", "{{value}}", "tab\there", "line\nbreak",
          "nul\x00byte", "back\\slash", "a" * 300]


@pytest.fixture(scope="module")
def rules(model: Model, tmp_path_factory: pytest.TempPathFactory) -> list[Rule]:
    pack = tmp_path_factory.mktemp("pack") / "p.yaml"
    base = {"object": "hcp", "dimension": "validity", "severity": "error",
            "description": "Names are 'clean': no {value} or {column} here."}
    pack.write_text(yaml.safe_dump({"rules": [
        {**base, "id": "plain", "kind": "not_null", "column": "last_name__v"},
        {**base, "id": "templated", "kind": "not_null", "column": "first_name__v",
         "message": "Bad {column}: '{value}' ({value}) {value"},
        {**base, "id": "value_only", "kind": "not_null", "column": "first_name__v",
         "message": "{value}"},
        {**base, "id": "no_column", "kind": "expression",
         "params": {"fail_when": "last_name__v = 'x'"}},
        {**base, "id": "no_column_templated", "kind": "expression",
         "params": {"fail_when": "last_name__v = 'x'"}, "message": "[{column}] {value}"},
    ]}), "utf-8")
    return list(load_pack(pack, model).rules)


def _store() -> ResultStore:
    store = ResultStore(sqlite3.connect(":memory:", isolation_level=None))
    store.start_run(started_at="2026-01-01T00:00:00", rules_version="t", veeva_dq_version="t",
                    as_of="2026-01-01", selector="t", engine="duckdb")
    return store


def test_messages_are_rebuilt_byte_for_byte(rules: list[Rule]) -> None:
    store = _store()
    store.begin()
    heads = store.issue_heads(1, [issue_head(r) for r in rules])
    for n, r in enumerate(rules):  # head ids in the rows, or (as engines' rows) in the call
        rows = [(heads[r.id] if n % 2 else 0, f"V{i}", v, f"{i:016x}")
                for i, v in enumerate(VALUES)]
        stored = (store.add_issue_rows(1, rows) if n % 2
                  else store.add_issue_rows(1, rows, heads[r.id]))
        assert stored == len(VALUES)
    store.complete_run(1, finished_at="t", results=[
        RuleResult(r.id, r.object, r.dimension.value, r.severity.value, r.description,
                   len(VALUES), len(VALUES), False) for r in rules])
    assert store.conn.execute(STORED).fetchall() == [
        (1, r.id, "error", "validity", "hcp", f"V{i}", r.column, v, r.issue_message(v),
         f"{i:016x}", "new") for r in rules for i, v in enumerate(VALUES)]
    assert [i.message for i in store.issues(1)] == [
        r.issue_message(v) for r in rules for v in VALUES]


def test_rows_with_their_own_message_keep_it(rules: list[Rule]) -> None:
    """A row stored with a message (a dataset-level rule's sentence) reads back with it,
    beside rows of the same rule whose message comes from the head."""
    store = _store()
    store.begin()
    rule = rules[1]
    heads = store.issue_heads(1, [issue_head(rule)])
    store.add_issue_rows(1, [(heads[rule.id], "A", "x", "0000000000000001")])
    store.add_issues(1, [(rule.id, "error", "validity", "hcp", None, rule.column, "y",
                          "a sentence of its own")])
    store.add_issues(1, [(rule.id, "warning", "validity", "hcp", "B", None, None, "other")])
    store.complete_run(1, finished_at="t", results=[])
    assert [(i.severity, i.record_id, i.column, i.value, i.message)
            for i in store.issues(1)] == [
        ("error", "A", rule.column, "x", rule.issue_message("x")),
        ("error", None, rule.column, "y", "a sentence of its own"),
        ("warning", "B", None, None, "other")]
    assert store.get_run(1).issues == 3


def test_reads_of_a_rule_are_ranges_of_rows(rules: list[Rule], tmp_path: Path) -> None:
    """Rows of several rules interleaved in batches: each rule's rows, counts and limits
    come out in stored order."""
    store = _store()
    store.begin()
    heads = store.issue_heads(1, [issue_head(r) for r in rules[:3]])
    ids = list(heads.values())
    expected: dict[str, list[str]] = {r: [] for r in heads}
    for batch in range(6):
        rows = []
        for i in range(batch + 1):
            head = ids[(batch + i) % 3] if batch != 3 else ids[0]
            rows.append((head, f"R{batch}.{i}", None, f"{batch:08x}{i:08x}"))
            expected[rules[ids.index(head)].id].append(f"R{batch}.{i}")
        store.add_issue_rows(1, rows)
    store.complete_run(1, finished_at="t", results=[])
    for rule_id, records in expected.items():
        assert [i.record_id for i in store.issues(1, rule_id=rule_id)] == records
        assert [i.record_id for i in store.issues(1, rule_id=rule_id, limit=2)] == records[:2]
        assert store.count_issues(1, rule_id=rule_id) == len(records)
        assert store.count_issues(1, rule_id=rule_id, status="new") == len(records)
    assert store.count_issues(1) == 21
    assert [i.record_id for i in store.issues(1, limit=4)] == ["R0.0", "R1.0", "R1.1", "R2.0"]
