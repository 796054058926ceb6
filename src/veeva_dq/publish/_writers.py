"""Writing tables into a target: one writer per kind, each replacing tables atomically.

A writer gets each table as its column names and a stream of row batches (every value text
or None) and keeps nothing visible until `commit()`:

- DuckDB: one transaction over every table, `CREATE OR REPLACE TABLE` + `INSERT ... SELECT`
  from the Arrow stream (DuckDB pulls the batches itself, so memory holds a few batches).
- PostgreSQL: one transaction over every table: `CREATE TABLE` under a temporary name,
  `COPY ... FROM STDIN (FREEZE)` row by row, then at commit time `DROP` the old table and
  `RENAME` the new one; a failure rolls all of it back.
- Parquet: each table to a hidden temporary file in the folder, renamed over `TABLE.parquet`
  (`os.replace`, atomic per file) at commit time; `rollback()` deletes the temporary files.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import queue
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

import pyarrow as pa
from sqlglot import exp

from veeva_dq.publish._target import PublishError, Target, check_target

_names = itertools.count()
Rows = list[tuple[str | None, ...]]


T = TypeVar("T")
_DONE = object()


class Prefetched(Generic[T]):
    """Items produced by a thread of their own, up to `depth` ahead.

    Reading SQLite and building batches (Python) then overlaps with the target's own work
    (DuckDB compressing, Parquet encoding, PostgreSQL parsing), which releases the GIL.
    Memory holds at most `depth` batches; an error in the producer is raised to the
    consumer. `stop()` ends the producer whatever the consumer did (it may have abandoned
    the stream after an error); writers call it before the staging connection closes.
    """

    def __init__(self, items: Iterator[T], depth: int = 4) -> None:
        self._items = items
        self.interrupted = False
        self._queue: queue.Queue[Any] = queue.Queue(maxsize=depth)
        self._stop = threading.Event()
        self._worker = threading.Thread(target=self._produce, name="vdq-publish-read",
                                        daemon=True)
        self._worker.start()

    def _put(self, item: object) -> bool:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def _produce(self) -> None:
        try:
            for item in self._items:
                if not self._put(item):
                    return
            self._put(_DONE)
        except BaseException as exc:  # handed to the consumer, raised there
            self._put(_Failure(exc))
        finally:
            close = getattr(self._items, "close", None)
            if close is not None:  # a generator's cleanup (its cursor) runs in this thread
                close()

    def __iter__(self) -> Iterator[T]:
        try:
            while True:
                item = self._queue.get()
                if item is _DONE:
                    return
                if isinstance(item, _Failure):
                    raise item.exc
                yield item
        except KeyboardInterrupt:
            # DuckDB reports an exception of the stream as its own error: remember Ctrl-C.
            self.interrupted = True
            raise
        finally:
            self.stop()

    def stop(self) -> None:
        self._stop.set()
        if self._worker is not threading.current_thread():
            self._worker.join()


class _Failure:
    def __init__(self, exc: BaseException) -> None:
        self.exc = exc


def arrow_batches(columns: list[str], batches: Iterator[Rows],
                  streams: list[Prefetched[Any]]) -> pa.RecordBatchReader:
    """The rows as a stream of Arrow record batches, every column a string, built ahead
    by a thread of their own (added to `streams`)."""
    schema = pa.schema([(c, pa.string()) for c in columns])

    def convert() -> Iterator[pa.RecordBatch]:
        for rows in batches:
            arrays = [pa.array(col, pa.string()) for col in zip(*rows, strict=True)]
            yield pa.record_batch(arrays, schema=schema)

    ahead = Prefetched(convert())
    streams.append(ahead)
    return pa.RecordBatchReader.from_batches(schema, iter(ahead))


def _interrupted(streams: list[Prefetched[Any]]) -> bool:
    return any(s.interrupted for s in streams)


def _stop_all(streams: list[Prefetched[Any]]) -> None:
    for s in streams:
        s.stop()
    streams.clear()


class Writer(Protocol):
    def write(self, table: str, columns: list[str], batches: Iterator[Rows]) -> None: ...

    def commit(self) -> None: ...

    def rollback(self) -> None: ...

    @property
    def interrupted(self) -> bool:
        """Ctrl-C came while a table was streamed (the target may report it as its own
        error)."""
        ...

    def close(self) -> None: ...


def open_writer(target: Target) -> Writer:
    if target.kind == "duckdb":
        return DuckdbWriter.open(target)
    if target.kind == "postgres":
        return PostgresWriter.open(target)
    if target.kind == "parquet":
        return ParquetWriter.open(target)
    raise PublishError(f"Unknown target kind '{target.kind}'.")


def probe_target(target: Target) -> None:
    """Fail early, before an ingest: the path checks, and a PostgreSQL server is reached."""
    check_target(target)
    if target.kind == "postgres":
        PostgresWriter.open(target).close()


def _ident(name: str) -> exp.Identifier:
    if "\x00" in name:
        raise PublishError(f"Name {name!r} contains a NUL character, which no database allows.")
    return exp.to_identifier(name, quoted=True)


class DuckdbWriter:
    def __init__(self, con: Any, target: Target) -> None:
        self.con = con
        self.target = target
        self._streams: list[Prefetched[Any]] = []

    @classmethod
    def open(cls, target: Target) -> DuckdbWriter:
        import duckdb

        path = Path(target.location)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            con = duckdb.connect(str(path))
        except (OSError, duckdb.Error) as exc:
            raise PublishError(f"DuckDB target '{target.shown}' cannot be opened for writing:"
                               f" {str(exc).strip()}") from None
        con.execute("BEGIN TRANSACTION")
        return cls(con, target)

    def write(self, table: str, columns: list[str], batches: Iterator[Rows]) -> None:
        varchar = exp.DataType.build("VARCHAR")
        create = exp.Create(
            kind="TABLE", replace=True,
            this=exp.Schema(this=exp.Table(this=_ident(table)), expressions=[
                exp.ColumnDef(this=_ident(c), kind=varchar.copy()) for c in columns]),
        )
        stream = f"vdq_publish_{next(_names)}"
        insert = exp.insert(exp.select("*").from_(exp.Table(this=_ident(stream))),
                            exp.Table(this=_ident(table)))
        self.con.execute(create.sql("duckdb"))
        self.con.register(stream, arrow_batches(columns, batches, self._streams))
        try:
            self.con.execute(insert.sql("duckdb"))
        finally:
            with contextlib.suppress(Exception):  # in an aborted transaction, it raises too
                self.con.unregister(stream)

    def commit(self) -> None:
        self.con.execute("COMMIT")

    def rollback(self) -> None:
        with contextlib.suppress(Exception):
            self.con.execute("ROLLBACK")

    @property
    def interrupted(self) -> bool:
        return _interrupted(self._streams)

    def close(self) -> None:
        _stop_all(self._streams)
        self.con.close()


class PostgresWriter:
    def __init__(self, conn: Any, target: Target, schema: str) -> None:
        self.conn = conn
        self.target = target
        self.schema = schema
        self._renames: list[tuple[str, str]] = []  # (temporary name, table)
        self._streams: list[Prefetched[Any]] = []

    @classmethod
    def open(cls, target: Target) -> PostgresWriter:
        import psycopg

        try:
            conn = psycopg.connect(target.location, connect_timeout=10)
        except psycopg.Error as exc:
            raise PublishError(f"PostgreSQL target '{target.shown}' cannot be reached:"
                               f" {_redacted(str(exc), target)}") from None
        try:
            row = conn.execute("SELECT current_schema(), current_setting('search_path')"
                               ).fetchone()
        except psycopg.Error as exc:
            conn.close()
            raise PublishError(f"PostgreSQL target '{target.shown}' cannot be used:"
                               f" {_redacted(str(exc), target)}") from None
        if row is None or row[0] is None:
            path = row[1] if row else ""
            conn.close()
            raise PublishError(f"PostgreSQL target '{target.shown}': no schema of its"
                               f" search_path ({path}) exists; create it (CREATE SCHEMA ...)"
                               " or name another with ?options=-csearch_path%3Dschema.")
        return cls(conn, target, str(row[0]))

    def write(self, table: str, columns: list[str], batches: Iterator[Rows]) -> None:
        from psycopg import sql

        temp = f"_vdq_publish_{os.getpid()}_{next(_names)}"
        names = columns
        for n in [table, *names]:
            _ident(n)
        where = sql.Identifier(self.schema, temp)
        cols = sql.SQL(", ").join(sql.SQL("{} text").format(sql.Identifier(n)) for n in names)
        self.conn.execute(sql.SQL("CREATE TABLE {} ({})").format(where, cols))
        copy = sql.SQL("COPY {} ({}) FROM STDIN (FREEZE)").format(
            where, sql.SQL(", ").join(sql.Identifier(n) for n in names))
        with self.conn.cursor() as cur, cur.copy(copy) as out:
            ahead = Prefetched(batches)
            self._streams.append(ahead)
            for rows in ahead:
                for row in rows:
                    out.write_row(row)
        self.conn.execute(sql.SQL("ANALYZE {}").format(where))
        self._renames.append((temp, table))

    def commit(self) -> None:
        from psycopg import sql

        for temp, table in self._renames:
            self.conn.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(
                sql.Identifier(self.schema, table)))
            self.conn.execute(sql.SQL("ALTER TABLE {} RENAME TO {}").format(
                sql.Identifier(self.schema, temp), sql.Identifier(table)))
        self.conn.commit()

    def rollback(self) -> None:
        with contextlib.suppress(Exception):
            self.conn.rollback()

    @property
    def interrupted(self) -> bool:
        return _interrupted(self._streams)

    def close(self) -> None:
        _stop_all(self._streams)
        self.conn.close()


def _redacted(message: str, target: Target) -> str:
    from veeva_dq.engines._base import redact

    return redact(message.strip(), target.location)


class ParquetWriter:
    ROW_GROUP = 100_000

    def __init__(self, folder: Path, target: Target) -> None:
        self.folder = folder
        self.target = target
        self._renames: list[tuple[Path, Path]] = []  # (temporary file, final file)
        self._streams: list[Prefetched[Any]] = []

    @classmethod
    def open(cls, target: Target) -> ParquetWriter:
        folder = Path(target.location)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise PublishError(f"Parquet target folder '{target.shown}' cannot be created:"
                               f" {exc.strerror or exc}.") from None
        return cls(folder, target)

    def write(self, table: str, columns: list[str], batches: Iterator[Rows]) -> None:
        import pyarrow.parquet as pq

        final = self.folder / f"{table}.parquet"
        temp = self.folder / f".{table}.parquet.{os.getpid()}.tmp"
        self._renames.append((temp, final))
        stream = arrow_batches(columns, batches, self._streams)
        schema = stream.schema
        with pq.ParquetWriter(temp, schema, compression="snappy") as out:
            pending: list[pa.RecordBatch] = []
            rows = 0
            for batch in stream:
                pending.append(batch)
                rows += batch.num_rows
                if rows >= self.ROW_GROUP:
                    out.write_table(pa.Table.from_batches(pending, schema),
                                    row_group_size=rows)
                    pending, rows = [], 0
            if pending:
                out.write_table(pa.Table.from_batches(pending, schema))

    @property
    def interrupted(self) -> bool:
        return _interrupted(self._streams)

    def commit(self) -> None:
        for temp, final in self._renames:
            os.replace(temp, final)
        self._renames = []

    def rollback(self) -> None:
        for temp, _final in self._renames:
            with contextlib.suppress(OSError):
                temp.unlink()
        self._renames = []

    def close(self) -> None:
        _stop_all(self._streams)
        self.rollback()  # after a commit there is nothing left to remove
