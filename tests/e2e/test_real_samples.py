"""The main job end to end on the bundled real CMS NPPES samples, through the CLI.

Expected counts were established independently of veeva-dq by scanning the CSV files with
the csv module (entity types, distinct NPIs, license slots) and are cross-checked here
against plain SQL over the loaded tables.
"""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlglot import exp
from typer.testing import CliRunner

from tests.conftest import SAMPLES
from veeva_dq.cli import app

NPPES_2016 = SAMPLES / "nppes_npidata_2016_first10k_41cols.csv"
NPPES_2025 = SAMPLES / "nppes_npidata_2025_first1000_fullwidth.csv"


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, dict[str, Any]]:
    db = tmp_path_factory.mktemp("e2e") / "vdq.db"
    runner = CliRunner()
    ing = runner.invoke(app, ["ingest", str(NPPES_2016), str(NPPES_2025), "--format", "nppes",
                              "--db", str(db), "--no-progress"])
    assert ing.exit_code == 0, ing.output
    val = runner.invoke(app, ["validate", "--rule", "all", "--as-of", "2026-01-01", "--db",
                              str(db), "--format", "json", "--no-progress"])
    # address_area_matches_country (severity error) fails on the real data: exit code 1.
    assert val.exit_code == 1, val.output
    return db, ing.output, json.loads(val.output)


def test_every_input_row_is_accounted_for(loaded: tuple[Path, str, dict[str, Any]]) -> None:
    _, output, _ = loaded
    assert "Input rows 11,001 = loaded 11,001 + quarantined 0" in " ".join(output.split())


def test_loaded_tables(loaded: tuple[Path, str, dict[str, Any]]) -> None:
    db, _, _ = loaded
    conn = sqlite3.connect(db)
    counts = {t: conn.execute(exp.select("COUNT(*)").from_(t).sql("sqlite")).fetchone()[0]
              for t in ("hcp", "hco", "address", "license", "npi_deactivation", "parenthco")}
    # 7,881 type-1 and 1,803 type-2 NPIs (the 2025 rows are the same providers); 362
    # distinct deactivated NPIs (317 in 2016, 79 in 2025); one practice address per
    # provider; 1,155 filled license slots in the 2025 file.
    assert counts == {"hcp": 7881, "hco": 1803, "address": 9684, "license": 1155,
                      "npi_deactivation": 362, "parenthco": 0}
    (quarantined,) = conn.execute("SELECT count(*) FROM vdq_quarantine").fetchone()
    assert quarantined == 0


def test_rule_results_on_real_data(loaded: tuple[Path, str, dict[str, Any]]) -> None:
    db, _, report = loaded
    rules = {r["rule_id"]: r for r in report["rules"]}
    failing = {k: (v["failed"], v["checked"]) for k, v in rules.items() if v["failed"]}
    conn = sqlite3.connect(db)
    (stale,) = conn.execute(
        "SELECT count(*) FROM hcp WHERE hcp_status__v = 'A' AND modified_date__v < '2021-01-01'"
    ).fetchone()
    (active_hcp,) = conn.execute("SELECT count(*) FROM hcp WHERE hcp_status__v = 'A'"
                                 ).fetchone()
    assert failing == {
        # Country DO, but state Puerto Rico, ZIP 00917 and area code 787: a contradiction.
        "address_area_matches_country": (1, 9684),
        # Active in the 2016 extract, deactivated in NPPES by 2025.
        "hcp_npi_deactivated": (41, active_hcp),
        "hco_npi_deactivated": (4, 1803),
        # Exchange starting with 1 (515-126-6119), nine digits, leading 1 + nine digits.
        "address_us_phone_format": (5, 9682),
        "address_us_fax_format": (2, 8239),
        # The same state license number on two different providers.
        "license_number_shared": (4, 1155),
        "hcp_stale_record": (stale, active_hcp),
    }
    # All 9,684 NPIs pass the CMS check digit.
    assert rules["hcp_npi_check_digit"]["checked"] == 7881
    assert rules["hco_npi_check_digit"]["checked"] == 1803
    # Float-damaged ZIPs were repaired with their leading zeros: every US ZIP is well formed.
    assert rules["address_us_zip_format"]["failed"] == 0
    assert rules["address_us_zip_format"]["checked"] == 9682


def test_foreign_values_are_not_judged_by_us_formats(
    loaded: tuple[Path, str, dict[str, Any]]
) -> None:
    db, _, _ = loaded
    conn = sqlite3.connect(db)
    au = conn.execute(
        "SELECT administrative_area__v, postal_code__v, country__v, phone_1__v FROM address"
        " WHERE entity_vid__v = '1548263965'").fetchone()
    assert au == ("AU-QLD", "4215", "AU", "5571-8211")
    issues = conn.execute(
        "SELECT rule_id, record_id FROM vdq_issue WHERE record_id IN"
        " ('1548263965', '1548263965-A1')"
    ).fetchall()
    # Nothing about the address; the provider's record is simply old (last updated 2007).
    assert issues == [("hcp_stale_record", "1548263965")]
    do = conn.execute(
        "SELECT rule_id, value FROM vdq_issue WHERE record_id = '1013910132-A1'").fetchall()
    assert do == [("address_area_matches_country", "US-PR")]


def test_float_damage_is_reported(loaded: tuple[Path, str, dict[str, Any]]) -> None:
    db, _, _ = loaded
    conn = sqlite3.connect(db)
    with NPPES_2025.open(newline="", encoding="utf-8") as fh:
        damaged = sum(
            1 for row in csv.reader(fh) for v in row
            if v.endswith(".0") and v[:-2].isdigit()
        )
    (notices,) = conn.execute(
        "SELECT count(*) FROM vdq_ingest_notice WHERE kind = 'float_damage'").fetchone()
    assert notices == damaged
    row = conn.execute(
        "SELECT value, loaded_value FROM vdq_ingest_notice WHERE record_id = '1780687962-A1'"
        " AND \"column\" LIKE '%Practice Location Address Postal Code'").fetchone()
    assert row == ("603.0", "00603")


def test_export_issues_csv(loaded: tuple[Path, str, dict[str, Any]], tmp_path: Path) -> None:
    db, _, report = loaded
    out = tmp_path / "issues.csv"
    res = CliRunner().invoke(app, ["export", "issues", "--run", "latest", "--format", "csv",
                                   "--output", str(out), "--db", str(db)])
    assert res.exit_code == 0, res.output
    with out.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["run_id", "rule_id", "severity", "dimension", "object", "record_id",
                       "column", "value", "message"]
    assert len(rows) - 1 == report["run"]["issues"]
    res = CliRunner().invoke(app, ["export", "issues", "--with-status", "--output", str(out),
                                   "--db", str(db)])
    assert res.exit_code == 0, res.output
    with out.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][9:] == ["status", "issue_key"]
    # The first run of these rules on this database: every issue is new.
    assert {r[9] for r in rows[1:]} == {"new"}
