"""The rule compiler: rules to SQL syntax trees (sqlglot), rendered per dialect."""

from __future__ import annotations

from veeva_dq.compile._checks import (
    ChildrenCheck,
    CompileContext,
    DatasetCheck,
    ExistsCheck,
    ExpressionError,
    GroupCheck,
    LookupCheck,
    RowCheck,
    compile_rule,
)
from veeva_dq.compile._dataset import children_failures_query
from veeva_dq.compile._queries import (
    exists_failures_query,
    group_count_query,
    group_failures_query,
    group_set_key,
    lookup_counts_query,
    lookup_failures_query,
    null_key_query,
    row_failures_query,
    scan_query,
    shared_group_count_query,
)

__all__ = [
    "ChildrenCheck",
    "CompileContext",
    "DatasetCheck",
    "ExistsCheck",
    "ExpressionError",
    "GroupCheck",
    "LookupCheck",
    "RowCheck",
    "children_failures_query",
    "compile_rule",
    "exists_failures_query",
    "group_count_query",
    "group_failures_query",
    "group_set_key",
    "lookup_counts_query",
    "lookup_failures_query",
    "null_key_query",
    "row_failures_query",
    "scan_query",
    "shared_group_count_query",
]
