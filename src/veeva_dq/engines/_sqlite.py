"""SQLite, the embedded default engine."""

from __future__ import annotations

import functools
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlglot import exp

from veeva_dq.db import connect, table_columns
from veeva_dq.engines._base import batches


@functools.lru_cache(maxsize=256)
def _compiled(pattern: str) -> re.Pattern[str]:
    """Python's `re`, made to agree with RE2 (DuckDB, Spark) and PostgreSQL: ASCII classes
    (`\\d` is 0-9 only) and a final `$` that matches only at the very end, not before a
    trailing newline."""
    if pattern.endswith("$"):
        body = pattern[:-1]
        if (len(body) - len(body.rstrip("\\"))) % 2 == 0:  # the `$` is not escaped
            pattern = body + r"\Z"
    return re.compile(pattern, re.ASCII)


def _regexp(pattern: str | None, value: Any) -> int | None:
    """SQLite calls regexp(pattern, value) for `value REGEXP pattern`; it has none built in."""
    if pattern is None or value is None:
        return None
    return 1 if _compiled(pattern).search(str(value)) else 0


class SqliteEngine:
    name = "sqlite"
    dialect = "sqlite"

    def __init__(self, conn: sqlite3.Connection, path: Path | None = None) -> None:
        self.conn = conn
        self._path = path
        # Registered once per connection; deterministic lets SQLite cache per-row results.
        conn.create_function("regexp", 2, _regexp, deterministic=True)

    @property
    def path(self) -> Path:
        """The database file (asked of the connection when not given)."""
        if self._path is None:
            main = [r[2] for r in self.conn.execute("PRAGMA database_list") if r[1] == "main"]
            if not main or not main[0]:
                raise ValueError("An in-memory SQLite database cannot be opened by workers.")
            self._path = Path(main[0])
        return self._path

    @property
    def location(self) -> str:
        return str(self.path)

    def sql(self, tree: exp.Expr) -> str:
        return tree.sql(dialect=self.dialect)

    def query(self, tree: exp.Expr) -> Iterator[tuple[Any, ...]]:
        cur = self.conn.execute(self.sql(tree))
        yield from batches(cur)

    def describe(self, tree: exp.Expr) -> list[str]:
        cur = self.conn.execute(self.sql(tree))
        try:
            return [str(d[0]) for d in cur.description]
        finally:
            cur.close()

    def tables(self) -> set[str]:
        rows = self.conn.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')"
        ).fetchall()
        return {str(r[0]) for r in rows}

    def columns(self, table: str) -> list[str]:
        return table_columns(self.conn, table)

    def cursor(self) -> SqliteEngine:
        """A reader on its own connection (WAL lets it read beside the one writer)."""
        return SqliteEngine(connect(self.path, create=False), self.path)

    def interrupt(self) -> None:
        self.conn.interrupt()

    def close(self) -> None:
        self.conn.close()
