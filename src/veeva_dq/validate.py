"""Validation: compile the selected rules, run them in the engine, store the run.

Engines measure (rows checked, rows failed, failing keys); `Rule.passes` judges. Row rules
of one object share one scan; failing records are fetched in a second query, only for rules
that failed. A run is stored as running first and turned complete in the same transaction
that stores its issues, so a crash leaves a visibly failed run, never a partial one.
"""

from __future__ import annotations

import hashlib
import itertools
import queue
import sqlite3
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from operator import itemgetter
from pathlib import Path
from typing import Any

from veeva_dq import __version__, history
from veeva_dq._plan import (
    CACHE_VARIABLE,
    SQL_ISSUE_DIALECTS,
    JobSpec,
    Plan,
    PlanCache,
    cache_folder,
    fingerprint,
)
from veeva_dq.db import connect, indexed_columns, quote_ident
from veeva_dq.engines import Engine, SqliteEngine
from veeva_dq.engines._base import workers_per_core
from veeva_dq.judge import DEFAULT_WINDOW, judge
from veeva_dq.model import Model
from veeva_dq.model.reference import REFERENCE_TABLES
from veeva_dq.results import IssueHead, ResultStore, RuleResult
from veeva_dq.results._lifecycle import KEY_LENGTH
from veeva_dq.rules import Kind, Rule, Severity

IssueRow = tuple[str, str, str, str, str | None, str | None, str | None, str]
StoredRow = tuple[Any, ...]  # head id, record id, value, issue key


class _Cancelled(Exception):
    """Raised in a worker whose run was cancelled."""


class ValidationError(ValueError):
    """A database that cannot be validated with the chosen rules (a missing column, say).
    `run_id` is the run stored as failed, or None when the error came before one was
    recorded."""

    def __init__(self, message: str, *, run_id: int | None = None) -> None:
        super().__init__(message)
        self.run_id = run_id


@dataclass(frozen=True)
class ValidationResult:
    run_id: int
    results: tuple[RuleResult, ...]
    issues: int
    # (what ran: "scan hcp", "unique hcp_npi_unique", ...; seconds), slowest first
    timings: tuple[tuple[str, float], ...] = ()
    # Tables the rules read that the source does not have, each with the ids of the rules
    # that read it (as their object, or as an exists_in, lookup or children target). Those
    # rules are skipped: not run and not stored, so they resolve none of their issues.
    missing: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # Things the user should know that did not stop the run (a plan cache that cannot be
    # written), each one sentence.
    notes: tuple[str, ...] = ()

    @property
    def has_blocking_failures(self) -> bool:
        """A failing rule of severity error or critical (exit code 1)."""
        return any(
            not r.passed and Severity(r.severity).rank >= Severity.ERROR.rank
            for r in self.results
        )


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def issue_head(rule: Rule) -> IssueHead:
    """What all the rule's issues in a run share, its message form included."""
    form = rule.message_form
    return IssueHead(rule.id, rule.severity.value, rule.dimension.value, rule.object,
                     rule.column, form.template, form.prefix, form.suffix)


def _issue_maker(rule: Rule, head_id: int) -> Callable[[Any, Any], tuple[Any, ...]]:
    """Builds one rule's stored issue rows (head id, record id, value, key) in Python, with
    the key's fixed parts prepared once (see results/_lifecycle.issue_key)."""
    column = rule.column
    prefix = f"{len(rule.id)}:{rule.id}\x1f{len(rule.object)}:{rule.object}\x1f"
    suffix = "\x1f" + ("~" if column is None else f"{len(column)}:{column}")
    sha256 = hashlib.sha256

    def make(record_id: Any, value: Any) -> tuple[Any, ...]:
        rid = None if record_id is None else str(record_id)
        text = None if value is None else str(value)
        part = "~" if rid is None else f"{len(rid)}:{rid}"
        key = sha256((prefix + part + suffix).encode("utf-8", "surrogatepass")).hexdigest()
        return (head_id, rid, text, key[:KEY_LENGTH])

    return make


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
    workers: int | None = None,
    engine: Engine | None = None,
    source: str | None = None,
) -> ValidationResult:
    """Validate the database with the given rules and store the run.

    By default the data is read from `db`, which also stores the run. With an `engine` (a
    DuckDB database, say) the data is read there and `db` is only the results store, a SQLite
    database created when missing. Workers read through `engine.cursor()`. `source` is how
    the run records where it read (runs are compared only with runs of the same source):
    "" for `db` itself, by default the engine's name and location. `workers` jobs of the
    plan run at once (default: `default_workers`).
    """
    if source is None:
        source = "" if engine is None else f"{engine.name}:{engine.location}"
    conn = conn or connect(db, create=engine is not None)
    engine = engine or SqliteEngine(conn, db)
    store = ResultStore(conn)
    # Every rule is compiled before the run is recorded: a rule whose expression is not
    # allowed stops here, and none of the SQL of this run is ever executed.
    present = engine.tables()
    objects = sorted({r.object for r in rules})
    if not any(o in present for o in objects):
        hint = ("Load data first with 'veeva-dq ingest'." if engine.name == "sqlite"
                else "Name the tables with --table OBJECT=TABLE (see docs/engines.md).")
        raise ValidationError(
            f"Database '{engine.location}' has no table for {', '.join(objects)}. {hint}")
    table_columns = {o: engine.columns(o) for o in objects if o in present}
    started = time.perf_counter()
    plan, cached, note = _plan(engine, rules, model, as_of, present, table_columns)
    timings = [("plan: read from the plan cache" if cached else "plan: compile the rules",
                time.perf_counter() - started)]
    readers: dict[str, list[Rule]] = defaultdict(list)
    for r in rules:
        for name in plan.reads[r.id]:
            readers[name].append(r)
    missing = tuple((t, tuple(r.id for r in rs)) for t, rs in sorted(readers.items())
                    if t not in present)
    # A rule that reads a table the source lacks is skipped rather than judged on nothing:
    # stored with no rows checked, it would pass and resolve every issue it had.
    skipped = {i for _, ids in missing for i in ids}
    rules = [r for r in rules if r.id not in skipped]
    if not rules:
        raise ValidationError(
            f"'{engine.location}' lacks a table every selected rule reads"
            f" ({', '.join(t for t, _ in missing)}); nothing can be checked.")
    run_id = store.start_run(
        started_at=_now(), rules_version=rules_version, veeva_dq_version=__version__,
        as_of=as_of.isoformat(), selector=selector, engine=engine.name, source=source,
    )
    try:
        results = _execute(engine, store, run_id, rules, plan, table_columns, as_of, progress,
                           workers or default_workers(engine, {j.obj for j in plan.jobs}), timings)
        started = time.perf_counter()
        store.complete_run(run_id, finished_at=_now(), results=results)
        timings.append(("store: issue lifecycle and commit", time.perf_counter() - started))
    except BaseException as exc:
        error = ("interrupted (Ctrl-C)" if isinstance(exc, KeyboardInterrupt)
                 else f"{type(exc).__name__}: {exc}")
        store.fail_run(run_id, finished_at=_now(), error=error)
        if isinstance(exc, Exception) and not isinstance(exc, ValidationError) and (
                type(exc).__module__.split(".")[0] in _ENGINE_MODULES):
            raise ValidationError(f"{engine.name} could not run a query on"
                                  f" '{engine.location}': {engine_reason(exc)}.",
                                  run_id=run_id) from exc
        raise
    run = store.get_run(run_id)
    return ValidationResult(run_id, tuple(results), run.issues,
                            tuple(sorted(timings, key=lambda t: -t[1])), missing,
                            () if note is None else (note,))


# Where the errors of the engines' drivers come from: an error of theirs during a run is
# the data's or the database's (a malformed file, a lost connection), said in one sentence.
_ENGINE_MODULES = {"duckdb", "_duckdb", "psycopg", "pyspark", "py4j", "sqlite3"}


def engine_reason(exc: BaseException) -> str:
    """The reason an engine gives, in one line: for a Java error (Spark) its innermost
    cause without the class name, else the first line of the message."""
    lines = [ln.strip() for ln in str(exc).splitlines() if ln.strip()]
    causes = [ln.removeprefix("Caused by: ") for ln in lines if ln.startswith("Caused by: ")]
    text = causes[-1] if causes else (lines[0] if lines else type(exc).__name__)
    head, sep, rest = text.partition(": ")
    if sep and "." in head and " " not in head:  # org.apache.spark.SparkException: ...
        text = rest
    return text.rstrip(".")


def _plan(engine: Engine, rules: Sequence[Rule], model: Model, as_of: date,
          present: set[str], table_columns: dict[str, list[str]]
          ) -> tuple[Plan, bool, str | None]:
    """The run's plan, from the plan cache when the same rules were planned for the same
    source schema before (see `veeva_dq._plan`), else compiled (and kept); whether it came
    from the cache; and why it could not be kept, if so."""
    in_sql = engine.dialect in SQL_ISSUE_DIALECTS and getattr(engine, "sql_issues", True)
    # Rules read objects of the model and reference tables, nothing else: the source's other
    # tables (the results store's own, in the --db database) do not change a plan.
    readable = {t for t in present if t in model.objects or t in REFERENCE_TABLES}
    indexed = _indexed(engine, readable)
    mapping = getattr(engine, "mapping", None)
    key = fingerprint(dialect=engine.dialect, engine=engine.name,
                      mapping=mapping() if callable(mapping) else "", in_sql=in_sql,
                      rules=rules, model=model, as_of=as_of, present=readable,
                      table_columns=table_columns, indexed=indexed)
    cache = PlanCache(cache_folder())
    plan = cache.load(key)
    if plan is not None and plan.fits([r.id for r in rules]):
        return plan, True, None
    from veeva_dq._planner import build_plan
    from veeva_dq.compile import CompileContext

    ctx = CompileContext(model=model, as_of=as_of, dialect=engine.dialect,
                         table_columns=table_columns)
    keys = {o: model.object(o).key for o in {r.object for r in rules}}
    plan = build_plan(engine, rules, ctx, present, keys, indexed, in_sql)
    unkept = cache.save(key, plan)
    note = None if unkept is None else (
        f"the plan cache '{cache.folder}' cannot be written ({unkept}), so every run compiles"
        f" its rules; set {CACHE_VARIABLE} to a folder you can write, or to off.")
    return plan, False, note


def _check_columns(engine: Engine, rules: Sequence[Rule],
                   table_columns: dict[str, list[str]], run_id: int) -> None:
    """Every column the rules name must be in its table: one error listing all that are not.
    The run is recorded by then and stored as failed, so a source that lost a column shows
    in the run history."""
    lacking: dict[tuple[str, str], list[str]] = defaultdict(list)
    for r in rules:
        if r.object in table_columns:
            have = set(table_columns[r.object])
            for name in r.columns:
                if name not in have:
                    lacking[(r.object, name)].append(r.id)
    if not lacking:
        return
    by_table: dict[str, list[str]] = defaultdict(list)
    for (o, c), ids in sorted(lacking.items()):
        by_table[o].append(f"{c} ({', '.join(ids)})")
    shown = "; ".join(f"table '{o}' lacks column{'s' if len(cs) > 1 else ''} {', '.join(cs)}"
                      for o, cs in by_table.items())
    raise ValidationError(
        f"In '{engine.location}', {shown}. Add the columns, map them in the model (--model),"
        " or leave those rules out with --rule.", run_id=run_id)


Counts = dict[str, int]
Emit = Callable[[list[StoredRow]], None]
JobFn = Callable[[Engine, Emit], tuple[Counts, Counts]]


@dataclass(frozen=True)
class Job:
    label: str  # for --timings: "scan hcp", "unique hcp_npi_unique", ...
    fn: JobFn
    # Estimated CPU cost (table rows times a per-row weight of the job's kind): jobs start
    # largest first, so the long ones overlap instead of one of them finishing alone.
    cost: float = 0.0
_BATCH = 5_000


class HeadRows(list[tuple[Any, ...]]):
    """A batch of one rule's issue rows from the engine (ordinal, record id, value, key),
    with the id of the rule's head in the run."""

    def __init__(self, head: int, rows: list[tuple[Any, ...]]) -> None:
        super().__init__(rows)
        self.head = head


@dataclass(frozen=True)
class IssueSink:
    """How a run's failing records become issue rows: in Python (`in_sql` False) as (head
    id, record id, value, key), or in the engine's SQL as (rule ordinal, record id, value,
    key), the store adding the head (`heads`: each rule's, by rule id)."""

    heads: dict[str, int]
    in_sql: bool
    dialect: str
    # Fetching issue rows into Python and storing them both hold the interpreter lock for
    # every row. Side by side they hand it back and forth row by row: SQLite releases it for
    # each inserted row and a worker converting a fetched batch then keeps it for the whole
    # batch, so storing ran 4 to 5 times slower than alone. This lock lets one of them run
    # at a time, whole batches each (engines that build issue rows in SQL; a nullcontext
    # elsewhere). The queries themselves run outside it.
    python_work: AbstractContextManager[Any] = field(default_factory=nullcontext)

    @property
    def rule_of(self) -> dict[int, str]:
        return {h: r for r, h in self.heads.items()}


def default_workers(engine: Engine, tables: Collection[str]) -> int:
    """How many jobs over these tables run at once unless the caller says: the engine's
    choice, else one per core, up to 4."""
    return engine.jobs_at_once(tables) or workers_per_core()


def _execute(engine: Engine, store: ResultStore, run_id: int,
             rules: Sequence[Rule], plan: Plan, table_columns: dict[str, list[str]],
             as_of: date, progress: bool, workers: int, timings: list[tuple[str, float]]
             ) -> list[RuleResult]:
    """Run every query as a job on a pool of reader connections; store issues here.

    Queries of different objects and rules are independent, so they run in parallel, each
    worker with its own connection or cursor (`engine.cursor()`; SQLite in WAL mode lets
    readers run beside the one writer). Issues reach this thread through a bounded queue and
    are written in the run's transaction, so memory stays flat however many records fail.
    """
    _check_columns(engine, rules, table_columns, run_id)
    checked: Counts = {}
    failed: Counts = {}
    measured: dict[str, Any] = {}
    in_sql = plan.in_sql
    store.begin()
    sink = IssueSink(store.issue_heads(run_id, [issue_head(r) for r in rules]), in_sql,
                     engine.dialect, threading.Lock() if in_sql else nullcontext())
    by_id = {r.id: r for r in rules}
    rows = {o: _row_estimate(engine, o) for o in {j.obj for j in plan.jobs}}
    jobs = [Job(spec.label, _job_fn(spec, by_id, measured, sink), rows[spec.obj] * spec.weight)
            for spec in plan.jobs]
    jobs.sort(key=lambda j: -j.cost)  # stable: ties keep their order

    issues: queue.Queue[list[StoredRow] | None] = queue.Queue(maxsize=16)
    local = threading.local()
    opened: list[Engine] = []
    lock = threading.Lock()
    cancel = threading.Event()

    def hand_over(item: list[StoredRow] | None) -> None:
        # A bounded wait, so a worker notices a cancelled run instead of blocking forever.
        while not cancel.is_set():
            try:
                issues.put(item, timeout=0.2)
                return
            except queue.Full:
                continue
        raise _Cancelled

    def run(job: Job) -> tuple[Counts, Counts]:
        if cancel.is_set():
            raise _Cancelled
        eng = getattr(local, "engine", None)
        if eng is None:
            eng = local.engine = engine.cursor()
            with lock:
                opened.append(eng)
        started = time.perf_counter()
        try:
            return job.fn(eng, hand_over)
        finally:
            with lock:
                timings.append((job.label, time.perf_counter() - started))
            if not cancel.is_set():
                hand_over(None)  # one end-of-job marker per job

    pool = ThreadPoolExecutor(max_workers=workers)
    try:
        with _progress_bar(progress) as bar:
            task = bar.add_task("Validating", total=len(jobs))
            queries_started = time.perf_counter()
            futures = [pool.submit(run, j) for j in jobs]
            writing = 0.0
            remaining = len(jobs)
            while remaining:
                try:
                    batch = issues.get(timeout=0.5)
                except queue.Empty:
                    continue
                if batch is None:
                    remaining -= 1
                    bar.advance(task)
                else:
                    with sink.python_work:  # waiting for a worker's fetch is not writing
                        started = time.perf_counter()
                        store.add_issue_rows(run_id, batch, batch.head
                                             if isinstance(batch, HeadRows) else None)
                        writing += time.perf_counter() - started
            timings.append(("queries: every job, first sent to last issue stored",
                            time.perf_counter() - queries_started))
            timings.append(("store: write issues (beside the queries)", writing))
            for f in futures:
                c, fl = f.result()
                checked.update(c)
                failed.update(fl)
        _judge_dataset_rules(store, run_id, [r for r in rules if r.object in table_columns],
                             measured, as_of, checked, failed)
    except BaseException:
        # Ctrl-C or a failed query: stop the workers and abort their running statements.
        cancel.set()
        with lock:
            for eng in opened:
                eng.interrupt()
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        for eng in opened:
            eng.close()
    return [
        RuleResult(r.id, r.object, r.dimension.value, r.severity.value, r.description,
                   checked[r.id], failed.get(r.id, 0), r.passes(checked[r.id], failed.get(r.id, 0)))
        for r in rules
    ]


class _NoBar:
    """What the progress bar offers, doing nothing: Rich is not even imported without one."""

    def __enter__(self) -> _NoBar:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def add_task(self, description: str, total: int) -> int:
        return 0

    def advance(self, task: int) -> None:
        return None


def _progress_bar(shown: bool) -> Any:
    if not shown:
        return _NoBar()
    from rich.progress import Progress

    return Progress(transient=True)


def _judge_dataset_rules(store: ResultStore, run_id: int, rules: Sequence[Rule],
                         measured: dict[str, Any], as_of: date, checked: Counts,
                         failed: Counts) -> None:
    """Row counts, freshness and anomalies: judged here from the measured values."""
    chosen = [r for r in rules if r.kind.is_dataset_level]
    if not chosen:
        return
    history.ensure(store.conn)
    values: dict[str, float | None] = {}
    issues: list[IssueRow] = []
    for r in chosen:
        value = measured.get(r.id)
        past: list[float] = []
        if r.kind is Kind.ANOMALY:
            window = int(r.params.get("window", DEFAULT_WINDOW))
            past = history.previous(store.conn, r.id, run_id, window)
            values[r.id] = None if value is None else float(value)
        verdict = judge(r, value, as_of, past)
        checked[r.id], failed[r.id] = verdict.checked, verdict.failed
        if verdict.failed:
            message = r.issue_message(verdict.value) if r.message else verdict.message
            issues.append((r.id, r.severity.value, r.dimension.value, r.object, None, r.column,
                           verdict.value, message))
    history.record(store.conn, run_id, values)
    store.add_issues(run_id, issues)


def _stream(rows: Iterator[tuple[Any, ...]], rule_of: dict[int, str], emit: Emit,
            failed: Counts) -> int:
    """Hand over issue rows built in Python (head id first) in batches, counting them per
    rule (`rule_of`: the rule of each head id)."""
    n = 0
    it = iter(rows)
    while chunk := list(itertools.islice(it, _BATCH)):
        for head_id, k in Counter(map(itemgetter(0), chunk)).items():
            failed[rule_of[head_id]] += k
        emit(chunk)
        n += len(chunk)
    return n


def _stream_lean(rows: Iterator[tuple[Any, ...]], heads: Sequence[tuple[str, int]],
                 emit: Emit, failed: Counts, python_work: AbstractContextManager[Any]) -> int:
    """Hand over the engine's issue rows (ordinal i first: heads[i] is (rule id, head id)),
    one batch per rule, counting them per rule.

    Each batch is fetched under `python_work` (see IssueSink) and handed over outside it, so
    a worker waiting for room in the queue never holds up the thread that empties it.
    """
    n = 0
    it = iter(rows)
    while True:
        with python_work:
            chunk = list(itertools.islice(it, _BATCH))
            parts: dict[int, list[tuple[Any, ...]]]
            if len(heads) == 1:
                parts = {0: chunk} if chunk else {}
            else:
                parts = defaultdict(list)
                for row in chunk:
                    parts[row[0]].append(row)
        if not chunk:
            return n
        for i, part in parts.items():
            rule_id, head = heads[i]
            failed[rule_id] += len(part)
            emit(HeadRows(head, part))
        n += len(chunk)


def _indexed(engine: Engine, tables: set[str]) -> set[tuple[str, str]]:
    """(table, column) pairs an index leads, where the engine gains from knowing them: a
    SQLite database probes them instead of building a temporary index per query."""
    if not isinstance(engine, SqliteEngine):
        return set()
    return {(t, c) for t in tables for c in indexed_columns(engine.conn, t)}


def _job_fn(spec: JobSpec, rules: dict[str, Rule], measured: dict[str, Any],
            sink: IssueSink) -> JobFn:
    """What runs one planned job on a worker's engine: its queries, their rows read as
    counts, measured values or issues (see `JobSpec`)."""
    rule_of = sink.rule_of

    def fetch(engine: Engine, rule: Rule, sql: str, emit: Emit) -> int:
        """Store the failing records a query returns; how many."""
        if sink.in_sql:
            return _stream_lean(engine.run(sql), [(rule.id, sink.heads[rule.id])], emit,
                                defaultdict(int), sink.python_work)
        make = _issue_maker(rule, sink.heads[rule.id])
        return _stream((make(rid, val) for rid, val in engine.run(sql)), rule_of, emit,
                       defaultdict(int))

    def scan(engine: Engine, emit: Emit) -> tuple[Counts, Counts]:
        (row,) = list(engine.run(spec.sql))
        measured.update({rule_id: row[i] for rule_id, i in spec.aggregates.items()})
        return {rule_id: int(row[i] or 0) for rule_id, i in spec.checked.items()}, {}

    def failures(engine: Engine, emit: Emit) -> tuple[Counts, Counts]:
        """The failing rows of every row rule (a job of its own beside the scan)."""
        failed = {rule_id: 0 for rule_id in spec.rule_ids}
        if sink.in_sql:
            _stream_lean(engine.run(spec.sql), [(i, sink.heads[i]) for i in spec.rule_ids],
                         emit, failed, sink.python_work)
        else:
            checks = [rules[i] for i in spec.rule_ids]
            _stream(_row_issues(engine.run(spec.sql), checks, sink), rule_of, emit, failed)
        return {}, failed

    def group(engine: Engine, emit: Emit) -> tuple[Counts, Counts]:
        # One GROUP BY counts for every rule over this key; a single rule fetches at once.
        row = next(iter(engine.run(spec.sql))) if spec.sql else (1,)
        failed: Counts = {}
        for step, count in zip(spec.steps, row, strict=True):
            rule = rules[step.rule_id]
            n = 0
            if step.null_sql:  # nulls: fail - a record with a NULL key column fails alone
                n = fetch(engine, rule, step.null_sql, emit)
            if count:  # the join back to fetch keys runs only where rows repeat
                n += fetch(engine, rule, step.repeated_sql, emit)
            failed[rule.id] = n
        return {}, failed

    def one_rule(engine: Engine, emit: Emit) -> tuple[Counts, Counts]:
        rule = rules[spec.rule_ids[0]]
        checked: Counts = {}
        if spec.sql:  # a lookup: rows checked and failed first, records only if some fail
            (counts,) = list(engine.run(spec.sql))
            checked[rule.id] = int(counts[0] or 0)
            if not counts[1]:
                return checked, {rule.id: 0}
        return checked, {rule.id: fetch(engine, rule, spec.fetch_sql, emit)}

    kinds: dict[str, JobFn] = {"scan": scan, "failures": failures, "group": group,
                               "fetch": one_rule}
    return kinds[spec.kind]


def _row_estimate(engine: Engine, table: str) -> int:
    """About how many rows a table holds, where the engine says so for free: SQLite's
    largest rowid (one B-tree descent). Elsewhere 1, and jobs keep the order of their
    weights."""
    if not isinstance(engine, SqliteEngine):
        return 1
    # The table name is an identifier of the source, quoted (and its quotes doubled).
    estimate = f"SELECT max(rowid) FROM {quote_ident(table)}"  # noqa: S608
    try:
        row = engine.conn.execute(estimate).fetchone()
    except sqlite3.Error:  # a view has no rowid
        return 1
    return max(1, int(row[0] or 0))  # NULL: empty, or a view (its rowid is NULL)


def _row_issues(rows: Iterator[tuple[Any, ...]], rules: Sequence[Rule],
                sink: IssueSink) -> Iterator[tuple[Any, ...]]:
    """The stored issue rows of every failing row (key, v0.., f0..), one per failed rule,
    built in Python."""
    n = len(rules)
    makers = [_issue_maker(r, sink.heads[r.id]) for r in rules]
    for row in rows:
        record_id = row[0]
        for i in range(n):
            if row[1 + n + i]:
                yield makers[i](record_id, row[1 + i])
