"""Issue rows built in the engine's SQL equal the ones Python builds, byte for byte.

DuckDB, PostgreSQL and Spark build a stored issue's key and message in the query
(`compile/_issues.py`); SQLite builds them in Python (`issue_key`, `Rule.issue_message`).
The lifecycle compares keys across runs of different engines, so they must agree exactly.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
import yaml
from sqlglot import exp

from tests import postgres
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


@pytest.fixture(params=["duckdb", "postgres"])
def engine(request: pytest.FixtureRequest) -> Iterator[Engine]:
    yield from (_duckdb() if request.param == "duckdb" else _postgres())


def test_keys_and_messages_match_python(engine: Engine, rules: list[Rule],
                                        tmp_path: Path) -> None:
    for rule in rules:
        for rid in RECORD_IDS:
            for value in VALUES:
                def text(v: str | None) -> exp.Expr:
                    return exp.Null() if v is None else exp.Literal.string(v)

                cols = issue_columns(rule, text(rid), text(value), run_id=7, status="new",
                                     dialect=engine.dialect)
                (row,) = list(engine.query(exp.select(*cols)))
                assert row == (7, rule.id, "error", "validity", "hcp", rid, rule.column,
                               value, rule.issue_message(value),
                               issue_key(rule.id, "hcp", rid, rule.column), "new"), (
                    rule.id, rid, value)


def test_python_issue_rows_match_issue_key(rules: list[Rule]) -> None:
    """SQLite's issue rows are built in Python with the key's fixed parts prepared once per
    rule; they must equal `issue_key` and `Rule.issue_message` too."""
    from veeva_dq.validate import _issue_maker

    for rule in rules:
        make = _issue_maker(rule, 7, "open")
        for rid in RECORD_IDS:
            for value in VALUES:
                assert make(rid, value) == (
                    7, rule.id, "error", "validity", "hcp", rid, rule.column, value,
                    rule.issue_message(value), issue_key(rule.id, "hcp", rid, rule.column),
                    "open")
