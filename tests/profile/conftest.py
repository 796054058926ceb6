"""Fixtures for the profiling tests: the real 2016 NPPES sample, loaded once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SAMPLES
from veeva_dq.ingest import ingest_files
from veeva_dq.model import Model

NPPES_2016 = SAMPLES / "nppes_npidata_2016_first10k_41cols.csv"


@pytest.fixture(scope="session")
def nppes_db(tmp_path_factory: pytest.TempPathFactory, model: Model) -> Path:
    """A database holding the 2016 sample (7,881 HCPs, 1,803 HCOs, 9,684 addresses)."""
    db = tmp_path_factory.mktemp("nppes") / "vdq.db"
    ingest_files([NPPES_2016], "nppes", db, model, progress=False)
    return db
