"""Shared fixtures: a fresh database with every object table, and the built-in rules."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlglot import exp

from veeva_dq.db import connect, ensure_bookkeeping, ensure_object_table
from veeva_dq.model import Model, load_model
from veeva_dq.rules import Rule, load_packs

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "data" / "samples"


@pytest.fixture(scope="session", autouse=True)
def _plan_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Plans are cached in a folder of the test session's own (command-line runs in
    subprocesses inherit it), never in the user's cache."""
    saved = os.environ.get("VDQ_CACHE_DIR")
    os.environ["VDQ_CACHE_DIR"] = str(tmp_path_factory.mktemp("vdq-cache"))
    yield
    if saved is None:
        os.environ.pop("VDQ_CACHE_DIR", None)
    else:
        os.environ["VDQ_CACHE_DIR"] = saved


@pytest.fixture(scope="session")
def model() -> Model:
    return load_model()


@pytest.fixture(scope="session")
def builtin_rules(model: Model) -> dict[str, Rule]:
    return {r.id: r for p in load_packs([], model) for r in p.rules}


@pytest.fixture
def empty_db(tmp_path: Path, model: Model) -> Iterator[tuple[Path, sqlite3.Connection]]:
    path = tmp_path / "vdq.db"
    conn = connect(path)
    ensure_bookkeeping(conn)
    for obj in model.objects.values():
        ensure_object_table(conn, obj)
    yield path, conn
    conn.close()


def insert(conn: sqlite3.Connection, table: str, row: dict[str, str | None]) -> None:
    """Insert one row; names are quoted by sqlglot, values bound as parameters."""
    target = exp.Schema(this=exp.Table(this=exp.to_identifier(table, quoted=True)),
                        expressions=[exp.to_identifier(c, quoted=True) for c in row])
    values = exp.Values(expressions=[exp.Tuple(expressions=[exp.Placeholder() for _ in row])])
    conn.execute(exp.Insert(this=target, expression=values).sql("sqlite"), list(row.values()))


@pytest.fixture(scope="session", autouse=True)
def _postgres_schema() -> Iterator[None]:
    """Drops the session's PostgreSQL schema (tests/postgres.py) if a test made one."""
    yield
    from tests.postgres import drop_schema

    drop_schema()


@pytest.fixture(scope="session", autouse=True)
def _spark_session() -> Iterator[None]:
    """Stops the session's shared SparkSession (tests/spark.py) if a test started it."""
    yield
    from tests.spark import stop

    stop()
