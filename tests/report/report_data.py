"""Known rule results and issues for the report tests, and helpers that store them."""

from __future__ import annotations

import json
import sqlite3

from veeva_dq.db import ensure_bookkeeping
from veeva_dq.results import ResultStore, RuleResult

STARTED = "2024-05-01T10:00:00+00:00"
FINISHED = "2024-05-01T10:01:05+00:00"
SCRIPT = "<script>alert(1)</script>"
TRICKY = 'a,"b"\nc'
UNICODE = "Müller – 東京"
FORMULA = "=1+2"


def rule(rule_id: str, obj: str, dim: str, sev: str, checked: int, failed: int) -> RuleResult:
    return RuleResult(
        rule_id, obj, dim, sev, f"Description of {rule_id}", checked, failed, failed == 0
    )


# checked 590, failed 96 in all: overall score 100 * 494 / 590 = 83.73
RULES = [
    rule("address.state.valid", "address", "validity", "warning", 200, 50),
    rule("hco.name.required", "hco", "completeness", "critical", 50, 5),
    rule("hcp.name.required", "hcp", "completeness", "warning", 100, 0),
    rule("hcp.npi.format", "hcp", "validity", "error", 100, 10),
    rule("hcp.vid.unique", "hcp", "uniqueness", "error", 100, 30),
    rule("license.expired", "license", "timeliness", "info", 40, 1),
    rule("parenthco.orphan", "parenthco", "integrity", "critical", 0, 0),
]

IssueRow = tuple[str, str, str, str, str | None, str | None, str | None, str]


def issue_rows() -> list[IssueRow]:
    rows: list[IssueRow] = []
    by_id = {r.rule_id: r for r in RULES}

    def add(
        rule_id: str, record_id: str | None, column: str | None, value: str | None, message: str
    ) -> None:
        r = by_id[rule_id]
        rows.append(
            (r.rule_id, r.severity, r.dimension, r.object, record_id, column, value, message)
        )

    for i in range(5):
        add("hco.name.required", f"HCO{i}", "corporate_name__v", None, "Name is missing")
    npi_values = [SCRIPT, TRICKY, None, UNICODE, FORMULA, "", "12345", "abc", "1", "2"]
    for i, value in enumerate(npi_values):
        add("hcp.npi.format", f"V{i:03d}", "npi_num__v", value, f"NPI {i} is not 10 digits")
    for i in range(7):
        add("address.state.valid", f"A{i}", "administrative_area__v", "ZZ", "Unknown state")
    for i in range(6):
        add("hcp.vid.unique", "V-DUP", "vid__v", "V-DUP", f"Duplicate {i}")
    add("license.expired", "L1", "expiration_date__v", "2020-01-01", "Expired")
    return rows


N_ISSUES = 29


def make_run(
    store: ResultStore,
    results: list[RuleResult],
    issues: list[IssueRow],
    *,
    started_at: str = STARTED,
    finished_at: str = FINISHED,
) -> int:
    run_id = store.start_run(
        started_at=started_at,
        rules_version="2024.1",
        veeva_dq_version="0.1.0",
        as_of="2024-04-30",
        selector="all",
        engine="sqlite",
    )
    store.finish_run(run_id, finished_at=finished_at, results=results, issues=iter(issues))
    return run_id


def add_ingests(conn: sqlite3.Connection) -> None:
    """Two ingests: an older clean one and a newer one with notices and quarantined rows."""
    ensure_bookkeeping(conn)
    conn.execute(
        "INSERT INTO vdq_ingest (ingest_id, started_at, finished_at, status, format, files,"
        " rows_read, loaded, quarantined, notices) VALUES (1, '2024-04-29T09:00:00', "
        " '2024-04-29T09:01:00', 'complete', 'opendata', ?, 10, 10, 0, 0)",
        (json.dumps(["in/hco.csv"]),),
    )
    conn.execute(
        "INSERT INTO vdq_ingest (ingest_id, started_at, finished_at, status, format, files,"
        " rows_read, loaded, quarantined, notices) VALUES (2, '2024-04-30T09:00:00',"
        " '2024-04-30T09:05:00', 'complete', 'opendata', ?, 1234567, 1234560, 2, 5)",
        (json.dumps(["in/hcp.csv", "in/address.csv"]),),
    )
    for line in range(4):
        conn.execute(
            'INSERT INTO vdq_ingest_notice (ingest_id, file, line, object, record_id, "column",'
            " kind, value, loaded_value, message) VALUES (2, 'in/hcp.csv', ?, 'hcp', ?,"
            " 'npi_num__v', 'float_damage', ?, ?, 'Looks like a spreadsheet float')",
            (line + 2, f"V{line}", f"1.23457E+0{line}", f"123457000{line}"),
        )
    conn.execute(
        'INSERT INTO vdq_ingest_notice (ingest_id, file, line, object, record_id, "column",'
        " kind, value, loaded_value, message) VALUES (2, 'in/address.csv', 9, 'address', 'A9',"
        " 'locality__v', 'encoding', ?, 'M?ller', 'Not UTF-8')",
        ("<b>M\xfcller</b>",),
    )
    for line in (3, 7):
        conn.execute(
            "INSERT INTO vdq_quarantine (ingest_id, file, line, object, reason, record)"
            " VALUES (2, 'in/hcp.csv', ?, 'hcp', 'Wrong number of fields', '[]')",
            (line,),
        )
