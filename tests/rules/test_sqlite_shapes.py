"""SQLite-specific query shapes give the same rows as the portable ones."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlglot import exp

from tests.conftest import insert
from veeva_dq.compile import CompileContext, GroupCheck, compile_rule, group_failures_query
from veeva_dq.engines import SqliteEngine
from veeva_dq.engines._base import render_sql
from veeva_dq.model import Model
from veeva_dq.rules import Dimension, Kind, Rule, Severity
from veeva_dq.validate import _row_estimate


def _unique(columns: tuple[str, ...], **params: object) -> Rule:
    return Rule(id="u", object="hcp", kind=Kind.UNIQUE, dimension=Dimension.UNIQUENESS,
                severity=Severity.ERROR, description="d", columns=columns, params=dict(params))


@pytest.fixture
def engine(empty_db: tuple[Path, sqlite3.Connection]) -> Iterator[SqliteEngine]:
    yield SqliteEngine(empty_db[1], empty_db[0])


def _failures(engine: SqliteEngine, model: Model, rule: Rule, dialect: str | None
              ) -> list[tuple[object, ...]]:
    check = compile_rule(rule, CompileContext(model=model, as_of=date(2026, 1, 1)))
    assert isinstance(check, GroupCheck)
    return sorted(engine.query(group_failures_query("hcp", "vid__v", check, dialect=dialect)))


NPI = _unique(("npi_num__v",))
NPI_NAME = _unique(("npi_num__v", "last_name__v"), normalize=["last_name__v"])
REPEATS = [("H1", "1234567893", "Smith"), ("H2", "1234567893", "SMITH "),
           ("H3", "1234567893", None), ("H4", "1245319599", "Müller"),
           ("H5", "1245319599", "MÜLLER"), ("H6", None, "x")]


@pytest.mark.parametrize(("rows", "by_npi", "by_npi_name"), [
    ([], [], []),
    ([("H1", "1234567893", "Smith"), ("H2", "1245319599", "smith ")], [], []),
    (REPEATS,
     [("H1", "1234567893"), ("H2", "1234567893"), ("H3", "1234567893"),
      ("H4", "1245319599"), ("H5", "1245319599")],
     # H1/H2 repeat once trimmed and upper-cased, H4/H5 once ü is folded (the Unicode path)
     [("H1", "1234567893 / Smith"), ("H2", "1234567893 / SMITH "),
      ("H4", "1245319599 / Müller"), ("H5", "1245319599 / MÜLLER")]),
], ids=["empty", "no repeats", "repeats"])
def test_guarded_join_back_finds_the_same_rows(
    engine: SqliteEngine, model: Model, rows: list[tuple[str, str | None, str | None]],
    by_npi: list[tuple[str, str]], by_npi_name: list[tuple[str, str]],
) -> None:
    for vid, npi, name in rows:
        insert(engine.conn, "hcp", {"vid__v": vid, "npi_num__v": npi, "last_name__v": name})
    for rule, expected in ((NPI, by_npi), (NPI_NAME, by_npi_name)):
        assert _failures(engine, model, rule, "sqlite") == expected
        assert _failures(engine, model, rule, None) == expected


def test_guarded_join_back_shape(model: Model) -> None:
    check = compile_rule(NPI, CompileContext(model=model, as_of=date(2026, 1, 1)))
    assert isinstance(check, GroupCheck)
    sql = render_sql(group_failures_query("hcp", "vid__v", check, dialect="sqlite"), "sqlite")
    assert sql.startswith("WITH d AS MATERIALIZED (SELECT")
    assert 'FROM "hcp" AS t CROSS JOIN d ON' in sql
    assert "WHERE EXISTS(SELECT 1 FROM d) AND" in sql
    portable = render_sql(group_failures_query("hcp", "vid__v", check), "duckdb")
    assert "EXISTS" not in portable and "WITH" not in portable


@pytest.mark.parametrize(("value", "upper"), [
    ("abc", "ABC"), ("müller", "MÜLLER"), ("a\x00ü", "A\x00Ü"), ("straße", "STRAßE"),
    ("", ""), (None, None), (12, "12"),
])
def test_upper_takes_the_unicode_path_exactly_beyond_ascii(engine: SqliteEngine,
                                                           value: object, upper: object) -> None:
    tree = exp.select(exp.Upper(this=exp.Placeholder(this="v")))
    (got,) = engine.conn.execute(render_sql(tree, "sqlite"), {"v": value}).fetchone()
    assert got == upper


def test_row_estimate(engine: SqliteEngine) -> None:
    assert _row_estimate(engine, "hcp") == 1  # empty: the least estimate
    for i in range(3):
        insert(engine.conn, "hcp", {"vid__v": f"H{i}"})
    assert _row_estimate(engine, "hcp") == 3
    engine.conn.execute('CREATE VIEW "hcp view" AS SELECT * FROM hcp')
    assert _row_estimate(engine, "hcp view") == 1  # a view has no rowid of its own
