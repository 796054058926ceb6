"""profile_object on small hand-made tables: every statistic exact, hostile names safe."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.conftest import insert
from veeva_dq.compile._sqlexpr import table
from veeva_dq.db import ensure_object_table
from veeva_dq.model import Model
from veeva_dq.profile import (
    ColumnProfile,
    ProfileError,
    loaded_objects,
    open_database,
    profile_object,
    profile_to_dict,
    value_pattern,
)
from veeva_dq.profile._profile import column_query

# postal_code__v: two blank values (empty, whitespace-only) and one NULL count as null.
POSTAL = ["02139-4307", "02139", "10001", "10001", " \t", "", None, "ABC12"]


def _addresses(conn: sqlite3.Connection) -> None:
    for i, code in enumerate(POSTAL, start=1):
        insert(conn, "address", {"vid__v": f"A{i}", "entity_vid__v": f"H{i}",
                                 "postal_code__v": code, "country__v": "US"})


def test_value_pattern() -> None:
    assert value_pattern("02139-4307") == "99999-9999"
    assert value_pattern("Ab-1 é/x") == "AA-9 é/A"
    assert value_pattern("  ") == "  "
    assert value_pattern(None) is None
    assert value_pattern(123) == "999"


def test_column_statistics_are_exact(empty_db: tuple[Path, sqlite3.Connection],
                                     model: Model) -> None:
    _, conn = empty_db
    _addresses(conn)
    p = profile_object(conn, model, "address")
    assert p.object == "address"
    assert p.rows == 8
    c = p.column("postal_code__v")
    assert (c.nulls, c.blank, c.present, c.distinct) == (3, 2, 5, 4)
    assert c.null_pct == 37.5
    # Ties are broken by the value: '02139' < '02139-4307' < 'ABC12'.
    assert c.top_values == (("10001", 2), ("02139", 1), ("02139-4307", 1), ("ABC12", 1))
    assert c.patterns == (("99999", 3), ("99999-9999", 1), ("AAA99", 1))
    assert (c.min_length, c.max_length) == (5, 10)
    assert (c.min_value, c.max_value) == ("02139", "ABC12")
    assert c.valid_dates is None
    assert c.all_values == c.top_values
    assert (c.field_type, c.in_model) == ("text", True)


def test_empty_and_constant_columns(empty_db: tuple[Path, sqlite3.Connection],
                                    model: Model) -> None:
    _, conn = empty_db
    _addresses(conn)
    p = profile_object(conn, model, "address")
    empty = p.column("locality__v")
    assert empty == ColumnProfile(
        name="locality__v", field_type="text", in_model=True, rows=8, nulls=8, blank=0,
        distinct=0, top_values=(), patterns=(), min_length=None, max_length=None,
        min_value=None, max_value=None,
    )
    country = p.column("country__v")
    assert (country.distinct, country.top_values, country.patterns) == (1, (("US", 8),),
                                                                        (("AA", 8),))
    # Columns come in table order; the bookkeeping columns are not profiled.
    assert [c.name for c in p.columns][:3] == ["vid__v", "entity_vid__v", "address_line_1__v"]
    assert not {"_source_file", "_source_line"} & {c.name for c in p.columns}


def test_date_fields_take_min_and_max_among_real_dates(
    empty_db: tuple[Path, sqlite3.Connection], model: Model
) -> None:
    _, conn = empty_db
    dates = ["2024-02-29", "2023-02-29", "2024-13-01", "2020-01-05", "01/02/2020", None,
             "2020-01-05"]
    for i, d in enumerate(dates):
        insert(conn, "hcp", {"vid__v": f"H{i}", "modified_date__v": d})
    c = profile_object(conn, model, "hcp").column("modified_date__v")
    assert c.field_type == "date"
    # Text order would give '01/02/2020' and '2024-13-01'.
    assert (c.min_value, c.max_value) == ("2020-01-05", "2024-02-29")
    assert c.valid_dates == 3  # 2024-02-29 and 2020-01-05 twice
    assert c.patterns == (("9999-99-99", 5), ("99/99/9999", 1))


def test_no_real_date_gives_none(empty_db: tuple[Path, sqlite3.Connection],
                                 model: Model) -> None:
    _, conn = empty_db
    insert(conn, "hcp", {"vid__v": "H1", "modified_date__v": "2023-02-30"})
    c = profile_object(conn, model, "hcp").column("modified_date__v")
    assert (c.min_value, c.max_value, c.valid_dates) == (None, None, 0)


HOSTILE = ['we"ird; col', "spa ce", "x'); DROP TABLE hcp; --", "v", "n"]


def test_extra_and_hostile_columns(empty_db: tuple[Path, sqlite3.Connection],
                                   model: Model) -> None:
    _, conn = empty_db
    ensure_object_table(conn, model.object("hcp"), HOSTILE)
    insert(conn, "hcp", {"vid__v": "H1", **dict.fromkeys(HOSTILE, "a'b\"c;1")})
    insert(conn, "hcp", {"vid__v": "H2", **dict.fromkeys(HOSTILE, "a'b\"c;1")})
    insert(conn, "hcp", {"vid__v": "H3", 'we"ird; col': "Z9"})
    p = profile_object(conn, model, "hcp")
    weird = p.column('we"ird; col')
    assert (weird.in_model, weird.field_type) == (False, "text")
    assert weird.top_values == (("a'b\"c;1", 2), ("Z9", 1))
    assert weird.patterns == (("A'A\"A;9", 2), ("A9", 1))
    for name in HOSTILE[1:]:
        assert p.column(name).top_values == (("a'b\"c;1", 2),)
        assert p.column(name).nulls == 1
    assert conn.execute("SELECT count(*) FROM hcp").fetchone() == (3,)
    sql = column_query('we"ird; col', table("hcp"), top=3, is_date=False).sql("sqlite")
    assert '"we""ird; col"' in sql


def test_top_and_sample(empty_db: tuple[Path, sqlite3.Connection], model: Model) -> None:
    _, conn = empty_db
    _addresses(conn)
    assert profile_object(conn, model, "address", top=0).column("postal_code__v").top_values \
        == ()
    c = profile_object(conn, model, "address", top=1).column("postal_code__v")
    assert c.top_values == (("10001", 2),)
    assert len(c.all_values) == 4  # kept whatever `top` is, for in_set suggestions
    # The first three rows in storage order: 02139-4307, 02139, 10001.
    s = profile_object(conn, model, "address", sample=3)
    assert (s.rows, s.sample) == (3, 3)
    assert s.column("postal_code__v").top_values == (("02139", 1), ("02139-4307", 1),
                                                     ("10001", 1))
    assert s.column("vid__v").top_values == (("A1", 1), ("A2", 1), ("A3", 1))


def test_more_than_twenty_values_are_not_all_kept(
    empty_db: tuple[Path, sqlite3.Connection], model: Model
) -> None:
    _, conn = empty_db
    for i in range(21):
        insert(conn, "hcp", {"vid__v": f"H{i:02}", "specialty_1__v": f"S{i % 21:02}"})
    c = profile_object(conn, model, "hcp").column("specialty_1__v")
    assert (c.distinct, c.all_values) == (21, ())
    assert len(c.top_values) == 10


def test_parallel_and_sequential_agree(empty_db: tuple[Path, sqlite3.Connection],
                                       model: Model) -> None:
    _, conn = empty_db
    _addresses(conn)
    one = profile_object(conn, model, "address", workers=1)
    assert profile_object(conn, model, "address", workers=3) == one
    assert profile_to_dict(one)["columns"][6]["name"] == "postal_code__v"


def test_errors(empty_db: tuple[Path, sqlite3.Connection], model: Model) -> None:
    _, conn = empty_db
    with pytest.raises(ProfileError, match=r"Unknown object 'hpc'\. Did you mean hcp\?"):
        profile_object(conn, model, "hpc")
    with pytest.raises(ProfileError, match="top is -1"):
        profile_object(conn, model, "hcp", top=-1)
    with pytest.raises(ProfileError, match="sample is 0"):
        profile_object(conn, model, "hcp", sample=0)
    conn.execute("DROP TABLE parenthco")
    with pytest.raises(ProfileError, match="Object 'parenthco' has no table"):
        profile_object(conn, model, "parenthco")


def test_loaded_objects(empty_db: tuple[Path, sqlite3.Connection], model: Model) -> None:
    _, conn = empty_db
    assert loaded_objects(conn, model) == []
    _addresses(conn)
    insert(conn, "hcp", {"vid__v": "H1"})
    assert loaded_objects(conn, model) == ["hcp", "address"]


def test_profiling_reads_only(tmp_path: Path, model: Model) -> None:
    db = tmp_path / "plain.db"
    conn = sqlite3.connect(db)
    ensure_object_table(conn, model.object("hcp"))
    insert(conn, "hcp", {"vid__v": "H1", "last_name__v": "Lee"})
    conn.commit()
    conn.close()
    before = db.read_bytes()
    reader = open_database(db)
    profile_object(reader, model, "hcp", workers=2)
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        reader.execute("CREATE TABLE x (a)")
    reader.close()
    assert db.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plain.db"]
    with pytest.raises(FileNotFoundError, match="does not exist"):
        open_database(tmp_path / "missing.db")
    (tmp_path / "notes.txt").write_text("not a database " * 100, encoding="utf-8")
    with pytest.raises(ProfileError, match="cannot be read: file is not a database"):
        open_database(tmp_path / "notes.txt")


def test_a_wal_database_is_not_checkpointed(tmp_path: Path, model: Model) -> None:
    db = tmp_path / "wal.db"
    writer = sqlite3.connect(db, isolation_level=None)
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("PRAGMA wal_autocheckpoint=0")
    ensure_object_table(writer, model.object("hcp"))
    insert(writer, "hcp", {"vid__v": "H1", "last_name__v": "Lee"})
    before = db.read_bytes()
    reader = open_database(db)
    writer.close()  # the reader is now the last connection, with rows only in the WAL
    assert profile_object(reader, model, "hcp").column("last_name__v").top_values == (
        ("Lee", 1),)
    reader.close()
    assert db.read_bytes() == before
