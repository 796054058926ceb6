"""Native SQLite forms of regular expressions give exactly what the `regexp` function gives."""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator

import pytest
from sqlglot import exp

from veeva_dq.engines._base import render_sql
from veeva_dq.engines._sqlite import SqliteEngine, _regexp
from veeva_dq.engines._sqlite_regex import fixed_width_glob, native_regexp

DEA_FORMAT = "^[ABCDEFGHJKLMPRSTUX][A-Z9][0-9]{7}$"  # license_dea_format
ZIP = "^[0-9]{5}-[0-9]{4}$"
CODE = "^[a-z-]{2}_[A-Z]$"
# Variable-width patterns keep the regexp function (its callback was measured cheaper).
EMAIL = r"^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$"
DRUG_SCHEDULE = r"^(2N?|3N?|4|5)([,;] ?(2N?|3N?|4|5))*$"


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


DEA_SEEDS = ["AB1234563", "A91234563", "IB1234563", "AB123456", "AB12345633", "ab1234563",
             "AB123456\n", "AB1234563\x00", "XZ0000000", "Ü91234563"]
DEA_ALPHABET = "ABIOXZ9a0123 \n\x00Ü"
ZIP_SEEDS = ["12345-6789", "12345", "1234-56789", "12345-678", "123456789", "a2345-6789",
             "12345-6789\n", "12345 6789", "12345--6789"]
ZIP_ALPHABET = "0159-a \n\x00"
CODE_SEEDS = ["ab_C", "a-_Z", "--_A", "AB_C", "ab_c", "abc_D", "ab_CD", "ab-C", "ab_C\n"]
CODE_ALPHABET = "abz-_ACZ\n\x00"


@pytest.fixture(scope="module")
def conn() -> Iterator[sqlite3.Connection]:
    c = sqlite3.connect(":memory:")
    SqliteEngine(c)  # registers regexp
    yield c
    c.close()


@pytest.mark.parametrize(("pattern", "seeds", "alphabet"), [
    (DEA_FORMAT, DEA_SEEDS, DEA_ALPHABET),
    (ZIP, ZIP_SEEDS, ZIP_ALPHABET),
    (CODE, CODE_SEEDS, CODE_ALPHABET),
], ids=["dea_format", "zip", "code"])
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
    assert matched > 5  # the generated values include matches, not only misses
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
    for pattern in (DEA_FORMAT, ZIP, CODE):
        tree = exp.select(exp.RegexpLike(this=exp.column("v"), expression=exp.Literal.string(
            pattern))).from_("t")
        assert "REGEXP" not in render_sql(tree, "sqlite")
    for pattern in (EMAIL, DRUG_SCHEDULE, "^[^@]+@[^@]+$"):
        other = exp.select(exp.RegexpLike(this=exp.column("v"), expression=exp.Literal.string(
            pattern))).from_("t")
        assert render_sql(other, "sqlite") == other.sql("sqlite")
        assert "REGEXP" in other.sql("sqlite")
