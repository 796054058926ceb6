"""Stewardship: assignments and notes on issues, and finding issues by key or filter.

Assignments and notes are keyed by the issue key, not by run, so they follow an issue from
run to run for as long as the same record fails the same rule on the same column.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from veeva_dq.results import _rows
from veeva_dq.results._lifecycle import KEY_LENGTH, IssueStatus

MIN_PREFIX = 6
_HEX = re.compile(r"[0-9a-f]+")

# Issues of a run (a range of rowids of the view vdq_issue), and keys resolved in a run,
# in the same columns. Both name the table `i` so that one WHERE clause (built from fixed
# fragments only) serves both.
ISSUE_SELECT = (
    'SELECT i.run_id, i.rule_id, i.severity, i.dimension, i.object, i.record_id, i."column",'
    " i.value, i.message, i.status, i.issue_key FROM vdq_issue AS i"
)
RESOLVED_SELECT = (
    'SELECT i.run_id, i.rule_id, i.severity, i.dimension, i.object, i.record_id, i."column",'
    " i.value, i.message, 'resolved', i.issue_key FROM vdq_issue_resolved AS i"
)
ISSUE_COUNT = "SELECT count(*) FROM vdq_issue AS i"
RESOLVED_COUNT = "SELECT count(*) FROM vdq_issue_resolved AS i"
_IN_RANGE = " AND i.rowid BETWEEN ? AND ?"
_ASSIGNED_TO = (
    " AND i.issue_key IN (SELECT issue_key FROM vdq_issue_assignment WHERE assignee = ?)"
)
# Keys in [prefix, prefix + 'g'): one range search of the key table per stored run.
_KEYS_IN_RANGE = (
    "SELECT DISTINCT k.issue_key FROM vdq_run AS r JOIN vdq_issue_key AS k"
    " ON k.run_id = r.run_id AND k.issue_key >= ? AND k.issue_key < ? LIMIT 1000"
)
# The key's issue rows, newest run first: one search of the key table per stored run.
_RUNS_OF_KEY = (
    "SELECT k.run_id, i.status, k.first_rowid FROM vdq_run AS r JOIN vdq_issue_key AS k"
    " ON k.run_id = r.run_id AND k.issue_key = ? JOIN vdq_issue AS i ON i.rowid = k.first_rowid"
    " ORDER BY k.run_id DESC"
)


class IssueKeyError(LookupError):
    """A key or key prefix that names no issue, or more than one."""


@dataclass(frozen=True)
class Note:
    note_id: int
    issue_key: str
    created_at: str
    author: str | None
    text: str


@dataclass(frozen=True)
class Assignment:
    issue_key: str
    assignee: str
    assigned_at: str


def find_key(conn: sqlite3.Connection, prefix: str) -> str:
    """The one stored issue key that starts with `prefix` (at least 6 hex digits).

    Looks in every stored run (a resolved key was an issue of an earlier run).
    """
    p = prefix.strip().lower()
    if len(p) < MIN_PREFIX or len(p) > KEY_LENGTH or not _HEX.fullmatch(p):
        raise IssueKeyError(
            f"'{prefix}' is not an issue key. Give the key from 'veeva-dq issues list', or"
            f" its first {MIN_PREFIX} or more characters (0-9, a-f)."
        )
    hi = p + "g"  # every key with this prefix sorts before it: keys are 0-9 and a-f
    found = sorted(str(r[0]) for r in conn.execute(_KEYS_IN_RANGE, (p, hi)))
    if not found:
        raise IssueKeyError(f"No stored issue has a key starting with '{p}'.")
    if len(found) > 1:
        raise IssueKeyError(
            f"Key prefix '{p}' matches {len(found)} issues. Give more characters of the key."
        )
    return found[0]


def assign(conn: sqlite3.Connection, key: str, assignee: str, at: str) -> None:
    conn.execute(
        "INSERT INTO vdq_issue_assignment (issue_key, assignee, assigned_at) VALUES (?, ?, ?)"
        " ON CONFLICT (issue_key) DO UPDATE SET assignee = excluded.assignee,"
        " assigned_at = excluded.assigned_at",
        (key, assignee, at),
    )


def unassign(conn: sqlite3.Connection, key: str) -> bool:
    cur = conn.execute("DELETE FROM vdq_issue_assignment WHERE issue_key = ?", (key,))
    return cur.rowcount > 0


def assignment(conn: sqlite3.Connection, key: str) -> Assignment | None:
    row = conn.execute(
        "SELECT issue_key, assignee, assigned_at FROM vdq_issue_assignment WHERE issue_key = ?",
        (key,),
    ).fetchone()
    return None if row is None else Assignment(*row)


def add_note(conn: sqlite3.Connection, key: str, text: str, author: str | None, at: str
             ) -> int:
    cur = conn.execute(
        "INSERT INTO vdq_issue_note (issue_key, created_at, author, text) VALUES (?, ?, ?, ?)",
        (key, at, author, text),
    )
    if cur.lastrowid is None:
        raise RuntimeError("SQLite returned no id for the new note.")
    return cur.lastrowid


def notes(conn: sqlite3.Connection, key: str) -> list[Note]:
    rows = conn.execute(
        "SELECT note_id, issue_key, created_at, author, text FROM vdq_issue_note"
        " WHERE issue_key = ? ORDER BY note_id",
        (key,),
    ).fetchall()
    return [Note(*r) for r in rows]


def _runs_of_key(conn: sqlite3.Connection, key: str) -> list[tuple[int, str | None, int]]:
    """(run id, status, rowid) of the key's first issue row in each run, newest first."""
    rows = conn.execute(_RUNS_OF_KEY, (key,)).fetchall()
    return [(int(r[0]), r[1], int(r[2])) for r in rows]


def key_history(conn: sqlite3.Connection, key: str) -> list[tuple[int, str | None]]:
    """(run id, status) of every run in which the key was an issue or was resolved, in run
    order; the status is None for runs stored before the lifecycle existed."""
    seen = {(run, status) for run, status, _ in _runs_of_key(conn, key)}
    seen |= {(int(r[0]), IssueStatus.RESOLVED.value) for r in conn.execute(
        "SELECT run_id FROM vdq_issue_resolved WHERE issue_key = ?", (key,))}
    return sorted(seen, key=lambda x: (x[0], x[1] or ""))


# -- selecting issues --------------------------------------------------------------------
STATUS_FILTERS = ("new", "open", "resolved", "all")


@dataclass(frozen=True)
class IssueFilter:
    """Which issues of a run to read. `status` None: the run's issues (new and open);
    'resolved': the keys resolved in the run; 'all': both."""

    status: str | None = None
    rule_id: str | None = None
    object: str | None = None
    assignee: str | None = None

    def __post_init__(self) -> None:
        if self.status is not None and self.status not in STATUS_FILTERS:
            raise ValueError(
                f"Unknown status '{self.status}'; use one of {', '.join(STATUS_FILTERS)}."
            )


def _where(f: IssueFilter, run_id: int) -> tuple[str, list[object]]:
    sql = " WHERE i.run_id = ?"
    params: list[object] = [run_id]
    if f.status in (IssueStatus.NEW, IssueStatus.OPEN):
        sql += " AND i.status = ?"
        params.append(f.status)
    if f.rule_id is not None:
        sql += " AND i.rule_id = ?"
        params.append(f.rule_id)
    if f.object is not None:
        sql += " AND i.object = ?"
        params.append(f.object)
    if f.assignee is not None:
        sql += _ASSIGNED_TO
        params.append(f.assignee)
    return sql, params


def _issue_ranges(conn: sqlite3.Connection, run_id: int, f: IssueFilter
                  ) -> list[tuple[int, int]]:
    """The rowid ranges that hold the run's issues of the filter's rule and object."""
    return _rows.ranges(conn, _rows.heads_of(conn, run_id, rule_id=f.rule_id,
                                             object=f.object))


def select_rows(conn: sqlite3.Connection, run_id: int, f: IssueFilter,
                limit: int | None = None) -> Iterator[tuple[Any, ...]]:
    """Issue rows in ISSUE_SELECT's column order: the run's issues in stored order, then
    the keys resolved in the run, in the order the previous run had stored them."""
    left = limit
    where, params = _where(f, run_id)
    queries: list[tuple[str, list[object]]] = []
    if f.status != IssueStatus.RESOLVED:
        queries += [(ISSUE_SELECT + where + _IN_RANGE, [*params, lo, hi])
                    for lo, hi in _issue_ranges(conn, run_id, f)]
    if f.status in (IssueStatus.RESOLVED, "all"):
        queries.append((RESOLVED_SELECT + where, params))
    for sql, args in queries:
        if left is not None and left <= 0:
            return
        sql += " ORDER BY i.rowid"
        if left is not None:
            sql += " LIMIT ?"
            args = [*args, left]
        for row in conn.execute(sql, args):
            if left is not None:
                left -= 1
            yield tuple(row)


def count_rows(conn: sqlite3.Connection, run_id: int, f: IssueFilter) -> int:
    where, params = _where(f, run_id)
    n = 0
    if f.status != IssueStatus.RESOLVED:
        if f.status in (None, "all") and f.assignee is None:
            n += _rows.count(conn, _rows.heads_of(conn, run_id, rule_id=f.rule_id,
                                                  object=f.object))
        else:
            n += sum(int(conn.execute(ISSUE_COUNT + where + _IN_RANGE, [*params, lo, hi])
                         .fetchone()[0]) for lo, hi in _issue_ranges(conn, run_id, f))
    if f.status in (IssueStatus.RESOLVED, "all"):
        n += int(conn.execute(RESOLVED_COUNT + where, params).fetchone()[0])
    return n


def assignees(conn: sqlite3.Connection, keys: list[str]) -> dict[str, str]:
    """The assignee of each of these keys that has one."""
    rows = conn.execute(
        "SELECT issue_key, assignee FROM vdq_issue_assignment"
        " WHERE issue_key IN (SELECT value FROM json_each(?))",
        (json.dumps(keys),),
    )
    return {str(k): str(a) for k, a in rows}


def latest_row(conn: sqlite3.Connection, key: str) -> tuple[Any, ...] | None:
    """The key's issue in the newest run where it was one, in ISSUE_SELECT's column order
    (None when no stored issue has the key)."""
    runs = _runs_of_key(conn, key)
    if not runs:
        return None
    row = conn.execute(ISSUE_SELECT + " WHERE i.rowid = ?", (runs[0][2],)).fetchone()
    return None if row is None else tuple(row)
