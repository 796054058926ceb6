"""Judging dataset rules from measured values: no engine code here.

Row count and freshness compare one measured value with fixed bounds. An anomaly rule
compares the value with the same rule's values in earlier complete runs, using the median
and the median absolute deviation (MAD), which one odd run cannot drag:

    robust z = |value - median| / (1.4826 x MAD)

The rule fails when the robust z exceeds `threshold` (default 3.5, the cut-off of Iglewicz
and Hoaglin), or when the relative change from the median exceeds `max_change` if one is
given. When every earlier value is the same (MAD = 0), any change beyond `max_change`
(default 0.1, i.e. 10%) fails. With fewer than `min_history` earlier values (default 3)
the rule checks nothing and passes: there is no history to judge against yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from veeva_dq.rules import Kind, Rule

DEFAULT_WINDOW = 10
DEFAULT_THRESHOLD = 3.5
DEFAULT_MIN_HISTORY = 3
DEFAULT_FLAT_CHANGE = 0.1


@dataclass(frozen=True)
class Verdict:
    checked: int
    failed: int
    value: str | None
    message: str


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:.4g}"


def judge(rule: Rule, value: object, as_of: date, history: list[float]) -> Verdict:
    p = rule.params
    if rule.kind is Kind.ROW_COUNT:
        n = int(str(value)) if value is not None else 0
        lo, hi = p.get("min"), p.get("max")
        bad = (lo is not None and n < int(lo)) or (hi is not None and n > int(hi))
        allowed = " and ".join(x for x in (
            f"at least {int(lo):,}" if lo is not None else "",
            f"at most {int(hi):,}" if hi is not None else "") if x)
        return Verdict(1, int(bad), str(n),
                       f"{rule.object} has {n:,} rows; the rule allows {allowed}.")
    if rule.kind is Kind.FRESHNESS:
        cutoff = as_of - timedelta(days=int(p["max_age_days"]))
        newest = None if value is None else str(value)
        if newest is None:
            return Verdict(1, 1, None, f"{rule.object} has no valid {rule.column} date at all.")
        stale = newest < cutoff.isoformat()
        return Verdict(1, int(stale), newest,
                       f"The newest {rule.column} is {newest}; the rule wants one on or after"
                       f" {cutoff.isoformat()} ({p['max_age_days']} days before {as_of}).")
    if rule.kind is Kind.ANOMALY:
        if value is None:
            return Verdict(0, 0, None, "Nothing was measured.")
        x = float(str(value))
        if len(history) < int(p.get("min_history", DEFAULT_MIN_HISTORY)):
            return Verdict(0, 0, _fmt(x), "Not enough earlier runs to judge against.")
        import statistics  # only anomaly rules need it

        median = statistics.median(history)
        mad = statistics.median(abs(h - median) for h in history)
        change = abs(x - median) / abs(median) if median else (0.0 if x == median else 1.0)
        max_change = p.get("max_change")
        if mad == 0:
            bad = change > float(max_change if max_change is not None else DEFAULT_FLAT_CHANGE)
            how = f"every earlier run measured {_fmt(median)}"
        else:
            z = abs(x - median) / (1.4826 * mad)
            bad = z > float(p.get("threshold", DEFAULT_THRESHOLD)) or (
                max_change is not None and change > float(max_change))
            how = f"robust z {z:.1f} against the median {_fmt(median)} of {len(history)} runs"
        return Verdict(1, int(bad), _fmt(x),
                       f"{p['metric']} of {rule.object} is {_fmt(x)}; {how}"
                       f" ({change:.1%} change).")
    raise ValueError(f"Rule '{rule.id}' of kind {rule.kind.value} is not a dataset rule.")
