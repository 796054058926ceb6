"""Fixtures: real runs in a temporary SQLite database, stored through ResultStore."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.report.report_data import RULES, issue_rows, make_run
from veeva_dq.db import connect
from veeva_dq.results import ResultStore


@pytest.fixture
def conn(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    c = connect(tmp_path / "db" / "vdq.db")
    yield c
    c.close()


@pytest.fixture
def store(conn: sqlite3.Connection) -> ResultStore:
    return ResultStore(conn)


@pytest.fixture
def run_id(store: ResultStore) -> int:
    return make_run(store, RULES, issue_rows())
