"""Reference data shipped with the package: US states, NUCC taxonomy, ISO countries."""

from __future__ import annotations

import csv
import functools
import io
from dataclasses import dataclass
from pathlib import Path

# Tables outside the model that exists_in rules may name, with the columns they may name.
REFERENCE_TABLES = {"npi_deactivation": ("npi",)}


@dataclass(frozen=True)
class UsState:
    code: str
    name: str
    kind: str


def _data(name: str) -> str:
    return (Path(__file__).parent / "data" / name).read_text("utf-8-sig")


@functools.cache
def us_states() -> tuple[UsState, ...]:
    """USPS codes for states, DC, territories, freely associated states, military (Pub. 28)."""
    rows = csv.DictReader(io.StringIO(_data("us_states.csv")))
    return tuple(UsState(r["code"], r["name"], r["kind"]) for r in rows)


@functools.cache
def us_state_by_name() -> dict[str, str]:
    """Upper-cased full name to USPS code, for files that spell the state out."""
    names = {s.name.upper(): s.code for s in us_states()}
    names["VIRGIN ISLANDS"] = "VI"
    return names


@functools.cache
def nucc_taxonomy() -> dict[str, str]:
    """NUCC taxonomy v25.1: code to display name."""
    rows = csv.DictReader(io.StringIO(_data("nucc_taxonomy_251.csv")))
    return {r["Code"].strip(): (r["Display Name"] or r["Classification"]).strip() for r in rows}


@functools.cache
def iso_countries() -> frozenset[str]:
    """ISO 3166-1 alpha-2 country codes."""
    import pycountry

    return frozenset(c.alpha_2 for c in pycountry.countries)


@functools.cache
def iso_subdivisions() -> frozenset[str]:
    """ISO 3166-2 subdivision codes such as US-MA or AU-QLD."""
    import pycountry

    return frozenset(s.code for s in pycountry.subdivisions)


def subdivision_code(country: str, state: str) -> str | None:
    """The ISO 3166-2 code for a state written as a code or a name in the given country.

    `("US", "MA")` and `("US", "MASSACHUSETTS")` give `US-MA`, `("AU", "QUEENSLAND")` gives
    `AU-QLD`. US names of states and territories are tried whatever the country, since a
    US territory is often filed under its own country code (`PR`, `GU`).
    """
    state = state.strip().upper()
    country = country.strip().upper()
    if not state:
        return None
    us = {s.code for s in us_states()}
    if country in ("", "US") and state in us:
        return f"US-{state}"
    if f"{country}-{state}" in iso_subdivisions():
        return f"{country}-{state}"
    if state in us_state_by_name():
        return f"US-{us_state_by_name()[state]}"
    return subdivision_names().get((country, state))


@functools.cache
def subdivision_names() -> dict[tuple[str, str], str]:
    """(country code, upper-cased subdivision name) to ISO 3166-2 code."""
    import pycountry

    return {(str(s.country_code), str(s.name).upper()): str(s.code) for s in pycountry.subdivisions}
