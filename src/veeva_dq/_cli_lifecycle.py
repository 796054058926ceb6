"""The issue lifecycle on the command line: `issues list|show|assign|unassign|note` and
`runs show|diff`.

`cli.py` registers these. The shared helpers of `cli.py` are imported when a command runs,
not when this module loads, so either module can be imported first. Every value read from
the data is printed as Rich `Text`, never read as markup.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from veeva_dq._cli_options import DbOption, RunOption

if TYPE_CHECKING:
    from rich.table import Table

    from veeva_dq.results import Issue, ResultStore

issues_app = typer.Typer(
    help="Issues across runs: list them by status, assign them to a steward, add notes.",
    no_args_is_help=True,
)

KeyArg = Annotated[str, typer.Argument(
    help="Issue key from 'veeva-dq issues list', or its first 6 or more characters.",
    show_default=False)]


class StatusChoice(StrEnum):
    new = "new"
    open = "open"
    resolved = "resolved"
    all = "all"


class Fmt(StrEnum):
    text = "text"
    json = "json"


FormatOption = Annotated[Fmt, typer.Option(
    "--format", help="text: a table for people; json: data for machines.")]


def _fail(message: str) -> NoReturn:
    from veeva_dq.cli import _fail as fail

    fail(message)


def _store(db: Path | None) -> ResultStore:
    from veeva_dq.cli import _open_store

    return _open_store(db)


def _run_id(store: ResultStore, ref: str) -> int:
    from veeva_dq.results import UnknownRunError

    try:
        return store.resolve_run(ref)
    except UnknownRunError as exc:
        _fail(str(exc))


def _key(store: ResultStore, given: str) -> str:
    from veeva_dq.results import IssueKeyError

    try:
        return store.find_issue_key(given)
    except IssueKeyError as exc:
        _fail(str(exc))


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _print(*items: Any) -> None:
    from rich.console import Console

    console = Console(highlight=False)
    for item in items:
        console.print(item)


# Short columns that never wrap; the others fold when the terminal is narrow.
_NO_WRAP = {"key", "status", "object", "when"}


def _table(title: str, *columns: str, right: tuple[str, ...] = ()) -> Table:
    from rich import box
    from rich.table import Table

    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False,
                  collapse_padding=True)
    for name in columns:
        table.add_column(name, justify="right" if name in right else "left", overflow="fold",
                         no_wrap=name in _NO_WRAP or name in right)
    return table


def _row(*values: object) -> list[Any]:
    from rich.text import Text

    return [Text("-" if v is None else f"{v:,}" if isinstance(v, int) else str(v))
            for v in values]


def _describe(issue: Issue) -> str:
    where = f"{issue.object} {issue.record_id or '(no record)'}"
    return f"{issue.rule_id}, {where}" + (f", {issue.column}" if issue.column else "")


# -- issues ------------------------------------------------------------------------------
@issues_app.command("list")
def issues_list(
    run: RunOption = "latest",
    status: Annotated[StatusChoice | None, typer.Option(
        help="new, open (failing in the rule's previous run too), resolved (failing then,"
        " not now) or all. Default: the run's issues, new and open.", show_default=False)
    ] = None,
    rule: Annotated[str | None, typer.Option(
        "--rule", "-r", help="Only this rule id.", show_default=False)] = None,
    obj: Annotated[str | None, typer.Option(
        "--object", "-o", help="Only this object (hcp, hco, address, ...).",
        show_default=False)] = None,
    assignee: Annotated[str | None, typer.Option(
        help="Only issues assigned to this steward.", show_default=False)] = None,
    limit: Annotated[int, typer.Option(help="How many to show; 0 shows all.", min=0)] = 50,
    fmt: FormatOption = Fmt.text,
    db: DbOption = None,
) -> None:
    """List a run's issues with their key, status and assignee, in the order stored."""
    store = _store(db)
    run_id = _run_id(store, run)
    if rule is not None and rule not in store.rule_lifecycle(run_id):
        _fail(_not_in_run(store, run_id, rule))
    wanted = {"status": None if status is None else status.value, "rule_id": rule,
              "object": obj, "assignee": assignee}
    total = store.count_issues(run_id, **wanted)
    issues = list(store.issues(run_id, limit=limit or None, **wanted))
    owners = store.assignees(i.issue_key for i in issues if i.issue_key)
    if fmt is Fmt.json:
        import json

        rows = [{**{k: getattr(i, k) for k in (
            "issue_key", "status", "run_id", "rule_id", "severity", "dimension", "object",
            "record_id", "column", "value", "message")},
            "assignee": owners.get(i.issue_key or "")} for i in issues]
        typer.echo(json.dumps({"run_id": run_id, "total": total, "issues": rows}, indent=2,
                              ensure_ascii=False))
        return
    what = {None: "issues (new and open)", StatusChoice.all: "issues and resolved issues"
            }.get(status, f"{status} issues")
    table = _table(f"Run {run_id}: {total:,} {what}", "key", "status", "rule", "object",
                   "record_id", "column", "value", "assignee")
    for i in issues:
        table.add_row(*_row(i.issue_key, i.status, i.rule_id, i.object, i.record_id, i.column,
                            i.value, owners.get(i.issue_key or "")))
    shown = f"Showing {len(issues):,} of {total:,}."
    _print(table, shown + (" Use --limit 0 for all." if len(issues) < total else ""))


def _not_in_run(store: ResultStore, run_id: int, rule: str) -> str:
    row = store.conn.execute(
        "SELECT max(rr.run_id) FROM vdq_rule_result AS rr JOIN vdq_run AS r"
        " ON r.run_id = rr.run_id WHERE rr.rule_id = ? AND r.status = 'complete'", (rule,)
    ).fetchone()
    if row is None or row[0] is None:
        return f"No complete run has run rule '{rule}'. See 'veeva-dq rules list' for ids."
    return f"Run {run_id} did not run rule '{rule}'. The latest run that did is {row[0]}: " \
           f"add --run {row[0]}."


@issues_app.command("show")
def issues_show(key: KeyArg, db: DbOption = None) -> None:
    """Show one issue: what fails, its status in each run, its assignee and notes."""
    store = _store(db)
    k = _key(store, key)
    issue = store.latest_issue(k)
    assert issue is not None  # the key was found in a run
    owner = store.assignment(k)
    history = ", ".join(f"run {r} {s or 'untracked'}" for r, s in store.key_history(k))
    lines = [
        f"Issue {k}: {_describe(issue)}",
        f"Severity {issue.severity}, dimension {issue.dimension}",
        f"Last value: {'NULL' if issue.value is None else chr(39) + issue.value + chr(39)}",
        f"Message: {issue.message}",
        f"Runs: {history}",
        "Assignee: " + ("none" if owner is None
                        else f"{owner.assignee} (since {owner.assigned_at})"),
    ]
    notes = store.notes(k)
    table = _table("Notes", "when", "author", "note")
    for n in notes:
        table.add_row(*_row(n.created_at, n.author, n.text))
    from rich.text import Text

    _print(*(Text(line) for line in lines), *([table] if notes else []))


@issues_app.command("assign")
def issues_assign(
    key: KeyArg,
    to: Annotated[str, typer.Option("--to", help="The steward who owns the issue.",
                                    show_default=False)],
    db: DbOption = None,
) -> None:
    """Assign an issue to a steward. The assignment follows the issue into later runs."""
    if not to.strip():
        _fail("--to needs a name. To remove an assignment use 'veeva-dq issues unassign'.")
    store = _store(db)
    k = _key(store, key)
    store.assign(k, to.strip(), at=_now())
    issue = store.latest_issue(k)
    assert issue is not None
    typer.echo(f"Assigned {k} ({_describe(issue)}) to {to.strip()}.")


@issues_app.command("unassign")
def issues_unassign(key: KeyArg, db: DbOption = None) -> None:
    """Remove the assignment of an issue."""
    store = _store(db)
    k = _key(store, key)
    typer.echo(f"Unassigned {k}." if store.unassign(k) else f"{k} was not assigned.")


@issues_app.command("note")
def issues_note(
    key: KeyArg,
    text: Annotated[str, typer.Option("--text", help="The note.", show_default=False)],
    author: Annotated[str | None, typer.Option(help="Who writes the note.",
                                               show_default=False)] = None,
    db: DbOption = None,
) -> None:
    """Add a note to an issue. Notes follow the issue into later runs."""
    if not text.strip():
        _fail("--text is empty. Write the note after --text, in quotes.")
    store = _store(db)
    k = _key(store, key)
    note_id = store.add_note(k, text, author=author.strip() if author else None, at=_now())
    typer.echo(f"Added note {note_id} to {k}.")


# -- runs --------------------------------------------------------------------------------
def runs_show(
    run: Annotated[str, typer.Argument(help="Run id, or 'latest'.")] = "latest",
    fmt: FormatOption = Fmt.text,
    db: DbOption = None,
) -> None:
    """Show one run: its metadata, counts, and per rule checked, failed, new, open and
    resolved issues, with the run each rule was compared with."""
    store = _store(db)
    run_id = _run_id(store, run)
    if fmt is Fmt.json:
        import json

        from veeva_dq.report import run_to_json

        typer.echo(json.dumps(run_to_json(store, run_id), indent=2))
        return
    r = store.get_run(run_id)
    from rich.text import Text

    lines = [
        f"Run {r.run_id}: {r.status.value}" + (f" ({r.error})" if r.error else ""),
        f"Started {r.started_at}, finished {r.finished_at or '-'}",
        f"As of {r.as_of}; rules '{r.selector}' version {r.rules_version};"
        f" engine {r.engine}; veeva-dq {r.veeva_dq_version}",
        "Source: " + ("the --db database" if r.source == "" else r.source or "not recorded"),
        f"{r.rules_run:,} rules run, {r.rules_failed:,} failed; {r.issues:,} issues",
    ]
    if r.new_issues is not None:
        lines.append(f"Issues: {r.new_issues:,} new, {r.open_issues or 0:,} still open,"
                     f" {r.resolved_issues or 0:,} resolved")
    cycle = store.rule_lifecycle(run_id)
    table = _table("Rules", "rule", "checked", "failed", "new", "open", "resolved", "vs run",
                   right=("checked", "failed", "new", "open", "resolved", "vs run"))
    for res in store.rule_results(run_id):
        lc = cycle.get(res.rule_id)
        c = lc.counts if lc else None
        table.add_row(*_row(res.rule_id, res.checked, res.failed, c and c.new, c and c.open,
                            c and c.resolved, lc and lc.baseline_run_id))
    _print(*(Text(line) for line in lines), table)


def runs_diff(
    a: Annotated[int, typer.Argument(help="The run to compare from.", show_default=False)],
    b: Annotated[int, typer.Argument(help="The run to compare to.", show_default=False)],
    every: Annotated[bool, typer.Option(
        "--all", help="List every rule, not only those with failures or changes.")] = False,
    fmt: FormatOption = Fmt.text,
    db: DbOption = None,
) -> None:
    """Compare two runs rule by rule: failed in A, in B, the change; issues new in B (their
    key was not an issue of A) and resolved in B (an issue of A, not of B), by key,
    whatever the order of the runs in time."""
    from veeva_dq.results import RunStatus

    store = _store(db)
    for ref in (a, b):
        status = store.get_run(_run_id(store, str(ref))).status
        if status is not RunStatus.COMPLETE:
            _fail(f"Run {ref} is {status.value}; only complete runs can be compared.")
    diffs = store.diff(a, b)
    if fmt is Fmt.json:
        import json

        rows = [{"rule_id": d.rule_id, "failed_a": d.failed_a, "failed_b": d.failed_b,
                 "delta": d.delta, "new": d.new, "resolved": d.resolved} for d in diffs]
        typer.echo(json.dumps({"a": a, "b": b, "rules": rows}, indent=2))
        return
    table = _table(f"Run {a} -> run {b}", "rule", f"failed {a}", f"failed {b}", "change",
                   "new", "resolved",
                   right=(f"failed {a}", f"failed {b}", "change", "new", "resolved"))
    for d in diffs:
        if every or d.failed_a or d.failed_b or d.new or d.resolved:
            change = None if d.delta is None else f"{d.delta:+,}"
            table.add_row(*_row(d.rule_id, d.failed_a, d.failed_b, change, d.new, d.resolved))
    new = sum(d.new or 0 for d in diffs)
    resolved = sum(d.resolved or 0 for d in diffs)
    only = sum(1 for d in diffs if d.delta is None)
    summary = f"Run {b} versus run {a}: {new:,} new, {resolved:,} resolved."
    if only:
        summary += f" {only:,} rules ran in only one of the two runs (not compared: -)."
    _print(table, summary)
