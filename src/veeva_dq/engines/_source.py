"""Where the data lives: `--engine`, `--source` and `--table`, turned into an open engine.

A source is a SQLite or DuckDB database file, a PostgreSQL URL, a Spark master URL, or a
folder of Parquet/CSV files (one per object: `hcp.parquet`, `hcp/`, `hcp.csv`). The engine
follows from the source when not named:

    data/database/veeva_opendata.db          sqlite (the --db database, the default)
    sqlite:///path/to/file.db                sqlite
    duckdb:///path/to/file.duckdb            duckdb (also any *.duckdb path)
    postgresql://user@host:5432/database     postgres
    spark://host:7077, yarn, k8s://...       spark (the master; data from --table or a folder)
    path/to/lake/                            duckdb (or spark with --engine spark)

`--table OBJECT=TABLE` maps an object to an existing table of the source (any name, schema
qualified where the engine has schemas) or to a Parquet/CSV file or folder, so the data is
validated where it lives, without copying. Mapped tables are read as text, whatever their
column types, so every engine judges the same strings.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import unquote, urlsplit

from sqlglot import exp

from veeva_dq.engines._base import Engine, redact_url

ENGINE_NAMES = ("sqlite", "duckdb", "postgres", "spark")
FILE_FORMATS = {".parquet": "parquet", ".csv": "csv", ".txt": "csv", ".tsv": "csv"}


class SourceError(ValueError):
    """A source, engine or table mapping that cannot be used; the message says why."""


@dataclass(frozen=True)
class Source:
    """What the user asked for, resolved: the engine, where its data is, and the mapping."""

    engine: str
    location: str  # a file path, a URL, a folder, or "" (the --db database)
    tables: Mapping[str, str] = field(default_factory=dict)  # object -> table name or path
    spark_master: str | None = None

    @property
    def shown(self) -> str:
        return redact_url(self.location) if "://" in self.location else self.location


def parse_tables(items: list[str] | None) -> dict[str, str]:
    """`OBJECT=TABLE` pairs, each object once."""
    out: dict[str, str] = {}
    for item in items or []:
        obj, sep, target = item.partition("=")
        obj, target = obj.strip(), target.strip()
        if not sep or not obj or not target:
            raise SourceError(f"--table '{item}' is not OBJECT=TABLE (for example"
                              " hcp=provider_master or hcp=lake/hcp.parquet).")
        if obj in out:
            raise SourceError(f"--table maps object '{obj}' twice ('{out[obj]}' and"
                              f" '{target}'); give one table per object.")
        out[obj] = target
    return out


def _path_of(url: str, scheme: str) -> str:
    """`duckdb:///abs/file` -> /abs/file; `duckdb://rel/file` and `duckdb:rel` -> rel/file."""
    rest = url[len(scheme) + 1:]
    if rest.startswith("///"):
        return unquote(rest[2:])
    if rest.startswith("//"):
        return unquote(rest[2:])
    return unquote(rest)


def resolve(engine: str | None, source: str | None, *, tables: Mapping[str, str] | None = None,
            spark_master: str | None = None) -> Source:
    """Which engine runs the rules and on what: checks the combination, opens nothing."""
    tables = dict(tables or {})
    if engine is not None and engine not in ENGINE_NAMES:
        raise SourceError(f"--engine '{engine}' is not an engine; allowed: "
                          f"{', '.join(ENGINE_NAMES)}.")
    if source is None:
        if engine in (None, "sqlite"):
            return Source("sqlite", "", tables)
        if engine == "spark":
            if not tables:
                raise SourceError("--engine spark needs the data: --source FOLDER (Parquet or"
                                  " CSV files named after objects) or --table OBJECT=PATH.")
            return Source("spark", "", tables, spark_master or "local[*]")
        if engine == "duckdb" and tables:
            return Source("duckdb", "", tables)  # files only, read by an in-memory DuckDB
        what = {"duckdb": "a DuckDB database file or a folder of Parquet/CSV files",
                "postgres": "a URL such as postgresql://user@host:5432/database"}[engine]
        raise SourceError(f"--engine {engine} needs --source, {what}.")
    scheme = urlsplit(source).scheme.lower() if "://" in source or source.startswith(
        ("duckdb:", "sqlite:")) else ""
    implied: str | None
    location = source
    if scheme in ("postgresql", "postgres"):
        implied = "postgres"
    elif scheme == "duckdb":
        implied, location = "duckdb", _path_of(source, "duckdb")
    elif scheme == "sqlite":
        implied, location = "sqlite", _path_of(source, "sqlite")
    elif scheme in ("spark", "yarn", "k8s", "local", "mesos"):
        implied = "spark"
    elif scheme:
        raise SourceError(f"--source '{redact_url(source)}' has an unknown scheme"
                          f" '{scheme}://'; allowed: postgresql://, duckdb:///, sqlite:///,"
                          " spark://, or a file or folder path.")
    else:
        p = Path(source)
        if p.is_dir():
            implied = None  # a folder of files: DuckDB unless Spark is asked for
        elif p.suffix.lower() == ".duckdb":
            implied = "duckdb"
        else:
            implied = None
    if implied is not None and engine is not None and engine != implied:
        raise SourceError(f"--source '{redact_url(source)}' is a {implied} source, but"
                          f" --engine is {engine}; leave out --engine or make them agree.")
    chosen = engine or implied or "duckdb"
    if chosen == "postgres" and implied != "postgres":
        raise SourceError(f"--source '{source}' is not a PostgreSQL URL; --engine postgres"
                          " takes postgresql://user@host:5432/database.")
    if chosen == "spark" and implied == "spark":
        # The URL names the cluster; the data comes from the mapping.
        if spark_master is not None and spark_master != source:
            raise SourceError(f"--source '{source}' and --spark-master '{spark_master}' name"
                              " two different Spark masters; give one.")
        if not tables:
            raise SourceError(f"--source '{source}' names a Spark master; name the data with"
                              " --table OBJECT=PATH (Parquet or CSV) or a catalog table.")
        return Source("spark", "", tables, source)
    if chosen == "spark":
        return Source("spark", location, tables, spark_master or "local[*]")
    if spark_master is not None:
        raise SourceError("--spark-master is for --engine spark.")
    if chosen == "sqlite" and not scheme and engine == "sqlite":
        # --engine sqlite --source FILE: the data is in FILE, the run goes to --db.
        return Source("sqlite", location, tables)
    return Source(chosen, location, tables)


def folder_tables(folder: Path, objects: list[str]) -> dict[str, str]:
    """The files of a folder named after objects: `hcp.parquet`, `hcp/` (of Parquet or CSV
    files), `hcp.csv`. Objects without a file are left out (their rules check nothing)."""
    found: dict[str, str] = {}
    for obj in objects:
        candidates = [folder / f"{obj}{ext}" for ext in FILE_FORMATS] + [folder / obj]
        hits = [c for c in candidates if c.exists()]
        if len(hits) > 1:
            raise SourceError(f"Folder '{folder}' holds {len(hits)} sources for object"
                              f" '{obj}' ({', '.join(h.name for h in hits)}); keep one or map it"
                              f" with --table {obj}=PATH.")
        if hits:
            found[obj] = str(hits[0])
    return found


def file_format(path: Path) -> str:
    """parquet or csv, from the file's extension or, for a folder, from the files in it."""
    if path.is_dir():
        exts = {p.suffix.lower() for p in path.rglob("*") if p.is_file()
                and p.suffix.lower() in FILE_FORMATS}
        kinds = {FILE_FORMATS[e] for e in exts}
        if len(kinds) != 1:
            found = ", ".join(sorted(exts)) or "no .parquet or .csv file"
            raise SourceError(f"Folder '{path}' must hold Parquet files or CSV files, one kind;"
                              f" found {found}.")
        return kinds.pop()
    kind = FILE_FORMATS.get(path.suffix.lower())
    if kind is None:
        raise SourceError(f"'{path}' is neither Parquet nor CSV; name a .parquet, .csv or .tsv"
                          " file or a folder of them.")
    return kind


def looks_like_path(target: str) -> bool:
    p = Path(target)
    return p.suffix.lower() in FILE_FORMATS or p.is_dir() or "/" in target or "\\" in target


class _Relations(Protocol):
    def relation(self, target: str) -> exp.Expr: ...


class MappedEngine:
    """An engine whose objects are other tables or files, read as text.

    Each compiled query names objects (`"hcp"`); at render time every such table becomes a
    subquery over the mapped relation with every column cast to text, aliased as before:
    `(SELECT CAST("npi" AS TEXT) AS "npi", ... FROM warehouse.provider) AS "hcp"`. Engines push
    the projection and filters through it, so the scan reads what it would read anyway.
    """

    def __init__(self, inner: Any, relations: Mapping[str, exp.Expr],
                 columns: Mapping[str, list[str]] | None = None) -> None:
        self.inner = inner
        self.name: str = inner.name
        self.dialect: str = inner.dialect
        self._relations = dict(relations)
        self._columns: dict[str, list[str]] = dict(columns or {})
        for obj, rel in self._relations.items():
            if obj not in self._columns:
                self._columns[obj] = inner.describe(exp.select("*").from_(rel.copy()))

    @property
    def location(self) -> str:
        return str(self.inner.location)

    def _substitute(self, node: exp.Expr) -> exp.Expr:
        if not isinstance(node, exp.Table) or node.args.get("db"):
            return node
        obj = node.name
        rel = self._relations.get(obj)
        if rel is None:
            return node
        text = exp.DataType.build("TEXT")
        select = exp.select(*[
            exp.alias_(exp.Cast(this=exp.column(c, quoted=True), to=text.copy()),
                       exp.to_identifier(c, quoted=True))
            for c in self._columns[obj]
        ]).from_(rel.copy())
        alias = node.args.get("alias") or exp.TableAlias(this=exp.to_identifier(obj, quoted=True))
        return exp.Subquery(this=select, alias=alias.copy())

    def sql(self, tree: exp.Expr) -> str:
        return str(self.inner.sql(tree.transform(self._substitute)))

    def query(self, tree: exp.Expr) -> Iterator[tuple[Any, ...]]:
        return self.inner.query(tree.transform(self._substitute))  # type: ignore[no-any-return]

    def describe(self, tree: exp.Expr) -> list[str]:
        return list(self.inner.describe(tree.transform(self._substitute)))

    def tables(self) -> set[str]:
        return set(self.inner.tables()) | set(self._relations)

    def columns(self, table: str) -> list[str]:
        if table in self._columns:
            return list(self._columns[table])
        return list(self.inner.columns(table))

    def cursor(self) -> MappedEngine:
        return MappedEngine(self.inner.cursor(), self._relations, self._columns)

    def interrupt(self) -> None:
        self.inner.interrupt()

    def close(self) -> None:
        self.inner.close()


def table_relation(target: str, dialect: str) -> exp.Expr:
    """An existing table, `name` or `schema.name` (each part quoted as given)."""
    parts = target.split(".")
    if len(parts) > 3 or not all(parts):
        raise SourceError(f"--table target '{target}' is not a table name (name, schema.name"
                          " or catalog.schema.name) nor a .parquet/.csv path.")
    ids = [exp.to_identifier(p, quoted=True) for p in parts]
    if len(ids) == 1:
        return exp.Table(this=ids[0])
    if len(ids) == 2:
        return exp.Table(this=ids[1], db=ids[0])
    return exp.Table(this=ids[2], db=ids[1], catalog=ids[0])


def open_source(src: Source, *, db: Path, objects: list[str]) -> Engine | None:
    """The engine to read the data through, or None for the --db SQLite database itself."""
    if src.engine == "sqlite":
        if not src.location and not src.tables:
            return None
        from veeva_dq.db import DatabaseFileError, connect
        from veeva_dq.engines._sqlite import SqliteEngine

        path = Path(src.location) if src.location else db
        if not path.is_file():
            raise SourceError(f"SQLite database '{path}' does not exist.")
        try:
            base: Any = SqliteEngine(connect(path, create=False), path)
        except DatabaseFileError as exc:
            raise SourceError(str(exc)) from None
        return _mapped(base, src.tables, "sqlite")
    if src.engine == "duckdb":
        return _open_duckdb(src, objects)
    if src.engine == "postgres":
        import psycopg

        from veeva_dq.engines._postgres import PostgresEngine

        try:
            base = PostgresEngine.open(src.location)
        except psycopg.Error as exc:
            raise SourceError(f"--source '{src.shown}' cannot be reached as a PostgreSQL"
                              f" database: {str(exc).strip()}") from None
        return _mapped(base, src.tables, "postgres")
    if src.engine == "spark":
        return _open_spark(src, objects)
    raise SourceError(f"Unknown engine '{src.engine}'.")


def _mapped(base: Any, tables: Mapping[str, str], dialect: str) -> Engine:
    if not tables:
        return base  # type: ignore[no-any-return]
    relations: dict[str, exp.Expr] = {}
    for obj, target in tables.items():
        if looks_like_path(target):
            base.close()
            raise SourceError(f"--table {obj}={target}: files are read by --engine duckdb or"
                              f" spark; with {dialect} name a table of the database.")
        relations[obj] = table_relation(target, dialect)
    try:
        return MappedEngine(base, relations)
    except Exception as exc:
        base.close()
        raise SourceError(f"A --table target cannot be read: {str(exc).strip()}") from None


def _open_duckdb(src: Source, objects: list[str]) -> Engine:
    import duckdb

    from veeva_dq.engines._duckdb import DuckdbEngine, connect_config

    location = Path(src.location)
    tables = dict(src.tables)
    if location.is_dir():
        # The reference tables (npi_deactivation) are read from the folder too, when there.
        from veeva_dq.compile._checks import REFERENCE_TABLES

        names = [*objects, *(t for t in REFERENCE_TABLES if t not in objects)]
        tables = {**folder_tables(location, names), **tables}
        if not any(o in tables for o in objects):
            raise SourceError(f"Folder '{location}' holds no file named after an object"
                              f" ({', '.join(objects)}): expected hcp.parquet, hcp/ or"
                              " hcp.csv.")
    files = {o: t for o, t in tables.items() if looks_like_path(t)}
    named = {o: t for o, t in tables.items() if o not in files}
    try:
        if location.is_dir() or not src.location:
            if named:
                raise SourceError(f"--table {', '.join(f'{o}={t}' for o, t in named.items())}:"
                                  " a folder source holds files, not tables; give paths.")
            engine = DuckdbEngine(duckdb.connect(config=connect_config()), str(location))
        else:
            engine = DuckdbEngine.open(location)
    except (OSError, duckdb.Error) as exc:
        raise SourceError(f"--source '{src.location}' cannot be opened as a DuckDB database:"
                          f" {exc}") from None
    except ValueError as exc:
        raise SourceError(str(exc)) from None
    relations: dict[str, exp.Expr] = {}
    try:
        for obj, target in tables.items():
            if obj in files:
                path = Path(target)
                if not path.exists():
                    raise SourceError(f"--table {obj}={target}: no such file or folder.")
                relations[obj] = engine.file_relation(path, file_format(path))
            else:
                relations[obj] = table_relation(target, "duckdb")
        if not relations:
            return engine
        return MappedEngine(engine, relations)
    except SourceError:
        engine.close()
        raise
    except duckdb.Error as exc:
        engine.close()
        raise SourceError(f"A --table target cannot be read by DuckDB: {exc}") from None


def _open_spark(src: Source, objects: list[str]) -> Engine:
    raise SourceError("The Spark engine is not installed in this build.")
