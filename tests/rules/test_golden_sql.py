"""Golden SQL: what each rule kind compiles to per dialect, pinned in tests/golden/<dialect>/.

The conformance suite (tests/conformance) runs this SQL on every engine; these files pin its
text, so a compiler change shows up as a readable diff.

Run with UPDATE_GOLDEN=1 to rewrite the files after an intended compiler change, then read
the diff before committing it.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from sqlglot import exp

from tests.conftest import REPO
from veeva_dq.compile import (
    ChildrenCheck,
    CompileContext,
    DatasetCheck,
    ExistsCheck,
    GroupCheck,
    LookupCheck,
    RowCheck,
    children_failures_query,
    compile_rule,
    exists_failures_query,
    group_count_query,
    group_failures_query,
    lookup_counts_query,
    lookup_failures_query,
    row_failures_query,
    scan_query,
    shared_group_count_query,
)
from veeva_dq.engines._base import render_sql
from veeva_dq.model import Model
from veeva_dq.rules import Kind, Rule, load_pack

PACK = REPO / "tests" / "fixtures" / "golden_pack.yaml"
GOLDEN = REPO / "tests" / "golden"
DIALECTS = ("sqlite", "duckdb", "postgres", "spark")


def _rules(model: Model) -> list[Rule]:
    return list(load_pack(PACK, model).rules)


def render(rule: Rule, model: Model, dialect: str = "sqlite") -> str:
    check = compile_rule(rule, CompileContext(model=model, as_of=date(2026, 1, 15),
                                              dialect=dialect))
    key = model.object(rule.object).key
    trees: list[tuple[str, exp.Expr]] = []
    if isinstance(check, RowCheck):
        trees += [("scan", scan_query(rule.object, [check], dialect=dialect).query),
                  ("failures", row_failures_query(rule.object, key, [check]))]
    elif isinstance(check, GroupCheck):
        trees += [("count", group_count_query(rule.object, check)),
                  ("failures", group_failures_query(rule.object, key, check, dialect=dialect))]
    elif isinstance(check, ExistsCheck):
        trees += [("failures", exists_failures_query(
            rule.object, key, check, {"hcp", "hco", "npi_deactivation"},
            exists=dialect == "postgres"))]  # as validate builds it
    elif isinstance(check, LookupCheck):
        trees += [("counts", lookup_counts_query(rule.object, check)),
                  ("failures", lookup_failures_query(rule.object, key, check))]
    elif isinstance(check, ChildrenCheck):
        trees += [("failures", children_failures_query(rule.object, key, check))]
    else:
        assert isinstance(check, DatasetCheck)
        plan = scan_query(rule.object, [], aggregates=[(rule.id, check.metric)],
                          dialect=dialect)
        trees += [("scan", plan.query)]
    return "".join(f"-- {name}\n{render_sql(tree, dialect)};\n" for name, tree in trees)


def test_every_kind_has_a_golden_rule(model: Model) -> None:
    assert {r.kind for r in _rules(model)} == set(Kind)


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("rule_id", [r["id"] for r in __import__("yaml").safe_load(
    PACK.read_text("utf-8"))["rules"]])
def test_golden_sql(rule_id: str, dialect: str, model: Model) -> None:
    rule = next(r for r in _rules(model) if r.id == rule_id)
    got = render(rule, model, dialect)
    path: Path = GOLDEN / dialect / f"{rule_id}.sql"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(got, encoding="utf-8")
    assert path.exists(), f"no golden file {path}; run with UPDATE_GOLDEN=1"
    assert got == path.read_text("utf-8")


@pytest.mark.parametrize("dialect", DIALECTS)
def test_golden_shared_group_by(dialect: str, model: Model) -> None:
    """Two uniqueness rules over one key: one GROUP BY, each with its own filter."""
    rules = {r.id: r for r in _rules(model)}
    ctx = CompileContext(model=model, as_of=date(2026, 1, 15), dialect=dialect)
    plain = compile_rule(rules["g_unique"], ctx)
    assert isinstance(plain, GroupCheck)
    active = GroupCheck(plain.rule, exp.and_(plain.applies.copy(), exp.condition(
        "\"hcp_status__v\" = 'A'")), plain.keys)
    got = render_sql(shared_group_count_query("hcp", [plain, active]), dialect) + ";\n"
    path = GOLDEN / dialect / "shared_group_by.sql"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_text(got, encoding="utf-8")
    assert got == path.read_text("utf-8")


@pytest.mark.parametrize("dialect", ["duckdb", "postgres", "spark"])
def test_golden_issue_rows(dialect: str, model: Model) -> None:
    """Engines with SHA-256 build the stored issue rows (key and all) in the query."""
    from veeva_dq.compile._issues import issues_of, row_issues_of

    rules = {r.id: r for r in _rules(model)}
    ctx = CompileContext(model=model, as_of=date(2026, 1, 15), dialect=dialect)
    row = compile_rule(rules["g_not_null"], ctx)
    group = compile_rule(rules["g_unique"], ctx)
    assert isinstance(row, RowCheck) and isinstance(group, GroupCheck)
    # What validate runs: (rule ordinal, record id, value, key) for the store to add the
    # rule's head to.
    trees = [
        ("row issues", row_issues_of(row_failures_query("hcp", "vid__v", [row]), "vid__v",
                                     [row], dialect=dialect)),
        ("group issues", issues_of(group_failures_query("hcp", "vid__v", group), group.rule,
                                   dialect=dialect)),
    ]
    got = "".join(f"-- {name}\n{render_sql(tree, dialect)};\n" for name, tree in trees)
    path = GOLDEN / dialect / "issue_rows.sql"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_text(got, encoding="utf-8")
    assert got == path.read_text("utf-8")
