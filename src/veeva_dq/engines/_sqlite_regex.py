"""Regular expressions that SQLite can test natively, without calling back into Python.

SQLite has no regular expressions; veeva-dq registers `regexp` in Python, and each call
costs a trip into the interpreter under its global lock, so a regex rule over a million rows
keeps the other workers waiting. Where a pattern has an exact native equivalent (GLOB,
INSTR, SUBSTR, RTRIM, REPLACE, LENGTH) it is rendered that way instead:

- a pattern that is `^`, a fixed sequence of literal characters and character classes, each
  optionally repeated `{n}` times, and `$`: one GLOB of the same fixed width
  (`^[A-Z][A-Z9][0-9]{7}$` becomes `GLOB '[A-Z][A-Z9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'`);
- the built-in pack's e-mail and DEA drug-schedule patterns, each written out by hand.

Every native form gives what `regexp` gives (engines/_sqlite.py: Python's `re` with ASCII
classes and a final `$` that matches only at the very end): 1 or 0, NULL for NULL. GLOB reads
text only up to a NUL character, which `re` does not, so each form also requires the text to
hold none. `tests/rules/test_sqlite_regex.py` compares both on generated near-miss values.
Any other pattern keeps the `regexp` function.
"""

from __future__ import annotations

import string
from collections.abc import Callable

from sqlglot import exp

from veeva_dq.compile._sqlexpr import lit

# The pattern of the built-in rule hcp_email_format.
EMAIL = r"^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$"
# The pattern of the built-in rule license_drug_schedule.
DRUG_SCHEDULE = r"^(2N?|3N?|4|5)([,;] ?(2N?|3N?|4|5))*$"

_LETTERS = string.ascii_uppercase + string.ascii_lowercase


def _fn(name: str, *args: exp.Expr) -> exp.Expr:
    return exp.Anonymous(this=name, expressions=list(args))


def _glob(value: exp.Expr, pattern: str) -> exp.Expr:
    return exp.Glob(this=value.copy(), expression=lit(pattern))


def _not_glob(value: exp.Expr, pattern: str) -> exp.Expr:
    return exp.Not(this=exp.Paren(this=_glob(value, pattern)))


def _no_nul(value: exp.Expr) -> exp.Expr:
    return exp.EQ(this=_fn("INSTR", value.copy(), exp.Chr(expressions=[lit(0)])),
                  expression=lit(0))


def _all(*conds: exp.Expr) -> exp.Expr:
    return exp.Paren(this=exp.and_(*conds))


def _email(value: exp.Expr) -> exp.Expr:
    """local@domain: local of [A-Za-z0-9._%+'-]; domain of labels of [A-Za-z0-9-] joined by
    dots, at least two, the last of two or more letters. The first `@` splits the text (the
    local part cannot hold one, and the domain's class excludes another); the domain starts
    with no dot, holds no two dots in a row, and with its trailing letters trimmed ends in a
    dot after at least one character, two or more letters trimmed."""
    at = _fn("INSTR", value.copy(), lit("@"))
    local = exp.Substring(this=value.copy(), start=lit(1),
                          length=exp.Sub(this=at.copy(), expression=lit(1)))
    domain = exp.Substring(this=value.copy(), start=exp.Add(this=at.copy(), expression=lit(1)))
    head = _fn("RTRIM", domain.copy(), lit(_LETTERS))
    return _all(
        _no_nul(value),
        exp.GT(this=at, expression=lit(1)),
        _not_glob(local, "*[^A-Za-z0-9._%+'-]*"),
        _not_glob(domain, "*[^A-Za-z0-9.-]*"),
        _not_glob(domain, ".*"),
        _not_glob(domain, "*..*"),
        _glob(head, "?*."),
        exp.GTE(this=exp.Sub(this=exp.Length(this=domain.copy()),
                             expression=exp.Length(this=head.copy())), expression=lit(2)),
    )


def _drug_schedule(value: exp.Expr) -> exp.Expr:
    """Items 2, 2N, 3, 3N, 4, 5 separated by `,` or `;` and at most one space. With 2N and 3N
    made 2 and 3, and ", " and "; " made "," and ";" (each in one left-to-right pass, so an
    N or a space left over is one the pattern does not allow), the text is digits 2-5 and
    separators, starting and ending with a digit, with no two digits or two separators in a
    row."""
    text: exp.Expr = value.copy()
    for old, new in (("2N", "2"), ("3N", "3"), (", ", ","), ("; ", ";")):
        text = _fn("REPLACE", text, lit(old), lit(new))
    return _all(
        _no_nul(value),
        _not_glob(text, "*[^2345,;]*"),
        _glob(text, "[2345]*"),
        _glob(text, "*[2345]"),
        _not_glob(text, "*[2345][2345]*"),
        _not_glob(text, "*[,;][,;]*"),
    )


_KNOWN: dict[str, Callable[[exp.Expr], exp.Expr]] = {
    EMAIL: _email,
    DRUG_SCHEDULE: _drug_schedule,
}

# Characters that stand for themselves both in the pattern and in GLOB: letters, digits and
# punctuation that neither language treats specially.
_PLAIN = set(string.ascii_letters + string.digits + " !\"#%&',-/:;<=>@_`~")


def _glob_class(body: str) -> str | None:
    """A regex class body of plain characters and ranges (no escapes, no negation, no `^`
    or brackets) as a GLOB class, or None."""
    if not body or any(ch in body for ch in "^\\[]"):
        return None
    items: list[str] = []
    dash = False
    i = 0
    while i < len(body):
        if i + 2 < len(body) and body[i + 1] == "-":
            low, high = body[i], body[i + 2]
            if not (low.isascii() and low.isalnum() and high.isascii() and high.isalnum()
                    and low <= high):
                return None
            items.append(f"{low}-{high}")
            i += 3
            continue
        ch = body[i]
        if ch == "-":
            if 0 < i < len(body) - 1:
                return None
            dash = True  # literal first or last in the pattern; written last in GLOB
        elif ch in _PLAIN or ch in ".*?+(){}|$":
            items.append(ch)
        else:
            return None
        i += 1
    return "[" + "".join(items) + ("-" if dash else "") + "]"


def fixed_width_glob(pattern: str) -> str | None:
    """`^`, literals and classes each repeated `{n}` at most, `$`: the same test as a GLOB."""
    if not (pattern.startswith("^") and pattern.endswith("$")):
        return None
    body = pattern[1:-1]
    out: list[str] = []
    i = 0
    while i < len(body):
        ch = body[i]
        if ch == "[":
            end = body.find("]", i + 1)
            if end < 0:
                return None
            atom = _glob_class(body[i + 1:end])
            if atom is None:
                return None
            i = end + 1
        elif ch in _PLAIN:
            atom = ch
            i += 1
        else:
            return None
        count = 1
        if i < len(body) and body[i] == "{":
            end = body.find("}", i)
            if end < 0 or not body[i + 1:end].isdigit():
                return None
            count = int(body[i + 1:end])
            if count > 64:
                return None
            i = end + 1
        out.append(atom * count)
    return "".join(out) if out else None


def native_regexp(pattern: str, value: exp.Expr) -> exp.Expr | None:
    """`value REGEXP pattern` in native SQLite, or None when the pattern has no such form."""
    known = _KNOWN.get(pattern)
    if known is not None:
        return known(value)
    glob = fixed_width_glob(pattern)
    if glob is None:
        return None
    return _all(_no_nul(value), _glob(value, glob))


def native_regexps(node: exp.Expr) -> exp.Expr:
    """A tree transform: REGEXP with a literal pattern that has a native form becomes it."""
    if isinstance(node, exp.RegexpLike):
        pattern = node.expression
        if isinstance(pattern, exp.Literal) and pattern.is_string:
            native = native_regexp(pattern.name, node.this)
            if native is not None:
                return native
    return node
