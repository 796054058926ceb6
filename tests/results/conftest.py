"""A small Veeva dataset with known defects, loaded and validated through the CLI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from veeva_dq.cli import app
from veeva_dq.results import issue_key

HCP_HEADER = (
    "vid__v,first_name__v,last_name__v,npi_num__v,hcp_status__v,record_state__v,"
    "modified_date__v"
)
ADDRESS_HEADER = (
    "vid__v,entity_vid__v,address_line_1__v,locality__v,administrative_area__v,"
    "postal_code__v,country__v,address_status__v,record_state__v"
)
# Defects: H2 has no last name, H3's NPI is not ten digits, A2's state is not a US state,
# A3 belongs to an HCP that does not exist. 1234567893 and 1234567802 are valid NPIs.
HCP = {
    "H1": "H1,ANN,LEE,1234567893,A,VALID,2025-06-01",
    "H2": "H2,BOB,,1234567802,A,VALID,2025-06-01",
    "H3": "H3,CY,DOE,12345,A,VALID,2025-06-01",
}
ADDRESS = {
    "A1": "A1,H1,1 Main St,Boston,US-MA,02110,US,A,VALID",
    "A2": "A2,H2,2 Main St,Boston,US-ZZ,02110,US,A,VALID",
    "A3": "A3,H9,3 Main St,Boston,US-MA,02110,US,A,VALID",
}
# (rule, object, record, column) of each failure the data can produce.
FAILURES = {
    "H1 npi": ("hcp_npi_format", "hcp", "H1", "npi_num__v"),
    "H2 last name": ("hcp_last_name_required", "hcp", "H2", "last_name__v"),
    "H3 npi": ("hcp_npi_format", "hcp", "H3", "npi_num__v"),
    "A2 state": ("address_us_state_valid", "address", "A2", "administrative_area__v"),
    "A3 owner": ("address_owner_exists", "address", "A3", "entity_vid__v"),
}
KEY = {name: issue_key(*parts) for name, parts in FAILURES.items()}


def cli(*args: str) -> tuple[int, str]:
    """Exit code and output (stdout and stderr) of the command; a crash is raised."""
    res = CliRunner().invoke(app, list(args))
    if res.exception is not None and not isinstance(res.exception, SystemExit):
        raise res.exception
    return res.exit_code, res.output


class Veeva:
    """The dataset in tmp_path, its database, and the commands a steward runs on it."""

    def __init__(self, tmp_path: Path) -> None:
        self.dir = tmp_path / "extract"
        self.dir.mkdir()
        self.db = str(tmp_path / "vdq.db")
        self.hcp = dict(HCP)
        self.address = dict(ADDRESS)

    def load(self) -> None:
        """Write both files and ingest them (an upsert by vid__v)."""
        (self.dir / "hcp.csv").write_text(
            "\n".join([HCP_HEADER, *self.hcp.values()]) + "\n", encoding="utf-8")
        (self.dir / "address.csv").write_text(
            "\n".join([ADDRESS_HEADER, *self.address.values()]) + "\n", encoding="utf-8")
        code, out = cli("ingest", str(self.dir), "--format", "veeva", "--db", self.db,
                        "--no-progress")
        assert code == 0, out

    def validate(self, rule: str = "all") -> dict[str, Any]:
        """Run validate and return its JSON document."""
        code, out = cli("validate", "--rule", rule, "--db", self.db, "--as-of", "2026-01-01",
                        "--format", "json", "--no-progress")
        assert code in (0, 1), out
        doc: dict[str, Any] = json.loads(out)
        return doc

    def json(self, *args: str) -> Any:
        code, out = cli(*args, "--db", self.db, "--format", "json")
        assert code == 0, out
        return json.loads(out)

    def issues(self, run: int, *extra: str) -> dict[str, str]:
        """{issue key: status} of `issues list --run RUN --limit 0 ...`."""
        doc = self.json("issues", "list", "--run", str(run), "--limit", "0", *extra)
        return {i["issue_key"]: i["status"] for i in doc["issues"]}


@pytest.fixture
def veeva(tmp_path: Path) -> Veeva:
    v = Veeva(tmp_path)
    v.load()
    return v


def keys(*names: str, status: str) -> dict[str, str]:
    return {KEY[n]: status for n in names}
