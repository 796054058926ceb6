"""Every built-in rule against valid and invalid records, run for real in SQLite.

Each case loads a few records, runs one rule, and compares the failing record ids and the
number of records checked with what the rule's definition says.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import insert
from veeva_dq.model import Model
from veeva_dq.rules import Rule
from veeva_dq.validate import run_validation

AS_OF = date(2026, 1, 15)

Row = dict[str, Any]


def hcp(vid: str, **kw: Any) -> tuple[str, Row]:
    row: Row = {"vid__v": vid, "first_name__v": "Ana", "last_name__v": "Lee",
                "npi_num__v": "1234567893", "hcp_status__v": "A", "record_state__v": "VALID",
                "gender__v": "F", "hcp_type__v": "P", "specialty_1__v": "207X00000X",
                "email_1__v": "ana.lee@example.org", "modified_date__v": "2025-06-01",
                "medical_degree_1__v": "MD", "prefix__v": "DR", "suffix__v": None}
    row.update(kw)
    return "hcp", row


def hco(vid: str, **kw: Any) -> tuple[str, Row]:
    row: Row = {"vid__v": vid, "corporate_name__v": "General Hospital", "hco_status__v": "A",
                "record_state__v": "VALID", "hco_type__v": "HOSP", "npi_num__v": "1679576722",
                "modified_date__v": "2025-01-01"}
    row.update(kw)
    return "hco", row


def addr(vid: str, **kw: Any) -> tuple[str, Row]:
    row: Row = {"vid__v": vid, "entity_vid__v": "H0", "address_line_1__v": "1 Main St",
                "locality__v": "Boston", "administrative_area__v": "US-MA",
                "postal_code__v": "02139", "country__v": "US", "address_status__v": "A",
                "address_ordinal__v": None, "phone_1__v": "617-555-1212", "fax_1__v": None,
                "record_state__v": "VALID"}
    row.update(kw)
    return "address", row


def lic(vid: str, **kw: Any) -> tuple[str, Row]:
    row: Row = {"vid__v": vid, "entity_vid__v": "H0", "license_number__v": "12345",
                "licensing_body__v": "US-MA", "type_value__v": "STATE",
                "license_status__v": "A", "expiration_date__v": "2027-12-31",
                "record_state__v": "VALID"}
    row.update(kw)
    return "license", row


def aff(vid: str, **kw: Any) -> tuple[str, Row]:
    row: Row = {"vid__v": vid, "entity_vid__v": "H0", "parent_hco_vid__v": "O0",
                "parent_hco_status__v": "A", "relationship_type__v": "AFF",
                "is_primary_relationship__v": "N", "record_state__v": "VALID"}
    row.update(kw)
    return "parenthco", row


# Records every case starts from: one valid HCP H0 and one valid active HCO O0.
BASE = [hcp("H0", npi_num__v="1588667638"), hco("O0")]

# rule id -> (records, failing record ids, records checked)
CASES: dict[str, tuple[list[tuple[str, Row]], set[str], int]] = {
    "hcp_last_name_required": (
        [hcp("H1", last_name__v=None), hcp("H2", last_name__v="   "),
         hcp("H3", last_name__v=""), hcp("H4", last_name__v="O'Brien")],
        {"H1", "H2", "H3"}, 5),
    "hcp_first_name_required": (
        [hcp("H1", first_name__v="\t"), hcp("H2", first_name__v="José")], {"H1"}, 3),
    "hcp_npi_format": (
        [hcp("H1", npi_num__v="123456789"), hcp("H2", npi_num__v="12345678901"),
         hcp("H3", npi_num__v="12345678a3"), hcp("H4", npi_num__v=None),
         hcp("H5", npi_num__v="0123456789")],
        {"H1", "H2", "H3"}, 5),
    "hcp_npi_check_digit": (
        [hcp("H1", npi_num__v="1234567890"), hcp("H2", npi_num__v="1234567893"),
         hcp("H3", npi_num__v="123"), hcp("H4", npi_num__v="3234567893")],
        {"H1", "H4"}, 4),
    "hcp_npi_unique": (
        [hcp("H1", npi_num__v="1234567893"), hcp("H2", npi_num__v="1234567893"),
         hcp("H3", npi_num__v=None), hcp("H4", npi_num__v=None)],
        {"H1", "H2"}, 3),
    "hcp_npi_not_on_hco": (
        [hcp("H1", npi_num__v="1679576722"), hcp("H2", npi_num__v="1234567893")],
        {"H1"}, 3),
    "hcp_npi_deactivated": (
        [hcp("H1", npi_num__v="1993999998"), hcp("H2", npi_num__v="1993999998",
                                                  hcp_status__v="I"),
         ("npi_deactivation", {"npi": "1993999998", "deactivation_date": "2010-05-01"})],
        {"H1"}, 2),
    "hcp_status_picklist": ([hcp("H1", hcp_status__v="X"), hcp("H2", hcp_status__v="a")],
                            {"H1", "H2"}, 3),
    "hcp_record_state_picklist": (
        [hcp("H1", record_state__v="MERGED_INTO"), hcp("H2", record_state__v="ACTIVE")],
        {"H2"}, 3),
    "hcp_gender_picklist": ([hcp("H1", gender__v="X"), hcp("H2", gender__v=None)], {"H1"}, 2),
    "hcp_type_picklist": ([hcp("H1", hcp_type__v="Z")], {"H1"}, 2),
    "hcp_prefix_picklist": ([hcp("H1", prefix__v="DR."), hcp("H2", prefix__v="PROF")],
                            {"H1"}, 3),
    "hcp_suffix_picklist": ([hcp("H1", suffix__v="JR"), hcp("H2", suffix__v="ESQ")], {"H2"}, 2),
    "hcp_medical_degree_picklist": ([hcp("H1", medical_degree_1__v="M.D.")], {"H1"}, 2),
    "hcp_specialty_nucc": (
        [hcp("H1", specialty_1__v="207X00000Y"), hcp("H2", specialty_1__v="363L00000X"),
         hcp("H3", specialty_1__v="207x00000x")],
        {"H1", "H3"}, 4),
    "hcp_email_format": (
        [hcp("H1", email_1__v="a@b"), hcp("H2", email_1__v="a b@c.org"),
         hcp("H3", email_1__v="o'neil+dq@mail.hospital.org"), hcp("H4", email_1__v="a@@b.org")],
        {"H1", "H2", "H4"}, 5),
    "hcp_modified_date_valid": (
        [hcp("H1", modified_date__v="2023-02-30"), hcp("H2", modified_date__v="2024-02-29"),
         hcp("H3", modified_date__v="05/23/2005"), hcp("H4", modified_date__v="2023-02-29"),
         hcp("H5", modified_date__v="2021-13-01"), hcp("H6", modified_date__v="2021-00-10")],
        {"H1", "H3", "H4", "H5", "H6"}, 7),
    "hcp_modified_date_not_future": (
        [hcp("H1", modified_date__v="2026-01-16"), hcp("H2", modified_date__v="2026-01-15"),
         hcp("H3", modified_date__v="2026-13-01")],
        {"H1"}, 3),
    "hcp_stale_record": (
        [hcp("H1", modified_date__v="2021-01-14"), hcp("H2", modified_date__v="2021-01-15"),
         hcp("H3", modified_date__v="2001-01-01", hcp_status__v="I")],
        {"H1"}, 3),
    "hco_name_required": ([hco("O1", corporate_name__v=" ")], {"O1"}, 2),
    "hco_npi_format": ([hco("O1", npi_num__v="167957672")], {"O1"}, 2),
    "hco_npi_check_digit": ([hco("O1", npi_num__v="1679576723")], {"O1"}, 2),
    "hco_npi_unique": ([hco("O1"), hco("O2", npi_num__v="1588667638")], {"O0", "O1"}, 3),
    "hco_npi_deactivated": (
        [hco("O1", npi_num__v="1588667638"),
         ("npi_deactivation", {"npi": "1588667638"})], {"O1"}, 2),
    "hco_status_picklist": ([hco("O1", hco_status__v="Active")], {"O1"}, 2),
    "hco_record_state_picklist": ([hco("O1", record_state__v="valid")], {"O1"}, 2),
    "hco_type_picklist": ([hco("O1", hco_type__v="HOSPITAL")], {"O1"}, 2),
    "hco_modified_date_valid": ([hco("O1", modified_date__v="2025-1-1")], {"O1"}, 2),
    "address_owner_exists": (
        [addr("A1"), addr("A2", entity_vid__v="O0"), addr("A3", entity_vid__v="NOPE"),
         addr("A4", entity_vid__v=None)],
        {"A3"}, 3),
    "address_line_1_required": ([addr("A1", address_line_1__v=None), addr("A2")], {"A1"}, 2),
    "address_locality_required": ([addr("A1", locality__v=" ")], {"A1"}, 1),
    "address_country_required": ([addr("A1", country__v=None)], {"A1"}, 1),
    "address_country_iso": (
        [addr("A1", country__v="USA"), addr("A2", country__v="AU"), addr("A3", country__v="UK")],
        {"A1", "A3"}, 3),
    "address_us_state_required": (
        [addr("A1", administrative_area__v=None),
         addr("A2", administrative_area__v=None, country__v="AU")],
        {"A1"}, 1),
    "address_us_state_valid": (
        [addr("A1", administrative_area__v="MA"), addr("A2", administrative_area__v="US-PR"),
         addr("A3", administrative_area__v="US-XX"),
         addr("A4", administrative_area__v="AU-QLD", country__v="AU")],
        {"A1", "A3"}, 3),
    "address_area_matches_country": (
        [addr("A1", administrative_area__v="US-PR", country__v="DO"),
         addr("A2", administrative_area__v="AU-QLD", country__v="AU"),
         addr("A3", administrative_area__v="QUEENSLAND", country__v="AU")],
        {"A1"}, 2),
    "address_us_zip_required": ([addr("A1", postal_code__v=None)], {"A1"}, 1),
    "address_us_zip_format": (
        [addr("A1", postal_code__v="0213"), addr("A2", postal_code__v="02139-4307"),
         addr("A3", postal_code__v="021394307"), addr("A4", postal_code__v="4215", country__v="AU"),
         addr("A5", postal_code__v="02139 ")],
        {"A1", "A3", "A5"}, 4),
    "address_us_phone_format": (
        [addr("A1", phone_1__v="6175551212"), addr("A2", phone_1__v="(617) 555-1212"),
         addr("A3", phone_1__v="1175551212"), addr("A4", phone_1__v="555-1212"),
         addr("A5", phone_1__v="5571-8211", country__v="AU"),
         addr("A6", phone_1__v="+1 617 555 1212")],
        {"A3", "A4"}, 5),
    "address_us_fax_format": ([addr("A1", fax_1__v="0175551212")], {"A1"}, 1),
    "address_status_picklist": ([addr("A1", address_status__v="Y")], {"A1"}, 1),
    "address_record_state_picklist": ([addr("A1", record_state__v="X")], {"A1"}, 1),
    "address_primary_unique": (
        [addr("A1", address_ordinal__v="1"), addr("A2", address_ordinal__v="1"),
         addr("A3", address_ordinal__v="2"), addr("A4", address_ordinal__v="1",
                                                   entity_vid__v="O0")],
        {"A1", "A2"}, 3),
    "address_duplicate": (
        [addr("A1"), addr("A2", address_line_1__v=" 1 main st", locality__v="BOSTON"),
         addr("A3", entity_vid__v="O0"), addr("A4", postal_code__v="02140")],
        {"A1", "A2"}, 4),
    "license_owner_exists": ([lic("L1"), lic("L2", entity_vid__v="GONE")], {"L2"}, 2),
    "license_number_required": ([lic("L1", license_number__v="")], {"L1"}, 1),
    "license_type_picklist": ([lic("L1", type_value__v="NPI")], {"L1"}, 1),
    "license_status_picklist": ([lic("L1", license_status__v="E")], {"L1"}, 1),
    "license_state_body_valid": (
        [lic("L1", licensing_body__v="MA"), lic("L2", licensing_body__v="US-GU"),
         lic("L3", licensing_body__v="DEA", type_value__v="DEA")],
        {"L1"}, 2),
    "license_dea_format": (
        [lic("L1", type_value__v="DEA", license_number__v="AB1234563"),
         lic("L2", type_value__v="DEA", license_number__v="ab1234563"),
         lic("L3", type_value__v="DEA", license_number__v="IB1234563"),
         lic("L4", license_number__v="IB1234563")],
        {"L2", "L3"}, 3),
    "license_dea_check_digit": (
        [lic("L1", type_value__v="DEA", license_number__v="AB1234563"),
         lic("L2", type_value__v="DEA", license_number__v="AB1234564"),
         lic("L3", type_value__v="DEA", license_number__v="AB123"),
         lic("L4", license_number__v="AB1234564")],
        {"L2"}, 2),
    "license_drug_schedule": (
        [lic("L1", type_value__v="DEA", drug_schedule__v="2,2N,3,3N,4,5"),
         lic("L2", type_value__v="DEA", drug_schedule__v="2;6"),
         lic("L3", type_value__v="DEA", drug_schedule__v="II")],
        {"L2", "L3"}, 3),
    "license_expiration_date_valid": ([lic("L1", expiration_date__v="2027-06-31")], {"L1"}, 1),
    "license_expired_active": (
        [lic("L1", expiration_date__v="2026-01-14"), lic("L2", expiration_date__v="2026-01-15"),
         lic("L3", expiration_date__v="2020-01-01", license_status__v="I"),
         lic("L4", expiration_date__v=None), lic("L5", expiration_date__v="12/31/2030"),
         lic("L6", expiration_date__v=" 2030-12-31"), lic("L7", expiration_date__v="2019-02-30")],
        {"L1"}, 2),  # invalid dates are left to license_expiration_date_valid
    "license_number_shared": (
        [lic("L1"), lic("L2", entity_vid__v="O0"), lic("L3", license_number__v="999"),
         lic("L4", license_number__v="999")],
        {"L1", "L2"}, 4),
    "parenthco_child_exists": ([aff("P1"), aff("P2", entity_vid__v="X")], {"P2"}, 2),
    "parenthco_parent_exists": (
        [aff("P1"), aff("P2", parent_hco_vid__v="H0")], {"P2"}, 2),
    "parenthco_not_self": ([aff("P1", entity_vid__v="O0")], {"P1"}, 1),
    "parenthco_active_to_inactive_hco": (
        [hco("O1", hco_status__v="I", npi_num__v="1234567893"),
         aff("P1", parent_hco_vid__v="O1"),
         aff("P2", parent_hco_vid__v="O1", parent_hco_status__v="I"), aff("P3"),
         aff("P4", parent_hco_vid__v="MISSING")],
        {"P1"}, 2),
    "parenthco_status_picklist": ([aff("P1", parent_hco_status__v="Y")], {"P1"}, 1),
    "parenthco_relationship_type_picklist": ([aff("P1", relationship_type__v="FRIEND")],
                                             {"P1"}, 1),
    "parenthco_primary_flag": ([aff("P1", is_primary_relationship__v="true")], {"P1"}, 1),
    "parenthco_one_primary": (
        [hco("O1", npi_num__v="1234567893"), aff("P1", is_primary_relationship__v="Y"),
         aff("P2", parent_hco_vid__v="O1", is_primary_relationship__v="Y"),
         aff("P3", entity_vid__v="O1", is_primary_relationship__v="Y"),
         aff("P4", is_primary_relationship__v="Y", parent_hco_status__v="I")],
        {"P1", "P2"}, 3),
}


def test_every_builtin_rule_has_cases(builtin_rules: dict[str, Rule]) -> None:
    assert sorted(builtin_rules) == sorted(CASES)
    assert len(builtin_rules) >= 30


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule(rule_id: str, empty_db: tuple[Path, sqlite3.Connection], model: Model,
              builtin_rules: dict[str, Rule]) -> None:
    path, conn = empty_db
    records, failing, checked = CASES[rule_id]
    for table, row in [*BASE, *records]:
        insert(conn, table, row)
    rule = builtin_rules[rule_id]
    outcome = run_validation(db=path, rules=[rule], model=model, as_of=AS_OF,
                             selector=rule_id, rules_version="test", conn=conn)
    (result,) = outcome.results
    got = {r[0] for r in conn.execute(
        "SELECT record_id FROM vdq_issue WHERE run_id = ?", (outcome.run_id,))}
    assert got == failing
    assert (result.checked, result.failed) == (checked, len(failing))
    assert result.passed is (not failing)
