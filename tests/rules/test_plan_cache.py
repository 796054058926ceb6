"""The plan cache: a plan compiled once is read back by later runs with the same inputs,
gives the same stored issues, is compiled again when an input changes or the file is
damaged, and a run from the cache never loads the compiler."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import SAMPLES
from veeva_dq._plan import Plan, PlanCache, cache_folder
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


def test_a_damaged_plan_is_compiled_again(loaded: Path, tmp_path: Path, model: Model,
                                           builtin_rules: dict[str, Rule],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VDQ_CACHE_DIR", str(tmp_path / "cache"))
    db = tmp_path / "data.db"
    db.write_bytes(loaded.read_bytes())
    rules = [r for r in builtin_rules.values() if r.object == "hcp"]
    first = _validate(db, rules, model)
    (plan,) = (tmp_path / "cache" / "plans").glob("*.json")
    plan.write_text(plan.read_text("utf-8")[:100], "utf-8")  # cut short
    second = _validate(db, rules, model)
    assert _planned(second) == "plan: compile the rules"
    assert Plan.from_json(plan.read_text("utf-8")).jobs  # written whole again
    assert [(r.rule_id, r.failed) for r in second.results] == [
        (r.rule_id, r.failed) for r in first.results]


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


def test_a_cache_folder_that_cannot_be_written_only_means_compiling(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", "utf-8")
    cache = PlanCache(blocker / "plans")
    cache.save("k", Plan([], {}, False))  # no error
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
