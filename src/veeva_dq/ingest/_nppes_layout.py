"""Where things are in an NPPES npidata header, found by column name, never by position.

The 41-column extract and the 330-column V.2 file name their columns the same way; the
V.2 file renamed "Provider Gender Code" to "Provider Sex Code" and adds 15 taxonomy/license
slots (`..._1` to `..._15`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from veeva_dq.ingest._values import Check

_PRACTICE = "Provider Business Practice Location Address "
COLUMNS = {
    "npi": "NPI",
    "entity": "Entity Type Code",
    "org": "Provider Organization Name (Legal Business Name)",
    "last": "Provider Last Name (Legal Name)",
    "first": "Provider First Name",
    "middle": "Provider Middle Name",
    "prefix": "Provider Name Prefix Text",
    "suffix": "Provider Name Suffix Text",
    "credential": "Provider Credential Text",
    "addr1": "Provider First Line Business Practice Location Address",
    "addr2": "Provider Second Line Business Practice Location Address",
    "city": _PRACTICE + "City Name",
    "state": _PRACTICE + "State Name",
    "zip": _PRACTICE + "Postal Code",
    "country": _PRACTICE + "Country Code (If outside U.S.)",
    "phone": _PRACTICE + "Telephone Number",
    "fax": _PRACTICE + "Fax Number",
    "updated": "Last Update Date",
    "reason": "NPI Deactivation Reason Code",
    "deactivated": "NPI Deactivation Date",
    "reactivated": "NPI Reactivation Date",
}
GENDER_COLUMNS = ("Provider Gender Code", "Provider Sex Code")  # renamed in NPPES V.2
_SLOT = re.compile(
    r"(Healthcare Provider Taxonomy Code|Provider License Number|Provider License Number State"
    r" Code|Healthcare Provider Primary Taxonomy Switch)_(\d+)"
)
_ID_NAMES = frozenset(
    {
        "npi",
        "replacement npi",
        "employer identification number (ein)",
        "parent organization tin",
        "other provider identifier",
    }
)

# Output columns after the key, in the order the loaders below build their values.
HCP_COLUMNS = [
    "npi_num__v",
    "first_name__v",
    "middle_name__v",
    "last_name__v",
    "prefix__v",
    "suffix__v",
    "credential__c",
    "medical_degree_1__v",
]
HCO_COLUMNS = ["npi_num__v", "corporate_name__v", "phone_1__v"]
ADDRESS_COLUMNS = [
    "entity_vid__v",
    "address_line_1__v",
    "address_line_2__v",
    "locality__v",
    "administrative_area__v",
    "postal_code__v",
    "country__v",
    "address_status__v",
    "address_ordinal__v",
    "phone_1__v",
    "fax_1__v",
    "record_state__v",
]
LICENSE_COLUMNS = [
    "entity_vid__v",
    "license_number__v",
    "licensing_body__v",
    "type_value__v",
    "record_state__v",
    "taxonomy_code__c",
]


def _norm(name: str) -> str:
    return " ".join(name.split()).casefold()


def is_id_column(name: str) -> bool:
    """Identifier and code columns, where a float conversion leaves its mark."""
    if "Date" in name:
        return False
    base = re.sub(r"_\d+$", "", " ".join(name.split()))
    return base.casefold() in _ID_NAMES or base.endswith((" Code", " Number"))


@dataclass(frozen=True)
class Slot:
    n: int
    taxonomy: int
    license: int
    state: int
    primary: int


class Layout:
    """Where each needed column is in this file's header; absent ones read as ''."""

    def __init__(self, header: Sequence[str]) -> None:
        self.width = len(header)
        blank = self.width  # index of the '' appended to every row
        where = {_norm(h): i for i, h in enumerate(header)}
        self.col = {k: where.get(_norm(v), blank) for k, v in COLUMNS.items()}
        self.gender = next((where[_norm(g)] for g in GENDER_COLUMNS if _norm(g) in where), None)
        found: dict[int, dict[str, int]] = {}
        for i, h in enumerate(header):
            m = _SLOT.fullmatch(" ".join(h.split()))
            if m:
                found.setdefault(int(m.group(2)), {})[m.group(1)] = i
        self.slots = [
            Slot(
                n,
                s.get("Healthcare Provider Taxonomy Code", blank),
                s.get("Provider License Number", blank),
                s.get("Provider License Number State Code", blank),
                s.get("Healthcare Provider Primary Taxonomy Switch", blank),
            )
            for n, s in sorted(found.items())
        ]
        self.has_taxonomy = any(s.taxonomy != blank for s in self.slots)
        self.has_license = any(s.license != blank for s in self.slots)
        self.checks: list[Check] = []
        for i, h in enumerate(header):
            if not is_id_column(h):
                continue
            postal = h.endswith("Postal Code")
            country = None
            if postal:  # the country column of the same address (mailing or practice)
                country = where.get(
                    _norm(h[: -len("Postal Code")] + "Country Code (If outside U.S.)")
                )
            self.checks.append(Check(i, postal, country))
        # Float fixes are reported against the record that holds the value.
        self.address_columns = {
            self.col[k]
            for k in ("addr1", "addr2", "city", "state", "zip", "country", "phone", "fax")
        }
        self.license_columns = {s.license: s.n for s in self.slots}
