"""Benchmark the Spark engine (local mode) against DuckDB on the same Parquet folder.

    python bench/bench_spark.py --hcps 1000000 [--data bench/out/1m] [--master local[*]]

1. Generates the Veeva CSVs with bench/generate.py unless DATA already holds them (made with
   the same --hcps), then writes DATA-parquet/, one Parquet file per object, every column
   text (DuckDB's COPY from read_csv with all_varchar).
2. Runs, each as its own process, on a fresh results database:
       veeva-dq validate --engine duckdb --source LAKE --db DB --as-of AS_OF --format json
       veeva-dq validate --engine spark --source LAKE --spark-master MASTER --db DB ...
   and measures wall time and the peak RSS of the process and its children (the JVM is a
   child of the Python process), polled as in bench/bench_sqlite.py.
3. Requires every rule's rows checked and rows failed to be the same on both engines, prints a
   table and appends a dated section to docs/benchmarks.md (unless --no-docs).

Exit status: 0 done; 1 when the engines disagree on a rule; 2 when a stage fails.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from bench_sqlite import (
    DOCS,
    GENERATOR,
    MB,
    REPO,
    Sample,
    append_docs,
    cli_prefix,
    git_revision,
    machine,
    run_measured,
    shown,
    tail,
)

OBJECTS = ("hcp", "hco", "address", "license", "parenthco")


def _parquet_folder(csvs: Path, lake: Path) -> None:
    """One Parquet file per object CSV, every column text, as `validate` reads them."""
    import duckdb

    lake.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    try:
        for obj in OBJECTS:
            source = csvs / f"{obj}.csv"
            if not source.exists():
                continue
            # The relation API takes the path as a value: no SQL text is built from it.
            rel = con.read_csv(str(source), header=True, all_varchar=True)
            rel.write_parquet(str(lake / f"{obj}.parquet"))
    finally:
        con.close()


def _rules(stdout: Path) -> dict[str, tuple[int, int]]:
    report: dict[str, Any] = json.loads(stdout.read_text("utf-8"))
    return {str(r["rule_id"]): (int(r["checked"]), int(r["failed"])) for r in report["rules"]}


def _versions(interpreter: str, env: dict[str, str]) -> dict[str, str]:
    code = ("import json, platform, duckdb, pyspark, veeva_dq;"
            "print(json.dumps({'python': platform.python_version(), 'duckdb': duckdb.__version__,"
            " 'pyspark': pyspark.__version__, 'veeva_dq': veeva_dq.__version__}))")
    done = subprocess.run([interpreter, "-c", code], env=env, capture_output=True, text=True,
                          check=True)
    found: dict[str, str] = json.loads(done.stdout)
    java = subprocess.run(["java", "-version"], capture_output=True, text=True)
    found["java"] = (java.stderr.strip().splitlines() or ["unknown"])[0]
    return found


def _load() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hcps", type=int, default=1_000_000)
    parser.add_argument("--data", type=Path, default=None,
                        help="Folder of the generated CSVs (default bench/out/<N>).")
    parser.add_argument("--master", default="local[*]")
    parser.add_argument("--as-of", default="2026-01-01")
    parser.add_argument("--no-docs", action="store_true")
    args = parser.parse_args(argv)
    console = Console()
    data: Path = args.data or REPO / "bench" / "out" / (
        f"{args.hcps // 1_000_000}m" if args.hcps % 1_000_000 == 0 else str(args.hcps))
    manifest = data / "manifest.json"
    made = json.loads(manifest.read_text("utf-8")) if manifest.exists() else {}
    if made.get("hcps") != args.hcps:
        console.print(f"Generating {args.hcps:,} HCPs into {data} ...")
        subprocess.run([sys.executable, str(GENERATOR), "--hcps", str(args.hcps), "--out",
                        str(data)], check=True)
    lake = data.with_name(data.name + "-parquet")
    if not (lake / "hcp.parquet").exists():
        console.print(f"Writing the Parquet folder {lake} ...")
        _parquet_folder(data, lake)
    prefix, env, interpreter = cli_prefix("module")
    work = Path(tempfile.mkdtemp(prefix="vdq-bench-spark-"))
    runs: dict[str, tuple[list[str], Sample, dict[str, tuple[int, int]]]] = {}
    try:
        for engine, extra in (("duckdb", []), ("spark", ["--spark-master", args.master])):
            cmd = [*prefix, "validate", "--rule", "all", "--engine", engine, "--source",
                   str(lake), *extra, "--db", str(work / f"{engine}.db"), "--as-of",
                   args.as_of, "--format", "json", "--no-progress"]
            console.print(f"Running {engine} ...")
            sample = run_measured(cmd, env, work, engine)
            if sample.returncode not in (0, 1):
                console.print(f"[red]{engine} failed ({sample.returncode}):[/red]\n"
                              + tail(work / f"{engine}.stderr"))
                return 2
            runs[engine] = (cmd, sample, _rules(work / f"{engine}.stdout"))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    duck, spark = runs["duckdb"], runs["spark"]
    differ = sorted(r for r in duck[2] if duck[2][r] != spark[2].get(r))
    rows = args.hcps
    table = Table("engine", "wall s", "HCP rows/s", "peak RSS MB",
                  title=f"validate --rule all on {rows:,} HCPs ({lake.name})")
    for name, (_, sample, _) in runs.items():
        table.add_row(name, f"{sample.wall:.1f}", f"{rows / sample.wall:,.0f}",
                      f"{sample.peak_rss / MB:,.0f}")
    ratio = spark[1].wall / duck[1].wall
    console.print(table)
    console.print(f"Spark / DuckDB wall time: {ratio:.2f}x. Rules: {len(duck[2])}, with"
                  f" different counts: {', '.join(differ) or 'none'}.")
    if not args.no_docs:
        append_docs(DOCS, _section(runs, rows, ratio, differ, args.master,
                                   _versions(interpreter, env)))
        console.print(f"Appended a section to {DOCS.relative_to(REPO)}.")
    return 1 if differ else 0


def _section(runs: dict[str, tuple[list[str], Sample, dict[str, tuple[int, int]]]], rows: int,
             ratio: float, differ: list[str], master: str, versions: dict[str, str]) -> str:
    box = machine()
    failed = sum(f for _, f in runs["duckdb"][2].values())
    lines = [
        f"## Spark local mode and DuckDB on one Parquet folder, {rows:,} HCPs"
        f" ({datetime.now(UTC):%Y-%m-%d})",
        "",
        "```bash",
        f"python bench/bench_spark.py --hcps {rows} --master '{master}'",
        *(shown(cmd, "module") for cmd, _, _ in runs.values()),
        "```",
        "",
        f"Machine: {box['cpu']}, {box['nproc']} cores, {box['memory']}, {box['os']}; shared"
        f" with other benchmark runs while measured (load average {_load()} at the end), so"
        " the ratio says more than the seconds. Versions: Python"
        f" {versions['python']}, DuckDB {versions['duckdb']}, PySpark {versions['pyspark']},"
        f" {versions['java']}, veeva-dq {versions['veeva_dq']} ({git_revision()}).",
        "",
        "| engine | wall s | HCP rows/s | peak RSS MB (process and children) |",
        "|---|---|---|---|",
    ]
    for name, (_, sample, _) in runs.items():
        lines.append(f"| {name} | {sample.wall:.1f} | {rows / sample.wall:,.0f} |"
                     f" {sample.peak_rss / MB:,.0f} |")
    lines += [
        "",
        f"Spark / DuckDB wall time: {ratio:.2f}x. Wall time is the whole command, Spark's JVM"
        " start included. Every rule's rows checked and rows failed"
        + (" are the same on both engines" if not differ else
           f" differ for {', '.join(differ)}")
        + f" ({len(runs['duckdb'][2])} rules, {failed:,} failures in all).",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
