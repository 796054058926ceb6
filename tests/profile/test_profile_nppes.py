"""Profiles of the real 2016 NPPES sample, checked against the CSV file read with csv.

The expected numbers are computed here from the raw file, independently of veeva-dq: type-1
rows are HCPs, type-2 rows HCOs, and every provider has one practice address.
"""

from __future__ import annotations

import csv
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from tests.profile.conftest import NPPES_2016
from veeva_dq.model import Model
from veeva_dq.profile import ObjectProfile, open_database, profile_object


@pytest.fixture(scope="module")
def raw() -> dict[str, list[dict[str, str]]]:
    with NPPES_2016.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return {
        "hcp": [r for r in rows if r["Entity Type Code"] == "1"],
        "hco": [r for r in rows if r["Entity Type Code"] == "2"],
    }


@pytest.fixture(scope="module")
def profiles(nppes_db: Path, model: Model) -> dict[str, ObjectProfile]:
    conn = open_database(nppes_db)
    try:
        return {o: profile_object(conn, model, o) for o in ("hcp", "hco", "address")}
    finally:
        conn.close()


def _shapes(values: list[str]) -> Counter[tuple[int, bool]]:
    return Counter((len(v), v.isdigit()) for v in values)


def test_row_counts(profiles: dict[str, ObjectProfile], raw: dict[str, Any]) -> None:
    assert len(raw["hcp"]) == profiles["hcp"].rows == 7881
    assert len(raw["hco"]) == profiles["hco"].rows == 1803
    assert profiles["address"].rows == 7881 + 1803


def test_npi(profiles: dict[str, ObjectProfile], raw: dict[str, Any]) -> None:
    npis = [r["NPI"] for r in raw["hcp"]]
    assert _shapes(npis) == {(10, True): 7881}
    npi = profiles["hcp"].column("npi_num__v")
    assert npi.patterns == (("9999999999", 7881),)
    assert npi.distinct == len(set(npis)) == 7881
    assert (npi.nulls, npi.min_length, npi.max_length) == (0, 10, 10)
    assert (npi.min_value, npi.max_value) == (min(npis), max(npis))


def test_names(profiles: dict[str, ObjectProfile], raw: dict[str, Any]) -> None:
    hcp = profiles["hcp"]
    first = [r["Provider First Name"] for r in raw["hcp"]]
    assert hcp.column("first_name__v").top_values[:3] == tuple(Counter(first).most_common(3)) \
        == (("JOHN", 243), ("ROBERT", 237), ("MICHAEL", 224))
    last = [r["Provider Last Name (Legal Name)"] for r in raw["hcp"]]
    c = hcp.column("last_name__v")
    assert (c.min_length, c.max_length) == (min(map(len, last)), max(map(len, last))) == (2, 21)
    assert c.distinct == len(set(last)) == 5737
    middle = hcp.column("middle_name__v")
    missing = sum(1 for r in raw["hcp"] if not r["Provider Middle Name"].strip())
    assert (middle.nulls, middle.blank) == (missing, 0) == (1570, 0)
    assert round(middle.null_pct, 2) == 19.92


def test_dates(profiles: dict[str, ObjectProfile], raw: dict[str, Any]) -> None:
    dates = [datetime.strptime(r["Last Update Date"], "%m/%d/%Y").date() for r in raw["hcp"]]
    c = profiles["hcp"].column("modified_date__v")
    assert (c.min_value, c.max_value) == (min(dates).isoformat(), max(dates).isoformat())
    assert c.valid_dates == 7881
    assert c.top_values[0] == ("2007-07-08", Counter(dates).most_common(1)[0][1]) \
        == ("2007-07-08", 1707)


def test_address_patterns(profiles: dict[str, ObjectProfile], raw: dict[str, Any]) -> None:
    # Nine-digit ZIP codes are loaded as ZIP+4 (99999-9999).
    codes = [r["Provider Business Practice Location Address Postal Code"]
             for r in raw["hcp"] + raw["hco"]]
    shapes = _shapes(codes)
    assert shapes == {(9, True): 9145, (5, True): 538, (4, True): 1}
    assert profiles["address"].column("postal_code__v").patterns == (
        ("99999-9999", 9145), ("99999", 538), ("9999", 1))
    phones = [r["Provider Business Practice Location Address Telephone Number"]
              for r in raw["hco"]]
    assert _shapes(phones) == {(10, True): 1803}
    assert profiles["hco"].column("phone_1__v").patterns == (("9999999999", 1803),)


def test_extra_column_is_profiled(profiles: dict[str, ObjectProfile],
                                  raw: dict[str, Any]) -> None:
    # The NPPES credential text is kept as credential__c, a column the model does not know.
    cred = profiles["hcp"].column("credential__c")
    assert not cred.in_model
    raw_cred = Counter(r["Provider Credential Text"] for r in raw["hcp"])
    assert cred.top_values[:2] == tuple(raw_cred.most_common(2)) == (("M.D.", 2888),
                                                                    ("MD", 1784))
    assert cred.nulls == raw_cred[""] == 77
