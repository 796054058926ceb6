"""Benchmark veeva-dq's full rule pack per engine, against a hand-written floor query.

    python bench/bench_engines.py --hcps 1000000 --engine duckdb --engine postgres \\
        --engine sqlite [--keep DIR] [--runs N]

1. Generates the data once with bench/generate.py (bench/out/<size>/ unless --keep DIR; the
   folder is reused when its manifest matches, as bench/bench_sqlite.py does).
2. Loads it into each engine for the benchmark's own setup, not measured: DuckDB with
   `read_csv(..., all_varchar = true)` into DIR-bench.duckdb (kept, reused while the
   manifest is unchanged); PostgreSQL with COPY into a schema of its own (--pg-schema,
   dropped and created again on every invocation); SQLite with `veeva-dq ingest` into
   DIR-bench.sqlite (kept, reused). Spark reads the CSV folder itself (no load).
3. Times, as child processes, interleaved (the order alternates each run), --runs times:
       veeva-dq validate --rule all --engine E --source S --db FRESH.db --as-of AS_OF
           --format json --no-progress --timings
   on a fresh results database each run, and the engine's floor (bench/floor/<engine>.sql
   run by bench/floor/run_floor.py): every rule's failure count as one hand-written query.
4. Checks every rule's failed count against the manifest (bench_sqlite.RULE_EXPECTED) and
   against the floor, before any time is compared; prints the tables and appends a dated
   section to docs/benchmarks.md (unless --no-docs).

Measured per process: wall time, CPU time (user + system of the child and its children,
from getrusage; for PostgreSQL only the client's, the server's work is not in it), peak
RSS (psutil poll of the process tree, as bench_sqlite.py), rows/s (all rows of the five
objects over the wall time). From veeva-dq's own report: the run's time (started_at to
finished_at, so without start-up and rule loading) and, from `--timings`, the wall time of
the query phase (first query sent to last issue row stored), the time the main thread spent
writing issues beside the queries, and the time of the issue lifecycle and commit. The
floor reports its query's time (query sent to row received).

Exit status: 0 done; 1 with --check when a count disagrees with the manifest or the floor;
2 when a stage fails.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import hashlib
import json
import os
import re
import resource
import shlex
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent / "floor"))
sys.path.insert(0, str(Path(__file__).resolve().parent / "peers"))

import run_floor as floor
from run import markdown_table

import bench_sqlite as bs
from veeva_dq.engines._duckdb import DEFAULT_MEMORY_LIMIT, MEMORY_LIMIT_VARIABLE

REPO = bs.REPO
OUT = REPO / "bench" / "out"
OBJECTS = ("hco", "hcp", "address", "license", "parenthco")
ENGINES = ("duckdb", "postgres", "sqlite", "spark")
DEFAULT_PG_URL = "postgresql://postgres@127.0.0.1:5432/test"

# Targets of the scale benchmark (docs/benchmarks.md).
TARGET_DUCKDB_HCPS = 10_000_000
TARGET_DUCKDB_SECONDS = 60.0
TARGET_DUCKDB_PEAK_MB = 2048.0
TARGET_FLOOR_RATIO = 1.2


class StageError(RuntimeError):
    pass


# -- measuring ------------------------------------------------------------------------------
@dataclass
class Sample:
    wall: float
    cpu: float
    peak_mb: float
    stdout: str
    stderr: str


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(cmd: Sequence[str], env: dict[str, str], log_dir: Path, label: str,
            ok_codes: tuple[int, ...] = (0,)) -> Sample:
    """One child process to completion: wall, CPU (getrusage delta), peak RSS, output."""
    cpu_before = children_cpu()
    sample = bs.run_measured(cmd, env, log_dir, label)
    cpu = children_cpu() - cpu_before
    out = (log_dir / f"{label}.stdout").read_text("utf-8", errors="replace")
    err = (log_dir / f"{label}.stderr").read_text("utf-8", errors="replace")
    if sample.returncode not in ok_codes:
        why = bs.tail(log_dir / f"{label}.stderr")
        raise StageError(f"{label} exited {sample.returncode}:\n{why}")
    return Sample(sample.wall, cpu, sample.peak_rss / bs.MB, out, err)


# -- veeva-dq's own report ------------------------------------------------------------------
_TIMING_ROW = re.compile(r"^\W*(?P<label>\S.*?)\s*│\s*(?P<sec>[0-9]+\.[0-9]+)\s*│?\s*$")


def parse_timings(stderr: str) -> dict[str, float]:
    """The `--timings` table (Rich, on stderr) as label -> seconds."""
    found: dict[str, float] = {}
    for line in stderr.splitlines():
        m = _TIMING_ROW.match(line.strip())
        if m:
            found[m.group("label").strip("│ ")] = float(m.group("sec"))
    return found


def run_seconds(report: dict[str, Any]) -> float | None:
    run = report.get("run", {})
    try:
        start = datetime.fromisoformat(run["started_at"])
        end = datetime.fromisoformat(run["finished_at"])
    except (KeyError, TypeError, ValueError):
        return None
    return (end - start).total_seconds()


@dataclass
class Vdq:
    sample: Sample
    report: dict[str, Any]
    timings: dict[str, float]

    @property
    def run_s(self) -> float | None:
        return run_seconds(self.report)

    def timing(self, prefix: str) -> float | None:
        for label, sec in self.timings.items():
            if label.startswith(prefix):
                return sec
        return None

    @property
    def query_phase_s(self) -> float | None:
        return self.timing("queries: every job")

    @property
    def write_s(self) -> float | None:
        return self.timing("store: write issues")

    @property
    def lifecycle_s(self) -> float | None:
        return self.timing("store: issue lifecycle")

    @property
    def issues(self) -> int:
        return int(self.report.get("run", {}).get("issues", 0))


@dataclass
class Floor:
    sample: Sample
    counts: dict[str, int]
    query_s: float


@dataclass
class EngineResult:
    engine: str
    source: str
    vdq_cmd: list[str]
    floor_cmd: list[str] | None
    vdq: list[Vdq] = field(default_factory=list)
    floor: list[Floor] = field(default_factory=list)
    checks: list[bs.Check] = field(default_factory=list)
    floor_diffs: list[str] = field(default_factory=list)
    error: str | None = None


def med(values: Sequence[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return statistics.median(known) if known else None


# -- data and loading -----------------------------------------------------------------------
def manifest_digest(folder: Path) -> str:
    return hashlib.sha256((folder / "manifest.json").read_bytes()).hexdigest()[:16]


def ensure_data(args: argparse.Namespace, folder: Path, env: dict[str, str]) -> dict[str, Any]:
    manifest = bs.manifest_matches(folder, args)
    if manifest is not None:
        print(f"Reusing the data in {folder} (manifest matches).", file=sys.stderr)
        return manifest
    print(f"Generating {args.hcps:,} HCPs into {folder} ...", file=sys.stderr)
    cmd = [sys.executable, str(bs.GENERATOR), "--hcps", str(args.hcps), "--out", str(folder),
           "--seed", str(args.seed), "--defect-rate", str(args.defect_rate),
           "--as-of", args.as_of.isoformat(), "--no-progress"]
    if subprocess.run(cmd, env=env, check=False).returncode != 0:
        raise StageError("bench/generate.py failed.")
    manifest = bs.manifest_matches(folder, args)
    if manifest is None:
        raise StageError(f"bench/generate.py wrote no usable manifest in {folder}.")
    return manifest


def _stamped(path: Path, digest: str) -> bool:
    stamp = path.with_name(path.name + ".manifest")
    return path.exists() and stamp.exists() and stamp.read_text().strip() == digest


def _stamp(path: Path, digest: str) -> None:
    path.with_name(path.name + ".manifest").write_text(digest + "\n")


# The NPPES deactivation table, empty, as `veeva-dq ingest` creates it in SQLite: without it
# veeva-dq skips its two deactivation rules while the floor counts them (0 either way).
DEACTIVATION = ("npi", "deactivation_date", "deactivation_reason", "reactivation_date")


def load_duckdb(folder: Path) -> Path:
    import duckdb

    db = folder.parent / f"{folder.name}-bench.duckdb"
    digest = manifest_digest(folder)
    if _stamped(db, digest):
        with duckdb.connect(str(db)) as con:
            con.execute("CREATE TABLE IF NOT EXISTS npi_deactivation ("
                        + ", ".join(f"{c} VARCHAR" for c in DEACTIVATION) + ")")
        return db
    print(f"Loading {folder} into {db} (read_csv, all_varchar) ...", file=sys.stderr)
    db.unlink(missing_ok=True)
    started = time.perf_counter()
    con = duckdb.connect(str(db))
    for obj in OBJECTS:
        con.read_csv(str(folder / f"{obj}.csv"), header=True, all_varchar=True).create(obj)
    con.execute("CREATE TABLE npi_deactivation ("
                + ", ".join(f"{c} VARCHAR" for c in DEACTIVATION) + ")")
    con.close()
    _stamp(db, digest)
    print(f"  loaded in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return db


def pg_source(url: str, schema: str) -> str:
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options=-csearch_path%3D{schema}"


def load_postgres(folder: Path, url: str, schema: str) -> str:
    """Every object into `schema` (dropped first) as TEXT columns, with COPY; ANALYZEd."""
    import psycopg
    from psycopg import sql

    print(f"Loading {folder} into PostgreSQL schema {schema} (COPY) ...", file=sys.stderr)
    started = time.perf_counter()
    with psycopg.connect(url, autocommit=True) as con:
        con.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))
        con.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
        for obj in OBJECTS:
            path = folder / f"{obj}.csv"
            with path.open("r", encoding="utf-8", newline="") as f:
                header = next(csv.reader([f.readline()]))
            table = sql.Identifier(schema, obj)
            columns = sql.SQL(", ").join(
                sql.SQL("{} TEXT").format(sql.Identifier(c)) for c in header)
            con.execute(sql.SQL("CREATE UNLOGGED TABLE {} ({})").format(table, columns))
            copy = sql.SQL("COPY {} FROM STDIN WITH (FORMAT csv, HEADER true)").format(table)
            with con.cursor() as cur, cur.copy(copy) as cp, path.open("rb") as data:
                while chunk := data.read(1 << 20):
                    cp.write(chunk)
            con.execute(sql.SQL("ANALYZE {}").format(table))
        con.execute(sql.SQL("CREATE TABLE {} ({})").format(
            sql.Identifier(schema, "npi_deactivation"),
            sql.SQL(", ").join(sql.SQL("{} TEXT").format(sql.Identifier(c))
                               for c in DEACTIVATION)))
    print(f"  loaded in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return pg_source(url, schema)


def load_sqlite(folder: Path, prefix: list[str], env: dict[str, str], log_dir: Path) -> Path:
    db = folder.parent / f"{folder.name}-bench.sqlite"
    digest = manifest_digest(folder)
    if _stamped(db, digest):
        return db
    print(f"Loading {folder} into {db} (veeva-dq ingest) ...", file=sys.stderr)
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    measure([*prefix, "ingest", str(folder), "--format", "veeva", "--db", str(db),
             "--no-progress"], env, log_dir, "sqlite-ingest")
    _stamp(db, digest)
    return db


# -- one engine -----------------------------------------------------------------------------
def prepare_engine(engine: str, args: argparse.Namespace, folder: Path, prefix: list[str],
                   env: dict[str, str], log_dir: Path) -> EngineResult:
    """Load the data for one engine; the veeva-dq and floor commands that read it there."""
    fresh = log_dir / f"{engine}-results.db"
    floor_sql: Path | None = None
    if engine == "duckdb":
        source = str(load_duckdb(folder))
    elif engine == "postgres":
        source = load_postgres(folder, args.pg_url, args.pg_schema)
    elif engine == "sqlite":
        source = str(load_sqlite(folder, prefix, env, log_dir))
    elif engine == "spark":
        source = str(folder)  # Spark reads the CSV folder; no floor written for it yet
    else:
        raise StageError(f"unknown engine {engine!r}")
    if engine != "spark" and floor.floor_sql(engine).exists():
        floor_sql = floor.prepare(engine, log_dir / f"floor-{engine}.sql")
    vdq_cmd = [*prefix, "validate", "--rule", "all", "--engine", engine, "--source", source,
               "--db", str(fresh), "--as-of", args.as_of.isoformat(), "--format", "json",
               "--no-progress", "--timings"]
    floor_cmd = None
    if floor_sql is not None:
        floor_cmd = [sys.executable, str(REPO / "bench" / "floor" / "run_floor.py"), engine,
                     source, str(floor_sql)]
    return EngineResult(engine, source, vdq_cmd, floor_cmd)


def run_vdq(res: EngineResult, env: dict[str, str], log_dir: Path, label: str) -> Vdq:
    fresh = Path(res.vdq_cmd[res.vdq_cmd.index("--db") + 1])
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{fresh}{suffix}").unlink(missing_ok=True)
    sample = measure(res.vdq_cmd, {**env, "COLUMNS": "200"}, log_dir, label, ok_codes=(0, 1))
    try:
        report: dict[str, Any] = json.loads(sample.stdout)
    except json.JSONDecodeError as exc:
        raise StageError(f"{label}: validate printed no JSON ({exc}).") from None
    status = report.get("run", {}).get("status")
    if status != "complete":
        raise StageError(f"{label}: the run is stored as '{status}'.")
    return Vdq(sample, report, parse_timings(sample.stderr))


def run_floor(res: EngineResult, env: dict[str, str], log_dir: Path, label: str) -> Floor:
    assert res.floor_cmd is not None
    sample = measure(res.floor_cmd, env, log_dir, label)
    counts = json.loads(sample.stdout.strip().splitlines()[-1])
    query_s = float(counts.pop("_query_seconds"))
    return Floor(sample, {k: int(v) for k, v in counts.items()}, query_s)


def compare_floor(report: dict[str, Any], counts: dict[str, int]) -> list[str]:
    """Rules whose veeva-dq count differs from the floor's, or that only one side has."""
    ours = {str(r["rule_id"]): int(r["failed"]) for r in report.get("rules", [])}
    diffs = [f"{k}: veeva-dq {ours[k]:,}, floor {counts[k]:,}"
             for k in sorted(ours.keys() & counts.keys()) if ours[k] != counts[k]]
    diffs += [f"{k}: not in the floor" for k in sorted(ours.keys() - counts.keys())]
    diffs += [f"{k}: not a veeva-dq rule" for k in sorted(counts.keys() - ours.keys())]
    return diffs


def bench_engine(res: EngineResult, args: argparse.Namespace, env: dict[str, str],
                 log_dir: Path, defects: dict[str, int]) -> None:
    """Interleaved runs; counts checked on the first of each before anything is timed."""
    steps: list[tuple[str, Callable[[int], None]]] = []

    def vdq_step(run: int) -> None:
        res.vdq.append(run_vdq(res, env, log_dir, f"{res.engine}-vdq-{run}"))

    def floor_step(run: int) -> None:
        res.floor.append(run_floor(res, env, log_dir, f"{res.engine}-floor-{run}"))

    steps.append(("veeva-dq", vdq_step))
    if res.floor_cmd is not None:
        steps.append(("floor", floor_step))
    for run in range(1, args.runs + 1):
        order = steps if run % 2 else steps[::-1]
        for name, step in order:
            print(f"  {res.engine} run {run}/{args.runs}: {name} ...", file=sys.stderr)
            step(run)
            last = res.vdq[-1].sample if name == "veeva-dq" else res.floor[-1].sample
            print(f"    wall {last.wall:.2f} s, CPU {last.cpu:.2f} s, peak {last.peak_mb:,.0f} MB",
                  file=sys.stderr)
        if run == 1:
            res.checks = bs.compare(res.vdq[0].report, defects)
            if res.floor:
                res.floor_diffs = compare_floor(res.vdq[0].report, res.floor[0].counts)


# -- output ---------------------------------------------------------------------------------
def fmt(value: float | None, digits: int = 2) -> str:
    return "n/a" if value is None else f"{value:,.{digits}f}"


def process_rows(results: Sequence[EngineResult], records: int) -> list[list[str]]:
    rows = []
    for r in results:
        if r.error:
            rows.append([r.engine, "failed", "", "", "", "", "", "", "", ""])
            continue
        v = r.vdq
        rows.append([
            f"{r.engine}: veeva-dq", fmt(med([s.sample.wall for s in v])),
            fmt(med([s.sample.cpu for s in v])), fmt(max(s.sample.peak_mb for s in v), 0),
            f"{records / (med([s.sample.wall for s in v]) or 1):,.0f}",
            fmt(med([s.run_s for s in v])), fmt(med([s.query_phase_s for s in v])),
            fmt(med([s.write_s for s in v])), fmt(med([s.lifecycle_s for s in v])),
            f"{v[0].issues:,}",
        ])
        if r.floor:
            f = r.floor
            rows.append([
                f"{r.engine}: floor", fmt(med([s.sample.wall for s in f])),
                fmt(med([s.sample.cpu for s in f])), fmt(max(s.sample.peak_mb for s in f), 0),
                f"{records / (med([s.sample.wall for s in f]) or 1):,.0f}", "",
                fmt(med([s.query_s for s in f])), "", "", "",
            ])
    return rows


PROCESS_HEADER = ["engine: process", "wall s", "CPU s", "peak RSS MB", "rows/s", "run s",
                  "queries s", "writing issues s", "lifecycle + commit s", "issues"]


def ratio_rows(results: Sequence[EngineResult]) -> list[list[str]]:
    """veeva-dq / floor from the interleaved runs: whole process and query phase."""
    rows = []
    for r in results:
        if r.error or not r.floor:
            continue
        wall = (med([s.sample.wall for s in r.vdq]) or 0) / (
            med([s.sample.wall for s in r.floor]) or 1)
        cpu = (med([s.sample.cpu for s in r.vdq]) or 0) / (
            med([s.sample.cpu for s in r.floor]) or 1)
        q_vdq, q_floor = med([s.query_phase_s for s in r.vdq]), med([s.query_s for s in r.floor])
        query = None if q_vdq is None or not q_floor else q_vdq / q_floor
        verdict = "n/a" if query is None else (
            "met" if query <= TARGET_FLOOR_RATIO else "not met")
        rows.append([r.engine, f"{wall:.2f}x", f"{cpu:.2f}x",
                     "n/a" if query is None else f"{query:.2f}x ({verdict})"])
    return rows


def target_rows(results: Sequence[EngineResult], hcps: int) -> list[list[str]]:
    rows = []
    for r in results:
        if r.engine != "duckdb" or r.error:
            continue
        judged = hcps == TARGET_DUCKDB_HCPS
        wall = med([s.sample.wall for s in r.vdq]) or 0.0
        peak = max(s.sample.peak_mb for s in r.vdq)

        def verdict(ok: bool, judged: bool = judged) -> str:
            return ("PASS" if ok else "FAIL") if judged else "n/a (judged at 10M HCPs)"

        rows.append([f"DuckDB validate under {TARGET_DUCKDB_SECONDS:.0f} s", f"{wall:.1f} s",
                     verdict(wall < TARGET_DUCKDB_SECONDS)])
        rows.append([f"DuckDB peak RSS under {TARGET_DUCKDB_PEAK_MB:,.0f} MB", f"{peak:,.0f} MB",
                     verdict(peak < TARGET_DUCKDB_PEAK_MB)])
    return rows


def correctness_lines(results: Sequence[EngineResult]) -> list[str]:
    lines = []
    for r in results:
        if r.error:
            lines.append(f"- {r.engine}: failed: {r.error.splitlines()[0]}")
            continue
        judged = [c for c in r.checks if c.verdict in ("ok", "MISMATCH")]
        bad = [c for c in judged if c.verdict == "MISMATCH"]
        text = (f"- {r.engine}: {len(judged) - len(bad)} of {len(judged)} judged rules agree"
                " with the manifest")
        if bad:
            text += " (" + "; ".join(f"{c.rule_id} {c.failed:,} vs {c.expected}" for c in bad) + ")"
        if r.floor:
            rules = len(r.vdq[0].report.get("rules", []))
            text += (f"; floor: {rules - len(r.floor_diffs)} of {rules} rule counts equal"
                     + (" (" + "; ".join(r.floor_diffs) + ")" if r.floor_diffs else ""))
        else:
            text += "; no floor query for this engine"
        lines.append(text + ".")
    return lines


def versions(interpreter: str, env: dict[str, str]) -> str:
    code = (
        "import json, platform, sqlite3, duckdb, sqlglot, veeva_dq\n"
        "v = {'Python': platform.python_version(), 'SQLite': sqlite3.sqlite_version,"
        " 'DuckDB': duckdb.__version__, 'sqlglot': sqlglot.__version__,"
        " 'veeva-dq': veeva_dq.__version__}\n"
        "try:\n import psycopg; v['psycopg'] = psycopg.__version__\n"
        "except ImportError: pass\n"
        "print(json.dumps(v))"
    )
    done = subprocess.run([interpreter, "-c", code], env=env, capture_output=True, text=True,
                          check=False)
    try:
        found: dict[str, str] = json.loads(done.stdout)
    except json.JSONDecodeError:
        return "unknown"
    return ", ".join(f"{k} {v}" for k, v in found.items())


def pg_version(url: str) -> str | None:
    try:
        import psycopg

        with psycopg.connect(url, connect_timeout=5) as con:
            row = con.execute("SHOW server_version").fetchone()
            return None if row is None else f"PostgreSQL {row[0]}"
    except Exception:  # any failure only leaves the version out
        return None


def load_average() -> str:
    with contextlib.suppress(OSError):
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    return "unknown"


def section(args: argparse.Namespace, command: str, when: datetime, results: list[EngineResult],
            records: int, manifest: dict[str, Any], env_text: str, loads: list[str],
            revision: str) -> str:
    mach = bs.machine()
    lines = [
        f"### {when:%Y-%m-%d %H:%M} UTC: engines at {args.hcps:,} HCPs",
        "",
        "```",
        command,
        "```",
        "",
        f"- date: {when.isoformat(timespec='seconds')}",
        f"- machine: {mach['cpu']}, nproc {mach['nproc']}, memory {mach['memory']},"
        f" {mach['os']}; shared: other jobs ran at the same time (load average before and"
        f" after: {loads[0]}; {loads[-1]})",
        f"- versions: {env_text} (git {revision} when the benchmark started)",
        "- DuckDB memory limit: `" + MEMORY_LIMIT_VARIABLE + "="
        + (args.duckdb_memory_limit or f"` unset: veeva-dq's default, {DEFAULT_MEMORY_LIMIT}")
        + ("`" if args.duckdb_memory_limit else "") + " for veeva-dq and the floor",
        f"- data: seed {args.seed}, defect rate {args.defect_rate}, as-of"
        f" {args.as_of.isoformat()}; {records:,} rows ("
        + ", ".join(f"{k} {int(v):,}" for k, v in manifest["rows"].items())
        + f"); runs: {args.runs}, interleaved, medians (peak RSS: the largest)",
        "- commands:",
    ]
    for r in results:
        lines.append(f"  - `{bs.shown(r.vdq_cmd, args.cli)}`")
        if r.floor_cmd:
            lines.append(f"  - `{shown_floor(r.floor_cmd)}`")
    lines += ["", markdown_table(PROCESS_HEADER, process_rows(results, records)), ""]
    ratios = ratio_rows(results)
    if ratios:
        lines += ["veeva-dq / floor, medians of the interleaved runs (whole process, and"
                  " veeva-dq's query phase over the floor's query):", "",
                  markdown_table(["engine", "wall", "CPU", "queries / floor query"], ratios), ""]
    targets = target_rows(results, args.hcps)
    if targets:
        lines += [markdown_table(["target", "measured", "verdict"], targets), ""]
    lines += ["Correctness:", "", *correctness_lines(results), ""]
    slow = slowest_jobs(results)
    if slow:
        lines += [slow, ""]
    return "\n".join(lines)


def slowest_jobs(results: Sequence[EngineResult]) -> str:
    parts = []
    for r in results:
        if r.error or not r.vdq:
            continue
        t = r.vdq[0].timings
        top = sorted(((s, k) for k, s in t.items() if not k.startswith(("store:", "queries:"))),
                     reverse=True)[:5]
        if top:
            parts.append(f"{r.engine}: " + ", ".join(f"{k} {s:.2f}" for s, k in top))
    if not parts:
        return ""
    return ("Slowest queries (`--timings` of the first run, s; jobs overlap on the workers): "
            + "; ".join(parts) + ".")


def shown_floor(cmd: Sequence[str]) -> str:
    root = str(REPO) + os.sep
    return shlex.join(["python", *[w.removeprefix(root) for w in cmd[1:]]])


# -- main -----------------------------------------------------------------------------------
def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--hcps", type=int, default=1_000_000)
    parser.add_argument("--engine", action="append", choices=ENGINES,
                        help="engine to measure; repeat for several (default duckdb)")
    parser.add_argument("--keep", type=Path, help="data folder (default bench/out/<size>)")
    parser.add_argument("--runs", type=int, default=1, help="interleaved runs (median)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--defect-rate", type=float, default=0.02)
    parser.add_argument("--as-of", type=date.fromisoformat, default=date(2026, 1, 1))
    parser.add_argument("--cli", choices=("module", "script"), default="module")
    parser.add_argument("--pg-url", default=os.environ.get("VDQ_BENCH_POSTGRES_URL",
                                                           DEFAULT_PG_URL))
    parser.add_argument("--pg-schema", default="vdq_bench")
    parser.add_argument("--duckdb-memory-limit", metavar="SIZE",
                        help="VDQ_DUCKDB_MEMORY_LIMIT for veeva-dq and the floor on DuckDB"
                        " (e.g. 4GB, or none for DuckDB's own 80%% of the memory); default:"
                        " unset, veeva-dq's own cap of 1GB")
    parser.add_argument("--docs", type=Path, default=bs.DOCS, help="results file to append to")
    parser.add_argument("--no-docs", action="store_true", help="do not append results")
    parser.add_argument("--check", action="store_true",
                        help="exit 1 when a count disagrees with the manifest or the floor")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1.")
    engines = list(dict.fromkeys(args.engine or ["duckdb"]))
    when = datetime.now(UTC)
    command = "python " + " ".join(
        [str(Path(sys.argv[0])), *(argv if argv is not None else sys.argv[1:])])
    folder = (args.keep or OUT / size_name(args.hcps)).resolve()
    try:
        return _bench(args, engines, folder, when, command)
    except StageError as exc:
        print(str(exc), file=sys.stderr)
        return 2


def size_name(hcps: int) -> str:
    for unit, name in ((1_000_000, "m"), (1_000, "k")):
        if hcps % unit == 0:
            return f"{hcps // unit}{name}"
    return str(hcps)


def _bench(args: argparse.Namespace, engines: list[str], folder: Path, when: datetime,
           command: str) -> int:
    prefix, env, interpreter = bs.cli_prefix(args.cli)
    revision = bs.git_revision()  # what the runs execute; docs edits later do not count
    if args.duckdb_memory_limit:
        env[MEMORY_LIMIT_VARIABLE] = args.duckdb_memory_limit
    log_dir = folder.parent / f"{folder.name}-engines"
    log_dir.mkdir(parents=True, exist_ok=True)
    manifest = ensure_data(args, folder, env)
    records = sum(int(n) for n in manifest["rows"].values())
    defects = {k: int(v) for k, v in manifest["defects"].items()}
    loads = [load_average()]
    results: list[EngineResult] = []
    for engine in engines:
        try:
            res = prepare_engine(engine, args, folder, prefix, env, log_dir)
        except Exception as exc:  # a missing server or package: recorded, others still run
            results.append(EngineResult(engine, "", [], None, error=f"{type(exc).__name__}: {exc}"))
            print(f"{engine}: setup failed: {exc}", file=sys.stderr)
            continue
        try:
            bench_engine(res, args, env, log_dir, defects)
        except StageError as exc:
            res.error = str(exc)
            print(f"{engine}: {exc}", file=sys.stderr)
        results.append(res)
    loads.append(load_average())

    env_text = versions(interpreter, env)
    if "postgres" in engines:
        pgv = pg_version(args.pg_url)
        if pgv:
            env_text += f", {pgv}"
    text = section(args, command, when, results, records, manifest, env_text, loads,
                   revision)
    print(text)
    if not args.no_docs:
        bs.append_docs(args.docs, text, heading="## Engines")
        print(f"Appended the results to {args.docs}.", file=sys.stderr)
    bad = any(c.verdict == "MISMATCH" for r in results for c in r.checks) or any(
        r.floor_diffs for r in results)
    failed = any(r.error for r in results)
    if failed:
        return 2
    return 1 if args.check and bad else 0


if __name__ == "__main__":
    sys.exit(main())
