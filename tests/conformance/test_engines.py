"""Conformance: every built-in rule gives the same answer on every engine.

The records of each case in tests/rules/test_builtin_rules.py are loaded into SQLite, then
copied as they are (every column TEXT) into each other engine's database. The rule runs on
each engine; the rows checked, rows failed and failing record ids must be the same, and must
be what the case says. A new engine plugs in by adding a loader to LOADERS.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest
from sqlglot import exp

from tests import postgres, spark
from tests.conftest import insert
from tests.rules.test_builtin_rules import AS_OF, BASE, CASES, Row, addr, hco, hcp, lic
from veeva_dq.db import connect
from veeva_dq.engines import Engine, SqliteEngine
from veeva_dq.engines._duckdb import DuckdbEngine
from veeva_dq.model import Model
from veeva_dq.rules import Rule
from veeva_dq.validate import run_validation

Outcome = tuple[int, int, set[str]]
# (the SQLite database holding the case's records, a folder to write in) -> the engine
Loader = Callable[[sqlite3.Connection, Path], Engine]


def _ident(name: str) -> exp.Identifier:
    return exp.to_identifier(name, quoted=True)


def _sqlite(source: sqlite3.Connection, tmp: Path) -> Engine:
    return SqliteEngine(source)


def _duckdb(source: sqlite3.Connection, tmp: Path) -> Engine:
    """A DuckDB file with the same tables and rows, every column VARCHAR."""
    path = tmp / "source.duckdb"
    con = duckdb.connect(str(path))
    try:
        names = [str(r[0]) for r in source.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'vdq%'")]
        for name in names:
            cols = SqliteEngine(source).columns(name)
            schema = exp.Schema(this=exp.Table(this=_ident(name)), expressions=[
                exp.ColumnDef(this=_ident(c), kind=exp.DataType.build("VARCHAR")) for c in cols])
            con.execute(exp.Create(this=schema, kind="TABLE").sql("duckdb"))
            select = exp.select(*[exp.column(c, quoted=True) for c in cols]).from_(
                exp.Table(this=_ident(name)))
            rows = source.execute(select.sql("sqlite")).fetchall()
            if rows:
                values = exp.Values(expressions=[
                    exp.Tuple(expressions=[exp.Placeholder() for _ in cols])])
                con.executemany(exp.Insert(this=exp.Table(this=_ident(name)),
                                           expression=values).sql("duckdb"),
                                [[None if v is None else str(v) for v in r] for r in rows])
    finally:
        con.close()
    return DuckdbEngine.open(path)


def _postgres(source: sqlite3.Connection, tmp: Path) -> Engine:
    """This session's PostgreSQL schema, emptied, with the same tables and rows (all TEXT)."""
    import psycopg
    from psycopg import sql

    from veeva_dq.engines._postgres import PostgresEngine

    url = postgres.schema_url()
    with psycopg.connect(url) as con:
        names = [str(r[0]) for r in source.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'vdq%'")]
        for name in names:
            cols = SqliteEngine(source).columns(name)
            columns = sql.SQL(", ").join(sql.Identifier(c) for c in cols)
            con.execute(sql.SQL("CREATE TABLE {} ({})").format(
                sql.Identifier(name),
                sql.SQL(", ").join(sql.SQL("{} TEXT").format(sql.Identifier(c)) for c in cols)))
            select = exp.select(*[exp.column(c, quoted=True) for c in cols]).from_(
                exp.Table(this=_ident(name)))
            with con.cursor().copy(sql.SQL("COPY {} ({}) FROM STDIN").format(
                    sql.Identifier(name), columns)) as copy:
                for row in source.execute(select.sql("sqlite")):
                    copy.write_row([None if v is None else str(v) for v in row])
    return PostgresEngine.open(url)


def _spark(source: sqlite3.Connection, tmp: Path) -> Engine:
    """The shared local SparkSession, with the same tables as temporary views (all string)."""
    from veeva_dq.engines._spark import SparkEngine

    return SparkEngine(spark.load_views(source))


LOADERS: dict[str, Loader] = {"sqlite": _sqlite, "duckdb": _duckdb, "postgres": _postgres,
                              "spark": _spark}


@pytest.fixture(params=sorted(LOADERS))
def engine_name(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def _run(engine_name: str, rule: Rule, model: Model, records: list[tuple[str, Row]],
         empty_db: tuple[Path, sqlite3.Connection], tmp_path: Path) -> Outcome:
    """Load the records, validate with the rule on the engine; results stay in SQLite."""
    path, conn = empty_db
    for table, row in [*BASE, *records]:
        insert(conn, table, row)
    engine = LOADERS[engine_name](conn, tmp_path)
    if isinstance(engine, SqliteEngine):
        results_db, store = path, conn
    else:
        results_db = tmp_path / "results.db"
        store = connect(results_db)
    try:
        outcome = run_validation(db=results_db, rules=[rule], model=model, as_of=AS_OF,
                                 selector=rule.id, rules_version="test", conn=store,
                                 engine=engine)
        ids = {str(r[0]) for r in store.execute(
            "SELECT record_id FROM vdq_issue WHERE run_id = ?", (outcome.run_id,))}
        (stored,) = store.execute("SELECT engine FROM vdq_run WHERE run_id = ?",
                                  (outcome.run_id,)).fetchone()
    finally:
        if store is not conn:
            store.close()
            engine.close()
    assert stored == engine_name
    (result,) = outcome.results
    return result.checked, result.failed, ids


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_builtin_rule(engine_name: str, rule_id: str, model: Model,
                      builtin_rules: dict[str, Rule],
                      empty_db: tuple[Path, sqlite3.Connection], tmp_path: Path) -> None:
    records, failing, checked = CASES[rule_id]
    got = _run(engine_name, builtin_rules[rule_id], model, records, empty_db, tmp_path)
    assert got == (checked, len(failing), failing)


# Values where engines are most likely to part ways: a trailing newline after a matching
# value (a regex `$` may match before it), dates at the calendar's edges, text where a digit
# is cast, no-break spaces, lower case where LIKE compares.
HOSTILE: dict[str, tuple[list[tuple[str, Row]], set[str]]] = {
    "address_us_zip_format": (
        [addr("A1", postal_code__v="02139\n"), addr("A2", postal_code__v="02139-4307\n"),
         addr("A3", postal_code__v="０２１３９"), addr("A4", postal_code__v="02139")],
        {"A1", "A2", "A3"}),
    "hcp_npi_format": ([hcp("H1", npi_num__v="1234567893\n"), hcp("H2", npi_num__v="")],
                       {"H1", "H2"}),
    "hcp_npi_check_digit": (
        [hcp("H1", npi_num__v="12345678a3"), hcp("H2", npi_num__v="1234567890"),
         hcp("H3", npi_num__v=""), hcp("H4", npi_num__v="x")], {"H2"}),
    "license_dea_check_digit": (
        [lic("L1", type_value__v="DEA", license_number__v="AB12345 3"),
         lic("L2", type_value__v="DEA", license_number__v="AB1234564\n")], set()),
    "hcp_modified_date_valid": (
        [hcp("H1", modified_date__v="0000-01-01"), hcp("H2", modified_date__v="9999-12-31"),
         hcp("H3", modified_date__v="2024-02-29\n"), hcp("H4", modified_date__v="2024-2-29"),
         hcp("H5", modified_date__v="1900-02-29"), hcp("H6", modified_date__v="2000-02-29")],
        {"H3", "H4", "H5"}),  # year 0000 is a date to both
    "hcp_last_name_required": (
        [hcp("H1", last_name__v="\u00a0"), hcp("H2", last_name__v=" \r\n\t"),
         hcp("H3", last_name__v="\u2003")], {"H1", "H2"}),
    "address_area_matches_country": (
        [addr("A1", administrative_area__v="us-MA", country__v="US"),
         addr("A2", administrative_area__v="US_MA", country__v="US")], {"A1"}),
    "address_us_phone_format": (
        [addr("A1", phone_1__v="617.555.1212\n"), addr("A2", phone_1__v="+1 (617) 555-1212")],
        {"A1"}),
    "hco_name_required": ([hco("O1", corporate_name__v="\u00a0\t")], {"O1"}),
    "hcp_email_format": ([hcp("H1", email_1__v="ana@example.org\n")], {"H1"}),
}
# Known differences, one per (engine, rule): the reason, until the engine is brought in line.
# (engine, rule id) -> why that engine is known to answer differently. Empty: the SQLite
# regexp function is made to agree with RE2 (ASCII classes, a final `$` at the very end).
DIFFERENCES: dict[tuple[str, str], str] = {}


@pytest.mark.parametrize("rule_id", sorted(HOSTILE))
def test_hostile_values(engine_name: str, rule_id: str, model: Model,
                        builtin_rules: dict[str, Rule],
                        empty_db: tuple[Path, sqlite3.Connection], tmp_path: Path,
                        request: pytest.FixtureRequest) -> None:
    reason = DIFFERENCES.get((engine_name, rule_id))
    if reason:
        request.applymarker(pytest.mark.xfail(reason=reason, strict=True))
    records, failing = HOSTILE[rule_id]
    _, failed, ids = _run(engine_name, builtin_rules[rule_id], model, records, empty_db,
                          tmp_path)
    assert (failed, ids) == (len(failing), failing)


def _memory(engine_name: str) -> Engine:
    if engine_name == "sqlite":
        return SqliteEngine(sqlite3.connect(":memory:"))
    if engine_name == "postgres":
        from veeva_dq.engines._postgres import PostgresEngine

        postgres.require_server()
        return PostgresEngine.open(postgres.server_url())
    if engine_name == "spark":
        from veeva_dq.engines._spark import SparkEngine

        return SparkEngine(spark.session())
    return DuckdbEngine(duckdb.connect())


@pytest.mark.parametrize(("condition", "expected"), [
    ("'ABC' LIKE 'a%'", True),  # SQLite's LIKE ignores ASCII case; so must every engine
    ("'abc' LIKE 'A_C'", True),
    ("'abc' LIKE 'b%'", False),
])
def test_like_ignores_ascii_case(engine_name: str, condition: str, expected: bool) -> None:
    engine = _memory(engine_name)
    try:
        tree = exp.select(exp.Case(ifs=[exp.If(this=exp.condition(condition),
                                               true=exp.Literal.number(1))],
                                   default=exp.Literal.number(0)))
        assert list(engine.query(tree)) == [(int(expected),)]
    finally:
        engine.close()


def test_cli_validates_a_duckdb_file(empty_db: tuple[Path, sqlite3.Connection],
                                     tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from veeva_dq.cli import app

    _, conn = empty_db
    for table, row in [*BASE, hcp("H1", last_name__v=" ")]:
        insert(conn, table, row)
    source = tmp_path / "data"
    source.mkdir()
    _duckdb(conn, source).close()
    results = tmp_path / "results.db"
    res = CliRunner().invoke(app, ["validate", "--engine", "duckdb", "--source",
                                   str(source / "source.duckdb"), "--db", str(results),
                                   "--rule", "hcp_last_name_required", "--no-progress"])
    assert res.exit_code == 1, res.output
    store = sqlite3.connect(results)
    try:
        assert store.execute("SELECT engine, status FROM vdq_run").fetchall() == [
            ("duckdb", "complete")]
        assert store.execute("SELECT record_id FROM vdq_issue").fetchall() == [("H1",)]
    finally:
        store.close()
    res = CliRunner().invoke(app, ["validate", "--engine", "duckdb", "--db", str(results)])
    assert res.exit_code == 2
    assert "needs --source" in res.output


def test_jobs_at_once_changes_no_result(empty_db: tuple[Path, sqlite3.Connection],
                                        tmp_path: Path) -> None:
    """DuckDB runs one job at a time over a large table, one per core over small ones;
    `--jobs 3` finds the same issues."""
    import os

    from typer.testing import CliRunner

    from veeva_dq.cli import app
    from veeva_dq.validate import default_workers

    _, conn = empty_db
    for table, row in [*BASE, hcp("H1", last_name__v=" "), hcp("H2", npi_num__v="1234567890"),
                       addr("A9", entity_vid__v="NO_SUCH_HCP")]:
        insert(conn, table, row)
    _duckdb(conn, tmp_path).close()
    per_core = max(1, min(4, len(os.sched_getaffinity(0))))
    engine = DuckdbEngine.open(tmp_path / "source.duckdb")
    try:
        assert default_workers(engine, {"hcp", "address"}) == per_core  # a few rows each
        assert default_workers(engine.cursor(), {"hcp"}) == per_core
        assert default_workers(engine, {"hcp", "no_such_table"}) == 1  # size unknown
        assert default_workers(engine, set()) == 1
    finally:
        engine.close()
    big = duckdb.connect(str(tmp_path / "big.duckdb"))
    # 8 row groups of 122,880 rows per thread: large from there.
    big.execute("SET threads = 2")
    big.execute("CREATE TABLE small AS SELECT range AS i FROM range(1966079)")
    big.execute("CREATE TABLE large AS SELECT range AS i FROM range(1966080)")
    big.close()
    engine = DuckdbEngine(duckdb.connect(str(tmp_path / "big.duckdb"), config={"threads": 2}))
    try:
        assert default_workers(engine, {"small"}) == per_core
        assert default_workers(engine, {"small", "large"}) == 1
    finally:
        engine.close()
    assert default_workers(SqliteEngine(conn), {"hcp"}) == per_core
    found = []
    for jobs in ([], ["--jobs", "3"]):
        results = tmp_path / f"results{len(jobs)}.db"
        res = CliRunner().invoke(app, ["validate", "--engine", "duckdb", "--source",
                                       str(tmp_path / "source.duckdb"), "--db", str(results),
                                       "--rule", "all", "--as-of", AS_OF.isoformat(),
                                       "--no-progress", *jobs])
        assert res.exit_code == 1, res.output
        store = sqlite3.connect(results)
        try:
            found.append((
                store.execute("SELECT rule_id, checked, failed FROM vdq_rule_result"
                              " ORDER BY rule_id").fetchall(),
                store.execute("SELECT rule_id, record_id, issue_key FROM vdq_issue"
                              " ORDER BY 1, 2, 3").fetchall()))
        finally:
            store.close()
    assert found[0] == found[1]
    assert {(r, i) for r, i, _ in found[0][1]} >= {
        ("hcp_last_name_required", "H1"), ("hcp_npi_check_digit", "H2"),
        ("address_owner_exists", "A9")}
    res = CliRunner().invoke(app, ["validate", "--jobs", "0", "--db", str(results)])
    assert res.exit_code == 2
    assert "--jobs" in res.output


def test_cli_validates_a_postgres_database(empty_db: tuple[Path, sqlite3.Connection],
                                           tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from veeva_dq.cli import app

    _, conn = empty_db
    for table, row in [*BASE, hcp("H1", last_name__v=" ")]:
        insert(conn, table, row)
    _postgres(conn, tmp_path).close()
    url = postgres.schema_url(fresh=False)  # the tables just loaded, in the session's schema
    results = tmp_path / "results.db"
    res = CliRunner().invoke(app, ["validate", "--engine", "postgres", "--source", url,
                                   "--db", str(results), "--rule", "hcp_last_name_required",
                                   "--no-progress"])
    assert res.exit_code == 1, res.output
    store = sqlite3.connect(results)
    try:
        assert store.execute("SELECT engine, status FROM vdq_run").fetchall() == [
            ("postgres", "complete")]
        assert store.execute("SELECT record_id FROM vdq_issue").fetchall() == [("H1",)]
    finally:
        store.close()
    res = CliRunner().invoke(app, ["validate", "--engine", "postgres", "--db", str(results)])
    assert res.exit_code == 2
    assert "needs --source" in res.output
    res = CliRunner().invoke(app, ["validate", "--engine", "postgres", "--db", str(results),
                                   "--source", postgres.with_schema(url, "vdq_no_such_schema")])
    assert res.exit_code == 2
    assert "has no table" in res.output


def test_postgres_workers_are_read_only() -> None:
    import psycopg

    from veeva_dq.engines._postgres import PostgresEngine

    postgres.require_server()
    engine = PostgresEngine.open(postgres.schema_url())
    worker = engine.cursor()
    try:
        with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
            worker.conn.execute("CREATE TABLE vdq_should_fail (x TEXT)")
        worker.conn.rollback()
        assert worker.location == engine.location
    finally:
        worker.close()
        engine.close()


def test_postgres_url_password_is_not_shown() -> None:
    from veeva_dq.engines._base import redact_url

    assert redact_url("postgresql://u:secret@h:5432/db?x=1") == "postgresql://u:***@h:5432/db?x=1"
    assert redact_url("postgresql://u@h/db") == "postgresql://u@h/db"
    assert (redact_url("postgresql://u@h/db?sslmode=require&password=S3cr%40t&PASSWORD=x")
            == "postgresql://u@h/db?sslmode=require&password=***&PASSWORD=***")
    assert redact_url("postgresql://u:a@h/db?password=b") == "postgresql://u:***@h/db?password=***"


def test_postgres_errors_never_show_a_password_given_in_the_query(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from veeva_dq.cli import app

    url = "postgresql://vdq_nobody@127.0.0.1:1/test?password=S3cretPW&connect_timeout=2"
    res = CliRunner().invoke(app, ["validate", "--source", url, "--db", str(tmp_path / "r.db")])
    assert res.exit_code == 2
    assert "S3cretPW" not in res.output
    assert "password=***" in res.output


def test_postgres_interrupt_cancels_the_running_query() -> None:
    import threading

    import psycopg

    from veeva_dq.engines._postgres import PostgresEngine

    postgres.require_server()
    engine = PostgresEngine.open(postgres.server_url())
    try:
        timer = threading.Timer(0.5, engine.interrupt)
        timer.start()
        with pytest.raises(psycopg.errors.QueryCanceled):
            list(engine.query(exp.select(exp.func("pg_sleep", exp.Literal.number(30)))))
        timer.join()
        assert list(engine.query(exp.select(exp.Literal.number(1)))) == [(1,)]
    finally:
        engine.close()


# Column names a customer model may bring: quotes, a semicolon, a comment marker, accents,
# CJK. Identifiers are always quoted by the compiler, so they are just names on every engine.
HOSTILE_MODEL = """
objects:
  hcp:
    fields:
      'nom "du" médecin; --__c': {label: Hostile, type: text}
      '名前__c': {label: Unicode, type: text}
"""
HOSTILE_COL, UNICODE_COL = 'nom "du" médecin; --__c', "名前__c"


def test_hostile_column_names_and_unicode_values(engine_name: str, tmp_path: Path) -> None:
    from veeva_dq.db import ensure_bookkeeping, ensure_object_table
    from veeva_dq.model import load_model
    from veeva_dq.rules import load_pack

    (tmp_path / "model.yaml").write_text(HOSTILE_MODEL, "utf-8")
    model = load_model(tmp_path / "model.yaml")
    pack = tmp_path / "pack.yaml"
    base = {"object": "hcp", "dimension": "validity", "severity": "error", "description": "d"}
    specs = [
        {"id": "h_required", "kind": "not_null", "column": HOSTILE_COL},
        {"id": "h_unique", "kind": "unique", "column": HOSTILE_COL},
        {"id": "u_length", "kind": "length", "column": UNICODE_COL, "params": {"max": 4}},
        {"id": "u_set", "kind": "in_set", "column": UNICODE_COL,
         "params": {"values": ["山田", "Müller", "Łódź"]}},
        {"id": "u_expr", "kind": "expression", "when": f"\"{UNICODE_COL}\" IS NOT NULL",
         "params": {"fail_when": f"UPPER(\"{UNICODE_COL}\") = 'MÜLLER'"}},
    ]
    import yaml

    pack.write_text(yaml.safe_dump({"name": "hostile", "rules": [{**base, **s} for s in specs]},
                                   allow_unicode=True), "utf-8")
    rules = {r.id: r for r in load_pack(pack, model).rules}
    path = tmp_path / "src.db"
    conn = connect(path)
    ensure_bookkeeping(conn)
    for obj in model.objects.values():
        ensure_object_table(conn, obj)
    rows = [("H1", "x'); DROP TABLE hcp; --", "山田"), ("H2", "x'); DROP TABLE hcp; --", "Müller"),
            ("H3", " ", "Łódź"), ("H4", None, "e\u0301té"), ("H5", "ok", "山田太郎")]
    for vid, hostile, uni in rows:
        insert(conn, "hcp", {"vid__v": vid, HOSTILE_COL: hostile, UNICODE_COL: uni})
    conn.commit()
    engine = LOADERS[engine_name](conn, tmp_path)
    results = tmp_path / "results.db"
    store = connect(results) if engine_name != "sqlite" else conn
    try:
        got = {}
        for rule in rules.values():
            out = run_validation(db=results if store is not conn else path, rules=[rule],
                                 model=model, as_of=AS_OF, selector=rule.id,
                                 rules_version="t", conn=store, engine=engine)
            ids = {str(r[0]) for r in store.execute(
                "SELECT record_id FROM vdq_issue WHERE run_id = ?", (out.run_id,))}
            (res,) = out.results
            got[rule.id] = (res.checked, res.failed, ids)
    finally:
        if store is not conn:
            store.close()
            engine.close()
        conn.close()
    assert got == {
        "h_required": (5, 2, {"H3", "H4"}),  # a blank is missing; the SQL-looking text is data
        "h_unique": (4, 2, {"H1", "H2"}),
        "u_length": (5, 1, {"H2"}),  # code points, not bytes: e + combining accent is 2
        "u_set": (5, 2, {"H4", "H5"}),
        "u_expr": (5, 1, {"H2"}),  # UPPER folds ü beyond ASCII on every engine
    }


def test_cli_validates_a_parquet_folder_on_spark(empty_db: tuple[Path, sqlite3.Connection],
                                                 tmp_path: Path) -> None:
    """`veeva-dq validate --engine spark --source folder/`, end to end: Parquet files written
    from the records, read by Spark, the run and its issues stored in the SQLite --db."""
    from typer.testing import CliRunner

    from veeva_dq.cli import app

    session = spark.session()  # the shared session: the command reuses it, and leaves it up
    _, conn = empty_db
    for table, row in [*BASE, hcp("H1", last_name__v=" "), hcp("H2", npi_num__v="1234567890"),
                       addr("A1"), addr("A2", entity_vid__v="O0"),
                       addr("A3", entity_vid__v="H9")]:
        insert(conn, table, row)
    lake = tmp_path / "lake"
    lake.mkdir()
    con = _duckdb(conn, tmp_path)
    try:
        for name in ("hcp", "hco", "address"):
            con.con.execute(f"COPY {_ident(name).sql('duckdb')} TO"
                            f" '{lake / name}.parquet' (FORMAT parquet)")
    finally:
        con.close()
    results = tmp_path / "results.db"
    res = CliRunner().invoke(app, ["validate", "--engine", "spark", "--source", str(lake),
                                   "--db", str(results), "--rule",
                                   "hcp_last_name_required,hcp_npi_check_digit,"
                                   "address_owner_exists", "--no-progress", "--as-of",
                                   "2026-01-01"])
    assert res.exit_code == 1, res.output
    store = sqlite3.connect(results)
    try:
        assert store.execute("SELECT engine, status FROM vdq_run").fetchall() == [
            ("spark", "complete")]
        assert sorted(store.execute("SELECT rule_id, record_id FROM vdq_issue")) == [
            ("address_owner_exists", "A3"), ("hcp_last_name_required", "H1"),
            ("hcp_npi_check_digit", "H2")]
        assert store.execute("SELECT rule_id, checked, failed FROM vdq_rule_result"
                             " ORDER BY rule_id").fetchall() == [
            ("address_owner_exists", 3, 1), ("hcp_last_name_required", 3, 1),
            ("hcp_npi_check_digit", 3, 1)]
    finally:
        store.close()
    # The views of the files were dropped when the command closed its engine.
    assert not [r for r in session.sql("SHOW TABLES").collect() if r["tableName"].startswith(
        "vdq_parquet_")]
    # The views are named after the files they read, so the next run's SQL is the same and
    # its plan comes from the plan cache, with the same results.
    again = CliRunner().invoke(app, ["validate", "--engine", "spark", "--source", str(lake),
                                     "--db", str(results), "--rule",
                                     "hcp_last_name_required,hcp_npi_check_digit,"
                                     "address_owner_exists", "--no-progress", "--as-of",
                                     "2026-01-01", "--timings"])
    assert again.exit_code == 1, again.output
    assert "plan: read from the plan cache" in again.stderr
    store = sqlite3.connect(results)
    try:
        assert store.execute("SELECT rule_id, checked, failed FROM vdq_rule_result"
                             " WHERE run_id = 2 ORDER BY rule_id").fetchall() == [
            ("address_owner_exists", 3, 1), ("hcp_last_name_required", 3, 1),
            ("hcp_npi_check_digit", 3, 1)]
    finally:
        store.close()


def test_spark_interrupt_cancels_only_its_own_worker() -> None:
    """Workers share one SparkSession; interrupt() cancels the running jobs of its own worker
    (its job tag) and leaves another worker's query alone."""
    import threading
    import time

    from veeva_dq.engines._spark import SparkEngine

    root = SparkEngine(spark.session())
    stopped, other = root.cursor(), root.cursor()

    def over_range(n: int, agg: exp.Expr) -> exp.Expr:
        return exp.select(agg).from_(exp.Anonymous(this="RANGE",
                                                   expressions=[exp.Literal.number(n)]))

    endless = over_range(10**13, exp.func("SUM", exp.Mod(this=exp.column("id"),
                                                         expression=exp.Literal.number(7))))
    finite = over_range(3 * 10**7, exp.func("COUNT", exp.Star()))
    outcome: dict[str, object] = {}

    def run(name: str, engine: SparkEngine, tree: exp.Expr) -> None:
        try:
            outcome[name] = list(engine.query(tree))
        except Exception as exc:
            outcome[name] = exc

    tracker = root.session.sparkContext.statusTracker()
    first = threading.Thread(target=run, args=("stopped", stopped, endless))
    first.start()
    deadline = time.monotonic() + 120
    while not tracker.getActiveJobsIds() and time.monotonic() < deadline:
        time.sleep(0.2)  # interrupt() cancels running jobs: wait for the job to start
    second = threading.Thread(target=run, args=("other", other, finite))
    second.start()
    time.sleep(1.0)
    stopped.interrupt()
    for t in (first, second):
        t.join(timeout=180)
    assert outcome["other"] == [(3 * 10**7,)]
    assert isinstance(outcome["stopped"], Exception)
    assert "cancel" in str(outcome["stopped"]).lower()
    assert list(stopped.query(exp.select(exp.Literal.number(1)))) == [(1,)]


@pytest.mark.parametrize(("pattern", "expected"), [
    ("^[0-9]{5}$", r"^[0-9]{5}\z"),
    ("^(a$|b)$", r"^(a\z|b)\z"),  # every anchor, not only a final one
    (r"^a\$$", r"^a\$\z"),  # an escaped `$` is a dollar sign
    ("^[$]x$", r"^[$]x\z"),  # so is one inside a class
    ("^[]$]$", r"^[]$]\z"),  # a `]` first in a class does not close it
    ("^[^]$]$", r"^[^]$]\z"),
    (r"^\\$", r"^\\\z"),  # an escaped backslash, then an anchor
])
def test_end_anchors(pattern: str, expected: str) -> None:
    from veeva_dq.engines._base import end_anchors

    assert end_anchors(pattern, r"\z") == expected
