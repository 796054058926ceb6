"""render_console: content, order, 80 columns, plain output when piped."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console

from tests.report.report_data import RULES, issue_rows, make_run, rule
from veeva_dq.report import render_console
from veeva_dq.results import ResultStore, UnknownRunError

FAILING_ORDER = [
    "hco.name.required",  # critical, 5 failed
    "hcp.vid.unique",  # error, 30 failed
    "hcp.npi.format",  # error, 10 failed
    "address.state.valid",  # warning, 50 failed
    "license.expired",  # info, 1 failed
]


def render(
    store: ResultStore,
    run_id: int,
    *,
    width: int = 80,
    top: int = 10,
    html_path: Path | None = None,
) -> str:
    """What a piped (non-terminal) console of `width` columns receives."""
    buf = io.StringIO()
    console = Console(file=buf, width=width, force_terminal=False, color_system=None)
    render_console(store, run_id, console, top=top, html_path=html_path)
    return buf.getvalue()


def test_header_score_and_last_line(store: ResultStore, run_id: int) -> None:
    out = render(store, run_id)
    lines = out.splitlines()
    assert lines[0] == f"Run {run_id} | complete | as of 2024-04-30 | 7 rules run | 1 min 05 s"
    assert lines[1] == "Overall score: 83.73% (590 checks, 96 failed)"
    assert lines[-1] == f"29 issues stored in run {run_id}."


def test_failing_rules_sorted_by_severity_then_failed(store: ResultStore, run_id: int) -> None:
    out = render(store, run_id, width=120)
    positions = [out.index(rule_id) for rule_id in FAILING_ORDER]
    assert positions == sorted(positions)
    assert "hcp.name.required" not in out  # passed: not listed
    assert "parenthco.orphan" not in out
    row = next(line for line in out.splitlines() if "hcp.vid.unique" in line)
    assert row.split() == [
        "hcp.vid.unique",
        "hcp",
        "error",
        "uniqueness",
        "30",
        "/",
        "100",
        "70.00%",
    ]


def test_scores_table(store: ResultStore, run_id: int) -> None:
    lines = render(store, run_id).splitlines()
    rows = {tuple(line.split()[:3]): line.split()[3:] for line in lines if line.strip()}
    assert rows[("dimension", "validity", "80.00%")] == ["300", "60"]
    assert rows[("dimension", "integrity", "n/a")] == ["0", "0"]
    assert rows[("object", "hcp", "86.67%")] == ["300", "40"]


def test_fits_80_columns_and_is_plain_text(store: ResultStore) -> None:
    long = [
        rule(
            "hcp.primary_specialty__v.matches_nucc_taxonomy_and_license_type",
            "parenthco",
            "consistency",
            "critical",
            12_345_678,
            1_234_567,
        ),
        *RULES,
    ]
    run_id = make_run(store, long, issue_rows())
    out = render(store, run_id, html_path=Path("reports/run.html"))
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "\x1b[" not in out
    assert "1,234,567 /" in out
    assert "12,345,678" in out
    assert (
        out.splitlines()[-1] == f"29 issues stored in run {run_id}. HTML report: reports/run.html"
    )


def test_top_limits_the_failing_table(store: ResultStore, run_id: int) -> None:
    out = render(store, run_id, top=2)
    assert "hco.name.required" in out and "hcp.vid.unique" in out
    assert "hcp.npi.format" not in out and "license.expired" not in out
    assert "... and 3 more failing rules." in out
    everything = render(store, run_id, top=0)
    assert all(r in everything for r in FAILING_ORDER)
    assert "more failing rules" not in everything


def test_negative_top_is_refused(store: ResultStore, run_id: int) -> None:
    with pytest.raises(ValueError, match="top"):
        render(store, run_id, top=-1)


def test_values_are_not_read_as_markup(store: ResultStore) -> None:
    run_id = make_run(
        store, [rule("hcp.[bold]x[/bold]:smile:", "[red]hcp", "validity", "error", 10, 1)], []
    )
    out = render(store, run_id, width=120)
    assert "hcp.[bold]x[/bold]:smile:" in out
    assert "[red]hcp" in out


def test_all_passed_and_failed_run(store: ResultStore) -> None:
    ok = make_run(store, [rule("hcp.ok", "hcp", "validity", "error", 3, 0)], [])
    assert "The rule passed." in render(store, ok)
    failed = store.start_run(
        started_at="2024-05-01T10:00:00",
        rules_version="1",
        veeva_dq_version="0.1.0",
        as_of="2024-04-30",
        selector="all",
        engine="sqlite",
    )
    store.fail_run(failed, finished_at="2024-05-01T10:00:01", error="disk full")
    out = render(store, failed)
    assert out.splitlines()[0] == f"Run {failed} | failed | as of 2024-04-30 | 0 rules run | 1.0 s"
    assert "Error: disk full" in out
    assert "Overall score: n/a (0 checks, 0 failed)" in out


def test_terminal_output_is_styled(store: ResultStore, run_id: int) -> None:
    buf = io.StringIO()
    render_console(
        store, run_id, Console(file=buf, width=80, force_terminal=True, color_system="standard")
    )
    assert "\x1b[" in buf.getvalue()


def test_unknown_run(store: ResultStore) -> None:
    with pytest.raises(UnknownRunError):
        render(store, 42)
