"""cuallee on DuckDB: the twelve checks of spec.json as one Check over table hcp.

    python peer_cuallee.py SPEC.json DATA.duckdb

Runs inside the cuallee virtual environment (bench/.peers/cuallee); prints one JSON object:
{"engine": ..., "counts": {check id: violations}}. Not-null is `is_complete`, unique
`is_unique`, value sets `is_contained_in`, regexes `has_pattern`; cuallee has no length
check, so the length check is `satisfies` with `length(col) <= max`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import duckdb
from cuallee import Check, CheckLevel


def build(check: Any, c: dict[str, Any]) -> str:
    """Add one spec check to the cuallee Check; return the cuallee rule name."""
    col = c["column"]
    if c["kind"] == "not_null":
        check.is_complete(col)
        return "is_complete"
    if c["kind"] == "unique":
        check.is_unique(col)
        return "is_unique"
    if c["kind"] == "in_set":
        check.is_contained_in(col, tuple(c["values"]))
        return "is_contained_in"
    if c["kind"] == "regex":
        check.has_pattern(col, c["pattern"])
        return "has_pattern"
    check.satisfies(col, f"length({col}) <= {int(c['max_length'])}")
    return "satisfies"


def main(argv: list[str]) -> int:
    spec = json.loads(Path(argv[1]).read_text("utf-8"))
    con = duckdb.connect(argv[2], read_only=True)
    check = Check(CheckLevel.WARNING, "peers", table_name=spec["table"])
    expected = [(c["id"], build(check, c), c["column"]) for c in spec["checks"]]
    result = check.validate(con)
    rows = result.to_dict(orient="records")
    if len(rows) != len(expected):
        raise SystemExit(f"cuallee returned {len(rows)} results for {len(expected)} checks")
    counts: dict[str, int] = {}
    for (cid, rule, column), row in zip(expected, rows, strict=True):
        if row["rule"] != rule or row["column"] != column:
            raise SystemExit(f"cuallee result {row['rule']}({row['column']}) is not {cid}")
        counts[cid] = int(row["violations"])
    print(json.dumps({"engine": "duckdb", "counts": counts}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
