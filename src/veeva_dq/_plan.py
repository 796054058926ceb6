"""A validation plan: every query of a run as SQL text, and how to read each one's rows.

The planner (`veeva_dq._planner`) compiles rules into syntax trees and renders them for the
engine; what it produces is plain data, kept here, so that running a plan needs neither
sqlglot nor the compiler. A plan depends only on what went into it: the rules, the model,
the as-of date, the engine's dialect and table mapping, the tables and columns the source
has, and the code that compiles. Those are hashed into a fingerprint, and a plan compiled
once is kept under it in the plan cache (`PlanCache`) and read back by every later run with
the same fingerprint: a daily run of the same rules over the same schema compiles nothing.

The cache is a folder of JSON files, one per fingerprint, `plans/` in veeva-dq's cache folder
(`veeva_dq._cache`: `$VDQ_CACHE_DIR`, by default `~/.cache/veeva-dq/`; `VDQ_CACHE_DIR=off`
turns it off). A file that cannot be read or does not parse is ignored and compiled again;
writes are atomic, so runs side by side never read half a plan.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from veeva_dq import _cache
from veeva_dq._cache import CACHE_VARIABLE as CACHE_VARIABLE
from veeva_dq.rules import Rule

# Bump when the meaning of a plan's fields changes: older files are then never read.
PLAN_FORMAT = 1
_KEEP = 64  # plan files kept; the least recently written go first

# Dialects whose engines build issue rows (key and message) in SQL.
SQL_ISSUE_DIALECTS = frozenset({"duckdb", "postgres", "spark"})


@dataclass(frozen=True)
class Step:
    """One uniqueness rule of a group job: its rows with a NULL key column (`nulls: fail`,
    else "") and its rows whose key repeats, fetched only when the count says some do."""

    rule_id: str
    null_sql: str
    repeated_sql: str


@dataclass(frozen=True)
class JobSpec:
    """One query job of a plan.

    kind:
      scan      `sql` is one row of aggregates: rows checked per rule at `checked[rule]`,
                dataset rules' measured values at `aggregates[rule]`.
      failures  `sql` gives the failing rows of the object's row rules (`rule_ids`, by
                ordinal): issue rows (ordinal, record id, value, key) where the engine
                builds issues, else (key, v0.., f0..).
      group     uniqueness rules over one key: `sql` counts every rule's repeated rows in
                one GROUP BY ("" for a single rule: its rows are fetched straight away);
                then each `steps` entry fetches.
      fetch     `fetch_sql` gives the failing records of `rule_ids[0]`; with `sql` (a lookup)
                first one row (rows checked, rows failed).
    Fetch queries give (record id, value), or issue rows (0, record id, value, key) where
    the engine builds them.
    """

    label: str
    kind: str
    obj: str
    weight: float  # the job's cost is this times the rows of its object (start order only)
    sql: str = ""
    fetch_sql: str = ""
    rule_ids: list[str] = field(default_factory=list)
    checked: dict[str, int] = field(default_factory=dict)
    aggregates: dict[str, int] = field(default_factory=dict)
    steps: list[Step] = field(default_factory=list)


@dataclass(frozen=True)
class Plan:
    """Every job of a run, and the tables each rule reads (for rules whose table the source
    lacks, which are skipped)."""

    jobs: list[JobSpec]
    reads: dict[str, list[str]]
    in_sql: bool

    def to_json(self) -> str:
        return json.dumps({"format": PLAN_FORMAT, **asdict(self)}, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> Plan:
        """The plan a `to_json` text holds; ValueError for anything else."""
        try:
            data = json.loads(text)
            if data.get("format") != PLAN_FORMAT:
                raise ValueError("another plan format")
            jobs = [JobSpec(**{**j, "steps": [Step(**s) for s in j["steps"]]})
                    for j in data["jobs"]]
            plan = cls(jobs, {str(k): [str(t) for t in v] for k, v in data["reads"].items()},
                       data["in_sql"])
        except (AttributeError, KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"not a plan: {exc}") from None
        if not isinstance(plan.in_sql, bool) or not all(_well_formed(j) for j in plan.jobs):
            raise ValueError("not a plan: a field of the wrong type")
        return plan

    def fits(self, rule_ids: Sequence[str]) -> bool:
        """Whether this plan is one of exactly these rules (each job's rules among them)."""
        wanted = set(rule_ids)
        return set(self.reads) == wanted and all(
            set(j.rule_ids) <= wanted and set(j.checked) <= wanted
            and set(j.aggregates) <= wanted for j in self.jobs)


def _well_formed(job: JobSpec) -> bool:
    texts = (job.label, job.kind, job.obj, job.sql, job.fetch_sql, *job.rule_ids)
    return (job.kind in ("scan", "failures", "group", "fetch")
            and isinstance(job.weight, int | float) and not isinstance(job.weight, bool)
            and all(isinstance(t, str) for t in texts)
            and all(isinstance(i, int) and not isinstance(i, bool)
                    for i in (*job.checked.values(), *job.aggregates.values()))
            and all(isinstance(x, str) for st in job.steps
                    for x in (st.rule_id, st.null_sql, st.repeated_sql)))


# Installed packages whose output ends up in a plan: sqlglot renders the SQL, pycountry
# gives the ISO country codes of the iso_countries reference.
_SHAPING_PACKAGES = ("sqlglot", "pycountry")


def _stat(path: str) -> tuple[str, int, int]:
    st = os.stat(path)
    return path, st.st_size, st.st_mtime_ns


def _code_version() -> list[Any]:
    """What the compiled SQL depends on besides the inputs: every file of the veeva_dq
    package (code, built-in rules, model, reference data), and the installed packages that
    shape a plan, each by its files' names, sizes and modification times (an upgrade
    rewrites them). Nothing is read or imported."""
    root = Path(__file__).parent
    seen: list[Any] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        seen += [_stat(os.path.join(folder, name)) for name in sorted(files)
                 if not name.endswith((".pyc", ".pyo"))]
    for package in _SHAPING_PACKAGES:
        spec = find_spec(package)
        seen.append(_stat(spec.origin) if spec is not None and spec.origin else package)
    return seen


def fingerprint(*, dialect: str, engine: str, mapping: str, in_sql: bool,
                rules: Sequence[Rule], model: Any, as_of: date, present: set[str],
                table_columns: Mapping[str, Sequence[str]],
                indexed: set[tuple[str, str]]) -> str:
    """The hash of everything a plan depends on (see the module docstring)."""
    parts = [
        PLAN_FORMAT, _code_version(), dialect, engine, mapping, in_sql,
        [repr(r) for r in rules], repr(model), as_of.isoformat(), sorted(present),
        sorted((k, list(v)) for k, v in table_columns.items()), sorted(indexed),
    ]
    text = json.dumps(parts, default=repr, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def cache_folder() -> Path | None:
    """Where plans are kept, or None when the cache is off (`VDQ_CACHE_DIR=off`)."""
    folder = _cache.root()
    return None if folder is None else folder / "plans"


class PlanCache:
    """Plans by fingerprint in a folder (see the module docstring). Never raises: a cache
    that cannot be read or written only means compiling again."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    def load(self, key: str) -> Plan | None:
        """The plan kept under this fingerprint; None when there is none, or the file is
        damaged (its first line holds the fingerprint and the SHA-256 of the rest)."""
        if self.folder is None:
            return None
        try:
            raw = _cache.read_file(self.folder / f"{key}.json", owner_only=False)
            if raw is None:
                return None
            text = raw.decode("utf-8", "surrogatepass")
            head, _, body = text.partition("\n")
            if head != _header(key, body):
                return None
            return Plan.from_json(body)
        except (OSError, UnicodeError, ValueError):
            return None

    def save(self, key: str, plan: Plan) -> str | None:
        """Keep the plan under its fingerprint; None, or why it could not be written."""
        if self.folder is None:
            return None
        body = plan.to_json()
        # Readable as any file the user writes, so a team can share a cache folder.
        return _cache.write_atomic(self.folder, f"{key}.json",
                                   (_header(key, body) + "\n" + body).encode("utf-8",
                                                                           "surrogatepass"),
                                   keep=_KEEP, mode=0o666)


def _header(key: str, body: str) -> str:
    digest = hashlib.sha256(body.encode("utf-8", "surrogatepass")).hexdigest()
    return f"veeva-dq plan {PLAN_FORMAT} {key} {digest}"

