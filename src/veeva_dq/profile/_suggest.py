"""A rule pack proposed from profiles: what the data already does, written as rules.

Every heuristic is documented in docs/profiling.md. A suggested rule carries the evidence
in its description and, when the data it was learned from is not perfect, a `threshold`
at that data's pass rate (rounded down), so the pack passes on that data and fails when
the data gets worse.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

import yaml

from veeva_dq.model import FieldType, Model, ObjectDef
from veeva_dq.profile._profile import SMALL_DOMAIN, ColumnProfile, ObjectProfile
from veeva_dq.rules import load_packs

SUGGESTED_GROUP = "suggested"
PACK_NAME = "suggested"
# not_null when fewer than this share of records is missing the value.
NOT_NULL_MAX_MISSING = 0.01
# pattern when at least this percentage of present values has one of PATTERN_FORMATS.
PATTERN_MIN_PERCENT = 95
PATTERN_FORMATS = 3
# in_set (observed values) when a column has at most this many distinct values.
IN_SET_MAX_VALUES = SMALL_DOMAIN
# Name tokens of identifier columns, which unique rules are suggested for.
ID_TOKENS = frozenset({"vid", "id", "npi", "num", "number", "key", "code", "dea"})

Covered = set[tuple[str, str, str]]


# Built-in kinds that judge a value's shape, and the suggested kinds they make redundant.
SHAPE_KINDS = frozenset({"pattern", "in_set", "regex", "phone", "npi", "dea"})
LEARNED_SHAPES = frozenset({"pattern", "in_set"})


def builtin_coverage(model: Model) -> Covered:
    """(object, column, kind) of every single-column rule in the built-in pack."""
    return {
        (r.object, r.columns[0], r.kind.value)
        for pack in load_packs([], model)
        for r in pack.rules
        if len(r.columns) == 1
    }


def _pct(part: int, whole: int) -> str:
    """A share rounded down to 0.1 %, so 99.96 % never reads as 100 %."""
    if whole == 0 or part == whole:
        return "100%"
    return f"{part * 1000 // whole / 10:.1f}%"


def _threshold(checked: int, failed: int) -> float | None:
    """The pass rate on the learning data rounded down to 0.001; None when nothing fails."""
    if failed <= 0 or checked <= 0:
        return None
    return (checked - failed) * 1000 // checked / 1000


def dominant_formats(c: ColumnProfile) -> tuple[tuple[str, ...], int]:
    """The fewest most frequent patterns (at most 3) covering 95 % of present values."""
    covered = 0
    for i, (_, count) in enumerate(c.patterns[:PATTERN_FORMATS]):
        covered += count
        if covered * 100 >= PATTERN_MIN_PERCENT * c.present:
            return tuple(p for p, _ in c.patterns[: i + 1]), covered
    return (), 0


def _identifier_like(c: ColumnProfile, formats: Sequence[str]) -> bool:
    base = re.sub(r"__[a-z]+$", "", c.name.lower())
    if set(re.split(r"[^a-z0-9]+", base)) & ID_TOKENS:
        return True
    return bool(formats) and all(set(f) <= {"9", "A"} and "9" in f for f in formats)


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_]+", "_", name).strip("_") or "column"


def _or(formats: Sequence[str]) -> str:
    """`99999 or 99999-9999`; quoted when a format holds a space, so it reads as one."""
    shown = [f"'{f}'" for f in formats] if any(" " in f for f in formats) else list(formats)
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " or " + shown[-1]


def _blank_note(c: ColumnProfile) -> str:
    if c.blank == 0:
        return ""
    return f" {c.blank:,} blank (whitespace-only) values fail it."


class _Builder:
    def __init__(self, model: Model, obj: ObjectDef) -> None:
        self.model = model
        self.obj = obj
        self.rules: list[dict[str, Any]] = []

    def add(self, c: ColumnProfile, kind: str, *, dimension: str, severity: str,
            description: str, message: str, checked: int, failed: int,
            params: dict[str, Any] | None = None) -> None:
        rule: dict[str, Any] = {
            "id": f"suggested_{_safe(self.obj.name)}_{_safe(c.name)}_{kind}",
            "object": self.obj.name,
            "kind": kind,
            "column": c.name,
        }
        if params:
            rule["params"] = params
        rule["dimension"] = dimension
        rule["severity"] = severity
        threshold = _threshold(checked, failed)
        if threshold is not None:
            rule["threshold"] = threshold
        rule["groups"] = [SUGGESTED_GROUP]
        rule["description"] = description
        rule["message"] = message
        self.rules.append(rule)


def _column_rules(b: _Builder, c: ColumnProfile) -> None:
    field = b.obj.field(c.name)
    label = field.label
    is_key = c.name == b.obj.key
    if not is_key and c.rows > 0 and c.nulls < NOT_NULL_MAX_MISSING * c.rows:
        evidence = (f"All {c.rows:,} records have a value." if c.nulls == 0 else
                    f"{_pct(c.present, c.rows)} of {c.rows:,} records have a value"
                    f" ({c.nulls:,} missing).")
        b.add(c, "not_null", dimension="completeness", severity="warning",
              description=evidence, message=f"{label} is missing.",
              checked=c.rows, failed=c.nulls)
    if c.present == 0:
        return
    # Value rules judge every non-NULL value: the present ones and the blank ones.
    checked = c.present + c.blank
    formats, matching = dominant_formats(c)
    if (not is_key and c.present > 1 and c.distinct == c.present and c.blank == 0
            and _identifier_like(c, formats)):
        b.add(c, "unique", dimension="uniqueness", severity="warning",
              description=f"All {c.present:,} values are distinct.",
              message=f"{label} '{{value}}' is on more than one record.",
              checked=checked, failed=0)
    if field.picklist is not None:
        # The picklist says which values are allowed: check against it, learn nothing.
        _picklist_rule(b, c, field.picklist, checked, label)
        return
    is_date = field.type is FieldType.DATE
    in_set = (not is_date and bool(c.all_values) and c.distinct <= IN_SET_MAX_VALUES
              and c.distinct < c.present)
    if in_set:
        values = sorted(v for v, _ in c.all_values)
        seen = (f"'{values[0]}'" if len(values) == 1
                else f"one of {len(values)} observed values")
        b.add(c, "in_set", dimension="validity", severity="warning", params={"values": values},
              description=f"All {c.present:,} values are {seen}." + _blank_note(c),
              message=f"{label} '{{value}}' is not a value seen when this rule was suggested.",
              checked=checked, failed=c.blank)
    pattern = bool(formats) and not in_set and not is_date
    if pattern:
        shown = _or(formats)
        b.add(c, "pattern", dimension="validity", severity="warning",
              params={"formats": list(formats)},
              description=f"{_pct(matching, c.present)} of {c.present:,} values match {shown}."
              + _blank_note(c),
              message=f"{label} '{{value}}' is not shaped {shown}.",
              checked=checked, failed=checked - matching)
    if (field.type is FieldType.TEXT and not in_set and not pattern
            and c.min_length is not None and c.max_length is not None):
        lo, hi = c.min_length, c.max_length
        span = f"exactly {lo}" if lo == hi else f"{lo} to {hi}"
        # Blank values may or may not fall outside the bounds: the threshold allows them all.
        b.add(c, "length", dimension="validity", severity="info", params={"min": lo, "max": hi},
              description=f"All {c.present:,} values are {span} characters long."
              + (f" {c.blank:,} blank values are not counted." if c.blank else ""),
              message=f"{label} '{{value}}' is not {span} characters long.",
              checked=checked, failed=c.blank)
    if is_date:
        valid = c.valid_dates or 0
        b.add(c, "date_valid", dimension="validity", severity="warning",
              description=f"{_pct(valid, c.present)} of {c.present:,} values are real dates"
              " written YYYY-MM-DD." + _blank_note(c),
              message=f"{label} '{{value}}' is not a real date written YYYY-MM-DD.",
              checked=checked, failed=checked - valid)


def _picklist_rule(b: _Builder, c: ColumnProfile, picklist: str, checked: int,
                   label: str) -> None:
    """in_set against the field's picklist, when all values are known (at most 20)."""
    if not c.all_values:
        return
    codes = set(b.model.picklist_codes(picklist))
    valid = sum(n for v, n in c.all_values if v in codes)
    b.add(c, "in_set", dimension="validity", severity="warning", params={"picklist": picklist},
          description=f"{_pct(valid, c.present)} of {c.present:,} values are codes of the"
          f" {picklist} picklist." + _blank_note(c),
          message=f"{label} '{{value}}' is not a code of the {picklist} picklist.",
          checked=checked, failed=checked - valid)


def suggest_rules(
    profiles: ObjectProfile | Iterable[ObjectProfile],
    model: Model,
    *,
    include_covered: bool = False,
    covered: Covered | None = None,
) -> dict[str, Any]:
    """A rule pack (name, version, rules) as the loader reads it, proposed from profiles.

    Only model fields get rules (the loader accepts no other column). Rules the built-in
    pack already has for the same column and kind are left out unless `include_covered`.
    """
    items = [profiles] if isinstance(profiles, ObjectProfile) else list(profiles)
    skip: Covered = set()
    if not include_covered:
        skip = builtin_coverage(model) if covered is None else covered
    rules: list[dict[str, Any]] = []
    for p in items:
        b = _Builder(model, model.object(p.object))
        for c in p.columns:
            if c.in_model and c.name in b.obj.field_names:
                _column_rules(b, c)
        # A column whose value shape the built-in pack already judges (a US-only ZIP
        # format, a NANP phone, a state code) gets no learned shape: the learned one would
        # ignore the country and judge foreign values by the majority's format.
        shaped = {(o, col) for o, col, kind in skip if kind in SHAPE_KINDS}
        rules += [r for r in b.rules if (r["object"], r["column"], r["kind"]) not in skip
                  and not (r["kind"] in LEARNED_SHAPES and (r["object"], r["column"]) in shaped)]
    seen: dict[str, int] = {}
    for r in rules:  # two columns whose names differ only in punctuation
        n = seen[r["id"]] = seen.get(r["id"], 0) + 1
        if n > 1:
            r["id"] = f"{r['id']}_{n}"
    return {"name": PACK_NAME, "version": "1", "rules": rules}


def unmodelled_columns(profiles: Iterable[ObjectProfile]) -> list[str]:
    """`object.column` of profiled columns the model does not know; they get no rules."""
    return [f"{p.object}.{c.name}" for p in profiles for c in p.columns if not c.in_model]


def pack_to_yaml(pack: dict[str, Any], header: str = "") -> str:
    """The pack as YAML in the built-in pack's style; `header` lines become comments."""
    comments = "".join(f"# {line}\n".replace("# \n", "#\n") for line in header.splitlines())
    body = yaml.safe_dump(pack, sort_keys=False, allow_unicode=True, width=100,
                          default_flow_style=None)
    return comments + body
