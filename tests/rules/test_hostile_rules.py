"""Hostile custom rules and column names are rejected with clear errors, never executed."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from tests.conftest import insert
from veeva_dq.cli import app

BASE = {"object": "hcp", "dimension": "validity", "severity": "error", "description": "d"}

# (rule fields, the words the error must contain)
CORPUS: list[tuple[dict[str, object], str]] = [
    ({"kind": "expression", "params": {"fail_when": "1 = 1; DROP TABLE hcp"}},
     "holds 2 statements"),
    ({"kind": "expression", "params": {"fail_when": "last_name__v = ''; DELETE FROM hcp --"}},
     "holds 2 statements"),
    ({"kind": "expression",
      "params": {"fail_when": "npi_num__v IN (SELECT npi FROM npi_deactivation)"}},
     "contains a subquery"),
    ({"kind": "expression", "params": {"fail_when": "EXISTS (SELECT 1 FROM hco)"}},
     "contains EXISTS (a subquery)"),
    ({"kind": "expression", "params": {"fail_when": "hco.npi_num__v = npi_num__v"}},
     "refers to 'hco.npi_num__v'"),
    ({"kind": "expression", "params": {"fail_when": "sqlite_master.name = 'x'"}},
     "refers to 'sqlite_master.name'"),
    ({"kind": "expression", "params": {"fail_when": "load_extension('/tmp/x.so') = 1"}},
     "calls the function LOAD_EXTENSION"),
    ({"kind": "expression", "params": {"fail_when": "randomblob(10) = 'a'"}},
     "calls the function RANDOMBLOB"),
    ({"kind": "expression", "params": {"fail_when": "password__c = 'x'"}},
     "names column 'password__c'"),
    ({"kind": "expression", "params": {"fail_when": "\"vid__v\"\"; DROP TABLE hcp; --\" = 1"}},
     "names column"),
    ({"kind": "expression", "params": {"fail_when": "last_name__v = 'a' /* */ OR (SELECT 1)"}},
     "contains a subquery"),
    ({"kind": "expression", "params": {"fail_when": "modified_date__v < :tomorrow"}},
     "uses ':tomorrow'"),
    ({"kind": "not_null", "column": "last_name__v", "when": "1=1) OR (1=1"},
     "not valid SQL"),
    ({"kind": "not_null", "column": "last_name__v", "when": "(SELECT count(*) FROM hcp) > 0"},
     "contains a subquery"),
    ({"kind": "not_null", "column": "last_name__v\"; DROP TABLE hcp; --"},
     "Unknown column of hcp 'last_name__v\"; DROP TABLE hcp; --'"),
    ({"kind": "not_null", "column": "last_nme__v"},
     "Did you mean last_name__v?"),
    ({"kind": "not_nul", "column": "last_name__v"},
     "Unknown rule kind 'not_nul'. Did you mean not_null?"),
    ({"kind": "regex", "column": "email_1__v", "params": {"pattern": "(unclosed"}},
     "is not a valid regular expression"),
    ({"kind": "in_set", "column": "gender__v", "params": {"picklist": "genders"}},
     "Did you mean gender?"),
]


def _write_pack(tmp_path: Path, fields: dict[str, object]) -> Path:
    pack = tmp_path / "hostile.yaml"
    pack.write_text(yaml.safe_dump({"rules": [{"id": "hostile", **BASE, **fields}]}),
                    encoding="utf-8")
    return pack


@pytest.mark.parametrize(("fields", "words"), CORPUS, ids=[f"h{i}" for i in range(len(CORPUS))])
def test_hostile_rule_is_rejected_and_never_runs(
    fields: dict[str, object], words: str, tmp_path: Path,
    empty_db: tuple[Path, sqlite3.Connection],
) -> None:
    path, conn = empty_db
    insert(conn, "hcp", {"vid__v": "H1", "last_name__v": "Lee"})
    pack = _write_pack(tmp_path, fields)
    runner = CliRunner()
    lint = runner.invoke(app, ["rules", "lint", str(pack)])
    assert lint.exit_code == 2
    assert words in " ".join(lint.output.split())
    res = runner.invoke(app, ["validate", "--rules", str(pack), "--rule", "all", "--db",
                              str(path), "--no-progress"])
    assert res.exit_code == 2
    assert "Traceback" not in res.output
    # Nothing ran: no run was recorded and the data is untouched.
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if "vdq_run" in tables:
        assert conn.execute("SELECT count(*) FROM vdq_run").fetchone() == (0,)
    assert conn.execute("SELECT vid__v, last_name__v FROM hcp").fetchall() == [("H1", "Lee")]
    assert {"hcp", "hco", "address", "license", "parenthco"} <= tables


def test_hostile_column_names_in_data_are_quoted(
    tmp_path: Path, empty_db: tuple[Path, sqlite3.Connection]
) -> None:
    path, conn = empty_db
    data = tmp_path / "x"
    data.mkdir()
    (data / "hcp.csv").write_text(
        'vid__v,last_name__v,first_name__v,"x""; DROP TABLE hcp; --",a b/*c*/\n'
        "H9,Ng,Al,'); DELETE FROM hcp; --,v\n",
        encoding="utf-8",
    )
    runner = CliRunner()
    res = runner.invoke(app, ["ingest", str(data), "--format", "veeva", "--db", str(path),
                              "--no-progress"])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["validate", "--rule", "hcp", "--db", str(path), "--no-progress"])
    assert res.exit_code in (0, 1), res.output
    assert conn.execute('SELECT "x""; DROP TABLE hcp; --", "a b/*c*/" FROM hcp').fetchall() == [
        ("'); DELETE FROM hcp; --", "v")]
