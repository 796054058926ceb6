"""VDQ_DUCKDB_MEMORY_LIMIT caps the memory of DuckDB validation connections."""

from __future__ import annotations

import tempfile
from pathlib import Path

import duckdb
import pytest

from veeva_dq.engines._duckdb import MEMORY_LIMIT_VARIABLE, DuckdbEngine, connect_config


def _settings(engine: DuckdbEngine) -> tuple[str, str]:
    row = engine.con.execute("SELECT current_setting('memory_limit'),"
                             " current_setting('temp_directory')").fetchone()
    assert row is not None
    return str(row[0]), str(row[1])


def test_the_limit_applies_to_the_file_and_its_workers(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "data.duckdb"
    duckdb.connect(str(path)).close()
    monkeypatch.setenv(MEMORY_LIMIT_VARIABLE, "1GiB")
    engine = DuckdbEngine.open(path)
    spill = str(Path(tempfile.gettempdir()) / "veeva-dq-duckdb")
    try:
        assert _settings(engine) == ("1.0 GiB", spill)
        worker = engine.cursor()
        assert _settings(worker) == ("1.0 GiB", spill)
        worker.close()
    finally:
        engine.close()


def test_without_the_variable_the_cap_is_one_gigabyte_and_none_lifts_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    spill = str(Path(tempfile.gettempdir()) / "veeva-dq-duckdb")
    monkeypatch.delenv(MEMORY_LIMIT_VARIABLE, raising=False)
    assert connect_config() == {"memory_limit": "1GB", "temp_directory": spill}
    monkeypatch.setenv(MEMORY_LIMIT_VARIABLE, "  ")
    assert connect_config() == {"memory_limit": "1GB", "temp_directory": spill}
    monkeypatch.setenv(MEMORY_LIMIT_VARIABLE, "None")
    assert connect_config() == {}
