"""Publishing: copy tables of the SQLite staging database to a target, each replaced whole."""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn
from sqlglot import exp

from veeva_dq.db import DatabaseFileError, connect, table_columns, table_exists
from veeva_dq.model import Model
from veeva_dq.model.reference import REFERENCE_TABLES
from veeva_dq.publish._target import (
    PublishError,
    PublishInterrupted,
    Target,
    check_target,
    parse_target,
)
from veeva_dq.publish._writers import Rows, open_writer

BATCH_ROWS = 10_000


@dataclass(frozen=True)
class TablePublished:
    table: str
    rows: int
    seconds: float


@dataclass(frozen=True)
class PublishResult:
    target: Target
    tables: tuple[TablePublished, ...]
    seconds: float  # the whole publish, commit included


def publishable(model: Model) -> list[str]:
    """Tables validation reads from a source: the model's objects and the reference tables."""
    return [*model.objects, *REFERENCE_TABLES]


def publish_tables(
    db: Path,
    target: Target | str,
    model: Model,
    tables: Sequence[str] | None = None,
    *,
    progress: bool = False,
) -> PublishResult:
    """Replace each table in the target by its current state in the staging database `db`.

    `tables=None` publishes every object table and reference table the database holds.
    All tables of a DuckDB or PostgreSQL target are replaced in one transaction; Parquet files
    are each written to a temporary file and renamed into place once all are written. Any
    failure leaves the target as it was and raises PublishError.
    """
    tgt = parse_target(target) if isinstance(target, str) else target
    check_target(tgt)
    allowed = publishable(model)
    if not db.exists():
        raise PublishError(f"Staging database '{db}' does not exist. Load data first with"
                           " 'veeva-dq ingest'.")
    try:
        conn = connect(db, create=False)
    except DatabaseFileError as exc:
        raise PublishError(str(exc)) from None
    try:
        if tables is None:
            chosen = [t for t in allowed if table_exists(conn, t)]
        else:
            chosen = []
            for t in tables:
                if t not in allowed:
                    raise PublishError(f"'{t}' cannot be published; allowed: "
                                       f"{', '.join(allowed)}.")
                if not table_exists(conn, t):
                    raise PublishError(f"Staging database '{db}' has no table '{t}'. Load it"
                                       " first with 'veeva-dq ingest'.")
                if t not in chosen:
                    chosen.append(t)
        if not chosen:
            raise PublishError(f"Staging database '{db}' holds no table to publish. Load data"
                               " first with 'veeva-dq ingest'.")
        if tgt.kind == "parquet":
            _check_folder(Path(tgt.location), chosen)
        return _publish(conn, tgt, chosen, progress)
    finally:
        conn.close()


def _check_folder(folder: Path, tables: list[str]) -> None:
    """Another file for a table (hcp.csv, hcp/) would make the folder ambiguous to read."""
    for t in tables:
        others = [p.name for p in (folder / f"{t}.csv", folder / f"{t}.txt",
                                   folder / f"{t}.tsv", folder / t) if p.exists()]
        if others:
            raise PublishError(f"Parquet target '{folder}' already holds {others[0]} for"
                               f" '{t}'; {t}.parquet beside it would give '{t}' two sources."
                               " Remove it or publish to another folder.")


def _publish(conn: sqlite3.Connection, target: Target, tables: list[str],
             progress: bool) -> PublishResult:
    started = time.perf_counter()
    writer = open_writer(target)
    done: list[TablePublished] = []
    try:
        conn.execute("BEGIN")  # one snapshot of the staging database for every table
        with _progress(progress) as bar:
            for table in tables:
                t0 = time.perf_counter()
                columns = table_columns(conn, table)
                (total,) = conn.execute(
                    exp.select(exp.Count(this=exp.Star())).from_(
                        exp.Table(this=exp.to_identifier(table, quoted=True))).sql("sqlite")
                ).fetchone()
                tick = bar(table, int(total))
                counter = _Counter()
                batches = _batches(conn, table, columns, counter, tick)
                try:
                    writer.write(table, columns, batches)
                except PublishError:
                    raise
                except KeyboardInterrupt:
                    raise PublishInterrupted(_interrupted(table, target)) from None
                except Exception as exc:
                    if writer.interrupted:
                        raise PublishInterrupted(_interrupted(table, target)) from None
                    raise PublishError(f"Publishing '{table}' to {target.kind} target"
                                       f" '{target.shown}' failed: {_sentence(exc)}"
                                       " Nothing was replaced.") from exc
                done.append(TablePublished(table, counter.rows, time.perf_counter() - t0))
        try:
            writer.commit()
        except Exception as exc:
            tail = (" Files renamed before the error are new, the others keep their old version."
                    if target.kind == "parquet" else " Nothing was replaced.")
            raise PublishError(f"{target.kind} target '{target.shown}' refused the new tables:"
                               f" {_sentence(exc)}{tail}") from exc
    except PublishError:
        writer.rollback()
        raise
    except KeyboardInterrupt as exc:
        writer.rollback()
        if isinstance(exc, PublishInterrupted):
            raise
        raise PublishInterrupted(_interrupted(None, target)) from None
    except BaseException:
        writer.rollback()
        raise
    finally:
        if conn.in_transaction:
            conn.rollback()
        writer.close()
    return PublishResult(target, tuple(done), time.perf_counter() - started)


def _sentence(exc: BaseException) -> str:
    """An error's text, ending like a sentence."""
    text = str(exc).strip() or type(exc).__name__
    return text if text.endswith((".", "!", "?")) else f"{text}."


def _interrupted(table: str | None, target: Target) -> str:
    what = f" '{table}'" if table else ""
    return (f"Interrupted (Ctrl-C) while publishing{what} to {target.kind} target"
            f" '{target.shown}': nothing was replaced; the target keeps its previous tables.")


class _Counter:
    def __init__(self) -> None:
        self.rows = 0


def _batches(conn: sqlite3.Connection, table: str, columns: list[str], counter: _Counter,
             tick: Callable[[int], None]) -> Iterator[Rows]:
    """The table's rows, every value text or None, BATCH_ROWS at a time (bounded memory)."""
    text = exp.DataType.build("TEXT")
    query = exp.select(*[
        exp.alias_(exp.Cast(this=exp.column(c, quoted=True), to=text.copy()),
                   exp.to_identifier(c, quoted=True))
        for c in columns
    ]).from_(exp.Table(this=exp.to_identifier(table, quoted=True)))
    cur = conn.execute(query.sql("sqlite"))
    while True:
        rows = cur.fetchmany(BATCH_ROWS)
        if not rows:
            return
        yield rows
        counter.rows += len(rows)
        tick(counter.rows)


Bar = Callable[[str, int], Callable[[int], None]]


@contextlib.contextmanager
def _progress(enabled: bool) -> Iterator[Bar]:
    """A bar per table on stderr: rows copied of the table's rows."""
    if not enabled:
        yield lambda _table, _total: lambda _n: None
        return
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed:,.0f}/{task.total:,.0f} rows"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=Console(stderr=True)) as progress:

        def bar(table: str, total: int) -> Callable[[int], None]:
            task = progress.add_task(f"publish {table}", total=total or 1)
            if not total:
                progress.update(task, completed=1)

            def tick(n: int) -> None:
                progress.update(task, completed=n)

            return tick

        yield bar
