"""Scores: the share of checks that passed, overall, per dimension and per object.

A check is one record judged by one rule. A score is 100 x (checks passed / checks made),
pooled over the rules in the group, so a rule that judged a million addresses weighs more
than one that judged ten licenses. A group whose rules checked nothing has no score (None).
This module knows nothing of engines: it turns measured counts into judgements.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from veeva_dq.results._store import RuleResult


@dataclass(frozen=True)
class Scores:
    overall: float | None
    by_dimension: dict[str, float | None]
    by_object: dict[str, float | None]


def _score(checked: int, failed: int) -> float | None:
    return None if checked == 0 else round(100.0 * (checked - failed) / checked, 2)


def compute_scores(results: Iterable[RuleResult]) -> Scores:
    dims: dict[str, list[int]] = {}
    objs: dict[str, list[int]] = {}
    total = [0, 0]
    for r in results:
        for bucket in (dims.setdefault(r.dimension, [0, 0]), objs.setdefault(r.object, [0, 0]),
                       total):
            bucket[0] += r.checked
            bucket[1] += r.failed
    return Scores(
        overall=_score(total[0], total[1]),
        by_dimension={k: _score(*v) for k, v in sorted(dims.items())},
        by_object={k: _score(*v) for k, v in sorted(objs.items())},
    )
