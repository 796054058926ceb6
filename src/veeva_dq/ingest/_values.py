"""Value-level repairs and normalisations shared by the Veeva and NPPES loaders."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import NamedTuple

# A whole number that went through a float (pandas, Excel): "688472944.0".
_FLOAT_INT = re.compile(r"(\d+)\.0+")
# Scientific notation loses digits for good: "6.88472944E+8".
_SCIENTIFIC = re.compile(r"[+-]?(?:\d+\.\d*[eE][+-]?\d+|\d+[eE][+-]\d+)")
_US_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

# Places whose addresses use US ZIP codes, so a damaged ZIP there can get its zeros back.
# Blank counts as US: NPPES leaves the country empty for US addresses.
US_ZIP_COUNTRIES = frozenset({"", "US", "USA", "PR", "VI", "GU", "AS", "MP"})


class FloatFix(NamedTuple):
    column: int
    value: str  # as read
    loaded: str  # as loaded
    repaired: bool  # False for scientific notation: the digits are gone
    zeros: int  # leading zeros restored (US postal codes only)


class Check(NamedTuple):
    """One identifier column to inspect for float damage."""

    column: int
    postal: bool = False
    country: int | None = None  # column holding the address country, for postal codes


def is_us(country: str | None) -> bool:
    return (country or "").strip().upper() in US_ZIP_COUNTRIES


def repair_float(value: str, *, us_postal: bool) -> tuple[str, bool, int] | None:
    """(value to load, repaired?, zeros restored) when `value` shows float damage, else None."""
    m = _FLOAT_INT.fullmatch(value)
    if m:
        digits = m.group(1)
        if us_postal:
            if len(digits) in (3, 4):
                return digits.zfill(5), True, 5 - len(digits)
            if len(digits) in (6, 7, 8):
                return digits.zfill(9), True, 9 - len(digits)
        return digits, True, 0
    if _SCIENTIFIC.fullmatch(value):
        return value, False, 0
    return None


def check_floats(row: list[str], checks: Iterable[Check]) -> list[FloatFix] | None:
    """Repair float damage in place in the checked columns; return what was changed."""
    fixes: list[FloatFix] | None = None
    for column, postal, country in checks:
        value = row[column]
        if not value or value.isdigit():  # the common case, kept cheap
            continue
        us_postal = postal and (country is None or is_us(row[country]))
        found = repair_float(value, us_postal=us_postal)
        if found is None:
            continue
        loaded, repaired, zeros = found
        row[column] = loaded
        if fixes is None:
            fixes = []
        fixes.append(FloatFix(column, value, loaded, repaired, zeros))
    return fixes


def float_message(line: int, column: str, fix: FloatFix, loaded: str | None = None) -> str:
    """One sentence for a float_damage notice; `loaded` overrides the value shown as loaded."""
    shown = fix.loaded if loaded is None else loaded
    where = f"line {line} column {column}"
    if not fix.repaired:
        return (
            f"{where}: '{fix.value}' is a number in scientific notation, whose lost digits"
            " cannot be recovered; it was loaded as read and the source should be re-exported"
            " with this column as text"
        )
    if fix.zeros:
        return (
            f"{where}: '{fix.value}' is a whole number damaged by a float conversion that also"
            f" dropped {fix.zeros} leading zero{'s' if fix.zeros > 1 else ''} of a US ZIP code;"
            f" loaded as '{shown}'"
        )
    return (
        f"{where}: '{fix.value}' is a whole number damaged by a float conversion;"
        f" loaded as '{shown}'"
    )


def us_zip(value: str) -> str:
    """A 9-digit US ZIP as NNNNN-NNNN; anything else unchanged."""
    if len(value) == 9 and value.isdigit():
        return f"{value[:5]}-{value[5:]}"
    return value


def iso_date(value: str) -> str | None:
    """MM/DD/YYYY (or an ISO date) as YYYY-MM-DD; None when it is not a real date."""
    m = _US_DATE.fullmatch(value)
    if m:
        month, day, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
    elif _ISO_DATE.fullmatch(value):
        year, month, day = int(value[:4]), int(value[5:7]), int(value[8:10])
    else:
        return None
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def date_or_raw(value: str) -> str | None:
    """The ISO form of a date, or the text as read when it cannot be parsed; None if empty."""
    if not value:
        return None
    return iso_date(value) or value


def npi_status(deactivated: str, reactivated: str) -> str:
    """A unless deactivated and not reactivated on or after that date (NPPES semantics)."""
    if not deactivated:
        return "A"
    if not reactivated:
        return "I"
    d, r = iso_date(deactivated), iso_date(reactivated)
    # A reactivation date can only follow a deactivation, so an unparseable pair counts as
    # reactivated; a parseable earlier one means the NPI was deactivated again afterwards.
    if d and r and r < d:
        return "I"
    return "A"


def _squash(value: str) -> str:
    return value.upper().replace(".", "").replace(" ", "")


def picklist_code(value: str, codes: frozenset[str]) -> str | None:
    """'DR.' → 'DR' when the squashed form is a picklist code, else the value as given."""
    if not value:
        return None
    code = _squash(value)
    return code if code in codes else value


def medical_degree(credential: str, codes: frozenset[str]) -> str | None:
    """The first credential ('M.D., PH.D.' → 'MD') when it is a picklist code, else None."""
    first = re.split(r"[,;/]", credential, maxsplit=1)[0].strip()
    if not first:
        return None
    code = _squash(first)
    if code in codes:
        return code
    # "MD PHD" written without a comma: the first word alone may be the degree.
    word = _squash(first.split()[0])
    return word if word in codes else None
