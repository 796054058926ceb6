"""Soda Core (SodaCL) on the DuckDB file: the twelve checks of spec.json as one scan.

    python peer_soda.py SPEC.json DATA.duckdb

Runs inside the Soda virtual environment (bench/.peers/soda); prints one JSON object:
{"engine": ..., "counts": {check id: metric value}}. Not-null is `missing_count`, unique
`duplicate_count`, value sets, regexes and lengths `invalid_count` with `valid values`,
`valid regex` and `valid max length`; Soda's defaults otherwise (failed-row samples on).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from soda.scan import Scan

METRIC = {"not_null": "missing_count", "unique": "duplicate_count", "in_set": "invalid_count",
          "regex": "invalid_count", "length": "invalid_count"}


def sodacl(spec: dict[str, Any]) -> str:
    lines = [f"checks for {spec['table']}:"]
    for c in spec["checks"]:
        lines.append(f"  - {METRIC[c['kind']]}({c['column']}) = 0:")
        lines.append(f"      name: {c['id']}")
        if c["kind"] == "in_set":
            lines.append(f"      valid values: {json.dumps(c['values'])}")
        elif c["kind"] == "regex":
            lines.append(f"      valid regex: {json.dumps(c['pattern'])}")
        elif c["kind"] == "length":
            lines.append(f"      valid max length: {c['max_length']}")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    spec = json.loads(Path(argv[1]).read_text("utf-8"))
    scan = Scan()
    scan.set_data_source_name("bench")
    scan.add_configuration_yaml_str(
        f"data_source bench:\n  type: duckdb\n  path: {json.dumps(argv[2])}\n  read_only: true\n"
    )
    scan.add_sodacl_yaml_str(sodacl(spec))
    scan.execute()
    counts: dict[str, int | None] = {}
    for check in scan.get_scan_results()["checks"]:
        value = (check.get("diagnostics") or {}).get("value")
        counts[str(check["name"])] = None if value is None else int(value)
    if scan.has_error_logs():
        print(scan.get_error_logs_text(), file=sys.stderr)
    print(json.dumps({"engine": "duckdb", "counts": counts}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
