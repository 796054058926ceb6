"""Measured values of dataset rules per run, the history that anomaly rules judge against."""

from __future__ import annotations

import sqlite3

SCHEMA = """
CREATE TABLE IF NOT EXISTS vdq_metric (
    run_id INTEGER NOT NULL,
    rule_id TEXT NOT NULL,
    value REAL,
    PRIMARY KEY (run_id, rule_id)
);
"""


def ensure(conn: sqlite3.Connection) -> None:
    conn.executescript(SCHEMA)


def record(conn: sqlite3.Connection, run_id: int, values: dict[str, float | None]) -> None:
    conn.executemany(
        "INSERT OR REPLACE INTO vdq_metric (run_id, rule_id, value) VALUES (?, ?, ?)",
        [(run_id, rule_id, v) for rule_id, v in values.items()],
    )


def previous(conn: sqlite3.Connection, rule_id: str, before_run: int, window: int
             ) -> list[float]:
    """The rule's values in its last `window` complete runs before this one, oldest first."""
    rows = conn.execute(
        "SELECT m.value FROM vdq_metric m JOIN vdq_run r ON r.run_id = m.run_id"
        " WHERE m.rule_id = ? AND m.run_id < ? AND r.status = 'complete'"
        " AND m.value IS NOT NULL ORDER BY m.run_id DESC LIMIT ?",
        (rule_id, before_run, window),
    ).fetchall()
    return [float(r[0]) for r in reversed(rows)]
