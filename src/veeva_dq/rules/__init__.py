"""Rules: schema, loader, built-in packs, selection, identifier algorithms."""

from __future__ import annotations

from veeva_dq.rules._loader import (
    RulePack,
    RulePackError,
    builtin_pack_path,
    load_pack,
    load_packs,
    rules_version,
)
from veeva_dq.rules._schema import Dimension, ExpressionError, Kind, Rule, Severity
from veeva_dq.rules._select import SelectionError, rule_groups, select_rules

__all__ = [
    "Dimension",
    "ExpressionError",
    "Kind",
    "Rule",
    "RulePack",
    "RulePackError",
    "SelectionError",
    "Severity",
    "builtin_pack_path",
    "load_pack",
    "load_packs",
    "rule_groups",
    "rules_version",
    "select_rules",
]
