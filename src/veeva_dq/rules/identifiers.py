"""Check-digit algorithms for provider identifiers, in Python.

These are the reference implementations: the compiler emits the same arithmetic as SQL
(see veeva_dq.compile), and the tests check both against the same vectors.
"""

from __future__ import annotations

# CMS, "Requirements for the NPI check digit": Luhn over the 9 base digits, prefixed by the
# card-issuer identifier 80840, which adds a constant 24 to the Luhn sum.
NPI_PREFIX_CONSTANT = 24


def npi_check_digit(base9: str) -> int:
    """The check digit for the first nine digits of an NPI."""
    if len(base9) != 9 or not base9.isdigit():
        raise ValueError(f"NPI base '{base9}' must be exactly 9 digits.")
    total = NPI_PREFIX_CONSTANT
    for i, ch in enumerate(base9):
        d = int(ch)
        if i % 2 == 0:  # positions 1, 3, 5, 7, 9 from the left are doubled
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return (10 - total % 10) % 10


def is_valid_npi(value: str) -> bool:
    """Ten digits, first digit 1 or 2, and a correct Luhn check digit."""
    if len(value) != 10 or not value.isdigit() or value[0] not in "12":
        return False
    return npi_check_digit(value[:9]) == int(value[9])


def dea_check_digit(digits6: str) -> int:
    """DEA number check digit: (d1+d3+d5) + 2*(d2+d4+d6), last digit of the sum."""
    if len(digits6) != 6 or not digits6.isdigit():
        raise ValueError(f"DEA digits '{digits6}' must be exactly 6 digits.")
    d = [int(c) for c in digits6]
    return (d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5])) % 10


# First letter: the registrant type (DEA Diversion Control, registrant types).
DEA_REGISTRANT_LETTERS = "ABCDEFGHJKLMPRSTUX"


def is_valid_dea(value: str) -> bool:
    """Two letters then seven digits; the seventh digit is the check digit."""
    if len(value) != 9:
        return False
    first, second, digits = value[0], value[1], value[2:]
    if first not in DEA_REGISTRANT_LETTERS or not (second.isalpha() or second == "9"):
        return False
    if not digits.isdigit():
        return False
    return dea_check_digit(digits[:6]) == int(digits[6])
