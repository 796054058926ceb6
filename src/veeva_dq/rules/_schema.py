"""What a rule is: a small declarative record. No SQL, no rendering code."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any


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
    EXPRESSION = "expression"
    UNIQUE = "unique"
    EXISTS_IN = "exists_in"
    LOOKUP = "lookup"

    @property
    def is_row_level(self) -> bool:
        return self not in (Kind.UNIQUE, Kind.EXISTS_IN, Kind.LOOKUP)


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
    source: str = ""

    @property
    def column(self) -> str | None:
        """The column issues are reported against (the first one named)."""
        return self.columns[0] if self.columns else None

    def issue_message(self, value: str | None) -> str:
        template = self.message or self.description
        shown = "" if value is None else value
        return template.replace("{value}", shown).replace("{column}", self.column or "")

    def passes(self, checked: int, failed: int) -> bool:
        """A rule passes with no failures, or when its pass rate meets its threshold."""
        if failed == 0:
            return True
        if self.threshold is None or checked == 0:
            return False
        return (checked - failed) / checked >= self.threshold
