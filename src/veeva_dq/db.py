"""The SQLite source database: connection, identifier quoting, object tables.

Every object table holds its values as TEXT, exactly as read, keyed by the object's key
(`vid__v`). Two bookkeeping columns record where each row came from. Columns a file brings
that the model does not know (customer `__c` fields) are added on demand, so nothing is
dropped.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from veeva_dq.model import ObjectDef

DEFAULT_DATABASE = Path("data/database/veeva_opendata.db")
SOURCE_FILE = "_source_file"
SOURCE_LINE = "_source_line"
BOOKKEEPING = (SOURCE_FILE, SOURCE_LINE)


class DatabaseFileError(ValueError):
    """A --db path that is a folder or not a SQLite database."""


def default_database() -> Path:
    """`VDQ_DATABASE` when set, else data/database/veeva_opendata.db (computed per call)."""
    return Path(os.environ.get("VDQ_DATABASE") or DEFAULT_DATABASE)


def quote_ident(name: str) -> str:
    """Quote an identifier for SQLite, PostgreSQL and DuckDB, escaping embedded quotes."""
    if "\x00" in name:
        raise ValueError(f"Identifier {name!r} contains a NUL character, which no database allows.")
    return '"' + name.replace('"', '""') + '"'


def connect(path: Path, *, create: bool = True) -> sqlite3.Connection:
    """Open the database with WAL journaling; create its folder when asked."""
    if not create and not path.exists():
        raise FileNotFoundError(
            f"Database '{path}' does not exist. Load data first with 'veeva-dq ingest'."
        )
    if path.is_dir():
        raise DatabaseFileError(f"'{path}' is a folder; --db names a SQLite database file.")
    path.parent.mkdir(parents=True, exist_ok=True)
    new = not path.exists()
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    try:
        conn.execute("PRAGMA schema_version").fetchone()
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise DatabaseFileError(f"'{path}' is not a SQLite database ({exc}).") from None
    if new:
        # A new file holds nothing to lose: its switch to WAL (a header write through a
        # rollback journal) needs none of the four fsyncs it would otherwise cost.
        conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=ON")
    # 64 MiB page cache per connection; sorts larger than that spill to temporary files, so
    # memory stays bounded however large the tables grow.
    conn.execute("PRAGMA cache_size=-65536")
    return conn


def table_columns(conn: sqlite3.Connection, table: str) -> list[str]:
    rows = conn.execute(f"PRAGMA table_info({quote_ident(table)})").fetchall()
    return [str(r[1]) for r in rows]


def table_exists(conn: sqlite3.Connection, table: str) -> bool:
    row = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type IN ('table', 'view') AND name = ?", (table,)
    ).fetchone()
    return row is not None


def ensure_object_table(
    conn: sqlite3.Connection, obj: ObjectDef, extra: Iterable[str] = ()
) -> list[str]:
    """Create the object's table if missing, add any new extra columns; return all columns."""
    if not table_exists(conn, obj.name):
        cols = []
        for name in obj.field_names:
            pk = " PRIMARY KEY" if name == obj.key else ""
            cols.append(f"{quote_ident(name)} TEXT{pk}")
        cols += [f"{quote_ident(SOURCE_FILE)} TEXT", f"{quote_ident(SOURCE_LINE)} INTEGER"]
        conn.execute(f"CREATE TABLE {quote_ident(obj.name)} ({', '.join(cols)})")
    existing = table_columns(conn, obj.name)
    for name in extra:
        if name not in existing:
            conn.execute(f"ALTER TABLE {quote_ident(obj.name)} ADD COLUMN {quote_ident(name)} TEXT")
            existing.append(name)
    return existing


BOOKKEEPING_SCHEMA = """
CREATE TABLE IF NOT EXISTS vdq_ingest (
    ingest_id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT NOT NULL,          -- running | complete | failed
    format TEXT NOT NULL,
    files TEXT NOT NULL,           -- JSON list of paths
    rows_read INTEGER NOT NULL DEFAULT 0,
    loaded INTEGER NOT NULL DEFAULT 0,
    quarantined INTEGER NOT NULL DEFAULT 0,
    notices INTEGER NOT NULL DEFAULT 0,
    error TEXT
);
CREATE TABLE IF NOT EXISTS vdq_quarantine (
    ingest_id INTEGER NOT NULL,
    file TEXT NOT NULL,
    line INTEGER NOT NULL,
    object TEXT,
    reason TEXT NOT NULL,
    record TEXT NOT NULL            -- JSON: header name to raw value, or the raw fields
);
CREATE TABLE IF NOT EXISTS vdq_ingest_notice (
    ingest_id INTEGER NOT NULL,
    file TEXT NOT NULL,
    line INTEGER NOT NULL,
    object TEXT,
    record_id TEXT,
    "column" TEXT,
    kind TEXT NOT NULL,             -- float_damage | encoding | ...
    value TEXT,
    loaded_value TEXT,
    message TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS npi_deactivation (
    npi TEXT PRIMARY KEY,
    deactivation_date TEXT,
    deactivation_reason TEXT,
    reactivation_date TEXT,
    _source_file TEXT,
    _source_line INTEGER
);
"""


def ensure_bookkeeping(conn: sqlite3.Connection) -> None:
    conn.executescript(BOOKKEEPING_SCHEMA)


def indexed_columns(conn: sqlite3.Connection, table: str) -> set[str]:
    """Columns that lead an index of the table (a primary key, a unique constraint, ...)."""
    out: set[str] = set()
    for row in conn.execute(f"PRAGMA index_list({quote_ident(table)})"):
        info = conn.execute(f"PRAGMA index_info({quote_ident(str(row[1]))})").fetchall()
        if info and info[0][2] is not None:
            out.add(str(info[0][2]))  # seqno 0: the leading column
    return out
