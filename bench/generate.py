"""Generate synthetic Veeva OpenData-shaped provider master data, with counted defects.

    python bench/generate.py --hcps 1000000 --out bench/out/1m [--seed 7] [--defect-rate 0.02]

Writes OUT/hco.csv, hcp.csv, address.csv, license.csv, parenthco.csv (header = every field of
the object in the veeva-dq model, comma-delimited, UTF-8, LF line ends) and OUT/manifest.json
with the exact number of every injected defect, so a benchmark can check results as well as
time. The output is a pure function of (hcps, seed, defect rate, as-of date): the same
arguments give byte-identical files.

Shape: N HCPs, N/10 HCOs, ~1.5 addresses per HCP and 1 per HCO, ~1.5 licenses per HCP (state
licenses, DEA registrations with drug schedules, a few state controlled-substance
registrations), ~0.8 parent-HCO affiliations per HCP. Rows are streamed; memory holds only the
HCO vids (N/10) whatever N is.

Defects. Each defect kind is an independent Bernoulli process at --defect-rate over the rows it
can apply to (for the DEA check digit: over DEA registrations), drawn from its own random
stream so that adding a kind does not move the others. A row that receives any defect is made
`record_state__v = VALID` and active (status `A`; a license also gets a future expiry unless
the defect is about its expiry), so that a rule that only looks at valid, active records still
sees every injected defect. Clean rows are built so that no rule of the kinds listed in
DEFECTS fires on them:

* NPIs are unique, 10 digits, prefix 1 (HCP) or 2 (HCO), with a correct check digit;
* names are never blank; emails, phones (10 digits, NANP-shaped), ZIPs (5 digits, sometimes
  ZIP+4, inside the state's 3-digit prefix ranges) and states (`US-MA`) are well formed;
* modified dates fall in the 5 years before the as-of date;
* license numbers (per licensing body and type) and an entity's addresses never repeat;
* specialties are NUCC taxonomy codes from the bundled code set; codes come from the picklists;
* a license that expires before the as-of date is inactive (`I`);
* affiliations point to an existing, active, valid HCO; child rows point to existing parents.

Not a defect, but realistic: inactive and non-VALID records (deleted, merged, under review),
blank optional fields, non-ASCII names (José, Müller, Østergaard), quoted commas in
organisation names, ZIPs with a leading zero (New England, New Jersey).
"""

from __future__ import annotations

import argparse
import bisect
import csv
import heapq
import io
import json
import math
import random
import sys
import time
import unicodedata
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from datetime import date, timedelta
from importlib import resources
from pathlib import Path
from typing import Any, TextIO, TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import _data
from veeva_dq.model import load_model
from veeva_dq.rules.identifiers import dea_check_digit, npi_check_digit

T = TypeVar("T")

OBJECTS = ("hco", "hcp", "address", "license", "parenthco")
DEFAULT_AS_OF = date(2026, 1, 1)
MANIFEST_VERSION = 1

# The fields each row builder below produces, in this order. The written header is the
# model's field list; a model field missing here is written empty, so a customer model with
# extra fields still gets a full header.
FIELDS: dict[str, tuple[str, ...]] = {
    "hcp": (
        "vid__v",
        "first_name__v",
        "middle_name__v",
        "last_name__v",
        "prefix__v",
        "suffix__v",
        "gender__v",
        "hcp_type__v",
        "hcp_status__v",
        "record_state__v",
        "npi_num__v",
        "medical_degree_1__v",
        "specialty_1__v",
        "email_1__v",
        "modified_date__v",
    ),
    "hco": (
        "vid__v",
        "corporate_name__v",
        "hco_type__v",
        "hco_status__v",
        "record_state__v",
        "npi_num__v",
        "phone_1__v",
        "modified_date__v",
    ),
    "address": (
        "vid__v",
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
    ),
    "license": (
        "vid__v",
        "entity_vid__v",
        "license_number__v",
        "licensing_body__v",
        "type_value__v",
        "license_status__v",
        "expiration_date__v",
        "drug_schedule__v",
        "record_state__v",
    ),
    "parenthco": (
        "vid__v",
        "entity_vid__v",
        "parent_hco_vid__v",
        "parent_hco_status__v",
        "relationship_type__v",
        "is_primary_relationship__v",
        "record_state__v",
    ),
}

# Every injected defect: manifest key `object.field:kind` -> what it is. The manifest holds an
# exact count for each, zero included.
DEFECTS: dict[str, str] = {
    "hcp.npi_num__v:check_digit": "HCP NPI whose last digit is not the Luhn check digit",
    "hco.npi_num__v:check_digit": "HCO NPI whose last digit is not the Luhn check digit",
    "hcp.npi_num__v:duplicate": "pairs of HCPs sharing one otherwise valid NPI",
    "hcp.npi_num__v:duplicate_rows": "HCP rows in those pairs (two per pair)",
    "hcp.last_name__v:missing": "empty last name",
    "hcp.first_name__v:blank": "first name of spaces only",
    "hcp.email_1__v:format": "malformed email (no @, two @, a space, no local part)",
    "hcp.gender__v:unknown_code": "gender code not in the gender picklist",
    "hcp.hcp_type__v:unknown_code": "HCP type code not in the hcp_type picklist",
    "hcp.medical_degree_1__v:unknown_code": "degree code not in the medical_degree picklist",
    "hcp.specialty_1__v:unknown_taxonomy": "specialty that is not a NUCC taxonomy code",
    "hcp.modified_date__v:invalid_date": "impossible date such as 2023-02-30",
    "hcp.modified_date__v:stale": "active HCP last modified more than 5 years before as-of",
    "hco.hco_type__v:unknown_code": "HCO type code not in the hco_type picklist",
    "hco.phone_1__v:format": "phone that is not 10 digits",
    "hco.modified_date__v:invalid_date": "impossible date such as 2023-02-30",
    "address.postal_code__v:format": "US ZIP that is not 5 digits or ZIP+4",
    "address.administrative_area__v:unknown": "state that is not a US state code (US-XX)",
    "address.phone_1__v:format": "phone that is not 10 digits",
    "address.entity_vid__v:orphan": "address whose entity_vid__v is no HCP or HCO",
    "license.expiration_date__v:expired_active": "active license expired before the as-of date",
    "license.license_number__v:dea_check_digit": "DEA number with a wrong check digit",
    "license.entity_vid__v:orphan": "license whose entity_vid__v is no HCP or HCO",
    "license.expiration_date__v:invalid_date": "impossible expiry date (after the as-of date)",
    "parenthco.relationship_type__v:unknown_code": "code not in the relationship_type picklist",
    "parenthco.parent_hco_vid__v:missing": "active affiliation to an HCO vid that does not exist",
    "parenthco.parent_hco_vid__v:inactive": "active affiliation to an inactive (status I) HCO",
}

# Unknown picklist codes: never a code, a label or a case variant of one.
UNKNOWN_CODES = {
    "gender__v": ("X", "UNK", "0"),
    "hcp_type__v": ("X", "Z", "PR"),
    "medical_degree_1__v": ("MDD", "XX", "DOCT"),
    "hco_type__v": ("HSP", "ZZ", "XYZ"),
    "relationship_type__v": ("EMPL", "ZZ", "X"),
}
BAD_STATES = ("US-XX", "US-ZZ", "US-QQ", "ZZ")

# HCP profiles: (weight, NUCC grouping, degrees with weights, hcp_type, title prefix share,
# DEA letters or "" when the profile does not prescribe controlled substances).
PROFILES: tuple[tuple[float, str, tuple[tuple[str, float], ...], str, float, str], ...] = (
    (
        50,
        "Allopathic & Osteopathic Physicians",
        (("MD", 84), ("DO", 15), ("MBBS", 1)),
        "P",
        0.85,
        "BF",
    ),
    (
        14,
        "Physician Assistants & Advanced Practice Nursing Providers",
        (("NP", 50), ("PA", 35), ("APRN", 8), ("CRNA", 5), ("CNM", 2)),
        "P",
        0.0,
        "M",
    ),
    (12, "Nursing Service Providers", (("RN", 80), ("LPN", 20)), "N", 0.0, ""),
    (6, "Pharmacy Service Providers", (("PHARMD", 70), ("RPH", 30)), "N", 0.3, ""),
    (5, "Dental Providers", (("DDS", 60), ("DMD", 40)), "P", 0.85, "BF"),
    (2, "Eye and Vision Services Providers", (("OD", 1),), "P", 0.8, "BF"),
    (1, "Podiatric Medicine & Surgery Service Providers", (("DPM", 1),), "P", 0.85, "BF"),
    (2, "Chiropractic Providers", (("DC", 1),), "N", 0.8, ""),
    (
        4,
        "Behavioral Health & Social Service Providers",
        (("PHD", 25), ("PSYD", 20), ("LCSW", 40), ("MSW", 15)),
        "N",
        0.3,
        "",
    ),
    (
        2,
        "Respiratory, Developmental, Rehabilitative and Restorative Service Providers",
        (("DPT", 40), ("PT", 30), ("OT", 30)),
        "N",
        0.2,
        "",
    ),
    (1, "Dietary & Nutritional Service Providers", (("RD", 1),), "N", 0.0, ""),
    (1, "Student, Health Care", (), "S", 0.0, ""),
    (0.5, "Other Service Providers", (), "B", 0.0, ""),
)

HCO_TYPES = (
    ("CLIN", 25),
    ("GPP", 25),
    ("HOSP", 12),
    ("PHARM", 15),
    ("LAB", 4),
    ("NH", 6),
    ("HHA", 4),
    ("ASC", 4),
    ("UNIV", 1),
    ("IDN", 1),
    ("GOV", 1),
    ("OTH", 2),
)
RECORD_STATES = (
    ("VALID", 955),
    ("UNDER_REVIEW", 15),
    ("INVALID", 5),
    ("DELETED", 10),
    ("MERGED_INTO", 10),
    ("MERGE_INACTIVATED", 5),
)
DRUG_SCHEDULES = (("2,2N,3,3N,4,5", 80), ("3,3N,4,5", 10), ("2,3,4,5", 7), ("2,2N", 3))
RELATIONSHIPS = (("EMP", 35), ("AFF", 40), ("ADM", 20), ("MEM", 5))


def wheel(pairs: Sequence[tuple[T, float]], size: int = 1000) -> tuple[T, ...]:
    """A table where each value appears in proportion to its weight: index it uniformly."""
    total = sum(w for _, w in pairs)
    out: list[T] = []
    acc = 0.0
    for value, weight in pairs:
        acc += weight
        out.extend([value] * (round(acc / total * size) - len(out)))
    return tuple(out)


def ascii_fold(text: str) -> str:
    """'Østergaard' -> 'ostergaard', "O'Brien" -> 'obrien': lower-case letters and digits."""
    text = text.translate(_FOLD)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isascii() and c.isalnum()).lower()


_FOLD = str.maketrans(
    {
        "ø": "o",
        "Ø": "O",
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "ł": "l",
        "Ł": "L",
        "ı": "i",
        "đ": "d",
        "Đ": "D",
    }
)


class Bernoulli:
    """Independent events at probability p over trials 0, 1, 2, ..., by geometric skips.

    Exact Bernoulli(p) per trial, at one random draw per event instead of one per trial. Each
    stream has its own generator seeded from the run seed and its key, so adding a defect
    kind does not move the others.
    """

    __slots__ = ("_log_q", "_p", "_rng")

    def __init__(self, p: float, seed: int, key: str) -> None:
        self._p = p
        self._rng = random.Random(f"{seed}/{key}")
        self._log_q = math.log1p(-p) if 0.0 < p < 1.0 else 0.0

    def after(self, trial: int) -> int:
        """The trial of the next event after `trial` (-1 for the first)."""
        if self._p <= 0.0:
            return sys.maxsize
        if self._p >= 1.0:
            return trial + 1
        u = 1.0 - self._rng.random()  # (0, 1]
        return trial + 1 + int(math.log(u) / self._log_q)


NO_HITS: frozenset[str] = frozenset()


class Schedule:
    """Several independent Bernoulli streams over the rows of one kind, one compare per row."""

    def __init__(self, keys: Sequence[str], p: float, seed: int) -> None:
        self._streams = {k: Bernoulli(p, seed, k) for k in keys}
        self._heap = [(s.after(-1), k) for k, s in self._streams.items()]
        heapq.heapify(self._heap)
        self._trial = -1
        self._next = self._heap[0][0]

    def step(self) -> frozenset[str] | set[str]:
        """Advance one row; the keys of the defects that fall on it (usually none)."""
        self._trial += 1
        trial = self._trial
        if trial != self._next:
            return NO_HITS
        heap = self._heap
        hits = set()
        while heap[0][0] == trial:
            _, key = heapq.heappop(heap)
            hits.add(key)
            heapq.heappush(heap, (self._streams[key].after(trial), key))
        self._next = heap[0][0]
        return hits


class Vids:
    """18-digit numeric Veeva IDs: unique, random-looking, reproducible.

    vid(k) is 9 followed by the reversed digits of an affine permutation of k modulo 10^17
    (both steps are bijections). Record vids use k = 0, 1, 2, ...; orphan and missing-parent
    vids use k >= 10^16, so they are certain to name no record.
    """

    MOD = 10**17
    MULT = 98_765_432_123_456_789  # odd and not a multiple of 5: a bijection modulo 10^17

    def __init__(self, seed: int) -> None:
        self._offset = random.Random(f"{seed}/vids").randrange(self.MOD)
        self._value = self._offset  # permutation of k = 0
        self._ghost = 10**16

    def next(self) -> str:
        value = self._value
        self._value = (value + self.MULT) % self.MOD  # (k + 1) * MULT + offset, incrementally
        return "9" + f"{value:017d}"[::-1]

    def ghost(self) -> str:
        k = self._ghost
        self._ghost = k + 1
        return "9" + f"{(k * self.MULT + self._offset) % self.MOD:017d}"[::-1]


def npi_for(prefix: str, index: int, offset: int) -> str:
    """Unique NPI number `index` of a prefix (1 HCP, 2 HCO), valid check digit."""
    base = f"{prefix}{(index * 7_654_321 + offset) % 10**8:08d}"  # 7654321 is coprime to 10^8
    return base + str(npi_check_digit(base))


def broken_npi(npi: str) -> str:
    """The same NPI with a different (so wrong) check digit."""
    return npi[:9] + str((int(npi[9]) + 5) % 10)


def iso_days(start: date, end: date) -> tuple[str, ...]:
    """ISO strings of every day from start to end inclusive."""
    return tuple((start + timedelta(days=i)).isoformat() for i in range((end - start).days + 1))


def years_before(day: date, years: int) -> date:
    """The same calendar day `years` earlier (28 February for 29 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def taxonomy_by_grouping() -> dict[str, tuple[str, ...]]:
    """NUCC codes for individuals by grouping, from the code set bundled with veeva-dq."""
    path = resources.files("veeva_dq.model").joinpath("data/nucc_taxonomy_251.csv")
    by_group: dict[str, list[str]] = {}
    for row in csv.DictReader(io.StringIO(path.read_text("utf-8-sig"))):
        code = row["Code"].strip()
        if code and row["Section"].strip() == "Individual":
            by_group.setdefault(row["Grouping"].strip(), []).append(code)
    missing = [p[1] for p in PROFILES if p[1] not in by_group]
    if missing:
        raise RuntimeError(f"NUCC groupings not found in the taxonomy file: {missing}")
    return {g: tuple(sorted(c)) for g, c in by_group.items()}


def row_writer(
    stream: TextIO, produced: tuple[str, ...], header: tuple[str, ...]
) -> Callable[[list[str]], object]:
    """A writerow for one object that puts builder rows into the model's field order."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(header)
    if header == produced:
        return writer.writerow
    index = [produced.index(f) if f in produced else -1 for f in header]

    def reorder(row: list[str]) -> object:
        return writer.writerow([row[i] if i >= 0 else "" for i in index])

    return reorder


HCP_KEYS = (
    "hcp.npi_num__v:check_digit",
    "hcp.npi_num__v:duplicate",
    "hcp.last_name__v:missing",
    "hcp.first_name__v:blank",
    "hcp.email_1__v:format",
    "hcp.picklist:unknown_code",  # one stream; the field is drawn when it fires
    "hcp.specialty_1__v:unknown_taxonomy",
    "hcp.modified_date__v:invalid_date",
    "hcp.modified_date__v:stale",
)
HCO_KEYS = (
    "hco.npi_num__v:check_digit",
    "hco.hco_type__v:unknown_code",
    "hco.phone_1__v:format",
    "hco.modified_date__v:invalid_date",
)
ADDRESS_KEYS = (
    "address.postal_code__v:format",
    "address.administrative_area__v:unknown",
    "address.phone_1__v:format",
    "address.entity_vid__v:orphan",
)
LICENSE_KEYS = (
    "license.expiration_date__v:expired_active",
    "license.entity_vid__v:orphan",
    "license.expiration_date__v:invalid_date",
)
DEA_KEYS = ("license.license_number__v:dea_check_digit",)
PARENTHCO_KEYS = (
    "parenthco.parent_hco_vid__v:missing",
    "parenthco.parent_hco_vid__v:inactive",
    "parenthco.relationship_type__v:unknown_code",
)


class Generator:
    def __init__(self, hcps: int, seed: int, defect_rate: float, as_of: date) -> None:
        if not 0.0 <= defect_rate <= 1.0:
            raise ValueError(f"--defect-rate must be between 0 and 1, not {defect_rate}.")
        if not 0 < hcps < 10**8:
            raise ValueError(f"--hcps must be between 1 and 99,999,999, not {hcps}.")
        self.hcps = hcps
        self.hcos = max(1, hcps // 10)
        self.seed = seed
        self.rate = defect_rate
        self.as_of = as_of
        self.as_of_iso = as_of.isoformat()
        self.rng = random.Random(seed)
        self.vids = Vids(seed)
        self.counts: dict[str, int] = dict.fromkeys(DEFECTS, 0)
        self.rows: dict[str, int] = dict.fromkeys(OBJECTS, 0)
        self.sched_hcp = Schedule(HCP_KEYS, defect_rate, seed)
        self.sched_hco = Schedule(HCO_KEYS, defect_rate, seed)
        self.sched_address = Schedule(ADDRESS_KEYS, defect_rate, seed)
        self.sched_license = Schedule(LICENSE_KEYS, defect_rate, seed)
        self.sched_dea = Schedule(DEA_KEYS, defect_rate, seed)
        self.sched_parenthco = Schedule(PARENTHCO_KEYS, defect_rate, seed)
        offsets = random.Random(f"{seed}/npi")
        self.npi_offset_hcp = offsets.randrange(10**8)
        self.npi_offset_hco = offsets.randrange(10**8)
        # License and DEA numbers: affine permutations of counters, so they never repeat
        # (up to 10^7 state licenses and 10^6 DEA registrations).
        self.license_seq = offsets.randrange(10**7)
        self.dea_seq = offsets.randrange(10**6)

        # Reference pools.
        self.taxonomy_by_grouping = taxonomy_by_grouping()
        self.profiles = wheel([(p, p[0]) for p in PROFILES])
        self.degrees = {p[1]: wheel(p[2]) if p[2] else ("",) for p in PROFILES}
        self.states = wheel([(s, s.weight) for s in _data.STATES], size=4000)
        self.zip_prefixes = {
            s.code: tuple(f"{z:03d}" for lo, hi in s.zip3 for z in range(lo, hi + 1))
            for s in _data.STATES
        }
        self.streets = tuple(f"{s} {x}" for s in _data.STREETS for x in _data.STREET_SUFFIXES)
        names = (*_data.FEMALE_FIRST, *_data.MALE_FIRST, *_data.LAST_NAMES)
        self.folded = {n: ascii_fold(n) for n in names}
        self.hco_types = wheel(HCO_TYPES)
        self.record_states = wheel(RECORD_STATES)
        self.drug_schedules = wheel(DRUG_SCHEDULES)
        self.relationships = wheel(RELATIONSHIPS)
        # Modified dates: within the 5 years before as-of (a day of margin each side); stale
        # ones 5 to 9 years before. Impossible dates fall in the clean range as text, so a
        # rule comparing text sees neither a stale nor a future date in them.
        five_years = years_before(as_of, 5)
        self.modified_dates = iso_days(five_years + timedelta(days=1), as_of - timedelta(days=1))
        self.stale_dates = iso_days(years_before(as_of, 9), five_years - timedelta(days=30))
        self.bad_modified_dates = tuple(
            f"{as_of.year - k}-{md}"
            for k in (1, 2, 3, 4)
            for md in ("02-30", "04-31", "13-01", "06-31", "00-10", "11-31")
        )
        lo = min(date(2024, 1, 1), as_of - timedelta(days=365))
        hi = max(date(2028, 12, 31), as_of + timedelta(days=365))
        self.expiry_dates = iso_days(lo, hi)
        self.expiry_cut = bisect.bisect_left(self.expiry_dates, self.as_of_iso)
        y = as_of.year
        self.bad_expiry_dates = tuple(
            f"{yy}-{md}" for yy in (y + 1, y + 2) for md in ("02-30", "04-31", "13-01", "06-31")
        )
        # Filled while generating HCOs: active, valid HCO vids by state; inactive, valid vids.
        self.active_hcos: dict[str, list[str]] = {}
        self.all_active_hcos: list[str] = []
        self.inactive_hcos: list[str] = []
        self.dup_source: str | None = None  # NPI of the last clean, active, valid HCP
        self.w_hco: Callable[[list[str]], object]
        self.w_hcp: Callable[[list[str]], object]
        self.w_address: Callable[[list[str]], object]
        self.w_license: Callable[[list[str]], object]
        self.w_parenthco: Callable[[list[str]], object]

    # -- value helpers -----------------------------------------------------------------------
    def pick(self, seq: Sequence[T]) -> T:
        return seq[int(self.rng.random() * len(seq))]

    def phone(self, state: _data.State) -> str:
        r = self.rng.random
        areas = state.area_codes
        return f"{areas[int(r() * len(areas))]}{200 + int(r() * 800)}{int(r() * 10000):04d}"

    def bad_phone(self, state: _data.State) -> str:
        p = self.phone(state)
        k = int(self.rng.random() * 4)
        return (p[:9], p + "12", p[:6] + "12AB", f"{p[3:6]}-{p[6:]}")[k]

    def zip_code(self, state: _data.State) -> str:
        r = self.rng.random
        prefixes = self.zip_prefixes[state.code]
        z = f"{prefixes[int(r() * len(prefixes))]}{int(r() * 100):02d}"
        if r() < 0.05:
            return f"{z}-{int(r() * 10000):04d}"
        return z

    def bad_zip(self, state: _data.State) -> str:
        z = self.zip_code(state)[:5]
        k = int(self.rng.random() * 3)
        return (z[:4], z + "7", z[:2] + "O" + z[3:])[k]

    def expiry(self, *, future: bool | None = None) -> str:
        """A date from the expiry range; future=True/False restricts to after/before as-of."""
        r = self.rng.random
        d = self.expiry_dates
        if future is None:
            return d[int(r() * len(d))]
        if future:
            return d[self.expiry_cut + int(r() * (len(d) - self.expiry_cut))]
        return d[int(r() * self.expiry_cut)]

    # -- rows --------------------------------------------------------------------------------
    def address(
        self, entity: str, state: _data.State, ordinal: int, avoid: tuple[str, ...] = ()
    ) -> str:
        """Write one address row; return its first line (an entity's lines all differ)."""
        r = self.rng.random
        counts = self.counts
        hits = self.sched_address.step()
        line1 = f"{1 + int(r() * 9899)} {self.streets[int(r() * len(self.streets))]}"
        while line1 in avoid:
            line1 = f"{1 + int(r() * 9899)} {self.streets[int(r() * len(self.streets))]}"
        u = r()
        if u < 0.18:
            line2 = f"Suite {100 + int(r() * 900)}"
        elif u < 0.23:
            line2 = f"Ste {1 + int(r() * 99)}"
        elif u < 0.26:
            line2 = f"Fl {1 + int(r() * 12)}"
        else:
            line2 = ""
        cities = state.cities
        city = cities[int(r() * len(cities))]
        area = "US-" + state.code
        phone = self.phone(state) if r() < 0.7 else ""
        fax = self.phone(state) if r() < 0.3 else ""
        if hits:
            if "address.postal_code__v:format" in hits:
                postal = self.bad_zip(state)
                counts["address.postal_code__v:format"] += 1
            else:
                postal = self.zip_code(state)
            if "address.administrative_area__v:unknown" in hits:
                area = self.pick(BAD_STATES)
                counts["address.administrative_area__v:unknown"] += 1
            if "address.phone_1__v:format" in hits:
                phone = self.bad_phone(state)
                counts["address.phone_1__v:format"] += 1
            if "address.entity_vid__v:orphan" in hits:
                entity = self.vids.ghost()
                counts["address.entity_vid__v:orphan"] += 1
            status, record_state = "A", "VALID"
        else:
            postal = self.zip_code(state)
            status = "A" if r() < 0.95 else "I"
            record_state = self.record_states[int(r() * 1000)]
        self.rows["address"] += 1
        self.w_address(
            [
                self.vids.next(),
                entity,
                line1,
                line2,
                city,
                area,
                postal,
                "US",
                status,
                str(ordinal),
                phone,
                fax,
                record_state,
            ]
        )
        return line1

    def hco_name(self, kind: str, state: _data.State) -> str:
        pick = self.pick
        k = int(self.rng.random() * 3)
        city = pick(state.cities)
        last = pick(_data.LAST_NAMES)
        if kind == "HOSP":
            if k == 0:
                return f"{city} General Hospital"
            if k == 1:
                return f"St. {pick(_data.SAINTS)} Medical Center"
            return f"{city} Regional Medical Center"
        if kind == "CLIN":
            return (f"{last} Family Clinic", f"{city} Community Health Center")[k % 2]
        if kind == "GPP":
            other = pick(_data.LAST_NAMES)
            if k == 0:
                return f"{last} & {other} Associates"
            if k == 1:
                return f"{last}, {other} and Partners"  # a comma: quoted in the CSV
            return f"{city} {pick(('Cardiology', 'Orthopedics', 'Pediatrics'))} Group"
        if kind == "PHARM":
            if k == 0:
                return f"{last} Pharmacy"
            return f"{pick(_data.PHARMACY_CHAINS)} #{1 + int(self.rng.random() * 19999)}"
        if kind == "UNIV":
            return f"University of {_data.STATE_NAMES[state.code]} School of Medicine"
        if kind == "GOV":
            return f"{_data.STATE_NAMES[state.code]} Department of Health"
        if kind == "NH":
            return f"{pick(_data.TREES)} Nursing and Rehabilitation Center"
        return {
            "LAB": f"{city} Clinical Laboratory",
            "HHA": f"{city} Home Health Services",
            "ASC": f"{city} Surgery Center",
            "IDN": f"{city} Health System",
        }.get(kind, f"{last} Medical Group, Inc.")

    def gen_hco(self, j: int) -> None:
        r = self.rng.random
        pick = self.pick
        counts = self.counts
        hits = self.sched_hco.step()
        state = pick(self.states)
        vid = self.vids.next()
        kind = pick(self.hco_types)
        name = self.hco_name(kind, state)
        npi = npi_for("2", j, self.npi_offset_hco)
        phone = self.phone(state)
        modified = pick(self.modified_dates)
        if hits:
            if "hco.npi_num__v:check_digit" in hits:
                npi = broken_npi(npi)
                counts["hco.npi_num__v:check_digit"] += 1
            if "hco.hco_type__v:unknown_code" in hits:
                kind = pick(UNKNOWN_CODES["hco_type__v"])
                counts["hco.hco_type__v:unknown_code"] += 1
            if "hco.phone_1__v:format" in hits:
                phone = self.bad_phone(state)
                counts["hco.phone_1__v:format"] += 1
            if "hco.modified_date__v:invalid_date" in hits:
                modified = pick(self.bad_modified_dates)
                counts["hco.modified_date__v:invalid_date"] += 1
            status, record_state = "A", "VALID"
        else:
            status = "A" if r() < 0.93 else "I"
            record_state = pick(self.record_states)
        self.rows["hco"] += 1
        self.w_hco([vid, name, kind, status, record_state, npi, phone, modified])
        if record_state == "VALID":
            if status == "A":
                self.active_hcos.setdefault(state.code, []).append(vid)
                self.all_active_hcos.append(vid)
            else:
                self.inactive_hcos.append(vid)
        self.address(vid, state, 1)

    def gen_hcp(self, i: int) -> None:
        r = self.rng.random
        counts = self.counts
        hits = self.sched_hcp.step()

        profile = self.profiles[int(r() * 1000)]
        _, grouping, _, hcp_type, title_share, dea_letters = profile
        u = r()
        gender = "F" if u < 0.52 else "M" if u < 0.99 else "U"
        names = _data.FEMALE_FIRST if gender == "F" or (u >= 0.995) else _data.MALE_FIRST
        first = names[int(r() * len(names))]
        last_names = _data.LAST_NAMES
        last = last_names[int(r() * len(last_names))]
        u = r()
        middle = (
            chr(65 + int(r() * 26)) if u < 0.35 else names[int(r() * len(names))] if u < 0.5 else ""
        )
        degrees = self.degrees[grouping]
        degree = degrees[int(r() * len(degrees))]
        if title_share:
            prefix = "DR" if r() < title_share else ""
        else:
            prefix = ("MS" if gender == "F" else "MR") if r() < 0.15 else ""
        suffix = ("JR", "SR", "II", "III")[int(r() * 4)] if r() < 0.03 else ""
        codes = self.taxonomy_by_grouping[grouping]
        taxonomy = codes[int(r() * len(codes))]
        state = self.states[int(r() * 4000)]
        vid = self.vids.next()
        npi = npi_for("1", i, self.npi_offset_hcp)
        modified = self.modified_dates[int(r() * len(self.modified_dates))]
        email = self.email(first, last) if r() < 0.5 else ""

        if hits:
            pick = self.pick
            if "hcp.npi_num__v:check_digit" in hits:
                npi = broken_npi(npi)
                counts["hcp.npi_num__v:check_digit"] += 1
            elif "hcp.npi_num__v:duplicate" in hits and self.dup_source is not None:
                npi = self.dup_source
                self.dup_source = None  # each source NPI is shared by exactly one pair
                counts["hcp.npi_num__v:duplicate"] += 1
                counts["hcp.npi_num__v:duplicate_rows"] += 2
            if "hcp.email_1__v:format" in hits:
                email = self.bad_email(first, last)
                counts["hcp.email_1__v:format"] += 1
            if "hcp.last_name__v:missing" in hits:
                last = ""
                counts["hcp.last_name__v:missing"] += 1
            if "hcp.first_name__v:blank" in hits:
                first = pick((" ", "  ", "   ", "\t "))
                counts["hcp.first_name__v:blank"] += 1
            if "hcp.picklist:unknown_code" in hits:
                field = pick(("gender__v", "hcp_type__v", "medical_degree_1__v"))
                code = pick(UNKNOWN_CODES[field])
                if field == "gender__v":
                    gender = code
                elif field == "hcp_type__v":
                    hcp_type = code
                else:
                    degree = code
                counts[f"hcp.{field}:unknown_code"] += 1
            if "hcp.specialty_1__v:unknown_taxonomy" in hits:
                taxonomy = pick((taxonomy[:-1] + "Z", taxonomy[:9]))
                counts["hcp.specialty_1__v:unknown_taxonomy"] += 1
            if "hcp.modified_date__v:invalid_date" in hits:
                modified = pick(self.bad_modified_dates)
                counts["hcp.modified_date__v:invalid_date"] += 1
            elif "hcp.modified_date__v:stale" in hits:
                modified = pick(self.stale_dates)
                counts["hcp.modified_date__v:stale"] += 1
            status, record_state = "A", "VALID"
        else:
            status = "A" if r() < 0.92 else "I"
            record_state = self.record_states[int(r() * 1000)]
            if status == "A" and record_state == "VALID":
                self.dup_source = npi
        self.rows["hcp"] += 1
        self.w_hcp(
            [
                vid,
                first,
                middle,
                last,
                prefix,
                suffix,
                gender,
                hcp_type,
                status,
                record_state,
                npi,
                degree,
                taxonomy,
                email,
                modified,
            ]
        )

        # Addresses: 1 (60%), 2 (30%) or 3 (10%); later ones sometimes in another state.
        line1 = self.address(vid, state, 1)
        u = r()
        if u >= 0.6:
            other = state if r() < 0.8 else self.pick(self.states)
            line2 = self.address(vid, other, 2, (line1,))
            if u >= 0.9:
                other = state if r() < 0.8 else self.pick(self.states)
                self.address(vid, other, 3, (line1, line2))

        # Licenses: a state license for all but students and business professionals; then a
        # DEA registration for most prescribers, sometimes a second state or a CSR.
        if profile[3] in ("P", "N"):
            surname = self.folded.get(last, "")
            self.license(vid, "STATE", state, surname)
            if dea_letters and r() < 0.62:
                self.license(vid, "DEA", state, surname, dea_letters)
                if r() < 0.12:
                    self.license(vid, "CSR", state, surname)
            elif r() < (0.12 if dea_letters else 0.2):
                self.license(vid, "STATE", self.pick(self.states), surname)

        # Affiliations: 0 (35%), 1 (50%) or 2 (15%).
        u = r()
        if u >= 0.35:
            self.affiliation(vid, state, primary=True)
            if u >= 0.85:
                self.affiliation(vid, state, primary=False)

    def email(self, first: str, last: str) -> str:
        r = self.rng.random
        fa, la = self.folded[first], self.folded[last]
        k = int(r() * 4)
        if k == 0:
            local = f"{fa}.{la}"
        elif k == 1:
            local = f"{fa[:1]}{la}"
        elif k == 2:
            local = f"{fa}{la[:1]}"
        else:
            local = f"{fa}.{la}{int(r() * 99)}"
        domains = _data.EMAIL_DOMAINS if r() < 0.6 else _data.HCO_EMAIL_DOMAINS
        return f"{local}@{domains[int(r() * len(domains))]}"

    def bad_email(self, first: str, last: str) -> str:
        good = self.email(first, last)
        local, _, domain = good.partition("@")
        k = int(self.rng.random() * 5)
        return (
            f"{local}@",
            f"{local}@@{domain}",
            f"{self.folded[first]} {self.folded[last]}@{domain}",
            f"{local}{domain}",
            f"@{domain}",
        )[k]

    def license(
        self, entity: str, kind: str, state: _data.State, surname: str, dea_letters: str = ""
    ) -> None:
        r = self.rng.random
        counts = self.counts
        hits = self.sched_license.step()
        if kind == "DEA":
            dea_hits = self.sched_dea.step()
            self.dea_seq = (self.dea_seq + 7919) % 10**6  # 7919 is coprime to 10^6
            digits = f"{self.dea_seq:06d}"
            check = dea_check_digit(digits)
            if dea_hits:
                check = (check + 1 + int(r() * 9)) % 10
                counts["license.license_number__v:dea_check_digit"] += 1
            letter = dea_letters[int(r() * len(dea_letters))]
            number = f"{letter}{(surname[:1] or '9').upper()}{digits}{check}"
            body = "DEA"
            schedule = self.drug_schedules[int(r() * 1000)]
        else:
            dea_hits = NO_HITS
            u = r()
            self.license_seq = n = (self.license_seq + 3_141_593) % 10**7  # coprime to 10^7
            if u < 0.3:
                number = f"{state.code}{n:07d}"
            elif u < 0.6:
                number = f"{chr(65 + n % 26)}{n:07d}"
            else:
                number = f"{n:07d}"
            body = "US-" + state.code
            schedule = self.drug_schedules[int(r() * 1000)] if kind == "CSR" else ""

        if hits:
            if "license.expiration_date__v:expired_active" in hits:
                expiry = self.expiry(future=False)  # an invalid-date hit on this row is dropped
                counts["license.expiration_date__v:expired_active"] += 1
            elif "license.expiration_date__v:invalid_date" in hits:
                expiry = self.pick(self.bad_expiry_dates)
                counts["license.expiration_date__v:invalid_date"] += 1
            else:
                expiry = self.expiry(future=True)
            if "license.entity_vid__v:orphan" in hits:
                entity = self.vids.ghost()
                counts["license.entity_vid__v:orphan"] += 1
            status, record_state = "A", "VALID"
        elif dea_hits:
            expiry = self.expiry(future=True)
            status, record_state = "A", "VALID"
        else:
            expiry = self.expiry()
            status = "I" if expiry < self.as_of_iso or r() < 0.04 else "A"
            record_state = self.record_states[int(r() * 1000)]
        self.rows["license"] += 1
        self.w_license(
            [
                self.vids.next(),
                entity,
                number,
                body,
                kind,
                status,
                expiry,
                schedule,
                record_state,
            ]
        )

    def affiliation(self, entity: str, state: _data.State, *, primary: bool) -> None:
        r = self.rng.random
        counts = self.counts
        hits = self.sched_parenthco.step()
        rel = self.relationships[int(r() * 1000)]
        pool = self.active_hcos.get(state.code) or self.all_active_hcos
        parent = pool[int(r() * len(pool))]
        if hits:
            if "parenthco.parent_hco_vid__v:missing" in hits:
                parent = self.vids.ghost()
                counts["parenthco.parent_hco_vid__v:missing"] += 1
            elif "parenthco.parent_hco_vid__v:inactive" in hits and self.inactive_hcos:
                parent = self.pick(self.inactive_hcos)
                counts["parenthco.parent_hco_vid__v:inactive"] += 1
            if "parenthco.relationship_type__v:unknown_code" in hits:
                rel = self.pick(UNKNOWN_CODES["relationship_type__v"])
                counts["parenthco.relationship_type__v:unknown_code"] += 1
            status, record_state = "A", "VALID"
        else:
            status = "A" if r() < 0.95 else "I"
            record_state = self.record_states[int(r() * 1000)]
        self.rows["parenthco"] += 1
        self.w_parenthco(
            [
                self.vids.next(),
                entity,
                parent,
                status,
                rel,
                "Y" if primary else "N",
                record_state,
            ]
        )

    # -- driver ------------------------------------------------------------------------------
    def run(self, out: Path, progress: Callable[[int], None] | None = None) -> dict[str, Any]:
        out.mkdir(parents=True, exist_ok=True)
        (out / "manifest.json").unlink(missing_ok=True)  # written last: present means complete
        model = load_model()
        with ExitStack() as stack:
            writers: dict[str, Callable[[list[str]], object]] = {}
            for name in OBJECTS:
                path = out / f"{name}.csv"
                f = stack.enter_context(
                    path.open("w", encoding="utf-8", newline="", buffering=1 << 20)
                )
                writers[name] = row_writer(f, FIELDS[name], model.object(name).field_names)
            self.w_hco, self.w_hcp = writers["hco"], writers["hcp"]
            self.w_address, self.w_license = writers["address"], writers["license"]
            self.w_parenthco = writers["parenthco"]
            for j in range(self.hcos):
                self.gen_hco(j)
            if not self.all_active_hcos:
                raise RuntimeError("No active, valid HCO was generated; use more HCPs.")
            step = 10_000
            for start in range(0, self.hcps, step):
                for i in range(start, min(start + step, self.hcps)):
                    self.gen_hcp(i)
                if progress is not None:
                    progress(min(start + step, self.hcps))
        manifest = {
            "manifest_version": MANIFEST_VERSION,
            "generator": "bench/generate.py",
            "hcps": self.hcps,
            "seed": self.seed,
            "defect_rate": self.rate,
            "as_of": self.as_of_iso,
            "rows": dict(self.rows),
            "defects": dict(self.counts),
            "defect_totals": self._totals(),
            "descriptions": DEFECTS,
        }
        (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", "utf-8")
        return manifest

    def _totals(self) -> dict[str, int]:
        """Injected defects per object (duplicate rows not double-counted)."""
        totals = dict.fromkeys(OBJECTS, 0)
        for key, n in self.counts.items():
            if not key.endswith(":duplicate_rows"):
                totals[key.split(".", 1)[0]] += n
        return totals


def generate(
    out: Path,
    hcps: int,
    *,
    seed: int = 7,
    defect_rate: float = 0.02,
    as_of: date = DEFAULT_AS_OF,
    show_progress: bool = True,
) -> dict[str, Any]:
    """Write the five CSVs and manifest.json into `out`; return the manifest."""
    gen = Generator(hcps, seed, defect_rate, as_of)
    if not show_progress:
        return gen.run(out)
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    with Progress(
        TextColumn("generating HCPs"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task("hcps", total=hcps)
        return gen.run(out, lambda done: bar.update(task, completed=done))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Generate Veeva OpenData-shaped benchmark CSVs with counted defects."
    )
    parser.add_argument("--hcps", type=int, required=True, help="number of HCPs (HCOs: N/10)")
    parser.add_argument("--out", type=Path, required=True, help="output folder")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--defect-rate",
        type=float,
        default=0.02,
        help="probability of each defect kind per eligible row (default 0.02)",
    )
    parser.add_argument(
        "--as-of",
        type=date.fromisoformat,
        default=DEFAULT_AS_OF,
        help="the as-of date validation will use: licenses expire and records go stale"
        " against it (default 2026-01-01)",
    )
    parser.add_argument("--no-progress", action="store_true")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        manifest = generate(
            args.out,
            args.hcps,
            seed=args.seed,
            defect_rate=args.defect_rate,
            as_of=args.as_of,
            show_progress=not args.no_progress,
        )
    except ValueError as exc:
        parser.error(str(exc))
    elapsed = time.perf_counter() - started
    rows = manifest["rows"]
    total = sum(rows.values())
    print(
        f"Wrote {total:,} rows to {args.out} in {elapsed:.1f} s ({total / elapsed:,.0f} rows/s):"
        + "".join(f" {k} {v:,}" for k, v in rows.items())
    )
    width = max(len(k) for k in DEFECTS)
    print("Injected defects:")
    for key, n in manifest["defects"].items():
        print(f"  {key:<{width}} {n:>9,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
