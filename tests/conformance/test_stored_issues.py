"""Every engine stores the same issue rows, column for column, for the whole built-in pack.

DuckDB and PostgreSQL return only what varies per issue (record id, value, message, key)
and the store adds each rule's constant columns; SQLite builds whole rows in Python. The
stored rows, keys and messages included, must not depend on the path.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tests.conformance.test_engines import HOSTILE, LOADERS
from tests.conftest import insert
from tests.rules.test_builtin_rules import AS_OF, BASE
from veeva_dq.db import connect, ensure_bookkeeping, ensure_object_table
from veeva_dq.engines import SqliteEngine
from veeva_dq.model import Model
from veeva_dq.rules import Rule
from veeva_dq.validate import run_validation

STORED = ('SELECT run_id, rule_id, severity, dimension, object, record_id, "column", value,'
          " message, issue_key, status FROM vdq_issue WHERE run_id = ?")


def _stored(engine_name: str, rules: list[Rule], model: Model,
            empty_db: tuple[Path, sqlite3.Connection], tmp_path: Path) -> list[tuple[Any, ...]]:
    path, conn = empty_db
    for table, row in BASE:
        insert(conn, table, row)
    for rule_id, (records, _) in sorted(HOSTILE.items()):
        for table, row in records:  # one id space for all: each case's ids prefixed
            insert(conn, table, {**row, "vid__v": f"{rule_id}:{row['vid__v']}"})
    engine = LOADERS[engine_name](conn, tmp_path)
    store = conn if isinstance(engine, SqliteEngine) else connect(tmp_path / "results.db")
    try:
        out = run_validation(db=path, rules=rules, model=model, as_of=AS_OF, selector="all",
                             rules_version="test", conn=store, engine=engine)
        rows = store.execute(STORED, (out.run_id,)).fetchall()
    finally:
        if store is not conn:
            store.close()
            engine.close()
    return sorted(rows, key=repr)


@pytest.mark.parametrize("engine_name", sorted(set(LOADERS) - {"sqlite"}))
def test_engines_store_the_issue_rows_sqlite_stores(
        engine_name: str, model: Model, builtin_rules: dict[str, Rule],
        tmp_path_factory: pytest.TempPathFactory) -> None:
    rules = sorted(builtin_rules.values(), key=lambda r: r.id)
    got: dict[str, list[tuple[Any, ...]]] = {}
    for name in ("sqlite", engine_name):
        tmp = tmp_path_factory.mktemp(name)
        db = tmp / "source.db"
        conn = connect(db, create=True)
        ensure_bookkeeping(conn)
        for obj in model.objects.values():
            ensure_object_table(conn, obj)
        try:
            got[name] = _stored(name, rules, model, (db, conn), tmp)
        finally:
            conn.close()
    assert len(got["sqlite"]) > 20
    assert {r[1] for r in got["sqlite"]} >= {"hcp_npi_check_digit", "address_us_zip_format"}
    assert got[engine_name] == got["sqlite"]
