"""The floor of the engine benchmark: run one hand-written SQL file, print its counts.

    python bench/floor/run_floor.py ENGINE TARGET SQLFILE

ENGINE is duckdb (TARGET a database file, opened read-only), postgres (TARGET a
postgresql:// URL) or sqlite (TARGET a database file, opened read-only; `regexp(pattern,
value)` registered as a whole-value match of Python's re). SQLFILE is a file
made by `prepare()` (the dialect's floor with the reference lists filled in), so this
process only connects, runs one query and prints one JSON object: each column of the
query's single row by name, plus `_query_seconds`, the time from sending the query to
having its row.
"""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DIALECTS = ("duckdb", "postgres", "sqlite")


def floor_sql(engine: str) -> Path:
    return HERE / f"{engine}.sql"


def reference_lists() -> dict[str, str]:
    """The quoted, comma-separated codes of veeva-dq's shipped reference sets."""
    sys.path.insert(0, str(HERE.parents[1] / "src"))
    from veeva_dq.model import reference as ref

    def quoted(values: set[str] | frozenset[str]) -> str:
        return ", ".join("'" + v.replace("'", "''") + "'" for v in sorted(values))

    return {
        "nucc_taxonomy": quoted(set(ref.nucc_taxonomy())),
        "us_states": quoted({f"US-{s.code}" for s in ref.us_states()}),
        "iso_countries": quoted(ref.iso_countries()),
    }


def prepare(engine: str, out: Path) -> Path:
    """Write the engine's floor with its {{placeholders}} replaced; returns `out`."""
    text = floor_sql(engine).read_text("utf-8")
    lists = reference_lists()

    def fill(m: re.Match[str]) -> str:
        return lists[m.group(1)]

    out.write_text(re.sub(r"\{\{(\w+)\}\}", fill, text), "utf-8")
    return out


_PATTERNS: dict[str, re.Pattern[str]] = {}


def _regexp(pattern: str, value: str | None) -> bool | None:
    """SQLite's floor: whether the whole value matches (ASCII classes); NULL for NULL."""
    if value is None:
        return None
    rx = _PATTERNS.get(pattern)
    if rx is None:
        rx = _PATTERNS[pattern] = re.compile(pattern, re.ASCII)
    return rx.fullmatch(value) is not None


def _run(engine: str, target: str, query: str) -> tuple[list[str], tuple[Any, ...], float]:
    if engine == "duckdb":
        import duckdb

        # The same DuckDB settings as veeva-dq's validation connections
        # (VDQ_DUCKDB_MEMORY_LIMIT), so both run under the same memory cap.
        sys.path.insert(0, str(HERE.parents[1] / "src"))
        from veeva_dq.engines._duckdb import connect_config

        con = duckdb.connect(target, read_only=True, config=connect_config())
        started = time.perf_counter()
        cur = con.execute(query)
        row = cur.fetchone()
        seconds = time.perf_counter() - started
        names = [d[0] for d in cur.description or ()]
    elif engine == "postgres":
        import psycopg

        with psycopg.connect(target, autocommit=True) as pg:
            started = time.perf_counter()
            pcur = pg.execute(query)
            row = pcur.fetchone()
            seconds = time.perf_counter() - started
            names = [d.name for d in pcur.description or ()]
    elif engine == "sqlite":
        import sqlite3

        lite = sqlite3.connect(f"file:{target}?mode=ro", uri=True)
        lite.create_function("regexp", 2, _regexp, deterministic=True)
        started = time.perf_counter()
        scur = lite.execute(query)
        row = scur.fetchone()
        seconds = time.perf_counter() - started
        names = [d[0] for d in scur.description or ()]
    else:
        raise SystemExit(f"unknown engine {engine!r}; one of {', '.join(DIALECTS)}")
    if row is None:
        raise SystemExit("the floor query returned no row")
    return names, tuple(row), seconds


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    engine, target, sql_file = argv
    names, row, seconds = _run(engine, target, Path(sql_file).read_text("utf-8"))
    counts: dict[str, Any] = {n: int(v or 0) for n, v in zip(names, row, strict=True)}
    counts["_query_seconds"] = round(seconds, 4)
    print(json.dumps(counts))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
