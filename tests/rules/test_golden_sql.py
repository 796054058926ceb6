"""Golden SQL: what each rule kind compiles to on SQLite, pinned in tests/golden/sqlite/.

Run with UPDATE_GOLDEN=1 to rewrite the files after an intended compiler change, then read
the diff before committing it.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

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
)
from veeva_dq.model import Model
from veeva_dq.rules import Kind, Rule, load_pack

PACK = REPO / "tests" / "fixtures" / "golden_pack.yaml"
GOLDEN = REPO / "tests" / "golden" / "sqlite"


def _rules(model: Model) -> list[Rule]:
    return list(load_pack(PACK, model).rules)


def render(rule: Rule, model: Model) -> str:
    check = compile_rule(rule, CompileContext(model=model, as_of=date(2026, 1, 15)))
    key = model.object(rule.object).key
    parts: list[tuple[str, str]] = []
    if isinstance(check, RowCheck):
        parts += [("scan", scan_query(rule.object, [check]).query.sql("sqlite")),
                  ("failures", row_failures_query(rule.object, key, [check]).sql("sqlite"))]
    elif isinstance(check, GroupCheck):
        parts += [("count", group_count_query(rule.object, check).sql("sqlite")),
                  ("failures", group_failures_query(rule.object, key, check).sql("sqlite"))]
    elif isinstance(check, ExistsCheck):
        parts += [("failures", exists_failures_query(
            rule.object, key, check, {"hcp", "hco", "npi_deactivation"}).sql("sqlite"))]
    elif isinstance(check, LookupCheck):
        parts += [("counts", lookup_counts_query(rule.object, check).sql("sqlite")),
                  ("failures", lookup_failures_query(rule.object, key, check).sql("sqlite"))]
    elif isinstance(check, ChildrenCheck):
        parts += [("failures", children_failures_query(rule.object, key, check).sql("sqlite"))]
    else:
        assert isinstance(check, DatasetCheck)
        plan = scan_query(rule.object, [], aggregates=[(rule.id, check.metric)])
        parts += [("scan", plan.query.sql("sqlite"))]
    return "".join(f"-- {name}\n{sql};\n" for name, sql in parts)


def test_every_kind_has_a_golden_rule(model: Model) -> None:
    assert {r.kind for r in _rules(model)} == set(Kind)


@pytest.mark.parametrize("rule_id", [r["id"] for r in __import__("yaml").safe_load(
    PACK.read_text("utf-8"))["rules"]])
def test_golden_sql(rule_id: str, model: Model) -> None:
    rule = next(r for r in _rules(model) if r.id == rule_id)
    got = render(rule, model)
    path: Path = GOLDEN / f"{rule_id}.sql"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_text(got, encoding="utf-8")
    assert path.exists(), f"no golden file {path}; run with UPDATE_GOLDEN=1"
    assert got == path.read_text("utf-8")
