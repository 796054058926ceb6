"""Opening the SQLite database: a new file and an existing one end in the same state."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from veeva_dq.db import connect


def _pragmas(conn: sqlite3.Connection) -> tuple[object, ...]:
    return tuple(conn.execute(f"PRAGMA {name}").fetchone()[0]
                 for name in ("journal_mode", "synchronous", "foreign_keys", "cache_size"))


def test_new_and_existing_files_are_opened_alike(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "new.db"
    conn = connect(path)
    assert _pragmas(conn) == ("wal", 1, 1, -65536)  # synchronous 1 is NORMAL
    conn.execute("CREATE TABLE t (x TEXT)")
    conn.execute("INSERT INTO t VALUES ('kept')")
    conn.close()
    again = connect(path, create=False)
    assert _pragmas(again) == ("wal", 1, 1, -65536)
    assert again.execute("SELECT x FROM t").fetchall() == [("kept",)]
    again.close()
