"""Great Expectations 1.x: the twelve checks of spec.json as one expectation suite.

    python peer_gx.py SPEC.json DATA_DIR [--engine pandas|sql]

Runs inside the GX virtual environment (bench/.peers/gx); prints one JSON object:
{"engine": ..., "counts": {check id: unexpected_count}}. `pandas` (the default) reads
DATA_DIR/hcp.parquet into a DataFrame; `sql` points GX's SQL data source at
DATA_DIR/hcp.duckdb through duckdb-engine (it fails with this GX release; the harness
only probes it). Ephemeral context, result format SUMMARY.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import great_expectations as gx
import great_expectations.expectations as gxe


def expectation(c: dict[str, Any]) -> Any:
    col = c["column"]
    if c["kind"] == "not_null":
        return gxe.ExpectColumnValuesToNotBeNull(column=col)
    if c["kind"] == "unique":
        return gxe.ExpectColumnValuesToBeUnique(column=col)
    if c["kind"] == "in_set":
        return gxe.ExpectColumnValuesToBeInSet(column=col, value_set=list(c["values"]))
    if c["kind"] == "regex":
        return gxe.ExpectColumnValuesToMatchRegex(column=col, regex=c["pattern"])
    return gxe.ExpectColumnValueLengthsToBeBetween(column=col, max_value=int(c["max_length"]))


def main(argv: list[str]) -> int:
    spec = json.loads(Path(argv[1]).read_text("utf-8"))
    data = Path(argv[2])
    engine = argv[4] if len(argv) > 4 and argv[3] == "--engine" else "pandas"
    table = spec["table"]
    ctx = gx.get_context(mode="ephemeral")
    params: dict[str, Any] = {}
    if engine == "sql":
        sql = ctx.data_sources.add_sql(name="bench",
                                       connection_string=f"duckdb:///{data / (table + '.duckdb')}")
        batch = sql.add_table_asset(name=table, table_name=table).add_batch_definition_whole_table(
            "all")
    else:
        import pandas as pd

        params["dataframe"] = pd.read_parquet(data / f"{table}.parquet")
        frame = ctx.data_sources.add_pandas(name="bench").add_dataframe_asset(name=table)
        batch = frame.add_batch_definition_whole_dataframe("all")
    suite = ctx.suites.add(gx.ExpectationSuite(name="peers"))
    ids: dict[str, str] = {}
    for c in spec["checks"]:
        e = suite.add_expectation(expectation(c))
        ids[str(e.id)] = c["id"]
    run = ctx.validation_definitions.add(gx.ValidationDefinition(name="peers", data=batch,
                                                                 suite=suite))
    result = run.run(batch_parameters=params, result_format="SUMMARY")
    counts: dict[str, int | None] = {}
    errors: list[str] = []
    for r in result.results:
        cid = ids[str(r.expectation_config.id)]
        value = r.result.get("unexpected_count")
        counts[cid] = None if value is None else int(value)
        info = r.exception_info or {}
        raised = [v for v in info.values() if isinstance(v, dict) and v.get("raised_exception")]
        if info.get("raised_exception") or raised:
            message = info.get("exception_message") or raised[0].get("exception_message")
            errors.append(f"{cid}: {message}")
    print(json.dumps({"engine": engine, "counts": counts, "errors": errors}))
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
