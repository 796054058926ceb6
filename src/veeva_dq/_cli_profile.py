"""`veeva-dq profile` and `veeva-dq suggest` on the command line.

`cli.py` registers these two commands. Its shared helpers (`_fail`, `_db`, `_model`) are
imported when a command runs, not when this module loads, so either module can be imported
first. Every value read from the data is printed as Rich `Text`, never read as markup.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from veeva_dq._cli_options import DbOption, ModelOption

if TYPE_CHECKING:
    import sqlite3

    from rich.table import Table

    from veeva_dq.model import Model
    from veeva_dq.profile import ColumnProfile, ObjectProfile

ObjectsOption = Annotated[list[str] | None, typer.Option(
    "--object", "-o", help="Object to profile (hcp, hco, address, license, parenthco)."
    " Repeatable. Default: every object with loaded records.", show_default=False)]
SampleOption = Annotated[int | None, typer.Option(
    "--sample", min=1, help="Profile only the first N records of each object (storage order).",
    show_default=False)]


class ProfileFormat(StrEnum):
    text = "text"
    json = "json"


def _open(db: Path | None) -> tuple[Path, sqlite3.Connection]:
    from veeva_dq.cli import _db, _fail
    from veeva_dq.profile import ProfileError, open_database

    path = _db(db)
    try:
        return path, open_database(path)
    except (FileNotFoundError, ProfileError) as exc:
        _fail(str(exc))


def _profiles(conn: sqlite3.Connection, m: Model, objects: list[str] | None, top: int,
              sample: int | None) -> list[ObjectProfile]:
    from veeva_dq.cli import _fail
    from veeva_dq.model._model import unknown_name
    from veeva_dq.profile import ProfileError, loaded_objects, profile_object

    names = list(dict.fromkeys(objects or []))
    for name in names:
        if name not in m.objects:
            _fail("--object: " + unknown_name("object", name, m.objects))
    if not names:
        names = loaded_objects(conn, m)
        if not names:
            _fail("The database holds no records of any object."
                  " Load data first with 'veeva-dq ingest'.")
    try:
        return [profile_object(conn, m, name, top=top, sample=sample) for name in names]
    except ProfileError as exc:
        _fail(str(exc))


def _short(value: str | None, width: int) -> str:
    if value is None:
        return ""
    flat = value.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    return flat if len(flat) <= width else flat[: max(1, width - 1)] + "…"


def _share(count: int, whole: int) -> str:
    if whole == 0 or count == 0:
        return "0%"
    if count == whole:
        return "100%"
    pct = 100.0 * count / whole
    return "<0.1%" if pct < 0.1 else f"{min(pct, 99.9):.1f}%"


def _counted(pairs: Sequence[tuple[str, int]], width: int, label: Callable[[int], str]
             ) -> str:
    """One `value count` line per pair; the value is cut so the count always shows."""
    lines = []
    for value, n in pairs:
        tail = " " + label(n)
        lines.append(_short(value, width - len(tail)) + tail)
    return "\n".join(lines)


def _cells(c: ColumnProfile, top: int, cell: int, narrow: int) -> list[str]:
    if c.min_length is None:
        length = ""
    elif c.min_length == c.max_length:
        length = str(c.min_length)
    else:
        length = f"{c.min_length}-{c.max_length}"
    span = _short(c.min_value, narrow)
    if c.max_value != c.min_value:
        span += "\n" + _short(c.max_value, narrow)
    patterns = _counted(c.patterns[:3], cell, lambda n: _share(n, c.present))
    if c.present > 1 and c.distinct == c.present:
        values = "all distinct"
    else:
        values = _counted(c.top_values[: min(top, 3)], cell, lambda n: f"{n:,}")
    name = c.name if c.in_model else f"{c.name} +"
    return [name, _share(c.nulls, c.rows), f"{c.distinct:,}", length, span, patterns, values]


def _table(p: ObjectProfile, top: int, width: int) -> Table:
    """Seven columns; the three value columns share what the terminal width leaves."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    sample = f" (first {p.sample:,})" if p.sample is not None else ""
    table = Table(title=Text(f"{p.object}: {p.rows:,} records{sample}"), title_justify="left",
                  box=box.SIMPLE_HEAD, show_lines=True, pad_edge=False)
    headers = ("column", "null", "distinct", "length")
    rows = [_cells(c, top, 10, 10) for c in p.columns]
    fixed = sum(max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(headers))
    # Each of the 7 columns has one space of padding each side and the box draws a space
    # between and around them: 20 characters of frame.
    # min / max gets a quarter of what is left, patterns and top values the rest.
    left = width - fixed - 20
    narrow = max(10, min(24, left // 4))
    cell = max(12, min(36, (left - narrow) // 2))
    for name in headers:
        table.add_column(name, justify="left" if name == "column" else "right", no_wrap=True)
    for name in ("min / max", "patterns", "top values"):
        table.add_column(name, no_wrap=True)
    for c in p.columns:
        table.add_row(*[Text(x) for x in _cells(c, top, cell, narrow)])
    blank = [f"{c.name} {c.blank:,}" for c in p.columns if c.blank]
    if blank:
        table.caption = Text("Counted as null, empty or whitespace-only text: "
                             + ", ".join(blank) + ".")
        table.caption_justify = "left"
    return table


def profile(
    objects: ObjectsOption = None,
    top: Annotated[int, typer.Option(
        "--top", min=0, help="How many most frequent values to keep per column (the table"
        " shows up to 3; JSON has them all).")] = 10,
    sample: SampleOption = None,
    fmt: Annotated[ProfileFormat, typer.Option(
        "--format", help="text: tables for people; json: the profile for machines.")
    ] = ProfileFormat.text,
    db: DbOption = None,
    model: ModelOption = None,
) -> None:
    """Profile object tables: per column the share of missing values, distinct values,
    length range, min and max, value patterns (9 a digit, A a letter) and top values.

    NULL, empty and whitespace-only values count as missing; every other statistic is over
    the values present. The database is only read. See docs/profiling.md.
    """
    from veeva_dq.cli import _model

    m = _model(model)
    path, conn = _open(db)
    try:
        profiles = _profiles(conn, m, objects, top, sample)
    finally:
        conn.close()
    if fmt is ProfileFormat.json:
        import json

        from veeva_dq.profile import profile_to_dict

        doc = {"database": str(path), "objects": [profile_to_dict(p) for p in profiles]}
        typer.echo(json.dumps(doc, indent=2, ensure_ascii=False))
        return
    from rich.console import Console

    console = Console(highlight=False)
    for p in profiles:
        console.print(_table(p, top, console.width))
    if any(not c.in_model for p in profiles for c in p.columns):
        console.print("+ a column the model does not know (kept from the input file).")


def _write_atomic(path: Path, text: str) -> None:
    """Write the whole file or nothing (see `atomic_text_writer`)."""
    from veeva_dq.report._export import atomic_text_writer

    with atomic_text_writer(path, newline="\n") as fh:
        fh.write(text)


def _loaded_by_project(output: Path) -> bool:
    """Whether the project file's `rules:` already names OUTPUT or its folder."""
    from veeva_dq.cli import _project

    target = output.resolve()
    folder_pack = target.suffix in (".yaml", ".yml")
    return any(p.resolve() == target or (folder_pack and p.resolve() == target.parent)
               for p in _project().rules)


def _check_pack(text: str, where: Path, m: Model) -> None:
    """Load the pack through the rule loader before it replaces anything."""
    import tempfile

    from veeva_dq.cli import _fail
    from veeva_dq.rules import RulePackError, load_pack

    with tempfile.TemporaryDirectory() as tmp:
        probe = Path(tmp) / where.name
        probe.write_text(text, encoding="utf-8")
        try:
            load_pack(probe, m)
        except RulePackError as exc:
            _fail(f"The suggested pack does not load, which is a bug: {exc}")


def suggest(
    output: Annotated[Path, typer.Option(
        "--output", help="Rule pack file to write (its folder is created).")
    ] = Path("rules/suggested.yaml"),
    objects: ObjectsOption = None,
    include_covered: Annotated[bool, typer.Option(
        "--include-covered", help="Also suggest rules the built-in pack already has for the"
        " same column and kind.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Overwrite OUTPUT if it exists.")
    ] = False,
    sample: SampleOption = None,
    db: DbOption = None,
    model: ModelOption = None,
) -> None:
    """Write a rule pack proposed from the profile of the loaded data.

    Each rule states its evidence (e.g. "99.2% of 7,881 values match 9999999999.") and,
    when the data is not perfect, a threshold at today's pass rate. Edit the pack, then run
    it with 'veeva-dq validate --rules FILE --rule suggested'. See docs/profiling.md.
    """
    from veeva_dq.cli import _fail, _model
    from veeva_dq.profile import pack_to_yaml, suggest_rules, unmodelled_columns

    if output.is_dir():
        _fail(f"--output '{output}' is a folder. Name the YAML file to write.")
    if output.exists() and not force:
        _fail(f"'{output}' already exists. Use --force to overwrite it.")
    m = _model(model)
    path, conn = _open(db)
    try:
        profiles = _profiles(conn, m, objects, 0, sample)
    finally:
        conn.close()
    pack = suggest_rules(profiles, m, include_covered=include_covered)
    rules = pack["rules"]
    scope = ", ".join(f"{p.object} {p.rows:,}" for p in profiles)
    if not rules:
        typer.echo(f"No rules to suggest for {scope} records: nothing to write.")
        return
    # A pack in a folder the project file already loads must not be named twice.
    args = [] if _loaded_by_project(output) else ["--rules", str(output)]
    args += ["--db", str(db)] if db is not None else []
    args += ["--model", str(model)] if model is not None else []
    import shlex

    next_cmd = shlex.join(["veeva-dq", "validate", *args, "--rule", "suggested"])
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    header = (f"Rules proposed by 'veeva-dq suggest' from {path} ({scope} records), {stamp}.\n"
              "Each description states the evidence. Edit or delete rules, then run:\n"
              f"  {next_cmd}\n")
    text = pack_to_yaml(pack, header)
    _check_pack(text, output, m)
    _write_atomic(output, text)
    kinds = Counter(str(r["kind"]) for r in rules)
    summary = ", ".join(f"{k} {n}" for k, n in sorted(kinds.items(), key=lambda kv: -kv[1]))
    typer.echo(f"Wrote {len(rules)} suggested rules to {output}: {summary}.")
    unknown = unmodelled_columns(profiles)
    if unknown:
        typer.echo(f"No rules for columns the model does not know: {', '.join(unknown)}."
                   " Add them to a model file (--model) to get rules for them.")
    typer.echo(f"Next: {next_cmd}")
