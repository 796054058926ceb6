"""Recount the defects in generated benchmark data, independently of the generator.

    python bench/check_data.py DIR

Reads DIR/*.csv as plain text, counts every defect kind of bench/generate.py's manifest with
straightforward rule semantics (below), and compares with DIR/manifest.json. Each count is
taken twice: over all rows, and over rows that are `record_state__v = VALID` and active only;
both must equal the manifest, which shows that the clean rows are clean and that a rule that
skips invalid or inactive records still sees every defect. Exit status 1 on any mismatch.
It keeps every vid, NPI and address key in memory: about 1 minute and 2.4 GB at 1M HCPs.

Also checked, expected zero: vids unique across objects and 18 digits; every other code
field inside its picklist; fax numbers, ZIP prefixes against the state; DEA second letter
against the last name; HCP/HCO NPI prefixes.

Rule semantics used here (what the veeva-dq rules are expected to do):
  NPI check digit     non-empty and not `is_valid_npi` (veeva_dq.rules.identifiers)
  duplicate NPI       HCP NPIs shared by two or more HCPs: pairs, and rows in them
  required name       value.strip() == ""
  email               non-empty and not `local@domain.tld` without spaces or a second @
  picklist            non-empty and not a code of the field's picklist (model.yaml)
  taxonomy            non-empty and not a NUCC v25.1 code
  phone               non-empty and not exactly 10 digits
  ZIP                 non-empty and not 5 digits or ZIP+4
  state               not US-XX for a USPS state, DC or territory code
  orphan              entity_vid__v that is no HCP or HCO vid
  date                non-empty and not a real YYYY-MM-DD date
  stale               active HCP with a valid modified date before as-of minus 5 years
  expired-but-active  status A and a valid expiry date before the as-of date
  DEA check digit     type DEA and not `is_valid_dea`
  parent HCO          affiliation to a vid that is no HCO (missing), or to an HCO of status I
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import _data
from veeva_dq.model import load_model
from veeva_dq.rules.identifiers import is_valid_dea, is_valid_npi

EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
PHONE = re.compile(r"\d{10}")
ZIP = re.compile(r"\d{5}(-\d{4})?")
DEA_SHAPE = re.compile(r"[ABCDEFGHJKLMPRSTUX][A-Z9]\d{7}")
DRUG_SCHEDULE = re.compile(r"(2N?|3N?|4|5)(,(2N?|3N?|4|5))*")
STATUS_FIELD = {
    "hcp": "hcp_status__v",
    "hco": "hco_status__v",
    "address": "address_status__v",
    "license": "license_status__v",
    "parenthco": "parent_hco_status__v",
}


def rows(folder: Path, name: str) -> Iterator[dict[str, str]]:
    with (folder / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        yield from csv.DictReader(f)


def is_date(value: str) -> bool:
    if len(value) != 10:
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def nucc_codes() -> frozenset[str]:
    path = Path(__file__).resolve().parents[1] / "src/veeva_dq/model/data/nucc_taxonomy_251.csv"
    with path.open(encoding="utf-8-sig", newline="") as f:
        return frozenset(r["Code"].strip() for r in csv.DictReader(f))


class Recount:
    def __init__(self, folder: Path, as_of: str, keys: frozenset[str]) -> None:
        self.folder = folder
        self.keys = keys
        self.as_of = as_of
        day = date.fromisoformat(as_of)
        self.stale_before = day.replace(year=day.year - 5, day=min(day.day, 28)).isoformat()
        self.model = load_model()
        self.all: Counter[str] = Counter()  # defect counts over all rows
        self.eligible: Counter[str] = Counter()  # ... over VALID, active rows only
        self.extra: Counter[str] = Counter()  # things that must be zero
        self.taxonomy = nucc_codes()
        states = [line.split(",", 1)[0] for line in self._states_csv().splitlines()[1:]]
        self.states = frozenset(f"US-{s}" for s in states if s)
        self.zip3 = {
            f"US-{s.code}": {f"{z:03d}" for lo, hi in s.zip3 for z in range(lo, hi + 1)}
            for s in _data.STATES
        }

    @staticmethod
    def _states_csv() -> str:
        path = Path(__file__).resolve().parents[1] / "src/veeva_dq/model/data/us_states.csv"
        return path.read_text("utf-8-sig")

    def hit(self, key: str, row: dict[str, str], obj: str) -> None:
        self.all[key] += 1
        if row["record_state__v"] == "VALID" and row[STATUS_FIELD[obj]] == "A":
            self.eligible[key] += 1

    def picklists(self, obj: str, row: dict[str, str]) -> None:
        for f in self.model.object(obj).fields:
            if f.picklist and row[f.name] and row[f.name] not in self.model.picklists[f.picklist]:
                key = f"{obj}.{f.name}:unknown_code"
                if key in self.keys:
                    self.hit(key, row, obj)
                else:
                    self.extra[key] += 1

    def run(self) -> None:
        vids: Counter[str] = Counter()
        hco_status: dict[str, str] = {}
        entities: set[str] = set()
        for row in rows(self.folder, "hco"):
            vid = row["vid__v"]
            vids[vid] += 1
            hco_status[vid] = row["hco_status__v"]
            entities.add(vid)
            if not is_valid_npi(row["npi_num__v"]):
                self.hit("hco.npi_num__v:check_digit", row, "hco")
            if not row["npi_num__v"].startswith("2"):
                self.extra["hco.npi_num__v:prefix"] += 1
            if row["phone_1__v"] and not PHONE.fullmatch(row["phone_1__v"]):
                self.hit("hco.phone_1__v:format", row, "hco")
            if row["modified_date__v"] and not is_date(row["modified_date__v"]):
                self.hit("hco.modified_date__v:invalid_date", row, "hco")
            if not row["corporate_name__v"].strip():
                self.extra["hco.corporate_name__v:missing"] += 1
            self.picklists("hco", row)

        npis: Counter[str] = Counter()
        npi_eligible: Counter[str] = Counter()
        last_initial: dict[str, str] = {}
        for row in rows(self.folder, "hcp"):
            vid = row["vid__v"]
            vids[vid] += 1
            entities.add(vid)
            npi = row["npi_num__v"]
            if npi:
                npis[npi] += 1
                if row["record_state__v"] == "VALID" and row["hcp_status__v"] == "A":
                    npi_eligible[npi] += 1
                if not is_valid_npi(npi):
                    self.hit("hcp.npi_num__v:check_digit", row, "hcp")
                if not npi.startswith("1"):
                    self.extra["hcp.npi_num__v:prefix"] += 1
            if not row["last_name__v"].strip():
                self.hit("hcp.last_name__v:missing", row, "hcp")
            if not row["first_name__v"].strip():
                self.hit("hcp.first_name__v:blank", row, "hcp")
            if row["email_1__v"] and not EMAIL.fullmatch(row["email_1__v"]):
                self.hit("hcp.email_1__v:format", row, "hcp")
            if row["specialty_1__v"] and row["specialty_1__v"] not in self.taxonomy:
                self.hit("hcp.specialty_1__v:unknown_taxonomy", row, "hcp")
            modified = row["modified_date__v"]
            if modified and not is_date(modified):
                self.hit("hcp.modified_date__v:invalid_date", row, "hcp")
            elif modified and modified < self.stale_before and row["hcp_status__v"] == "A":
                self.hit("hcp.modified_date__v:stale", row, "hcp")
            elif modified >= self.as_of:
                self.extra["hcp.modified_date__v:future"] += 1
            self.picklists("hcp", row)
            last_initial[vid] = row["last_name__v"]
        for counter, target in ((npis, self.all), (npi_eligible, self.eligible)):
            shared = [n for n in counter.values() if n > 1]
            target["hcp.npi_num__v:duplicate"] = sum(1 for n in shared if n == 2)
            target["hcp.npi_num__v:duplicate_rows"] = sum(shared)
            self.extra["hcp.npi_num__v:shared_by_3_or_more"] += sum(1 for n in shared if n > 2)

        same_address: Counter[tuple[str, ...]] = Counter()
        for row in rows(self.folder, "address"):
            vids[row["vid__v"]] += 1
            same_address[
                (
                    row["entity_vid__v"],
                    row["address_line_1__v"].lower(),
                    row["locality__v"].lower(),
                    row["postal_code__v"],
                )
            ] += 1
            if row["entity_vid__v"] not in entities:
                self.hit("address.entity_vid__v:orphan", row, "address")
            postal = row["postal_code__v"]
            if postal and not ZIP.fullmatch(postal):
                self.hit("address.postal_code__v:format", row, "address")
            area = row["administrative_area__v"]
            if area not in self.states:
                self.hit("address.administrative_area__v:unknown", row, "address")
            elif ZIP.fullmatch(postal) and postal[:3] not in self.zip3.get(area, {postal[:3]}):
                self.extra["address.postal_code__v:zip_not_in_state"] += 1
            if row["phone_1__v"] and not PHONE.fullmatch(row["phone_1__v"]):
                self.hit("address.phone_1__v:format", row, "address")
            if row["fax_1__v"] and not PHONE.fullmatch(row["fax_1__v"]):
                self.extra["address.fax_1__v:format"] += 1
            self.picklists("address", row)

        self.extra["address:duplicate"] = sum(1 for n in same_address.values() if n > 1)
        holders: dict[tuple[str, str, str], set[str]] = {}
        for row in rows(self.folder, "license"):
            vids[row["vid__v"]] += 1
            number_key = (
                row["licensing_body__v"],
                row["type_value__v"],
                row["license_number__v"].lower(),
            )
            holders.setdefault(number_key, set()).add(row["entity_vid__v"])
            if row["entity_vid__v"] not in entities:
                self.hit("license.entity_vid__v:orphan", row, "license")
            expiry = row["expiration_date__v"]
            if expiry and not is_date(expiry):
                self.hit("license.expiration_date__v:invalid_date", row, "license")
            elif row["license_status__v"] == "A" and expiry and expiry < self.as_of:
                self.hit("license.expiration_date__v:expired_active", row, "license")
            if row["type_value__v"] == "DEA":
                number = row["license_number__v"]
                if not is_valid_dea(number):
                    self.hit("license.license_number__v:dea_check_digit", row, "license")
                last = last_initial.get(row["entity_vid__v"], "")
                if not DRUG_SCHEDULE.fullmatch(row["drug_schedule__v"]):
                    self.extra["license.drug_schedule__v:format"] += 1
                if not DEA_SHAPE.fullmatch(number):
                    self.extra["license.license_number__v:dea_format"] += 1
                initial = last[:1].upper()
                if initial.isascii() and initial and number[1:2] != initial:
                    self.extra["license.license_number__v:dea_letter_not_last_name"] += 1
            self.picklists("license", row)

        self.extra["license.license_number__v:shared"] = sum(
            1 for entities_ in holders.values() if len(entities_) > 1
        )
        del holders
        primaries: Counter[str] = Counter()
        for row in rows(self.folder, "parenthco"):
            vids[row["vid__v"]] += 1
            if row["is_primary_relationship__v"] == "Y" and row["parent_hco_status__v"] == "A":
                primaries[row["entity_vid__v"]] += 1
            parent = row["parent_hco_vid__v"]
            if parent not in hco_status:
                self.hit("parenthco.parent_hco_vid__v:missing", row, "parenthco")
            elif hco_status[parent] == "I":
                self.hit("parenthco.parent_hco_vid__v:inactive", row, "parenthco")
            if row["entity_vid__v"] not in entities:
                self.extra["parenthco.entity_vid__v:orphan"] += 1
            self.picklists("parenthco", row)

        self.extra["parenthco:two_active_primaries"] = sum(1 for n in primaries.values() if n > 1)
        self.extra["vid__v:duplicate"] = sum(1 for n in vids.values() if n > 1)
        self.extra["vid__v:not_18_digits"] = sum(1 for v in vids if len(v) != 18 or not v.isdigit())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    args = parser.parse_args(argv)
    manifest = json.loads((args.folder / "manifest.json").read_text("utf-8"))
    expected: dict[str, int] = manifest["defects"]
    check = Recount(args.folder, manifest["as_of"], frozenset(expected))
    check.run()
    bad = 0
    width = max(len(k) for k in expected)
    print(f"{'defect':<{width}} {'manifest':>9} {'all rows':>9} {'valid+A':>9}")
    for key, n in expected.items():
        got, got_eligible = check.all[key], check.eligible[key]
        flag = "" if got == n == got_eligible else "  MISMATCH"
        bad += bool(flag)
        print(f"{key:<{width}} {n:>9,} {got:>9,} {got_eligible:>9,}{flag}")
    for key in sorted(set(check.all) - set(expected)):
        bad += 1
        print(f"{key:<{width}} {'-':>9} {check.all[key]:>9,}   NOT IN MANIFEST")
    for key, n in sorted(check.extra.items()):
        if n:
            bad += 1
            print(f"unexpected: {key} = {n:,}")
    print("OK: the data holds exactly the manifest's defects." if not bad else f"{bad} problems.")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
