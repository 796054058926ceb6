"""Options shared by every CLI module, defined once."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db",
        help="SQLite database file. Default: the project file's database, else $VDQ_DATABASE,"
        " else data/database/veeva_opendata.db.",
        show_default=False,
    ),
]
ModelOption = Annotated[
    Path | None,
    typer.Option("--model", help="A model YAML that extends or overrides the built-in objects,"
                 " fields and picklists.", exists=True, dir_okay=False),
]
ProgressOption = Annotated[
    bool, typer.Option("--progress/--no-progress", help="Show progress bars on stderr.")
]
RunOption = Annotated[
    str, typer.Option("--run", metavar="<run>",
                      help="Run id, or 'latest' for the newest complete run.")
]
TargetOption = Annotated[
    str | None,
    typer.Option(
        "--target", metavar="<target>",
        help="Then publish the tables written to: a DuckDB file (duckdb:///path/file.duckdb or"
        " file.duckdb), a PostgreSQL URL (postgresql://user@host:5432/db; tables go in its"
        " search_path schema) or a folder (FOLDER/hcp.parquet, ...). Each table is replaced"
        " whole, atomically.",
        show_default=False,
    ),
]
