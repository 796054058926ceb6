"""Issue rows built in the engine's SQL equal the ones Python builds, byte for byte.

DuckDB, PostgreSQL and Spark build a stored issue's key and value text in the query
(`compile/_issues.py`); SQLite builds them in Python (`issue_key`). The lifecycle compares
keys across runs of different engines, so they must agree exactly. Messages are made from
the stored value when read (`tests/results/test_rule_issues.py`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
import yaml
from sqlglot import exp

from tests import postgres, spark
from veeva_dq.compile._issues import issue_columns
from veeva_dq.engines import Engine
from veeva_dq.engines._duckdb import DuckdbEngine
from veeva_dq.model import Model
from veeva_dq.results._lifecycle import issue_key
from veeva_dq.rules import Rule, load_pack

VALUES = [None, "", "plain", "O'Brien", "Zoë Łódź 山田", "emoji 🩺", "{column} and {value}",
          "tab\there", "line\nbreak", "'quoted'", "back\\slash", "a" * 300]
RECORD_IDS = [None, "V1", "vid with space", "Ünï", "🩺", "x'); DROP TABLE hcp; --"]


@pytest.fixture(scope="module")
def rules(model: Model, tmp_path_factory: pytest.TempPathFactory) -> list[Rule]:
    pack = tmp_path_factory.mktemp("pack") / "p.yaml"
    base = {"object": "hcp", "dimension": "validity", "severity": "error",
            "description": "Names are 'clean': no {value} here."}
    pack.write_text(yaml.safe_dump({"rules": [
        {**base, "id": "plain", "kind": "not_null", "column": "last_name__v"},
        {**base, "id": "templated", "kind": "not_null", "column": "first_name__v",
         "message": "Bad {column}: '{value}' ({value})"},
        {**base, "id": "no_column", "kind": "expression",
         "params": {"fail_when": "last_name__v = 'x'"}},
    ]}), "utf-8")
    return list(load_pack(pack, model).rules)


def _duckdb() -> Iterator[Engine]:
    engine = DuckdbEngine(duckdb.connect())
    yield engine
    engine.close()


def _postgres() -> Iterator[Engine]:
    from veeva_dq.engines._postgres import PostgresEngine

    postgres.require_server()
    engine = PostgresEngine.open(postgres.server_url())
    yield engine
    engine.close()


def _spark() -> Iterator[Engine]:
    from veeva_dq.engines._spark import SparkEngine

    yield SparkEngine(spark.session())


@pytest.fixture(params=["duckdb", "postgres", "spark"])
def engine(request: pytest.FixtureRequest) -> Iterator[Engine]:
    yield from {"duckdb": _duckdb, "postgres": _postgres, "spark": _spark}[request.param]()


def test_keys_and_values_match_python(engine: Engine, rules: list[Rule],
                                        tmp_path: Path) -> None:
    """Every (record id, value) pair as a row of a VALUES table, one query per rule, so that
    an engine with a high cost per query (Spark) runs three queries, not 216."""
    def text(v: str | None) -> exp.Expr:
        return exp.Cast(this=exp.Null() if v is None else exp.Literal.string(v),
                        to=exp.DataType.build("TEXT"))

    pairs = [(rid, value) for rid in RECORD_IDS for value in VALUES]
    names = [exp.to_identifier(n) for n in ("i", "rid", "val")]
    table = exp.Values(expressions=[
        exp.Tuple(expressions=[exp.Literal.number(i), text(rid), text(value)])
        for i, (rid, value) in enumerate(pairs)],
        alias=exp.TableAlias(this=exp.to_identifier("t"), columns=names))
    for rule in rules:
        query = exp.select(exp.column("i", "t"), *issue_columns(
            exp.column("rid", "t"), exp.column("val", "t"), rule, ordinal=7,
            dialect=engine.dialect)).from_(table.copy())
        rows = sorted(engine.query(query), key=lambda r: int(r[0]))
        assert len(rows) == len(pairs)
        for (_, *row), (rid, value) in zip(rows, pairs, strict=True):
            assert tuple(row) == (7, rid, value, issue_key(rule.id, "hcp", rid, rule.column)), (
                rule.id, rid, value)


def test_python_issue_rows_match_issue_key(rules: list[Rule]) -> None:
    """SQLite's issue rows are built in Python with the key's fixed parts prepared once per
    rule; they must equal `issue_key` too."""
    from veeva_dq.validate import _issue_maker

    for rule in rules:
        make = _issue_maker(rule, 7)
        for rid in RECORD_IDS:
            for value in VALUES:
                assert make(rid, value) == (7, rid, value,
                                            issue_key(rule.id, "hcp", rid, rule.column))
