"""The issue lifecycle: a stable key per failure, and new / open / resolved between runs.

**Key.** An issue's key names the failure, not the run: the first 16 hex digits of the
SHA-256 of its rule id, object, record id and column. Each part is written as
`<length>:<text>` (length in characters), or `~` when it is NULL, and the four parts are
joined with the unit separator U+001F, then encoded as UTF-8. The length prefix makes the
encoding injective: no value, whatever characters it holds, can make two different
failures hash the same text. The value and the message are not part of the key, so a record
that still fails the same rule keeps its key when its bad value changes.

**Scope.** Runs are compared rule by rule. For each rule of a run, the baseline is the
latest earlier *complete* run that also ran that rule on the same source; a run of `--rule
npi` therefore never resolves address issues, a run on a DuckDB copy never resolves the
issues of the staging database, and a failed run is never a baseline. Runs stored before
sources were recorded (source NULL) count as the same source as any run. An issue of the run
is `open` when its key was an issue of the rule's baseline, else `new`. A key that was an
issue of the baseline and is absent now is `resolved` in this run and is stored in
`vdq_issue_resolved` with the values it had in the baseline.

**Cost.** Keys are random, so any per-issue lookup or index entry ordered by key costs a
random B-tree access per issue. The lifecycle avoids them: issues are stored with a guessed
status (`open` when their rule has a baseline, else `new`), kept once in their head
(`results._rows`), and no key index. When the run
completes, one sorted pass writes its distinct keys to `vdq_issue_key` (run, key, rule,
first row, row count, status), each key's status found by probing the baseline's keys in
key order, that is sequentially. Only the issues whose guess was wrong are then rewritten,
usually a few. The resolved keys come from one more sequential pass over the baseline's
keys.

Everything happens inside the run's transaction, before the run is marked complete, so a
run is never seen complete without its statuses.
"""

from __future__ import annotations

import enum
import hashlib
import json
import sqlite3
from dataclasses import dataclass

from veeva_dq.results import _rows

KEY_LENGTH = 16


class IssueStatus(enum.StrEnum):
    NEW = "new"
    OPEN = "open"
    RESOLVED = "resolved"


_sha256 = hashlib.sha256


def issue_key(rule_id: str, obj: str, record_id: str | None, column: str | None) -> str:
    """The stable key of a failure: 16 lowercase hex digits (see the module docstring)."""
    # Written out rather than with a helper per part: this runs once per stored issue.
    text = (f"{len(rule_id)}:{rule_id}\x1f{len(obj)}:{obj}\x1f"
            + ("~" if record_id is None else f"{len(record_id)}:{record_id}") + "\x1f"
            + ("~" if column is None else f"{len(column)}:{column}"))
    return _sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:KEY_LENGTH]


@dataclass(frozen=True)
class Counts:
    """New and still-open issue rows of a run, and keys resolved since the baseline."""

    new: int
    open: int
    resolved: int


@dataclass(frozen=True)
class RuleLifecycle:
    rule_id: str
    baseline_run_id: int | None
    counts: Counts | None  # None: a run stored before the lifecycle existed


# -- storing issues ----------------------------------------------------------------------
# The baseline of a rule for a run: the latest earlier complete run that ran the rule.
# ... on the same source (a run stored before sources were recorded matches any).
_BASELINE = (
    "SELECT max(p.run_id) FROM vdq_rule_result AS p JOIN vdq_run AS r ON r.run_id = p.run_id"
    " WHERE p.rule_id = :rule AND p.run_id < :run AND r.status = 'complete'"
    " AND (r.source IS NULL OR r.source = (SELECT c.source FROM vdq_run AS c"
    " WHERE c.run_id = :run))"
)
def stored_status(conn: sqlite3.Connection, run_id: int, rule_id: str) -> str:
    """The status a rule's issues are stored with while the run stores them (in their
    head): `open` when the rule has a baseline, else `new`."""
    (found,) = conn.execute(_BASELINE, {"rule": rule_id, "run": run_id}).fetchone()
    return (IssueStatus.NEW if found is None else IssueStatus.OPEN).value


# -- completing a run --------------------------------------------------------------------
_SET_BASELINES = (
    "UPDATE vdq_rule_result AS cur SET baseline_run_id = ("
    " SELECT max(p.run_id) FROM vdq_rule_result AS p JOIN vdq_run AS r ON r.run_id = p.run_id"
    " WHERE p.rule_id = cur.rule_id AND p.run_id < cur.run_id AND r.status = 'complete'"
    " AND (r.source IS NULL OR r.source = (SELECT c.source FROM vdq_run AS c"
    " WHERE c.run_id = cur.run_id))) WHERE cur.run_id = ?"
)
# The run's rows (:lo to :hi, the run's range) of the heads of the rules compared with
# baseline :base ...
_ROWS_COMPARED = (
    "FROM vdq_issue_row WHERE rowid BETWEEN :lo AND :hi AND head_id IN (SELECT head_id"
    " FROM vdq_issue_head WHERE run_id = :run AND rule_id IN (SELECT rule_id"
    " FROM vdq_rule_result WHERE run_id = :run AND baseline_run_id = :base))"
)
# ... and those of the rules without a baseline (or without a result).
_ROWS_UNCOMPARED = (
    "FROM vdq_issue_row WHERE rowid BETWEEN :lo AND :hi AND head_id IN (SELECT head_id"
    " FROM vdq_issue_head WHERE run_id = :run AND rule_id NOT IN (SELECT rule_id"
    " FROM vdq_rule_result WHERE run_id = :run AND baseline_run_id IS NOT NULL))"
)
# The distinct keys of those rows, each with its status: 'open' when the key is one of the
# baseline's (_STATUS), else 'new'. The rows are sorted by key (then rowid), so both the
# probes and the appends walk the key table sequentially, and a key's first row makes its
# entry: a later row of the same key (a record id that is not unique) only counts itself
# in. This is the GROUP BY issue_key it replaces without the aggregate calls of every row:
# at 10M HCPs (5.1M keys) 5.8 s against 7.2 s of CPU. A key names its rule (the rule id is
# hashed into it), so the probe needs no rule condition, and the row's head gives its rule.
_WRITE_KEYS = (
    "INSERT INTO vdq_issue_key (run_id, issue_key, rule_id, first_rowid, issues, status)"
    " SELECT :run, g.issue_key, h.rule_id, g.rowid, 1, {status}"
    " FROM (SELECT issue_key, head_id, rowid {rows}) AS g"
    " CROSS JOIN vdq_issue_head AS h ON h.head_id = g.head_id"
    " WHERE true ORDER BY g.issue_key, g.rowid"
    " ON CONFLICT (run_id, issue_key) DO UPDATE SET issues = issues + 1"
)
_STATUS = (
    "CASE WHEN EXISTS (SELECT 1 FROM vdq_issue_key AS b WHERE b.run_id = :base"
    " AND b.issue_key = g.issue_key) THEN 'open' ELSE 'new' END"
)
# Keys whose issues were stored with another status than the one they turned out to have
# (?2: JSON array of the rules whose issues were stored as 'open').
_WRONG_GUESSES = (
    "SELECT first_rowid, issues, rule_id, status FROM vdq_issue_key"
    " WHERE run_id = ?1 AND status <> CASE WHEN rule_id IN (SELECT rule_id"
    " FROM vdq_issue_head WHERE run_id = ?1 AND status = 'open')"
    " THEN 'open' ELSE 'new' END ORDER BY first_rowid"
)
# The baseline's keys, of the rules compared with it, that are no issue now: one row per
# key, with the values of its first issue row in the baseline.
_WRITE_RESOLVED = (
    "INSERT INTO vdq_issue_resolved (run_id, issue_key, rule_id, severity, dimension, object,"
    ' record_id, "column", value, message, previous_run_id)'
    " SELECT :run, k.issue_key, i.rule_id, i.severity, i.dimension, i.object, i.record_id,"
    ' i."column", i.value, i.message, :base FROM vdq_issue_key AS k'
    " JOIN vdq_issue AS i ON i.rowid = k.first_rowid"
    " WHERE k.run_id = :base AND k.rule_id IN (SELECT rule_id FROM vdq_rule_result"
    " WHERE run_id = :run AND baseline_run_id = :base)"
    " AND NOT EXISTS (SELECT 1 FROM vdq_issue_key AS c WHERE c.run_id = :run"
    " AND c.issue_key = k.issue_key) ORDER BY k.first_rowid"
)


def apply_lifecycle(conn: sqlite3.Connection, run_id: int) -> Counts:
    """Settle the run's baselines, issue statuses, keys, resolved issues and counts.

    Call inside the run's transaction, after its rule results and issues are stored and
    before it is marked complete. Returns the run's totals.
    """
    conn.execute(_SET_BASELINES, (run_id,))
    bases = [int(r[0]) for r in conn.execute(
        "SELECT DISTINCT baseline_run_id FROM vdq_rule_result"
        " WHERE run_id = ? AND baseline_run_id IS NOT NULL ORDER BY 1", (run_id,))]
    lo, hi = _rows.run_range(conn, run_id)
    for base in bases:
        conn.execute(_WRITE_KEYS.format(rows=_ROWS_COMPARED, status=_STATUS),
                     {"run": run_id, "base": base, "lo": lo, "hi": hi})
    conn.execute(_WRITE_KEYS.format(rows=_ROWS_UNCOMPARED, status="'new'"),
                 {"run": run_id, "lo": lo, "hi": hi})
    _correct_guesses(conn, run_id, (lo, hi))
    for base in bases:
        conn.execute(_WRITE_RESOLVED, {"run": run_id, "base": base})
    # [new, open, resolved] per rule. Issues per rule are the counts of its heads; all are
    # new without a baseline, else the key table says which.
    counts = {str(r[0]): [0, 0, 0] for r in conn.execute(
        "SELECT rule_id FROM vdq_rule_result WHERE run_id = ?", (run_id,))}
    compared = {str(r[0]) for r in conn.execute(
        "SELECT rule_id FROM vdq_rule_result WHERE run_id = ? AND baseline_run_id IS NOT NULL",
        (run_id,))}
    for rule_id, n in conn.execute(
        "SELECT rule_id, sum(issues) FROM vdq_issue_head WHERE run_id = ? GROUP BY rule_id"
        " HAVING sum(issues) > 0", (run_id,)
    ):
        counts.setdefault(rule_id, [0, 0, 0])[1 if rule_id in compared else 0] = n
    for rule_id, n in conn.execute(
        "SELECT rule_id, sum(issues) FROM vdq_issue_key WHERE run_id = ? AND status = 'new'"
        " AND rule_id IN (SELECT rule_id FROM vdq_rule_result WHERE run_id = ?"
        " AND baseline_run_id IS NOT NULL) GROUP BY rule_id", (run_id, run_id)
    ):
        counts[rule_id][0] = n
        counts[rule_id][1] -= n
    for rule_id, n in conn.execute(
        "SELECT rule_id, count(*) FROM vdq_issue_resolved WHERE run_id = ? GROUP BY rule_id",
        (run_id,),
    ):
        counts.setdefault(rule_id, [0, 0, 0])[2] = n
    conn.executemany(
        "UPDATE vdq_rule_result SET new_issues = ?, open_issues = ?, resolved_issues = ?"
        " WHERE run_id = ? AND rule_id = ?",
        ((*c, run_id, rule_id) for rule_id, c in counts.items()),
    )
    total = Counts(*(sum(c[i] for c in counts.values()) for i in range(3)))
    conn.execute(
        "UPDATE vdq_run SET new_issues = ?, open_issues = ?, resolved_issues = ?"
        " WHERE run_id = ?",
        (total.new, total.open, total.resolved, run_id),
    )
    return total


# Every row of the run (?1 to ?2, of run ?3) of the rules in ?4 (a JSON array) takes its
# key's status, one key probe each.
_TAKE_KEY_STATUS = (
    "UPDATE vdq_issue_row SET status = (SELECT k.status FROM vdq_issue_key AS k"
    " WHERE k.run_id = ?3 AND k.issue_key = vdq_issue_row.issue_key)"
    " WHERE rowid BETWEEN ?1 AND ?2 AND head_id IN (SELECT head_id FROM vdq_issue_head"
    " WHERE run_id = ?3 AND rule_id IN (SELECT value FROM json_each(?4)))"
)


def _correct_guesses(conn: sqlite3.Connection, run_id: int, span: tuple[int, int]) -> None:
    """Rewrite the status of the issues whose stored guess (their head's status) was wrong:
    by rowid when the key has one issue in the run, else (a record id that is not unique)
    for the whole rule."""
    single: list[tuple[str, int]] = []
    whole: set[str] = set()
    for first_rowid, n, rule_id, status in conn.execute(_WRONG_GUESSES, (run_id,)).fetchall():
        if n == 1:
            single.append((status, first_rowid))
        else:
            whole.add(rule_id)
    conn.executemany("UPDATE vdq_issue_row SET status = ? WHERE rowid = ?", single)
    if whole:
        conn.execute(_TAKE_KEY_STATUS, (*span, run_id, json.dumps(sorted(whole))))


def rule_lifecycle(conn: sqlite3.Connection, run_id: int) -> dict[str, RuleLifecycle]:
    """The baseline and counts of each rule of the run, by rule id."""
    out: dict[str, RuleLifecycle] = {}
    for rule_id, base, new, open_, resolved in conn.execute(
        "SELECT rule_id, baseline_run_id, new_issues, open_issues, resolved_issues"
        " FROM vdq_rule_result WHERE run_id = ? ORDER BY rule_id", (run_id,)
    ):
        counts = None if new is None else Counts(new, open_, resolved)
        out[rule_id] = RuleLifecycle(rule_id, base, counts)
    return out
