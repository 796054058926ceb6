"""Comparing any two stored runs rule by rule, by issue key, whatever their order in time."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass


@dataclass(frozen=True)
class RuleDiff:
    """One rule in two runs A and B.

    `new`: issues of B whose key was not an issue of A (issue rows, as a run's `new`
    count); `resolved`: keys that were issues of A and are not issues of B (each key once).
    Both are None when only one of the runs ran the rule, and so are the failed count of
    the run that did not run it and `delta`.
    """

    rule_id: str
    failed_a: int | None
    failed_b: int | None
    new: int | None
    resolved: int | None

    @property
    def delta(self) -> int | None:
        if self.failed_a is None or self.failed_b is None:
            return None
        return self.failed_b - self.failed_a


# Per rule: issue rows of run ?1 whose key is no issue of run ?2 (through the per-run key
# table, so neither run's issue rows are read) ...
_NEW_ROWS = (
    "SELECT x.rule_id, sum(x.issues) FROM vdq_issue_key AS x WHERE x.run_id = ?1"
    " AND NOT EXISTS (SELECT 1 FROM vdq_issue_key AS y WHERE y.run_id = ?2"
    " AND y.issue_key = x.issue_key) GROUP BY x.rule_id"
)
# ... and the same counted as keys.
_GONE_KEYS = (
    "SELECT x.rule_id, count(*) FROM vdq_issue_key AS x WHERE x.run_id = ?1"
    " AND NOT EXISTS (SELECT 1 FROM vdq_issue_key AS y WHERE y.run_id = ?2"
    " AND y.issue_key = x.issue_key) GROUP BY x.rule_id"
)


def diff_runs(conn: sqlite3.Connection, a: int, b: int) -> list[RuleDiff]:
    """Every rule of either run, by rule id (see `RuleDiff`)."""
    failed: dict[str, dict[int, int]] = {}
    for run_id, rule_id, n in conn.execute(
        "SELECT run_id, rule_id, failed FROM vdq_rule_result WHERE run_id IN (?, ?)", (a, b)
    ):
        failed.setdefault(rule_id, {})[run_id] = n
    both = {r for r, runs in failed.items() if a in runs and b in runs}
    new = _per_rule(conn, _NEW_ROWS, b, a)
    resolved = _per_rule(conn, _GONE_KEYS, a, b)
    return [
        RuleDiff(
            rule_id, runs.get(a), runs.get(b),
            new.get(rule_id, 0) if rule_id in both else None,
            resolved.get(rule_id, 0) if rule_id in both else None,
        )
        for rule_id, runs in sorted(failed.items())
    ]


def _per_rule(conn: sqlite3.Connection, sql: str, run: int, other: int) -> dict[str, int]:
    return {str(r[0]): int(r[1]) for r in conn.execute(sql, (run, other))}
