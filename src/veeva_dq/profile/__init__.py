"""Profiling object tables and suggesting a rule pack from what they hold."""

from __future__ import annotations

from veeva_dq.profile._profile import (
    PATTERN_FUNCTION,
    SMALL_DOMAIN,
    ColumnProfile,
    ObjectProfile,
    ProfileError,
    loaded_objects,
    open_database,
    profile_object,
    profile_to_dict,
    register_functions,
    value_pattern,
)
from veeva_dq.profile._suggest import (
    SUGGESTED_GROUP,
    builtin_coverage,
    dominant_formats,
    pack_to_yaml,
    suggest_rules,
    unmodelled_columns,
)

__all__ = [
    "PATTERN_FUNCTION",
    "SMALL_DOMAIN",
    "SUGGESTED_GROUP",
    "ColumnProfile",
    "ObjectProfile",
    "ProfileError",
    "builtin_coverage",
    "dominant_formats",
    "loaded_objects",
    "open_database",
    "pack_to_yaml",
    "profile_object",
    "profile_to_dict",
    "register_functions",
    "suggest_rules",
    "unmodelled_columns",
    "value_pattern",
]
