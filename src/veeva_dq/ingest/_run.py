"""Running an ingest: plan, then load file by file with a progress bar, then bookkeeping."""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)

from veeva_dq.db import connect, ensure_bookkeeping, ensure_object_table
from veeva_dq.ingest._loader import Loader
from veeva_dq.ingest._nppes import load_nppes
from veeva_dq.ingest._plan import Plan, make_plan, parse_delimiter
from veeva_dq.ingest._reader import CsvSource
from veeva_dq.ingest._types import (
    FileResult,
    IngestInterrupted,
    IngestResult,
    interrupted_message,
)
from veeva_dq.ingest._veeva import load_veeva
from veeva_dq.model import Model

Update = Callable[[str, int], None]


@contextlib.contextmanager
def _progress_bar(enabled: bool, total: int) -> Iterator[Update]:
    """A byte-based progress bar on stderr (stdout stays free for the CLI's own output)."""
    if not enabled:
        yield lambda _description, _completed: None
        return
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=Console(stderr=True)) as bar:
        task = bar.add_task("ingest", total=total or 1)

        def update(description: str, completed: int) -> None:
            bar.update(task, description=description, completed=completed)

        yield update


def ingest_files(
    paths: Sequence[Path],
    fmt: str | None,
    db: Path,
    model: Model,
    *,
    progress: bool = True,
    delimiter: str | None = None,
) -> IngestResult:
    """Load Veeva or NPPES files into the source database; see docs/ingest.md."""
    delim = parse_delimiter(delimiter)
    plan = make_plan([Path(p) for p in paths], fmt, model, delim)
    formats = sorted({f.fmt for f in plan.files})
    names = [str(f.path) for f in plan.files] + [str(p) for p, _ in plan.skipped]
    conn = connect(db)
    try:
        ensure_bookkeeping(conn)
        # Every object's table exists after an ingest, empty or not, so validation can
        # query any object whatever this run loaded.
        for obj in model.objects.values():
            ensure_object_table(conn, obj)
        loader = Loader.start(conn, "+".join(formats) or (fmt or "veeva"), names)
        where = _Where()
        try:
            result = _load(plan, loader, model, delim, progress, where)
        except KeyboardInterrupt as exc:  # Ctrl-C: the run must not stay "running"
            if where.began and not conn.in_transaction:  # it came just after a COMMIT
                where.file, where.began = None, False
                where.files_loaded += 1
            loader.rollback()
            loader.finish("failed", interrupted_message(where.file, where.files_loaded))
            raise IngestInterrupted(
                loader.ingest_id, where.file, where.files_loaded
            ).with_traceback(exc.__traceback__) from None
        except BaseException as exc:
            loader.rollback()
            loader.finish("failed", f"{type(exc).__name__}: {exc}")
            raise
        loader.finish("complete")
        return result
    finally:
        conn.close()


class _Where:
    """How far a run got: the file being loaded (None between files), files committed."""

    def __init__(self) -> None:
        self.file: Path | None = None
        self.began = False  # the file's transaction was begun
        self.files_loaded = 0


def _load(
    plan: Plan,
    loader: Loader,
    model: Model,
    delimiter: str | None,
    progress: bool,
    where: _Where,
) -> IngestResult:
    read = loaded = quarantined = notices = stale = 0
    by_object: dict[str, int] = {}
    results: list[FileResult] = []
    if plan.skipped:
        loader.begin()
        for path, why in plan.skipped:
            loader.notice(str(path), 0, None, None, None, "skipped_file", None, None, why)
            results.append(FileResult(path, 0, 0, 0, 1, "skipped", None))
        notices += len(plan.skipped)
        loader.commit((read, loaded, quarantined, notices))

    total = sum(f.size for f in plan.files)
    done = 0
    with _progress_bar(progress, total) as update:
        for n, pf in enumerate(plan.files):
            label = pf.path.name
            # A later file of the same object must not overwrite what this one writes.
            more = pf.obj is not None and any(later.obj == pf.obj for later in plan.files[n + 1 :])

            def tick(n: int, label: str = label, base: int = done) -> None:
                update(label, base + n)

            tick(0)
            where.file = pf.path
            with CsvSource(pf.path, delimiter) as source:
                loader.begin()
                where.began = True
                if pf.fmt == "nppes":
                    fr = load_nppes(pf, source, loader, model, tick)
                else:
                    fr = load_veeva(pf, source, loader, model, tick, keep_keys=more)
                if source.header_repairs:  # stray bytes in the column names themselves
                    extra = loader.repair_notices(
                        str(pf.path), 1, pf.obj, None, pf.columns, source.header_repairs
                    )
                    fr = dataclasses.replace(fr, notices=fr.notices + extra)
                read += fr.rows_read
                loaded += fr.loaded
                quarantined += fr.quarantined
                notices += fr.notices
                stale += fr.stale
                loader.commit((read, loaded, quarantined, notices))
                where.file, where.began = None, False
                where.files_loaded += 1
                for table, count in loader.written().items():
                    by_object[table] = by_object.get(table, 0) + count
            results.append(fr)
            done += pf.size
        update("done", total)
    return IngestResult(
        ingest_id=loader.ingest_id,
        rows_read=read,
        loaded=loaded,
        quarantined=quarantined,
        notices=notices,
        loaded_by_object=by_object,
        files=tuple(results),
        stale=stale,
    )
