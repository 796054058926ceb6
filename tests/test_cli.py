"""The command line as a user meets it: help, usage errors, exit codes, docs."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import REPO, insert
from veeva_dq.cli import app


def run(*args: str) -> tuple[int, str]:
    res = CliRunner().invoke(app, list(args))
    return res.exit_code, " ".join(res.output.split())


def test_help_lists_every_command() -> None:
    code, out = run("--help")
    assert code == 0
    for command in ("ingest", "validate", "report", "export", "rules", "runs"):
        assert command in out


def test_every_command_is_documented_in_the_readme() -> None:
    readme = (REPO / "README.md").read_text("utf-8")
    for command in ("veeva-dq ingest", "veeva-dq validate", "veeva-dq report",
                    "veeva-dq export issues", "veeva-dq rules list", "veeva-dq runs list"):
        assert command in readme


def test_every_builtin_rule_is_documented(builtin_rules: dict[str, object]) -> None:
    doc = (REPO / "docs" / "rules.md").read_text("utf-8")
    missing = [r for r in builtin_rules if f"`{r}`" not in doc]
    assert missing == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["validate", "--rule", "npii"], "Unknown rule or group 'npii'. Did you mean npi?"),
        (["validate", "--as-of", "2026-02-30"], "--as-of '2026-02-30' is not a date."),
        (["validate", "--object", "hpc"], "Unknown object 'hpc'. Did you mean hcp?"),
        (["export", "issues", "--output", "x.csv", "--run", "abc"],
         "Run 'abc' is not a run id."),
        (["export", "issues", "--output", "x.csv", "--run", "99"], "Run 99 does not exist"),
    ],
)
def test_usage_errors_exit_2_with_one_sentence(
    args: list[str], message: str, empty_db: tuple[Path, sqlite3.Connection]
) -> None:
    path, _ = empty_db
    code, out = run(*args, "--db", str(path))
    assert code == 2
    assert message in out


def test_missing_database_is_a_usage_error(tmp_path: Path) -> None:
    code, out = run("validate", "--db", str(tmp_path / "nope.db"))
    assert code == 2
    assert "does not exist. Load data first with 'veeva-dq ingest'." in out


def test_exit_codes_follow_severity(empty_db: tuple[Path, sqlite3.Connection]) -> None:
    path, conn = empty_db
    # Only a warning-level rule fails: exit 0. An error-level rule fails: exit 1.
    insert(conn, "hcp", {"vid__v": "H1", "first_name__v": "A", "last_name__v": "B",
                         "gender__v": "X"})
    assert run("validate", "--rule", "hcp_gender_picklist", "--db", str(path),
               "--no-progress")[0] == 0
    insert(conn, "hcp", {"vid__v": "H2", "first_name__v": "A", "last_name__v": None})
    code, out = run("validate", "--rule", "names", "--db", str(path), "--no-progress")
    assert code == 1
    assert "hcp_last_name_required" in out


def test_a_rule_that_cannot_compile_stops_before_any_run(
    empty_db: tuple[Path, sqlite3.Connection], tmp_path: Path
) -> None:
    path, conn = empty_db
    pack = tmp_path / "bad.yaml"
    pack.write_text(
        "rules:\n"
        "  - id: sneaky\n    object: hcp\n    kind: expression\n"
        "    dimension: validity\n    severity: error\n    description: d\n"
        "    params: {fail_when: \"npi_num__v IN (SELECT npi FROM npi_deactivation)\"}\n",
        encoding="utf-8",
    )
    code, out = run("validate", "--rules", str(pack), "--rule", "sneaky", "--db", str(path))
    assert code == 2
    assert "contains a subquery" in out
    assert conn.execute("SELECT count(*) FROM vdq_run").fetchone() == (0,)


def test_help_is_fast_enough_to_import_lazily() -> None:
    # --help must not import the compiler, sqlglot, the report stack or PySpark.
    probe = ("import sys; from veeva_dq.cli import app; "
             "print(sorted(m for m in ('sqlglot', 'jinja2', 'veeva_dq.validate', 'pyspark') "
             "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "[]"


# Imported by none of the commands below: the HTML and console report stacks, the other
# engines, the reference-data and dataframe libraries, and pydantic (which some typer
# releases pull into every command).
_NOT_FOR_DUCKDB_JSON = ("jinja2", "rich", "pycountry", "pandas", "pyarrow", "psycopg",
                        "pydantic", "statistics", "veeva_dq.report._html",
                        "veeva_dq.report._console", "veeva_dq.ingest", "veeva_dq.profile",
                        "veeva_dq.publish", "veeva_dq.engines._postgres")


def test_validate_on_duckdb_imports_only_what_it_needs(tmp_path: Path) -> None:
    import duckdb

    source = tmp_path / "hcp.duckdb"
    con = duckdb.connect(str(source))
    con.execute("CREATE TABLE hcp (vid__v VARCHAR, npi_num__v VARCHAR)")
    con.execute("INSERT INTO hcp VALUES ('V1', NULL), ('V2', '1234567893')")
    con.close()
    pack = tmp_path / "pack.yaml"
    pack.write_text(
        "name: p\nrules:\n  - id: p_npi\n    object: hcp\n    kind: not_null\n"
        "    column: npi_num__v\n    dimension: completeness\n    severity: warning\n"
        "    description: d\n", encoding="utf-8")
    config = tmp_path / "veeva-dq.yaml"
    config.write_text("builtin_rules: false\n", encoding="utf-8")
    args = ["--config", str(config), "validate", "--engine", "duckdb", "--source", str(source),
            "--db", str(tmp_path / "results.db"), "--rules", str(pack), "--rule", "p",
            "--no-progress", "--format", "json"]
    probe = ("import sys\nfrom veeva_dq.cli import app\n"
             "try:\n    app(sys.argv[1:])\nexcept SystemExit as exc:\n    code = exc.code\n"
             f"print(code, sorted(m for m in {_NOT_FOR_DUCKDB_JSON!r} if m in sys.modules),"
             " file=sys.stderr)\n")
    done = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True,
                          check=True)
    assert '"failed": 1' in done.stdout
    assert done.stderr.strip().splitlines()[-1] == "0 []"


@pytest.mark.parametrize("args", [
    ["validate", "--help"],
    ["validate", "--bogus"],
    ["validate", "--format", "xml"],
    ["--config", "missing.yaml", "validate", "--help"],
    ["--config=missing.yaml", "report", "--help"],
    ["ingest"],
    ["suggest", "--help"],
])
def test_a_command_run_alone_answers_as_in_the_whole_app(args: list[str]) -> None:
    from veeva_dq.cli import _app_for

    alone = _app_for(args)
    assert alone is not app
    assert len(alone.registered_commands) == 1
    want, got = CliRunner().invoke(app, args), CliRunner().invoke(alone, args)
    assert (got.exit_code, got.output) == (want.exit_code, want.output)


@pytest.mark.parametrize("args", [[], ["--help"], ["--version"], ["rules", "list"],
                                  ["runs", "--help"], ["no-such-command"],
                                  ["--config", "x.yaml"]])
def test_groups_help_and_unknown_commands_get_the_whole_app(args: list[str]) -> None:
    from veeva_dq.cli import _app_for

    assert _app_for(args) is app


def test_a_run_that_cannot_finish_is_stored_as_failed(tmp_path: Path) -> None:
    db = tmp_path / "foreign.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE hcp (vid__v TEXT PRIMARY KEY, first_name__v TEXT)")
    conn.execute("INSERT INTO hcp VALUES ('H1', NULL)")
    conn.commit()
    conn.close()
    code, out = run("validate", "--rule", "names", "--db", str(db), "--no-progress")
    assert code == 2
    assert (f"In '{db}', table 'hcp' lacks columns last_name__v (hcp_last_name_required),"
            " prefix__v (hcp_prefix_picklist), suffix__v (hcp_suffix_picklist)."
            " Add the columns, map them in the model (--model), or leave those rules out with"
            " --rule. Run 1 is stored as failed.") in " ".join(out.split())
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT status, error IS NOT NULL FROM vdq_run").fetchall() == [
        ("failed", 1)]
    assert conn.execute("SELECT count(*) FROM vdq_issue").fetchone() == (0,)
    assert conn.execute("SELECT count(*) FROM vdq_rule_result").fetchone() == (0,)
    code, out = run("export", "issues", "--output", str(tmp_path / "x.csv"), "--db", str(db))
    assert code == 2
    assert "There is no complete run yet." in out


def test_runs_trend_shows_pass_rates_over_runs(empty_db: tuple[Path, sqlite3.Connection]
                                               ) -> None:
    path, conn = empty_db
    for i in range(4):
        insert(conn, "hcp", {"vid__v": f"H{i}", "first_name__v": "A",
                             "last_name__v": None if i < 2 else "B"})
    args = ("--rule", "names", "--db", str(path), "--no-progress", "--as-of", "2026-01-01")
    assert run("validate", *args)[0] == 1
    conn.execute("UPDATE hcp SET last_name__v = 'C' WHERE vid__v = 'H0'")
    assert run("validate", *args)[0] == 1
    code, out = run("runs", "trend", "--rule", "names", "--db", str(path))
    assert code == 0
    assert "│ hcp_last_name_required │ 50.00 │ 75.00 │" in out
    assert "hcp_first_name_required" not in out  # never failed


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["validate", "--as-of", "0001-01-01"], "--as-of '0001-01-01' is out of range."),
        (["validate", "--rule", "address", "--object", "hcp"],
         "--rule 'address' selects no rule for --object hcp."),
        (["validate", "--report", "."], "--report '.' is a folder; give an HTML file name."),
    ],
)
def test_more_usage_errors(args: list[str], message: str,
                           empty_db: tuple[Path, sqlite3.Connection]) -> None:
    path, _ = empty_db
    code, out = run(*args, "--db", str(path), "--no-progress")
    assert code == 2
    assert message in out


def test_bad_database_files(tmp_path: Path) -> None:
    not_db = tmp_path / "notes.db"
    not_db.write_text("hello", encoding="utf-8")
    for args in (["validate"], ["runs", "list"], ["export", "issues", "--output", "x.csv"]):
        code, out = run(*args, "--db", str(not_db))
        assert (code, out) == (2, f"Error: '{not_db}' is not a SQLite database (file is not a"
                                  " database).")
    code, out = run("runs", "list", "--db", str(tmp_path))
    assert (code, out) == (2, f"Error: '{tmp_path}' is a folder; --db names a SQLite database"
                              " file.")


def test_validating_nothing_is_an_error(tmp_path: Path,
                                        empty_db: tuple[Path, sqlite3.Connection]) -> None:
    bare = tmp_path / "bare.db"
    sqlite3.connect(bare).close()
    code, out = run("validate", "--db", str(bare), "--no-progress")
    assert code == 2
    assert "has no table for address, hco, hcp, license, parenthco." in out
    path, _ = empty_db  # tables exist, no rows
    code, out = run("validate", "--db", str(path), "--no-progress")
    assert code == 2
    assert "Nothing was checked: the selected objects have no rows" in out


def test_version() -> None:
    from veeva_dq import __version__

    assert run("--version") == (0, f"veeva-dq {__version__}")


def test_export_to_a_folder_is_one_sentence(tmp_path: Path,
                                            empty_db: tuple[Path, sqlite3.Connection]) -> None:
    path, conn = empty_db
    insert(conn, "hcp", {"vid__v": "H1", "last_name__v": None, "first_name__v": "A"})
    assert run("validate", "--rule", "names", "--db", str(path), "--no-progress")[0] == 1
    code, out = run("export", "issues", "--output", str(tmp_path), "--db", str(path))
    assert code == 2
    assert out.startswith("Error: ") and "Traceback" not in out


def test_db_must_be_a_file_not_a_url(tmp_path: Path) -> None:
    code, out = run("runs", "list", "--db", "postgresql://postgres@127.0.0.1/test")
    assert code == 2
    assert ("--db 'postgresql:/postgres@127.0.0.1/test' is a URL; --db names the SQLite file"
            " that stores runs and issues (data elsewhere is named with --source).") in out


def test_a_closed_pipe_exits_141_without_a_traceback(tmp_path: Path) -> None:
    # 20,000 issue rows overflow the pipe's buffer once the reader has gone.
    db = tmp_path / "v.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE hcp (vid__v TEXT PRIMARY KEY, last_name__v TEXT,"
                 " hcp_status__v TEXT)")
    conn.executemany("INSERT INTO hcp VALUES (?, NULL, 'A')", [(f"H{i}",) for i in range(20000)])
    conn.commit()
    conn.close()
    assert run("validate", "--rule", "hcp_last_name_required", "--db", str(db),
               "--no-progress")[0] == 1
    proc = subprocess.run(
        ["bash", "-c", f"'{sys.executable}' -m veeva_dq export issues --db '{db}' --output -"
                       " | head -c 100 >/dev/null; echo ${PIPESTATUS[0]}"],
        capture_output=True, text=True, check=True)
    assert proc.stdout == "141\n"
    assert "Traceback" not in proc.stderr
