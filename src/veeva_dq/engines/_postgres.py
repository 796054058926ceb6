"""PostgreSQL: a server reached by a URL (`postgresql://user@host:port/database`).

The tables are those of the URL's database in the first schema of its search_path (set one
with `?options=-csearch_path%3Dmyschema`). A psycopg connection is not for concurrent use, so
each worker opens its own connection (`cursor()`). Every connection is read-only
(`default_transaction_read_only`), and results stream through a server-side cursor.
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Iterator
from typing import Any

import psycopg
from sqlglot import exp

from veeva_dq.engines._base import BATCH_ROWS, batches, redact_url, render_sql

_names = itertools.count()


class PostgresEngine:
    name = "postgres"
    dialect = "postgres"

    def __init__(self, conn: psycopg.Connection[Any], url: str) -> None:
        self.conn = conn
        self._url = url

    @classmethod
    def open(cls, url: str) -> PostgresEngine:
        """A read-only connection to the database the URL names."""
        conn = psycopg.connect(url, autocommit=True)
        try:
            conn.execute("SET default_transaction_read_only = on")
        except psycopg.Error:
            conn.close()
            raise
        conn.autocommit = False
        return cls(conn, url)

    @property
    def location(self) -> str:
        return redact_url(self._url)

    def sql(self, tree: exp.Expr) -> str:
        return render_sql(tree, self.dialect)

    def query(self, tree: exp.Expr) -> Iterator[tuple[Any, ...]]:
        return self.run(self.sql(tree))

    def run(self, text: str) -> Iterator[tuple[Any, ...]]:
        try:
            with self.conn.cursor(name=f"vdq_{next(_names)}") as cur:
                cur.itersize = BATCH_ROWS
                cur.execute(text.encode())
                yield from batches(cur)
        finally:
            if not self.conn.closed:
                self.conn.rollback()  # read-only: ends the transaction, nothing to keep

    def _fetch(self, text: bytes, params: list[str] | None = None) -> list[tuple[Any, ...]]:
        try:
            return self.conn.execute(text, params).fetchall()
        finally:
            self.conn.rollback()

    def describe(self, tree: exp.Expr) -> list[str]:
        return [name for name, _ in self.describe_types(tree)]

    def describe_types(self, tree: exp.Expr) -> list[tuple[str, str]]:
        """The column names of a query's result with their types (`timestamp`, ...)."""
        from sqlglot import exp

        text = exp.select("*").from_(exp.Subquery(
            this=tree.copy(), alias=exp.TableAlias(this=exp.to_identifier("q")))).limit(0)
        try:
            cur = self.conn.execute(self.sql(text).encode())
            types = self.conn.adapters.types
            return [(str(d.name), getattr(types.get(d.type_code), "name", "")) for d in
                    cur.description or []]
        finally:
            self.conn.rollback()

    def tables(self) -> set[str]:
        rows = self._fetch(
            b"SELECT table_name FROM information_schema.tables"
            b" WHERE table_catalog = current_database() AND table_schema = current_schema()"
        )
        return {str(r[0]) for r in rows}

    def columns(self, table: str) -> list[str]:
        rows = self._fetch(
            b"SELECT column_name FROM information_schema.columns"
            b" WHERE table_catalog = current_database() AND table_schema = current_schema()"
            b" AND table_name = %s ORDER BY ordinal_position",
            [table],
        )
        return [str(r[0]) for r in rows]

    def cursor(self) -> PostgresEngine:
        """A worker's own connection to the same database and schema."""
        return PostgresEngine.open(self._url)

    def jobs_at_once(self, tables: Collection[str]) -> int | None:
        return None  # one job per core

    def interrupt(self) -> None:
        self.conn.cancel()  # safe from another thread; ends the running statement

    def close(self) -> None:
        self.conn.close()
