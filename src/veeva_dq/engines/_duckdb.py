"""DuckDB: the embedded columnar engine, over a database file or an open connection.

Validation only reads the source, so a file is opened read-only. A DuckDB connection is not
shared between threads: each worker gets its own cursor (`con.cursor()`), a connection to
the same database.

DuckDB on its own lets itself use 80% of the machine's memory; validation caps it at 1 GB
(`DEFAULT_MEMORY_LIMIT`), so that a run's memory does not depend on the machine: at 10M
HCPs the whole process peaked at 1.4 GB capped and 4.2 GB uncapped, and the capped run was
faster (139 s against 189 s, back to back on 2 cores). `VDQ_DUCKDB_MEMORY_LIMIT` (DuckDB's
syntax: `1GB`, `1500MB`) sets another cap, `none` leaves DuckDB's own. What does not fit
(GROUP BY and join hash tables) spills to a temporary folder of the system's, since the
database file's own folder may not be writable.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Collection, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from veeva_dq.engines._base import batches, render_sql

if TYPE_CHECKING:
    from sqlglot import exp

MEMORY_LIMIT_VARIABLE = "VDQ_DUCKDB_MEMORY_LIMIT"
DEFAULT_MEMORY_LIMIT = "1GB"


def connect_config() -> dict[str, str | bool | int | float | list[str]]:
    """DuckDB settings for a validation connection (see the module docstring)."""
    limit = os.environ.get(MEMORY_LIMIT_VARIABLE, "").strip() or DEFAULT_MEMORY_LIMIT
    if limit.lower() == "none":
        return {}
    spill = Path(tempfile.gettempdir()) / "veeva-dq-duckdb"
    return {"memory_limit": limit, "temp_directory": str(spill)}


_ROW_GROUP = 122_880  # rows per DuckDB row group, its unit of parallel work


class DuckdbEngine:
    name = "duckdb"
    dialect = "duckdb"

    def __init__(self, con: duckdb.DuckDBPyConnection, location: str = ":memory:") -> None:
        self.con = con
        self._location = location

    @classmethod
    def open(cls, path: Path, *, read_only: bool = True) -> DuckdbEngine:
        if not path.exists():
            raise FileNotFoundError(f"DuckDB database '{path}' does not exist.")
        if path.is_dir():
            raise ValueError(f"'{path}' is a folder; --source names a DuckDB database file.")
        return cls(duckdb.connect(str(path), read_only=read_only, config=connect_config()),
                   str(path))

    @property
    def location(self) -> str:
        return self._location

    def sql(self, tree: exp.Expr) -> str:
        return render_sql(tree, self.dialect)

    def query(self, tree: exp.Expr) -> Iterator[tuple[Any, ...]]:
        return self.run(self.sql(tree))

    def run(self, sql: str) -> Iterator[tuple[Any, ...]]:
        """Runs the query now, in the calling thread (DuckDB computes the whole result in
        `execute`), and returns its rows to fetch batch by batch. Validation calls this
        outside the lock its workers take to fetch rows into Python, so one worker's query
        never holds up another's fetch or the storing of issues."""
        return batches(self.con.execute(sql))

    def describe(self, tree: exp.Expr) -> list[str]:
        return [name for name, _ in self.describe_types(tree)]

    def describe_types(self, tree: exp.Expr) -> list[tuple[str, str]]:
        """The column names of a query's result with their types (`TIMESTAMP`, ...)."""
        rel = self.con.sql(self.sql(tree))
        return [(str(c), str(t)) for c, t in zip(rel.columns, rel.types, strict=True)]

    def file_relation(self, path: Path, fmt: str) -> exp.Expr:
        """A Parquet or CSV file, or a folder of them, as a table function over the files.

        CSV is read with every column as text and the header as names; a folder is read
        whole, recursively (`folder/**/*.parquet`), its parts' columns matched by name.
        """
        from sqlglot import exp

        target = str(path / "**" / f"*.{fmt}") if path.is_dir() else str(path)
        # Parts of one folder may differ in columns (a column added later): they are
        # matched by name, and a part without a column reads it as NULL.
        by_name = exp.EQ(this=exp.column("union_by_name"), expression=exp.true())
        if fmt == "parquet":
            func = exp.Anonymous(this="read_parquet", expressions=[
                exp.Literal.string(target), by_name])
        else:
            from veeva_dq.engines._source import csv_delimiter

            func = exp.Anonymous(this="read_csv", expressions=[
                exp.Literal.string(target),
                exp.EQ(this=exp.column("header"), expression=exp.true()),
                exp.EQ(this=exp.column("all_varchar"), expression=exp.true()),
                exp.EQ(this=exp.column("delim"), expression=exp.Literal.string(
                    csv_delimiter(str(path)))),
                exp.EQ(this=exp.column("quote"), expression=exp.Literal.string('"')),
                exp.EQ(this=exp.column("escape"), expression=exp.Literal.string('"')),
                by_name,
            ])
        return exp.Table(this=func)

    # The catalog functions, not information_schema: its views take some 15 ms to plan
    # the first time in a process, the functions under one. Same tables, views and columns.
    def tables(self) -> set[str]:
        rows = self.con.execute(
            "SELECT table_name FROM duckdb_tables()"
            " WHERE database_name = current_database() AND schema_name = current_schema()"
            " UNION ALL SELECT view_name FROM duckdb_views()"
            " WHERE database_name = current_database() AND schema_name = current_schema()"
            " AND NOT internal"
        ).fetchall()
        return {str(r[0]) for r in rows}

    def columns(self, table: str) -> list[str]:
        rows = self.con.execute(
            "SELECT column_name FROM duckdb_columns()"
            " WHERE database_name = current_database() AND schema_name = current_schema()"
            " AND table_name = ? ORDER BY column_index",
            [table],
        ).fetchall()
        return [str(r[0]) for r in rows]

    def cursor(self) -> DuckdbEngine:
        return DuckdbEngine(self.con.cursor(), self._location)

    def jobs_at_once(self, tables: Collection[str]) -> int | None:
        """One job at a time when a table is large: DuckDB then runs each query on all its
        threads, and two at once only contend for the cores and the memory cap (10M HCPs,
        2 cores, back to back: 51.7 s and 53.8 s one at a time, 54.7 s and 57.4 s two at
        once). A query works on a row group (122,880 rows) per thread, so over a smaller
        table it runs on fewer threads than there are, and jobs side by side keep the cores
        busy (100k HCPs: 0.35 to 0.38 s two at once, 0.40 s one at a time; 1M HCPs 4.3 to
        4.5 s against 4.4 to 4.7 s). Large: at least 8 row groups per thread, or a size
        DuckDB does not know (a view, files)."""
        wanted = set(tables)
        if not wanted:
            return 1
        found = dict(self.con.execute(
            "SELECT table_name, estimated_size FROM duckdb_tables()"
            " WHERE database_name = current_database() AND schema_name = current_schema()"
        ).fetchall())
        if not wanted <= found.keys():
            return 1
        (threads,) = self.con.execute("SELECT current_setting('threads')").fetchone() or (1,)
        largest = max(int(found[t] or 0) for t in wanted)
        return 1 if largest >= _ROW_GROUP * 8 * max(1, int(threads)) else None

    def interrupt(self) -> None:
        self.con.interrupt()

    def close(self) -> None:
        self.con.close()
