"""Long IN lists on DuckDB: a subquery over one list literal, with the answers of the list."""

from __future__ import annotations

import duckdb
from sqlglot import exp

from veeva_dq.compile._sqlexpr import LONG_IN_LIST, col, in_values

CODES = [f"C{i:03d}" for i in range(LONG_IN_LIST + 1)]


def test_duckdb_long_lists_become_a_subquery_short_ones_stay_literal() -> None:
    long_sql = in_values(col("x"), CODES, "duckdb").sql("duckdb")
    assert long_sql.startswith('"x" IN (SELECT UNNEST([\'C000\', \'C001\'')
    assert long_sql.endswith("'C032']))")
    assert in_values(col("x"), CODES[:LONG_IN_LIST], "duckdb").sql("duckdb") == (
        '"x" IN (' + ", ".join(f"'{c}'" for c in CODES[:LONG_IN_LIST]) + ")")
    # Other dialects keep the literal list whatever its length.
    assert in_values(col("x"), CODES, "postgres").sql("postgres").startswith(
        "\"x\" IN ('C000', 'C001'")


def test_subquery_gives_the_answers_of_the_literal_list() -> None:
    con = duckdb.connect()
    con.execute("CREATE TABLE t (x VARCHAR)")
    con.execute("INSERT INTO t VALUES ('C000'), ('C032'), ('C033'), (''), (NULL), ('c000')")
    # NOT IN per row: C032 is in the long list only; NULL stays NULL; case matters.
    for values, c032 in ((CODES, False), (CODES[:LONG_IN_LIST], True)):
        member = in_values(col("x"), values, "duckdb")
        flags = exp.select(exp.Not(this=member)).from_("t")
        got = [r[0] for r in con.execute(flags.sql("duckdb")).fetchall()]
        assert got == [False, c032, True, True, None, True]
