"""`veeva-dq profile` and `veeva-dq suggest` through the CLI, as a user runs them."""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import REPO, insert
from veeva_dq.cli import app
from veeva_dq.model import Model
from veeva_dq.rules import load_pack

WIDE = {"COLUMNS": "100"}


@pytest.fixture
def small_db(empty_db: tuple[Path, sqlite3.Connection]) -> Path:
    path, conn = empty_db
    for i in range(30):
        insert(conn, "hcp", {
            "vid__v": f"V{i:03}", "first_name__v": "[bold red]Ann[/]" if i == 0 else "Bo",
            "last_name__v": f"Name{i}", "npi_num__v": f"{1000000000 + i}",
            "hcp_status__v": "A", "email_1__v": None if i % 3 else f"x{i}@example.org",
            "modified_date__v": "2024-01-31" if i else "2024-02-30",
        })
    for i in range(5):
        insert(conn, "address", {"vid__v": f"A{i}", "entity_vid__v": f"V{i:03}",
                                 "postal_code__v": "02139-4307" if i % 2 else "02139",
                                 "country__v": "US"})
    return path


def test_profile_text_fits_100_columns(small_db: Path) -> None:
    res = CliRunner().invoke(app, ["profile", "--db", str(small_db)], env=WIDE)
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert max(map(len, lines)) <= 100
    assert "hcp: 30 records" in res.output
    assert "address: 5 records" in res.output
    assert "license" not in res.output  # empty objects are left out by default
    row = next(line for line in lines if line.lstrip().startswith("npi_num__v"))
    assert row.split()[:6] == ["npi_num__v", "0%", "30", "10", "1000000000", "9999999999"]
    assert "all distinct" in row
    # Data is printed as text, never read as Rich markup (the cell cuts it short).
    assert "[bold red" in res.output


def test_profile_one_object_json(small_db: Path) -> None:
    res = CliRunner().invoke(app, ["profile", "--db", str(small_db), "--object", "address",
                                   "--format", "json", "--top", "1"])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.output)
    assert doc["database"] == str(small_db)
    (obj,) = doc["objects"]
    assert (obj["object"], obj["rows"], obj["sample"]) == ("address", 5, None)
    postal = next(c for c in obj["columns"] if c["name"] == "postal_code__v")
    assert postal == {
        "name": "postal_code__v", "type": "text", "in_model": True, "nulls": 0,
        "null_pct": 0.0, "blank": 0, "distinct": 2, "min_length": 5, "max_length": 10,
        "min_value": "02139", "max_value": "02139-4307", "valid_dates": None,
        "top_values": [{"value": "02139", "count": 3}],
        "patterns": [{"pattern": "99999", "count": 3}, {"pattern": "99999-9999", "count": 2}],
    }


def test_profile_usage_errors(small_db: Path, empty_db: tuple[Path, sqlite3.Connection],
                              tmp_path: Path) -> None:
    runner = CliRunner()
    res = runner.invoke(app, ["profile", "--db", str(small_db), "--object", "hpc"])
    assert res.exit_code == 2
    assert "Unknown object 'hpc'. Did you mean hcp?" in res.output
    res = runner.invoke(app, ["profile", "--db", str(tmp_path / "none.db")])
    assert res.exit_code == 2
    assert "does not exist" in res.output
    assert not (tmp_path / "none.db").exists()


def test_profile_of_an_empty_database(empty_db: tuple[Path, sqlite3.Connection]) -> None:
    res = CliRunner().invoke(app, ["profile", "--db", str(empty_db[0])])
    assert res.exit_code == 2
    assert "holds no records" in " ".join(res.output.split())


def test_suggest_writes_a_pack_that_runs(small_db: Path, tmp_path: Path, model: Model) -> None:
    out = tmp_path / "new" / "rules" / "suggested.yaml"
    runner = CliRunner()
    res = runner.invoke(app, ["suggest", "--db", str(small_db), "--output", str(out)])
    assert res.exit_code == 0, res.output
    pack = load_pack(out, model)
    kinds: dict[str, int] = {}
    for r in pack.rules:
        kinds[r.kind.value] = kinds.get(r.kind.value, 0) + 1
        assert r.groups == ("suggested",)
        assert r.id.startswith(f"suggested_{r.object}_")
    summary = ", ".join(f"{k} {n}" for k, n in sorted(kinds.items(), key=lambda kv: -kv[1]))
    text = " ".join(res.output.split())
    assert f"Wrote {len(pack.rules)} suggested rules to {out}: {summary}." in text
    next_cmd = f"veeva-dq validate --rules {out} --db {small_db} --rule suggested"
    assert f"Next: {next_cmd}" in text
    assert out.read_text("utf-8").startswith("# Rules proposed by 'veeva-dq suggest' from")
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask  # not the temporary file's 0600
    # The next command, as printed, passes: every suggested rule holds on its own data.
    val = runner.invoke(app, [*next_cmd.split()[1:], "--no-progress", "--as-of", "2026-01-01"])
    assert val.exit_code == 0, val.output
    assert f"All {len(pack.rules)} rules passed." in val.output


def test_suggest_refuses_to_overwrite(small_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "suggested.yaml"
    out.write_text("mine\n", encoding="utf-8")
    runner = CliRunner()
    res = runner.invoke(app, ["suggest", "--db", str(small_db), "--output", str(out)])
    assert res.exit_code == 2
    assert "already exists. Use --force to overwrite it." in " ".join(res.output.split())
    assert out.read_text("utf-8") == "mine\n"
    res = runner.invoke(app, ["suggest", "--db", str(small_db), "--output", str(out),
                              "--force", "--object", "address"])
    assert res.exit_code == 0, res.output
    assert "object: address" in out.read_text("utf-8")
    assert "object: hcp" not in out.read_text("utf-8")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")) == []
    res = runner.invoke(app, ["suggest", "--db", str(small_db), "--output", str(tmp_path)])
    assert res.exit_code == 2
    assert "is a folder" in res.output


def test_suggest_include_covered(small_db: Path, tmp_path: Path, model: Model) -> None:
    runner = CliRunner()
    plain, covered = tmp_path / "plain.yaml", tmp_path / "covered.yaml"
    for out, extra in ((plain, []), (covered, ["--include-covered"])):
        res = runner.invoke(app, ["suggest", "--db", str(small_db), "--output", str(out),
                                  *extra])
        assert res.exit_code == 0, res.output
    plain_ids = {r.id for r in load_pack(plain, model).rules}
    covered_ids = {r.id for r in load_pack(covered, model).rules}
    # The built-in pack has pattern and unique rules for the HCP NPI, and requires names.
    assert covered_ids - plain_ids >= {"suggested_hcp_npi_num__v_pattern",
                                       "suggested_hcp_npi_num__v_unique",
                                       "suggested_hcp_first_name__v_not_null"}
    assert plain_ids < covered_ids


def test_suggest_into_a_folder_the_project_loads(small_db: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "veeva-dq.yaml").write_text(f"database: {small_db}\nrules: [rules/]\n",
                                           encoding="utf-8")
    monkeypatch.chdir(project)
    runner = CliRunner()
    res = runner.invoke(app, ["suggest", "--output", "rules/suggested.yaml"])
    assert res.exit_code == 0, res.output
    # The project file loads rules/ already: naming the pack again would load it twice.
    assert "Next: veeva-dq validate --rule suggested" in res.output
    val = runner.invoke(app, ["validate", "--rule", "suggested", "--no-progress"])
    assert val.exit_code == 0, val.output


def test_docs_show_the_real_output(nppes_db: Path, tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    doc = (REPO / "docs" / "profiling.md").read_text("utf-8")
    shown = re.search(r"```text\n(.*?)```", doc, flags=re.S)
    assert shown is not None
    db = tmp_path / "copy.db"
    shutil.copy(nppes_db, db)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("VDQ_DATABASE", str(db))
    res = CliRunner().invoke(app, ["suggest", "--output", "rules/suggested.yaml"],
                             env={"COLUMNS": "200"})
    assert res.exit_code == 0, res.output
    assert res.output == shown.group(1)
    readme = (REPO / "README.md").read_text("utf-8")
    for text in ("veeva-dq profile", "veeva-dq suggest", "(docs/profiling.md)"):
        assert text in readme
