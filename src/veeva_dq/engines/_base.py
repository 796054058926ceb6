"""The engine interface: what validation needs from a database, and nothing more."""

from __future__ import annotations

import os
from collections.abc import Collection, Iterator
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import parse_qsl, unquote, urlsplit, urlunsplit

if TYPE_CHECKING:
    from sqlglot import exp


def workers_per_core() -> int:
    """One worker per core this process may run on (`taskset`, a container's cpuset), up
    to 4: how many queries run at once unless an engine or the user says otherwise."""
    affinity = getattr(os, "sched_getaffinity", None)
    cores = len(affinity(0)) if affinity is not None else os.cpu_count() or 1
    return max(1, min(4, cores))


class Engine(Protocol):
    """Where compiled SQL runs: a dialect to render in, and a connection to run it on.

    `cursor()` gives an engine for another thread over the same database (a new SQLite
    connection, a DuckDB cursor); validation runs each worker on its own. `close()` ends such
    a worker engine; `interrupt()` aborts the statement it is running, from any thread.
    """

    name: str
    dialect: str

    @property
    def location(self) -> str:
        """What the user named to reach the data (a file path, a URL), for messages."""
        ...

    def sql(self, tree: exp.Expr) -> str: ...

    def query(self, tree: exp.Expr) -> Iterator[tuple[Any, ...]]: ...

    def run(self, sql: str) -> Iterator[tuple[Any, ...]]:
        """Rows of SQL already rendered for this engine (by `sql()`, perhaps in an earlier
        run: see veeva_dq._plan)."""
        ...

    def describe(self, tree: exp.Expr) -> list[str]:
        """The column names of a query's result, without fetching its rows."""
        ...

    def tables(self) -> set[str]: ...

    def columns(self, table: str) -> list[str]: ...

    def cursor(self) -> Engine: ...

    def jobs_at_once(self, tables: Collection[str]) -> int | None:
        """How many of a plan's jobs over these tables validation runs at once unless told
        (`--jobs`); None: one per core, up to 4. An engine that spreads each query over
        every core says 1 where the tables are large enough for that."""
        ...

    def interrupt(self) -> None: ...

    def close(self) -> None: ...


def url_passwords(url: str) -> list[str]:
    """Every password a connection URL carries: in `user:password@` and as `password=` in its
    query (libpq takes both), as written and percent-decoded."""
    parts = urlsplit(url)
    found = [] if parts.password is None else [parts.password]
    found += [v for k, v in parse_qsl(parts.query, keep_blank_values=True)
              if k.lower() == "password" and v]
    return [*found, *(unquote(p) for p in found if unquote(p) != p)]


def redact_url(url: str) -> str:
    """The URL without its passwords, for messages and the stored run."""
    parts = urlsplit(url)
    if parts.password is not None:
        host = parts.netloc.rpartition("@")[2]
        parts = parts._replace(netloc=f"{parts.username or ''}:***@{host}")
    if parts.query:
        pairs = [pair.partition("=") for pair in parts.query.split("&")]
        parts = parts._replace(query="&".join(
            f"{k}=***" if sep and k.lower() == "password" else k + sep + v
            for k, sep, v in pairs))
    return urlunsplit(parts)


def redact(message: str, url: str) -> str:
    """`message` with every password of `url` replaced by ***."""
    for password in sorted(url_passwords(url), key=len, reverse=True):
        message = message.replace(password, "***")
    return message


def _sqlite_like(node: exp.Expr) -> exp.Expr:
    """SQLite's LIKE ignores ASCII case; DuckDB's and PostgreSQL's do not. ILIKE gives the
    SQLite answer, which is the answer every engine must give."""
    from sqlglot import exp

    if isinstance(node, exp.Like):
        return exp.ILike(this=node.this, expression=node.expression)
    return node


def render_sql(tree: exp.Expr, dialect: str) -> str:
    """The SQL an engine of this dialect runs for a compiled tree."""
    from sqlglot import exp

    if dialect == "sqlite":
        from veeva_dq.engines._sqlite import unicode_case
        from veeva_dq.engines._sqlite_regex import native_regexps

        return tree.transform(native_regexps).transform(unicode_case).sql(dialect="sqlite")
    if dialect == "spark":
        from veeva_dq.engines._spark import spark_shims

        return tree.transform(_sqlite_like).transform(spark_shims).sql(dialect="spark")
    if tree.find(exp.Like) is None:
        return tree.sql(dialect=dialect)  # nothing to rewrite: no copy of the whole tree
    return tree.transform(_sqlite_like).sql(dialect=dialect)


def end_anchors(pattern: str, end: str) -> str:
    """The pattern with every `$` that is an anchor (not escaped, not inside a character
    class) spelled `end`: RE2's `$` is the very end of the text, while Python's and Java's
    also match before a final newline (`\\Z` in Python and `\\z` in Java do not)."""
    out: list[str] = []
    i, in_class = 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            # A `]` first in a class (after an optional `^`) is a literal, not its end.
            start = i + 1 + (pattern[i + 1:i + 2] == "^")
            if pattern[start:start + 1] == "]":
                out.append(pattern[i:start + 1])
                i = start + 1
                continue
        elif ch == "$":
            out.append(end)
            i += 1
            continue
        out.append(ch)
        i += 1
    return "".join(out)


BATCH_ROWS = 10_000


def batches(cursor: Any) -> Iterator[tuple[Any, ...]]:
    """Rows of an executed DB-API cursor, fetched BATCH_ROWS at a time (bounded memory)."""
    while True:
        rows = cursor.fetchmany(BATCH_ROWS)
        if not rows:
            return
        yield from rows
