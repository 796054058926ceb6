"""Engines: where the compiled SQL runs. Each is mostly data: dialect, connection, shims.

`DuckdbEngine` (`veeva_dq.engines._duckdb`), `PostgresEngine` (`._postgres`) and `SparkEngine`
(`._spark`, which imports PySpark only when a session is started) are imported only when asked
for, so the SQLite path never loads DuckDB, psycopg or PySpark.
"""

from __future__ import annotations

from veeva_dq.engines._base import Engine
from veeva_dq.engines._sqlite import SqliteEngine

ENGINES = ("sqlite", "duckdb", "postgres", "spark")

__all__ = ["ENGINES", "Engine", "SqliteEngine"]
