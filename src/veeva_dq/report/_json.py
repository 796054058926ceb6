"""The run as data: the JSON view, and the ordering and formatting every output shares.

Scores are percentages (0 to 100, pooled over checks; see `veeva_dq.results._scoring`);
a rule's `pass_rate` is a fraction (0 to 1). Both are None when nothing was checked.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from veeva_dq.results import (
    ResultStore,
    RuleLifecycle,
    RuleResult,
    RunRecord,
    compute_scores,
)

# Most severe first: the order in which failing rules are listed everywhere.
SEVERITY_ORDER = ("critical", "error", "warning", "info")


def severity_rank(severity: str) -> int:
    """0 for critical, 1 for error, ...; a severity this tool does not know sorts last."""
    try:
        return SEVERITY_ORDER.index(severity.lower())
    except ValueError:
        return len(SEVERITY_ORDER)


def failing_rules(results: Iterable[RuleResult]) -> list[RuleResult]:
    """Rules that did not pass, by severity (critical first), then most failures, then id."""
    return sorted(
        (r for r in results if not r.passed),
        key=lambda r: (severity_rank(r.severity), -r.failed, r.rule_id),
    )


def duration_seconds(started_at: str, finished_at: str | None) -> float | None:
    """Seconds between two ISO 8601 timestamps; None if unfinished or not comparable."""
    if not finished_at:
        return None
    try:
        delta = datetime.fromisoformat(finished_at) - datetime.fromisoformat(started_at)
    except (ValueError, TypeError):  # malformed, or one naive and one aware timestamp
        return None
    seconds = delta.total_seconds()
    return seconds if seconds >= 0 else None


def format_duration(seconds: float | None) -> str:
    if seconds is None:
        return "n/a"
    if seconds < 60:
        return f"{seconds:.1f} s"
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    return f"{minutes} min {secs:02d} s"


def format_score(score: float | None) -> str:
    """A score (already a percentage) for display; n/a when nothing was checked."""
    return "n/a" if score is None else f"{score:.2f}%"


def format_pass_rate(rule: RuleResult) -> str:
    """The pass rate as a percentage that never rounds a failure up to 100% (or down to 0%)."""
    rate = rule.pass_rate
    if rate is None:
        return "n/a"
    text = f"{100.0 * rate:.2f}%"
    if rule.failed and text == "100.00%":
        return ">99.99%"
    if rule.failed < rule.checked and text == "0.00%":
        return "<0.01%"
    return text


def format_count(n: int) -> str:
    return f"{n:,}"


def group_counts(results: Iterable[RuleResult]) -> dict[str, dict[str, tuple[int, int]]]:
    """(checked, failed) summed per dimension and per object, keyed like `Scores`."""
    out: dict[str, dict[str, tuple[int, int]]] = {"dimension": {}, "object": {}}
    for r in results:
        for kind, key in (("dimension", r.dimension), ("object", r.object)):
            checked, failed = out[kind].get(key, (0, 0))
            out[kind][key] = (checked + r.checked, failed + r.failed)
    return out


def run_dict(run: RunRecord) -> dict[str, Any]:
    return {
        "run_id": run.run_id,
        "status": str(run.status),
        "started_at": run.started_at,
        "finished_at": run.finished_at,
        "as_of": run.as_of,
        "selector": run.selector,
        "engine": run.engine,
        "source": run.source,
        "rules_version": run.rules_version,
        "veeva_dq_version": run.veeva_dq_version,
        "rules_run": run.rules_run,
        "rules_failed": run.rules_failed,
        "issues": run.issues,
        "new": run.new_issues,
        "open": run.open_issues,
        "resolved": run.resolved_issues,
    }


def rule_dict(rule: RuleResult, lifecycle: RuleLifecycle | None = None) -> dict[str, Any]:
    """The rule result; `new`, `open` and `resolved` are null when not tracked."""
    counts = lifecycle.counts if lifecycle is not None else None
    return {
        "rule_id": rule.rule_id,
        "object": rule.object,
        "dimension": rule.dimension,
        "severity": rule.severity,
        "description": rule.description,
        "checked": rule.checked,
        "failed": rule.failed,
        "pass_rate": rule.pass_rate,
        "passed": rule.passed,
        "new": None if counts is None else counts.new,
        "open": None if counts is None else counts.open,
        "resolved": None if counts is None else counts.resolved,
    }


def run_to_json(store: ResultStore, run_id: int) -> dict[str, Any]:
    """The run, its scores and every rule result (ordered by rule id) as plain JSON data.

    The run and each rule end with the issue lifecycle counts `new`, `open` (issues of this
    run) and `resolved` (keys no longer failing since the rule's previous run); null for a
    run that is not complete or was stored before the lifecycle existed. Raises
    `UnknownRunError` when the run does not exist.
    """
    run = store.get_run(run_id)
    results = store.rule_results(run_id)
    lifecycle = store.rule_lifecycle(run_id)
    scores = compute_scores(results)
    return {
        "run": run_dict(run),
        "scores": {
            "overall": scores.overall,
            "by_dimension": dict(scores.by_dimension),
            "by_object": dict(scores.by_object),
        },
        "rules": [rule_dict(r, lifecycle.get(r.rule_id)) for r in results],
    }
