"""The compiler: one scan per object, checked expressions, quoting."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlglot import exp

from tests.conftest import insert
from veeva_dq.compile import CompileContext, ExpressionError, compile_rule, scan_query
from veeva_dq.compile._sqlexpr import parse_condition
from veeva_dq.db import quote_ident
from veeva_dq.engines import SqliteEngine
from veeva_dq.model import Model
from veeva_dq.rules import Dimension, Kind, Rule, Severity
from veeva_dq.validate import run_validation


def test_row_rules_of_one_object_share_one_scan(
    empty_db: tuple[Path, sqlite3.Connection], model: Model, builtin_rules: dict[str, Rule],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path, conn = empty_db
    insert(conn, "hcp", {"vid__v": "H1", "npi_num__v": "1234567890", "last_name__v": None})
    statements: list[str] = []
    real_run = SqliteEngine.run

    def recording(self: SqliteEngine, sql: str) -> Iterator[tuple[Any, ...]]:
        statements.append(sql)
        return real_run(self, sql)

    monkeypatch.setattr(SqliteEngine, "run", recording)
    hcp_rules = [r for r in builtin_rules.values() if r.object == "hcp"]
    run_validation(db=path, rules=hcp_rules, model=model, as_of=date(2026, 1, 1),
                   selector="hcp", rules_version="test", conn=conn)
    scans = [s for s in statements if s.startswith("SELECT COUNT(*)") and 'FROM "hcp"' in s]
    assert len(scans) == 1
    row_rules = [r for r in hcp_rules if r.kind.is_row_level]
    assert len(row_rules) == 16
    # One failure query for the failing row rules, not one per rule.
    failure_queries = [s for s in statements
                       if s.startswith('SELECT "vid__v", ') and " AS v0" in s]
    assert len(failure_queries) == 1
    # The other queries: one per uniqueness or cross-object rule.
    assert len(statements) == 2 + len(hcp_rules) - len(row_rules)


def test_identical_metrics_are_computed_once(model: Model, builtin_rules: dict[str, Rule]
                                              ) -> None:
    ctx = CompileContext(model=model, as_of=date(2026, 1, 1))
    checks = [compile_rule(builtin_rules[i], ctx) for i in
              ("hcp_npi_format", "hcp_npi_check_digit", "hcp_last_name_required")]
    from veeva_dq.compile import RowCheck

    row = [c for c in checks if isinstance(c, RowCheck)]
    plan = scan_query("hcp", row, [("hcp_npi_unique", checks[0].applies)])
    # COUNT(*), then format checked (COUNT of the NPI on SQLite), check-digit checked; last
    # name checked (TRUE) is the COUNT(*) itself. npi_unique's checked is the format rule's
    # checked metric, shared. Rows failed are counted by the failures query, not here.
    assert plan.checked["hcp_npi_unique"] == plan.checked["hcp_npi_format"] == 1
    assert plan.checked["hcp_last_name_required"] == 0
    assert len(plan.query.expressions) == 3
    assert plan.query.expressions[1].sql("sqlite") == 'COUNT("npi_num__v") AS m1'
    # Other dialects keep the portable SUM(CASE ...) for every condition.
    portable = scan_query("hcp", row, [("hcp_npi_unique", checks[0].applies)],
                          dialect="duckdb")
    assert len(portable.query.expressions) == 4
    assert portable.checked["hcp_last_name_required"] == 3


def test_pattern_compiles_to_glob_on_sqlite(model: Model, builtin_rules: dict[str, Rule]
                                            ) -> None:
    ctx = CompileContext(model=model, as_of=date(2026, 1, 1))
    check = compile_rule(builtin_rules["address_us_zip_format"], ctx)
    from veeva_dq.compile import RowCheck

    assert isinstance(check, RowCheck)
    assert check.applies.sql("sqlite") == (
        "\"country__v\" = 'US' AND NOT \"postal_code__v\" IS NULL")
    assert check.fails.sql("sqlite") == (
        "NOT (\"postal_code__v\" GLOB '[0-9][0-9][0-9][0-9][0-9]' OR \"postal_code__v\" GLOB"
        " '[0-9][0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9]')")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("npi_num__v IN (SELECT npi FROM npi_deactivation)", "contains a subquery"),
        ("last_name__v = 'x'; DROP TABLE hcp", "holds 2 statements"),
        ("load_extension('evil') = 1", "calls the function LOAD_EXTENSION"),
        ("no_such_column = 1", "names column 'no_such_column'"),
        ("hco.hco_status__v = 'I'", "refers to 'hco.hco_status__v'"),
        ("modified_date__v < :tomorrow", "uses ':tomorrow'"),
        ("last_name__v = 'a' -- comment\n OR 1 = 1", None),
    ],
)
def test_hostile_expressions_are_rejected(model: Model, text: str, message: str | None) -> None:
    columns = model.object("hcp").field_names
    if message is None:
        # A comment is harmless: the expression is parsed, so it cannot end the statement.
        tree = parse_condition(text, rule_id="r", columns=columns, params={"as_of": "x"})
        assert tree.sql("sqlite") == "\"last_name__v\" = 'a' OR 1 = 1"
        return
    with pytest.raises(ExpressionError, match="Rule 'r'") as info:
        parse_condition(text, rule_id="r", columns=columns, params={"as_of": "x"})
    assert message in str(info.value)


def test_values_and_identifiers_are_escaped(
    empty_db: tuple[Path, sqlite3.Connection], model: Model
) -> None:
    path, conn = empty_db
    hostile = 'x"); DROP TABLE hcp; --'
    conn.execute("ALTER TABLE hcp ADD COLUMN " + quote_ident(hostile) + " TEXT")
    insert(conn, "hcp", {"vid__v": "H1", hostile: "O'Brien"})
    rule = Rule(id="weird", object="hcp", kind=Kind.IN_SET, dimension=Dimension.VALIDITY,
                severity=Severity.ERROR, description="d", columns=("vid__v",),
                params={"values": ["a'b", 'c"d']})
    out = run_validation(db=path, rules=[rule], model=model, as_of=date(2026, 1, 1),
                         selector="x", rules_version="t", conn=conn)
    assert (out.results[0].checked, out.results[0].failed) == (1, 1)
    select = exp.select(exp.column(hostile, quoted=True)).from_("hcp").sql("sqlite")
    assert conn.execute(select).fetchone() == ("O'Brien",)
