"""The SparkSession the tests share: one per test session, `local[2]`, started on first use.

It is started the way `--engine spark` starts one (`start_session`), so the tests run with the
settings users get. A test that needs it skips when Spark cannot start (no PySpark, no Java),
except under `CI=true`, where it fails: CI must never pass by skipping. Each test loads its
tables as temporary views; `load_views` drops the previous test's first.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from typing import TYPE_CHECKING, Any

import pytest
from sqlglot import exp

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

MASTER = "local[2]"
_state: dict[str, Any] = {}


def session() -> SparkSession:
    """The shared session; skips (fails under CI=true) when Spark cannot start."""
    if "error" not in _state:
        from veeva_dq.engines._spark import SparkUnavailable, start_session

        try:
            _state["session"], _, _state["warehouse"] = start_session(MASTER)
            _state["error"] = ""
        except SparkUnavailable as exc:
            _state["error"] = str(exc)
    if _state["error"]:
        reason = f"Spark ({MASTER}) cannot start: {_state['error']}"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason} (CI=true: a test needing Spark may not skip)")
        pytest.skip(reason)
    spark: SparkSession = _state["session"]
    return spark


def drop_views(spark: SparkSession) -> None:
    for row in spark.sql("SHOW TABLES").collect():
        if row["isTemporary"]:
            spark.catalog.dropTempView(row["tableName"])


def load_views(source: sqlite3.Connection) -> SparkSession:
    """Every table of the SQLite database (but the vdq_ bookkeeping) as a temporary view of
    the same name, every column a string, in place of the previous test's views."""
    from veeva_dq.engines import SqliteEngine

    spark = session()
    drop_views(spark)
    names = [str(r[0]) for r in source.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'vdq%'")]
    for name in names:
        cols = SqliteEngine(source).columns(name)
        select = exp.select(*[exp.column(c, quoted=True) for c in cols]).from_(
            exp.Table(this=exp.to_identifier(name, quoted=True)))
        rows = source.execute(select.sql("sqlite")).fetchall()
        spark.sql(_rows_sql(cols, rows)).createOrReplaceTempView(name)
    return spark


def _rows_sql(cols: list[str], rows: list[tuple[Any, ...]]) -> str:
    """The rows as a query of string columns: VALUES (literals escaped by sqlglot), or no
    row at all. A query is analysed, not run, so a view costs no Spark job to create."""
    text = exp.DataType.build("STRING")

    def value(v: Any) -> exp.Expr:
        return exp.Cast(this=exp.Null() if v is None else exp.Literal.string(str(v)),
                        to=text.copy())

    names = [exp.to_identifier(c, quoted=True) for c in cols]
    if not rows:
        return exp.select(*[exp.alias_(value(None), n) for n in names]).where(
            exp.false()).sql("spark")
    values = exp.Values(expressions=[exp.Tuple(expressions=[value(v) for v in r])
                                     for r in rows],
                        alias=exp.TableAlias(this=exp.to_identifier("t"), columns=names))
    return exp.select(*[exp.column(n.name, quoted=True) for n in names]).from_(values).sql(
        "spark")


def stop() -> None:
    spark = _state.pop("session", None)
    if spark is not None:
        spark.stop()
    warehouse = _state.pop("warehouse", None)
    if warehouse:
        shutil.rmtree(warehouse, ignore_errors=True)
    _state.pop("error", None)
