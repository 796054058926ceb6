"""What a rule is: a small declarative record. No SQL, no rendering code."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any, NamedTuple


class ExpressionError(ValueError):
    """A rule expression that is not allowed: names the rule, the text and the reason."""


class Dimension(enum.StrEnum):
    COMPLETENESS = "completeness"
    VALIDITY = "validity"
    UNIQUENESS = "uniqueness"
    CONSISTENCY = "consistency"
    INTEGRITY = "integrity"
    TIMELINESS = "timeliness"


class Severity(enum.StrEnum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2, Severity.CRITICAL: 3}


class Kind(enum.StrEnum):
    """Rule kinds. Row kinds judge one record alone and share one scan per object."""

    NOT_NULL = "not_null"
    IN_SET = "in_set"
    PATTERN = "pattern"
    REGEX = "regex"
    LENGTH = "length"
    NPI = "npi"
    DEA = "dea"
    PHONE = "phone"
    DATE_VALID = "date_valid"
    DATE_RANGE = "date_range"
    RANGE = "range"
    DATE_ORDER = "date_order"
    EXPRESSION = "expression"
    UNIQUE = "unique"
    EXISTS_IN = "exists_in"
    LOOKUP = "lookup"
    CHILDREN = "children"
    ROW_COUNT = "row_count"
    FRESHNESS = "freshness"
    ANOMALY = "anomaly"

    @property
    def is_row_level(self) -> bool:
        return self not in (Kind.UNIQUE, Kind.EXISTS_IN, Kind.LOOKUP, Kind.CHILDREN,
                            Kind.ROW_COUNT, Kind.FRESHNESS, Kind.ANOMALY)

    @property
    def is_dataset_level(self) -> bool:
        """Judges the object as a whole (one check per run), not record by record."""
        return self in (Kind.ROW_COUNT, Kind.FRESHNESS, Kind.ANOMALY)


class NullPolicy(enum.StrEnum):
    """What a rule does with a NULL value in the column it judges."""

    SKIP = "skip"  # the record is not checked
    PASS = "pass"  # the record is checked and passes
    FAIL = "fail"  # the record is checked and fails


# The default per kind; a rule's `nulls:` key overrides it for row kinds.
DEFAULT_NULLS = {Kind.NOT_NULL: NullPolicy.FAIL}


class MessageForm(NamedTuple):
    """A rule's issue message as a function of the failing value: the `template` with
    `{column}` and then `{value}` replaced (the column, or ""; the value's text, or "" when
    missing), so that a value is shown as it is, whatever text it holds; or, without a
    template, `prefix` + `'value'` (quoted; `missing` when there is none) + `suffix`."""

    template: str | None
    column: str
    prefix: str | None
    suffix: str | None

    def render(self, value: str | None) -> str:
        if self.template is not None:
            shown = "" if value is None else value
            return self.template.replace("{column}", self.column).replace("{value}", shown)
        found = "missing" if value is None else f"'{value}'"
        return f"{self.prefix}{found}{self.suffix}"


@dataclass(frozen=True)
class Rule:
    id: str
    object: str
    kind: Kind
    dimension: Dimension
    severity: Severity
    description: str
    columns: tuple[str, ...] = ()
    params: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    when: str | None = None
    groups: tuple[str, ...] = ()
    message: str | None = None
    threshold: float | None = None
    nulls: NullPolicy | None = None
    source: str = ""

    @property
    def null_policy(self) -> NullPolicy:
        return self.nulls or DEFAULT_NULLS.get(self.kind, NullPolicy.SKIP)

    @property
    def column(self) -> str | None:
        """The column issues are reported against (the first one named)."""
        return self.columns[0] if self.columns else None

    def issue_message(self, value: str | None) -> str:
        """The rule's `message`, or, without one, a sentence built from its description
        (which says what a passing record looks like)."""
        return self.message_form.render(value)

    @property
    def message_form(self) -> MessageForm:
        """How `issue_message` makes a message from the value, in parts a store can keep
        once per rule and apply again when it reads an issue."""
        if self.message:
            return MessageForm(self.message, self.column or "", None, None)
        where = f"{self.column} is " if self.column else "value "
        return MessageForm(None, self.column or "", f"Fails {self.id} ({where}",
                           f"): {self.description}")

    def passes(self, checked: int, failed: int) -> bool:
        """A rule passes with no failures, or when its pass rate meets its threshold."""
        if failed == 0:
            return True
        if self.threshold is None or checked == 0:
            return False
        return (checked - failed) / checked >= self.threshold
