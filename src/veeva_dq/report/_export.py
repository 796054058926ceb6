"""Issue export to CSV or JSON, streamed from the store and written atomically.

Values are written exactly as stored. Nothing neutralises spreadsheet formulas: a value such
as `=HYPERLINK(...)` stays as it is, so open exports in a spreadsheet with care.
"""

from __future__ import annotations

import contextlib
import csv
import enum
import io
import json
import os
import secrets
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from veeva_dq.results import (
    ISSUE_COLUMNS,
    LIFECYCLE_COLUMNS,
    STATUS_FILTERS,
    Issue,
    ResultStore,
)


class ExportFormat(enum.StrEnum):
    CSV = "csv"
    JSON = "json"


STDOUT = Path("-")


@contextlib.contextmanager
def atomic_text_writer(path: Path, *, newline: str | None = None) -> Iterator[TextIO]:
    """Write `path` whole or not at all: a temporary file in the same folder, then `os.replace`.

    `-` is standard output. A symbolic link is followed: its target is replaced and the link
    stays. A path that exists and is not a regular file (a named pipe, a device such as
    /dev/stdout) is opened and written in place, since renaming over it would replace the
    pipe or device itself. Otherwise the parent folder is created, and on any error the
    temporary file is removed and `path` is left as it was. The file gets the usual
    permissions (0666 less the umask).
    """
    if path == STDOUT:
        out = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline=newline,
                               write_through=True)
        try:
            yield out
            out.flush()
        finally:
            out.detach()
        return
    path = Path(os.path.realpath(path)) if path.is_symlink() else path
    if path.exists() and not path.is_file():
        with open(path, "w", encoding="utf-8", newline=newline) as fh:
            yield fh
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with open(fd, "w", encoding="utf-8", newline=newline) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise


def _row(issue: Issue) -> tuple[int | str | None, ...]:
    return (
        issue.run_id,
        issue.rule_id,
        issue.severity,
        issue.dimension,
        issue.object,
        issue.record_id,
        issue.column,
        issue.value,
        issue.message,
        issue.status,
        issue.issue_key,
    )


def _write_csv(issues: Iterator[Issue], fh: TextIO, columns: tuple[str, ...]) -> int:
    writer = csv.writer(fh)
    writer.writerow(columns)
    n = 0
    for issue in issues:
        writer.writerow(_row(issue)[: len(columns)])
        n += 1
    return n


def _write_json(issues: Iterator[Issue], fh: TextIO, columns: tuple[str, ...]) -> int:
    n = 0
    for issue in issues:
        fh.write(",\n" if n else "[\n")
        fh.write(json.dumps(dict(zip(columns, _row(issue)[: len(columns)], strict=True)),
                            ensure_ascii=False))
        n += 1
    fh.write("\n]\n" if n else "[]\n")
    return n


def export_issues(store: ResultStore, run_id: int, fmt: ExportFormat, output: Path,
                  *, status: str | None = None, with_status: bool = False) -> int:
    """Write the run's issues to `output`; return the number of issues written.

    CSV: header `run_id,rule_id,...,message` (see `ISSUE_COLUMNS`; `with_status` appends
    `status,issue_key`), UTF-8,
    RFC 4180 quoting; a missing value (NULL) is an empty field. JSON: an array of objects
    with those keys in that order; NULL stays null. Issues are streamed in the order they
    were stored, never held in memory all at once.

    `status` None writes every issue of the run (new and open); 'new' or 'open' only
    those; 'resolved' the keys resolved in the run (values as in the previous run); 'all'
    the run's issues followed by its resolved keys. Raises `UnknownRunError` when the run
    does not exist and `ValueError` for an unknown status, before writing anything.
    """
    fmt = ExportFormat(fmt)
    store.get_run(run_id)
    issues = store.issues(run_id, status=status)
    if status is not None and status not in STATUS_FILTERS:
        raise ValueError(f"Unknown status '{status}'; use one of {', '.join(STATUS_FILTERS)}.")
    columns = ISSUE_COLUMNS + (LIFECYCLE_COLUMNS if with_status else ())
    if fmt is ExportFormat.CSV:
        with atomic_text_writer(output, newline="") as fh:
            return _write_csv(issues, fh, columns)
    with atomic_text_writer(output) as fh:
        return _write_json(issues, fh, columns)
