"""Engines: where the compiled SQL runs. Each is mostly data: dialect, connection, shims.

`DuckdbEngine` (`veeva_dq.engines._duckdb`) and `PostgresEngine` (`._postgres`) are imported
only when asked for, so the SQLite path never loads DuckDB or psycopg.
"""

from __future__ import annotations

from veeva_dq.engines._base import Engine
from veeva_dq.engines._sqlite import SqliteEngine

ENGINES = ("sqlite", "duckdb", "postgres")

__all__ = ["ENGINES", "Engine", "SqliteEngine"]
