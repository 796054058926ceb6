"""The plan cache: a plan compiled once is read back by later runs with the same inputs,
gives the same stored issues, is compiled again when an input changes or the file is
damaged, and a run from the cache never loads the compiler."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SAMPLES
from veeva_dq._plan import JobSpec, Plan, PlanCache, _header, cache_folder
from veeva_dq.model import Model
from veeva_dq.rules import Rule
from veeva_dq.validate import ValidationResult, run_validation

NPPES = SAMPLES / "nppes_npidata_2016_first10k_41cols.csv"


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real NPPES sample, ingested once."""
    db = tmp_path_factory.mktemp("plan") / "data.db"
    subprocess.run([sys.executable, "-m", "veeva_dq", "ingest", str(NPPES), "--format", "nppes",
                    "--db", str(db), "--no-progress"], check=True, capture_output=True)
    return db


def _validate(db: Path, rules: list[Rule], model: Model, as_of: date = date(2026, 1, 1)
              ) -> ValidationResult:
    return run_validation(db=db, rules=rules, model=model, as_of=as_of, selector="all",
                          rules_version="test")


def _planned(result: ValidationResult) -> str:
    return next(label for label, _ in result.timings if label.startswith("plan: "))


def _issues(db: Path, run_id: int) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as conn:
        return sorted(conn.execute(
            'SELECT rule_id, record_id, "column", value, message, issue_key, status'
            " FROM vdq_issue WHERE run_id = ?", (run_id,)).fetchall())


def test_a_second_run_reads_the_plan_and_stores_the_same_issues(
        loaded: Path, tmp_path: Path, model: Model, builtin_rules: dict[str, Rule],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VDQ_CACHE_DIR", str(tmp_path / "cache"))
    db = tmp_path / "data.db"
    db.write_bytes(loaded.read_bytes())
    rules = list(builtin_rules.values())
    first = _validate(db, rules, model)
    second = _validate(db, rules, model)
    assert _planned(first) == "plan: compile the rules"
    assert _planned(second) == "plan: read from the plan cache"
    plans = list((tmp_path / "cache" / "plans").glob("*.json"))
    assert len(plans) == 1
    assert first.results == second.results
    assert first.issues == second.issues > 0
    # Same rows, each issue open in the second run instead of new.
    again = [(*row[:-1], "new") for row in _issues(db, second.run_id)]
    assert again == _issues(db, first.run_id)
    # A changed input is another plan: the date rules compare against another day.
    later = _validate(db, rules, model, as_of=date(2026, 6, 30))
    assert _planned(later) == "plan: compile the rules"
    assert len(list((tmp_path / "cache" / "plans").glob("*.json"))) == 2


def _damage_body(text: str, body: str) -> str:
    """The plan file with another body, under a header that matches it (fingerprint and
    checksum): what only the checks of the body itself can refuse."""
    key = text.split(" ")[3]
    return _header(key, body) + "\n" + body


@pytest.mark.parametrize("damage", [
    lambda t: t[:100],  # cut short
    lambda t: t.replace("SELECT", "SELEC", 1),  # the SQL changed: the checksum says so
    lambda t: "",
    lambda t: "\x00" * 50,
    lambda t: _damage_body(t, "null"),  # valid JSON, not a plan
    lambda t: _damage_body(t, "[1]"),
    lambda t: _damage_body(t, '{"format":1,"jobs":[],"reads":{},"in_sql":false}'),
    lambda t: _damage_body(t, re.sub(r'"weight":[0-9.]+', '"weight":"x"',
                                     t.partition("\n")[2], count=1)),
], ids=["cut", "sql", "empty", "nul", "null", "list", "no-jobs", "weight"])
def test_a_damaged_plan_is_compiled_again(loaded: Path, tmp_path: Path, model: Model,
                                           builtin_rules: dict[str, Rule],
                                           monkeypatch: pytest.MonkeyPatch,
                                           damage: Any) -> None:
    monkeypatch.setenv("VDQ_CACHE_DIR", str(tmp_path / "cache"))
    db = tmp_path / "data.db"
    db.write_bytes(loaded.read_bytes())
    rules = [r for r in builtin_rules.values() if r.object == "hcp"]
    first = _validate(db, rules, model)
    (plan,) = (tmp_path / "cache" / "plans").glob("*.json")
    plan.write_text(damage(plan.read_text("utf-8")), "utf-8")
    second = _validate(db, rules, model)
    assert _planned(second) == "plan: compile the rules"
    assert [(r.rule_id, r.checked, r.failed) for r in second.results] == [
        (r.rule_id, r.checked, r.failed) for r in first.results]
    third = _validate(db, rules, model)  # the file was written whole again
    assert _planned(third) == "plan: read from the plan cache"


def test_a_plan_of_other_rules_is_not_used(tmp_path: Path) -> None:
    plan = Plan([JobSpec("scan hcp", "scan", "hcp", 0.1, sql="SELECT 1", checked={"a": 0})],
                {"a": ["hcp"]}, False)
    assert plan.fits(["a"])
    assert not plan.fits(["a", "b"])
    assert not plan.fits(["b"])


def test_the_cache_can_be_turned_off(loaded: Path, tmp_path: Path, model: Model,
                                     builtin_rules: dict[str, Rule],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VDQ_CACHE_DIR", "off")
    assert cache_folder() is None
    db = tmp_path / "data.db"
    db.write_bytes(loaded.read_bytes())
    rules = [r for r in builtin_rules.values() if r.object == "hco"]
    assert _planned(_validate(db, rules, model)) == "plan: compile the rules"
    assert _planned(_validate(db, rules, model)) == "plan: compile the rules"


def test_a_cache_folder_that_cannot_be_written_is_named_in_a_warning(
        loaded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", "utf-8")
    cache = PlanCache(blocker / "plans")
    assert cache.save("k", Plan([], {}, False)) == f"Not a directory: {blocker / 'plans'}"
    assert cache.load("k") is None
    db = tmp_path / "data.db"
    db.write_bytes(loaded.read_bytes())
    done = subprocess.run([sys.executable, "-m", "veeva_dq", "validate", "--rule", "npi",
                           "--db", str(db), "--no-progress", "--as-of", "2026-01-01"],
                          capture_output=True, text=True,
                          env={**os.environ, "VDQ_CACHE_DIR": str(blocker)})
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == (
        f"Warning: the plan cache '{blocker / 'plans'}' cannot be written (Not a directory:"
        f" {blocker / 'plans'}), so every run compiles its rules; set VDQ_CACHE_DIR to a"
        " folder you can write, or to off.")


def test_plan_files_are_readable_by_others_as_the_umask_allows(tmp_path: Path) -> None:
    cache = PlanCache(tmp_path / "plans")
    old = os.umask(0o022)
    try:
        assert cache.save("k", Plan([], {}, False)) is None
    finally:
        os.umask(old)
    assert (tmp_path / "plans" / "k.json").stat().st_mode & 0o777 == 0o644
    assert cache.load("k") == Plan([], {}, False)


def test_a_plan_anyone_could_change_or_that_is_no_file_is_not_read(tmp_path: Path) -> None:
    cache = PlanCache(tmp_path / "plans")
    plan = Plan([], {}, False)
    assert cache.save("k", plan) is None
    path = tmp_path / "plans" / "k.json"
    path.chmod(0o664)  # a team's group-writable file is read
    assert cache.load("k") == plan
    path.chmod(0o666)  # a world-writable one is not: anyone could have put SQL in it
    assert cache.load("k") is None
    path.unlink()
    os.mkfifo(path)  # never opened for reading in a way that waits for a writer
    assert cache.load("k") is None
    path.unlink()
    path.symlink_to("/dev/zero")
    assert cache.load("k") is None


def test_the_default_folder_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path
                                        ) -> None:
    monkeypatch.delenv("VDQ_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_folder() == tmp_path / "veeva-dq" / "plans"


_PROBE = """
import sys
from veeva_dq.cli import main
try:
    main()
except SystemExit as exc:
    code = exc.code
print("SQLGLOT" if "sqlglot" in sys.modules else "NO-SQLGLOT", file=sys.stderr)
sys.exit(code)
"""


@pytest.mark.parametrize("engine", ["sqlite", "duckdb"])
def test_a_run_from_the_cache_never_loads_the_compiler(loaded: Path, tmp_path: Path,
                                                        engine: str) -> None:
    env = {**os.environ, "VDQ_CACHE_DIR": str(tmp_path / "cache")}
    data = tmp_path / "data.db"
    data.write_bytes(loaded.read_bytes())
    args = ["validate", "--rule", "all", "--as-of", "2026-01-01", "--no-progress",
            "--format", "json"]
    if engine == "duckdb":
        duck = tmp_path / "warehouse.duckdb"
        subprocess.run([sys.executable, "-m", "veeva_dq", "publish", "--target",
                        f"duckdb:///{duck}", "--db", str(data), "--no-progress"], check=True,
                       capture_output=True)
        args += ["--source", str(duck), "--db", str(tmp_path / "r.db")]
    else:
        args += ["--db", str(data)]
    runs = [subprocess.run([sys.executable, "-c", _PROBE, *args], capture_output=True,
                           text=True, env=env, cwd=tmp_path) for _ in range(2)]
    assert [r.returncode for r in runs] == [1, 1], runs[1].stderr  # real data fails rules
    assert [r.stderr.strip().splitlines()[-1] for r in runs] == ["SQLGLOT", "NO-SQLGLOT"]
    first, second = (json.loads(r.stdout) for r in runs)
    assert [(r["rule_id"], r["failed"]) for r in first["rules"]] == [
        (r["rule_id"], r["failed"]) for r in second["rules"]]
