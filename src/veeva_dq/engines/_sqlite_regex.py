"""Regular expressions that SQLite can test natively, without calling back into Python.

SQLite has no regular expressions; veeva-dq registers `regexp` in Python, and each call is a
trip into the interpreter under its global lock. A pattern that is `^`, a fixed sequence of
literal characters and character classes, each optionally repeated `{n}` times, and `$`
is one GLOB of the same fixed width instead (`^[A-Z][A-Z9][0-9]{7}$` becomes `GLOB
'[A-Z][A-Z9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'`): measured 0.34 CPU s against 1.29 for
`regexp` over 1.57M licenses.

The GLOB gives what `regexp` gives (engines/_sqlite.py: Python's `re` with ASCII classes
and a final `$` that matches only at the very end): 1 or 0, NULL for NULL. GLOB reads text
only up to a NUL character, which `re` does not, so the form also requires the text to hold
none. `tests/rules/test_sqlite_regex.py` compares both on generated near-miss values.

Other patterns keep `regexp`. Variable-width ones (the built-in e-mail and drug-schedule
patterns) were written out with GLOB, INSTR, RTRIM and REPLACE and measured 2.5 to 3 times
slower than the callback: SQLite's GLOB parses a character class at every position, so
"every character is in this class" costs as much as the whole regular expression.
"""

from __future__ import annotations

import string

from sqlglot import exp

from veeva_dq.compile._sqlexpr import lit


def _no_nul(value: exp.Expr) -> exp.Expr:
    return exp.EQ(this=exp.Anonymous(this="INSTR", expressions=[
        value.copy(), exp.Chr(expressions=[lit(0)])]), expression=lit(0))


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
    glob = fixed_width_glob(pattern)
    if glob is None:
        return None
    return exp.Paren(this=exp.and_(_no_nul(value),
                                   exp.Glob(this=value.copy(), expression=lit(glob))))


def native_regexps(node: exp.Expr) -> exp.Expr:
    """A tree transform: REGEXP with a literal pattern that has a native form becomes it."""
    if isinstance(node, exp.RegexpLike):
        pattern = node.expression
        if isinstance(pattern, exp.Literal) and pattern.is_string:
            native = native_regexp(pattern.name, node.this)
            if native is not None:
                return native
    return node
