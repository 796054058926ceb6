"""Validation: compile the selected rules, run them in the engine, store the run.

Engines measure (rows checked, rows failed, failing keys); `Rule.passes` judges. Row rules
of one object share one scan; failing records are fetched in a second query, only for rules
that failed. A run is stored as running first and turned complete in the same transaction
that stores its issues, so a crash leaves a visibly failed run, never a partial one.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from veeva_dq import __version__
from veeva_dq.compile import (
    CompileContext,
    ExistsCheck,
    GroupCheck,
    LookupCheck,
    RowCheck,
    compile_rule,
    exists_failures_query,
    group_failures_query,
    lookup_counts_query,
    lookup_failures_query,
    row_failures_query,
    scan_query,
)
from veeva_dq.db import connect, ensure_bookkeeping
from veeva_dq.engines import SqliteEngine
from veeva_dq.model import Model
from veeva_dq.results import ResultStore, RuleResult
from veeva_dq.rules import Rule, Severity

IssueRow = tuple[str, str, str, str, str | None, str | None, str | None, str]


@dataclass(frozen=True)
class ValidationResult:
    run_id: int
    results: tuple[RuleResult, ...]
    issues: int

    @property
    def has_blocking_failures(self) -> bool:
        """A failing rule of severity error or critical (exit code 1)."""
        return any(
            not r.passed and Severity(r.severity).rank >= Severity.ERROR.rank
            for r in self.results
        )


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def _issue(rule: Rule, record_id: Any, value: Any) -> IssueRow:
    text = None if value is None else str(value)
    return (rule.id, rule.severity.value, rule.dimension.value, rule.object,
            None if record_id is None else str(record_id), rule.column, text,
            rule.issue_message(text))


def run_validation(
    *,
    db: Path,
    rules: Sequence[Rule],
    model: Model,
    as_of: date,
    selector: str,
    rules_version: str,
    progress: bool = False,
    conn: sqlite3.Connection | None = None,
) -> ValidationResult:
    """Validate the database with the given rules and store the run."""
    conn = conn or connect(db, create=False)
    ensure_bookkeeping(conn)
    engine = SqliteEngine(conn)
    store = ResultStore(conn)
    run_id = store.start_run(
        started_at=_now(), rules_version=rules_version, veeva_dq_version=__version__,
        as_of=as_of.isoformat(), selector=selector, engine=engine.name,
    )
    try:
        results = _execute(engine, store, run_id, rules, model, as_of, progress)
        store.complete_run(run_id, finished_at=_now(), results=results)
    except BaseException as exc:
        store.fail_run(run_id, finished_at=_now(), error=f"{type(exc).__name__}: {exc}")
        raise
    run = store.get_run(run_id)
    return ValidationResult(run_id, tuple(results), run.issues)


def _execute(engine: SqliteEngine, store: ResultStore, run_id: int, rules: Sequence[Rule],
             model: Model, as_of: date, progress: bool) -> list[RuleResult]:
    present = engine.tables()
    by_object: dict[str, list[Rule]] = defaultdict(list)
    for r in rules:
        by_object[r.object].append(r)
    ctx = CompileContext(
        model=model, as_of=as_of, dialect=engine.dialect,
        table_columns={o: engine.columns(o) for o in by_object if o in present},
    )
    checked: dict[str, int] = {}
    failed: dict[str, int] = {}
    store.begin()

    from rich.progress import Progress

    with Progress(transient=True, disable=not progress) as bar:
        task = bar.add_task("Validating", total=len(by_object))
        for obj, obj_rules in by_object.items():
            bar.update(task, description=f"Validating {obj}")
            if obj not in present:
                # Nothing loaded for this object: its rules check nothing and pass.
                for r in obj_rules:
                    checked[r.id], failed[r.id] = 0, 0
                bar.advance(task)
                continue
            _validate_object(engine, store, run_id, obj, obj_rules, ctx, present, checked, failed)
            bar.advance(task)
    return [
        RuleResult(r.id, r.object, r.dimension.value, r.severity.value, r.description,
                   checked[r.id], failed.get(r.id, 0), r.passes(checked[r.id], failed.get(r.id, 0)))
        for r in rules
    ]


def _validate_object(engine: SqliteEngine, store: ResultStore, run_id: int, obj: str,
                     obj_rules: list[Rule], ctx: CompileContext, present: set[str],
                     checked: dict[str, int], failed: dict[str, int]) -> None:
    key = ctx.model.object(obj).key
    checks = [compile_rule(r, ctx) for r in obj_rules]
    row_checks = [c for c in checks if isinstance(c, RowCheck)]
    others = [c for c in checks if not isinstance(c, RowCheck)]
    # The checked counts of group and exists rules ride along in the same scan.
    plan = scan_query(obj, row_checks,
                      [(c.rule.id, c.applies) for c in others if not isinstance(c, LookupCheck)],
                      dialect=engine.dialect)
    (row,) = list(engine.query(plan.query))
    for rule_id, i in plan.checked.items():
        checked[rule_id] = int(row[i] or 0)
    for rule_id, i in plan.failed.items():
        failed[rule_id] = int(row[i] or 0)

    failing = [c for c in row_checks if failed[c.rule.id] > 0]
    if failing:
        store.add_issues(run_id, _row_issues(engine, obj, key, failing))
    for c in others:
        if isinstance(c, GroupCheck):
            q = group_failures_query(obj, key, c)
        elif isinstance(c, ExistsCheck):
            q = exists_failures_query(obj, key, c, present)
        else:
            assert isinstance(c, LookupCheck)
            if c.join_table not in present:
                checked[c.rule.id], failed[c.rule.id] = 0, 0
                continue
            (counts,) = list(engine.query(lookup_counts_query(obj, c)))
            checked[c.rule.id] = int(counts[0] or 0)
            failed[c.rule.id] = int(counts[1] or 0)
            if failed[c.rule.id] == 0:
                continue
            q = lookup_failures_query(obj, key, c)
        rule = c.rule
        n = store.add_issues(
            run_id, (_issue(rule, rid, val) for rid, val in engine.query(q))
        )
        failed[rule.id] = n


def _row_issues(engine: SqliteEngine, obj: str, key: str,
                checks: Sequence[RowCheck]) -> Iterator[IssueRow]:
    q = row_failures_query(obj, key, checks)
    n = len(checks)
    for row in engine.query(q):
        record_id = row[0]
        for i, c in enumerate(checks):
            if row[1 + n + i]:
                yield _issue(c.rule, record_id, row[1 + i])
