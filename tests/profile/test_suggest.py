"""suggest_rules: each heuristic at its boundary, and packs that load and pass on their data."""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from tests.conftest import insert
from veeva_dq.db import connect
from veeva_dq.model import Model
from veeva_dq.profile import (
    ColumnProfile,
    ObjectProfile,
    open_database,
    pack_to_yaml,
    profile_object,
    suggest_rules,
    unmodelled_columns,
)
from veeva_dq.rules import Kind, Severity, load_pack
from veeva_dq.validate import run_validation


def col(name: str, rows: int = 100, **kw: Any) -> ColumnProfile:
    """A column profile with every value present and distinct unless told otherwise."""
    base: dict[str, Any] = dict(
        name=name, field_type="text", in_model=True, rows=rows, nulls=0, blank=0,
        distinct=rows, top_values=(), patterns=(), min_length=1, max_length=9,
        min_value="a", max_value="z",
    )
    base.update(kw)
    return ColumnProfile(**base)


def rules_for(model: Model, obj: str, *columns: ColumnProfile, **kw: Any
              ) -> dict[tuple[str, str], dict[str, Any]]:
    rows = columns[0].rows if columns else 0
    pack = suggest_rules(ObjectProfile(obj, rows, tuple(columns)), model, **kw)
    return {(r["column"], r["kind"]): r for r in pack["rules"]}


def test_not_null_below_one_percent_missing(model: Model) -> None:
    got = rules_for(model, "hcp", col("middle_name__v", 10_000, nulls=99, distinct=50))
    rule = got["middle_name__v", "not_null"]
    assert rule == {
        "id": "suggested_hcp_middle_name__v_not_null", "object": "hcp", "kind": "not_null",
        "column": "middle_name__v", "dimension": "completeness", "severity": "warning",
        "threshold": 0.99, "groups": ["suggested"],
        "description": "99.0% of 10,000 records have a value (99 missing).",
        "message": "Middle Name is missing.",
    }
    got = rules_for(model, "hcp", col("middle_name__v", 10_000, nulls=100, distinct=50))
    assert ("middle_name__v", "not_null") not in got
    full = rules_for(model, "hcp", col("middle_name__v", 10, distinct=3))
    assert "threshold" not in full["middle_name__v", "not_null"]
    assert full["middle_name__v", "not_null"]["description"] == "All 10 records have a value."


def test_pattern_with_dominant_formats(model: Model) -> None:
    phone = col("phone_1__v", 7881, distinct=7000,
                patterns=(("9999999999", 7820), ("999-999-9999", 61)))
    rule = rules_for(model, "hco", phone)["phone_1__v", "pattern"]
    assert rule["params"] == {"formats": ["9999999999"]}
    assert rule["description"] == "99.2% of 7,881 values match 9999999999."
    assert rule["threshold"] == 0.992  # 7,820 / 7,881 = 0.99226, rounded down
    assert rule["message"] == "Phone 1 '{value}' is not shaped 9999999999."
    # Three formats reaching exactly 95 %; four needed, or 94.9 %, gives no pattern rule.
    three = col("phone_1__v", 1000, distinct=900,
                patterns=(("99999", 400), ("99999-9999", 350), ("9999", 200), ("A", 50)))
    assert rules_for(model, "hco", three)["phone_1__v", "pattern"]["params"] == {
        "formats": ["99999", "99999-9999", "9999"]}
    four = replace(three, patterns=(("1", 300), ("2", 300), ("3", 300), ("4", 100)))
    short = replace(three, patterns=(("99999", 400), ("99999-9999", 350), ("9999", 199)))
    for c in (four, short):
        assert ("phone_1__v", "pattern") not in rules_for(model, "hco", c)
    # A pattern fixes the shape, so no length rule comes with it.
    assert ("phone_1__v", "length") in rules_for(model, "hco", four)
    assert ("phone_1__v", "length") not in rules_for(model, "hco", three)


def test_in_set_with_observed_values(model: Model) -> None:
    values = (("1", 60), ("3", 10), ("2", 30))
    c = col("address_ordinal__v", field_type="integer", distinct=3, top_values=values,
            all_values=values, patterns=(("9", 100),))
    got = rules_for(model, "address", c)
    rule = got["address_ordinal__v", "in_set"]
    assert rule["params"] == {"values": ["1", "2", "3"]}
    assert rule["description"] == "All 100 values are one of 3 observed values."
    assert ("address_ordinal__v", "pattern") not in got  # in_set already fixes the shape
    # Every value distinct: no set to learn.
    distinct = replace(c, rows=3, distinct=3)
    assert ("address_ordinal__v", "in_set") not in rules_for(model, "address", distinct)
    # A picklist field is judged by its picklist: no in_set, pattern or length from data.
    # The built-in pack has the prefix picklist rule already.
    prefix = col("prefix__v", field_type="code", distinct=2, all_values=(("DR", 90), ("MR", 10)),
                 patterns=(("AA", 100),))
    assert set(rules_for(model, "hcp", prefix)) == {("prefix__v", "not_null")}


def test_in_set_with_a_picklist(model: Model) -> None:
    # The built-in pack has no record-state rule for licenses.
    values = (("VALID", 95), ("BOGUS", 3))
    state = col("record_state__v", field_type="code", nulls=2, blank=2, distinct=2,
                all_values=values, top_values=values, patterns=(("AAAAA", 98),))
    rule = rules_for(model, "license", state)["record_state__v", "in_set"]
    assert rule["params"] == {"picklist": "record_state"}
    assert rule["description"] == ("96.9% of 98 values are codes of the record_state picklist."
                                   " 2 blank (whitespace-only) values fail it.")
    assert rule["threshold"] == 0.95  # 95 of 100 non-NULL values
    # More than 20 values: not all are known, so the share of codes is not either.
    many = replace(state, distinct=25, all_values=())
    assert ("record_state__v", "in_set") not in rules_for(model, "license", many)


def test_unique_for_identifier_columns(model: Model) -> None:
    number = col("license_number__v", patterns=(("A9999999", 100),))
    assert ("license_number__v", "unique") in rules_for(model, "license", number)
    # No identifier token in the name, but digit formats: a phone column all distinct.
    phone = col("phone_1__v", patterns=(("9999999999", 100),))
    assert rules_for(model, "hco", phone)["phone_1__v", "unique"]["description"] == \
        "All 100 values are distinct."
    names = col("last_name__v", patterns=(("AAAA", 100),))
    assert ("last_name__v", "unique") not in rules_for(model, "hcp", names)
    for c in (replace(number, distinct=99), replace(number, nulls=2, blank=1, distinct=98),
              replace(number, rows=1, distinct=1)):
        assert ("license_number__v", "unique") not in rules_for(model, "license", c)
    # The key is unique and present by construction: ingest quarantines the others.
    key = rules_for(model, "hcp", col("vid__v", patterns=(("9999", 100),)))
    assert set(key) == {("vid__v", "pattern")}


def test_length_and_date_valid(model: Model) -> None:
    c = col("email_1__v", 50, nulls=5, blank=2, distinct=40, min_length=7, max_length=31)
    rule = rules_for(model, "hcp", c)["email_1__v", "length"]
    assert rule["params"] == {"min": 7, "max": 31}
    assert rule["severity"] == "info"
    assert rule["description"] == ("All 45 values are 7 to 31 characters long."
                                   " 2 blank values are not counted.")
    assert rule["threshold"] == 0.957  # 45 of 47 non-NULL values, at worst
    d = col("expiration_date__v", 200, field_type="date", distinct=150, valid_dates=196,
            patterns=(("9999-99-99", 200),))
    assert ("expiration_date__v", "date_valid") not in rules_for(model, "license", d)
    got = rules_for(model, "license", d, include_covered=True)
    rule = got["expiration_date__v", "date_valid"]
    assert rule["description"] == "98.0% of 200 values are real dates written YYYY-MM-DD."
    assert rule["threshold"] == 0.98
    assert set(got) == {("expiration_date__v", "not_null"), ("expiration_date__v", "date_valid")}


def test_covered_rules_are_left_out(model: Model) -> None:
    npi = col("npi_num__v", patterns=(("9999999999", 100),))
    assert set(rules_for(model, "hcp", npi)) == {("npi_num__v", "not_null")}
    assert set(rules_for(model, "hcp", npi, include_covered=True)) == {
        ("npi_num__v", "not_null"), ("npi_num__v", "unique"), ("npi_num__v", "pattern")}
    assert set(rules_for(model, "hcp", npi, covered=set())) == set(
        rules_for(model, "hcp", npi, include_covered=True))


def test_unmodelled_columns_get_no_rules(model: Model) -> None:
    p = ObjectProfile("hcp", 100, (col("credential__c", in_model=False, distinct=3,
                                       all_values=(("MD", 50), ("DO", 30), ("NP", 20))),))
    assert suggest_rules(p, model)["rules"] == []
    assert unmodelled_columns([p]) == ["hcp.credential__c"]


def test_pack_yaml_loads(tmp_path: Path, model: Model) -> None:
    cols = (col("phone_1__v", 7881, distinct=7000, patterns=(("9999999999", 7820),)),
            col("corporate_name__v", 7881, nulls=3, distinct=7000, min_length=2,
                max_length=60, patterns=(("AAA", 10),)))
    pack = suggest_rules([ObjectProfile("hco", 7881, cols)], model)
    text = pack_to_yaml(pack, "Proposed.\n\nEdit me.")
    assert text.startswith("# Proposed.\n#\n# Edit me.\nname: suggested\nversion: '1'\n")
    path = tmp_path / "suggested.yaml"
    path.write_text(text, encoding="utf-8")
    loaded = load_pack(path, model)
    assert (loaded.name, loaded.version) == ("suggested", "1")
    assert [r.id for r in loaded.rules] == [r["id"] for r in pack["rules"]] == [
        "suggested_hco_phone_1__v_not_null", "suggested_hco_phone_1__v_pattern",
        "suggested_hco_corporate_name__v_length"]  # its not_null is the built-in name rule
    first = loaded.rules[1]
    assert (first.kind, first.severity, first.groups) == (Kind.PATTERN, Severity.WARNING,
                                                          ("suggested",))
    assert first.threshold == 0.992
    assert yaml.safe_load(text) == pack


def _validate(db: Path, pack: dict[str, Any], model: Model, tmp: Path
              ) -> tuple[dict[str, tuple[int, int, bool]], sqlite3.Connection, int]:
    """Write the pack, load it, run it: rule id -> (checked, failed, passed)."""
    path = tmp / "rules" / "suggested.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(pack_to_yaml(pack), encoding="utf-8")
    rules = load_pack(path, model).rules
    conn = connect(db, create=False)
    outcome = run_validation(db=db, rules=rules, model=model, as_of=date(2026, 1, 1),
                             selector="suggested", rules_version="test", conn=conn)
    return ({r.rule_id: (r.checked, r.failed, r.passed) for r in outcome.results}, conn,
            outcome.run_id)


def test_round_trip_on_the_real_sample(nppes_db: Path, model: Model, tmp_path: Path) -> None:
    db = tmp_path / "copy.db"
    shutil.copy(nppes_db, db)
    reader = open_database(db)
    profiles = [profile_object(reader, model, o) for o in ("hcp", "hco", "address")]
    reader.close()
    pack = suggest_rules(profiles, model)
    assert len(pack["rules"]) == 28
    results, conn, run_id = _validate(db, pack, model, tmp_path)
    assert set(results) == {r["id"] for r in pack["rules"]}
    assert all(passed for _, _, passed in results.values())
    # No learned shape for columns the built-in pack judges by country (state, ZIP, phone),
    # so the Australian address (AU-QLD, 5571-8211) is not judged by the US majority.
    assert not any(r["object"] == "address" and r["kind"] in ("pattern", "in_set")
                   and r["column"] in ("administrative_area__v", "phone_1__v", "postal_code__v")
                   for r in pack["rules"])
    failing = {rid: failed for rid, (_, failed, _) in results.items() if failed}
    assert failing == {}
    issues = conn.execute("SELECT count(*) FROM vdq_issue WHERE run_id = ?",
                          (run_id,)).fetchone()
    conn.close()
    assert issues == (0,)


def test_round_trip_with_blank_values(empty_db: tuple[Path, sqlite3.Connection],
                                      model: Model, tmp_path: Path) -> None:
    path, conn = empty_db
    zips = [f"{i:05}" for i in range(40)] + [f"{i:05}-{i:04}" for i in range(17)]
    zips += ["ABC", " ", ""]
    for i, z in enumerate(zips):
        insert(conn, "address", {"vid__v": f"A{i:02}", "entity_vid__v": f"H{i:02}",
                                 "postal_code__v": z, "address_ordinal__v": str(1 + i % 2),
                                 "locality__v": "Boston" if i else " "})
    profile = profile_object(conn, model, "address")
    # ZIP codes already have a built-in pattern rule: include it to see what the data says.
    pack = suggest_rules(profile, model, include_covered=True)
    got = {(r["column"], r["kind"]): r for r in pack["rules"]}
    # 57 of 58 present ZIP codes share two formats; 'ABC' and the 2 blanks fail: 57 of 60.
    zip_rule = got["postal_code__v", "pattern"]
    assert zip_rule["params"] == {"formats": ["99999", "99999-9999"]}
    assert zip_rule["threshold"] == 0.95
    assert zip_rule["description"] == ("98.2% of 58 values match 99999 or 99999-9999."
                                       " 2 blank (whitespace-only) values fail it.")
    # One blank city in 60 is 1.7 % missing: too many for not_null; in_set fails the blank.
    assert ("locality__v", "not_null") not in got
    assert got["locality__v", "in_set"]["params"] == {"values": ["Boston"]}
    results, other, _ = _validate(path, pack, model, tmp_path)
    other.close()
    expected = {
        "suggested_address_postal_code__v_pattern": (60, 3, True),
        "suggested_address_address_ordinal__v_in_set": (60, 0, True),
        "suggested_address_locality__v_in_set": (60, 1, True),
    }
    assert {k: results[k] for k in expected} == expected
    assert all(passed for _, _, passed in results.values())
