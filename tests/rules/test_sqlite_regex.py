"""Native SQLite forms of regular expressions give exactly what the `regexp` function gives."""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator

import pytest
from sqlglot import exp

from veeva_dq.engines._base import render_sql
from veeva_dq.engines._sqlite import SqliteEngine, _regexp
from veeva_dq.engines._sqlite_regex import DRUG_SCHEDULE, EMAIL, fixed_width_glob, native_regexp

DEA_FORMAT = "^[ABCDEFGHJKLMPRSTUX][A-Z9][0-9]{7}$"


def _near_misses(seeds: list[str], alphabet: str, n: int, rng: random.Random) -> Iterator[str]:
    """The seeds, then values made from them by inserting, deleting, replacing and
    duplicating characters, and random strings over the alphabet."""
    yield from seeds
    for _ in range(n):
        s = list(rng.choice(seeds))
        for _ in range(rng.randint(1, 3)):
            op = rng.randrange(4)
            pos = rng.randint(0, len(s))
            if op == 0:
                s.insert(pos, rng.choice(alphabet))
            elif op == 1 and s:
                del s[min(pos, len(s) - 1)]
            elif op == 2 and s:
                s[min(pos, len(s) - 1)] = rng.choice(alphabet)
            elif s:
                i = min(pos, len(s) - 1)
                s.insert(i, s[i])
        yield "".join(s)
    for _ in range(n):
        yield "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))


EMAIL_SEEDS = ["a@b.co", "jane.doe@example.com", "x+y%z'w-@mail-1.sub.example.org",
               "a@b.c", "@b.com", "a@.com", "a@b..com", "a@b.com.", "a@b.c0m", "a@@b.com",
               "a@b.com\n", "a@b", "ü@b.com", "a@b.cöm", "a b@c.de", "a@b.co\x00", "a@-.xy",
               "a@b-.c-d.ef", "A@B.CD", ".@a.bc", "a.@a.bc", "a@b.comX", ""]
EMAIL_ALPHABET = "ab.@-_%+'Z9 \n\x00ü.@"
DRUG_SEEDS = ["2", "2N", "3N", "4", "5", "2,3", "2N, 3N", "2;3N; 4, 5", "2, 3", "2,  3",
              "2 ,3", "2,", ",2", "22", "2NN", "4N", "6", "", "2\n", "2;;3", "2, ,3", "3N,4",
              "2\x00", "n", "2n"]
DRUG_ALPHABET = "23456N,; n\n\x00"
DEA_SEEDS = ["AB1234563", "A91234563", "IB1234563", "AB123456", "AB12345633", "ab1234563",
             "AB123456\n", "AB1234563\x00", "XZ0000000", "Ü91234563"]
DEA_ALPHABET = "ABIOXZ9a0123 \n\x00Ü"


@pytest.fixture(scope="module")
def conn() -> Iterator[sqlite3.Connection]:
    c = sqlite3.connect(":memory:")
    SqliteEngine(c)  # registers regexp
    yield c
    c.close()


@pytest.mark.parametrize(("pattern", "seeds", "alphabet"), [
    (EMAIL, EMAIL_SEEDS, EMAIL_ALPHABET),
    (DRUG_SCHEDULE, DRUG_SEEDS, DRUG_ALPHABET),
    (DEA_FORMAT, DEA_SEEDS, DEA_ALPHABET),
], ids=["email", "drug_schedule", "dea_format"])
def test_native_form_agrees_with_regexp(conn: sqlite3.Connection, pattern: str,
                                        seeds: list[str], alphabet: str) -> None:
    rng = random.Random(20261204)
    tree = native_regexp(pattern, exp.Placeholder(this="v"))
    assert tree is not None
    sql = render_sql(exp.select(tree), "sqlite")
    assert ":v" in sql
    values = list(_near_misses(seeds, alphabet, 3000, rng))
    disagree = []
    matched = 0
    for value in values:
        (got,) = conn.execute(sql, {"v": value}).fetchone()
        want = _regexp(pattern, value)
        matched += want or 0
        if got != want:
            disagree.append((value, got, want))
    assert disagree == []
    assert matched > 20  # the generated values include matches, not only misses
    (null,) = conn.execute(sql, {"v": None}).fetchone()
    assert null is None


def test_fixed_width_glob() -> None:
    assert fixed_width_glob(DEA_FORMAT) == (
        "[ABCDEFGHJKLMPRSTUX][A-Z9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]")
    assert fixed_width_glob("^[0-9]{5}-[0-9]{4}$") == "[0-9][0-9][0-9][0-9][0-9]-" + "[0-9]" * 4
    assert fixed_width_glob("^[a-z-]{2}$") == "[a-z-][a-z-]"
    # Anything beyond the fixed-width subset keeps the regexp function.
    for pattern in ["^[0-9]+$", "[0-9]{3}", "^[^0-9]$", r"^\d{3}$", "^a|b$", "^[0-9]{2,}$",
                    "^a*$", "^(ab){2}$", "^[a-c-e]$", "^a.b$", "^[a]$x", "(?i)^ab$"]:
        assert fixed_width_glob(pattern) is None, pattern


def test_rendered_without_python_callbacks() -> None:
    for pattern in (EMAIL, DRUG_SCHEDULE, DEA_FORMAT):
        tree = exp.select(exp.RegexpLike(this=exp.column("v"), expression=exp.Literal.string(
            pattern))).from_("t")
        assert "REGEXP" not in render_sql(tree, "sqlite")
    other = exp.select(exp.RegexpLike(this=exp.column("v"), expression=exp.Literal.string(
        "^[^@]+@[^@]+$"))).from_("t")
    assert render_sql(other, "sqlite") == "SELECT v REGEXP '^[^@]+@[^@]+$' FROM t"
