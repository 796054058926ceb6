"""The results store: runs, per-rule results, per-record issues, and scores."""

from __future__ import annotations

from veeva_dq.results._scoring import Scores, compute_scores
from veeva_dq.results._store import (
    ISSUE_COLUMNS,
    Issue,
    ResultStore,
    RuleResult,
    RunRecord,
    RunStatus,
    UnknownRunError,
)

__all__ = [
    "ISSUE_COLUMNS",
    "Issue",
    "ResultStore",
    "RuleResult",
    "RunRecord",
    "RunStatus",
    "Scores",
    "UnknownRunError",
    "compute_scores",
]
