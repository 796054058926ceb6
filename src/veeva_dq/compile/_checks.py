"""Rules become checks: conditions and plans over syntax trees, one kind at a time.

A row check is a pair of conditions: `applies` (the record is judged by this rule) and
`fails` (the record breaks it). Row checks of one object share one scan. Group checks
(uniqueness), exists checks (anti-joins) and lookup checks (joins) run as their own queries.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlglot import exp

from veeva_dq.compile._sqlexpr import (
    NUMBER_REGEX,
    ExpressionError,
    and_,
    case_flag,
    col,
    digit,
    in_list,
    in_values,
    is_not_null,
    lit,
    not_,
    or_,
    parse_condition,
    to_number,
    try_cast,
)
from veeva_dq.model import Model
from veeva_dq.model import reference as ref
from veeva_dq.rules._schema import Kind, NullPolicy, Rule

__all__ = [
    "CompileContext",
    "ExistsCheck",
    "ExpressionError",
    "GroupCheck",
    "LookupCheck",
    "RowCheck",
    "compile_rule",
]

REFERENCE_TABLES = ref.REFERENCE_TABLES


@dataclass(frozen=True)
class CompileContext:
    model: Model
    as_of: date
    dialect: str = "sqlite"
    # Actual columns of each object's table (a table may have extra __c columns).
    table_columns: Mapping[str, Sequence[str]] = field(default_factory=dict)

    def columns_of(self, obj: str) -> Sequence[str]:
        return self.table_columns.get(obj) or self.model.object(obj).field_names


@dataclass(frozen=True)
class RowCheck:
    rule: Rule
    applies: exp.Expr
    fails: exp.Expr


@dataclass(frozen=True)
class GroupCheck:
    """Uniqueness. `applies`: rows grouped (no NULL key column); `counted`: rows checked,
    which with `nulls: pass` or `fail` includes rows with a NULL key column;
    `null_fails`: with `nulls: fail`, the rows failing for a NULL key column."""

    rule: Rule
    applies: exp.Expr
    keys: tuple[exp.Expr, ...]
    distinct: exp.Expr | None = None
    counted: exp.Expr | None = None
    null_fails: exp.Expr | None = None


@dataclass(frozen=True)
class ExistsCheck:
    rule: Rule
    applies: exp.Expr
    column: str
    targets: tuple[tuple[str, str], ...]  # (table, column)
    negate: bool


@dataclass(frozen=True)
class LookupCheck:
    rule: Rule
    applies: exp.Expr
    join_table: str
    join_key: str
    on_column: str
    fails: exp.Expr  # columns of the joined table are qualified with "r"


@dataclass(frozen=True)
class ChildrenCheck:
    """How many child records (addresses of an HCP, say) each record has."""

    rule: Rule
    applies: exp.Expr
    child_table: str
    child_column: str
    child_when: exp.Expr | None
    min: int | None
    max: int | None


@dataclass(frozen=True)
class DatasetCheck:
    """One aggregate over the object, judged as a whole (row count, freshness, anomaly)."""

    rule: Rule
    metric: exp.Expr  # an aggregate expression over the object's table


Check = RowCheck | GroupCheck | ExistsCheck | LookupCheck | ChildrenCheck | DatasetCheck

# Separators a written phone number may carry: space, hyphen, dot, parentheses, plus.
PHONE_PUNCTUATION = " -.()+"
# What not_null strips before calling a value empty: space, tab, CR, LF, no-break space.
WHITESPACE = " \t\r\n\u00a0"


# The same set as an RE2 class, escapes spelled out (DuckDB).
_BLANK_REGEX = r"^[ \t\r\n\x{00A0}]*$"


def blank(e: exp.Expr, dialect: str = "sqlite") -> exp.Expr:
    """NULL, empty or only WHITESPACE. The characters are spelled CHAR(9) and so on, so no
    raw control character ever sits inside the SQL text.

    DuckDB tests the whole value against a character class instead: its TRIM with a set of
    characters costs four times as much as RE2, which stops at the first other character.
    """
    if dialect == "duckdb":
        return exp.or_(exp.Is(this=e.copy(), expression=exp.Null()),
                       exp.RegexpLike(this=e.copy(), expression=lit(_BLANK_REGEX)))
    chars: exp.Expr = lit(" ")
    for ch in WHITESPACE[1:]:
        chars = exp.DPipe(this=chars, expression=exp.Chr(expressions=[lit(ord(ch))]))
    return exp.or_(exp.Is(this=e.copy(), expression=exp.Null()),
                   exp.EQ(this=exp.Trim(this=e.copy(), expression=chars), expression=lit("")))
_DATE_GLOB = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]"
_DATE_REGEX = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
_RELATIVE = re.compile(r"^as_of(?:([+-])(\d+)([dmy]))?$")


def rule_params(ctx: CompileContext) -> dict[str, str]:
    return {"as_of": ctx.as_of.isoformat()}


def _when(rule: Rule, ctx: CompileContext) -> exp.Expr | None:
    if rule.when is None:
        return None
    return parse_condition(
        rule.when, rule_id=rule.id, columns=ctx.columns_of(rule.object), params=rule_params(ctx)
    )


def _matches(e: exp.Expr, *, glob: str, regex: str, dialect: str) -> exp.Expr:
    """Whole-value match: GLOB where SQLite has it natively, a regular expression elsewhere."""
    if dialect == "sqlite":
        return exp.Glob(this=e.copy(), expression=lit(glob))
    return exp.RegexpLike(this=e.copy(), expression=lit(regex))


def format_to_glob(fmt: str) -> str:
    """A format such as `99999-9999` (9 digit, A letter, others literal) as a GLOB."""
    out = []
    for ch in fmt:
        if ch == "9":
            out.append("[0-9]")
        elif ch == "A":
            out.append("[A-Za-z]")
        elif ch in "*?[]":
            out.append(f"[{ch}]")
        else:
            out.append(ch)
    return "".join(out)


def format_to_regex(fmt: str) -> str:
    out = []
    for ch in fmt:
        if ch == "9":
            out.append("[0-9]")
        elif ch == "A":
            out.append("[A-Za-z]")
        else:
            out.append(re.escape(ch))
    return "^" + "".join(out) + "$"


def date_valid(e: exp.Expr, dialect: str) -> exp.Expr:
    shape = _matches(e, glob=_DATE_GLOB, regex=_DATE_REGEX, dialect=dialect)
    if dialect == "sqlite":
        # SQLite's date() accepts any day 01-31 as written, but with a modifier it normalises
        # (2023-02-30 becomes 2023-03-02): a real date is one that comes back unchanged.
        # date() gives NULL for month 00 or 13; COALESCE keeps the verdict true or false.
        real: exp.Expr = exp.Coalesce(
            this=exp.EQ(
                this=exp.Anonymous(this="DATE", expressions=[e.copy(), lit("+0 days")]),
                expression=e.copy(),
            ),
            expressions=[exp.false()],
        )
    elif dialect == "postgres":
        # No TRY_CAST, and to_date() raises on 2023-02-30 (and rejects year 0000): the
        # calendar is checked by arithmetic on the digits, which the shape check makes safe.
        real = exp.Case(ifs=[exp.If(this=shape.copy(), true=_calendar_day(e))],
                        default=exp.false())
    else:
        # DuckDB and Spark: TRY_CAST is NULL for 2023-02-30; both take year 0000 (proleptic).
        real = is_not_null(try_cast(e, "DATE"))
    return and_(shape, real)


def _calendar_day(e: exp.Expr) -> exp.Expr:
    """For text shaped YYYY-MM-DD: month 1-12 and day within the month (Gregorian leap years,
    proleptic, so year 0000 is a leap year as in SQLite and DuckDB)."""
    def part(start: int, length: int) -> exp.Expr:
        return exp.Cast(this=exp.Substring(this=e.copy(), start=lit(start), length=lit(length)),
                        to=exp.DataType.build("INT"))

    year, month, day = part(1, 4), part(6, 2), part(9, 2)

    def divides(n: int) -> exp.Expr:
        return exp.EQ(this=exp.Mod(this=year.copy(), expression=lit(n)), expression=lit(0))

    leap = exp.or_(exp.and_(divides(4), exp.Not(this=divides(100))), divides(400))
    last = exp.Case(ifs=[
        exp.If(this=in_numbers(month, [4, 6, 9, 11]), true=lit(30)),
        exp.If(this=exp.EQ(this=month.copy(), expression=lit(2)),
               true=exp.Case(ifs=[exp.If(this=leap, true=lit(29))], default=lit(28))),
    ], default=lit(31))
    return exp.and_(
        exp.Between(this=month.copy(), low=lit(1), high=lit(12)),
        exp.Between(this=day, low=lit(1), high=last),
    )


def in_numbers(e: exp.Expr, values: Sequence[int]) -> exp.Expr:
    return exp.In(this=e.copy(), expressions=[lit(v) for v in values])


def _resolve_date(value: object, ctx: CompileContext, rule: Rule) -> str:
    text = str(value)
    m = _RELATIVE.match(text)
    if m is None:
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            raise ExpressionError(
                f"Rule '{rule.id}': date bound '{text}' is neither YYYY-MM-DD nor as_of,"
                " as_of-5y, as_of+30d or as_of-6m."
            ) from None
    try:
        return _shift(ctx.as_of, m.groups())
    except (ValueError, OverflowError):
        raise ExpressionError(
            f"Rule '{rule.id}': date bound '{text}' falls outside the calendar for as-of"
            f" {ctx.as_of}."
        ) from None


def _shift(as_of: date, groups: tuple[str | Any, ...]) -> str:
    sign, amount, unit = groups
    if sign is None:
        return as_of.isoformat()
    n = int(amount) * (1 if sign == "+" else -1)
    if unit == "d":
        return (as_of + timedelta(days=n)).isoformat()
    months = n * (12 if unit == "y" else 1)
    y, mo = divmod(as_of.month - 1 + months, 12)
    year, month = as_of.year + y, mo + 1
    day = min(as_of.day, calendar.monthrange(year, month)[1])
    return date(year, month, day).isoformat()


def _reference_values(name: str, rule: Rule) -> list[str]:
    if name == "nucc_taxonomy":
        return sorted(ref.nucc_taxonomy())
    if name == "us_states":
        return sorted(f"US-{s.code}" for s in ref.us_states())
    if name == "iso_countries":
        return sorted(ref.iso_countries())
    if name == "iso_subdivisions":
        return sorted(ref.iso_subdivisions())
    allowed = "nucc_taxonomy, us_states, iso_countries, iso_subdivisions"
    raise ExpressionError(f"Rule '{rule.id}': unknown reference '{name}'. Allowed: {allowed}.")


def _npi_fails(e: exp.Expr, dialect: str) -> exp.Expr:
    # CMS NPI check digit: Luhn over the nine base digits with the 80840 prefix, which adds
    # a constant 24. Digits in odd positions (1, 3, 5, 7, 9) are doubled; a doubled digit
    # above 9 has 9 taken off.
    terms: list[exp.Expr] = [lit(24)]
    for pos in range(1, 10):
        d = digit(e, pos, dialect)
        if pos % 2 == 1:
            doubled = exp.Mul(this=lit(2), expression=d)
            terms.append(
                exp.Case(
                    ifs=[exp.If(this=exp.GT(this=d.copy(), expression=lit(4)),
                                true=exp.Sub(this=doubled.copy(), expression=lit(9)))],
                    default=doubled,
                )
            )
        else:
            terms.append(d)
    total: exp.Expr = terms[0]
    for t in terms[1:]:
        total = exp.Add(this=total, expression=t)
    check = exp.Mod(
        this=exp.Paren(this=exp.Sub(
            this=lit(10), expression=exp.Mod(this=exp.Paren(this=total), expression=lit(10)))),
        expression=lit(10),
    )
    bad_prefix = not_(in_list(exp.Substring(this=e.copy(), start=lit(1), length=lit(1)),
                              ["1", "2"]))
    return exp.or_(bad_prefix,
                   exp.NEQ(this=exp.Paren(this=check), expression=digit(e, 10, dialect)))


def _dea_fails(e: exp.Expr, dialect: str) -> exp.Expr:
    # DEA check digit: (d1 + d3 + d5) + 2 * (d2 + d4 + d6); its last digit is the 7th digit.
    # The digits start at character 3, after the two letters.
    d = [digit(e, 2 + i, dialect) for i in range(1, 8)]
    odd = exp.Add(this=exp.Add(this=d[0], expression=d[2]), expression=d[4])
    even = exp.Add(this=exp.Add(this=d[1], expression=d[3]), expression=d[5])
    total = exp.Add(this=odd, expression=exp.Mul(this=lit(2), expression=exp.Paren(this=even)))
    return exp.NEQ(this=exp.Mod(this=exp.Paren(this=total), expression=lit(10)), expression=d[6])


def compile_rule(rule: Rule, ctx: CompileContext) -> Check:
    """The check a rule compiles to, in the context's dialect."""
    from veeva_dq.compile._dataset import compile_dataset_rule

    if not rule.kind.is_row_level and rule.kind not in (Kind.UNIQUE, Kind.EXISTS_IN,
                                                        Kind.LOOKUP):
        return compile_dataset_rule(rule, ctx, _when(rule, ctx))
    check = _compile(rule, ctx)
    if not isinstance(check, RowCheck) or rule.kind is Kind.NOT_NULL or rule.column is None:
        return check
    # The rule's NULL policy: by default a NULL value is skipped (not checked).
    policy = rule.null_policy
    if policy is NullPolicy.SKIP:
        return check
    is_null = exp.Is(this=col(rule.column), expression=exp.Null())
    when = _when(rule, ctx)
    applies = exp.or_(and_(when, is_null.copy()), exp.Paren(this=check.applies))
    if policy is NullPolicy.FAIL:
        return RowCheck(rule, applies, exp.or_(is_null, exp.Paren(this=check.fails)))
    return RowCheck(rule, applies, exp.and_(exp.Not(this=is_null), exp.Paren(this=check.fails)))


def _numeric(e: exp.Expr, dialect: str) -> exp.Expr:
    """True for a plain decimal number such as -12, 3.5 or +0.25."""
    if dialect == "sqlite":
        return and_(
            exp.Glob(this=e.copy(), expression=lit("*[0-9]*")),
            exp.Not(this=exp.Glob(this=e.copy(), expression=lit("*[^0-9.+-]*"))),
            exp.Not(this=exp.Glob(this=e.copy(), expression=lit("?*[+-]*"))),
            exp.Not(this=exp.Glob(this=e.copy(), expression=lit("*.*.*"))),
        )
    return exp.RegexpLike(this=e.copy(), expression=lit(NUMBER_REGEX))


def _compile(rule: Rule, ctx: CompileContext) -> Check:
    when = _when(rule, ctx)
    dialect = ctx.dialect
    c = col(rule.column) if rule.column else exp.Null()
    present = is_not_null(c)
    if rule.column is None and rule.kind not in (Kind.EXPRESSION, Kind.LOOKUP):
        raise ExpressionError(f"Rule '{rule.id}': a {rule.kind.value} rule needs a column.")
    k = rule.kind
    p = rule.params

    if k is Kind.NOT_NULL:
        missing: exp.Expr = exp.Is(this=c.copy(), expression=exp.Null())
        if p.get("blank_is_null", True):
            missing = blank(c, dialect)
        return RowCheck(rule, and_(when), missing)
    if k is Kind.RANGE and p.get("type", "number") == "number":
        number = to_number(c, "DOUBLE", dialect)
        outside: list[exp.Expr] = [not_(_numeric(c, dialect))]
        if "min" in p:
            outside.append(exp.LT(this=number.copy(),
                                  expression=exp.Literal.number(float(p["min"]))))
        if "max" in p:
            outside.append(exp.GT(this=number.copy(),
                                  expression=exp.Literal.number(float(p["max"]))))
        return RowCheck(rule, and_(when, present), or_(outside))
    if k is Kind.DATE_ORDER:
        first, second = (col(n) for n in rule.columns)
        later = (exp.GT if p.get("allow_equal", True) else exp.GTE)(
            this=first.copy(), expression=second.copy())
        return RowCheck(rule, and_(when, present, is_not_null(second), date_valid(first, dialect),
                                   date_valid(second, dialect)), later)
    if k is Kind.IN_SET:
        if "values" in p:
            values = [str(v) for v in p["values"]]
        elif "picklist" in p:
            values = list(ctx.model.picklist_codes(p["picklist"]))
        elif "reference" in p:
            values = _reference_values(str(p["reference"]), rule)
        else:
            raise ExpressionError(
                f"Rule '{rule.id}': an in_set rule needs one of values, picklist, reference."
            )
        target: exp.Expr = c
        if p.get("case_sensitive") is False:
            target = exp.Upper(this=c.copy())
            values = sorted({v.upper() for v in values})
        return RowCheck(rule, and_(when, present), not_(in_values(target, values, dialect)))
    if k is Kind.PATTERN:
        formats = [str(f) for f in p["formats"]]
        ok = or_([_matches(c, glob=format_to_glob(f), regex=format_to_regex(f), dialect=dialect)
                  for f in formats])
        return RowCheck(rule, and_(when, present), not_(ok))
    if k is Kind.REGEX:
        try:
            re.compile(str(p["pattern"]))
        except re.error as exc:
            raise ExpressionError(
                f"Rule '{rule.id}': pattern {p['pattern']!r} is not a valid regular expression:"
                f" {exc}."
            ) from None
        ok = exp.RegexpLike(this=c.copy(), expression=lit(str(p["pattern"])))
        return RowCheck(rule, and_(when, present), not_(ok))
    if k is Kind.LENGTH:
        length = exp.Length(this=c.copy())
        bad: list[exp.Expr] = []
        if "min" in p:
            bad.append(exp.LT(this=length, expression=lit(int(p["min"]))))
        if "max" in p:
            bad.append(exp.GT(this=length.copy(), expression=lit(int(p["max"]))))
        if not bad:
            raise ExpressionError(f"Rule '{rule.id}': a length rule needs min or max.")
        return RowCheck(rule, and_(when, present), or_(bad))
    if k is Kind.NPI:
        shape = _matches(c, glob="[0-9]" * 10, regex="^[0-9]{10}$", dialect=dialect)
        return RowCheck(rule, and_(when, present, shape), _npi_fails(c, dialect))
    if k is Kind.DEA:
        shape = _matches(c, glob="[A-Z][A-Z9]" + "[0-9]" * 7, regex="^[A-Z][A-Z9][0-9]{7}$",
                         dialect=dialect)
        return RowCheck(rule, and_(when, present, shape), _dea_fails(c, dialect))
    if k is Kind.PHONE:
        if str(p.get("country", "US")) != "US":
            raise ExpressionError(
                f"Rule '{rule.id}': phone rules know the country US (NANP) only."
            )
        # NANP: strip the usual punctuation, then ten digits (area code and exchange
        # starting 2-9), optionally after the country code 1. Native string functions only,
        # so no per-row callback into Python.
        digits: exp.Expr = c.copy()
        for ch in PHONE_PUNCTUATION:
            digits = exp.Anonymous(this="REPLACE", expressions=[digits, lit(ch), lit("")])
        nanp = "[2-9][0-9][0-9][2-9][0-9][0-9][0-9][0-9][0-9][0-9]"
        ok = or_([
            _matches(digits, glob=nanp, regex="^[2-9][0-9]{2}[2-9][0-9]{6}$", dialect=dialect),
            _matches(digits, glob="1" + nanp, regex="^1[2-9][0-9]{2}[2-9][0-9]{6}$",
                     dialect=dialect),
        ])
        return RowCheck(rule, and_(when, present), not_(ok))
    if k is Kind.DATE_VALID:
        return RowCheck(rule, and_(when, present), not_(date_valid(c, dialect)))
    if k is Kind.DATE_RANGE or k is Kind.RANGE:
        bounds: list[exp.Expr] = []
        if "min" in p:
            bounds.append(exp.LT(this=c.copy(), expression=lit(_resolve_date(p["min"], ctx, rule))))
        if "max" in p:
            bounds.append(exp.GT(this=c.copy(), expression=lit(_resolve_date(p["max"], ctx, rule))))
        if not bounds:
            raise ExpressionError(f"Rule '{rule.id}': a {k.value} rule needs min or max.")
        # Only well-formed dates are compared; date_valid rules report the others.
        return RowCheck(rule, and_(when, present, date_valid(c, dialect)), or_(bounds))
    if k is Kind.EXPRESSION:
        fails = parse_condition(str(p["fail_when"]), rule_id=rule.id,
                                columns=ctx.columns_of(rule.object), params=rule_params(ctx))
        needed = [is_not_null(col(name)) for name in rule.columns]
        return RowCheck(rule, and_(when, *needed), fails)
    if k is Kind.UNIQUE:
        keys = []
        normalize = p.get("normalize") or []
        for name in rule.columns:
            key: exp.Expr = col(name)
            if normalize is True or (isinstance(normalize, list) and name in normalize):
                key = exp.Upper(this=exp.Trim(this=key))
            keys.append(key)
        distinct = col(str(p["distinct"])) if p.get("distinct") else None
        grouped = and_(when, *[is_not_null(col(n)) for n in rule.columns])
        policy = rule.null_policy
        any_null = or_([exp.Is(this=col(n), expression=exp.Null()) for n in rule.columns])
        return GroupCheck(
            rule, grouped, tuple(keys), distinct,
            counted=grouped if policy is NullPolicy.SKIP else and_(when),
            null_fails=and_(when, any_null) if policy is NullPolicy.FAIL else None,
        )
    if k is Kind.EXISTS_IN:
        targets = []
        for t in p["targets"]:
            if "object" in t:
                obj = ctx.model.object(str(t["object"]))
                targets.append((obj.name, str(t.get("column", obj.key))))
            elif t.get("table") in REFERENCE_TABLES:
                targets.append((str(t["table"]), str(t["column"])))
            else:
                raise ExpressionError(
                    f"Rule '{rule.id}': an exists_in target names an object of the model or one"
                    f" of the reference tables {', '.join(REFERENCE_TABLES)}."
                )
        return ExistsCheck(rule, and_(when, present), str(rule.column), tuple(targets),
                           bool(p.get("negate", False)))
    if k is Kind.LOOKUP:
        join = p["join"]
        other = ctx.model.object(str(join["object"]))
        fails = parse_condition(
            str(p["fail_when"]), rule_id=rule.id, columns=ctx.columns_of(rule.object),
            joined={other.name: ctx.columns_of(other.name)}, params=rule_params(ctx),
        )
        on = str(join["column"])
        return LookupCheck(rule, and_(when, is_not_null(col(on))), other.name, other.key, on,
                           fails)
    raise ExpressionError(f"Rule '{rule.id}': kind {k.value} has no compiler.")


def flag(check: RowCheck) -> exp.Expr:
    return case_flag(and_(check.applies.copy(), check.fails.copy()))
