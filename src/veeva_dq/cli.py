"""The `veeva-dq` command line. Each command is a thin edge over a library function.

Heavy modules are imported inside the commands so that `veeva-dq --help` answers fast.
"""

from __future__ import annotations

import copy
import functools
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from veeva_dq._cli_lifecycle import StatusChoice
from veeva_dq._cli_options import (
    DbOption,
    ModelOption,
    ProgressOption,
    RunOption,
    TargetOption,
)
from veeva_dq._exit import ExitCode

if TYPE_CHECKING:
    from rich.console import Console

    from veeva_dq.config import ProjectConfig
    from veeva_dq.model import Model
    from veeva_dq.publish import Target
    from veeva_dq.results import ResultStore
    from veeva_dq.rules import Rule, RulePack

app = typer.Typer(
    name="veeva-dq",
    help=(
        "Data quality for healthcare provider master data (Veeva OpenData / Network, CMS NPPES)."
        "\n\nTypical use: load an extract, validate it, read the report.\n\n"
        "  veeva-dq ingest data/samples/nppes_npidata_2016_first10k_41cols.csv\n\n"
        "  veeva-dq validate --rule all --report reports/report.html\n\n"
        "  veeva-dq export issues --run latest --format csv --output reports/issues.csv\n\n"
        "Exit codes: 0 no failing rule of severity error or critical; 1 at least one such"
        " failure; 2 usage or input error."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
export_app = typer.Typer(help="Export stored results to files.", no_args_is_help=True)
rules_app = typer.Typer(help="Inspect the rule catalog.", no_args_is_help=True)
runs_app = typer.Typer(help="Inspect stored validation runs.", no_args_is_help=True)
app.add_typer(export_app, name="export")
app.add_typer(rules_app, name="rules")
app.add_typer(runs_app, name="runs")



class IngestFormat(StrEnum):
    veeva = "veeva"
    nppes = "nppes"


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


class ExportFmt(StrEnum):
    csv = "csv"
    json = "json"


def _out() -> Console:
    """Standard output. Piped into a file or another tool, tables get 160 columns instead of
    Rich's 80, so ids and paths are not cut."""
    from rich.console import Console

    width = None if sys.stdout.isatty() or os.environ.get("COLUMNS") else 160
    return Console(highlight=False, width=width)


def _stderr() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False)


class EngineChoice(StrEnum):
    sqlite = "sqlite"
    duckdb = "duckdb"
    postgres = "postgres"
    spark = "spark"


def _fail(message: str, code: ExitCode = ExitCode.USAGE) -> NoReturn:
    from rich.text import Text

    # Text, not markup: messages carry user values such as "rules[3]" or "[red]".
    _stderr().print(Text.assemble(("Error: ", "bold red"), message), soft_wrap=True)
    raise typer.Exit(code)


_STATE: dict[str, Path | None] = {"config": None}


def _print_version(value: bool) -> None:
    if value:
        from veeva_dq import __version__

        typer.echo(f"veeva-dq {__version__}")
        raise typer.Exit()


@app.callback()
def _global_options(
    config: Annotated[Path | None, typer.Option(
        "--config", help="Project file (default: ./veeva-dq.yaml or $VDQ_CONFIG) naming the"
        " database, model and rule packs.", show_default=False)] = None,
    version: Annotated[bool, typer.Option(
        "--version", help="Print the version and exit.", is_eager=True,
        callback=_print_version)] = False,
) -> None:
    _STATE["config"] = config


def _project() -> ProjectConfig:
    from veeva_dq.config import ConfigError, load_config

    try:
        return load_config(_STATE["config"])
    except ConfigError as exc:
        _fail(str(exc))


def _db(db: Path | None) -> Path:
    from veeva_dq.db import default_database

    path = db or _project().database or default_database()
    if "://" in str(path) or str(path).startswith(("postgresql:", "duckdb:", "sqlite:")):
        _fail(f"--db '{path}' is a URL; --db names the SQLite file that stores runs and issues"
              " (data elsewhere is named with --source).")
    return path


def _model(path: Path | None) -> Model:
    from veeva_dq.model import ModelError, load_model

    try:
        return load_model(path or _project().model)
    except ModelError as exc:
        _fail(str(exc))


def _packs(extra: list[Path] | None, model: Model) -> list[RulePack]:
    """The built-in pack, the project file's packs, then --rules packs."""
    from veeva_dq.rules import RulePackError, load_packs

    project = _project()
    try:
        return load_packs([*project.rules, *(extra or [])], model,
                          builtin=project.builtin_rules)
    except RulePackError as exc:
        _fail(str(exc))


def _open_store(db: Path | None) -> ResultStore:
    from veeva_dq.db import connect
    from veeva_dq.results import ResultStore

    path = _db(db)
    try:
        conn = connect(path, create=False)
    except FileNotFoundError as exc:
        _fail(str(exc))
    return ResultStore(conn)


def _parse_as_of(value: str | None) -> date:
    if value is None:
        return date.today()
    try:
        day = date.fromisoformat(value)
    except ValueError:
        _fail(f"--as-of '{value}' is not a date. Write it as YYYY-MM-DD, e.g. 2026-01-31.")
    if not 1900 <= day.year <= 2199:
        _fail(f"--as-of '{value}' is out of range. Give a date from 1900-01-01 to 2199-12-31.")
    return day


def _jobs(text: str) -> int:
    """`--jobs`: a whole number from 1 to 64."""
    try:
        n = int(text.strip())
    except ValueError:
        n = 0
    if not 1 <= n <= 64:
        raise typer.BadParameter(f"must be a whole number from 1 to 64, not '{text}'.")
    return n


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(
        help="Files or folders to load. veeva: files named by object (hcp.csv, address.csv,"
             " ...) or a folder of them; nppes: CMS npidata CSV files.", show_default=False)],
    fmt: Annotated[IngestFormat | None, typer.Option(
        "--format", "-f", help="Input format. Default: detected from each file's header.",
        show_default=False)] = None,
    delimiter: Annotated[str | None, typer.Option(
        help="Field delimiter: comma, tab, pipe, semicolon or the character itself."
             " Default: detected from the header.", show_default=False)
    ] = None,
    db: DbOption = None,
    model: ModelOption = None,
    progress: ProgressOption = True,
    target: TargetOption = None,
) -> None:
    """Load Veeva OpenData extracts or CMS NPPES files into the database.

    Every value is read as text (leading zeros kept). A row that cannot be loaded is kept in
    the quarantine table with its file, line and reason, so input rows always equal loaded
    plus quarantined. Loading the same file twice changes nothing (upsert by vid__v).

    With --target, every table the ingest wrote to is then published: replaced in the target
    (DuckDB, PostgreSQL or a Parquet folder) by its full current state in --db.
    """
    from veeva_dq.ingest import IngestError, ingest_files

    m = _model(model)
    where = _target(target) if target is not None else None
    try:
        result = ingest_files(paths, fmt.value if fmt else None, _db(db), m,
                              progress=progress and sys.stderr.isatty(), delimiter=delimiter)
    except IngestError as exc:
        _fail(str(exc))
    from rich.table import Table

    console = _out()
    table = Table(title=f"Ingest {result.ingest_id} into {_db(db)}", title_justify="left")
    for name in ("file", "rows read", "loaded", "quarantined", "notices"):
        table.add_column(name, justify="left" if name == "file" else "right")
    for f in result.files:
        table.add_row(str(f.path), f"{f.rows_read:,}", f"{f.loaded:,}", f"{f.quarantined:,}",
                      f"{f.notices:,}")
    console.print(table)
    loaded = ", ".join(f"{k} {v:,}" for k, v in sorted(result.loaded_by_object.items()))
    console.print(f"Records written (new or updated): {loaded or 'none'}")
    console.print(
        f"Input rows {result.rows_read:,} = loaded {result.loaded:,} +"
        f" quarantined {result.quarantined:,}."
    )
    if result.stale:
        console.print(f"{result.stale:,} loaded rows were older than the stored records and"
                      " changed nothing (newer wins).")
    if result.notices:
        console.print(f"{result.notices:,} notices (float-damaged values repaired, encoding"
                      " repairs, ...): see the HTML report's Ingest section or the table"
                      " vdq_ingest_notice.")
    if where is not None:
        from veeva_dq.publish import publishable

        touched = [t for t in publishable(m) if t in result.loaded_by_object]
        if not touched:
            console.print(f"Nothing to publish to {where.shown}: no table was written.")
            return
        _publish(_db(db), where, m, touched, progress, console,
                 kept=f" The ingest is kept in '{_db(db)}'; publish it again with"
                      f" 'veeva-dq publish --db {_db(db)} --target ...'.")


def _target(text: str) -> Target:
    """The --target, checked before anything is loaded (a PostgreSQL server is reached)."""
    from veeva_dq.publish import PublishError, parse_target, probe_target

    try:
        where = parse_target(text)
        probe_target(where)
    except PublishError as exc:
        _fail(str(exc))
    return where


def _publish(db: Path, where: Target, m: Model, tables: list[str] | None, progress: bool,
             console: Console, *, kept: str = "") -> None:
    from veeva_dq.publish import PublishError, PublishInterrupted, publish_tables

    try:
        result = publish_tables(db, where, m, tables,
                                progress=progress and sys.stderr.isatty())
    except PublishError as exc:
        _fail(f"{exc}{kept}")
    except PublishInterrupted as exc:
        _fail(f"{exc}{kept}", ExitCode.INTERRUPTED)
    for t in result.tables:
        rate = f", {t.rows / t.seconds:,.0f} rows/s" if t.seconds > 0 and t.rows else ""
        console.print(f"Published {t.table}: {t.rows:,} rows in {t.seconds:.2f} s{rate}.")
    console.print(f"Target {where.shown} ({where.kind}) replaced {len(result.tables)}"
                  f" table{'s' if len(result.tables) != 1 else ''} in {result.seconds:.2f} s.")


@app.command()
def publish(
    target: Annotated[str, typer.Option(
        "--target", metavar="<target>",
        help="A DuckDB file (duckdb:///path/file.duckdb or file.duckdb), a"
        " PostgreSQL URL (postgresql://user@host:5432/db; its search_path schema) or a folder"
        " for Parquet files (FOLDER/hcp.parquet, ...).", show_default=False)],
    objects: Annotated[list[str] | None, typer.Option(
        "--object", "-o", metavar="<table>",
        help="Only this table (hcp, hco, address, license, parenthco,"
        " npi_deactivation). Repeatable. Default: every table of --db.", show_default=False)
    ] = None,
    db: DbOption = None,
    model: ModelOption = None,
    progress: ProgressOption = True,
) -> None:
    """Copy the tables of the --db database to another engine, each replaced whole.

    DuckDB and PostgreSQL replace every table in one transaction; a Parquet folder gets each
    file written aside and renamed into place. On any error the target keeps its old tables.
    """
    m = _model(model)
    where = _target(target)
    path = _db(db)
    if not path.exists():
        _fail(f"Database '{path}' does not exist. Load data first with 'veeva-dq ingest'.")
    _publish(path, where, m, objects or None, progress, _out())


@app.command()
def validate(
    rule: Annotated[str, typer.Option(
        "--rule", "-r", metavar="<selector>",
        help="What to run: 'all', a rule id, or a group (npi, address,"
        " validity, ...). Comma-separate several. See 'veeva-dq rules list'.")] = "all",
    objects: Annotated[list[str] | None, typer.Option(
        "--object", "-o", metavar="<object>", help="Only rules of this object (hcp, hco,"
        " address, license, parenthco). Repeatable.", show_default=False)] = None,
    as_of: Annotated[str | None, typer.Option(
        "--as-of", metavar="<yyyy-mm-dd>",
        help="Date that date rules compare against, YYYY-MM-DD. Default: today.",
        show_default=False)] = None,
    rules_files: Annotated[list[Path] | None, typer.Option(
        "--rules", metavar="<pack>",
        help="Extra rule pack file or folder of YAML packs. Repeatable.",
        show_default=False)] = None,
    output: Annotated[OutputFormat, typer.Option(
        "--format", help="text: a summary for people; json: the run for machines.")
    ] = OutputFormat.text,
    report: Annotated[Path | None, typer.Option(
        help="Also write the HTML report to this file.", show_default=False)] = None,
    db: DbOption = None,
    model: ModelOption = None,
    progress: ProgressOption = True,
    engine: Annotated[EngineChoice | None, typer.Option(
        "--engine", help="Where the rules run: sqlite (default: the --db database), duckdb,"
        " postgres or spark. Follows from --source when left out. The run is always stored"
        " in --db.", show_default=False)] = None,
    source: Annotated[str | None, typer.Option(
        "--source", metavar="<source>",
        help="The data, where it lives: a DuckDB file (file.duckdb or"
        " duckdb:///path), a PostgreSQL URL (postgresql://user@host:5432/db; its search_path"
        " schema), a Spark master (spark://host:7077, yarn, k8s://...; the data then comes"
        " from --table), sqlite:///abs/path.db, or a folder of Parquet/CSV files named after"
        " objects (hcp.parquet, hcp/, hcp.csv), read by DuckDB or, with --engine spark, by"
        " Spark.",
        show_default=False)] = None,
    tables: Annotated[list[str] | None, typer.Option(
        "--table", metavar="<object=table>",
        help="OBJECT=TABLE: validate an existing table (or a Parquet/CSV file or"
        " folder) as this object, without copying; e.g. hcp=crm.provider_master (on Spark a"
        " table of the session's catalog). Repeatable.",
        show_default=False)] = None,
    spark_master: Annotated[str | None, typer.Option(
        "--spark-master", metavar="<url>",
        help="Spark master URL for --engine spark: local[*] (the default:"
        " every core of this machine), local[N], spark://host:7077, yarn or"
        " k8s://https://host:port. Needs PySpark (pip install 'veeva-dq[spark]') and Java 17"
        " or later.", show_default=False)] = None,
    jobs: Annotated[int | None, typer.Option(
        "--jobs", "-j", metavar="<n>", parser=_jobs,
        help="How many queries run at once, 1 to 64. Default: one per core, up to 4; on"
        " DuckDB one at a time over a table of about 2 million rows or more, or of unknown"
        " size (each query then already uses every core). The results are the same for"
        " any number.", show_default=False)] = None,
    timings: Annotated[bool, typer.Option(
        "--timings", help="Also print how long each query took (scans, GROUP BYs, joins,"
        " storing issues) and whether the plan was compiled or read from the plan cache,"
        " slowest first, on standard error.")] = False,
) -> None:
    """Validate the database against the rule catalog and store the run.

    Row rules of one object run in one scan inside the database; failing records are
    stored as issues (rule, record vid__v, column, value, message) in the --db results
    database, which is also the data unless --source names another place. Exit code 0 when
    no rule of severity error or critical fails, 1 when one does, 2 on a usage or input
    error, 130 on Ctrl-C (the run is stored as failed).

    The compiled plan (every query of the run) is kept in ~/.cache/veeva-dq/plans/ and read
    back by later runs of the same rules over the same tables and columns; VDQ_CACHE_DIR=DIR
    keeps it elsewhere, VDQ_CACHE_DIR=off compiles every time.

    \b
    Examples:
      veeva-dq validate --rule all
      veeva-dq validate --rule npi --object hcp --as-of 2026-01-31 --format json
      veeva-dq validate --source warehouse.duckdb --db results.db
      veeva-dq validate --source postgresql://dq@db:5432/crm --table hcp=crm.provider_master
      veeva-dq validate --engine spark --source lake/ --db results.db
    """
    from veeva_dq.rules import ExpressionError, SelectionError, rules_version, select_rules

    day = _parse_as_of(as_of)
    m = _model(model)
    path = _db(db)
    packs = _packs(rules_files, m)
    try:
        chosen = select_rules([r for p in packs for r in p.rules], rule, objects or [])
    except SelectionError as exc:
        _fail(str(exc))
    if not chosen:
        scope = f" for --object {', '.join(objects)}" if objects else ""
        _fail(f"--rule '{rule}' selects no rule{scope}. See 'veeva-dq rules list'.")
    from veeva_dq.engines._source import SourceError, describe, open_source, parse_tables, resolve

    project = _project()
    try:
        where = resolve(
            engine.value if engine is not None else project.engine,
            source if source is not None else project.source,
            tables={**project.tables, **parse_tables(tables)},
            spark_master=spark_master,
        )
    except SourceError as exc:
        _fail(str(exc))
    if where.engine == "sqlite" and not where.location and not path.exists():
        _fail(f"Database '{path}' does not exist. Load data first with 'veeva-dq ingest'.")
    if report is not None and report.is_dir():
        _fail(f"--report '{report}' is a folder; give an HTML file name.")
    from veeva_dq.validate import ValidationError, run_validation

    try:
        # Every object, not only the rules' own: cross-object rules read the others.
        reader = open_source(where, db=path,
                             objects=sorted({r.object for r in chosen} | set(m.objects)))
    except SourceError as exc:
        _fail(str(exc))
    _warn_timestamps(reader, chosen, where.shown or str(path))
    try:
        outcome = run_validation(
            db=path, rules=chosen, model=m, as_of=day, selector=rule,
            rules_version=rules_version(packs), progress=progress and sys.stderr.isatty(),
            engine=reader, source=describe(where), workers=jobs,
        )
    except ExpressionError as exc:
        _fail(f"{exc} Nothing was run.")
    except ValidationError as exc:
        _fail(f"{exc} Run {exc.run_id} is stored as failed." if exc.run_id is not None
              else f"{exc} Nothing was run.")
    finally:
        if reader is not None:
            reader.close()
    store = _open_store(path)
    if report is not None:
        from veeva_dq.report import write_html_report

        write_html_report(store, outcome.run_id, report)
    if output is OutputFormat.json:
        import json

        from veeva_dq.report import run_to_json

        typer.echo(json.dumps(run_to_json(store, outcome.run_id), indent=2))
    else:

        from veeva_dq.report import render_console

        console = _out()
        render_console(store, outcome.run_id, console, html_path=report)
    if timings:
        from rich.console import Console
        from rich.table import Table

        table = Table("what ran", "seconds", title="Timings (jobs overlap on parallel workers)")
        for label, seconds in outcome.timings:
            table.add_row(label, f"{seconds:.3f}")
        Console(stderr=True).print(table)
    if reader is None:
        where_data = str(path)
    elif where.location not in ("", "."):
        where_data = where.shown
    else:  # only --table mappings: name them, not the in-memory engine or the Spark master
        where_data = " ".join(f"--table {o}={t}" for o, t in sorted(where.tables.items()))
    _warn_missing(outcome.missing, where_data)
    for note in outcome.notes:
        typer.echo(f"Warning: {note}", err=True)
    if not any(r.checked for r in outcome.results):
        _fail(f"Nothing was checked: the selected objects have no rows in '{where_data}'. Run"
              f" {outcome.run_id} is stored, but it validates nothing.")
    if outcome.has_blocking_failures:
        raise typer.Exit(ExitCode.RULES_FAILED)


def _warn_timestamps(reader: object, rules: Sequence[Rule], where: str) -> None:
    """One line on standard error per column that date rules read and the source holds as a
    timestamp: as text it carries its time of day, and every such value fails."""
    stamped = getattr(reader, "timestamp_columns", None)
    found = stamped() if callable(stamped) else {}
    if not found:
        return
    from veeva_dq.rules import Kind

    dated = (Kind.DATE_VALID, Kind.DATE_RANGE, Kind.DATE_ORDER, Kind.FRESHNESS)
    readers: dict[tuple[str, str], list[str]] = {}
    for r in rules:
        if r.kind in dated:
            for c in r.columns:
                if (r.object, c) in found:
                    readers.setdefault((r.object, c), []).append(r.id)
    for (obj, col), ids in sorted(readers.items()):
        typer.echo(f"Warning: {obj}.{col} is {found[(obj, col)]} in '{where}': it is read as"
                   " text with its time of day ('2024-05-01 00:00:00'), which "
                   f"{', '.join(ids)} fail{'s' if len(ids) == 1 else ''} as not a date; map"
                   f" a view that casts it to DATE (--table {obj}=VIEW).", err=True)


def _warn_missing(missing: Sequence[tuple[str, Sequence[str]]], where: str) -> None:
    """One line on standard error per table the rules read that the source lacks."""
    for table, ids in missing:
        rules = (f"{len(ids)} rules that read it were" if len(ids) > 3 else
                 f"rule{'s' if len(ids) > 1 else ''} {', '.join(ids)}"
                 f" {'were' if len(ids) > 1 else 'was'}")
        typer.echo(f"Warning: '{where}' has no table '{table}': {rules} skipped.", err=True)


@app.command("report")
def report_cmd(
    run: RunOption = "latest",
    output: Annotated[Path, typer.Option(help="HTML file to write.")] = Path(
        "reports/veeva_dq_report.html"),
    db: DbOption = None,
) -> None:
    """Write the self-contained HTML report of a stored run (works offline)."""
    from veeva_dq.report import write_html_report
    from veeva_dq.results import UnknownRunError

    store = _open_store(db)
    try:
        run_id = store.resolve_run(run)
    except UnknownRunError as exc:
        _fail(str(exc))
    path = write_html_report(store, run_id, output)
    typer.echo(f"Wrote the report of run {run_id} to {path}")


@export_app.command("issues")
def export_issues_cmd(
    output: Annotated[Path, typer.Option(
        help="File to write, replaced whole when done; '-' writes to standard output.")],
    run: RunOption = "latest",
    fmt: Annotated[ExportFmt, typer.Option("--format", help="csv or json.")] = ExportFmt.csv,
    status: Annotated[StatusChoice | None, typer.Option(
        help="new, open, resolved or all. Default: the run's issues (new and open).",
        show_default=False)] = None,
    with_status: Annotated[bool, typer.Option(
        "--with-status", help="Append the columns status and issue_key.")] = False,
    db: DbOption = None,
) -> None:
    """Export a run's issues with the columns run_id, rule_id, severity, dimension, object,
    record_id, column, value, message (and with --with-status: status, issue_key)."""
    from veeva_dq.report import ExportFormat, export_issues
    from veeva_dq.results import UnknownRunError

    store = _open_store(db)
    try:
        run_id = store.resolve_run(run)
    except UnknownRunError as exc:
        _fail(str(exc))
    n = export_issues(store, run_id, ExportFormat(fmt.value), output,
                      status=None if status is None else status.value, with_status=with_status)
    typer.echo(f"Wrote {n:,} issues of run {run_id} to"
               f" {'standard output' if str(output) == '-' else output}", err=str(output) == "-")


@rules_app.command("list")
def rules_list(
    rule: Annotated[str, typer.Option("--rule", "-r", help="Selector, as for validate.")
    ] = "all",
    rules_files: Annotated[list[Path] | None, typer.Option(
        "--rules", help="Extra rule pack file or folder. Repeatable.", show_default=False)
    ] = None,
    model: ModelOption = None,
) -> None:
    """List rules with their object, dimension, severity and groups."""
    from rich.table import Table

    from veeva_dq.rules import SelectionError, select_rules

    m = _model(model)
    packs = _packs(rules_files, m)
    try:
        chosen = select_rules([r for p in packs for r in p.rules], rule)
    except SelectionError as exc:
        _fail(str(exc))
    table = Table(title=f"{len(chosen)} rules")
    for name in ("id", "object", "kind", "dimension", "severity", "groups"):
        table.add_column(name)
    for r in chosen:
        table.add_row(r.id, r.object, r.kind.value, r.dimension.value, r.severity.value,
                      ", ".join(r.groups))
    _out().print(table)


@rules_app.command("show")
def rules_show(
    rule_id: Annotated[str, typer.Argument(help="Rule id, e.g. hcp_npi_check_digit.")],
    rules_files: Annotated[list[Path] | None, typer.Option(
        "--rules", help="Extra rule pack file or folder. Repeatable.", show_default=False)
    ] = None,
    as_of: Annotated[str | None, typer.Option(
        "--as-of", help="Date used to render date rules, YYYY-MM-DD. Default: today.",
        show_default=False)] = None,
    model: ModelOption = None,
) -> None:
    """Show one rule: its definition, where it comes from, and the SQL it compiles to."""
    import yaml

    from veeva_dq.compile import CompileContext, ExpressionError, compile_rule
    from veeva_dq.model._model import unknown_name

    m = _model(model)
    rules = {r.id: r for p in _packs(rules_files, m) for r in p.rules}
    if rule_id not in rules:
        _fail(unknown_name("rule", rule_id, rules))
    r = rules[rule_id]
    spec: dict[str, object] = {
        "id": r.id, "object": r.object, "kind": r.kind.value, "columns": list(r.columns),
        "when": r.when, "params": r.params or None, "dimension": r.dimension.value,
        "severity": r.severity.value, "threshold": r.threshold, "nulls": r.null_policy.value,
        "groups": list(r.groups) or None, "description": r.description, "message": r.message,
        "source": r.source,
    }
    console = _out()
    console.print(yaml.safe_dump({k: v for k, v in spec.items() if v is not None},
                                 sort_keys=False, allow_unicode=True).rstrip(), markup=False)
    try:
        check = compile_rule(r, CompileContext(model=m, as_of=_parse_as_of(as_of)))
    except ExpressionError as exc:
        _fail(str(exc))
    console.print("\nCompiled for SQLite:", markup=False)
    for name in ("applies", "fails", "metric", "keys"):
        part = getattr(check, name, None)
        if part is None:
            continue
        parts = part if isinstance(part, tuple) else (part,)
        console.print(f"  {name}: " + ", ".join(x.sql("sqlite") for x in parts), markup=False,
                      soft_wrap=True)


@rules_app.command("lint")
def rules_lint(
    paths: Annotated[list[Path] | None, typer.Argument(
        help="Rule pack files or folders to check. Default: the packs of the project file"
        " (veeva-dq.yaml), else the built-in pack.", show_default=False)] = None,
    model: ModelOption = None,
) -> None:
    """Check rule packs without running them: schema, names, expressions, duplicate ids.

    Every problem is listed (file, YAML path, what is allowed); exit code 2 if there is any.
    """
    from veeva_dq.compile import CompileContext, ExpressionError, compile_rule
    from veeva_dq.rules import RulePackError, builtin_pack_path, load_pack

    m = _model(model)
    problems: list[str] = []
    files: list[Path] = []
    if not paths:
        paths = list(_project().rules) or [builtin_pack_path()]
    for p in paths:
        if p.is_dir():
            files += sorted([*p.glob("*.yaml"), *p.glob("*.yml")])
        elif p.exists():
            files.append(p)
        else:
            problems.append(f"Rule pack '{p}' does not exist.")
    seen = {r.id: r.source for r in load_pack(builtin_pack_path(), m).rules}
    ctx = CompileContext(model=m, as_of=date.today())
    count = 0
    for f in files:
        try:
            pack = load_pack(f, m, errors=problems)
        except RulePackError as exc:
            problems.append(str(exc))
            continue
        for r in pack.rules:
            count += 1
            if r.id in seen and seen[r.id] != r.source:
                problems.append(f"{r.source}: rule id '{r.id}' is already defined in"
                                f" {seen[r.id]}.")
            seen[r.id] = r.source
            try:
                compile_rule(r, ctx)
            except ExpressionError as exc:
                problems.append(f"{f}: {exc}")
    for line in problems:
        _stderr().print(line, markup=False, soft_wrap=True)
    if problems:
        _fail(f"{len(problems)} problem(s) in {len(files)} file(s).")
    typer.echo(f"{count} rules in {len(files)} file(s): no problems.")


@runs_app.command("list")
def runs_list(
    limit: Annotated[int, typer.Option(help="How many runs, newest first.", min=1)] = 20,
    db: DbOption = None,
) -> None:
    """List stored validation runs, newest first. The engine column says where the rules ran
    ('sqlite' and '--db': the results database itself); 'veeva-dq runs show RUN' prints the
    whole source. Runs are compared only with runs of the same source."""
    from rich.table import Table

    store = _open_store(db)
    table = Table()
    for name in ("run", "status", "started", "as of", "selector", "engine", "rules", "failed",
                 "issues", "new", "open", "resolved"):
        table.add_column(name)

    def n(value: int | None) -> str:
        return "-" if value is None else f"{value:,}"

    for r in store.runs(limit):
        engine = f"{r.engine} (--db)" if r.source == "" else r.engine
        table.add_row(str(r.run_id), r.status.value, r.started_at, r.as_of, r.selector, engine,
                      str(r.rules_run), str(r.rules_failed), f"{r.issues:,}",
                      n(r.new_issues), n(r.open_issues), n(r.resolved_issues))
    _out().print(table)


@runs_app.command("trend")
def runs_trend(
    rule: Annotated[str, typer.Option("--rule", "-r", help="Selector, as for validate.")
    ] = "all",
    last: Annotated[int, typer.Option(help="How many of the newest complete runs.")] = 8,
    failing_only: Annotated[bool, typer.Option(
        "--failing-only/--all-rules", help="Only rules that failed in one of the runs.")
    ] = True,
    db: DbOption = None,
) -> None:
    """Pass rate of each rule over the newest complete runs, oldest first."""
    from rich.table import Table

    store = _open_store(db)
    runs = store.conn.execute(
        "SELECT run_id, as_of FROM vdq_run WHERE status = 'complete'"
        " ORDER BY run_id DESC LIMIT ?", (last,)).fetchall()[::-1]
    if not runs:
        _fail("There is no complete run yet. Run 'veeva-dq validate --rule all' first.")
    rates: dict[str, dict[int, float | None]] = {}
    for run_id, _ in runs:
        for r in store.rule_results(run_id):
            rates.setdefault(r.rule_id, {})[run_id] = r.pass_rate
    from veeva_dq.rules import SelectionError, rule_groups

    wanted = set(rates)
    if rule != "all":
        m = _model(None)
        known = {r.id: r for p in _packs(None, m) for r in p.rules}
        parts = {x.strip() for x in rule.split(",") if x.strip()}
        wanted = {rid for rid in rates if rid in parts or (
            rid in known and parts & rule_groups(known[rid]))}
        if not wanted:
            _fail(str(SelectionError(f"--rule '{rule}' matches no rule in these runs.")))
    table = Table(title="Pass rate by run (%)")
    table.add_column("rule")
    for run_id, as_of in runs:
        table.add_column(f"run {run_id}\n{as_of}", justify="right")
    for rid in sorted(wanted):
        values = [rates[rid].get(run_id) for run_id, _ in runs]
        if failing_only and all(v is None or v == 1.0 for v in values):
            continue
        # "-": the rule did not run; "n/a": it ran and checked nothing.
        table.add_row(rid, *["-" if run_id not in rates[rid] else
                             "n/a" if v is None else f"{100 * v:.2f}"
                             for (run_id, _), v in zip(runs, values, strict=True)])
    _out().print(table)



def _register_lifecycle() -> None:
    from veeva_dq._cli_lifecycle import issues_app, runs_diff, runs_show

    app.add_typer(issues_app, name="issues")
    runs_app.command("show")(runs_show)
    runs_app.command("diff")(runs_diff)


_register_lifecycle()


def _register_profile() -> None:
    from veeva_dq._cli_profile import profile, suggest

    app.command()(profile)
    app.command()(suggest)


_register_profile()


def _guard(fn: Callable[..., None]) -> Callable[..., None]:
    """Turn the errors a user can cause into one sentence and exit code 2 (130 for Ctrl-C)."""

    @functools.wraps(fn)
    def run(*args: object, **kwargs: object) -> None:
        import sqlite3

        from veeva_dq.db import DatabaseFileError

        try:
            fn(*args, **kwargs)
        except KeyboardInterrupt as exc:
            ingest_id = getattr(exc, "ingest_id", None)
            if ingest_id is not None:
                what = f"; ingest {ingest_id} is stored as failed: {exc}"
            elif fn.__name__ == "validate":
                what = "; a run under way is stored as failed"
            else:
                what = ""
            _stderr().print(f"Interrupted{what}.", markup=False, soft_wrap=True)
            raise typer.Exit(130) from None
        except DatabaseFileError as exc:
            _fail(str(exc))
        except BrokenPipeError:
            # The reader went away (`veeva-dq ... | head`): no message, and not exit code 1,
            # which reads as "rules failed". 141 is what a shell reports for SIGPIPE.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(ExitCode.BROKEN_PIPE) from None
        except IsADirectoryError as exc:
            _fail(f"'{exc.filename}' is a folder; give a file name.")
        except OSError as exc:
            where = f" '{exc.filename}'" if exc.filename else ""
            _fail(f"Cannot use{where}: {exc.strerror or exc}.")
        except sqlite3.DatabaseError as exc:
            _fail(f"The database cannot be used: {exc}.")

    return run


def _guard_all() -> None:
    for sub in (app, export_app, rules_app, runs_app, *[
            g.typer_instance for g in app.registered_groups if g.typer_instance]):
        for command in sub.registered_commands:
            if command.callback is not None and not getattr(command.callback, "__wrapped__",
                                                            None):
                command.callback = _guard(command.callback)


_guard_all()


def _command_name(info: typer.models.CommandInfo) -> str:
    callback = info.callback
    return info.name or (callback.__name__.lower().replace("_", "-") if callback else "")


def _app_for(argv: list[str]) -> typer.Typer:
    """`app`, or where argv names one of its own commands, a copy of it holding only that
    command: building the options of every command costs more (some 20 ms) than parsing
    one. That command's help, errors and exit codes are the same either way."""
    i = 0
    while i < len(argv) and (argv[i] == "--config" or argv[i].startswith("--config=")):
        i += 1 if "=" in argv[i] else 2
    if i >= len(argv) or argv[i].startswith("-"):
        return app  # --help, --version or a mistake: the whole app answers
    found = [c for c in app.registered_commands if _command_name(c) == argv[i]]
    if not found:
        return app  # a group, or no such command
    one = copy.copy(app)
    one.registered_commands = found
    one.registered_groups = []
    return one


def main() -> None:
    from veeva_dq._sqlite_tune import turn_off_memory_statistics

    # First, before any connection: the rule queries' threads would queue on a mutex.
    turn_off_memory_statistics()
    _app_for(sys.argv[1:])()
