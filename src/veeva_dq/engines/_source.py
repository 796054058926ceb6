"""Where the data lives: `--engine`, `--source` and `--table`, turned into an open engine.

A source is a SQLite or DuckDB database file, a PostgreSQL URL, a Spark master URL, or a
folder of Parquet/CSV files (one per object: `hcp.parquet`, `hcp/`, `hcp.csv`). The engine
follows from the source when not named:

    data/database/veeva_opendata.db          sqlite (the --db database, the default)
    sqlite:///abs/path/file.db               sqlite (sqlite:rel/file.db for a relative path)
    duckdb:///abs/path/file.duckdb           duckdb (also any *.duckdb path)
    postgresql://user@host:5432/database     postgres
    spark://host:7077, yarn, k8s://...       spark (the master; data from --table or a folder)
    path/to/lake/                            duckdb (or spark with --engine spark)

`--table OBJECT=TABLE` maps an object to an existing table of the source (any name, schema
qualified where the engine has schemas) or to a Parquet/CSV file or folder, so the data is
validated where it lives, without copying. Mapped tables are read as text, whatever their
column types, so every engine judges the same strings.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import unquote, urlsplit

from veeva_dq.engines._base import Engine, redact_url

if TYPE_CHECKING:
    from sqlglot import exp

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


def describe(src: Source) -> str:
    """Where a run read its data, as stored with the run: "" for the --db database itself,
    else the engine, the location (password hidden) and the table mapping."""
    if src.engine == "sqlite" and not src.location and not src.tables:
        return ""
    def place(text: str) -> str:  # a path as an absolute one: the same file, the same text
        return text if "://" in text or not looks_like_path(text) else str(Path(text).resolve())

    mapping = [f"{o}={place(t)}" for o, t in sorted(src.tables.items())]
    where = (src.shown if "://" in src.location or not src.location
             else str(Path(src.location).resolve()))
    return " ".join([f"{src.engine}:{where}", *mapping])


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


# local, local[4], local[*], local[4,2] (with task retries), spark://host:7077 (or a list of
# masters, host1:7077,host2:7077), yarn, k8s://https://host:443.
MASTER_URL = re.compile(
    r"local(\[(\*|[1-9][0-9]*)(,[0-9]+)?\])?"
    r"|spark://[^\s/:,]+:[0-9]+(,[^\s/:,]+:[0-9]+)*"
    r"|yarn"
    r"|k8s://\S+"
)
MASTER_FORMS = "local[*], local[N], spark://host:7077, yarn or k8s://https://host:port"


def is_master_url(master: str) -> bool:
    return MASTER_URL.fullmatch(master) is not None


def _master(url: str, option: str = "--spark-master") -> str:
    """A Spark master URL, checked before anything is started."""
    if not is_master_url(url):
        raise SourceError(f"{option} '{redact_url(url)}' is not a Spark master URL; allowed:"
                          f" {MASTER_FORMS}.")
    return url


def resolve(engine: str | None, source: str | None, *, tables: Mapping[str, str] | None = None,
            spark_master: str | None = None) -> Source:
    """Which engine runs the rules and on what: checks the combination, opens nothing."""
    tables = dict(tables or {})
    if engine is None and spark_master is not None:
        engine = "spark"  # a master names a Spark cluster: the engine follows
    if engine is not None and engine not in ENGINE_NAMES:
        raise SourceError(f"--engine '{engine}' is not an engine; allowed: "
                          f"{', '.join(ENGINE_NAMES)}.")
    if source is not None and not source.strip():
        raise SourceError("--source is empty; give a file, a folder or a URL such as"
                          " postgresql://user@host:5432/database.")
    if source is None:
        if engine in (None, "sqlite"):
            return Source("sqlite", "", tables)
        if engine == "spark":
            if not tables:
                raise SourceError("--engine spark needs the data: --source FOLDER (Parquet or"
                                  " CSV files named after objects) or --table OBJECT=PATH.")
            return Source("spark", "", tables, _master(spark_master or "local[*]"))
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
    elif scheme in ("spark", "yarn", "k8s", "local", "mesos") or (
            is_master_url(source) and not Path(source).exists()):
        implied = "spark"  # a master URL, or `yarn`, `local[4]`
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
        elif _is_sqlite_file(p):
            implied = "sqlite"
        elif p.suffix.lower() in FILE_FORMATS:
            raise SourceError(f"--source '{source}' is a single {FILE_FORMATS[p.suffix.lower()]}"
                              " file; name the object it holds with --table OBJECT=PATH (for"
                              f" example --engine duckdb --table hcp={source}).")
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
        return Source("spark", "", tables, _master(source, "--source"))
    if chosen == "spark":
        return Source("spark", location, tables, _master(spark_master or "local[*]"))
    if spark_master is not None:
        raise SourceError("--spark-master is for --engine spark.")
    if chosen == "sqlite" and not scheme and (engine == "sqlite" or implied == "sqlite"):
        # --engine sqlite --source FILE: the data is in FILE, the run goes to --db.
        return Source("sqlite", location, tables)
    return Source(chosen, location, tables)


_SQLITE_HEADER = b"SQLite format 3\x00"


def _is_sqlite_file(path: Path) -> bool:
    """A SQLite database file, known by the 16 bytes every one starts with."""
    try:
        with path.open("rb") as fh:
            return fh.read(len(_SQLITE_HEADER)) == _SQLITE_HEADER
    except OSError:
        return False


def check_objects(tables: Mapping[str, str], objects: list[str]) -> None:
    """Every object `--table` maps must be one the rules know, or a reference table."""
    from veeva_dq.model._model import unknown_name
    from veeva_dq.model.reference import REFERENCE_TABLES

    known = sorted({*objects, *REFERENCE_TABLES})
    for obj in tables:
        if obj not in known:
            raise SourceError(f"--table {obj}={tables[obj]}: "
                              + unknown_name("object", obj, known))


def folder_tables(folder: Path, objects: list[str]) -> dict[str, str]:
    """The files of a folder named after objects: `hcp.parquet`, `hcp/` (of Parquet or CSV
    files), `hcp.csv`. Objects without a file are left out (their rules are skipped)."""
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


def csv_delimiter(target: str) -> str:
    """The delimiter of a CSV source, the same on every engine: a tab for .tsv files, a comma
    otherwise (a URI is judged by its name, a local folder by the files in it). Not sniffed:
    a guess can read a file with one bad row as a single column."""
    if "://" in target or not Path(target).is_dir():
        return "\t" if target.lower().endswith(".tsv") else ","
    path = Path(target)
    exts = {p.suffix.lower() for p in path.rglob("*")
            if p.is_file() and p.suffix.lower() in (".csv", ".txt", ".tsv")}
    if ".tsv" in exts and len(exts) > 1:
        raise SourceError(f"Folder '{path}' mixes .tsv and {', '.join(sorted(exts - {'.tsv'}))}"
                          " files; one delimiter is read per object: keep one kind.")
    return "\t" if exts == {".tsv"} else ","


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
        # Each mapped relation's column types, where the engine says (read as text anyway).
        self.types: dict[str, dict[str, str]] = {}
        from sqlglot import exp

        typed = getattr(inner, "describe_types", None)
        for obj, rel in self._relations.items():
            if obj in self._columns:
                continue
            query = exp.select("*").from_(rel.copy())
            if typed is None:
                self._columns[obj] = inner.describe(query)
            else:
                pairs = typed(query)
                self.types[obj] = dict(pairs)
                self._columns[obj] = [name for name, _ in pairs]

    @property
    def location(self) -> str:
        return str(self.inner.location)

    def _substitute(self, node: exp.Expr) -> exp.Expr:
        from sqlglot import exp

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

    def run(self, sql: str) -> Iterator[tuple[Any, ...]]:
        """SQL rendered by `sql()`, the objects already replaced by their relations."""
        return self.inner.run(sql)  # type: ignore[no-any-return]

    def mapping(self) -> str:
        """What the objects are read from, as plans depend on it (see veeva_dq._plan)."""
        return repr(sorted((o, rel.sql(), self._columns[o]) for o, rel in self._relations.items()))

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

    def timestamp_columns(self) -> dict[tuple[str, str], str]:
        """(object, column) -> type of every mapped column that holds a date with a time
        of day: read as text it is '2024-05-01 00:00:00', which date rules do not take as a
        date."""
        return {(obj, col): kind for obj, cols in self.types.items()
                for col, kind in cols.items()
                if "timestamp" in kind.lower() or "datetime" in kind.lower()}

    def jobs_at_once(self, tables: Collection[str]) -> int | None:
        """The inner engine's choice for the tables mapped to these objects; a relation that
        is not a plain table (a file, a query) is passed by a name the engine does not know,
        which it reads as large."""
        from sqlglot import exp

        names = []
        for obj in tables:
            rel = self._relations.get(obj)
            plain = (isinstance(rel, exp.Table) and isinstance(rel.this, exp.Identifier)
                     and not rel.args.get("db"))
            names.append(obj if rel is None else rel.name if plain else "")
        choice: int | None = self.inner.jobs_at_once(names)
        return choice

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
    from sqlglot import exp

    ids = [exp.to_identifier(p, quoted=True) for p in parts]
    if len(ids) == 1:
        return exp.Table(this=ids[0])
    if len(ids) == 2:
        return exp.Table(this=ids[1], db=ids[0])
    return exp.Table(this=ids[2], db=ids[1], catalog=ids[0])


def open_source(src: Source, *, db: Path, objects: list[str]) -> Engine | None:
    """The engine to read the data through, or None for the --db SQLite database itself."""
    check_objects(src.tables, objects)
    if src.engine == "sqlite":
        if not src.location and not src.tables:
            return None
        from veeva_dq.db import DatabaseFileError, connect
        from veeva_dq.engines._sqlite import SqliteEngine

        path = Path(src.location) if src.location else db
        if path.is_dir():
            raise SourceError(f"'{path}' is a folder; --engine sqlite reads a SQLite database"
                              " file. A folder of Parquet or CSV files is read by --engine"
                              " duckdb or spark.")
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
        return _mapped(base, src.tables, "postgres", _with_references(objects))
    if src.engine == "spark":
        return _open_spark(src, objects)
    raise SourceError(f"Unknown engine '{src.engine}'.")


_TEXT_TYPES = ("varchar", "text", "character varying", "string")


def typed_tables(engine: Any, objects: list[str]) -> dict[str, exp.Expr]:
    """The objects' tables, under their own names, that have a column of another type than
    text (a BIGINT NPI, a DATE): each as a schema-qualified relation, so that it is read as
    text like a mapped table and every engine judges the same strings."""
    if not objects:
        return {}
    # DuckDB's information_schema is a view over duckdb_columns(), slow on first use. The
    # schema's columns are filtered here: the query has no value of the user's in it.
    if engine.dialect == "duckdb":
        query = ("SELECT table_name, data_type FROM duckdb_columns()"
                 " WHERE schema_name = current_schema()")
    else:
        query = ("SELECT table_name, data_type FROM information_schema.columns"
                 " WHERE table_schema = current_schema()")
    wanted = set(objects)
    typed = sorted({str(t) for t, kind in engine.run(query)
                    if t in wanted and str(kind).lower() not in _TEXT_TYPES})
    if not typed:
        return {}
    from sqlglot import exp

    ((schema,),) = list(engine.run("SELECT current_schema()"))
    return {t: exp.Table(this=exp.to_identifier(t, quoted=True),
                         db=exp.to_identifier(str(schema), quoted=True)) for t in typed}


def _mapped(base: Any, tables: Mapping[str, str], dialect: str,
            objects: list[str] | None = None) -> Engine:
    relations: dict[str, exp.Expr] = {}
    if objects:
        relations.update(typed_tables(base, [o for o in objects if o not in tables]))
    if not tables and not relations:
        return base  # type: ignore[no-any-return]
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


def _with_references(objects: list[str]) -> list[str]:
    from veeva_dq.model.reference import REFERENCE_TABLES

    return [*objects, *(t for t in REFERENCE_TABLES if t not in objects)]


def _with_folder(folder: Path, tables: Mapping[str, str], objects: list[str]
                 ) -> dict[str, str]:
    """The mapping, with every object (and reference table, npi_deactivation) that has a file
    in the folder; an explicit --table wins over the folder's file."""
    found = {**folder_tables(folder, _with_references(objects)), **tables}
    if not any(o in found for o in objects):
        raise SourceError(f"Folder '{folder}' holds no file named after an object"
                          f" ({', '.join(objects)}): expected hcp.parquet, hcp/ or hcp.csv.")
    return found


def _open_duckdb(src: Source, objects: list[str]) -> Engine:
    import duckdb

    from veeva_dq.engines._duckdb import DuckdbEngine, connect_config

    location = Path(src.location)
    tables = _with_folder(location, src.tables, objects) if location.is_dir() else dict(
        src.tables)
    files = {o: t for o, t in tables.items() if looks_like_path(t)}
    named = {o: t for o, t in tables.items() if o not in files}
    typed: dict[str, exp.Expr] = {}
    try:
        if location.is_dir() or not src.location:
            if named:
                raise SourceError(f"--table {', '.join(f'{o}={t}' for o, t in named.items())}:"
                                  " a folder source holds files, not tables; give paths.")
            engine = DuckdbEngine(duckdb.connect(config=connect_config()), str(location))
        else:
            engine = DuckdbEngine.open(location)
            typed = typed_tables(engine, [o for o in _with_references(objects)
                                          if o not in tables])
    except (OSError, duckdb.Error) as exc:
        raise SourceError(f"--source '{src.location}' cannot be opened as a DuckDB database:"
                          f" {exc}") from None
    except ValueError as exc:
        raise SourceError(str(exc)) from None
    relations = typed
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
        raise SourceError(_read_error(exc, "A --table target" if src.tables
                                      else f"A file of '{location}'")) from None


def _read_error(exc: Exception, what: str) -> str:
    """DuckDB's many-line reader error as one sentence: the file, the line, the reason."""
    lines = [ln.strip() for ln in str(exc).strip().splitlines() if ln.strip()]
    if not lines:
        return f"{what} cannot be read by DuckDB ({type(exc).__name__})."
    sniffed = re.search(r'Error when sniffing file "([^"]*)"', lines[0])
    if sniffed:
        return (f"File '{sniffed.group(1)}' cannot be read by DuckDB as CSV with a header row"
                " and the delimiter of its extension (',' or a tab for .tsv): a row has more or"
                " fewer fields than the header, or a quote is not closed. Load it with"
                " 'veeva-dq ingest', which quarantines bad rows with their line and reason.")
    files = [ln.partition("=")[2].strip() for ln in lines if ln.startswith("file =")]
    reason = " ".join(ln for ln in lines[1:3] if not ln.startswith(("Original Line", "file =",
                                                                      "Possible Solution")))
    head = lines[0].removeprefix("Invalid Input Error: ")
    where = f"File '{files[0]}'" if files else what
    hint = (" Load it with 'veeva-dq ingest', which repairs encodings and quarantines bad rows"
            " with their line and reason." if "CSV" in head else "")
    text = f"{head}: {reason}" if reason else head
    return f"{where} cannot be read by DuckDB: {text.rstrip('.')}.{hint}"


def _open_spark(src: Source, objects: list[str]) -> Engine:
    """Files (a folder's, or --table paths) become temporary views; other --table targets
    are tables of the session's catalog. Every path is checked before Spark starts."""
    from veeva_dq.engines._spark import SparkEngine, SparkUnavailable

    tables = dict(src.tables)
    if src.location:
        folder = Path(src.location)
        if not folder.is_dir():
            raise SourceError(f"--source '{src.location}' is not a folder; --engine spark reads"
                              " a folder of Parquet/CSV files named after objects (hcp.parquet,"
                              " hcp/, hcp.csv) or a Spark master URL with --table.")
        tables = _with_folder(folder, tables, objects)
    files: dict[str, tuple[str, str]] = {}
    relations: dict[str, exp.Expr] = {}
    for obj, target in tables.items():
        if "://" in target:
            # A URI the executors read (s3a://, hdfs://, abfss://): nothing to look at here;
            # the format is the extension's, Parquet for a folder.
            files[obj] = (target, FILE_FORMATS.get(Path(urlsplit(target).path).suffix.lower(),
                                                   "parquet"))
        elif looks_like_path(target):
            path = Path(target)
            if not path.exists():
                raise SourceError(f"--table {obj}={target}: no such file or folder.")
            files[obj] = (str(path), file_format(path))
        else:
            relations[obj] = table_relation(target, "spark")
    try:
        engine = SparkEngine.open(src.spark_master or "local[*]", src.location)
    except SparkUnavailable as exc:
        raise SourceError(str(exc)) from None
    try:
        for obj, (where, fmt) in files.items():
            relations[obj] = engine.file_relation(where, fmt)
        return MappedEngine(engine, relations)
    except ValueError as exc:
        engine.close()
        raise SourceError(str(exc)) from None
    except Exception as exc:  # AnalysisException and Py4J errors: what Spark said
        engine.close()
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise SourceError(f"A --table target cannot be read by Spark: {first}") from None
