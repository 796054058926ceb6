"""How a run's issues are stored: one head per rule, one lean row per issue.

What is the same for every issue of a rule in a run (run, rule, severity, dimension,
object, column, the status the issues were stored with, and how the message is made from
the value) is stored once, in `vdq_issue_head`. Each issue is a row of `vdq_issue_row`:
its head, record id, value and key. Its message is stored only when it is not the one
the head's message form gives for its value (the dataset-level rules write their own
sentences), and its status only when it differs from the head's. The view `vdq_issue` puts
the columns back together, the message made again exactly as `Rule.issue_message` makes it
(`tests/results/test_rule_issues.py`).

`vdq_issue_row` has no index: a run's rows are appended in the run's transaction, and each
batch of rows records, for every head in it, the span of rowids it wrote
(`vdq_issue_span`; the span can hold rows of other heads too). A read of a run, a rule or
an object reads the spans of its heads as ranges of rowids, in stored order, and keeps the
rows of its heads.

Measured at 1M HCPs (481,309 issues, docs/benchmarks.md): the rows of eleven columns with a
(run_id, rule_id) index took 1.18 s to insert and 0.38 s to commit, these 0.47 s and 0.11 s,
and the results file is well under half the size. Binding a None is itself costly in
Python's sqlite3 (an adapter look-up per value), so the columns a row leaves NULL are not
named in its INSERT.
"""

from __future__ import annotations

import collections
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS vdq_issue_head (
    head_id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES vdq_run(run_id),
    rule_id TEXT NOT NULL,
    severity TEXT NOT NULL,
    dimension TEXT NOT NULL,
    object TEXT NOT NULL,
    "column" TEXT,
    status TEXT,
    message_template TEXT,
    message_prefix TEXT,
    message_suffix TEXT,
    issues INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS vdq_issue_head_run ON vdq_issue_head (run_id, rule_id);
CREATE TABLE IF NOT EXISTS vdq_issue_row (
    head_id INTEGER NOT NULL,
    record_id TEXT,
    value TEXT,
    message TEXT,
    issue_key TEXT,
    status TEXT
);
CREATE TABLE IF NOT EXISTS vdq_issue_span (
    head_id INTEGER NOT NULL,
    first_rowid INTEGER NOT NULL,
    last_rowid INTEGER NOT NULL,
    PRIMARY KEY (head_id, first_rowid)
) WITHOUT ROWID;
"""

# Every column of an issue under its old name, and the row's rowid (stored order). The
# message: the row's, else the head's template with {column}, then {value}, replaced (as
# str.replace does: SQLite's replace() replaces every occurrence, left to right), else
# prefix + quoted value or 'missing' + suffix (see `Rule.message_form`). The CROSS JOIN
# keeps the rows the outer loop, so a condition on rowid is a range of the table.
VIEW = """CREATE VIEW IF NOT EXISTS vdq_issue (run_id, rule_id, severity, dimension, object,
    record_id, "column", value, message, issue_key, status, rowid) AS
SELECT h.run_id, h.rule_id, h.severity, h.dimension, h.object, i.record_id, h."column",
    i.value,
    CASE WHEN i.message IS NOT NULL THEN i.message
    WHEN h.message_template IS NOT NULL THEN replace(replace(h.message_template, '{column}',
        coalesce(h."column", '')), '{value}', coalesce(i.value, ''))
    ELSE h.message_prefix || CASE WHEN i.value IS NULL THEN 'missing'
        ELSE '''' || i.value || '''' END || h.message_suffix END,
    i.issue_key, coalesce(i.status, h.status), i.rowid
FROM vdq_issue_row AS i CROSS JOIN vdq_issue_head AS h ON h.head_id = i.head_id"""

_INSERT_HEAD = (
    'INSERT INTO vdq_issue_head (run_id, rule_id, severity, dimension, object, "column",'
    " status, message_template, message_prefix, message_suffix)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_ROW_COLUMNS = "INSERT INTO vdq_issue_row (head_id, record_id, value, issue_key)"
_INSERT_ROW = _ROW_COLUMNS + " VALUES (?, ?, ?, ?)"
_INSERT_WITH_MESSAGE = (
    "INSERT INTO vdq_issue_row (head_id, record_id, value, message, issue_key)"
    " VALUES (?, ?, ?, ?, ?)"
)


@dataclass(frozen=True)
class IssueHead:
    """The constant columns of a rule's issues, and its message form (`Rule.message_form`:
    a template, or a prefix and suffix; all None when each issue carries its message)."""

    rule_id: str
    severity: str
    dimension: str
    object: str
    column: str | None
    template: str | None = None
    prefix: str | None = None
    suffix: str | None = None

    @property
    def identity(self) -> tuple[str, str, str, str, str | None]:
        return (self.rule_id, self.severity, self.dimension, self.object, self.column)


class RunWriter:
    """Stores one run's issue rows inside its transaction: creates heads and appends rows,
    recording with each batch the span of rowids it wrote for each of its heads, and their
    counts of rows (so any store can complete the run).

    `status_of` gives the status a rule's issues are stored with (see
    `results._lifecycle`): its head's, set when the head is created."""

    def __init__(self, conn: sqlite3.Connection, run_id: int,
                 status_of: Callable[[str], str]) -> None:
        self.conn = conn
        self.run_id = run_id
        self._status_of = status_of
        self.heads: dict[tuple[str, str, str, str, str | None], int] = {}
        for head_id, rule_id, severity, dimension, obj, column in conn.execute(
                'SELECT head_id, rule_id, severity, dimension, object, "column"'
                " FROM vdq_issue_head WHERE run_id = ?", (run_id,)):
            self.heads[(rule_id, severity, dimension, obj, column)] = int(head_id)
        self._last_span: dict[int, tuple[int, int]] = {}  # head: (first, last rowid)

    def head(self, head: IssueHead) -> int:
        """The id of the run's head with these constant columns, created when new (with
        this message form)."""
        found = self.heads.get(head.identity)
        if found is not None:
            return found
        cur = self.conn.execute(_INSERT_HEAD, (
            self.run_id, head.rule_id, head.severity, head.dimension, head.object, head.column,
            self._status_of(head.rule_id), head.template, head.prefix, head.suffix))
        head_id = cur.lastrowid
        if head_id is None:
            raise RuntimeError("SQLite returned no id for the new issue head.")
        self.heads[head.identity] = head_id
        return head_id

    def write(self, rows: Sequence[Sequence[Any]]) -> int:
        """Append rows (head id, record id, value, issue key), their message the head's."""
        return self._append(_INSERT_ROW, rows)

    def write_for_head(self, head_id: int, rows: Sequence[Sequence[Any]]) -> int:
        """Append rows (anything, record id, value, issue key) of one head, written into
        the statement: one value less to bind per row."""
        return self._append(_ROW_COLUMNS + f" VALUES ({int(head_id)}, ?2, ?3, ?4)", rows,
                            head_id)

    def write_with_messages(self, rows: Sequence[Sequence[Any]]) -> int:
        """Append rows (head id, record id, value, message, issue key)."""
        return self._append(_INSERT_WITH_MESSAGE, rows)

    def _append(self, sql: str, rows: Sequence[Sequence[Any]], head: int | None = None
                ) -> int:
        if not rows:
            return 0
        conn = self.conn
        conn.executemany(sql, rows)
        # One statement appends its rows at consecutive rowids (each the largest plus one).
        (last,) = conn.execute("SELECT last_insert_rowid()").fetchone()
        first = last - len(rows) + 1
        per_head = (collections.Counter(map(itemgetter(0), rows)) if head is None
                    else {head: len(rows)})
        for head_id, n in per_head.items():
            conn.execute("UPDATE vdq_issue_head SET issues = issues + ? WHERE head_id = ?",
                         (n, head_id))
            span = self._last_span.get(head_id)
            if span is not None and span[1] == first - 1:
                conn.execute("UPDATE vdq_issue_span SET last_rowid = ? WHERE head_id = ?"
                             " AND first_rowid = ?", (last, head_id, span[0]))
                self._last_span[head_id] = (span[0], last)
            else:
                conn.execute("INSERT INTO vdq_issue_span (head_id, first_rowid, last_rowid)"
                             " VALUES (?, ?, ?)", (head_id, first, last))
                self._last_span[head_id] = (first, last)
        return len(rows)


# -- reading -------------------------------------------------------------------------------
def heads_of(conn: sqlite3.Connection, run_id: int, *, rule_id: str | None = None,
             object: str | None = None) -> list[int]:
    """The run's heads, of one rule or object when given."""
    sql = "SELECT head_id FROM vdq_issue_head WHERE run_id = ?"
    params: list[str | int] = [run_id]
    if rule_id is not None:
        sql += " AND rule_id = ?"
        params.append(rule_id)
    if object is not None:
        sql += " AND object = ?"
        params.append(object)
    return [int(r[0]) for r in conn.execute(sql, params)]


def ranges(conn: sqlite3.Connection, heads: Iterable[int]) -> list[tuple[int, int]]:
    """The rowid ranges holding every row of these heads: their spans, overlapping and
    adjacent ones merged, in rowid order."""
    spans = sorted(
        (int(a), int(b)) for a, b in conn.execute(
            "SELECT first_rowid, last_rowid FROM vdq_issue_span WHERE head_id IN"
            " (SELECT value FROM json_each(?))", (_json(heads),)))
    out: list[tuple[int, int]] = []
    for a, b in spans:
        if out and a <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def run_range(conn: sqlite3.Connection, run_id: int) -> tuple[int, int]:
    """The first and last rowid of the run's rows (an empty range when it has none). A
    run's rows are contiguous unless a row was written by other means; every reader
    keeps only the rows of the run's heads."""
    lo, hi = conn.execute(
        "SELECT min(s.first_rowid), max(s.last_rowid) FROM vdq_issue_head AS h"
        " JOIN vdq_issue_span AS s ON s.head_id = h.head_id WHERE h.run_id = ?", (run_id,)
    ).fetchone()
    return (1, 0) if lo is None else (int(lo), int(hi))


def _json(ids: Iterable[int]) -> str:
    return "[" + ",".join(str(int(i)) for i in ids) + "]"


def count(conn: sqlite3.Connection, heads: Iterable[int]) -> int:
    """How many rows these heads have."""
    (n,) = conn.execute("SELECT coalesce(sum(issues), 0) FROM vdq_issue_head WHERE head_id IN"
                        " (SELECT value FROM json_each(?))", (_json(heads),)).fetchone()
    return int(n)
