"""Writing to the source database: upserts in batches, quarantine, notices, run bookkeeping.

Each file is loaded in one transaction, so a file is either wholly in the database or, when
the run fails, not at all; vdq_ingest then says which files made it. Rows are upserted by
key, updating only the columns the file brings, so loading the same file twice changes
nothing and a narrower file never blanks columns a wider one filled.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Sequence
from typing import Any

from veeva_dq.db import SOURCE_FILE, SOURCE_LINE, ensure_object_table, quote_ident
from veeva_dq.ingest._reader import Repair
from veeva_dq.model import ObjectDef

BATCH_ROWS = 5000
_MAX_PENDING_NOTICES = 20000


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _sql(*parts: str) -> str:
    # Statements are assembled from quote_ident()-quoted identifiers and `?` placeholders
    # only; no value is ever spliced into SQL text.
    return " ".join(parts)


def upsert_sql(table: str, key: str, columns: Sequence[str]) -> str:
    cols = [*columns, SOURCE_FILE, SOURCE_LINE]
    names = ", ".join(quote_ident(c) for c in cols)
    # Empty fields become NULL inside SQLite: cheaper than a Python pass over every row.
    marks = ", ".join(["NULLIF(?, '')"] * len(columns) + ["?", "?"])
    updates = ", ".join(f"{quote_ident(c)} = excluded.{quote_ident(c)}" for c in cols if c != key)
    return _sql(
        "INSERT INTO",
        quote_ident(table),
        f"({names})",
        "VALUES",
        f"({marks})",
        "ON CONFLICT",
        f"({quote_ident(key)})",
        "DO UPDATE SET",
        updates,
    )


class TableWriter:
    """Buffers rows (values in `columns` order, then source file and line) for one table."""

    __slots__ = ("_conn", "_sql", "rows", "table", "written")

    def __init__(self, conn: sqlite3.Connection, table: str, sql: str) -> None:
        self._conn = conn
        self._sql = sql
        self.table = table
        self.rows: list[Sequence[Any]] = []
        self.written = 0

    def flush(self) -> None:
        if self.rows:
            self._conn.executemany(self._sql, self.rows)
            self.written += len(self.rows)
            self.rows.clear()  # in place: loaders hold on to this list between flushes


class Loader:
    """One ingest run's connection-side state."""

    def __init__(self, conn: sqlite3.Connection, ingest_id: int) -> None:
        self.conn = conn
        self.ingest_id = ingest_id
        self._writers: list[TableWriter] = []
        self._quarantine: list[tuple[Any, ...]] = []
        self._notices: list[tuple[Any, ...]] = []

    @classmethod
    def start(cls, conn: sqlite3.Connection, fmt: str, files: Sequence[str]) -> Loader:
        cur = conn.execute(
            "INSERT INTO vdq_ingest (started_at, status, format, files) VALUES (?, ?, ?, ?)",
            (_now(), "running", fmt, json.dumps(list(files))),
        )
        assert cur.lastrowid is not None  # an INSERT into a rowid table always sets it
        return cls(conn, cur.lastrowid)

    # -- per file -------------------------------------------------------------------------

    def begin(self) -> None:
        self._writers = []
        self.conn.execute("BEGIN")

    def writer(
        self, obj: ObjectDef, columns: Sequence[str], *, table: str | None = None
    ) -> TableWriter:
        """A writer for the object's table, created or widened to hold `columns`."""
        ensure_object_table(self.conn, obj, columns)
        return self._add_writer(table or obj.name, obj.key, columns)

    def deactivation_writer(self) -> TableWriter:
        return self._add_writer(
            "npi_deactivation",
            "npi",
            ["npi", "deactivation_date", "deactivation_reason", "reactivation_date"],
        )

    def _add_writer(self, table: str, key: str, columns: Sequence[str]) -> TableWriter:
        w = TableWriter(self.conn, table, upsert_sql(table, key, columns))
        self._writers.append(w)
        return w

    def written(self) -> dict[str, int]:
        """Records written per table for the current file (complete after commit)."""
        out: dict[str, int] = {}
        for w in self._writers:
            out[w.table] = out.get(w.table, 0) + w.written
        return out

    def quarantine(
        self, file: str, line: int, obj: str | None, reason: str, record: object
    ) -> None:
        self._quarantine.append(
            (self.ingest_id, file, line, obj, reason, json.dumps(record, ensure_ascii=False))
        )

    def notice(
        self,
        file: str,
        line: int,
        obj: str | None,
        record_id: str | None,
        column: str | None,
        kind: str,
        value: str | None,
        loaded_value: str | None,
        message: str,
    ) -> None:
        self._notices.append(
            (self.ingest_id, file, line, obj, record_id, column, kind, value, loaded_value, message)
        )
        if len(self._notices) >= _MAX_PENDING_NOTICES:
            self._flush_side()

    def encoding_notices(
        self,
        file: str,
        line: int,
        obj: str | None,
        record_id: str | None,
        columns: Sequence[str],
        repairs: Sequence[Repair],
    ) -> int:
        for column, raw, text in repairs:
            name = columns[column] if column < len(columns) else f"#{column + 1}"
            self.notice(
                file,
                line,
                obj,
                record_id,
                name,
                "encoding",
                raw,
                text,
                f"line {line} column {name}: '{raw}' holds bytes that are not UTF-8; they were"
                f" read as Windows-1252 (Latin-1 where that has no character) and '{text}' was"
                " loaded",
            )
        return len(repairs)

    def flush(self) -> None:
        for w in self._writers:
            w.flush()
        self._flush_side()

    def _flush_side(self) -> None:
        if self._quarantine:
            self.conn.executemany(
                "INSERT INTO vdq_quarantine (ingest_id, file, line, object, reason, record)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                self._quarantine,
            )
            self._quarantine = []
        if self._notices:
            self.conn.executemany(
                "INSERT INTO vdq_ingest_notice (ingest_id, file, line, object, record_id,"
                ' "column", kind, value, loaded_value, message)'
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                self._notices,
            )
            self._notices = []

    def commit(self, counts: tuple[int, int, int, int]) -> None:
        """Flush, record the running totals and commit the file's transaction."""
        self.flush()
        self.conn.execute(
            "UPDATE vdq_ingest SET rows_read = ?, loaded = ?, quarantined = ?, notices = ?"
            " WHERE ingest_id = ?",
            (*counts, self.ingest_id),
        )
        self.conn.execute("COMMIT")

    def rollback(self) -> None:
        self._quarantine = []
        self._notices = []
        self._writers = []
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    # -- end of run -----------------------------------------------------------------------

    def finish(self, status: str, error: str | None = None) -> None:
        self.conn.execute(
            "UPDATE vdq_ingest SET status = ?, finished_at = ?, error = ? WHERE ingest_id = ?",
            (status, _now(), error, self.ingest_id),
        )
