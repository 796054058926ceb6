"""Sources: data validated where it lives (files, other tables, URLs), with the same answers.

The same HCPs are put in every kind of place a user keeps them: a Parquet file, a CSV file, a
folder of Parquet parts, a DuckDB table under another name with a BIGINT NPI column, a
PostgreSQL table in another schema, a SQLite table under another name. Each must give the
answer every engine gives: V2 fails the NPI check digit (1234567890) and the required last
name (a blank); V3's NULL NPI is not checked; V4's name has a comma and a quote.
"""

from __future__ import annotations

import re
import sqlite3
import sys
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from tests import postgres, spark
from veeva_dq.cli import app
from veeva_dq.engines._source import (
    Source,
    SourceError,
    folder_tables,
    parse_tables,
    resolve,
)

RULES = "hcp_npi_check_digit,hcp_last_name_required"
ROWS = [("V1", "1234567893", "Smith", "A"), ("V2", "1234567890", " ", "A"),
        ("V3", None, "Ng", "A"), ("V4", "1245319599", 'O"Brien, Jr', "A")]
COLUMNS = ("vid__v", "npi_num__v", "last_name__v", "hcp_status__v")
# (rule, checked, failed, failing ids)
EXPECTED = {("hcp_last_name_required", 4, 1, ("V2",)),
            ("hcp_npi_check_digit", 3, 1, ("V2",))}


def _outcome(results: Path) -> set[tuple[str, int, int, tuple[str, ...]]]:
    store = sqlite3.connect(results)
    try:
        (run_id,) = store.execute("SELECT MAX(run_id) FROM vdq_run").fetchone()
        out = set()
        for rule_id, checked, failed in store.execute(
                "SELECT rule_id, checked, failed FROM vdq_rule_result WHERE run_id = ?",
                (run_id,)):
            ids = tuple(sorted(str(r[0]) for r in store.execute(
                "SELECT record_id FROM vdq_issue WHERE run_id = ? AND rule_id = ?",
                (run_id, rule_id))))
            out.add((str(rule_id), int(checked), int(failed), ids))
        return out
    finally:
        store.close()


def _validate(tmp: Path, *args: str) -> set[tuple[str, int, int, tuple[str, ...]]]:
    results = tmp / "results.db"
    res = CliRunner().invoke(app, ["validate", "--rule", RULES, "--db", str(results),
                                   "--no-progress", "--as-of", "2026-01-01", *args])
    assert res.exit_code == 1, res.output  # error-level rules fail
    return _outcome(results)


def _duckdb_rows(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("CREATE TABLE rows (vid__v VARCHAR, npi_num__v VARCHAR, last_name__v VARCHAR,"
                " hcp_status__v VARCHAR)")
    con.executemany("INSERT INTO rows VALUES (?, ?, ?, ?)", ROWS)


def _files(tmp_path: Path) -> tuple[Path, Path, Path]:
    """The rows as a folder of two Parquet parts (lake/hcp/), a folder holding hcp.csv, and
    one Parquet file."""
    con = duckdb.connect()
    _duckdb_rows(con)
    lake = tmp_path / "lake"
    (lake / "hcp").mkdir(parents=True)
    con.sql("SELECT * FROM rows WHERE vid__v < 'V3'").write_parquet(
        str(lake / "hcp" / "part-0.parquet"))
    con.sql("SELECT * FROM rows WHERE vid__v >= 'V3'").write_parquet(
        str(lake / "hcp" / "part-1.parquet"))
    csv_dir = tmp_path / "csv"
    csv_dir.mkdir()
    con.table("rows").write_csv(str(csv_dir / "hcp.csv"), header=True)
    single = tmp_path / "one.parquet"
    con.table("rows").write_parquet(str(single))
    return lake, csv_dir, single


def test_parquet_file_csv_file_and_folder_of_parts(tmp_path: Path) -> None:
    lake, csv_dir, single = _files(tmp_path)
    assert _validate(tmp_path / "a", "--source", str(lake)) == EXPECTED
    assert _validate(tmp_path / "b", "--source", str(csv_dir)) == EXPECTED
    assert _validate(tmp_path / "c", "--engine", "duckdb", "--table",
                     f"hcp={single}") == EXPECTED


def test_spark_reads_parquet_parts_csv_files_and_catalog_tables(tmp_path: Path) -> None:
    """The same places, read by Spark: a folder of Parquet parts, a folder holding hcp.csv
    (quoted comma and doubled quote in V4's name), one Parquet file mapped with --table, and
    a table of the session's catalog in another schema, its NPI a BIGINT."""
    session = spark.session()  # the shared session: every command below reuses it
    lake, csv_dir, single = _files(tmp_path)
    spark_args = ("--engine", "spark")
    assert _validate(tmp_path / "a", *spark_args, "--source", str(lake)) == EXPECTED
    assert _validate(tmp_path / "b", *spark_args, "--source", str(csv_dir)) == EXPECTED
    assert _validate(tmp_path / "c", *spark_args, "--table", f"hcp={single}") == EXPECTED
    # A URI is read by the executors as given (here file://; s3a:// or hdfs:// on a cluster).
    assert _validate(tmp_path / "e", *spark_args, "--table",
                     f"hcp={single.as_uri()}") == EXPECTED
    session.sql("CREATE DATABASE IF NOT EXISTS crm")
    frame = session.read.parquet(str(single))
    typed = frame.withColumn("npi_num__v", frame["npi_num__v"].cast("bigint"))
    typed.write.mode("overwrite").saveAsTable("crm.provider_master")
    try:
        assert _validate(tmp_path / "d", *spark_args, "--table",
                         "hcp=crm.provider_master") == EXPECTED
    finally:
        session.sql("DROP TABLE crm.provider_master")
        session.sql("DROP DATABASE crm")


def test_a_malformed_csv_row_fails_the_spark_run_in_one_sentence(tmp_path: Path) -> None:
    spark.session()
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "hcp.csv").write_text(
        "vid__v,last_name__v,hcp_status__v\nV1,Smith,A\nV2,Ng,A,EXTRA,MORE\n", "utf-8")
    results = tmp_path / "r.db"
    res = CliRunner().invoke(app, ["validate", "--db", str(results), "--engine", "spark",
                                   "--source", str(tmp_path / "bad"), "--no-progress",
                                   "--rule", "hcp_last_name_required"])
    assert res.exit_code == 2, res.output
    assert (f"Error: spark could not run a query on '{tmp_path / 'bad'}': [MALFORMED_CSV_RECORD]"
            " Malformed CSV record: V2,Ng,A,EXTRA,MORE") in " ".join(res.output.split())
    assert "Traceback" not in res.output
    store = sqlite3.connect(results)
    try:  # nothing lost quietly: the run is failed, not complete with a row missing
        assert store.execute("SELECT status FROM vdq_run").fetchall() == [("failed",)]
    finally:
        store.close()


def test_spark_source_errors_are_one_sentence(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from veeva_dq.engines._spark import SparkUnavailable, _check_java

    results = str(tmp_path / "r.db")
    (tmp_path / "empty").mkdir()
    for args, message in [
        (["--engine", "spark", "--source", str(tmp_path / "missing")],
         f"--source '{tmp_path / 'missing'}' is not a folder"),
        (["--engine", "spark", "--source", str(tmp_path / "empty")],
         "holds no file named after an object"),
        (["--engine", "spark", "--table", f"hcp={tmp_path / 'no.parquet'}"],
         "no such file or folder"),
        (["--engine", "spark", "--spark-master", "spark://h", "--table", "hcp=t"],
         "--spark-master 'spark://h' is not a Spark master URL; allowed: local[*], local[N],"
         " spark://host:7077, yarn or k8s://https://host:port."),
        (["--source", "mesos://h:5050", "--table", "hcp=t"], "is not a Spark master URL"),
    ]:
        res = CliRunner().invoke(app, ["validate", "--db", results, "--rule", RULES, *args])
        assert res.exit_code == 2, res.output
        assert message in " ".join(res.output.split()), res.output
        assert "Traceback" not in res.output
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("JAVA_HOME", raising=False)
    with pytest.raises(SparkUnavailable, match=re.escape(
            "Spark needs Java 17 or later, and there is none: no 'java' on PATH and JAVA_HOME"
            " is not set.")):
        _check_java()
    monkeypatch.setenv("JAVA_HOME", str(tmp_path))
    with pytest.raises(SparkUnavailable, match="holds no bin/java"):
        _check_java()
    monkeypatch.setitem(sys.modules, "pyspark", None)  # as if PySpark were not installed
    duckdb.sql("SELECT 'V1' AS vid__v").write_parquet(str(tmp_path / "hcp.parquet"))
    res = CliRunner().invoke(app, ["validate", "--db", results, "--rule", RULES, "--engine",
                                   "spark", "--table", f"hcp={tmp_path / 'hcp.parquet'}"])
    assert res.exit_code == 2, res.output
    assert ("--engine spark needs PySpark, which is not installed; install it with pip install"
            " 'veeva-dq[spark]'.") in " ".join(res.output.split())


def test_existing_duckdb_table_with_typed_columns(tmp_path: Path) -> None:
    path = tmp_path / "warehouse.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE SCHEMA crm")
    con.execute('CREATE TABLE crm."Provider Master" (vid__v VARCHAR, npi_num__v BIGINT,'
                " last_name__v VARCHAR, hcp_status__v VARCHAR)")
    con.executemany('INSERT INTO crm."Provider Master" VALUES (?, ?, ?, ?)', ROWS)
    con.close()
    assert _validate(tmp_path, "--source", f"duckdb://{path}", "--table",
                     "hcp=crm.Provider Master") == EXPECTED
    # the file is untouched: no view or table was added
    con = duckdb.connect(str(path), read_only=True)
    assert con.execute("SELECT count(*) FROM information_schema.tables").fetchone() == (1,)


def test_sqlite_table_under_another_name(tmp_path: Path) -> None:
    path = tmp_path / "crm.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE providers (vid__v, npi_num__v INTEGER, last_name__v,"
                " hcp_status__v)")
    con.executemany("INSERT INTO providers VALUES (?, ?, ?, ?)", ROWS)
    con.commit()
    con.close()
    assert _validate(tmp_path, "--source", f"sqlite:///{path}", "--table",
                     "hcp=providers") == EXPECTED


def test_postgres_table_in_another_schema(tmp_path: Path) -> None:
    import psycopg

    url = postgres.schema_url()
    with psycopg.connect(url, autocommit=True) as con:
        con.execute("CREATE TABLE provider_master (vid__v TEXT, npi_num__v BIGINT,"
                    " last_name__v TEXT, hcp_status__v TEXT)")
        with con.cursor() as cur:
            cur.executemany("INSERT INTO provider_master VALUES (%s, %s, %s, %s)", ROWS)
        (schema,) = con.execute("SELECT current_schema()").fetchone() or ("",)
    # The search_path of the plain server URL does not hold the table: it is named in full.
    assert _validate(tmp_path, "--source", postgres.server_url(), "--table",
                     f"hcp={schema}.provider_master") == EXPECTED


def test_project_file_names_source_and_tables(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    con = duckdb.connect()
    _duckdb_rows(con)
    (tmp_path / "files").mkdir()
    con.table("rows").write_parquet(str(tmp_path / "files" / "providers.parquet"))
    (tmp_path / "veeva-dq.yaml").write_text(
        "engine: duckdb\ntables:\n  hcp: files/providers.parquet\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    assert _validate(tmp_path) == EXPECTED


@pytest.mark.parametrize(("engine", "source", "tables", "expected"), [
    (None, None, {}, Source("sqlite", "")),
    (None, "postgresql://u@h:5432/d", {}, Source("postgres", "postgresql://u@h:5432/d")),
    (None, "postgres://u@h/d", {}, Source("postgres", "postgres://u@h/d")),
    (None, "duckdb:///abs/x.duckdb", {}, Source("duckdb", "/abs/x.duckdb")),
    (None, "duckdb://rel/x.duckdb", {}, Source("duckdb", "rel/x.duckdb")),
    (None, "w.duckdb", {}, Source("duckdb", "w.duckdb")),
    ("duckdb", "w.db", {}, Source("duckdb", "w.db")),
    ("sqlite", "w.db", {}, Source("sqlite", "w.db")),
    (None, "sqlite:///abs/w.db", {}, Source("sqlite", "/abs/w.db")),
    (None, "spark://m:7077", {"hcp": "/l/hcp"},
     Source("spark", "", {"hcp": "/l/hcp"}, "spark://m:7077")),
    ("spark", None, {"hcp": "/l/hcp"}, Source("spark", "", {"hcp": "/l/hcp"}, "local[*]")),
    (None, "yarn", {"hcp": "db.t"}, Source("spark", "", {"hcp": "db.t"}, "yarn")),
    (None, "local[4]", {"hcp": "db.t"}, Source("spark", "", {"hcp": "db.t"}, "local[4]")),
    (None, "k8s://https://k:443", {"hcp": "db.t"},
     Source("spark", "", {"hcp": "db.t"}, "k8s://https://k:443")),
])
def test_resolve(engine: str | None, source: str | None, tables: dict[str, str],
                 expected: Source) -> None:
    assert resolve(engine, source, tables=tables) == expected


@pytest.mark.parametrize(("engine", "source", "message"), [
    ("duckdb", None, "--engine duckdb needs --source"),
    ("postgres", None, "--engine postgres needs --source"),
    ("postgres", "x.duckdb", "is a duckdb source, but --engine is postgres"),
    ("postgres", "somefile.db", "is not a PostgreSQL URL"),
    (None, "mysql://u:secret@h/d", "unknown scheme 'mysql://'"),
    ("spark", None, "--engine spark needs the data"),
    (None, "spark://m:7077", "name the data with --table"),
    ("oracle", None, "is not an engine"),
])
def test_resolve_errors(engine: str | None, source: str | None, message: str) -> None:
    with pytest.raises(SourceError, match=message) as info:
        resolve(engine, source)
    assert "secret" not in str(info.value)


def test_parse_tables() -> None:
    assert parse_tables(["hcp=crm.p", " address = a.parquet "]) == {
        "hcp": "crm.p", "address": "a.parquet"}
    with pytest.raises(SourceError, match="is not OBJECT=TABLE"):
        parse_tables(["hcp"])
    with pytest.raises(SourceError, match="maps object 'hcp' twice"):
        parse_tables(["hcp=a", "hcp=b"])


def test_folder_with_two_sources_for_one_object(tmp_path: Path) -> None:
    (tmp_path / "hcp.csv").write_text("vid__v\n", "utf-8")
    (tmp_path / "hcp").mkdir()
    with pytest.raises(SourceError, match="holds 2 sources for object 'hcp'"):
        folder_tables(tmp_path, ["hcp", "hco"])
    (tmp_path / "hcp.csv").unlink()
    (tmp_path / "hcp" / "a.csv").write_text("vid__v\n", "utf-8")
    assert folder_tables(tmp_path, ["hcp", "hco"]) == {"hcp": str(tmp_path / "hcp")}


def test_cli_errors_are_one_sentence(tmp_path: Path) -> None:
    results = str(tmp_path / "r.db")
    for args, message in [
        (["--source", str(tmp_path)], "holds no file named after an object"),
        (["--engine", "duckdb", "--table", f"hcp={tmp_path / 'no.parquet'}"],
         "no such file or folder"),
        (["--source", "w.duckdb", "--engine", "postgres"], "is a duckdb source"),
        (["--table", "hcp"], "is not OBJECT=TABLE"),
        (["--source", ""], "--source is empty; give a file, a folder or a URL"),
        (["--engine", "sqlite", "--source", str(tmp_path)],
         "is a folder; --engine sqlite reads a SQLite database file."),
    ]:
        res = CliRunner().invoke(app, ["validate", "--db", results, "--rule", RULES, *args])
        assert res.exit_code == 2, res.output
        assert message in res.output
        assert "Traceback" not in res.output


def test_default_named_typed_tables_are_read_as_text(tmp_path: Path) -> None:
    # A table under the object's own name with a BIGINT NPI gives the answer of text columns.
    path = tmp_path / "typed.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE hcp (vid__v VARCHAR, npi_num__v BIGINT, last_name__v VARCHAR,"
                " hcp_status__v VARCHAR)")
    con.executemany("INSERT INTO hcp VALUES (?, ?, ?, ?)", ROWS)
    con.close()
    assert _validate(tmp_path, "--source", str(path)) == EXPECTED


def test_default_named_typed_postgres_table_is_read_as_text(tmp_path: Path) -> None:
    import psycopg

    url = postgres.schema_url()
    with psycopg.connect(url, autocommit=True) as con:
        con.execute("CREATE TABLE hcp (vid__v TEXT, npi_num__v BIGINT, last_name__v TEXT,"
                    " hcp_status__v TEXT)")
        with con.cursor() as cur:
            cur.executemany("INSERT INTO hcp VALUES (%s, %s, %s, %s)", ROWS)
    assert _validate(tmp_path, "--source", url) == EXPECTED


def test_folder_parts_with_different_columns(tmp_path: Path) -> None:
    con = duckdb.connect()
    _duckdb_rows(con)
    (tmp_path / "lake" / "hcp").mkdir(parents=True)
    con.sql("SELECT vid__v, npi_num__v, last_name__v, hcp_status__v FROM rows"
            " WHERE vid__v < 'V3'").write_parquet(str(tmp_path / "lake" / "hcp" / "a.parquet"))
    # a later part without the status column: its rows read it as NULL
    con.sql("SELECT vid__v, npi_num__v, last_name__v FROM rows WHERE vid__v >= 'V3'"
            ).write_parquet(str(tmp_path / "lake" / "hcp" / "b.parquet"))
    assert _validate(tmp_path, "--source", str(tmp_path / "lake")) == EXPECTED


def test_sqlite_file_given_as_source_is_read_by_sqlite(tmp_path: Path) -> None:
    path = tmp_path / "staging.data"  # no telling suffix: known by its header
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE hcp (vid__v, npi_num__v, last_name__v, hcp_status__v)")
    con.executemany("INSERT INTO hcp VALUES (?, ?, ?, ?)", ROWS)
    con.commit()
    con.close()
    assert resolve(None, str(path)) == Source("sqlite", str(path))
    assert _validate(tmp_path, "--source", str(path)) == EXPECTED


def test_missing_tables_are_named_on_stderr(tmp_path: Path) -> None:
    path = tmp_path / "only_hcp.duckdb"
    con = duckdb.connect(str(path))
    _duckdb_rows(con)
    con.execute("ALTER TABLE rows RENAME TO hcp")
    con.close()
    results = tmp_path / "r.db"
    res = CliRunner().invoke(app, [
        "validate", "--source", str(path), "--db", str(results), "--no-progress",
        "--rule", "hcp_last_name_required,hcp_npi_deactivated,address_owner_exists,"
        "license_owner_exists"])
    assert res.exit_code == 1, res.output
    assert res.stderr.splitlines() == [
        f"Warning: '{path}' has no table 'address': rule address_owner_exists was skipped.",
        f"Warning: '{path}' has no table 'hco': rules address_owner_exists,"
        " license_owner_exists were skipped.",
        f"Warning: '{path}' has no table 'license': rule license_owner_exists was skipped.",
        f"Warning: '{path}' has no table 'npi_deactivation': rule hcp_npi_deactivated was"
        " skipped.",
    ]
    store = sqlite3.connect(results)
    try:  # only the rule whose tables are all there ran
        assert store.execute("SELECT rule_id FROM vdq_rule_result").fetchall() == [
            ("hcp_last_name_required",)]
    finally:
        store.close()


def test_a_table_that_goes_missing_resolves_none_of_its_issues(tmp_path: Path) -> None:
    lake = tmp_path / "lake"
    lake.mkdir()
    con = duckdb.connect()
    _duckdb_rows(con)
    con.table("rows").write_parquet(str(lake / "hcp.parquet"))
    con.sql("SELECT 'O1' AS vid__v, ' ' AS corporate_name__v").write_parquet(
        str(lake / "hco.parquet"))
    results = tmp_path / "r.db"
    args = ["validate", "--source", str(lake), "--db", str(results), "--no-progress",
            "--rule", RULES + ",hco_name_required"]
    assert CliRunner().invoke(app, args).exit_code == 1
    (lake / "hco.parquet").unlink()
    res = CliRunner().invoke(app, args)
    assert res.exit_code == 1, res.output
    assert res.stderr == (f"Warning: '{lake}' has no table 'hco': rule hco_name_required was"
                          " skipped.\n")
    store = sqlite3.connect(results)
    try:
        assert store.execute("SELECT run_id, issues, new_issues, open_issues, resolved_issues"
                             " FROM vdq_run ORDER BY run_id").fetchall() == [
            (1, 3, 3, 0, 0), (2, 2, 0, 2, 0)]  # the HCO's issue is not resolved
        assert store.execute("SELECT rule_id FROM vdq_rule_result WHERE run_id = 2"
                             " ORDER BY rule_id").fetchall() == [
            ("hcp_last_name_required",), ("hcp_npi_check_digit",)]
    finally:
        store.close()


@pytest.mark.parametrize(("args", "message"), [
    (["--table", "hpc=crm.p"], "--table hpc=crm.p: Unknown object 'hpc'. Did you mean hcp?"),
    (["--table", "vdq_run=x"], "--table vdq_run=x: Unknown object 'vdq_run'."),
    (["--source", "SINGLE"], "is a single parquet file; name the object it holds with --table"),
    (["--source", "BADCSV"], "hcp.csv' cannot be read by DuckDB: CSV Error on Line: 2:"
                             " Invalid unicode"),
])
def test_source_mistakes_are_one_sentence(tmp_path: Path, args: list[str],
                                          message: str) -> None:
    single = tmp_path / "one.parquet"
    con = duckdb.connect()
    _duckdb_rows(con)
    con.table("rows").write_parquet(str(single))
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "hcp.csv").write_bytes(b"vid__v,last_name__v,hcp_status__v\nV1,MU\xd1OZ,A\n")
    args = [{"SINGLE": str(single), "BADCSV": str(bad)}.get(a, a) for a in args]
    res = CliRunner().invoke(app, ["validate", "--db", str(tmp_path / "r.db"), "--rule", RULES,
                                   "--source", str(single.with_suffix(".duckdb")), *args]
                             if args[0] == "--table" else
                             ["validate", "--db", str(tmp_path / "r.db"), "--rule", RULES, *args])
    assert res.exit_code == 2, res.output
    assert message in " ".join(res.output.split())
    assert "Traceback" not in res.output


def test_duckdb_catalog_lists_tables_and_views_of_the_current_schema(tmp_path: Path) -> None:
    from veeva_dq.engines._duckdb import DuckdbEngine

    path = tmp_path / "cat.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE hcp (vid__v VARCHAR, npi_num__v VARCHAR, z VARCHAR)")
    con.execute("CREATE VIEW hco AS SELECT z AS name__v, vid__v FROM hcp")
    con.execute("CREATE SCHEMA crm")
    con.execute("CREATE TABLE crm.address (vid__v VARCHAR)")
    con.close()
    engine = DuckdbEngine.open(path)
    try:
        assert engine.tables() == {"hcp", "hco"}
        assert engine.columns("hcp") == ["vid__v", "npi_num__v", "z"]
        assert engine.columns("hco") == ["name__v", "vid__v"]
        assert engine.columns("address") == []
    finally:
        engine.close()


def test_runs_are_compared_only_with_runs_of_the_same_source(tmp_path: Path) -> None:
    clean = [r if r[0] != "V2" else ("V2", "1234567893", "Lee", "A") for r in ROWS]
    for name, rows in (("a.duckdb", ROWS), ("b.duckdb", clean)):
        con = duckdb.connect(str(tmp_path / name))
        con.execute("CREATE TABLE hcp (vid__v VARCHAR, npi_num__v VARCHAR,"
                    " last_name__v VARCHAR, hcp_status__v VARCHAR)")
        con.executemany("INSERT INTO hcp VALUES (?, ?, ?, ?)", rows)
        con.close()
    results = tmp_path / "results.db"
    for name in ("a.duckdb", "b.duckdb", "a.duckdb"):
        CliRunner().invoke(app, ["validate", "--rule", RULES, "--db", str(results),
                                 "--no-progress", "--source", str(tmp_path / name)])
    store = sqlite3.connect(results)
    try:
        assert store.execute(
            "SELECT source, issues, new_issues, open_issues, resolved_issues FROM vdq_run"
            " ORDER BY run_id").fetchall() == [
            (f"duckdb:{tmp_path / 'a.duckdb'}", 2, 2, 0, 0),
            (f"duckdb:{tmp_path / 'b.duckdb'}", 0, 0, 0, 0),  # resolves nothing of a.duckdb
            (f"duckdb:{tmp_path / 'a.duckdb'}", 2, 0, 2, 0),  # compared with run 1
        ]
    finally:
        store.close()
    listed = CliRunner().invoke(app, ["runs", "list", "--db", str(results)]).output
    assert [ln.split("│")[6].strip() for ln in listed.splitlines() if ln.startswith("│")] == [
        "duckdb", "duckdb", "duckdb"]


def test_a_run_records_its_source_by_absolute_path(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from veeva_dq.engines._source import describe

    monkeypatch.chdir(tmp_path)
    (tmp_path / "lake").mkdir()
    assert describe(resolve(None, "w.duckdb")) == f"duckdb:{tmp_path / 'w.duckdb'}"
    assert describe(resolve(None, "./w.duckdb")) == f"duckdb:{tmp_path / 'w.duckdb'}"
    assert describe(resolve("duckdb", None, tables={"hcp": "lake/hcp.parquet"})) == (
        f"duckdb: hcp={tmp_path / 'lake' / 'hcp.parquet'}")
    assert describe(resolve(None, "postgresql://u:pw@h/db", tables={"hcp": "crm.p"})) == (
        "postgres:postgresql://u:***@h/db hcp=crm.p")
    assert describe(resolve(None, None)) == ""
    assert resolve(None, "lake", spark_master="local[2]") == Source(
        "spark", "lake", {}, "local[2]")


def test_a_ragged_csv_row_is_refused_in_one_sentence_on_duckdb(tmp_path: Path) -> None:
    # DuckDB's sniffer, left to guess, read such a file as one column and blamed a rule.
    (tmp_path / "b").mkdir()
    rows = ["vid__v,last_name__v,hcp_status__v", *(f"V{i},N{i},A" for i in range(200))]
    rows[100] = "V99x,Bad,A,EXTRA,MORE"
    (tmp_path / "b" / "hcp.csv").write_text("\n".join(rows) + "\n", "utf-8")
    res = CliRunner().invoke(app, ["validate", "--db", str(tmp_path / "r.db"), "--source",
                                   str(tmp_path / "b"), "--rule", RULES, "--no-progress"])
    assert res.exit_code == 2, res.output
    assert (f"File '{tmp_path / 'b' / 'hcp.csv'}' cannot be read by DuckDB as CSV with a header"
            " row and the delimiter of its extension") in " ".join(res.output.split())


_STAMPED = [("V1", "2024-05-01 00:00:00", "A"), ("V2", None, "A"),
            ("V3", "2025-12-31 08:30:00", "A")]


def _stamped_run(tmp_path: Path, *args: str) -> tuple[int, str, set[tuple[str, int, int]]]:
    results = tmp_path / "results.db"
    res = CliRunner().invoke(app, ["validate", "--rule", "hcp_modified_date_valid,hcp_npi_format",
                                   "--db", str(results), "--no-progress", "--as-of",
                                   "2026-01-01", *args])
    store = sqlite3.connect(results)
    try:
        rows = store.execute("SELECT rule_id, checked, failed FROM vdq_rule_result").fetchall()
    finally:
        store.close()
    return res.exit_code, " ".join(res.stderr.split()), set(rows)


def test_a_timestamp_column_that_date_rules_read_is_named_on_stderr(tmp_path: Path) -> None:
    path = tmp_path / "stamped.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE TABLE hcp (vid__v VARCHAR, npi_num__v VARCHAR,"
                    " modified_date__v TIMESTAMP, hcp_status__v VARCHAR)")
        con.executemany("INSERT INTO hcp VALUES (?, '1234567893', ?, ?)", _STAMPED)
    code, stderr, counts = _stamped_run(tmp_path, "--source", str(path))
    assert stderr == (
        f"Warning: hcp.modified_date__v is TIMESTAMP in '{path}': it is read as text with its"
        " time of day ('2024-05-01 00:00:00'), which hcp_modified_date_valid fails as not a"
        " date; map a view that casts it to DATE (--table hcp=VIEW).")
    # The warning says what happens: both stamped values fail, as text with a time.
    assert code == 0  # warning-level rule
    assert counts == {("hcp_modified_date_valid", 2, 2), ("hcp_npi_format", 3, 0)}
    # A DATE column reads as 2024-05-01: no warning, and it passes.
    with duckdb.connect(str(path)) as con:
        con.execute("ALTER TABLE hcp ALTER modified_date__v TYPE DATE")
    code, stderr, counts = _stamped_run(tmp_path, "--source", str(path))
    assert (code, stderr) == (0, "")
    assert ("hcp_modified_date_valid", 2, 0) in counts


def test_a_postgres_timestamp_column_is_named_too(tmp_path: Path) -> None:
    import psycopg

    url = postgres.schema_url()
    with psycopg.connect(url, autocommit=True) as con:
        con.execute("CREATE TABLE hcp (vid__v TEXT, npi_num__v TEXT, modified_date__v"
                    " TIMESTAMPTZ, hcp_status__v TEXT)")
        with con.cursor() as cur:
            cur.executemany("INSERT INTO hcp VALUES (%s, '1234567893', %s, %s)", _STAMPED)
    code, stderr, counts = _stamped_run(tmp_path, "--source", url)
    assert code == 0
    assert "Warning: hcp.modified_date__v is timestamptz in 'postgresql://" in stderr
    assert "which hcp_modified_date_valid fails as not a date" in stderr
    assert ("hcp_modified_date_valid", 2, 2) in counts


def test_the_sqlite_database_itself_is_not_given_a_missing_table(tmp_path: Path) -> None:
    # The --db database lacks the NPPES deactivation table: the rule that reads it is
    # skipped, as on every other source, and the table is not created empty (which would
    # pass the rule and resolve its issues).
    path = tmp_path / "data.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE hcp (vid__v, npi_num__v, last_name__v, hcp_status__v)")
    con.executemany("INSERT INTO hcp VALUES (?, ?, ?, ?)", ROWS)
    con.commit()
    con.close()
    res = CliRunner().invoke(app, ["validate", "--db", str(path), "--no-progress", "--rule",
                                   "hcp_last_name_required,hcp_npi_deactivated"])
    assert res.exit_code == 1, res.output
    assert res.stderr.splitlines() == [
        f"Warning: '{path}' has no table 'npi_deactivation': rule hcp_npi_deactivated was"
        " skipped."]
    con = sqlite3.connect(path)
    try:
        assert con.execute("SELECT name FROM sqlite_master WHERE name = 'npi_deactivation'"
                           ).fetchall() == []
        assert con.execute("SELECT rule_id, failed FROM vdq_rule_result").fetchall() == [
            ("hcp_last_name_required", 1)]
    finally:
        con.close()
