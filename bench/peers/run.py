"""Peer benchmark: veeva-dq against a hand-written DuckDB query and other data-quality tools.

    python bench/peers/run.py --rows 100000 --rows 1000000 [--repeat 5]

Every tool runs the same twelve checks (spec.py) on the same generated HCP table, each as
a whole process (Python start-up and imports included). The harness

1. generates the data once per size (make_data.py, cached under bench/.peers/data/);
2. creates one virtual environment per peer under bench/.peers/<tool>/ from
   requirements/<tool>.txt (again when that file changes), and the repository's .venv with
   `make install` when it is missing;
3. runs every tool once untimed, parses its failure count per check and compares it with
   what the injected defects predict under that tool's documented semantics
   (docs/comparison.md);
4. times --repeat rounds, all tools interleaved in one loop (the order rotates each round),
   and reports the median wall time, CPU time and peak RSS of each tool, and the ratios of
   veeva-dq to the floor and to each peer;
5. prints the tables and inserts a section into docs/benchmarks.md (--no-docs: don't).

Standard library only, so any Python 3.11 can run it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from spec import CHECKS, GENERATOR_VERSION, PACK_NAME, pack_yaml, spec_json

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
WORK = REPO / "bench" / ".peers"
VENV = REPO / ".venv"
DOCS = REPO / "docs" / "benchmarks.md"
AS_OF = "2026-01-01"
PEERS = ("gx", "soda", "cuallee")
TOOLS = ("floor", "veeva-dq", "gx", "soda", "cuallee")
# Reference processes timed in the same loop: where veeva-dq's fixed cost comes from. veeva-dq
# itself reads its plan from the plan cache (warmed by the untimed round, as by any earlier
# run of the same rules); the first reference is the same command compiling its plan.
STARTUP = ("veeva-dq, plan compiled (VDQ_CACHE_DIR=off)", "veeva-dq --help",
           "python -c 'import duckdb'")
LABEL = {
    "floor": "floor (1 DuckDB query)",
    "veeva-dq": "veeva-dq",
    "gx": "Great Expectations (pandas)",
    "soda": "Soda Core (DuckDB)",
    "cuallee": "cuallee (DuckDB)",
}
PACKAGES = {
    "gx": ("great_expectations", "pandas", "numpy", "pyarrow", "sqlalchemy", "duckdb-engine",
           "duckdb"),
    "soda": ("soda-core", "soda-core-duckdb", "duckdb"),
    "cuallee": ("cuallee", "duckdb", "pandas", "numpy"),
    "repo": ("veeva-dq", "duckdb", "sqlglot"),
}

# Each tool's semantics per check kind (docs/comparison.md), named as in predictions().
SEMANTICS: dict[str, dict[str, str]] = {
    "floor": {"not_null": "blank", "unique": "all_rows", "other": "skip_null"},
    "veeva-dq": {"not_null": "blank", "unique": "all_rows", "other": "skip_null"},
    "gx": {"not_null": "null", "unique": "all_rows", "other": "skip_null"},
    "soda": {"not_null": "null", "unique": "values", "other": "skip_null"},
    "cuallee": {"not_null": "null", "unique": "extra_plus_null", "other": "null_fails"},
}

# Manifest key prefix of each checked column (make_data.py).
COLUMN_KEY = {
    "vid__v": "vid",
    "npi_num__v": "npi",
    "first_name__v": "first",
    "last_name__v": "last",
    "hcp_type__v": "type",
    "hcp_status__v": "status",
    "gender__v": "gender",
    "email_1__v": "email",
}


# -- environments ---------------------------------------------------------------------------
def run_quiet(cmd: Sequence[str], **kw: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(cmd), capture_output=True, text=True, check=False, **kw)


def ensure_repo_venv() -> None:
    if not (VENV / "bin" / "veeva-dq").exists():
        print("creating the repository's .venv (make install) ...", file=sys.stderr)
        subprocess.run(["make", "install"], cwd=REPO, check=True)
    # The bytecode a wheel install writes: an editable install has none, and with
    # PYTHONDONTWRITEBYTECODE set every run would compile veeva-dq's modules again.
    subprocess.run([str(VENV / "bin" / "python"), "-m", "compileall", "-q", str(REPO / "src")],
                   check=True)


def ensure_peer_venv(tool: str) -> Path:
    """bench/.peers/<tool>/, built from requirements/<tool>.txt; rebuilt when that changes."""
    req = HERE / "requirements" / f"{tool}.txt"
    digest = hashlib.sha256(req.read_bytes()).hexdigest()[:16]
    venv = WORK / tool
    stamp = venv / f".installed-{digest}"
    python = venv / "bin" / "python"
    if stamp.exists() and python.exists():
        return python
    print(f"creating {venv.relative_to(REPO)} from {req.relative_to(REPO)} ...", file=sys.stderr)
    shutil.rmtree(venv, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(python), "-m", "pip", "--disable-pip-version-check", "--quiet"]
    subprocess.run([*pip, "install", "--upgrade", "pip"], check=True)
    subprocess.run([*pip, "install", "-r", str(req)], check=True)
    stamp.touch()
    return python


def versions(python: Path, packages: Sequence[str]) -> dict[str, str]:
    code = (
        "import importlib.metadata as m, json, platform, sys\n"
        "out = {'python': platform.python_version()}\n"
        "for p in sys.argv[1:]:\n"
        "    try: out[p] = m.version(p)\n"
        "    except m.PackageNotFoundError: out[p] = 'not installed'\n"
        "print(json.dumps(out))\n"
    )
    done = run_quiet([str(python), "-c", code, *packages])
    return dict(json.loads(done.stdout)) if done.returncode == 0 else {"error": done.stderr}


def git_revision() -> str:
    rev = run_quiet(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"]).stdout.strip()
    dirty = run_quiet(["git", "-C", str(REPO), "status", "--porcelain",
                       "--untracked-files=no"]).stdout.strip()
    return f"{rev or 'unknown'}{', with uncommitted changes' if dirty else ''}"


def machine() -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    memory = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except (OSError, ValueError, IndexError):
        pass
    return {"cpu": cpu, "nproc": str(len(os.sched_getaffinity(0))), "memory": memory,
            "kernel": platform.release(), "os": platform.platform()}


# -- data -----------------------------------------------------------------------------------
def ensure_data(rows: int, seed: int) -> tuple[Path, dict[str, Any]]:
    folder = WORK / "data" / f"hcp-{rows}-s{seed}-g{GENERATOR_VERSION}"
    manifest = folder / "manifest.json"
    if manifest.exists():
        found: dict[str, Any] = json.loads(manifest.read_text("utf-8"))
        if (found.get("rows"), found.get("seed"), found.get("generator")) == (
                rows, seed, GENERATOR_VERSION):
            return folder, found
    print(f"generating {rows:,} rows into {folder.relative_to(REPO)} ...", file=sys.stderr)
    shutil.rmtree(folder, ignore_errors=True)
    subprocess.run([str(VENV / "bin" / "python"), str(HERE / "make_data.py"), "--rows",
                    str(rows), "--seed", str(seed), "--out", str(folder)],
                   check=True, stdout=subprocess.DEVNULL)
    return folder, json.loads(manifest.read_text("utf-8"))


def predictions(manifest: dict[str, Any]) -> dict[str, dict[str, int]]:
    """For each check, the failure count each semantics predicts from the injected defects."""
    defects: dict[str, int] = manifest["defects"]
    out: dict[str, dict[str, int]] = {}
    for c in CHECKS:
        key = COLUMN_KEY[c.column]

        def n(kind: str, key: str = key) -> int:
            return int(defects.get(f"{key}.{kind}", 0))

        null, empty, blank = n("null"), n("empty"), n("blank")
        if c.kind == "not_null":
            out[c.id] = {"null": null, "blank": null + empty + blank}
        elif c.kind == "unique":
            dup = manifest["duplicates"][c.column]
            # Empty strings are a value like any other: two or more are a repeated value.
            rep = empty if empty > 1 else 0
            out[c.id] = {
                "all_rows": dup["rows"] + rep,
                "values": dup["groups"] + (1 if rep else 0),
                "extra_plus_null": dup["extra_rows"] + max(empty - 1, 0) + null,
            }
        else:
            bad = n("too_long") if c.kind == "length" else n("bad") + n("bad_format") + empty
            out[c.id] = {"skip_null": bad, "null_fails": bad + null}
    return out


def expected(tool: str, check_id: str, pred: dict[str, dict[str, int]]) -> tuple[str, int]:
    kind = next(c.kind for c in CHECKS if c.id == check_id)
    sem = SEMANTICS[tool]
    name = sem.get(kind, sem["other"])
    return name, pred[check_id][name]


# -- tools ----------------------------------------------------------------------------------
@dataclass
class Measured:
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    rss_mb: list[float] = field(default_factory=list)
    inner: list[float] = field(default_factory=list)  # veeva-dq's own started..finished
    error: str = ""


@dataclass
class Tool:
    name: str
    cmd: list[str]
    env: dict[str, str]
    ok_codes: tuple[int, ...]
    parse: Callable[[str], tuple[dict[str, int | None], float | None]]
    before: Callable[[], None] = lambda: None


def parse_counts(stdout: str) -> tuple[dict[str, int | None], float | None]:
    data: dict[str, Any] = json.loads(stdout.strip().splitlines()[-1])
    counts: dict[str, Any] = data.get("counts", data)
    return {k: (None if v is None else int(v)) for k, v in counts.items()}, None


def parse_veeva_dq(stdout: str) -> tuple[dict[str, int | None], float | None]:
    data: dict[str, Any] = json.loads(stdout)
    prefix = f"{PACK_NAME}_"
    counts: dict[str, int | None] = {str(r["rule_id"]).removeprefix(prefix): int(r["failed"])
                                     for r in data["rules"]}
    run = data["run"]
    inner = (datetime.fromisoformat(run["finished_at"])
             - datetime.fromisoformat(run["started_at"])).total_seconds()
    return counts, inner


def parse_nothing(stdout: str) -> tuple[dict[str, int | None], float | None]:
    return {}, None


def tools_for(data: Path, rundir: Path, pythons: dict[str, Path]) -> list[Tool]:
    spec = str(rundir / "spec.json")
    duck = str(data / "hcp.duckdb")
    results = rundir / f"results-{data.name}.db"
    env = {"VDQ_CONFIG": str(rundir / "veeva-dq.yaml"), "GX_ANALYTICS_ENABLED": "false",
           "VDQ_CACHE_DIR": str(WORK / "cache")}
    vdq = str(VENV / "bin" / "veeva-dq")
    py = str(VENV / "bin" / "python")

    def fresh_results() -> None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{results}{suffix}").unlink(missing_ok=True)

    out = [
        Tool("floor", [py, str(HERE / "floor.py"), duck], env, (0,), parse_counts),
        Tool("veeva-dq", [vdq, "validate", "--engine", "duckdb", "--source", duck, "--db",
                          str(results), "--rules", str(rundir / "pack.yaml"), "--rule",
                          PACK_NAME, "--as-of", AS_OF, "--no-progress", "--format", "json"],
             env, (0, 1), parse_veeva_dq, fresh_results),
    ]
    scripts = {"gx": [spec, str(data)], "soda": [spec, duck], "cuallee": [spec, duck]}
    for peer, args in scripts.items():
        if peer in pythons:
            out.append(Tool(peer, [str(pythons[peer]), str(HERE / f"peer_{peer}.py"), *args],
                            env, (0,), parse_counts))
    out.append(Tool(STARTUP[0], out[1].cmd, {**env, "VDQ_CACHE_DIR": "off"}, (0, 1),
                    parse_nothing, fresh_results))
    out.append(Tool(STARTUP[1], [vdq, "--help"], env, (0,), parse_nothing))
    out.append(Tool(STARTUP[2], [py, "-c", "import duckdb"], env, (0,), parse_nothing))
    return out


def run_once(tool: Tool, rundir: Path) -> tuple[float, float, float, str, int]:
    """Wall s, CPU s (user + sys), peak RSS MB, stdout, exit code of one whole process."""
    tool.before()
    env = {**os.environ, **tool.env}
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(tool.cmd, stdout=out, stderr=err, env=env, cwd=rundir)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if proc.returncode not in tool.ok_codes:
        tail = "\n".join(stderr.strip().splitlines()[-5:])
        raise RuntimeError(f"{tool.name} exited {proc.returncode}: {tail}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, stdout, \
        proc.returncode


# -- reporting ------------------------------------------------------------------------------
def med(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def fmt(value: float | None, digits: int = 2) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def agreement_table(counts: dict[str, dict[str, int | None]],
                    pred: dict[str, dict[str, int]], manifest: dict[str, Any],
                    names: Sequence[str]) -> tuple[str, list[str]]:
    """Per check: the injected defects, then each tool's count, marked = when it is what
    its semantics predicts. Returns the table and the unexplained cells."""
    defects = manifest["defects"]
    unexplained: list[str] = []
    rows = []
    for c in CHECKS:
        key = COLUMN_KEY[c.column]
        parts = [f"{k.split('.', 1)[1]} {v:,}" for k, v in defects.items()
                 if k.startswith(key + ".")]
        if c.kind == "unique":
            d = manifest["duplicates"][c.column]
            parts.append(f"dup {d['groups']:,} values / {d['rows']:,} rows")
        row = [c.id, ", ".join(parts)]
        for t in names:
            got = counts.get(t, {}).get(c.id)
            sem, want = expected(t, c.id, pred)
            if got is None:
                row.append("failed")
                unexplained.append(f"{t}/{c.id}: no count")
            elif got == want:
                row.append(f"{got:,} =")
            else:
                row.append(f"{got:,} (expected {want:,})")
                unexplained.append(f"{t}/{c.id}: {got} != {want} ({sem})")
        rows.append(row)
    header = ["check", "injected", *names]
    return markdown_table(header, rows), unexplained


def section(args: argparse.Namespace, started: datetime, env: dict[str, Any],
            results: dict[int, dict[str, Measured]], agreement: dict[int, str],
            unexplained: dict[int, list[str]], probe: str, importtime: str,
            names: Sequence[str]) -> str:
    sizes = list(results)
    cmd = "python bench/peers/run.py " + " ".join(f"--rows {r}" for r in sizes) + \
        f" --repeat {args.repeat}"
    m = env["machine"]
    repo = env["versions"]["repo"]
    lines = [
        f"### {started:%Y-%m-%d %H:%M} UTC: peers at "
        + " and ".join(f"{r:,}" for r in sizes) + " rows",
        "",
        "```",
        cmd,
        "```",
        "",
        f"- date: {started.isoformat(timespec='seconds')}",
        f"- machine: {m['cpu']}, nproc {m['nproc']}, memory {m['memory']}, kernel {m['kernel']}"
        " (shared; other jobs ran at the same time)",
        f"- veeva-dq {repo.get('veeva-dq')} (git {env['git']}) and the floor: Python "
        f"{repo.get('python')}, DuckDB {repo.get('duckdb')}, sqlglot {repo.get('sqlglot')}",
    ]
    for peer in PEERS:
        if peer in env["versions"]:
            v = env["versions"][peer]
            pk = ", ".join(f"{p} {v.get(p)}" for p in PACKAGES[peer])
            lines.append(f"- {LABEL[peer]}: Python {v.get('python')}, {pk}")
    lines += [
        f"- data: seed {args.seed}; {args.repeat} timed rounds after one untimed round; "
        "medians; tools interleaved, order rotated each round",
        f"- GX SQL path on DuckDB: {probe}",
        "",
    ]
    for rows in sizes:
        lines += [f"Counts at {rows:,} rows (`=`: what the injected defects predict under the "
                  "tool's semantics, see [comparison.md](comparison.md)):", "",
                  agreement[rows], ""]
        if unexplained[rows]:
            lines += ["Unexplained: " + "; ".join(unexplained[rows]), ""]
    header = ["tool"]
    for rows in sizes:
        header += [f"{rows:,}: wall s", "CPU s", "peak MB"]
    rows_md = []
    for t in [*names, *STARTUP]:
        row = [LABEL.get(t, f"`{t}`")]
        for rows in sizes:
            ms = results[rows].get(t)
            if ms is None or ms.error:
                row += ["failed" if ms else "n/a", "", ""]
            else:
                row += [fmt(med(ms.wall)), fmt(med(ms.cpu)), fmt(med(ms.rss_mb), 0)]
        rows_md.append(row)
    lines += ["Median of the timed rounds, whole process:", "",
              markdown_table(header, rows_md), ""]
    inner = [f"{rows:,} rows: {fmt(med(results[rows]['veeva-dq'].inner))} s"
             for rows in sizes if results[rows].get("veeva-dq")]
    lines += ["veeva-dq's own run time (started_at to finished_at in its JSON, so without "
              "start-up, imports and rule loading): " + "; ".join(inner) + ".", ""]
    lines += [ratio_table(results, names), ""]
    lines += [importtime, ""]
    return "\n".join(lines)


def ratio_table(results: dict[int, dict[str, Measured]], names: Sequence[str]) -> str:
    header = ["veeva-dq / ...", *(f"{r:,} rows" for r in results)]
    rows = []
    for t in names:
        if t == "veeva-dq":
            continue
        row = [LABEL[t]]
        for ms in results.values():
            a, b = ms.get("veeva-dq"), ms.get(t)
            if a is None or b is None or a.error or b.error or not a.wall or not b.wall:
                row.append("n/a")
                continue
            ratio = statistics.median(a.wall) / statistics.median(b.wall)
            mark = (" (target <= 1.2: " + ("met" if ratio <= 1.2 else "not met") + ")"
                    if t == "floor" else "")
            row.append(f"{ratio:.2f}x{mark}")
        rows.append(row)
    return "Ratios of median wall times:\n\n" + markdown_table(header, rows)


def profile_veeva_dq(tool: Tool, rundir: Path) -> str:
    """Where veeva-dq's time goes, from one extra run under `-X importtime` and one under
    cProfile (each slows the run a little; neither is in the timed rounds)."""
    args = tool.cmd[1:]
    py = str(VENV / "bin" / "python")
    env = {**os.environ, **tool.env}
    tool.before()
    done = run_quiet([py, "-X", "importtime", "-m", "veeva_dq", *args], cwd=rundir, env=env)
    top: dict[str, int] = {}
    for line in done.stderr.splitlines():
        parts = line.split("|")
        if len(parts) != 3 or not parts[1].strip().isdigit():
            continue
        name = parts[2].rstrip()
        if (len(name) - len(name.lstrip())) // 2 == 0:
            pkg = name.strip().split(".")[0]
            top[pkg] = top.get(pkg, 0) + int(parts[1])
    total = sum(top.values()) / 1e6
    biggest = ", ".join(f"{k} {v / 1e6:.2f}" for k, v in sorted(top.items(),
                                                               key=lambda kv: -kv[1])[:5])
    tool.before()
    with tempfile.TemporaryDirectory() as tmp:
        prof = Path(tmp) / "validate.prof"
        run_quiet([py, "-m", "cProfile", "-o", str(prof), "-m", "veeva_dq", *args],
                  cwd=rundir, env=env)
        stats: dict[Any, Any] = pstats.Stats(str(prof)).stats  # type: ignore[attr-defined]
    whole = max((v[3] for v in stats.values()), default=0.0)
    wait = sum(v[3] for k, v in stats.items() if k[2] == "<method 'acquire' of "
               "'_thread.lock' objects>")
    own = sorted(((v[3], f"{Path(k[0]).parent.name}/{Path(k[0]).name}:{k[2]}")
                  for k, v in stats.items() if "veeva_dq" in k[0] and k[2] != "<module>"),
                 reverse=True)
    listed = ", ".join(f"`{name}` {t:.2f}" for t, name in own[:12]
                       if not name.startswith(("veeva_dq/cli.py:main", "veeva_dq/cli.py:run",
                                               "veeva_dq/__main__")))
    return (
        f"where veeva-dq's time goes (one extra run each): imports "
        f"{total:.2f} s (`-X importtime`; largest top-level packages, cumulative s: {biggest}); "
        f"under cProfile the whole command took {whole:.2f} s, of which {wait:.2f} s the main "
        f"thread waited for the rule-query workers (the SQL running in DuckDB); veeva-dq "
        f"functions by cumulative s: {listed}."
    )


def insert_docs(text: str) -> None:
    """Insert at the end of the `## Peers` section (before the next `## `), else append."""
    doc = DOCS.read_text("utf-8") if DOCS.exists() else "# Benchmarks\n"
    lines = doc.splitlines(keepends=True)
    start = next((i for i, ln in enumerate(lines) if ln.startswith("## Peers")), None)
    if start is None:
        DOCS.write_text(doc.rstrip("\n") + "\n\n" + text.rstrip("\n") + "\n", "utf-8")
        return
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")),
               len(lines))
    head = "".join(lines[:end]).rstrip("\n") + "\n\n" + text.rstrip("\n") + "\n"
    tail = "".join(lines[end:])
    DOCS.write_text(head + ("\n" + tail if tail else ""), "utf-8")


# -- main -----------------------------------------------------------------------------------
def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rows", type=int, action="append", required=True,
                        help="table size; repeat for several")
    parser.add_argument("--repeat", type=int, default=5, help="timed rounds (median)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--tools", default=",".join(TOOLS),
                        help=f"comma-separated subset of {', '.join(TOOLS)}")
    parser.add_argument("--no-docs", action="store_true", help="don't edit docs/benchmarks.md")
    args = parser.parse_args(argv)
    names = [t for t in TOOLS if t in args.tools.split(",")]
    started = datetime.now(UTC)

    ensure_repo_venv()
    WORK.mkdir(parents=True, exist_ok=True)
    pythons = {p: ensure_peer_venv(p) for p in PEERS if p in names}
    env: dict[str, Any] = {"machine": machine(), "git": git_revision(), "versions": {
        "repo": versions(VENV / "bin" / "python", PACKAGES["repo"]),
        **{p: versions(py, PACKAGES[p]) for p, py in pythons.items()},
    }}
    rundir = WORK / "run"
    rundir.mkdir(exist_ok=True)
    (rundir / "spec.json").write_text(spec_json(), "utf-8")
    (rundir / "pack.yaml").write_text(pack_yaml(), "utf-8")
    (rundir / "veeva-dq.yaml").write_text("builtin_rules: false\n", "utf-8")

    results: dict[int, dict[str, Measured]] = {}
    agreement: dict[int, str] = {}
    unexplained: dict[int, list[str]] = {}
    probe = "not run"
    folders: dict[int, Path] = {}
    for rows in args.rows:
        data, manifest = ensure_data(rows, args.seed)
        folders[rows] = data
        pred = predictions(manifest)
        tools = [t for t in tools_for(data, rundir, pythons) if t.name in names
                 or t.name in STARTUP]
        ms = {t.name: Measured() for t in tools}
        counts: dict[str, dict[str, int | None]] = {}
        print(f"\n== {rows:,} rows: untimed round", file=sys.stderr)
        for t in tools:
            try:
                *_, stdout, _ = run_once(t, rundir)
                counts[t.name] = t.parse(stdout)[0]
            except (RuntimeError, ValueError, KeyError, IndexError) as exc:
                ms[t.name].error = str(exc)
                print(f"   {t.name}: FAILED {exc}", file=sys.stderr)
        if "gx" in pythons and probe == "not run":
            probe = probe_gx_sql(pythons["gx"], rundir, data)
        agreement[rows], unexplained[rows] = agreement_table(
            counts, pred, manifest, [n for n in names if n in counts])
        print(agreement[rows], file=sys.stderr)
        live = [t for t in tools if not ms[t.name].error]
        for r in range(args.repeat):
            order = live[r % len(live):] + live[:r % len(live)]
            for t in order:
                try:
                    wall, cpu, rss, stdout, _ = run_once(t, rundir)
                except RuntimeError as exc:
                    ms[t.name].error = str(exc)
                    continue
                got, inner = t.parse(stdout)
                if got and got != counts.get(t.name):
                    ms[t.name].error = f"counts changed between runs: {got}"
                ms[t.name].wall.append(wall)
                ms[t.name].cpu.append(cpu)
                ms[t.name].rss_mb.append(rss)
                if inner is not None:
                    ms[t.name].inner.append(inner)
            print(f"   round {r + 1}/{args.repeat}: "
                  + ", ".join(f"{t.name} {ms[t.name].wall[-1]:.2f}s" for t in live
                              if ms[t.name].wall), file=sys.stderr)
        results[rows] = ms

    largest = max(folders)
    vdq = [t for t in tools_for(folders[largest], rundir, pythons) if t.name == "veeva-dq"]
    where = (f"At {largest:,} rows: " + profile_veeva_dq(vdq[0], rundir)
             if vdq and "veeva-dq" in names else "")
    text = section(args, started, env, results, agreement, unexplained, probe, where, names)
    print(text)
    for rows, ms in results.items():
        for name, m in ms.items():
            if m.error:
                print(f"{rows:,} rows, {name}: {m.error}", file=sys.stderr)
    if not args.no_docs:
        insert_docs(text)
        print(f"inserted into {DOCS.relative_to(REPO)}", file=sys.stderr)
    return 1 if any(unexplained.values()) else 0


def probe_gx_sql(python: Path, rundir: Path, data: Path) -> str:
    """Whether GX's SQL data source works on the DuckDB file (it did not when written)."""
    done = run_quiet([str(python), str(HERE / "peer_gx.py"), str(rundir / "spec.json"),
                      str(data), "--engine", "sql"], cwd=rundir,
                     env={**os.environ, "GX_ANALYTICS_ENABLED": "false"})
    try:
        errors = json.loads(done.stdout.strip().splitlines()[-1]).get("errors", [])
    except (ValueError, IndexError):
        return f"failed (exit {done.returncode}): {done.stderr.strip().splitlines()[-1:]}"
    if not errors:
        return "works (counts not used: the benchmark runs GX on pandas)"
    first = str(errors[0]).split(": ", 1)[-1]
    return (f"fails: {len(errors)} of {len(CHECKS)} expectations raise an error, the first"
            f" {first!r} (GX's metric query returns no row through duckdb-engine)")


if __name__ == "__main__":
    raise SystemExit(main())
