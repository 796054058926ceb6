"""The twelve checks of the peer benchmark, written once as data.

Every tool runs these twelve checks on table `hcp`; this module turns them into a veeva-dq
rule pack (YAML) and into the JSON spec the peer scripts read (`peer_*.py` run inside each
peer's own virtual environment and import nothing from the repository). The floor query
(`floor.sql`) is written by hand from the same list; the harness checks that it agrees.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

TABLE = "hcp"
PACK_NAME = "peers"
# Bump when make_data.py would write different data for the same arguments.
GENERATOR_VERSION = 1

# Columns of the generated table, all VARCHAR, in this order: the veeva-dq model's hcp fields.
COLUMNS = (
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
)

NPI_REGEX = "^[0-9]{10}$"
# Anchored, and the same in RE2 (DuckDB), Python `re` (pandas) and PCRE.
EMAIL_REGEX = "^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}$"
HCP_TYPES = ("P", "N", "S", "B")
HCP_STATUSES = ("A", "I")
GENDERS = ("M", "F", "U")
MAX_LAST_NAME = 100


@dataclass(frozen=True)
class Check:
    id: str
    kind: str  # not_null | unique | in_set | regex | length
    column: str
    values: tuple[str, ...] = ()
    pattern: str = ""
    max_length: int = 0


CHECKS: tuple[Check, ...] = (
    Check("vid_not_null", "not_null", "vid__v"),
    Check("npi_not_null", "not_null", "npi_num__v"),
    Check("last_name_not_null", "not_null", "last_name__v"),
    Check("first_name_not_null", "not_null", "first_name__v"),
    Check("vid_unique", "unique", "vid__v"),
    Check("npi_unique", "unique", "npi_num__v"),
    Check("hcp_type_in_set", "in_set", "hcp_type__v", values=HCP_TYPES),
    Check("hcp_status_in_set", "in_set", "hcp_status__v", values=HCP_STATUSES),
    Check("gender_in_set", "in_set", "gender__v", values=GENDERS),
    Check("npi_regex", "regex", "npi_num__v", pattern=NPI_REGEX),
    Check("email_regex", "regex", "email_1__v", pattern=EMAIL_REGEX),
    Check("last_name_length", "length", "last_name__v", max_length=MAX_LAST_NAME),
)

CHECK_IDS = tuple(c.id for c in CHECKS)

_DIMENSION = {
    "not_null": "completeness",
    "unique": "uniqueness",
    "in_set": "validity",
    "regex": "validity",
    "length": "validity",
}


def rule_id(check: Check) -> str:
    return f"{PACK_NAME}_{check.id}"


def pack_yaml() -> str:
    """The twelve checks as a veeva-dq rule pack (see docs/rule-packs.md). Strings are
    written as JSON strings, which YAML reads as double-quoted scalars."""
    q = json.dumps
    lines = [f"name: {PACK_NAME}", 'version: "1"', "rules:"]
    for c in CHECKS:
        lines += [
            f"  - id: {rule_id(c)}",
            f"    object: {TABLE}",
            f"    kind: {c.kind}",
            f"    column: {c.column}",
            f"    dimension: {_DIMENSION[c.kind]}",
            "    severity: error",
            f"    description: {q(f'Benchmark check {c.id}.')}",
        ]
        if c.kind == "in_set":
            lines.append(f"    params: {{values: [{', '.join(q(v) for v in c.values)}]}}")
        elif c.kind == "regex":
            lines.append(f"    params: {{pattern: {q(c.pattern)}}}")
        elif c.kind == "length":
            lines.append(f"    params: {{max: {c.max_length}}}")
    return "\n".join(lines) + "\n"


def spec_json() -> str:
    """The checks for the peer scripts: a list of plain objects."""
    return json.dumps(
        {"table": TABLE, "checks": [asdict(c) for c in CHECKS]}, indent=1, sort_keys=True
    )
