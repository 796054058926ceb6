"""The run summary for a terminal (Rich), readable at 80 columns and when piped.

Every value from the store is wrapped in `Text`, so a rule id or an object name that looks
like Rich markup (`[red]`) or an emoji code is printed as it is, never interpreted.
"""

from __future__ import annotations

from pathlib import Path

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from veeva_dq.report._json import (
    duration_seconds,
    failing_rules,
    format_count,
    format_duration,
    format_pass_rate,
    format_score,
    group_counts,
)
from veeva_dq.results import ResultStore, RuleResult, RunRecord, RunStatus, compute_scores

SEVERITY_STYLE = {
    "critical": "bold red",
    "error": "red",
    "warning": "yellow",
    "info": "cyan",
}
STATUS_STYLE = {
    RunStatus.COMPLETE: "green",
    RunStatus.RUNNING: "yellow",
    RunStatus.FAILED: "bold red",
}


def _header(run: RunRecord) -> Text:
    duration = format_duration(duration_seconds(run.started_at, run.finished_at))
    text = Text()
    text.append(f"Run {run.run_id}", style="bold")
    text.append(" | ")
    text.append(str(run.status), style=STATUS_STYLE.get(run.status, ""))
    text.append(f" | as of {run.as_of}")
    text.append(f" | {format_count(run.rules_run)} rules run")
    text.append(f" | {duration}")
    return text


def _score_line(overall: float | None, results: list[RuleResult]) -> Text:
    checked = sum(r.checked for r in results)
    failed = sum(r.failed for r in results)
    text = Text("Overall score: ")
    text.append(format_score(overall), style="bold")
    text.append(f" ({format_count(checked)} checks, {format_count(failed)} failed)")
    return text


def _scores_table(results: list[RuleResult]) -> Table:
    scores = compute_scores(results)
    counts = group_counts(results)
    table = Table(title="Scores", box=box.SIMPLE_HEAD, title_justify="left", pad_edge=False)
    table.add_column("By", no_wrap=True)
    table.add_column("Name", overflow="fold")
    table.add_column("Score", justify="right", no_wrap=True)
    table.add_column("Checks", justify="right", no_wrap=True)
    table.add_column("Failed", justify="right", no_wrap=True)
    for kind, group in (("dimension", scores.by_dimension), ("object", scores.by_object)):
        for name, score in group.items():
            checked, failed = counts[kind][name]
            table.add_row(
                Text(kind),
                Text(name),
                Text(format_score(score)),
                Text(format_count(checked)),
                Text(format_count(failed)),
            )
        if kind == "dimension" and group:
            table.add_section()
    return table


def _failing_table(failing: list[RuleResult]) -> Table:
    # The rule id takes what the short, unwrapped columns leave; it folds when long.
    table = Table(
        title="Failing rules",
        box=box.SIMPLE_HEAD,
        title_justify="left",
        pad_edge=False,
        collapse_padding=True,
    )
    table.add_column("Rule", overflow="fold", min_width=12)
    table.add_column("Object", no_wrap=True)
    table.add_column("Severity", no_wrap=True)
    table.add_column("Dimension", no_wrap=True)
    table.add_column("Failed /\nchecked", justify="right", overflow="fold")
    table.add_column("Pass\nrate", justify="right", no_wrap=True)
    for r in failing:
        table.add_row(
            Text(r.rule_id),
            Text(r.object),
            Text(r.severity, style=SEVERITY_STYLE.get(r.severity.lower(), "")),
            Text(r.dimension),
            Text(f"{format_count(r.failed)} / {format_count(r.checked)}"),
            Text(format_pass_rate(r)),
        )
    return table


def _lifecycle_line(run: RunRecord) -> Text | None:
    """New, still open and resolved issues versus each rule's previous run; None when the
    run has no lifecycle (not complete, or stored before the lifecycle existed)."""
    if run.new_issues is None or run.open_issues is None or run.resolved_issues is None:
        return None
    text = Text("Issues since the previous run of each rule: ")
    text.append(f"{format_count(run.new_issues)} new", style="bold" if run.new_issues else "")
    text.append(f", {format_count(run.open_issues)} still open, ")
    text.append(f"{format_count(run.resolved_issues)} resolved",
                style="green" if run.resolved_issues else "")
    return text


def render_console(
    store: ResultStore,
    run_id: int,
    console: Console,
    *,
    top: int = 10,
    html_path: Path | None = None,
) -> None:
    """Print the run summary: header, overall score, scores, failing rules, the issue
    lifecycle (new / still open / resolved), issue count.

    `top` is how many failing rules to list (0 lists all of them). `html_path`, when given,
    is named on the last line as the place of the HTML report. Raises `UnknownRunError`
    when the run does not exist.
    """
    if top < 0:
        raise ValueError(f"top must be 0 (all) or a positive number, not {top}.")
    run = store.get_run(run_id)
    results = store.rule_results(run_id)
    console.print(_header(run))
    if run.error:
        console.print(Text(f"Error: {run.error}", style="red"))
    console.print(_score_line(compute_scores(results).overall, results))
    if results:
        console.print(_scores_table(results))
    failing = failing_rules(results)
    if failing:
        shown = failing if top == 0 else failing[:top]
        console.print(_failing_table(shown))
        if len(shown) < len(failing):
            console.print(Text(f"... and {len(failing) - len(shown)} more failing rules."))
    elif results:
        n = len(results)
        text = "The rule passed." if n == 1 else f"All {format_count(n)} rules passed."
        console.print(Text(text, style="green"))
    lifecycle = _lifecycle_line(run)
    if lifecycle is not None:
        console.print(lifecycle)
    last = Text(f"{format_count(run.issues)} issues stored in run {run.run_id}.")
    if html_path is not None:
        last.append(f" HTML report: {html_path}")
    console.print(last)
