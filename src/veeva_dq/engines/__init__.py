"""Engines: where the compiled SQL runs. Each is mostly data: dialect, connection, shims."""

from __future__ import annotations

from veeva_dq.engines._sqlite import SqliteEngine

__all__ = ["SqliteEngine"]
