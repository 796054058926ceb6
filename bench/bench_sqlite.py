"""Benchmark veeva-dq on SQLite: ingest and validate synthetic data, as a new user would.

    python bench/bench_sqlite.py --hcps 1000000 [--keep DIR] [--runs 1]

1. Generates the data with bench/generate.py (or reuses --keep DIR when its manifest.json was
   made with the same --hcps, --seed, --defect-rate and --as-of).
2. Runs, each as its own process, for every run on a fresh database:
       veeva-dq ingest DIR --format veeva --db DB --no-progress
       veeva-dq validate --rule all --db DB --as-of AS_OF --format json --no-progress
   (validate exit code 0 or 1 is success, 2 is an error). By default the CLI is started as
   `python -m veeva_dq` with PYTHONPATH=src, so the working tree is what is measured;
   `--cli script` uses the installed `veeva-dq` console script instead.
3. Measures each stage's wall time and peak memory, prints a table, compares the validate
   JSON's per-rule failed counts with the generator's manifest, and appends a dated section
   to docs/benchmarks.md (unless --no-docs).

Memory is measured two ways. "peak RSS" polls the child and all its descendants with psutil
every 50 ms and keeps the largest sum of their resident set sizes; it can miss a spike shorter
than the poll interval. "maxrss" is getrusage(RUSAGE_CHILDREN).ru_maxrss, which the kernel
keeps exactly, but as the largest RSS of any single waited-for child so far: it is reported
for a stage only when the stage raised it, and otherwise shown as "<= previous max".

Exit status: 0 done; 1 with --check when a rule count disagrees with the manifest or a target
is missed; 2 when a stage fails.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import json
import os
import platform
import resource
import shlex
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

REPO = Path(__file__).resolve().parents[1]
GENERATOR = REPO / "bench" / "generate.py"
DOCS = REPO / "docs" / "benchmarks.md"
POLL_SECONDS = 0.05
MB = 1024 * 1024

# Targets at 1,000,000 HCPs.
TARGET_HCPS = 1_000_000
TARGET_VALIDATE_SECONDS = 30.0
TARGET_PEAK_MB = 500.0

# Rule id -> what its failed count should be, from manifest.json "defects": a tuple of
# alternatives, each a tuple of manifest keys summed. Unknown rule ids are reported, not judged.
RULE_EXPECTED: dict[str, tuple[tuple[str, ...], ...]] = {
    "hcp_npi_check_digit": (("hcp.npi_num__v:check_digit",),),
    # A uniqueness rule may count every row of a duplicate group, or one per group.
    "hcp_npi_unique": (("hcp.npi_num__v:duplicate_rows",), ("hcp.npi_num__v:duplicate",)),
    "hcp_last_name_required": (("hcp.last_name__v:missing",),),
    "hcp_first_name_required": (("hcp.first_name__v:blank",),),
    "hcp_email_format": (("hcp.email_1__v:format",),),
    "hcp_gender_picklist": (("hcp.gender__v:unknown_code",),),
    "hcp_type_picklist": (("hcp.hcp_type__v:unknown_code",),),
    "hcp_medical_degree_picklist": (("hcp.medical_degree_1__v:unknown_code",),),
    "hcp_specialty_nucc": (("hcp.specialty_1__v:unknown_taxonomy",),),
    "hcp_modified_date_valid": (("hcp.modified_date__v:invalid_date",),),
    "hcp_stale_record": (("hcp.modified_date__v:stale",),),
    "hco_npi_check_digit": (("hco.npi_num__v:check_digit",),),
    "hco_type_picklist": (("hco.hco_type__v:unknown_code",),),
    "hco_modified_date_valid": (("hco.modified_date__v:invalid_date",),),
    "address_owner_exists": (("address.entity_vid__v:orphan",),),
    "address_us_state_valid": (("address.administrative_area__v:unknown",),),
    "address_us_zip_format": (("address.postal_code__v:format",),),
    "address_us_phone_format": (("address.phone_1__v:format",),),
    "license_owner_exists": (("license.entity_vid__v:orphan",),),
    "license_dea_check_digit": (("license.license_number__v:dea_check_digit",),),
    "license_expired_active": (("license.expiration_date__v:expired_active",),),
    "license_expiration_date_valid": (("license.expiration_date__v:invalid_date",),),
    "parenthco_parent_exists": (("parenthco.parent_hco_vid__v:missing",),),
    "parenthco_active_to_inactive_hco": (("parenthco.parent_hco_vid__v:inactive",),),
    "parenthco_relationship_type_picklist": (("parenthco.relationship_type__v:unknown_code",),),
}

# Rules the generated data never violates (clean by construction; bench/check_data.py checks
# the same properties). A failure here is a false positive.
RULES_EXPECTED_ZERO = frozenset(
    {
        "hcp_npi_format",
        "hcp_npi_not_on_hco",
        "hcp_npi_deactivated",
        "hcp_status_picklist",
        "hcp_record_state_picklist",
        "hcp_prefix_picklist",
        "hcp_suffix_picklist",
        "hcp_modified_date_not_future",
        "hco_name_required",
        "hco_npi_format",
        "hco_npi_unique",
        "hco_npi_deactivated",
        "hco_status_picklist",
        "hco_record_state_picklist",
        "address_line_1_required",
        "address_locality_required",
        "address_country_required",
        "address_country_iso",
        "address_us_state_required",
        "address_area_matches_country",
        "address_us_zip_required",
        "address_us_fax_format",
        "address_status_picklist",
        "address_record_state_picklist",
        "address_primary_unique",
        "address_duplicate",
        "license_number_required",
        "license_type_picklist",
        "license_status_picklist",
        "license_state_body_valid",
        "license_dea_format",
        "license_drug_schedule",
        "license_number_shared",
        "parenthco_child_exists",
        "parenthco_not_self",
        "parenthco_status_picklist",
        "parenthco_primary_flag",
        "parenthco_one_primary",
    }
)


class StageError(RuntimeError):
    pass


@dataclass
class Sample:
    wall: float
    peak_rss: int  # bytes, psutil poll of the process tree
    maxrss: int | None  # bytes, getrusage when this stage raised it, else None
    maxrss_before: int  # bytes, getrusage before the stage
    returncode: int
    cpu: float = 0.0  # user + system seconds of the child and its descendants (getrusage)


@dataclass
class Stage:
    name: str
    command: list[str]
    records: int
    samples: list[Sample] = field(default_factory=list)

    @property
    def wall(self) -> float:
        return statistics.median(s.wall for s in self.samples)

    @property
    def cpu(self) -> float:
        return statistics.median(s.cpu for s in self.samples)

    @property
    def peak_mb(self) -> float:
        return max(s.peak_rss for s in self.samples) / MB

    @property
    def maxrss_text(self) -> str:
        known = [s.maxrss for s in self.samples if s.maxrss is not None]
        if known:
            return f"{max(known) / MB:,.0f}"
        return f"<= {max(s.maxrss_before for s in self.samples) / MB:,.0f}"


def children_maxrss() -> int:
    """Largest RSS of any waited-for child so far, in bytes (Linux reports KiB)."""
    kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return kib * (1 if sys.platform == "darwin" else 1024)


def tree_rss(proc: Any) -> int:
    """RSS of a psutil process and all its descendants; 0 for any that is gone."""
    import psutil

    total = 0
    try:
        members = [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return 0
    for p in members:
        with contextlib.suppress(psutil.Error):  # gone, or a zombie, since listed
            total += int(p.memory_info().rss)
    return total


def run_measured(
    cmd: Sequence[str], env: dict[str, str], log_dir: Path | None, label: str
) -> Sample:
    """Run one command to completion; wall time and memory as described in the docstring."""
    import psutil

    before = children_maxrss()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    out_path = log_dir / f"{label}.stdout" if log_dir else None
    err_path = log_dir / f"{label}.stderr" if log_dir else None
    out = out_path.open("wb") if out_path else None
    err = err_path.open("wb") if err_path else None
    try:
        started = time.perf_counter()
        proc = psutil.Popen(list(cmd), stdout=out, stderr=err, env=env)
        peak = 0
        while True:
            peak = max(peak, tree_rss(proc))
            try:
                returncode = int(proc.wait(timeout=POLL_SECONDS))
                break
            except psutil.TimeoutExpired:
                continue
        wall = time.perf_counter() - started
    finally:
        for f in (out, err):
            if f is not None:
                f.close()
    after = children_maxrss()
    done = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (done.ru_utime - usage.ru_utime) + (done.ru_stime - usage.ru_stime)
    return Sample(wall, peak, after if after > before else None, before, returncode, cpu)


def tail(path: Path, lines: int = 15) -> str:
    try:
        text = path.read_text("utf-8", errors="replace")
    except OSError:
        return ""
    return "\n".join(text.rstrip().splitlines()[-lines:])


def cli_prefix(kind: str) -> tuple[list[str], dict[str, str], str]:
    """(argv prefix, environment, interpreter) for the chosen way of starting the CLI."""
    env = dict(os.environ)
    if kind == "module":
        paths = [str(REPO / "src"), *filter(None, [env.get("PYTHONPATH")])]
        env["PYTHONPATH"] = os.pathsep.join(paths)
        return [sys.executable, "-m", "veeva_dq"], env, sys.executable
    script = shutil.which("veeva-dq") or str(Path(sys.executable).parent / "veeva-dq")
    if not Path(script).exists():
        raise StageError("The veeva-dq console script is not installed; use --cli module.")
    interpreter = sys.executable
    first = Path(script).read_bytes()[:200].split(b"\n", 1)[0]
    if first.startswith(b"#!"):
        interpreter = first[2:].decode(errors="replace").strip().split()[0]
    return [script], env, interpreter


def shown(cmd: Sequence[str], cli: str) -> str:
    """A stage command as a shell line run from the repository root, as documented."""
    root = str(REPO) + os.sep
    words = [w.removeprefix(root) for w in cmd]
    if cli == "module":
        words[0] = "python"
        return "PYTHONPATH=src " + shlex.join(words)
    return shlex.join(words)


def versions(interpreter: str, env: dict[str, str]) -> dict[str, str]:
    """Python, SQLite and veeva-dq versions as seen by the interpreter that runs the CLI."""
    code = (
        "import json, platform, sqlite3, veeva_dq;"
        "print(json.dumps({'python': platform.python_version(),"
        " 'sqlite': sqlite3.sqlite_version, 'veeva_dq': veeva_dq.__version__}))"
    )
    try:
        done = subprocess.run(
            [interpreter, "-c", code], env=env, capture_output=True, text=True, check=True
        )
        found: dict[str, str] = json.loads(done.stdout)
        return found
    except (OSError, subprocess.CalledProcessError, json.JSONDecodeError):
        return {
            "python": platform.python_version(),
            "sqlite": sqlite3.sqlite_version,
            "veeva_dq": "unknown",
        }


def git_revision() -> str:
    try:
        rev = subprocess.run(
            ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(REPO), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return f"{rev}{', with uncommitted changes' if dirty else ''}"


def machine() -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except (OSError, ValueError, IndexError):
        pass
    try:
        nproc = len(os.sched_getaffinity(0))
    except AttributeError:
        nproc = os.cpu_count() or 0
    return {"nproc": str(nproc), "memory": memory, "cpu": cpu, "os": platform.platform()}


def manifest_matches(folder: Path, args: argparse.Namespace) -> dict[str, Any] | None:
    """The folder's manifest when it was generated with these arguments and is complete."""
    try:
        manifest: dict[str, Any] = json.loads((folder / "manifest.json").read_text("utf-8"))
    except (OSError, json.JSONDecodeError):
        return None
    wanted = {
        "hcps": args.hcps,
        "seed": args.seed,
        "defect_rate": args.defect_rate,
        "as_of": args.as_of.isoformat(),
    }
    if any(manifest.get(k) != v for k, v in wanted.items()):
        return None
    if not all((folder / f"{name}.csv").exists() for name in manifest.get("rows", {})):
        return None
    return manifest


# -- comparison with the manifest -----------------------------------------------------------
@dataclass
class Check:
    rule_id: str
    obj: str
    checked: int
    failed: int
    expected: str  # "12", "12 or 6", "0", "" (not judged)
    verdict: str  # ok | MISMATCH | unmapped | unknown manifest key


def compare(report: dict[str, Any], defects: dict[str, int]) -> list[Check]:
    checks = []
    for rule in report.get("rules", []):
        rule_id = str(rule.get("rule_id", "?"))
        obj = str(rule.get("object", ""))
        checked, failed = int(rule.get("checked", 0)), int(rule.get("failed", 0))
        alternatives = RULE_EXPECTED.get(rule_id)
        if alternatives is not None:
            if not all(k in defects for alt in alternatives for k in alt):
                checks.append(Check(rule_id, obj, checked, failed, "", "unknown manifest key"))
                continue
            sums = [sum(defects[k] for k in alt) for alt in alternatives]
            expected = " or ".join(f"{n:,}" for n in sums)
            verdict = "ok" if failed in sums else "MISMATCH"
        elif rule_id in RULES_EXPECTED_ZERO:
            expected, verdict = "0", "ok" if failed == 0 else "MISMATCH"
        else:
            expected, verdict = "", "unmapped"
        checks.append(Check(rule_id, obj, checked, failed, expected, verdict))
    return checks


def unchecked_defects(report: dict[str, Any], defects: dict[str, int]) -> list[str]:
    """Manifest defects that no rule in the report is mapped to."""
    ran = {str(r.get("rule_id")) for r in report.get("rules", [])}
    covered = {k for rid, alts in RULE_EXPECTED.items() if rid in ran for a in alts for k in a}
    return [k for k, n in defects.items() if k not in covered and n]


# -- output ---------------------------------------------------------------------------------
def stage_table(stages: list[Stage], runs: int) -> Table:
    table = Table(title="veeva-dq on SQLite")
    table.add_column("stage")
    table.add_column("records", justify="right")
    table.add_column("wall s" + (" (median)" if runs > 1 else ""), justify="right")
    if runs > 1:
        table.add_column("min-max s", justify="right")
    table.add_column("CPU s", justify="right")
    table.add_column("records/s", justify="right")
    table.add_column("peak RSS MB", justify="right")
    table.add_column("maxrss MB", justify="right")
    for st in stages:
        cells = [st.name, f"{st.records:,}", f"{st.wall:.2f}"]
        if runs > 1:
            walls = [s.wall for s in st.samples]
            cells.append(f"{min(walls):.2f}-{max(walls):.2f}")
        cells += [f"{st.cpu:.2f}", f"{st.records / st.wall:,.0f}", f"{st.peak_mb:,.0f}",
                  st.maxrss_text]
        table.add_row(*cells)
    return table


def stage_markdown(stages: list[Stage], runs: int) -> str:
    head = ["stage", "records", "wall s" + (" (median)" if runs > 1 else "")]
    if runs > 1:
        head.append("min-max s")
    head += ["CPU s", "records/s", "peak RSS MB", "maxrss MB"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for st in stages:
        cells = [st.name, f"{st.records:,}", f"{st.wall:.2f}"]
        if runs > 1:
            walls = [s.wall for s in st.samples]
            cells.append(f"{min(walls):.2f}-{max(walls):.2f}")
        cells += [f"{st.cpu:.2f}", f"{st.records / st.wall:,.0f}", f"{st.peak_mb:,.0f}",
                  st.maxrss_text]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def targets(stages: dict[str, Stage], hcps: int) -> list[tuple[str, str, str]]:
    """(target, measured, verdict) rows; verdicts only at the target scale."""
    judged = hcps == TARGET_HCPS
    rows = []
    validate = stages["validate"]
    ok = validate.wall < TARGET_VALIDATE_SECONDS
    rows.append(
        (
            f"validate under {TARGET_VALIDATE_SECONDS:.0f} s",
            f"{validate.wall:.1f} s",
            ("PASS" if ok else "FAIL") if judged else "n/a",
        )
    )
    for name in ("ingest", "validate"):
        st = stages[name]
        ok = st.peak_mb < TARGET_PEAK_MB
        rows.append(
            (
                f"{name} peak memory under {TARGET_PEAK_MB:.0f} MB",
                f"{st.peak_mb:,.0f} MB",
                ("PASS" if ok else "FAIL") if judged else "n/a",
            )
        )
    return rows


DOCS_HEADER = """\
# Benchmarks

## SQLite: ingest and validate at scale

`bench/bench_sqlite.py` measures the two commands a new user runs first, each as its own
process, on synthetic Veeva OpenData-shaped data from `bench/generate.py`:

```
veeva-dq ingest DIR --format veeva --db DB --no-progress
veeva-dq validate --rule all --db DB --as-of 2026-01-01 --format json --no-progress
```

Run it with (1,000,000 HCPs is about 5 million rows over five files, 0.45 GB of CSV):

```
pip install -e '.[dev]'       # once: psutil is a dev dependency
python bench/bench_sqlite.py --hcps 1000000 --keep bench/out/1m
```

`--keep DIR` keeps (and on later runs reuses) the generated data and the database; `--runs N`
repeats ingest and validate on a fresh database and reports the median wall time and the
largest peak; `--cli script` runs the installed `veeva-dq` console script instead of
`python -m veeva_dq` with `PYTHONPATH=src`; `--no-docs` skips appending to this file.

**Data.** N HCPs, N/10 HCOs, about 1.5 addresses and 1.5 licenses per HCP (state licenses,
DEA registrations with drug schedules), one address per HCO and about 0.8 parent-HCO
affiliations per HCP, with defects injected at 2% per kind per eligible row and counted
exactly in `DIR/manifest.json`. `python bench/check_data.py DIR` recounts them from the CSVs.

**Measured.** Wall time is the child process from start to exit, Python start-up included.
*peak RSS* polls the child and its descendants with psutil every 50 ms and keeps the largest
sum of resident set sizes. *maxrss* is `getrusage(RUSAGE_CHILDREN).ru_maxrss`, exact but the
largest single child so far, so it is shown only for a stage that raised it (else
`<= previous`). *CPU s* is the child's user plus system time (`getrusage`), which other work
on a shared machine inflates far less than wall time.

**Targets** at 1,000,000 HCPs: validate under 30 s; ingest and validate each under 500 MB
peak memory.

**Correctness.** Each rule's `failed` count from the validate JSON is compared with the
manifest where the rule maps one-to-one to an injected defect (`RULE_EXPECTED` in the
harness); rules the data never violates must report 0; rules the harness does not know are
listed as unmapped.

Results are appended below, newest last.
"""


def docs_section(
    *,
    args: argparse.Namespace,
    command: str,
    commands: list[str],
    when: datetime,
    mach: dict[str, str],
    vers: dict[str, str],
    revision: str,
    stages: list[Stage],
    target_rows: list[tuple[str, str, str]],
    checks: list[Check],
    unchecked: list[str],
) -> str:
    lines = [
        f"### {when:%Y-%m-%d %H:%M} UTC: {args.hcps:,} HCPs",
        "",
        "```",
        command,
        "```",
        "",
        f"- date: {when.isoformat(timespec='seconds')}",
        f"- machine: {mach['cpu']}, nproc {mach['nproc']}, memory {mach['memory']}, {mach['os']}",
        f"- load average (1 min) at the end: {os.getloadavg()[0]:.1f} on {mach['nproc']} cores"
        " (other work on the machine inflates wall times; CPU s is the child's user + system"
        " time)",
        f"- versions: Python {vers['python']}, SQLite {vers['sqlite']},"
        f" veeva-dq {vers['veeva_dq']} (git {revision})",
        f"- data: seed {args.seed}, defect rate {args.defect_rate},"
        f" as-of {args.as_of.isoformat()}; runs: {args.runs}",
        "- stages:",
        *[f"  - `{c}`" for c in commands],
        "",
        stage_markdown(stages, args.runs),
        "",
        "| target | measured | verdict |",
        "|---|---|---|",
        *[f"| {t} | {m} | {v} |" for t, m, v in target_rows],
        "",
    ]
    judged = [c for c in checks if c.verdict in ("ok", "MISMATCH")]
    bad = [c for c in judged if c.verdict == "MISMATCH"]
    unmapped = [c for c in checks if c.verdict not in ("ok", "MISMATCH")]
    lines.append(
        f"Correctness: {len(judged) - len(bad)} of {len(judged)} judged rules agree with the"
        f" manifest; {len(unmapped)} unmapped."
    )
    if bad:
        lines += ["", "| rule | failed | expected |", "|---|---|---|"]
        lines += [f"| {c.rule_id} | {c.failed:,} | {c.expected} |" for c in bad]
        lines.append("")
    if unmapped:
        lines.append(
            "Unmapped: " + ", ".join(f"{c.rule_id} ({c.failed:,} failed)" for c in unmapped) + "."
        )
    if unchecked:
        lines.append("Injected but checked by no rule: " + ", ".join(unchecked) + ".")
    return "\n".join(lines) + "\n"


def append_docs(path: Path, section: str, heading: str = "## SQLite") -> None:
    """Add `section` at the end of the part of `path` whose `## ` heading starts with
    `heading` (before the next `## `), or at the end of the file when there is none."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or not path.read_text("utf-8").strip():
        path.write_text(DOCS_HEADER, "utf-8")
    lines = path.read_text("utf-8").splitlines(keepends=True)
    start = next((i for i, ln in enumerate(lines) if ln.startswith(heading)), None)
    end = len(lines) if start is None else next(
        (i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    head = "".join(lines[:end]).rstrip("\n") + "\n\n" + section.rstrip("\n") + "\n"
    tail = "".join(lines[end:])
    path.write_text(head + ("\n" + tail if tail else ""), "utf-8")


# -- main -----------------------------------------------------------------------------------
def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Benchmark veeva-dq ingest and validate on SQLite with generated data."
    )
    parser.add_argument("--hcps", type=int, default=TARGET_HCPS)
    parser.add_argument("--keep", type=Path, help="data folder to keep and reuse")
    parser.add_argument("--runs", type=int, default=1, help="ingest+validate repetitions")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--defect-rate", type=float, default=0.02)
    parser.add_argument("--as-of", type=date.fromisoformat, default=date(2026, 1, 1))
    parser.add_argument("--cli", choices=("module", "script"), default="module")
    parser.add_argument("--docs", type=Path, default=DOCS, help="results file to append to")
    parser.add_argument("--no-docs", action="store_true", help="do not append results")
    parser.add_argument("--check", action="store_true", help="exit 1 on mismatch or missed target")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1.")
    if importlib.util.find_spec("psutil") is None:
        print("psutil is required: pip install psutil (a dev dependency).", file=sys.stderr)
        return 2

    console = Console(width=None if sys.stdout.isatty() else 120)
    started_at = datetime.now(UTC)
    command = "python " + " ".join(
        [str(Path(sys.argv[0])), *(argv if argv is not None else sys.argv[1:])]
    )
    temp: Path | None = None
    if args.keep is not None:
        folder = args.keep.resolve()
    else:
        temp = Path(tempfile.mkdtemp(prefix="vdq-bench-"))
        folder = temp / "data"
    try:
        return _bench(args, console, folder, started_at, command)
    except StageError as exc:
        console.print(f"[red]{exc}[/red]")
        return 2
    finally:
        if temp is not None:
            shutil.rmtree(temp, ignore_errors=True)


def _bench(
    args: argparse.Namespace, console: Console, folder: Path, when: datetime, command: str
) -> int:
    prefix, env, interpreter = cli_prefix(args.cli)
    log_dir = folder.parent / f"{folder.name}-logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    stages: list[Stage] = []

    manifest = manifest_matches(folder, args)
    if manifest is not None:
        console.print(f"Reusing the data in {folder} (manifest matches).")
    else:
        gen_cmd = [
            sys.executable,
            str(GENERATOR),
            "--hcps",
            str(args.hcps),
            "--out",
            str(folder),
            "--seed",
            str(args.seed),
            "--defect-rate",
            str(args.defect_rate),
            "--as-of",
            args.as_of.isoformat(),
        ]
        console.print(f"Generating {args.hcps:,} HCPs into {folder} ...")
        sample = run_measured(gen_cmd, env, None, "generate")  # progress bar on the terminal
        if sample.returncode != 0:
            raise StageError(f"bench/generate.py failed with exit code {sample.returncode}.")
        manifest = manifest_matches(folder, args)
        if manifest is None:
            raise StageError(f"bench/generate.py wrote no usable manifest in {folder}.")
        gen = Stage("generate", gen_cmd, sum(manifest["rows"].values()), [sample])
        stages.append(gen)
    records = sum(int(n) for n in manifest["rows"].values())
    defects: dict[str, int] = {k: int(v) for k, v in manifest["defects"].items()}

    db = folder.parent / f"{folder.name}-bench.sqlite"
    ingest_cmd = [
        *prefix,
        "ingest",
        str(folder),
        "--format",
        "veeva",
        "--db",
        str(db),
        "--no-progress",
    ]
    validate_cmd = [
        *prefix,
        "validate",
        "--rule",
        "all",
        "--db",
        str(db),
        "--as-of",
        args.as_of.isoformat(),
        "--format",
        "json",
        "--no-progress",
    ]
    ingest = Stage("ingest", ingest_cmd, records)
    validate = Stage("validate", validate_cmd, records)
    report: dict[str, Any] = {}
    for run in range(1, args.runs + 1):
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        console.print(f"Run {run}/{args.runs}: ingest ...")
        sample = run_measured(ingest_cmd, env, log_dir, f"ingest-{run}")
        if sample.returncode != 0:
            raise StageError(
                f"ingest failed with exit code {sample.returncode}:\n"
                + tail(log_dir / f"ingest-{run}.stderr")
                + "\n"
                + tail(log_dir / f"ingest-{run}.stdout")
            )
        ingest.samples.append(sample)
        console.print(f"Run {run}/{args.runs}: validate ...")
        sample = run_measured(validate_cmd, env, log_dir, f"validate-{run}")
        if sample.returncode not in (0, 1):
            raise StageError(
                f"validate failed with exit code {sample.returncode}:\n"
                + tail(log_dir / f"validate-{run}.stderr")
            )
        validate.samples.append(sample)
        out = log_dir / f"validate-{run}.stdout"
        try:
            report = json.loads(out.read_text("utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise StageError(f"validate did not print JSON ({exc}); see {out}.") from None
        status = report.get("run", {}).get("status")
        if status not in (None, "complete"):
            raise StageError(f"validate stored a run with status '{status}'; see {out}.")
    stages += [ingest, validate]

    console.print(stage_table(stages, args.runs))
    target_rows = targets({s.name: s for s in stages}, args.hcps)
    tt = Table(title="targets" + ("" if args.hcps == TARGET_HCPS else " (judged at 1M HCPs)"))
    for col in ("target", "measured", "verdict"):
        tt.add_column(col)
    for t, m, v in target_rows:
        colour = {"PASS": "green", "FAIL": "red"}.get(v, "dim")
        tt.add_row(t, m, f"[{colour}]{v}[/{colour}]")
    console.print(tt)

    checks = compare(report, defects)
    unchecked = unchecked_defects(report, defects)
    bad = [c for c in checks if c.verdict == "MISMATCH"]
    judged = [c for c in checks if c.verdict in ("ok", "MISMATCH")]
    ct = Table(title=f"rule failed counts vs manifest: {len(judged) - len(bad)}/{len(judged)} ok")
    for col in ("rule", "object", "checked", "failed", "expected", "verdict"):
        right = col in ("checked", "failed", "expected")
        ct.add_column(col, justify="right" if right else "left", overflow="fold")
    for c in checks:
        if c.verdict == "ok" and c.expected == "0":
            continue  # clean rules that stayed clean: counted in the title, not listed
        colour = {"ok": "green", "MISMATCH": "red"}.get(c.verdict, "yellow")
        ct.add_row(
            c.rule_id,
            c.obj,
            f"{c.checked:,}",
            f"{c.failed:,}",
            c.expected,
            f"[{colour}]{c.verdict}[/{colour}]",
        )
    console.print(ct)
    if not report.get("rules"):
        console.print("[yellow]The validate JSON has no 'rules' list; nothing compared.[/yellow]")
    for c in bad:
        console.print(
            f"[red]MISMATCH[/red] {c.rule_id}: failed {c.failed:,}, expected {c.expected}"
        )
    if unchecked:
        console.print("Injected but checked by no rule: " + ", ".join(unchecked))
    if args.keep is not None:
        console.print(f"Logs and validate JSON: {log_dir}; database: {db}")

    if not args.no_docs:
        vers = versions(interpreter, env)
        section = docs_section(
            args=args,
            command=command,
            commands=[shown(ingest_cmd, args.cli), shown(validate_cmd, args.cli)],
            when=when,
            mach=machine(),
            vers=vers,
            revision=git_revision(),
            stages=stages,
            target_rows=target_rows,
            checks=checks,
            unchecked=unchecked,
        )
        append_docs(args.docs, section)
        console.print(f"Appended the results to {args.docs}.")
    failed_target = any(v == "FAIL" for _, _, v in target_rows)
    return 1 if args.check and (bad or failed_target) else 0


if __name__ == "__main__":
    sys.exit(main())
