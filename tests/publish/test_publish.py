"""Publishing to DuckDB, PostgreSQL and a Parquet folder, then validating there.

Every kind of target must give exactly the answers of the SQLite staging database: the same
(checked, failed) per rule and the same failing record ids. A publish replaces each table
whole, and a failing publish leaves the target as it was.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import duckdb
import pytest
from sqlglot import exp
from typer.testing import CliRunner

from tests import postgres
from tests.conftest import SAMPLES, insert
from veeva_dq.cli import app
from veeva_dq.db import connect, ensure_bookkeeping, ensure_object_table
from veeva_dq.model import Model
from veeva_dq.publish import PublishError, parse_target, publish_tables

NPPES_2016 = SAMPLES / "nppes_npidata_2016_first10k_41cols.csv"
NPPES_2025 = SAMPLES / "nppes_npidata_2025_first1000_fullwidth.csv"
KINDS = ("duckdb", "parquet", "postgres")
Outcome = dict[str, tuple[int, int, tuple[str, ...]]]


def _target(kind: str, tmp: Path) -> str:
    if kind == "duckdb":
        return f"duckdb://{tmp / 'lake.duckdb'}"
    if kind == "parquet":
        return str(tmp / "lake")
    return postgres.schema_url()


def _rows(kind: str, target: str, table: str) -> list[tuple[Any, ...]]:
    """Every row of a published table, in key order, read straight from the target."""
    if kind == "postgres":
        import psycopg
        from psycopg import sql

        with psycopg.connect(target) as con:
            return con.execute(sql.SQL("SELECT * FROM {} ORDER BY 1").format(
                sql.Identifier(table))).fetchall()
    con = duckdb.connect()
    try:
        rel = (exp.Anonymous(this="read_parquet", expressions=[
            exp.Literal.string(str(Path(target) / f"{table}.parquet"))])
            if kind == "parquet" else exp.Table(
                this=exp.to_identifier(table, quoted=True),
                db=exp.to_identifier("lake", quoted=True)))
        if kind == "duckdb":
            con.execute(exp.Attach(this=exp.alias_(
                exp.Literal.string(parse_target(target).location), "lake"),
                expressions=[exp.AttachOption(this=exp.var("READ_ONLY"))]).sql("duckdb"))
        q = exp.select("*").from_(exp.Table(this=rel) if kind == "parquet" else rel)
        return con.execute(q.order_by("1").sql("duckdb")).fetchall()
    finally:
        con.close()


def _columns(kind: str, target: str, table: str) -> list[tuple[str, str]]:
    """(name, type) of a published table's columns."""
    if kind == "postgres":
        import psycopg

        with psycopg.connect(target) as con:
            return [(str(n), str(t)) for n, t in con.execute(
                "SELECT column_name, data_type FROM information_schema.columns WHERE"
                " table_schema = current_schema() AND table_name = %s ORDER BY"
                " ordinal_position", [table]).fetchall()]
    path = (Path(target) / f"{table}.parquet") if kind == "parquet" else None
    con = duckdb.connect(parse_target(target).location if kind == "duckdb" else ":memory:",
                         read_only=kind == "duckdb")
    try:
        rel = con.read_parquet(str(path)) if path else con.table(table)
        return [(str(n), str(t)) for n, t in zip(rel.columns, rel.types, strict=True)]
    finally:
        con.close()


def _outcome(results: Path) -> Outcome:
    store = sqlite3.connect(results)
    try:
        (run_id,) = store.execute("SELECT MAX(run_id) FROM vdq_run").fetchone()
        out: Outcome = {}
        for rule_id, checked, failed in store.execute(
                "SELECT rule_id, checked, failed FROM vdq_rule_result WHERE run_id = ?",
                (run_id,)):
            ids = tuple(sorted(str(r[0]) for r in store.execute(
                "SELECT record_id FROM vdq_issue WHERE run_id = ? AND rule_id = ?",
                (run_id, rule_id))))
            out[str(rule_id)] = (int(checked), int(failed), ids)
        return out
    finally:
        store.close()


def _validate(results: Path, *args: str) -> Outcome:
    res = CliRunner().invoke(app, ["validate", "--rule", "all", "--db", str(results),
                                   "--no-progress", "--as-of", "2026-01-01", *args])
    assert res.exit_code == 1, res.output  # error-level rules fail on the real data
    return _outcome(results)


def _invoke(*args: str) -> Any:
    return CliRunner().invoke(app, list(args))


@pytest.mark.slow
@pytest.mark.parametrize("kind", KINDS)
def test_ingest_target_validates_exactly_like_staging(kind: str, tmp_path: Path) -> None:
    """Both real NPPES samples, each ingested with --target (the second re-publishes):
    validating the target gives the staging database's counts and failing ids, rule by
    rule, including the NPPES deactivation rules that read npi_deactivation."""
    target = _target(kind, tmp_path)
    staging = tmp_path / "staging.db"
    for sample in (NPPES_2016, NPPES_2025):
        res = _invoke("ingest", str(sample), "--db", str(staging), "--target", target,
                      "--no-progress")
        assert res.exit_code == 0, res.output
        assert "Published hcp: 7,881 rows" in res.output
        assert "Published npi_deactivation:" in res.output
    expected = _validate(staging)
    got = _validate(tmp_path / "results.db", "--source", target)
    # NPPES has no parent-HCO affiliations: staging holds an empty parenthco table, which
    # publish does not copy, so on the target the rules that read parenthco are skipped.
    skipped = {r for r in expected if r.startswith("parenthco_")}
    assert len(skipped) == 8
    assert all(expected[r][:2] == (0, 0) for r in skipped)
    assert got == {r: v for r, v in expected.items() if r not in skipped}
    assert expected["hcp_npi_deactivated"][:2] == (7881, 41)
    assert expected["hco_npi_deactivated"][:2] == (1803, 4)
    assert sum(1 for v in expected.values() if v[1]) >= 5
    # every column text, names as in staging (bookkeeping columns included)
    cols = _columns(kind, target, "hcp")
    assert {t.lower() for _, t in cols} == ({"text"} if kind == "postgres" else {"varchar"})
    conn = sqlite3.connect(staging)
    staged = [str(r[1]) for r in conn.execute("PRAGMA table_info(hcp)")]
    assert [n for n, _ in cols] == staged
    # the validation bookkeeping stays in the staging database only
    assert not any(n.startswith("vdq_") for n in _published_tables(kind, target))


def _published_tables(kind: str, target: str) -> set[str]:
    if kind == "parquet":
        return {p.stem for p in Path(target).iterdir()}
    if kind == "duckdb":
        con = duckdb.connect(parse_target(target).location, read_only=True)
        try:
            return {str(r[0]) for r in con.execute("SHOW TABLES").fetchall()}
        finally:
            con.close()
    import psycopg

    with psycopg.connect(target) as pg:
        return {str(r[0]) for r in pg.execute(
            "SELECT table_name FROM information_schema.tables"
            " WHERE table_schema = current_schema()").fetchall()}


def _hcp_file(tmp: Path, name: str, n: int) -> Path:
    path = tmp / name
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = ["vid__v,first_name__v,last_name__v,npi_num__v"]
    lines += [f"V{i},First{i},Last{i},1234567893" for i in range(n)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("kind", KINDS)
def test_republish_replaces_the_table(kind: str, tmp_path: Path) -> None:
    """A second ingest of a smaller file (into a fresh staging database) leaves exactly its
    rows in the target: the table is replaced, not appended to or merged."""
    target = _target(kind, tmp_path)
    big, small = _hcp_file(tmp_path, "hcp.csv", 5), _hcp_file(tmp_path / "s", "hcp.csv", 2)
    assert _invoke("ingest", str(big), "--db", str(tmp_path / "a.db"), "--target", target,
                   "--no-progress").exit_code == 0
    assert [r[0] for r in _rows(kind, target, "hcp")] == [f"V{i}" for i in range(5)]
    res = _invoke("ingest", str(small), "--db", str(tmp_path / "b.db"), "--target", target,
                  "--no-progress")
    assert res.exit_code == 0, res.output
    assert "Published hcp: 2 rows" in res.output
    assert [r[0] for r in _rows(kind, target, "hcp")] == ["V0", "V1"]
    if kind == "parquet":  # no temporary file is left behind
        assert sorted(p.name for p in Path(target).iterdir()) == ["hcp.parquet"]


HOSTILE: list[dict[str, str | None]] = [
    {"vid__v": "1", "first_name__v": "", "last_name__v": None,
     'note "x", y__c': "line\nbreak, \"quoted\""},
    {"vid__v": "2", "first_name__v": "\\N", "last_name__v": "back\\slash\ttab",
     'note "x", y__c': "  "},
    {"vid__v": "3", "first_name__v": "Østergaard", "last_name__v": "O'Brien; Jr",
     'note "x", y__c': "🙂 \r\n end"},
]


def _hostile_staging(tmp: Path, model: Model) -> Path:
    db = tmp / "hostile.db"
    conn = connect(db)
    ensure_bookkeeping(conn)
    ensure_object_table(conn, model.object("hcp"), ['note "x", y__c'])
    for row in HOSTILE:
        insert(conn, "hcp", row)
    conn.close()
    return db


@pytest.mark.parametrize("kind", KINDS)
def test_values_and_names_round_trip(kind: str, tmp_path: Path, model: Model) -> None:
    """Empty string and NULL stay apart; line breaks, quotes, backslashes, tabs, `\\N` and
    non-ASCII text arrive as stored; a column name with quotes and a comma is kept."""
    db = _hostile_staging(tmp_path, model)
    target = _target(kind, tmp_path)
    result = publish_tables(db, target, model, ["hcp"])
    assert [(t.table, t.rows) for t in result.tables] == [("hcp", 3)]
    names = [n for n, _ in _columns(kind, target, "hcp")]
    assert 'note "x", y__c' in names
    rows = _rows(kind, target, "hcp")
    for want, got in zip(HOSTILE, rows, strict=True):
        record = dict(zip(names, got, strict=True))
        for column, value in want.items():
            assert record[column] == value, (column, record[column])
        assert record["middle_name__v"] is None


def _poison(db: Path) -> None:
    """A value SQLite holds but cannot hand over as text (invalid UTF-8): reading the table
    fails halfway through a publish."""
    conn = sqlite3.connect(db)
    conn.execute("UPDATE address SET address_line_1__v = CAST(X'FF00FF' AS TEXT)"
                 " WHERE rowid = (SELECT MAX(rowid) FROM address)")
    conn.commit()
    conn.close()


@pytest.mark.slow
@pytest.mark.parametrize("kind", KINDS)
def test_failing_publish_leaves_the_old_tables(kind: str, tmp_path: Path) -> None:
    """hcp is written, then address fails: the target keeps its previous hcp and address,
    the command exits 2 with one sentence naming the target, and no temporary file or
    table is left."""
    target = _target(kind, tmp_path)
    staging = tmp_path / "staging.db"
    small = _hcp_file(tmp_path, "hcp.csv", 3)
    assert _invoke("ingest", str(small), "--db", str(tmp_path / "small.db"), "--target",
                   target, "--no-progress").exit_code == 0
    before = _published_tables(kind, target)
    assert _invoke("ingest", str(NPPES_2016), "--db", str(staging), "--no-progress"
                   ).exit_code == 0
    _poison(staging)
    res = _invoke("publish", "--db", str(staging), "--target", target, "--no-progress")
    assert res.exit_code == 2, res.output
    message = " ".join(res.output.split())
    assert "Publishing 'address'" in message
    assert parse_target(target).shown in message
    assert "Nothing was replaced." in message
    assert [r[0] for r in _rows(kind, target, "hcp")] == ["V0", "V1", "V2"]
    assert _published_tables(kind, target) == before


def test_publish_command_tables_and_objects(tmp_path: Path, model: Model) -> None:
    """`publish` without --object copies every table of the staging database, empty ones
    included; with --object only those."""
    staging = tmp_path / "staging.db"
    assert _invoke("ingest", str(_hcp_file(tmp_path, "hcp.csv", 2)), "--db", str(staging),
                   "--no-progress").exit_code == 0
    one = tmp_path / "one.duckdb"
    res = _invoke("publish", "--db", str(staging), "--target", str(one), "--object", "hcp",
                  "--no-progress")
    assert res.exit_code == 0, res.output
    assert _published_tables("duckdb", str(one)) == {"hcp"}
    every = tmp_path / "every"
    res = _invoke("publish", "--db", str(staging), "--target", str(every), "--no-progress")
    assert res.exit_code == 0, res.output
    assert _published_tables("parquet", str(every)) == {
        "hcp", "hco", "address", "license", "parenthco", "npi_deactivation"}
    assert "Published license: 0 rows" in res.output
    assert "replaced 6 tables" in " ".join(res.output.split())


def _error(res: Any) -> str:
    assert res.exit_code == 2, res.output
    return " ".join(res.output.split())


def test_errors_name_the_target(tmp_path: Path) -> None:
    hcp = _hcp_file(tmp_path, "hcp.csv", 1)
    staging = tmp_path / "staging.db"

    def ingest(target: str) -> str:
        return _error(_invoke("ingest", str(hcp), "--db", str(staging), "--target", target,
                              "--no-progress"))

    msg = ingest("mysql://me:s3cret@db.example:3306/crm")
    assert "--target 'mysql://me:***@db.example:3306/crm' has an unknown scheme 'mysql://'" in msg
    assert "s3cret" not in msg
    a_file = tmp_path / "lake.txt"
    a_file.write_text("x")
    msg = ingest(str(a_file))
    assert f"--target '{a_file}' is a csv file, not a folder" in msg
    (tmp_path / "dir.duckdb").mkdir()
    msg = ingest(str(tmp_path / "dir.duckdb"))
    assert f"--target '{tmp_path / 'dir.duckdb'}' is a folder; a DuckDB target is a" in msg
    # a server that does not answer: found before anything is loaded, password redacted
    msg = ingest("postgresql://me:s3cret@127.0.0.1:1/crm")
    assert "PostgreSQL target 'postgresql://me:***@127.0.0.1:1/crm' cannot be reached:" in msg
    assert "s3cret" not in msg
    assert not staging.exists()  # every error above stopped the ingest before it began
    # publish: an unknown table, a missing staging database, a folder already holding CSV
    assert _invoke("ingest", str(hcp), "--db", str(staging), "--no-progress").exit_code == 0
    msg = _error(_invoke("publish", "--db", str(staging), "--target", str(tmp_path / "o"),
                         "--object", "provider"))
    assert "'provider' cannot be published; allowed: hcp, hco, address" in msg
    msg = _error(_invoke("publish", "--db", str(tmp_path / "none.db"), "--target",
                         str(tmp_path / "o")))
    assert "does not exist" in msg
    csv_lake = tmp_path / "csv_lake"
    csv_lake.mkdir()
    (csv_lake / "hcp.csv").write_text("vid__v\n1\n")
    msg = _error(_invoke("publish", "--db", str(staging), "--target", str(csv_lake),
                         "--object", "hcp"))
    assert "already holds hcp.csv for 'hcp'" in msg
    assert sorted(p.name for p in csv_lake.iterdir()) == ["hcp.csv"]


def test_postgres_schema_that_does_not_exist(tmp_path: Path, model: Model) -> None:
    url = postgres.with_schema(postgres.schema_url().partition("?")[0], "vdq_no_such_schema")
    with pytest.raises(PublishError, match=r"no schema of its search_path \(vdq_no_such_schema"
                       r"\) exists"):
        publish_tables(_hostile_staging(tmp_path, model), url, model)


def test_target_kinds() -> None:
    kinds = {t: parse_target(t).kind for t in (
        "duckdb:///abs/x.duckdb", "rel/x.duckdb", "postgresql://u@h/db", "postgres://u@h/db",
        "lake")}
    assert kinds == {"duckdb:///abs/x.duckdb": "duckdb", "rel/x.duckdb": "duckdb",
                     "postgresql://u@h/db": "postgres", "postgres://u@h/db": "postgres",
                     "lake": "parquet"}
    assert parse_target("duckdb:///abs/x.duckdb").location == "/abs/x.duckdb"
    assert parse_target("postgresql://u:pw@h/db").shown == "postgresql://u:***@h/db"
