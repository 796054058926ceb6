"""The results store: runs, per-rule results, per-record issues, their lifecycle, scores."""

from __future__ import annotations

from veeva_dq.results._compare import RuleDiff
from veeva_dq.results._lifecycle import (
    KEY_LENGTH,
    Counts,
    IssueStatus,
    RuleLifecycle,
    issue_key,
)
from veeva_dq.results._rows import IssueHead
from veeva_dq.results._scoring import Scores, compute_scores
from veeva_dq.results._stewardship import (
    MIN_PREFIX,
    STATUS_FILTERS,
    Assignment,
    IssueKeyError,
    Note,
)
from veeva_dq.results._store import (
    ISSUE_COLUMNS,
    LIFECYCLE_COLUMNS,
    Issue,
    ResultStore,
    RuleResult,
    RunRecord,
    RunStatus,
    UnknownRunError,
)

__all__ = [
    "ISSUE_COLUMNS",
    "KEY_LENGTH",
    "LIFECYCLE_COLUMNS",
    "MIN_PREFIX",
    "STATUS_FILTERS",
    "Assignment",
    "Counts",
    "Issue",
    "IssueHead",
    "IssueKeyError",
    "IssueStatus",
    "Note",
    "ResultStore",
    "RuleDiff",
    "RuleLifecycle",
    "RuleResult",
    "RunRecord",
    "RunStatus",
    "Scores",
    "UnknownRunError",
    "compute_scores",
    "issue_key",
]
