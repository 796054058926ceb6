"""The HTML report: one self-contained file, inline CSS, charts as server-side inline SVG.

The page needs no JavaScript and names no external resource. Autoescaping is on for every
value (record values are untrusted input), and a Content-Security-Policy meta tag forbids
scripts and remote loads as a second line of defence.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from veeva_dq.db import table_exists
from veeva_dq.report._export import atomic_text_writer
from veeva_dq.report._json import (
    SEVERITY_ORDER,
    duration_seconds,
    failing_rules,
    format_count,
    format_duration,
    format_pass_rate,
    format_score,
    group_counts,
)
from veeva_dq.results import ResultStore, RuleResult, compute_scores

TOP_FAILING = 10
EXAMPLES_PER_RULE = 5
INGESTS_SHOWN = 5
EXAMPLES_PER_NOTICE_KIND = 3
QUARANTINE_EXAMPLES = 3

# Chart geometry, in SVG user units (pixels at 100 %).
ROW_HEIGHT = 28
BAR_HEIGHT = 16
BAR_AREA = 360
VALUE_AREA = 220
TOP_PAD = 8
AXIS_HEIGHT = 24
CHAR_WIDTH = 7.5
MAX_LABEL_CHARS = 28


@dataclass(frozen=True)
class Bar:
    label: str
    full_label: str
    text: str
    detail: str
    y: float
    text_y: float
    width: float | None  # None: nothing checked, so no bar


@dataclass(frozen=True)
class Chart:
    chart_id: str
    title: str
    summary: str
    width: float
    height: float
    label_width: float
    bar_area: float
    bar_height: float
    axis_y: float
    ticks: tuple[tuple[float, str], ...]
    bars: tuple[Bar, ...]


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("veeva_dq.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _chart(
    chart_id: str,
    title: str,
    scores: dict[str, float | None],
    counts: dict[str, tuple[int, int]],
) -> Chart:
    longest = max((len(k) for k in scores), default=4)
    label_width = 16 + CHAR_WIDTH * min(max(longest, 4), MAX_LABEL_CHARS)
    bars = []
    for i, (name, score) in enumerate(scores.items()):
        checked, failed = counts.get(name, (0, 0))
        y = TOP_PAD + i * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) / 2
        label = name if len(name) <= MAX_LABEL_CHARS else name[: MAX_LABEL_CHARS - 1] + "…"
        if score is None:
            text, detail, width = "n/a (nothing checked)", "nothing checked", None
        else:
            text = f"{format_score(score)} ({format_count(failed)} failed)"
            detail = (
                f"{format_score(score)}, {format_count(failed)} of"
                f" {format_count(checked)} checks failed"
            )
            width = round(BAR_AREA * max(0.0, min(score, 100.0)) / 100.0, 2)
        bars.append(Bar(label, name, text, detail, y, y + BAR_HEIGHT / 2 + 4, width))
    axis_y = TOP_PAD + len(bars) * ROW_HEIGHT + 4
    ticks = tuple((label_width + BAR_AREA * t / 100, f"{t}%") for t in (0, 25, 50, 75, 100))
    summary = "; ".join(f"{b.full_label}: {b.detail}" for b in bars) or "No scores."
    return Chart(
        chart_id=chart_id,
        title=title,
        summary=summary,
        width=label_width + BAR_AREA + VALUE_AREA,
        height=axis_y + AXIS_HEIGHT,
        label_width=label_width,
        bar_area=BAR_AREA,
        bar_height=BAR_HEIGHT,
        axis_y=axis_y,
        ticks=ticks,
        bars=tuple(bars),
    )


def _rule_row(r: RuleResult) -> dict[str, Any]:
    return {
        "rule_id": r.rule_id,
        "object": r.object,
        "dimension": r.dimension,
        "severity": r.severity,
        "severity_class": (r.severity.lower() if r.severity.lower() in SEVERITY_ORDER else "other"),
        "description": r.description,
        "checked": format_count(r.checked),
        "failed": format_count(r.failed),
        "pass_rate": format_pass_rate(r),
        "passed": r.passed,
    }


def _top_failing(store: ResultStore, run_id: int, results: list[RuleResult]) -> list[Any]:
    top = []
    for r in failing_rules(results)[:TOP_FAILING]:
        row = _rule_row(r)
        row["examples"] = list(store.issues(run_id, rule_id=r.rule_id, limit=EXAMPLES_PER_RULE))
        top.append(row)
    return top


def _files(raw: str) -> list[str]:
    try:
        value = json.loads(raw)
    except ValueError:
        return [raw]
    if isinstance(value, list):
        return [str(v) for v in value]
    return [str(value)]


def _ingests(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """The latest ingests with notice counts by kind and a few examples of each."""
    if not table_exists(conn, "vdq_ingest"):
        return []
    rows = conn.execute(
        "SELECT ingest_id, started_at, finished_at, status, format, files, rows_read, loaded,"
        " quarantined, notices, error FROM vdq_ingest ORDER BY ingest_id DESC LIMIT ?",
        (INGESTS_SHOWN,),
    ).fetchall()
    if not rows:
        return []
    ingests: dict[int, dict[str, Any]] = {}
    for row in rows:
        ingests[int(row[0])] = {
            "ingest_id": row[0],
            "started_at": row[1],
            "finished_at": row[2],
            "status": row[3],
            "format": row[4],
            "files": _files(row[5]),
            "rows_read": format_count(row[6]),
            "loaded": format_count(row[7]),
            "quarantined": format_count(row[8]),
            "notices": format_count(row[9]),
            "error": row[10],
            "notice_kinds": {},
            "quarantine": [],
        }
    oldest = min(ingests)  # the latest N ingests are exactly those from the Nth newest on
    if table_exists(conn, "vdq_ingest_notice"):
        for ingest_id, kind, n in conn.execute(
            "SELECT ingest_id, kind, count(*) FROM vdq_ingest_notice WHERE ingest_id >= ?"
            " GROUP BY ingest_id, kind ORDER BY ingest_id, count(*) DESC, kind",
            (oldest,),
        ):
            ingests[int(ingest_id)]["notice_kinds"][kind] = {
                "count": format_count(n),
                "examples": [],
            }
        for ingest_id, kind, *example in conn.execute(
            'SELECT ingest_id, kind, file, line, "column", value, loaded_value, message FROM'
            " (SELECT *, row_number() OVER (PARTITION BY ingest_id, kind ORDER BY rowid) AS rn"
            "  FROM vdq_ingest_notice WHERE ingest_id >= ?) WHERE rn <= ? ORDER BY rowid",
            (oldest, EXAMPLES_PER_NOTICE_KIND),
        ):
            keys = ("file", "line", "column", "value", "loaded_value", "message")
            kinds = ingests[int(ingest_id)]["notice_kinds"]
            kinds.setdefault(kind, {"count": "?", "examples": []})["examples"].append(
                dict(zip(keys, example, strict=True))
            )
    if table_exists(conn, "vdq_quarantine"):
        for ingest_id, *example in conn.execute(
            "SELECT ingest_id, file, line, object, reason FROM"
            " (SELECT *, row_number() OVER (PARTITION BY ingest_id ORDER BY rowid) AS rn"
            "  FROM vdq_quarantine WHERE ingest_id >= ?) WHERE rn <= ? ORDER BY rowid",
            (oldest, QUARANTINE_EXAMPLES),
        ):
            ingests[int(ingest_id)]["quarantine"].append(
                dict(zip(("file", "line", "object", "reason"), example, strict=True))
            )
    return list(ingests.values())


def render_html(store: ResultStore, run_id: int) -> str:
    """The report as a string. Raises `UnknownRunError` when the run does not exist."""
    run = store.get_run(run_id)
    results = store.rule_results(run_id)
    scores = compute_scores(results)
    counts = group_counts(results)
    context = {
        "run": run,
        "status": str(run.status),
        "duration": format_duration(duration_seconds(run.started_at, run.finished_at)),
        "overall": format_score(scores.overall),
        "overall_value": scores.overall,
        "checked": format_count(sum(r.checked for r in results)),
        "failed": format_count(sum(r.failed for r in results)),
        "counts": {
            k: format_count(v)
            for k, v in (
                ("rules_run", run.rules_run),
                ("rules_failed", run.rules_failed),
                ("issues", run.issues),
                ("new", run.new_issues or 0),
                ("open", run.open_issues or 0),
                ("resolved", run.resolved_issues or 0),
            )
        },
        "dimension_chart": _chart(
            "chart-dimension", "Score per dimension", scores.by_dimension, counts["dimension"]
        ),
        "object_chart": _chart(
            "chart-object", "Score per object", scores.by_object, counts["object"]
        ),
        "rules": [_rule_row(r) for r in results],
        "top_failing": _top_failing(store, run_id, results),
        "top_limit": TOP_FAILING,
        "example_limit": EXAMPLES_PER_RULE,
        "ingests": _ingests(store.conn),
    }
    return _environment().get_template("report.html.j2").render(context)


def write_html_report(store: ResultStore, run_id: int, path: Path) -> Path:
    """Write the report to `path` atomically (creating its folder) and return `path`."""
    html = render_html(store, run_id)
    with atomic_text_writer(path) as fh:
        fh.write(html)
    return path
