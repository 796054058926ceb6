"""Writing to the source database: upserts in batches, quarantine, notices, run bookkeeping.

Each file is loaded in one transaction, so a file is either wholly in the database or, when
the run fails, not at all; vdq_ingest then says which files made it. Rows are upserted by
key, updating only the columns the file brings, so loading the same file twice changes
nothing and a narrower file never blanks columns a wider one filled. Where a table has a
version date (modified_date__v, deactivation_date), newer wins: a row older than the stored
record is not applied, and the writer reports it as stale.
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
# A quarantined value is stored up to this many bytes (UTF-8), then cut with a marker: a
# runaway field of 32 MiB must not be copied whole into vdq_quarantine.
QUARANTINE_VALUE_BYTES = 64 * 1024
_LOOKUP_CHUNK = 500  # keys per IN (...) when reading stored versions


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def clip(value: str) -> str:
    """`value`, or its first 64 KiB and a marker saying how long it was."""
    if len(value) <= QUARANTINE_VALUE_BYTES // 4:  # at most 4 bytes a character: fits
        return value
    data = value.encode("utf-8", "surrogatepass")
    if len(data) <= QUARANTINE_VALUE_BYTES:
        return value
    head = data[:QUARANTINE_VALUE_BYTES].decode("utf-8", "ignore")  # no half character
    return (
        f"{head}[... cut by veeva-dq: the value has {len(data):,} bytes; only the first"
        f" {QUARANTINE_VALUE_BYTES:,} are stored]"
    )


def _clip_record(record: object) -> object:
    if isinstance(record, dict):
        return {k: clip(v) if isinstance(v, str) else v for k, v in record.items()}
    if isinstance(record, list):
        return [clip(v) if isinstance(v, str) else v for v in record]
    return record


def _sql(*parts: str) -> str:
    # Statements are assembled from quote_ident()-quoted identifiers and `?` placeholders
    # only; no value is ever spliced into SQL text.
    return " ".join(parts)


def _iso(x: str) -> str:
    """SQL: `x` is an ISO date, or date and time, that SQLite reads (with a real date)."""
    return (
        f"({x} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*'"
        f" AND date(substr({x}, 1, 10), '+0 days') = substr({x}, 1, 10)"  # 02-30 is no date
        f" AND julianday({x}) IS NOT NULL)"
    )


def older_sql(new: str, old: str) -> str:
    """SQL: both are valid ISO dates (see `_iso`) and `new` is older than `old`; 0 otherwise.
    Two dates with times compare as instants (offsets applied), otherwise by the date."""
    return (
        f"coalesce({_iso(new)} AND {_iso(old)} AND CASE WHEN length({new}) = 10 OR"
        f" length({old}) = 10 THEN date({new}) < date({old}) ELSE julianday({new}) <"
        f" julianday({old}) END, 0)"
    )


def upsert_sql(table: str, key: str, columns: Sequence[str], version: str | None = None) -> str:
    """INSERT or UPDATE by key; with `version`, an update only when the incoming row is not
    older than the stored one by that date column (newer wins)."""
    cols = [*columns, SOURCE_FILE, SOURCE_LINE]
    names = ", ".join(quote_ident(c) for c in cols)
    # Empty fields become NULL inside SQLite: cheaper than a Python pass over every row.
    marks = ", ".join(["NULLIF(?, '')"] * len(columns) + ["?", "?"])
    updates = ", ".join(f"{quote_ident(c)} = excluded.{quote_ident(c)}" for c in cols if c != key)
    parts = [
        "INSERT INTO",
        quote_ident(table),
        f"({names})",
        "VALUES",
        f"({marks})",
        "ON CONFLICT",
        f"({quote_ident(key)})",
        "DO UPDATE SET",
        updates,
    ]
    if version is not None:
        v = quote_ident(version)
        new, old = f"excluded.{v}", f"{quote_ident(table)}.{v}"
        # The same version (a reload) is decided without reading any date.
        parts += ["WHERE", new, "IS", old, "OR NOT", older_sql(new, old)]
    return _sql(*parts)


class TableWriter:
    """Buffers rows (values in `columns` order, then source file and line) for one table.

    With a version column, a row older than the stored record is not applied (see
    `upsert_sql`); such rows are collected in `stale` as (row, stored version) for the loader
    to report.
    """

    __slots__ = (
        "_conn", "_key_i", "_sql", "_version_i", "key", "rows", "stale", "table", "version",
        "written",
    )

    def __init__(
        self,
        conn: sqlite3.Connection,
        table: str,
        key: str,
        columns: Sequence[str],
        version: str | None = None,
    ) -> None:
        self._conn = conn
        self.table = table
        self.key = key
        self.version = version if version in columns else None
        self._sql = upsert_sql(table, key, columns, self.version)
        self._key_i = list(columns).index(key)
        self._version_i = list(columns).index(self.version) if self.version else -1
        self.rows: list[Sequence[Any]] = []
        self.stale: list[tuple[Sequence[Any], str]] = []
        self.written = 0  # rows inserted or updated

    def flush(self) -> None:
        if not self.rows:
            return
        applied = self._conn.executemany(self._sql, self.rows).rowcount
        self.written += applied
        if applied < len(self.rows) and self.version is not None:
            self._find_stale()
        self.rows.clear()  # in place: loaders hold on to this list between flushes

    def _find_stale(self) -> None:
        # An applied row left its own version behind; a row that was not applied finds the
        # stored record's other, newer one.
        stored: dict[str, str | None] = {}
        keys = [r[self._key_i] for r in self.rows]
        for i in range(0, len(keys), _LOOKUP_CHUNK):
            chunk = keys[i : i + _LOOKUP_CHUNK]
            sql = _sql(
                "SELECT", quote_ident(self.key), ",", quote_ident(self.version or ""), "FROM",
                quote_ident(self.table), "WHERE", quote_ident(self.key),
                f"IN ({', '.join('?' * len(chunk))})",
            )
            stored.update(self._conn.execute(sql, chunk).fetchall())
        for r in self.rows:
            old = stored.get(r[self._key_i])
            if old is not None and old != (r[self._version_i] or None):
                self.stale.append((r, old))


class Loader:
    """One ingest run's connection-side state."""

    def __init__(self, conn: sqlite3.Connection, ingest_id: int) -> None:
        self.conn = conn
        self.ingest_id = ingest_id
        self._writers: list[TableWriter] = []
        self._quarantine: list[tuple[Any, ...]] = []
        self._notices: list[tuple[Any, ...]] = []
        # Veeva keys written by earlier files of this run, per object: only kept while a
        # later file of the same object is still to come (see load_veeva).
        self.keys_written: dict[str, set[str]] = {}

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
        self, obj: ObjectDef, columns: Sequence[str], *, version: str | None = None
    ) -> TableWriter:
        """A writer for the object's table, created or widened to hold `columns`; newer wins
        by `version` when the columns include it."""
        ensure_object_table(self.conn, obj, columns)
        return self._add_writer(obj.name, obj.key, columns, version)

    def deactivation_writer(self) -> TableWriter:
        return self._add_writer(
            "npi_deactivation",
            "npi",
            ["npi", "deactivation_date", "deactivation_reason", "reactivation_date"],
            "deactivation_date",
        )

    def _add_writer(
        self, table: str, key: str, columns: Sequence[str], version: str | None
    ) -> TableWriter:
        w = TableWriter(self.conn, table, key, columns, version)
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
        """Keep a row that cannot be loaded; each value is stored up to 64 KiB."""
        text = json.dumps(_clip_record(record), ensure_ascii=False)
        self._quarantine.append((self.ingest_id, file, line, obj, reason, text))

    def source_of(self, table: str, key: str, value: str) -> tuple[str, int] | None:
        """The `_source_file` and `_source_line` of a stored row."""
        row = self.conn.execute(
            _sql("SELECT", quote_ident(SOURCE_FILE), ",", quote_ident(SOURCE_LINE), "FROM",
                 quote_ident(table), "WHERE", quote_ident(key), "= ?"),
            (value,),
        ).fetchone()
        return (str(row[0]), int(row[1])) if row is not None else None

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

    def repair_notices(
        self,
        file: str,
        line: int,
        obj: str | None,
        record_id: str | None,
        columns: Sequence[str],
        repairs: Sequence[Repair],
    ) -> int:
        """One notice per repair: kind `encoding` or `quote`."""
        for column, raw, text, kind in repairs:
            name = columns[column] if column < len(columns) else f"#{column + 1}"
            if kind == "quote":
                message = (
                    f"line {line} column {name}: {raw} has text after its closing quote; it was"
                    f" read as '{text}' (a quote inside a quoted value is written twice: \"\")"
                )
            else:
                message = (
                    f"line {line} column {name}: '{raw}' holds bytes that are not UTF-8; they"
                    " were read as Windows-1252 (Latin-1 where that has no character) and"
                    f" '{text}' was loaded"
                )
            self.notice(file, line, obj, record_id, name, kind, raw, text, message)
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
