"""run_to_json and the ordering and formatting helpers every output shares."""

from __future__ import annotations

import json

import pytest

from tests.report.report_data import FINISHED, STARTED, make_run, rule
from veeva_dq.report import run_to_json
from veeva_dq.report._json import (
    duration_seconds,
    failing_rules,
    format_duration,
    format_pass_rate,
    format_score,
)
from veeva_dq.results import ResultStore, UnknownRunError


def test_json_top_level_and_run_keys_in_order(store: ResultStore, run_id: int) -> None:
    doc = run_to_json(store, run_id)
    assert list(doc) == ["run", "scores", "rules"]
    assert doc["run"] == {
        "run_id": run_id,
        "status": "complete",
        "started_at": STARTED,
        "finished_at": FINISHED,
        "as_of": "2024-04-30",
        "selector": "all",
        "engine": "sqlite",
        "source": "",  # the results database itself
        "rules_version": "2024.1",
        "veeva_dq_version": "0.1.0",
        "rules_run": 7,
        "rules_failed": 5,
        "issues": 29,
        "new": 29,  # the first run: every issue is new
        "open": 0,
        "resolved": 0,
    }
    assert list(doc["run"]) == [
        "run_id",
        "status",
        "started_at",
        "finished_at",
        "as_of",
        "selector",
        "engine",
        "source",
        "rules_version",
        "veeva_dq_version",
        "rules_run",
        "rules_failed",
        "issues",
        "new",
        "open",
        "resolved",
    ]
    assert list(doc["scores"]) == ["overall", "by_dimension", "by_object"]


def test_json_scores_pooled_over_checks(store: ResultStore, run_id: int) -> None:
    scores = run_to_json(store, run_id)["scores"]
    assert scores["overall"] == 83.73  # 100 * (590 - 96) / 590
    assert scores["by_dimension"] == {
        "completeness": 96.67,  # 145 / 150
        "integrity": None,  # nothing checked
        "timeliness": 97.5,
        "uniqueness": 70.0,
        "validity": 80.0,  # (200 + 100 - 60) / 300
    }
    assert scores["by_object"] == {
        "address": 75.0,
        "hco": 90.0,
        "hcp": 86.67,
        "license": 97.5,
        "parenthco": None,
    }


def test_json_rules(store: ResultStore, run_id: int) -> None:
    rules = run_to_json(store, run_id)["rules"]
    assert [r["rule_id"] for r in rules] == sorted(r["rule_id"] for r in rules)
    npi = next(r for r in rules if r["rule_id"] == "hcp.npi.format")
    assert npi == {
        "rule_id": "hcp.npi.format",
        "object": "hcp",
        "dimension": "validity",
        "severity": "error",
        "description": "Description of hcp.npi.format",
        "checked": 100,
        "failed": 10,
        "pass_rate": 0.9,
        "passed": False,
        "new": 10,
        "open": 0,
        "resolved": 0,
    }
    assert list(npi) == [
        "rule_id",
        "object",
        "dimension",
        "severity",
        "description",
        "checked",
        "failed",
        "pass_rate",
        "passed",
        "new",
        "open",
        "resolved",
    ]
    orphan = next(r for r in rules if r["rule_id"] == "parenthco.orphan")
    assert orphan["pass_rate"] is None
    assert orphan["passed"] is True


def test_json_is_serialisable_and_round_trips(store: ResultStore, run_id: int) -> None:
    doc = run_to_json(store, run_id)
    assert json.loads(json.dumps(doc)) == doc


def test_json_empty_run(store: ResultStore) -> None:
    empty = make_run(store, [], [])
    doc = run_to_json(store, empty)
    assert doc["scores"] == {"overall": None, "by_dimension": {}, "by_object": {}}
    assert doc["rules"] == []
    assert doc["run"]["rules_run"] == 0


def test_json_unknown_run(store: ResultStore) -> None:
    with pytest.raises(UnknownRunError):
        run_to_json(store, 99)


def test_failing_rules_order() -> None:
    rules = [
        rule("w.big", "hcp", "validity", "warning", 100, 90),
        rule("i.one", "hcp", "validity", "info", 100, 99),
        rule("e.small", "hcp", "validity", "error", 100, 1),
        rule("c.small", "hcp", "validity", "critical", 100, 2),
        rule("e.big", "hcp", "validity", "error", 100, 50),
        rule("c.big", "hcp", "validity", "critical", 100, 3),
        rule("x.odd", "hcp", "validity", "blocker", 100, 100),
        rule("ok", "hcp", "validity", "critical", 100, 0),
        rule("e.tie.b", "hcp", "validity", "ERROR", 100, 1),
    ]
    assert [r.rule_id for r in failing_rules(rules)] == [
        "c.big",
        "c.small",
        "e.big",
        "e.small",
        "e.tie.b",
        "w.big",
        "i.one",
        "x.odd",
    ]


def test_pass_rate_never_rounds_a_failure_away() -> None:
    assert format_pass_rate(rule("r", "hcp", "validity", "error", 1_000_000, 1)) == ">99.99%"
    assert format_pass_rate(rule("r", "hcp", "validity", "error", 1_000_000, 999_999)) == "<0.01%"
    assert format_pass_rate(rule("r", "hcp", "validity", "error", 8, 1)) == "87.50%"
    assert format_pass_rate(rule("r", "hcp", "validity", "error", 5, 5)) == "0.00%"
    assert format_pass_rate(rule("r", "hcp", "validity", "error", 0, 0)) == "n/a"
    assert format_score(None) == "n/a"
    assert format_score(83.7) == "83.70%"


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2024-05-01T10:00:00", "2024-05-01T10:00:02.250000", "2.2 s"),
        ("2024-05-01T10:00:00+00:00", "2024-05-01T10:01:05+00:00", "1 min 05 s"),
        ("2024-05-01T10:00:00+00:00", "2024-05-01T12:03:00+00:00", "2 h 03 min"),
        ("2024-05-01T10:00:00+00:00", "2024-05-01T11:00:00+01:00", "0.0 s"),
        ("2024-05-01T10:00:00", None, "n/a"),
        ("2024-05-01T10:00:00", "2024-05-01T10:00:00+00:00", "n/a"),  # naive vs aware
        ("not a time", "2024-05-01T10:00:00", "n/a"),
        ("2024-05-01T10:00:00", "2024-05-01T09:00:00", "n/a"),  # clock went back
    ],
)
def test_duration(start: str, end: str | None, expected: str) -> None:
    assert format_duration(duration_seconds(start, end)) == expected
