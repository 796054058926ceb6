"""The example pack in docs/rule-packs.md, run as a user would, with exact results."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

from typer.testing import CliRunner

from tests.conftest import REPO
from veeva_dq.cli import app

DOC = REPO / "docs" / "rule-packs.md"


def _yaml_blocks() -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", DOC.read_text("utf-8"), flags=re.S)


def _write(path: Path, header: str, *rows: str) -> None:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")


def test_documented_pack_runs_and_is_right(tmp_path: Path) -> None:
    model_doc, pack_doc = (b for b in _yaml_blocks() if b.startswith(("# config", "name:")))
    (tmp_path / "model.yaml").write_text(model_doc, encoding="utf-8")
    (tmp_path / "acme.yaml").write_text(pack_doc, encoding="utf-8")
    data = tmp_path / "extract"
    data.mkdir()
    _write(data / "hcp.csv",
           "vid__v,first_name__v,last_name__v,hcp_type__v,hcp_status__v,npi_num__v,"
           "gender__v,email_1__v,modified_date__v",
           "H1,Ann,Lee,P,A,1234567893,f,ann@example.org,2025-12-01",
           "H2,Smith,SMITH ,P,A,,,,2024-01-01",
           "H3,Bo,Diaz,N,I,,X,bo@example.org,2023-03-01",
           "H4,Cy,Ng,N,A,,M,,2022-01-01")
    _write(data / "address.csv",
           "vid__v,entity_vid__v,address_line_1__v,locality__v,country__v,address_ordinal__v",
           "A1,H1,1 Main St,Boston,US,1",
           "A2,H1,2 Main St,Boston,US,1",
           "A3,H2,3 Elm St,Salem,US,10",
           "A4,H2,4 Elm St,Salem,US,x")
    _write(data / "license.csv",
           "vid__v,entity_vid__v,license_number__v,issue_date__c,expiration_date__v",
           "L1,H1,111,2020-01-01,2025-01-01",
           "L2,H2,222,2024-05-01,2023-05-01",
           "L3,H3,333,,2027-01-01")
    db = tmp_path / "vdq.db"
    runner = CliRunner()
    res = runner.invoke(app, ["ingest", str(data), "--format", "veeva", "--db", str(db),
                              "--model", str(tmp_path / "model.yaml"), "--no-progress"])
    assert res.exit_code == 0, res.output
    lint = runner.invoke(app, ["rules", "lint", str(tmp_path / "acme.yaml"),
                               "--model", str(tmp_path / "model.yaml")])
    assert lint.exit_code == 0, lint.output
    assert "10 rules in 1 file(s): no problems." in lint.output

    ids = ",".join(re.findall(r"- id: (\S+)", pack_doc))
    res = runner.invoke(app, ["validate", "--rules", str(tmp_path / "acme.yaml"), "--model",
                              str(tmp_path / "model.yaml"), "--rule", ids, "--db", str(db),
                              "--as-of", "2026-01-15", "--format", "json", "--no-progress"])
    assert res.exit_code == 1, res.output
    rules = {r["rule_id"]: (r["checked"], r["failed"], r["passed"])
             for r in json.loads(res.output)["rules"]}
    assert rules == {
        "acme_active_hcp_has_address": (3, 1, False),
        "acme_one_primary_address": (4, 1, False),
        "acme_issue_before_expiry": (2, 1, False),
        "acme_address_rank": (4, 2, False),
        "acme_prescriber_npi": (2, 1, False),
        "acme_gender_known": (4, 2, False),
        "acme_name_not_repeated": (4, 1, False),
        "acme_email_mostly_present": (4, 2, True),  # 50% present meets the 0.5 threshold
        "acme_hcp_volume": (1, 0, True),
        "acme_hcp_fresh": (1, 0, True),
    }
    conn = sqlite3.connect(db)
    issues = sorted(conn.execute(
        "SELECT rule_id, record_id, value, message FROM vdq_issue"
        " WHERE rule_id NOT IN ('acme_email_mostly_present')").fetchall())
    assert issues == [
        ("acme_active_hcp_has_address", "H4", "0", "Active HCP has 0 addresses."),
        ("acme_address_rank", "A3", "10", "Fails acme_address_rank (address_ordinal__v is"
         " '10'): Address rank is a number from 1 to 9."),
        ("acme_address_rank", "A4", "x", "Fails acme_address_rank (address_ordinal__v is"
         " 'x'): Address rank is a number from 1 to 9."),
        ("acme_gender_known", "H2", None, "Fails acme_gender_known (gender__v is missing):"
         " Gender is M or F, in any case; a missing gender fails."),
        ("acme_gender_known", "H3", "X", "Fails acme_gender_known (gender__v is 'X'):"
         " Gender is M or F, in any case; a missing gender fails."),
        ("acme_issue_before_expiry", "L2", "2024-05-01", "Fails acme_issue_before_expiry"
         " (issue_date__c is '2024-05-01'): A license is issued before it expires."),
        ("acme_name_not_repeated", "H2", "Smith", "Fails acme_name_not_repeated (first_name__v"
         " is 'Smith'): First and last name differ (the same word twice is a data-entry"
         " slip)."),
        ("acme_one_primary_address", "H1", "2", "HCP has 2 primary addresses."),
        ("acme_prescriber_npi", "H2", None, "Fails acme_prescriber_npi (npi_num__v is"
         " missing): Every prescriber has an NPI."),
    ]
