"""SQLite, the embedded default engine."""

from __future__ import annotations

import functools
import re
import sqlite3
from collections.abc import Collection, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from veeva_dq.db import connect, table_columns
from veeva_dq.engines._base import batches, end_anchors, render_sql

if TYPE_CHECKING:
    from sqlglot import exp


@functools.lru_cache(maxsize=256)
def _compiled(pattern: str) -> re.Pattern[str]:
    """Python's `re`, made to agree with RE2 (DuckDB), Java (Spark) and PostgreSQL: ASCII
    classes (`\\d` is 0-9 only) and a `$` that matches only at the very end, not before a
    trailing newline (`end_anchors`)."""
    return re.compile(end_anchors(pattern, r"\Z"), re.ASCII)


def _regexp(pattern: str | None, value: Any) -> int | None:
    """SQLite calls regexp(pattern, value) for `value REGEXP pattern`; it has none built in."""
    if pattern is None or value is None:
        return None
    return 1 if _compiled(pattern).search(str(value)) else 0


def _simple_case(upper: bool) -> Any:
    """Unicode case mapping one character at a time, as DuckDB, PostgreSQL and Spark do:
    `ü` becomes `Ü`, and a character whose mapping would be longer (`ß` -> `SS`) stays."""

    def convert(value: Any) -> Any:
        if not isinstance(value, str):
            return value
        out = []
        for ch in value:
            mapped = ch.upper() if upper else ch.lower()
            out.append(mapped if len(mapped) == 1 else ch)
        return "".join(out)

    return convert


# SQLite's UPPER and LOWER fold ASCII letters only. Text with a character beyond ASCII goes
# to the Unicode-aware function instead; ASCII text keeps the fast built-in. Text is ASCII
# when its length in characters equals its length in bytes (UTF-8): two native counts, much
# cheaper than a GLOB for a character outside \x01-\x7f, which parses its class at every
# position. length() stops at a NUL character, so text holding one also takes the
# Unicode-aware function, which gives the right answer for any text.


def _beyond_ascii(value: exp.Expr) -> exp.Expr:
    from sqlglot import exp

    return exp.NEQ(this=exp.Length(this=value.copy()), expression=exp.Length(
        this=exp.Cast(this=value.copy(), to=exp.DataType.build("BLOB"))))


def unicode_case(node: exp.Expr) -> exp.Expr:
    from sqlglot import exp

    if isinstance(node, exp.Upper | exp.Lower) and not node.meta.get("vdq_ascii"):
        name = "vdq_upper" if isinstance(node, exp.Upper) else "vdq_lower"
        fast = type(node)(this=node.this.copy())
        fast.meta["vdq_ascii"] = True
        return exp.Case(ifs=[exp.If(
            this=_beyond_ascii(node.this),
            true=exp.Anonymous(this=name, expressions=[node.this.copy()]))], default=fast)
    return node


class SqliteEngine:
    name = "sqlite"
    dialect = "sqlite"

    def __init__(self, conn: sqlite3.Connection, path: Path | None = None) -> None:
        self.conn = conn
        self._path = path
        # Registered once per connection; deterministic lets SQLite cache per-row results.
        conn.create_function("regexp", 2, _regexp, deterministic=True)
        conn.create_function("vdq_upper", 1, _simple_case(True), deterministic=True)
        conn.create_function("vdq_lower", 1, _simple_case(False), deterministic=True)

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
        return render_sql(tree, self.dialect)

    def query(self, tree: exp.Expr) -> Iterator[tuple[Any, ...]]:
        return self.run(self.sql(tree))

    def run(self, sql: str) -> Iterator[tuple[Any, ...]]:
        cur = self.conn.execute(sql)
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

    def jobs_at_once(self, tables: Collection[str]) -> int | None:
        return None  # one job per core

    def interrupt(self) -> None:
        self.conn.interrupt()

    def close(self) -> None:
        self.conn.close()
