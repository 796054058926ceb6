"""ResultStore.add_rule_issues stores what add_ready_issues stores for the same issues."""

from __future__ import annotations

import sqlite3

from veeva_dq.results import ResultStore

STORED = ('SELECT run_id, rule_id, severity, dimension, object, record_id, "column", value,'
          " message, issue_key, status FROM vdq_issue ORDER BY rowid")


def _store() -> ResultStore:
    store = ResultStore(sqlite3.connect(":memory:", isolation_level=None))
    store.start_run(started_at="2026-01-01T00:00:00", rules_version="t", veeva_dq_version="t",
                    as_of="2026-01-01", selector="t", engine="duckdb")
    return store


def test_constant_columns_come_from_the_head_the_rest_from_each_row() -> None:
    heads = [(1, "o'rule", "error", "validity", "hcp", None, "npi_num__v", None, None, None,
              "new"),
             (1, "no_column", "warning", "consistency", "hcp", None, None, None, None, None,
              "open")]
    lean = [[(0, "V1", "12'3", "Bad '12'3'", "00ff00ff00ff00ff"), (0, None, None, "m", "k2")],
            [(1, "V2", "x", "Fails no_column (value is 'x'): d.", "abcdefabcdefabcd")]]
    whole = [(*h[:5], r[1], h[6], r[2], r[3], r[4], h[10])
             for h, rows in zip(heads, lean, strict=True) for r in rows]
    a, b = _store(), _store()
    for head, rows in zip(heads, lean, strict=True):
        assert a.add_rule_issues(head, rows) == len(rows)
    b.add_ready_issues(whole)
    assert a.conn.execute(STORED).fetchall() == b.conn.execute(STORED).fetchall() == [
        (1, "o'rule", "error", "validity", "hcp", "V1", "npi_num__v", "12'3", "Bad '12'3'",
         "00ff00ff00ff00ff", "new"),
        (1, "o'rule", "error", "validity", "hcp", None, "npi_num__v", None, "m", "k2", "new"),
        (1, "no_column", "warning", "consistency", "hcp", "V2", None, "x",
         "Fails no_column (value is 'x'): d.", "abcdefabcdefabcd", "open"),
    ]
