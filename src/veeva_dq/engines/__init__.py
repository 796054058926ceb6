"""Engines: where the compiled SQL runs. Each is mostly data: dialect, connection, shims.

`DuckdbEngine` lives in `veeva_dq.engines._duckdb` and is imported only when asked for, so
the SQLite path never loads DuckDB.
"""

from __future__ import annotations

from veeva_dq.engines._base import Engine
from veeva_dq.engines._sqlite import SqliteEngine

ENGINES = ("sqlite", "duckdb")

__all__ = ["ENGINES", "Engine", "SqliteEngine"]
