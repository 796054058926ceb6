"""Fixtures for the ingest tests: a database in tmp_path and a helper to load files into it."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from veeva_dq.ingest import IngestResult, ingest_files
from veeva_dq.model import Model

_BY_KEY = {
    "hcp": "SELECT * FROM hcp WHERE vid__v = ?",
    "hco": "SELECT * FROM hco WHERE vid__v = ?",
    "address": "SELECT * FROM address WHERE vid__v = ?",
    "license": "SELECT * FROM license WHERE vid__v = ?",
    "parenthco": "SELECT * FROM parenthco WHERE vid__v = ?",
    "npi_deactivation": "SELECT * FROM npi_deactivation WHERE npi = ?",
}


class Loaded:
    """Runs ingest_files against one database and reads back what it wrote."""

    def __init__(self, tmp_path: Path, model: Model) -> None:
        self.tmp_path = tmp_path
        self.db = tmp_path / "db" / "vdq.db"
        self.model = model
        self._conn: sqlite3.Connection | None = None

    def write(self, name: str, content: str | bytes) -> Path:
        """A file in tmp_path; text is written as UTF-8 with no newline translation."""
        path = self.tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        data = content.encode("utf-8") if isinstance(content, str) else content
        path.write_bytes(data)
        return path

    def ingest(
        self, *paths: Path, fmt: str | None = None, delimiter: str | None = None
    ) -> IngestResult:
        return ingest_files(
            list(paths), fmt, self.db, self.model, progress=False, delimiter=delimiter
        )

    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            self._conn = sqlite3.connect(self.db)
        return self._conn

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return self.conn.execute(sql, params).fetchall()

    def record(self, table: str, vid: str) -> dict[str, Any]:
        cur = self.conn.execute(_BY_KEY[table], (vid,))
        row = cur.fetchone()
        assert row is not None, f"{table} {vid} was not loaded"
        return dict(zip([d[0] for d in cur.description], row, strict=True))

    def quarantine(self) -> list[tuple[Any, ...]]:
        return self.rows("SELECT line, object, reason FROM vdq_quarantine ORDER BY file, line")

    def notices(self, kind: str | None = None) -> list[tuple[Any, ...]]:
        sql = (
            'SELECT line, object, record_id, "column", kind, value, loaded_value, message'
            " FROM vdq_ingest_notice"
        )
        if kind is None:
            return self.rows(sql + " ORDER BY file, line, rowid")
        return self.rows(sql + " WHERE kind = ? ORDER BY file, line, rowid", (kind,))

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()


@pytest.fixture
def vdq(tmp_path: Path, model: Model) -> Iterator[Loaded]:
    helper = Loaded(tmp_path, model)
    yield helper
    helper.close()
