"""The planner: rules become checks, checks become the jobs of a `Plan`, rendered for the
engine.

Per object: one scan job with every rule's rows-checked count (and dataset rules' measured
values); one failures job that finds the failing rows of all row rules in one pass; one
GROUP BY job per set of uniqueness rules over the same key; one job per cross-object rule
(anti-join, lookup, children). Where the engine builds issue rows in SQL, every query that
returns failing records is wrapped to return issue rows instead (`compile._issues`: rule
ordinal, record id, value, key; nothing of the run, so a plan serves every run).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence

from sqlglot import exp

from veeva_dq._plan import JobSpec, Plan, Step
from veeva_dq.compile import (
    ChildrenCheck,
    CompileContext,
    DatasetCheck,
    ExistsCheck,
    GroupCheck,
    LookupCheck,
    RowCheck,
    children_failures_query,
    compile_rule,
    exists_failures_query,
    group_failures_query,
    group_set_key,
    lookup_counts_query,
    lookup_failures_query,
    null_key_query,
    row_failures_query,
    scan_query,
    shared_group_count_query,
)
from veeva_dq.compile._issues import issues_of, row_issues_of
from veeva_dq.engines import Engine
from veeva_dq.rules import Rule

# Relative CPU per table row of each kind of job, from the 1M-HCP benchmark on SQLite: a
# row rule's condition costs about as much as probing an index, a GROUP BY key column
# about three times that. Only the order of the jobs depends on them.
_WEIGHT = {"scan": 0.1, "failures": 0.4, "group": 1.0, "anti-join": 0.8, "lookup": 4.0,
           "children": 2.0}


def tables_read(obj: str, check: object) -> set[str]:
    """The tables a compiled rule reads: its object's, and those of its targets."""
    if isinstance(check, ExistsCheck):
        return {obj, *(t for t, _ in check.targets)}
    if isinstance(check, LookupCheck):
        return {obj, check.join_table}
    if isinstance(check, ChildrenCheck):
        return {obj, check.child_table}
    return {obj}


def build_plan(engine: Engine, rules: Sequence[Rule], ctx: CompileContext, present: set[str],
               keys: dict[str, str], indexed: Collection[tuple[str, str]],
               in_sql: bool) -> Plan:
    """Compile every rule (an ExpressionError stops here, before anything runs), note the
    tables each reads, and plan the jobs of those whose tables are all present."""
    compiled = [(r, compile_rule(r, ctx)) for r in rules]
    reads = {r.id: sorted(tables_read(r.object, c)) for r, c in compiled}
    runnable = [(r, c) for r, c in compiled if all(t in present for t in reads[r.id])]
    by_object: dict[str, list[object]] = defaultdict(list)
    for _, c in runnable:
        by_object[c.rule.object].append(c)
    jobs: list[JobSpec] = []
    for obj, checks in by_object.items():
        jobs += _object_jobs(engine, obj, keys[obj], checks, ctx, present, indexed, in_sql)
    return Plan(jobs, reads, in_sql)


def _object_jobs(engine: Engine, obj: str, key: str, checks: list[object],
                 ctx: CompileContext, present: set[str],
                 indexed: Collection[tuple[str, str]], in_sql: bool) -> list[JobSpec]:
    row_checks = [c for c in checks if isinstance(c, RowCheck)]
    dataset = [c for c in checks if isinstance(c, DatasetCheck)]
    others = [c for c in checks if isinstance(c, GroupCheck | ExistsCheck | LookupCheck
                                               | ChildrenCheck)]
    dialect = ctx.dialect

    def fetch_sql(rule: Rule, q: exp.Select) -> str:
        if in_sql:
            q = issues_of(q, rule, dialect=dialect)
        return engine.sql(q)

    # The checked counts of group, exists and children rules and the measured values of
    # dataset rules ride along in the same scan.
    scan = scan_query(obj, row_checks,
                      [(c.rule.id, c.counted if isinstance(c, GroupCheck) and c.counted
                        is not None else c.applies)
                       for c in others if not isinstance(c, LookupCheck)],
                      dialect=dialect, aggregates=[(c.rule.id, c.metric) for c in dataset])
    jobs = [JobSpec(f"scan {obj}", "scan", obj, _WEIGHT["scan"] * (1 + len(scan.checked) / 4),
                    sql=engine.sql(scan.query), checked=scan.checked,
                    aggregates=scan.aggregates)]
    if row_checks:
        failures = row_failures_query(obj, key, row_checks)
        if in_sql:
            failures = row_issues_of(failures, key, row_checks, dialect=dialect)
        jobs.append(JobSpec(f"failures {obj} ({len(row_checks)} row rules)", "failures", obj,
                            _WEIGHT["failures"] * (1 + len(row_checks)),
                            sql=engine.sql(failures),
                            rule_ids=[c.rule.id for c in row_checks]))
    sets: dict[str, list[GroupCheck]] = defaultdict(list)
    for c in others:
        if isinstance(c, GroupCheck):
            sets[group_set_key(c, dialect)].append(c)
    for group in sets.values():
        steps = [Step(c.rule.id,
                      fetch_sql(c.rule, null_key_query(obj, key, c))
                      if c.null_fails is not None else "",
                      fetch_sql(c.rule, group_failures_query(obj, key, c, dialect=dialect)))
                 for c in group]
        # One rule: its repeated rows are fetched straight away (a GROUP BY joined back);
        # counting first would group the table twice whenever something repeats.
        count = "" if len(group) == 1 else engine.sql(shared_group_count_query(obj, group))
        jobs.append(JobSpec(f"group {', '.join(c.rule.id for c in group)}", "group", obj,
                            _WEIGHT["group"] * (1 + len(group[0].keys)), sql=count,
                            rule_ids=[c.rule.id for c in group], steps=steps))
    for c in others:
        if isinstance(c, GroupCheck):
            continue
        counts = ""
        if isinstance(c, ExistsCheck):
            kind, targets = "anti-join", len(c.targets)
            q = exists_failures_query(obj, key, c, present, indexed,
                                      exists=dialect == "postgres")
        elif isinstance(c, ChildrenCheck):  # its child table is there: see build_plan
            kind, targets = "children", 1
            q = children_failures_query(obj, key, c)
        else:
            assert isinstance(c, LookupCheck)
            kind, targets = "lookup", 1
            counts = engine.sql(lookup_counts_query(obj, c))
            q = lookup_failures_query(obj, key, c)
        jobs.append(JobSpec(f"{kind} {c.rule.id}", "fetch", obj, _WEIGHT[kind] * targets,
                            sql=counts, fetch_sql=fetch_sql(c.rule, q), rule_ids=[c.rule.id]))
    return jobs
