"""NPI and DEA check digits: the Python reference and the compiled SQL agree."""

from __future__ import annotations

import random
import sqlite3
from datetime import date

import pytest

from veeva_dq.compile import CompileContext, RowCheck, compile_rule
from veeva_dq.compile._sqlexpr import and_
from veeva_dq.engines import SqliteEngine
from veeva_dq.model import Model
from veeva_dq.rules import Rule
from veeva_dq.rules.identifiers import (
    dea_check_digit,
    is_valid_dea,
    is_valid_npi,
    npi_check_digit,
)


@pytest.mark.parametrize(
    ("npi", "valid"),
    [
        ("1234567893", True),  # the CMS worked example
        ("1234567890", False),
        ("1679576722", True),  # first row of the 2016 NPPES sample
        ("1588667638", True),
        ("2000000004", False),
        ("123456789", False),  # nine digits
        ("12345678930", False),  # eleven
        ("3234567893", False),  # must start with 1 or 2
        ("12345678a3", False),
        ("", False),
    ],
)
def test_npi_vectors(npi: str, valid: bool) -> None:
    assert is_valid_npi(npi) is valid


def test_npi_check_digit_value() -> None:
    assert npi_check_digit("123456789") == 3
    assert npi_check_digit("167957672") == 2


@pytest.mark.parametrize(
    ("dea", "valid"),
    [
        ("AB1234563", True),  # 1+3+5 + 2*(2+4+6) = 33 -> 3
        ("AB1234564", False),
        ("BJ6125341", True),  # 6+2+3 + 2*(1+5+4) = 31 -> 1
        ("A91234563", True),  # 9 as the second character (business registrant)
        ("IB1234563", False),  # I is not a registrant type
        ("AB123456", False),
        ("1B1234563", False),
    ],
)
def test_dea_vectors(dea: str, valid: bool) -> None:
    assert is_valid_dea(dea) is valid


def test_dea_check_digit_value() -> None:
    assert dea_check_digit("612534") == 1


def _sql_verdicts(model: Model, rule: Rule, values: list[str], table: str, column: str
                  ) -> list[bool]:
    conn = sqlite3.connect(":memory:")
    engine = SqliteEngine(conn)
    if table == "license":
        conn.execute("CREATE TABLE license (license_number__v TEXT, type_value__v TEXT)")
        conn.executemany("INSERT INTO license VALUES (?, 'DEA')", [(v,) for v in values])
    else:
        conn.execute("CREATE TABLE hcp (npi_num__v TEXT)")
        conn.executemany("INSERT INTO hcp VALUES (?)", [(v,) for v in values])
    check = compile_rule(rule, CompileContext(model=model, as_of=date(2026, 1, 1)))
    assert isinstance(check, RowCheck)
    from sqlglot import exp

    from veeva_dq.compile._sqlexpr import case_flag

    q = exp.select(exp.column(column, quoted=True),
                   case_flag(and_(check.applies, check.fails))).from_(exp.to_table(table))
    flags = {str(v): bool(f) for v, f in engine.query(q)}
    return [not flags[v] for v in values]


def test_npi_sql_matches_python(model: Model, builtin_rules: dict[str, Rule]) -> None:
    rng = random.Random(20261203)
    values = [f"{rng.choice('12')}{rng.randrange(10**8, 10**9)}" for _ in range(3000)]
    values = sorted(set(values))
    verdicts = _sql_verdicts(model, builtin_rules["hcp_npi_check_digit"], values, "hcp",
                             "npi_num__v")
    assert verdicts == [is_valid_npi(v) for v in values]
    assert 250 < sum(verdicts) < 350  # about one in ten random numbers has the right digit


def test_dea_sql_matches_python(model: Model, builtin_rules: dict[str, Rule]) -> None:
    rng = random.Random(7)
    values = sorted({f"A{rng.choice('BCX9')}{rng.randrange(10**6, 10**7)}" for _ in range(2000)})
    verdicts = _sql_verdicts(model, builtin_rules["license_dea_check_digit"], values, "license",
                             "license_number__v")
    assert verdicts == [is_valid_dea(v) for v in values]
