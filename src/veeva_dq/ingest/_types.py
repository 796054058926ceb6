"""Result and error types of the ingest stage."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


class IngestError(ValueError):
    """A usage or input problem that stops the run before anything is loaded."""


class IngestInterrupted(KeyboardInterrupt):
    """Ctrl-C during a run: raised (a KeyboardInterrupt still) once the run is stored as
    failed and the file being loaded is rolled back. `file` is that file (None when the
    interrupt fell between files); `files_loaded` counts the files kept before it."""

    def __init__(self, ingest_id: int, file: Path | None, files_loaded: int) -> None:
        super().__init__(ingest_id, file, files_loaded)
        self.ingest_id = ingest_id
        self.file = file
        self.files_loaded = files_loaded

    def __str__(self) -> str:
        return interrupted_message(self.file, self.files_loaded)


def interrupted_message(file: Path | None, files_loaded: int) -> str:
    """The error text stored in vdq_ingest for a run stopped by Ctrl-C."""
    if files_loaded == 0:
        before = "no file was loaded before it"
    elif files_loaded == 1:
        before = "the file loaded before it stays loaded"
    else:
        before = f"the {files_loaded} files loaded before it stay loaded"
    if file is not None:
        return f"Interrupted (Ctrl-C) while loading '{file}': nothing of it was kept; {before}"
    if files_loaded == 0:
        return "Interrupted (Ctrl-C) before any file was loaded"
    return f"Interrupted (Ctrl-C) between files; {before.replace(' before it', '')}"


@dataclass(frozen=True)
class FileResult:
    """What happened to one input file. rows_read == loaded + quarantined always holds;
    `stale` counts the loaded rows that changed nothing because the stored record is newer
    (each also has an `older_than_stored` notice)."""

    path: Path
    rows_read: int
    loaded: int
    quarantined: int
    notices: int
    format: str = "veeva"
    object: str | None = None
    stale: int = 0


@dataclass(frozen=True)
class IngestResult:
    """The outcome of one `ingest_files` run, as also recorded in vdq_ingest."""

    ingest_id: int
    rows_read: int
    loaded: int
    quarantined: int
    notices: int
    loaded_by_object: dict[str, int] = field(default_factory=dict)
    files: tuple[FileResult, ...] = ()
    stale: int = 0
