"""Where `--target` points: a DuckDB file, a PostgreSQL URL, or a folder of Parquet files.

    duckdb:///path/file.duckdb, path/file.duckdb     duckdb
    postgresql://user@host:5432/db                   postgres (the search_path schema)
    path/to/folder                                   parquet (FOLDER/hcp.parquet, ...)

Parsing opens nothing; `check_target` does the cheap checks (a folder that is a file, a
DuckDB path that is a folder), so an ingest stops before it loads anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from veeva_dq.engines._base import redact_url
from veeva_dq.engines._source import FILE_FORMATS, _path_of

TARGET_KINDS = ("duckdb", "postgres", "parquet")


class PublishError(ValueError):
    """A target that cannot be written, or a publish that failed; nothing was replaced."""


class PublishInterrupted(KeyboardInterrupt):
    """Ctrl-C during a publish (a KeyboardInterrupt still): the target keeps its tables."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class Target:
    kind: str  # duckdb | postgres | parquet
    location: str  # a file or folder path, or the URL

    @property
    def shown(self) -> str:
        """The target as the user wrote it, password redacted."""
        return redact_url(self.location) if self.kind == "postgres" else self.location


def parse_target(text: str) -> Target:
    """The kind of target a --target value names; raises PublishError for an unknown one."""
    if not text.strip():
        raise PublishError("--target is empty; give a DuckDB file (duckdb:///path/file.duckdb),"
                           " a PostgreSQL URL (postgresql://user@host:5432/db) or a folder.")
    scheme = ""
    if "://" in text or text.lower().startswith("duckdb:"):
        scheme = urlsplit(text).scheme.lower()
    if scheme in ("postgresql", "postgres"):
        return Target("postgres", text)
    if scheme == "duckdb":
        path = _path_of(text, "duckdb")
        if not path:
            raise PublishError(f"--target '{text}' names no file; write"
                               " duckdb:///path/file.duckdb.")
        return Target("duckdb", path)
    if scheme:
        raise PublishError(f"--target '{redact_url(text)}' has an unknown scheme '{scheme}://';"
                           " allowed: duckdb:///path/file.duckdb, postgresql://user@host/db, or"
                           " a folder path for Parquet files.")
    if Path(text).suffix.lower() == ".duckdb":
        return Target("duckdb", text)
    return Target("parquet", text)


def check_target(target: Target) -> None:
    """What can be told without connecting: the path is of the right kind."""
    path = Path(target.location)
    if target.kind == "duckdb":
        if path.is_dir():
            raise PublishError(f"--target '{target.shown}' is a folder; a DuckDB target is a"
                               " database file (file.duckdb), a Parquet target a folder.")
        if not path.parent.is_dir() and path.parent.exists():
            raise PublishError(f"--target '{target.shown}': '{path.parent}' is not a folder.")
    elif target.kind == "parquet":
        if path.exists() and not path.is_dir():
            kind = FILE_FORMATS.get(path.suffix.lower())
            what = f"a {kind} file" if kind else "a file"
            raise PublishError(f"--target '{target.shown}' is {what}, not a folder; a Parquet"
                               " target is a folder (it gets hcp.parquet, address.parquet, ...),"
                               " a DuckDB target ends in .duckdb.")
        for parent in path.parents:
            if parent.exists():
                if not parent.is_dir():
                    raise PublishError(f"--target '{target.shown}': '{parent}' is a file, so"
                                       " the folder cannot be created there.")
                break
