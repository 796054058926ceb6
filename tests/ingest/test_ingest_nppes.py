"""NPPES ingest on slices of the real CMS files, on small made-up files, and on the full
bundled samples.

Expected counts for the full files were established independently of veeva-dq with a plain
csv-module scan: entity types 7,881 / 1,803 / 317 blank (2016); 733 / 188 / 79 blank, 1,155
filled Provider License Number_n slots, 8,328 values matching ^\\d+\\.0+$ (all in identifier
or code columns) of which 133 are US ZIP codes missing leading zeros (2025).
"""

from __future__ import annotations

import csv
import sqlite3
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SAMPLES
from tests.ingest.conftest import Loaded
from veeva_dq.ingest import ingest_files
from veeva_dq.model import Model

NPPES_2016 = SAMPLES / "nppes_npidata_2016_first10k_41cols.csv"
NPPES_2025 = SAMPLES / "nppes_npidata_2025_first1000_fullwidth.csv"


def _slice(vdq: Loaded, source: Path, lines: list[int]) -> Path:
    """The header and the given physical lines of a real file (one record per line)."""
    raw = source.read_bytes().splitlines(keepends=True)
    return vdq.write(f"slice_{source.name}", b"".join([raw[0], *(raw[n - 1] for n in lines)]))


def _nppes(header: list[str], *rows: dict[str, str]) -> str:
    lines = [",".join(header)]
    lines += [",".join(r.get(h, "") for h in header) for r in rows]
    return "\n".join(lines) + "\n"


def test_slice_of_the_41_column_layout(vdq: Loaded) -> None:
    f = _slice(vdq, NPPES_2016, [2, 3, 4, 5, 30, 112, 598, 1993, 8637])
    result = vdq.ingest(f)
    assert result.files[0].format == "nppes"
    assert (result.rows_read, result.loaded, result.quarantined, result.notices) == (9, 9, 0, 0)
    assert result.loaded_by_object == {"hcp": 7, "hco": 1, "address": 8, "npi_deactivation": 1}

    wiebe = vdq.record("hcp", "1679576722")
    assert {k: wiebe[k] for k in wiebe if wiebe[k] is not None} == {
        "vid__v": "1679576722",
        "npi_num__v": "1679576722",
        "first_name__v": "DAVID",
        "middle_name__v": "A",
        "last_name__v": "WIEBE",
        "credential__c": "M.D.",
        "medical_degree_1__v": "MD",
        "hcp_status__v": "A",
        "record_state__v": "VALID",
        "modified_date__v": "2007-07-08",
        "_source_file": str(f),
        "_source_line": 2,
    }
    assert vdq.record("hcp", "1588667638")["prefix__v"] == "DR"  # "DR." in the file
    assert vdq.record("hcp", "1306849450")["suffix__v"] == "II"
    # Deactivated 05/23/2005, reactivated 05/24/2005: active again.
    assert vdq.record("hcp", "1659374601")["hcp_status__v"] == "A"

    hco = vdq.record("hco", "1497758544")
    assert hco["corporate_name__v"] == "CUMBERLAND COUNTY HOSPITAL SYSTEM, INC"
    assert (hco["phone_1__v"], hco["hco_status__v"], hco["modified_date__v"]) == (
        "9106096740",
        "A",
        "2011-09-26",
    )

    address = vdq.record("address", "1679576722-A1")
    assert {k: address[k] for k in address if not k.startswith("_")} == {
        "vid__v": "1679576722-A1",
        "entity_vid__v": "1679576722",
        "address_line_1__v": "3500 CENTRAL AVE",
        "address_line_2__v": None,
        "locality__v": "KEARNEY",
        "administrative_area__v": "US-NE",
        "postal_code__v": "68847-2944",
        "country__v": "US",
        "address_status__v": "A",
        "address_ordinal__v": "1",
        "phone_1__v": "3088652512",
        "fax_1__v": "3088652506",
        "record_state__v": "VALID",
    }
    assert vdq.record("address", "1780687962-A1")["postal_code__v"] == "00603"

    assert vdq.record("npi_deactivation", "1427051457") == {
        "npi": "1427051457",
        "deactivation_date": "2014-07-08",
        "deactivation_reason": None,
        "reactivation_date": None,
        "_source_file": str(f),
        "_source_line": 7,
    }


def test_puerto_rico_filed_under_country_do_keeps_the_contradiction(vdq: Loaded) -> None:
    vdq.ingest(_slice(vdq, NPPES_2016, [1993]))
    address = vdq.record("address", "1013910132-A1")
    assert (address["administrative_area__v"], address["country__v"]) == ("US-PR", "DO")
    assert address["postal_code__v"] == "00917"


def test_australian_practice_address(vdq: Loaded) -> None:
    vdq.ingest(_slice(vdq, NPPES_2016, [8637]))
    address = vdq.record("address", "1548263965-A1")
    assert (
        address["administrative_area__v"],
        address["postal_code__v"],
        address["country__v"],
        address["phone_1__v"],
    ) == ("AU-QLD", "4215", "AU", "5571-8211")


def test_slice_of_the_330_column_layout_with_float_damage(vdq: Loaded) -> None:
    f = _slice(vdq, NPPES_2025, [2, 3, 4, 5, 32, 598])
    result = vdq.ingest(f)
    assert (result.rows_read, result.loaded, result.quarantined) == (6, 6, 0)
    assert result.loaded_by_object == {
        "hcp": 4,
        "hco": 1,
        "address": 5,
        "license": 7,  # 1 + 2 + 1 + 0 + 2 + 1 filled license slots
        "npi_deactivation": 1,
    }
    wiebe = vdq.record("hcp", "1679576722")
    assert (wiebe["gender__v"], wiebe["specialty_1__v"], wiebe["medical_degree_1__v"]) == (
        "M",
        "207X00000X",
        "MD",
    )
    assert vdq.record("address", "1679576722-A1")["postal_code__v"] == "68847-2944"
    assert vdq.record("address", "1780687962-A1")["postal_code__v"] == "00603"
    assert vdq.record("address", "1477556421-A1")["postal_code__v"] == "08051-1606"

    lic = vdq.record("license", "1588667638-L2")
    assert {k: lic[k] for k in lic if not k.startswith("_")} == {
        "vid__v": "1588667638-L2",
        "entity_vid__v": "1588667638",
        "license_number__v": "032024",  # leading zero kept
        "licensing_body__v": "US-GA",
        "type_value__v": "STATE",
        "license_status__v": None,
        "expiration_date__v": None,
        "drug_schedule__v": None,
        "record_state__v": "VALID",
        "taxonomy_code__c": "207RC0000X",
    }
    # 1306849450 has a blank entity type in 2025: deactivated 03/03/2021.
    assert vdq.record("npi_deactivation", "1306849450")["deactivation_date"] == "2021-03-03"

    zip_notice = vdq.rows(
        "SELECT object, value, loaded_value FROM vdq_ingest_notice WHERE record_id = ?"
        " AND \"column\" = 'Provider Business Practice Location Address Postal Code'",
        ("1780687962-A1",),
    )
    assert zip_notice == [("address", "603.0", "00603")]
    entity = vdq.rows(
        "SELECT object, loaded_value FROM vdq_ingest_notice WHERE record_id = '1497758544'"
        " AND \"column\" = 'Entity Type Code'"
    )
    assert entity == [("hco", "2")]


HEADER = [
    "NPI",
    "Entity Type Code",
    "Provider Organization Name (Legal Business Name)",
    "Provider Last Name (Legal Name)",
    "Provider First Name",
    "Provider Name Prefix Text",
    "Provider Name Suffix Text",
    "Provider Credential Text",
    "Provider Business Practice Location Address State Name",
    "Provider Business Practice Location Address Postal Code",
    "Provider Business Practice Location Address Country Code (If outside U.S.)",
    "Last Update Date",
    "NPI Deactivation Date",
    "NPI Reactivation Date",
    "Provider Gender Code",
    "Healthcare Provider Taxonomy Code_1",
    "Provider License Number_1",
    "Provider License Number State Code_1",
    "Healthcare Provider Primary Taxonomy Switch_1",
    "Healthcare Provider Taxonomy Code_2",
    "Provider License Number_2",
    "Provider License Number State Code_2",
    "Healthcare Provider Primary Taxonomy Switch_2",
]


def test_status_degrees_names_and_primary_taxonomy(vdq: Loaded) -> None:
    f = vdq.write(
        "npidata.csv",
        _nppes(
            HEADER,
            # deactivated, never reactivated
            {"NPI": "1000000004", "Entity Type Code": "1", "NPI Deactivation Date": "01/02/2020"},
            # deactivated again after a reactivation
            {
                "NPI": "1000000012",
                "Entity Type Code": "1",
                "NPI Deactivation Date": "03/04/2021",
                "NPI Reactivation Date": "01/01/2019",
                "Last Update Date": "13/45/2020",
            },
            {
                "NPI": "1000000020",
                "Entity Type Code": "1",
                "Provider Credential Text": '"M.D., PH.D."',
                "Provider Name Prefix Text": "Dr",
                "Provider Name Suffix Text": "ESQ.",
                "Provider Gender Code": "X",
                "Healthcare Provider Taxonomy Code_1": "207Q00000X",
                "Healthcare Provider Primary Taxonomy Switch_1": "N",
                "Healthcare Provider Taxonomy Code_2": "207R00000X",
                "Healthcare Provider Primary Taxonomy Switch_2": "Y",
                "Provider License Number_2": "A123",
                "Provider License Number State Code_2": "ZZ",
            },
            {"NPI": "1000000038", "Entity Type Code": "1", "Provider Credential Text": "MD PHD"},
            {"NPI": "1000000046", "Entity Type Code": "1", "Provider Credential Text": "PA-C"},
            {
                "NPI": "1000000053",
                "Entity Type Code": "2",
                "NPI Deactivation Date": "01/02/2020",
                "NPI Reactivation Date": "01/02/2020",
            },
        ),
    )
    result = vdq.ingest(f)
    assert (result.loaded, result.quarantined) == (6, 0)
    assert vdq.record("hcp", "1000000004")["hcp_status__v"] == "I"
    second = vdq.record("hcp", "1000000012")
    assert (second["hcp_status__v"], second["modified_date__v"]) == ("I", "13/45/2020")
    third = vdq.record("hcp", "1000000020")
    assert {k: third[k] for k in ("credential__c", "medical_degree_1__v", "prefix__v")} == {
        "credential__c": "M.D., PH.D.",
        "medical_degree_1__v": "MD",
        "prefix__v": "DR",
    }
    assert (third["suffix__v"], third["gender__v"], third["specialty_1__v"]) == (
        "ESQ.",  # not a suffix code: kept as given
        "X",
        "207R00000X",
    )
    assert vdq.record("hcp", "1000000038")["medical_degree_1__v"] == "MD"
    assert vdq.record("hcp", "1000000046")["medical_degree_1__v"] is None
    assert vdq.record("hco", "1000000053")["hco_status__v"] == "A"
    lic = vdq.record("license", "1000000020-L2")
    assert (lic["licensing_body__v"], lic["taxonomy_code__c"]) == ("ZZ", "207R00000X")
    assert vdq.rows("SELECT count(*) FROM license") == [(1,)]
    assert vdq.record("address", "1000000020-A1")["country__v"] == "US"


def test_rows_that_cannot_be_loaded(vdq: Loaded) -> None:
    f = vdq.write(
        "npidata.csv",
        _nppes(
            HEADER,
            {"NPI": "1000000004", "Entity Type Code": "1"},  # 2
            {"NPI": "", "Entity Type Code": "1"},  # 3
            {"NPI": "1000000012", "Entity Type Code": "3"},  # 4
            {"NPI": "1000000004", "Entity Type Code": "2"},  # 5
            {"NPI": "1000000020", "Entity Type Code": ""},  # 6
        ),
    )
    result = vdq.ingest(f)
    assert (result.rows_read, result.loaded, result.quarantined) == (5, 1, 4)
    assert vdq.quarantine() == [
        (3, "hcp", "NPI is empty"),
        (
            4,
            None,
            "Entity Type Code '3' is not 1 (individual), 2 (organization) or empty"
            " (deactivated NPI)",
        ),
        (5, "hco", "NPI '1000000004' already appeared on line 2"),
        (
            6,
            "npi_deactivation",
            "Entity Type Code is empty but so is NPI Deactivation Date; NPPES leaves the entity"
            " type empty only for deactivated NPIs",
        ),
    ]


def test_a_narrower_file_does_not_blank_what_a_wider_one_filled(vdq: Loaded) -> None:
    vdq.ingest(_slice(vdq, NPPES_2025, [2]))
    vdq.ingest(_slice(vdq, NPPES_2016, [2]))
    wiebe = vdq.record("hcp", "1679576722")
    assert (wiebe["gender__v"], wiebe["specialty_1__v"]) == ("M", "207X00000X")
    assert wiebe["_source_file"].endswith(NPPES_2016.name)


@pytest.mark.slow
def test_full_2016_file(vdq: Loaded) -> None:
    result = vdq.ingest(NPPES_2016)
    assert (result.rows_read, result.loaded, result.quarantined, result.notices) == (
        10_001,
        10_001,
        0,
        0,
    )
    assert result.loaded_by_object == {
        "hcp": 7_881,
        "hco": 1_803,
        "address": 9_684,
        "npi_deactivation": 317,
    }
    tables = {
        t: vdq.rows(q)[0][0]
        for t, q in {
            "hcp": "SELECT count(*) FROM hcp",
            "hco": "SELECT count(*) FROM hco",
            "npi_deactivation": "SELECT count(*) FROM npi_deactivation",
        }.items()
    }
    assert tables == {"hcp": 7_881, "hco": 1_803, "npi_deactivation": 317}
    do = vdq.record("address", "1013910132-A1")
    assert (do["administrative_area__v"], do["country__v"]) == ("US-PR", "DO")
    au = vdq.record("address", "1548263965-A1")
    assert (au["administrative_area__v"], au["postal_code__v"]) == ("AU-QLD", "4215")


@pytest.mark.slow
def test_full_2025_file(vdq: Loaded) -> None:
    result = vdq.ingest(NPPES_2025)
    assert (result.rows_read, result.loaded, result.quarantined, result.notices) == (
        1_000,
        1_000,
        0,
        8_328,
    )
    assert result.loaded_by_object == {
        "hcp": 733,
        "hco": 188,
        "address": 921,
        "license": 1_155,
        "npi_deactivation": 79,
    }
    kinds = vdq.rows("SELECT kind, count(*) FROM vdq_ingest_notice GROUP BY kind")
    assert kinds == [("float_damage", 8_328)]
    (restored,) = vdq.rows(
        "SELECT count(*) FROM vdq_ingest_notice WHERE message LIKE '%leading zero%'"
    )
    assert restored == (133,)
    # Reloading changes nothing.
    before = vdq.rows("SELECT * FROM address ORDER BY vid__v")
    again = vdq.ingest(NPPES_2025)
    assert (again.loaded, again.notices) == (1_000, 8_328)
    assert vdq.rows("SELECT * FROM address ORDER BY vid__v") == before


def test_an_older_nppes_row_changes_nothing_and_says_so(vdq: Loaded) -> None:
    newer = vdq.write(
        "npidata_2024.csv",
        _nppes(
            HEADER,
            {
                "NPI": "1000000004",
                "Entity Type Code": "1",
                "Provider Last Name (Legal Name)": "NEW",
                "Provider Business Practice Location Address Postal Code": "10001",
                "Last Update Date": "05/01/2024",
                "Provider License Number_1": "A1",
                "Provider License Number State Code_1": "NY",
            },
            {
                "NPI": "1000000012",
                "Entity Type Code": "2",
                "Provider Organization Name (Legal Business Name)": "NEW CLINIC",
                "Last Update Date": "05/01/2024",
            },
            {"NPI": "1000000020", "Entity Type Code": "", "NPI Deactivation Date": "03/03/2021"},
        ),
    )
    older = vdq.write(
        "npidata_2019.csv",
        _nppes(
            HEADER,
            {  # 2: older: neither the hcp nor its address nor its licenses change
                "NPI": "1000000004",
                "Entity Type Code": "1",
                "Provider Last Name (Legal Name)": "OLD",
                "Provider Business Practice Location Address Postal Code": "20002",
                "Last Update Date": "01/01/2019",
                "Provider License Number_1": "OLD1",
                "Provider License Number State Code_1": "NJ",
                "Provider License Number_2": "OLD2",
                "Provider License Number State Code_2": "NJ",
            },
            {  # 3: the same date: replaces
                "NPI": "1000000012",
                "Entity Type Code": "2",
                "Provider Organization Name (Legal Business Name)": "SAME DAY CLINIC",
                "Last Update Date": "05/01/2024",
            },
            # 4: an older deactivation
            {"NPI": "1000000020", "Entity Type Code": "", "NPI Deactivation Date": "01/01/2015"},
            {"NPI": "1000000038", "Entity Type Code": "1", "Last Update Date": "01/01/2019"},
        ),
    )
    vdq.ingest(newer)
    license_before = vdq.rows("SELECT * FROM license ORDER BY vid__v")
    deactivation_before = vdq.rows("SELECT * FROM npi_deactivation ORDER BY npi")
    result = vdq.ingest(older)
    fr = result.files[0]
    assert (fr.rows_read, fr.loaded, fr.quarantined, fr.stale, fr.notices) == (4, 4, 0, 2, 2)
    assert result.loaded_by_object == {
        "hcp": 1,
        "hco": 1,
        "address": 2,
        "license": 0,
        "npi_deactivation": 0,
    }
    assert vdq.record("hcp", "1000000004")["last_name__v"] == "NEW"
    assert vdq.record("hcp", "1000000004")["_source_file"] == str(newer)
    assert vdq.record("hco", "1000000012")["corporate_name__v"] == "SAME DAY CLINIC"
    assert vdq.record("hcp", "1000000038")["modified_date__v"] == "2019-01-01"
    assert vdq.rows("SELECT * FROM license ORDER BY vid__v") == license_before
    assert vdq.rows("SELECT * FROM npi_deactivation ORDER BY npi") == deactivation_before
    assert vdq.record("address", "1000000004-A1")["postal_code__v"] == "10001"
    assert vdq.notices("older_than_stored") == [
        (
            2,
            "hcp",
            "1000000004",
            "Last Update Date",
            "older_than_stored",
            "2019-01-01",
            "2024-05-01",
            "line 2: NPI 1000000004 has Last Update Date 2019-01-01, older than the stored hcp"
            " record's 2024-05-01; the stored record, with its address and licenses, was kept"
            " and this row changed nothing",
        ),
        (
            4,
            "npi_deactivation",
            "1000000020",
            "NPI Deactivation Date",
            "older_than_stored",
            "2015-01-01",
            "2021-03-03",
            "line 4: NPI 1000000020 has NPI Deactivation Date 2015-01-01, older than the stored"
            " npi_deactivation record's 2021-03-03; the stored record was kept and this row"
            " changed nothing",
        ),
    ]


def _versions(path: Path) -> dict[str, tuple[bool, date]]:
    """NPI → (deactivation?, the date that orders its versions: Last Update Date, or the
    NPI Deactivation Date of a row with a blank entity type), read with the csv module."""
    with path.open(newline="", encoding="utf-8") as fh:
        out = {}
        for r in csv.DictReader(fh):
            deactivated = not r["Entity Type Code"]
            text = r["NPI Deactivation Date" if deactivated else "Last Update Date"]
            out[r["NPI"]] = (deactivated, datetime.strptime(text, "%m/%d/%Y").date())
        return out


_ALL_ROWS = {
    "hcp": "SELECT * FROM hcp",
    "hco": "SELECT * FROM hco",
    "address": "SELECT * FROM address",
    "license": "SELECT * FROM license",
    "npi_deactivation": "SELECT * FROM npi_deactivation",
}


def _tables(db: Path) -> dict[str, dict[str, dict[str, Any]]]:
    """Every row of every table NPPES loads, by key, as column → value."""
    conn = sqlite3.connect(db)
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for table, sql in _ALL_ROWS.items():
        cur = conn.execute(sql)
        names = [d[0] for d in cur.description]
        out[table] = {row[0]: dict(zip(names, row, strict=True)) for row in cur}
    conn.close()
    return out


@pytest.mark.slow
def test_the_samples_give_the_same_tables_in_either_load_order(
    tmp_path: Path, model: Model
) -> None:
    def load(name: str, *files: Path) -> tuple[list[int], dict[str, dict[str, dict[str, Any]]]]:
        db = tmp_path / f"{name}.db"
        stale = [ingest_files([f], None, db, model, progress=False).stale for f in files]
        return stale, _tables(db)

    forward_stale, forward = load("forward", NPPES_2016, NPPES_2025)
    backward_stale, backward = load("backward", NPPES_2025, NPPES_2016)

    # Independently of veeva-dq: the NPIs of both files, by how their versions compare.
    v2016, v2025 = _versions(NPPES_2016), _versions(NPPES_2025)
    both = v2016.keys() & v2025.keys()
    comparable = {n for n in both if v2016[n][0] == v2025[n][0]}
    older_in_2016 = {n for n in comparable if v2016[n][1] < v2025[n][1]}
    older_in_2025 = {n for n in comparable if v2025[n][1] < v2016[n][1]}
    same = {n for n in comparable if v2016[n][1] == v2025[n][1]}
    assert (len(both), len(older_in_2016), len(older_in_2025), len(same)) == (1000, 428, 0, 527)
    assert forward_stale == [0, 0]  # no 2025 row is older than its 2016 version
    assert backward_stale == [0, 428]  # the 2016 rows older than 2025's change nothing

    # Full table contents: every column of every row is the same in both orders, except
    # where the two files tie (the same date, the same values): the provenance columns then
    # name the file loaded last.
    assert forward.keys() == backward.keys()
    for table, records in forward.items():
        assert records.keys() == backward[table].keys(), table
        for key, f_row in records.items():
            b_row = backward[table][key]
            if key.split("-")[0] in same and table != "license":  # licenses: 2025 only
                assert (f_row["_source_file"], b_row["_source_file"]) == (
                    str(NPPES_2025),
                    str(NPPES_2016),
                )
                for row in (f_row, b_row):
                    del row["_source_file"], row["_source_line"]
            assert f_row == b_row, (table, key)
