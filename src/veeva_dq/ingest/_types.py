"""Result and error types of the ingest stage."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


class IngestError(ValueError):
    """A usage or input problem that stops the run before anything is loaded."""


@dataclass(frozen=True)
class FileResult:
    """What happened to one input file. rows_read == loaded + quarantined always holds."""

    path: Path
    rows_read: int
    loaded: int
    quarantined: int
    notices: int
    format: str = "veeva"
    object: str | None = None


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
