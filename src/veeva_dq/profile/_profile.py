"""Profiling one object table inside the database: nulls, distinct values, shapes, ranges.

Each column is profiled by one statement built as a sqlglot syntax tree: a GROUP BY of the
column (materialized once) from which the statement derives null and blank counts, the
distinct count, length and value ranges, the top values and the value patterns. The
pattern function `vdq_pattern` is registered on every connection that profiles; it runs
once per distinct value, not once per row. Columns are independent, so they are profiled
in parallel on read-only connections to the same file. See docs/profiling.md.
"""

from __future__ import annotations

import sqlite3
import string
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlglot import exp

from veeva_dq.compile._sqlexpr import and_, col, is_not_null, lit, table
from veeva_dq.db import BOOKKEEPING, table_columns, table_exists
from veeva_dq.engines._base import workers_per_core
from veeva_dq.model import FieldType, Model
from veeva_dq.model._model import unknown_name

# What counts as blank: the characters not_null rules strip (space, tab, CR, LF, no-break
# space). A value made only of these is counted with the NULLs.
WHITESPACE = " \t\r\n\u00a0"
# A column with at most this many distinct values keeps all of them (for in_set rules).
SMALL_DOMAIN = 20
# How many patterns a column profile keeps, most frequent first.
TOP_PATTERNS = 5
PATTERN_FUNCTION = "vdq_pattern"
_DATE_GLOB = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]"
_PATTERN_TABLE = str.maketrans(
    {**dict.fromkeys(string.digits, "9"), **dict.fromkeys(string.ascii_letters, "A")}
)


class ProfileError(ValueError):
    """An object that cannot be profiled: no table, or a bad option. One sentence."""


def value_pattern(value: object) -> str | None:
    """The shape of a value: ASCII digits become 9, ASCII letters A, all else is kept."""
    if value is None:
        return None
    return str(value).translate(_PATTERN_TABLE)


@dataclass(frozen=True)
class ColumnProfile:
    """What one column holds. Every statistic except `nulls` is over present values.

    `nulls` counts NULL, empty and whitespace-only values; `blank` is the part of them that
    is not NULL (empty or whitespace-only text). `distinct`, `top_values`, `patterns`,
    lengths and min/max are over the other, present values. For date fields `min_value`
    and `max_value` are the earliest and latest real YYYY-MM-DD dates and `valid_dates`
    counts the present values that are real dates; for other fields it is None.
    `all_values` holds every distinct value with its count when there are at most
    SMALL_DOMAIN of them, else it is empty.
    """

    name: str
    field_type: str
    in_model: bool
    rows: int
    nulls: int
    blank: int
    distinct: int
    top_values: tuple[tuple[str, int], ...]
    patterns: tuple[tuple[str, int], ...]
    min_length: int | None
    max_length: int | None
    min_value: str | None
    max_value: str | None
    valid_dates: int | None = None
    all_values: tuple[tuple[str, int], ...] = ()

    @property
    def present(self) -> int:
        """Values that are neither NULL nor blank."""
        return self.rows - self.nulls

    @property
    def null_pct(self) -> float:
        return 100.0 * self.nulls / self.rows if self.rows else 0.0


@dataclass(frozen=True)
class ObjectProfile:
    object: str
    rows: int
    columns: tuple[ColumnProfile, ...]
    sample: int | None = None

    def column(self, name: str) -> ColumnProfile:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


def register_functions(conn: sqlite3.Connection) -> None:
    """Give the connection `vdq_pattern(text)`; deterministic, so SQLite may reuse results."""
    conn.create_function(PATTERN_FUNCTION, 1, value_pattern, deterministic=True)


def open_database(path: Path) -> sqlite3.Connection:
    """Open a database for reading only.

    The connection is opened read-only (`mode=ro`): it refuses writes, changes no journal
    setting and never checkpoints a WAL file into the database on close, so the database
    file is not modified. (A WAL database may get empty -wal and -shm files beside it.)
    """
    if not path.is_file():
        raise FileNotFoundError(
            f"Database '{path}' does not exist. Load data first with 'veeva-dq ingest'."
        )
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                           isolation_level=None, check_same_thread=False)
    try:
        conn.execute("PRAGMA query_only=ON")
        conn.execute("PRAGMA cache_size=-65536")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise ProfileError(f"Database '{path}' cannot be read: {exc}.") from None
    register_functions(conn)
    return conn


def loaded_objects(conn: sqlite3.Connection, model: Model) -> list[str]:
    """The model's objects whose table exists and holds at least one row, in model order."""
    out = []
    for name in model.objects:
        if table_exists(conn, name):
            probe = exp.select(lit(1)).from_(table(name)).limit(1)
            if conn.execute(probe.sql("sqlite")).fetchone() is not None:
                out.append(name)
    return out


def _trimmed(e: exp.Expr) -> exp.Expr:
    return exp.Trim(this=e.copy(), expression=lit(WHITESPACE))


def _is_real_date(e: exp.Expr) -> exp.Expr:
    """The date_valid rule's test: shaped YYYY-MM-DD and unchanged by SQLite's date()."""
    shape = exp.Glob(this=e.copy(), expression=lit(_DATE_GLOB))
    same = exp.EQ(this=exp.Anonymous(this="DATE", expressions=[e.copy(), lit("+0 days")]),
                  expression=e.copy())
    return and_(shape, exp.Coalesce(this=same, expressions=[exp.false()]))


def _source(obj: str, columns: Sequence[str], sample: int | None) -> exp.Expr:
    if sample is None:
        return table(obj)
    # The first `sample` rows in storage order, the same rows for every column.
    rows = exp.select(*[col(c) for c in columns]).from_(table(obj))
    return rows.order_by(exp.column("rowid")).limit(sample).subquery("s")


_WIDTH = 12  # columns of every row of the per-column statement


def _row(tag: str, *values: exp.Expr) -> list[exp.Expr]:
    padded = [lit(tag), *values]
    return padded + [exp.Null() for _ in range(_WIDTH - len(padded))]


def _v() -> exp.Column:
    return col("v")


def _n() -> exp.Column:
    return col("n")


def _count() -> exp.Expr:
    return exp.Count(this=exp.Star())


def column_query(name: str, source: exp.Expr, *, top: int, is_date: bool) -> exp.Query:
    """One statement for one column; rows tagged s (stats), v (top), p (pattern), a (all).

    `g` is the column's GROUP BY (value v, count n), materialized once; `k` the present
    values of it (neither NULL nor blank). Every part of the statement reads one of them.
    """
    grouped = (exp.select(exp.alias_(col(name), "v", quoted=True),
                          exp.alias_(_count(), "n", quoted=True))
               .from_(source.copy()).group_by(col(name)))
    present = (exp.select(_v(), _n()).from_(table("g"))
               .where(and_(is_not_null(_v()), exp.NEQ(this=_trimmed(_v()), expression=lit("")))))

    def when_real(what: exp.Expr) -> exp.Expr:
        return exp.Case(ifs=[exp.If(this=_is_real_date(_v()), true=what)])

    not_null_total = exp.Subquery(this=exp.select(exp.Sum(this=_n())).from_(table("g"))
                                  .where(is_not_null(_v())))
    date_stats: list[exp.Expr] = []
    if is_date:
        date_stats = [exp.Min(this=when_real(_v())), exp.Max(this=when_real(_v())),
                      exp.Sum(this=when_real(_n()))]
    stats = exp.select(*_row(
        "s", exp.Null(), _count(), exp.Sum(this=_n()), not_null_total,
        exp.Min(this=exp.Length(this=_v())), exp.Max(this=exp.Length(this=_v())),
        exp.Min(this=_v()), exp.Max(this=_v()), *date_stats,
    )).from_(table("k"))
    tops = (exp.select(*_row("v", _v(), _n())).from_(table("k"))
            .order_by(exp.Ordered(this=_n(), desc=True), _v()).limit(top))

    def pattern() -> exp.Expr:
        return exp.Anonymous(this=PATTERN_FUNCTION, expressions=[_v()])

    patterns = (exp.select(*_row("p", pattern(), exp.Sum(this=_n()))).from_(table("k"))
                .group_by(pattern())
                .order_by(exp.Ordered(this=exp.Sum(this=_n()), desc=True), pattern())
                .limit(TOP_PATTERNS))
    few = exp.LTE(this=exp.Subquery(this=exp.select(_count()).from_(table("k"))),
                  expression=lit(SMALL_DOMAIN))
    every = exp.select(*_row("a", _v(), _n())).from_(table("k")).where(few)
    parts: list[exp.Query] = [stats, every]
    if top > 0:
        parts.append(exp.select(exp.Star()).from_(tops.subquery("t")))
    parts.append(exp.select(exp.Star()).from_(patterns.subquery("q")))
    query = exp.union(*parts, distinct=False)
    return (query.with_("g", as_=grouped, materialized=True)
            .with_("k", as_=present, materialized=True))


def _by_count(pairs: list[tuple[str, int]]) -> tuple[tuple[str, int], ...]:
    """Most frequent first; ties broken by the value (code point order, as SQLite's)."""
    return tuple(sorted(pairs, key=lambda p: (-p[1], p[0])))


def _column_profile(name: str, field_type: str, in_model: bool, rows: int,
                    result: list[tuple[Any, ...]]) -> ColumnProfile:
    stats = next(r for r in result if r[0] == "s")
    (_, _, distinct, present, not_null, min_len, max_len, min_v, max_v,
     min_d, max_d, valid_d) = stats
    valid = None
    if field_type == FieldType.DATE.value:
        min_v, max_v, valid = min_d, max_d, int(valid_d or 0)
    present = int(present or 0)

    def pairs(tag: str) -> list[tuple[str, int]]:
        return [(str(r[1]), int(r[2])) for r in result if r[0] == tag]

    return ColumnProfile(
        name=name, field_type=field_type, in_model=in_model, rows=rows,
        nulls=rows - present, blank=int(not_null or 0) - present, distinct=int(distinct),
        top_values=_by_count(pairs("v")), patterns=_by_count(pairs("p")),
        min_length=None if min_len is None else int(min_len),
        max_length=None if max_len is None else int(max_len),
        min_value=None if min_v is None else str(min_v),
        max_value=None if max_v is None else str(max_v),
        valid_dates=valid, all_values=_by_count(pairs("a")),
    )


def _database_file(conn: sqlite3.Connection) -> str:
    for _, name, file in conn.execute("PRAGMA database_list").fetchall():
        if name == "main":
            return str(file or "")
    return ""


def _run_parallel(conn: sqlite3.Connection, queries: list[str], workers: int
                  ) -> list[list[tuple[Any, ...]]]:
    """Each query's rows; on reader connections of their own when the database is a file."""
    file = _database_file(conn)
    if workers <= 1 or len(queries) <= 1 or not file:
        register_functions(conn)
        return [conn.execute(q).fetchall() for q in queries]
    local = threading.local()
    opened: list[sqlite3.Connection] = []
    lock = threading.Lock()

    def run(query: str) -> list[tuple[Any, ...]]:
        reader = getattr(local, "conn", None)
        if reader is None:
            reader = local.conn = open_database(Path(file))
            with lock:
                opened.append(reader)
        return reader.execute(query).fetchall()

    try:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            return list(pool.map(run, queries))
    finally:
        for reader in opened:
            reader.close()


def profile_object(
    conn: sqlite3.Connection,
    model: Model,
    obj: str,
    *,
    top: int = 10,
    sample: int | None = None,
    workers: int | None = None,
) -> ObjectProfile:
    """Profile every column of the object's table (model fields and extra `__c` columns).

    `top` is how many most frequent values to keep per column; `sample` profiles only the
    first that many rows in storage order; `workers` is how many columns run at once
    (default: up to 4, one per CPU; 1 when the database is not a file).
    """
    if obj not in model.objects:
        raise ProfileError(unknown_name("object", obj, model.objects))
    if top < 0:
        raise ProfileError(f"top is {top}; it is how many values to show, 0 or more.")
    if sample is not None and sample < 1:
        raise ProfileError(f"sample is {sample}; it is a number of rows, 1 or more.")
    if not table_exists(conn, obj):
        raise ProfileError(
            f"Object '{obj}' has no table in the database. Load it with 'veeva-dq ingest'."
        )
    odef = model.objects[obj]
    names = [c for c in table_columns(conn, obj) if c not in BOOKKEEPING]
    source = _source(obj, names, sample)
    (rows,) = conn.execute(
        exp.select(exp.Count(this=exp.Star())).from_(source.copy()).sql("sqlite")
    ).fetchone()
    types = {f.name: f.type.value for f in odef.fields}
    queries = [
        column_query(n, source, top=top, is_date=types.get(n) == FieldType.DATE.value)
        .sql("sqlite")
        for n in names
    ]
    n_workers = workers if workers is not None else workers_per_core()
    results = _run_parallel(conn, queries, n_workers)
    columns = tuple(
        _column_profile(n, types.get(n, FieldType.TEXT.value), n in types, int(rows), r)
        for n, r in zip(names, results, strict=True)
    )
    return ObjectProfile(object=obj, rows=int(rows), columns=columns, sample=sample)


def profile_to_dict(profile: ObjectProfile) -> dict[str, Any]:
    """A JSON-ready mapping with a fixed key order (see docs/profiling.md)."""
    return {
        "object": profile.object,
        "rows": profile.rows,
        "sample": profile.sample,
        "columns": [
            {
                "name": c.name,
                "type": c.field_type,
                "in_model": c.in_model,
                "nulls": c.nulls,
                "null_pct": round(c.null_pct, 4),
                "blank": c.blank,
                "distinct": c.distinct,
                "min_length": c.min_length,
                "max_length": c.max_length,
                "min_value": c.min_value,
                "max_value": c.max_value,
                "valid_dates": c.valid_dates,
                "top_values": [{"value": v, "count": k} for v, k in c.top_values],
                "patterns": [{"pattern": p, "count": k} for p, k in c.patterns],
            }
            for c in profile.columns
        ],
    }
