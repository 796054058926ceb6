"""Kinds beyond the built-in pack: NULL policies, numbers, date order, children, row counts,
freshness and anomalies against run history."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from tests.conftest import insert
from veeva_dq.cli import app
from veeva_dq.model import Model
from veeva_dq.rules import Rule, load_pack
from veeva_dq.validate import run_validation


def rules_from(tmp_path: Path, model: Model, *specs: dict[str, object]) -> list[Rule]:
    pack = tmp_path / "p.yaml"
    base = {"dimension": "validity", "severity": "error", "description": "d"}
    pack.write_text(yaml.safe_dump({"rules": [{**base, **s} for s in specs]}), encoding="utf-8")
    return list(load_pack(pack, model).rules)


def run(path: Path, conn: sqlite3.Connection, model: Model, rules: list[Rule],
        as_of: date = date(2026, 1, 15)) -> dict[str, tuple[int, int, set[str | None]]]:
    out = run_validation(db=path, rules=rules, model=model, as_of=as_of, selector="t",
                         rules_version="t", conn=conn)
    issues: dict[str, set[str | None]] = {r.rule_id: set() for r in out.results}
    for rule_id, record in conn.execute(
            "SELECT rule_id, record_id FROM vdq_issue WHERE run_id = ?", (out.run_id,)):
        issues[rule_id].add(record)
    return {r.rule_id: (r.checked, r.failed, issues[r.rule_id]) for r in out.results}


@pytest.fixture
def db(empty_db: tuple[Path, sqlite3.Connection]) -> tuple[Path, sqlite3.Connection]:
    path, conn = empty_db
    for vid, npi, mod, ordinal in [("H1", "1234567893", "2025-12-31", "1"),
                                   ("H2", None, "2020-01-01", "2"),
                                   ("H3", "bad", "2019-05-05", None)]:
        insert(conn, "hcp", {"vid__v": vid, "npi_num__v": npi, "modified_date__v": mod,
                             "last_name__v": "X"})
        if ordinal:
            insert(conn, "address", {"vid__v": f"A{vid}", "entity_vid__v": vid,
                                     "address_ordinal__v": ordinal})
    return path, conn


def test_null_policies(db: tuple[Path, sqlite3.Connection], model: Model, tmp_path: Path) -> None:
    path, conn = db
    spec = {"object": "hcp", "kind": "pattern", "column": "npi_num__v",
            "params": {"formats": ["9999999999"]}}
    rules = rules_from(tmp_path, model, {"id": "skip", **spec},
                       {"id": "pass", **spec, "nulls": "pass"},
                       {"id": "fail", **spec, "nulls": "fail"})
    assert run(path, conn, model, rules) == {
        "skip": (2, 1, {"H3"}), "pass": (3, 1, {"H3"}), "fail": (3, 2, {"H2", "H3"})}


@pytest.mark.parametrize(("value", "fails"), [
    ("5", False), ("1", False), ("9", False), ("9.0", False), ("+3", False), ("0", True),
    ("10", True), ("-1", True), ("x", True), ("1.2.3", True), ("3-", True), ("", True),
    (" 5", True),
])
def test_numeric_range(value: str, fails: bool, empty_db: tuple[Path, sqlite3.Connection],
                       model: Model, tmp_path: Path) -> None:
    path, conn = empty_db
    insert(conn, "address", {"vid__v": "A1", "address_ordinal__v": value})
    rules = rules_from(tmp_path, model, {"id": "r", "object": "address", "kind": "range",
                                         "column": "address_ordinal__v",
                                         "params": {"min": 1, "max": 9}})
    assert run(path, conn, model, rules)["r"] == (1, int(fails), {"A1"} if fails else set())


def test_date_order(empty_db: tuple[Path, sqlite3.Connection], model: Model,
                    tmp_path: Path) -> None:
    path, conn = empty_db
    for vid, exp_date in [("L1", "2026-01-01"), ("L2", "2025-12-31"), ("L3", "2025-13-01"),
                          ("L4", None)]:
        insert(conn, "license", {"vid__v": vid, "expiration_date__v": exp_date})
    # Compare expiration with itself shifted: a constant column stands in for the second date.
    conn.execute("ALTER TABLE license ADD COLUMN issue_date__c TEXT")
    conn.execute("UPDATE license SET issue_date__c = '2026-01-01'")
    from veeva_dq.model import load_model

    ext = tmp_path / "m.yaml"
    ext.write_text("objects:\n  license:\n    fields:\n      issue_date__c: {type: date}\n",
                   encoding="utf-8")
    m = load_model(ext)
    strict = {"object": "license", "kind": "date_order",
              "columns": ["issue_date__c", "expiration_date__v"]}
    rules = rules_from(tmp_path, m, {"id": "loose", **strict},
                       {"id": "strict", **strict, "params": {"allow_equal": False}})
    assert run(path, conn, m, rules) == {"loose": (2, 1, {"L2"}),
                                         "strict": (2, 2, {"L1", "L2"})}


def test_children_and_a_missing_child_table(db: tuple[Path, sqlite3.Connection], model: Model,
                                          tmp_path: Path) -> None:
    path, conn = db
    rules = rules_from(
        tmp_path, model,
        {"id": "has_address", "object": "hcp", "kind": "children",
         "params": {"child": "address", "min": 1}},
        {"id": "has_license", "object": "hcp", "kind": "children",
         "params": {"child": "license", "min": 1}},
        {"id": "one_primary", "object": "hcp", "kind": "children",
         "params": {"child": "address", "max": 0, "child_when": "address_ordinal__v = '1'"}})
    conn.execute("DROP TABLE license")
    # A child table that does not exist is not an empty one: the rule that reads it is
    # skipped (named in `missing`), rather than failing every HCP for having no license.
    assert run(path, conn, model, rules) == {
        "has_address": (3, 1, {"H3"}),
        "one_primary": (3, 1, {"H1"}),
    }
    out = run_validation(db=path, rules=rules, model=model, as_of=date(2026, 1, 15),
                         selector="t", rules_version="t", conn=conn)
    assert out.missing == (("license", ("has_license",)),)


def test_row_count_and_freshness(db: tuple[Path, sqlite3.Connection], model: Model,
                                 tmp_path: Path) -> None:
    path, conn = db
    rules = rules_from(
        tmp_path, model,
        {"id": "enough", "object": "hcp", "kind": "row_count", "params": {"min": 3}},
        {"id": "too_few", "object": "hcp", "kind": "row_count", "params": {"min": 4}},
        {"id": "fresh", "object": "hcp", "kind": "freshness", "column": "modified_date__v",
         "params": {"max_age_days": 15}},
        {"id": "stale", "object": "hcp", "kind": "freshness", "column": "modified_date__v",
         "params": {"max_age_days": 14}})
    assert run(path, conn, model, rules) == {
        "enough": (1, 0, set()), "too_few": (1, 1, {None}),
        "fresh": (1, 0, set()), "stale": (1, 1, {None})}
    msg = conn.execute("SELECT message FROM vdq_issue WHERE rule_id = 'stale'").fetchone()[0]
    assert msg == ("The newest modified_date__v is 2025-12-31; the rule wants one on or after"
                   " 2026-01-01 (14 days before 2026-01-15).")


def test_anomaly_against_history(empty_db: tuple[Path, sqlite3.Connection], model: Model,
                                 tmp_path: Path) -> None:
    path, conn = empty_db
    rules = rules_from(tmp_path, model,
                       {"id": "volume", "object": "hcp", "kind": "anomaly",
                        "params": {"metric": "row_count"}},
                       {"id": "email_gaps", "object": "hcp", "kind": "anomaly",
                        "column": "email_1__v", "params": {"metric": "null_rate"}})
    results = []
    n = 0
    # Row counts 100, 102, 98, 101 build the history; then 60 is a drop, 99 is normal.
    for size in (100, 102, 98, 101, 60, 99):
        while n < size:
            n += 1
            insert(conn, "hcp", {"vid__v": f"H{n}", "email_1__v": "a@b.org"})
        while n > size:
            conn.execute("DELETE FROM hcp WHERE vid__v = ?", (f"H{n}",))
            n -= 1
        results.append(run(path, conn, model, rules))
    volume = [r["volume"][:2] for r in results]
    assert volume == [(0, 0), (0, 0), (0, 0), (1, 0), (1, 1), (1, 0)]
    # The null rate stays 0 every time: a flat history, no change, no failure.
    assert [r["email_gaps"][:2] for r in results] == [(0, 0)] * 3 + [(1, 0)] * 3
    msg = conn.execute("SELECT message FROM vdq_issue WHERE rule_id = 'volume'").fetchone()[0]
    # median 100.5, MAD 1.0: z = 40.5 / 1.4826 = 27.3
    assert msg == ("row_count of hcp is 60; robust z 27.3 against the median 100.5 of 4 runs"
                   " (40.3% change).")


def test_lint_lists_every_problem(tmp_path: Path) -> None:
    pack = tmp_path / "bad.yaml"
    pack.write_text(yaml.safe_dump({"rules": [
        {"id": "a", "object": "hpc", "kind": "not_null", "column": "x", "dimension": "validity",
         "severity": "error", "description": "d"},
        {"id": "b", "object": "hcp", "kind": "not_null", "column": "last_name__v",
         "dimension": "validty", "severity": "error", "description": "d"},
        {"id": "hcp_npi_format", "object": "hcp", "kind": "not_null",
         "column": "last_name__v", "dimension": "validity", "severity": "eror",
         "description": "d"},
    ]}), encoding="utf-8")
    res = CliRunner().invoke(app, ["rules", "lint", str(pack)])
    out = " ".join(res.output.split())
    assert res.exit_code == 2
    assert "rules[0] (id a).object: Unknown object 'hpc'. Did you mean hcp?" in out
    assert "rules[1] (id b).dimension is 'validty'." in out
    assert "Did you mean validity?" in out
    assert "rules[2] (id hcp_npi_format).severity is 'eror'." in out
    assert "3 problem(s) in 1 file(s)." in out


def test_project_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "team.yaml").write_text(yaml.safe_dump({"name": "team", "rules": [
        {"id": "team_rule", "object": "hcp", "kind": "not_null", "column": "email_1__v",
         "dimension": "completeness", "severity": "info", "description": "d"}]}),
        encoding="utf-8")
    (tmp_path / "veeva-dq.yaml").write_text(
        "database: db/team.db\nrules:\n  - rules/\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    res = runner.invoke(app, ["rules", "list", "--rule", "team_rule"])
    assert res.exit_code == 0, res.output
    assert "team_rule" in res.output
    res = runner.invoke(app, ["validate", "--no-progress"])
    assert res.exit_code == 2
    assert "db/team.db' does not exist" in " ".join(res.output.split())
    (tmp_path / "veeva-dq.yaml").write_text("databse: x\n", encoding="utf-8")
    res = runner.invoke(app, ["rules", "list"])
    assert res.exit_code == 2
    assert "Unknown key 'databse'. Did you mean database?" in " ".join(res.output.split())


def test_unique_null_policies(empty_db: tuple[Path, sqlite3.Connection], model: Model,
                              tmp_path: Path) -> None:
    path, conn = empty_db
    for vid, npi in [("H1", "1"), ("H2", "1"), ("H3", None), ("H4", None), ("H5", "2")]:
        insert(conn, "hcp", {"vid__v": vid, "npi_num__v": npi})
    spec = {"object": "hcp", "kind": "unique", "column": "npi_num__v"}
    rules = rules_from(tmp_path, model, {"id": "skip", **spec},
                       {"id": "pass", **spec, "nulls": "pass"},
                       {"id": "fail", **spec, "nulls": "fail"})
    # Two NULLs are never duplicates of each other; with nulls: fail each NULL fails alone.
    assert run(path, conn, model, rules) == {
        "skip": (3, 2, {"H1", "H2"}), "pass": (5, 2, {"H1", "H2"}),
        "fail": (5, 4, {"H1", "H2", "H3", "H4"})}


def test_lint_reports_independent_problems_of_one_rule_at_once(tmp_path: Path) -> None:
    pack = tmp_path / "two.yaml"
    pack.write_text(
        "name: two\nrules:\n"
        "  - {id: b-1, object: hcp, kind: not_null, column: last_nam__v, severity: eror,"
        " dimension: validty, description: d, nulls: maybe}\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["rules", "lint", str(pack)])
    out = " ".join(res.output.split())
    assert res.exit_code == 2
    for words in ("id 'b-1' is not allowed", "Did you mean last_name__v?",
                  "Did you mean error?", "Did you mean validity?",
                  "Unknown NULL policy 'maybe'", "5 problem(s) in 1 file(s)."):
        assert words in out


def test_pack_name_selects_its_rules_and_composite_keys_are_reported_whole(
    empty_db: tuple[Path, sqlite3.Connection], model: Model, tmp_path: Path
) -> None:
    path, conn = empty_db
    for vid in ("H1", "H2"):
        insert(conn, "hcp", {"vid__v": vid, "first_name__v": "Ann", "last_name__v": "Lee"})
    pack = tmp_path / "team.yaml"
    pack.write_text(yaml.safe_dump({"name": "team", "rules": [
        {"id": "same_name", "object": "hcp", "kind": "unique",
         "columns": ["first_name__v", "last_name__v"], "dimension": "uniqueness",
         "severity": "warning", "description": "First and last name together are unique."}]}),
        encoding="utf-8")
    res = CliRunner().invoke(app, ["validate", "--rules", str(pack), "--rule", "team", "--db",
                                   str(path), "--no-progress"])
    assert res.exit_code == 0, res.output
    issues = conn.execute("SELECT record_id, value, message FROM vdq_issue ORDER BY 1")
    assert issues.fetchall() == [
        ("H1", "Ann / Lee", "Fails same_name (first_name__v is 'Ann / Lee'): First and last name"
         " together are unique."),
        ("H2", "Ann / Lee", "Fails same_name (first_name__v is 'Ann / Lee'): First and last name"
         " together are unique."),
    ]


def test_uniqueness_rules_over_one_key_share_one_group_by(
        empty_db: tuple[Path, sqlite3.Connection], model: Model, tmp_path: Path) -> None:
    path, conn = empty_db
    for vid, npi, status, last in [("H1", "1", "A", "X"), ("H2", "1", "I", "X"),
                                   ("H3", "1", "A", "Y"), ("H4", "2", "A", "X"),
                                   ("H5", "2", "I", "X"), ("H6", "3", "A", "X")]:
        insert(conn, "hcp", {"vid__v": vid, "npi_num__v": npi, "hcp_status__v": status,
                             "last_name__v": last})
    spec = {"object": "hcp", "kind": "unique", "column": "npi_num__v"}
    rules = rules_from(tmp_path, model, {"id": "all", **spec},
                       {"id": "active", **spec, "when": "hcp_status__v = 'A'"},
                       {"id": "names", **spec, "params": {"distinct": "last_name__v"}},
                       {"id": "names_active", **spec, "when": "hcp_status__v = 'A'",
                        "params": {"distinct": "last_name__v"}})
    out = run_validation(db=path, rules=rules, model=model, as_of=date(2026, 1, 15),
                         selector="t", rules_version="t", conn=conn)
    assert sorted(label for label, _ in out.timings if label.startswith("group")) == [
        "group all, active", "group names, names_active"]
    # Each rule answers as it would alone: its own filter, its own notion of a repeat.
    assert run(path, conn, model, rules) == {
        "all": (6, 5, {"H1", "H2", "H3", "H4", "H5"}),
        "active": (4, 2, {"H1", "H3"}),
        "names": (6, 3, {"H1", "H2", "H3"}),
        "names_active": (4, 2, {"H1", "H3"})}
    for r in rules:
        assert run(path, conn, model, [r])[r.id] == run(path, conn, model, rules)[r.id]


def test_timings_name_the_query_phase_and_the_store(
        empty_db: tuple[Path, sqlite3.Connection], model: Model, tmp_path: Path) -> None:
    path, conn = empty_db
    insert(conn, "hcp", {"vid__v": "H1", "npi_num__v": "1"})
    rules = rules_from(tmp_path, model, {"id": "npi_unique", "object": "hcp", "kind": "unique",
                                         "column": "npi_num__v"})
    out = run_validation(db=path, rules=rules, model=model, as_of=date(2026, 1, 15),
                         selector="t", rules_version="t", conn=conn)
    phases = sorted(label for label, _ in out.timings if label.startswith(("queries", "store")))
    assert phases == ["queries: every job, first sent to last issue stored",
                      "store: issue lifecycle and commit",
                      "store: write issues (beside the queries)"]
    (whole,) = [s for label, s in out.timings if label.startswith("queries")]
    jobs = [s for label, s in out.timings if not label.startswith(("queries", "store", "plan"))]
    assert jobs and whole >= max(jobs)
    # Before any query: the plan, compiled here (the rules are new to this cache).
    assert [label for label, _ in out.timings if label.startswith("plan")] == [
        "plan: compile the rules"]
