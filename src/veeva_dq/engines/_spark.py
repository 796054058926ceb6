"""Apache Spark: a SparkSession, local (`local[*]`) or on a cluster (`spark://`, `yarn`, `k8s://`).

PySpark is imported when a Spark engine is opened, never for another engine or `--help`. One
SparkSession serves every worker: `cursor()` gives a worker an engine over the same session
with a job tag of its own, so `interrupt()` cancels that worker's jobs and no other's. Rows
come back through `toLocalIterator()`, one partition at a time, so the driver never holds a
whole result. Files are read through `DataFrameReader` into temporary views, which `close()`
drops; nothing is written to the catalog.

The session is configured for validation: the web UI and the console progress bar off, ANSI
mode on (a cast the compiler did not guard raises instead of answering NULL; every cast of
user text is a TRY_CAST), the UTC time zone, and, on a local master, two shuffle partitions
per core, the driver bound to the loopback address, errors-only logging and a temporary
warehouse folder. Rendering for Spark (`spark_shims`) makes Java's regular expressions,
UPPER/LOWER and division agree with the other engines.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import logging
import os
import re
import secrets
import shutil
import signal
import socket
import tempfile
import threading
from collections.abc import Collection, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from veeva_dq.engines._base import end_anchors, render_sql
from veeva_dq.engines._source import MASTER_FORMS, csv_delimiter, is_master_url

if TYPE_CHECKING:
    from pyspark.sql import SparkSession
    from sqlglot import exp

LOG_CONFIG = Path(__file__).with_name("spark-log4j2.properties")

class SparkUnavailable(RuntimeError):
    """Spark cannot be started here (no PySpark, no Java, a master that refuses); says why."""


def _local_cores(master: str) -> int | None:
    """The cores a local master uses, or None for a cluster."""
    if not master.startswith("local"):
        return None
    m = re.fullmatch(r"local\[([0-9]+)(,[0-9]+)?\]", master)
    if m:
        return int(m.group(1))
    return 1 if master == "local" else os.cpu_count() or 1


def session_config(master: str, warehouse: str | None) -> dict[str, str]:
    """The settings a validation session starts with; a cluster keeps its own defaults for
    everything else (spark-defaults.conf)."""
    conf = {
        "spark.app.name": "veeva-dq",
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        # Spark 4 defaults to ANSI mode; stated here so a cluster configured otherwise gives
        # the same answers. The compiler uses TRY_CAST for every cast of user text.
        "spark.sql.ansi.enabled": "true",
        "spark.sql.session.timeZone": "UTC",
    }
    cores = _local_cores(master)
    if cores is not None:
        conf.update({
            # A few partitions per core, not the 200 meant for a cluster: small tasks cost
            # more in scheduling than they save. Adaptive execution coalesces them further.
            "spark.sql.shuffle.partitions": str(max(2, 2 * cores)),
            "spark.driver.host": "127.0.0.1",
            "spark.driver.bindAddress": "127.0.0.1",
        })
    if cores is not None or not _cluster_sets_logging():
        # The driver runs here (client mode): errors only, so the JVM's informational lines
        # and warnings do not mix with the run's output. Executors log on their machines.
        conf["spark.driver.extraJavaOptions"] = f"-Dlog4j2.configurationFile={LOG_CONFIG}"
    if cores is not None and warehouse is not None:
        # Local sessions have an in-memory catalog; keep its folder out of the working
        # directory (Spark would create ./spark-warehouse).
        conf["spark.sql.warehouse.dir"] = warehouse
    return conf


def _check_master(master: str, timeout: float = 5.0) -> None:
    """What can be checked of a cluster master before the JVM starts: YARN needs its
    configuration folder, and a standalone master (`spark://host:port`, or several) must
    accept a connection on one of its addresses. Spark itself would print Java traces, and
    for a standalone master retry for a minute first."""
    if master == "yarn" and not (os.environ.get("HADOOP_CONF_DIR")
                                 or os.environ.get("YARN_CONF_DIR")):
        raise SparkUnavailable("Spark master 'yarn' needs the cluster's configuration: set"
                               " HADOOP_CONF_DIR or YARN_CONF_DIR to the folder that holds"
                               " yarn-site.xml.")
    if not master.startswith("spark://"):
        return
    reasons = []
    for address in master.removeprefix("spark://").split(","):
        host, _, port = address.rpartition(":")
        try:
            with socket.create_connection((host, int(port)), timeout=timeout):
                return
        except OSError as exc:
            reasons.append(f"{address}: {exc.strerror or exc}")
    raise SparkUnavailable(f"Spark master '{master}' cannot be reached ({'; '.join(reasons)}):"
                           " is the master running, and is this its host and port?")


_JAVA_FRAME = re.compile(r"at [\w$.<>/]+\(.*\)|\.\.\. [0-9]+ more")


def _spark_reason(exc: BaseException) -> str:
    """What went wrong, in one line: for a Java error its innermost cause, without py4j's
    'An error occurred while calling ...' and without the Java class name."""
    lines = [ln.strip().removeprefix(": ").strip() for ln in str(exc).splitlines()]
    lines = [ln for ln in lines if ln and not ln.startswith("An error occurred while calling")
             and not _JAVA_FRAME.fullmatch(ln)]
    causes = [ln.removeprefix("Caused by: ") for ln in lines if ln.startswith("Caused by: ")]
    text = causes[-1] if causes else (lines[0] if lines else type(exc).__name__)
    head, sep, rest = text.partition(": ")
    if sep and "." in head and " " not in head:  # java.lang.IllegalStateException: ...
        text = rest
    return text.rstrip(".")


def _cluster_sets_logging() -> bool:
    """Whether the Spark configuration folder ($SPARK_CONF_DIR, else $SPARK_HOME/conf) sets
    the driver's logging or Java options: then those hold, not veeva-dq's."""
    folder = os.environ.get("SPARK_CONF_DIR") or (
        str(Path(os.environ["SPARK_HOME"]) / "conf") if os.environ.get("SPARK_HOME") else "")
    if not folder:
        return False
    conf = Path(folder)
    if (conf / "log4j2.properties").is_file():
        return True
    defaults = conf / "spark-defaults.conf"
    try:
        return "spark.driver.extraJavaOptions" in defaults.read_text("utf-8", "replace")
    except OSError:
        return False


class _NotFromPy4j(logging.Filter):
    """Drops what py4j logs through the root logger (`logging.exception(...)`): a traceback
    for every call a Ctrl-C or a stopped JVM cut short, each also raised as an exception,
    which the run reports in one sentence."""

    def filter(self, record: logging.LogRecord) -> bool:
        return f"{os.sep}py4j{os.sep}" not in record.pathname


def _quiet_py4j() -> None:
    root = logging.getLogger()
    if not any(isinstance(f, _NotFromPy4j) for f in root.filters):
        root.addFilter(_NotFromPy4j())
    for name in ("py4j", "py4j.java_gateway", "py4j.clientserver"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


def _children() -> set[int]:
    """The ids of this process's child processes (from /proc; none where there is none)."""
    me, found = os.getpid(), set[int]()
    try:
        entries = os.listdir("/proc")
    except OSError:
        return found
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat.rpartition(b")")[2].split()  # after "pid (name)": state, ppid, ...
        if len(fields) > 1 and fields[1].isdigit() and int(fields[1]) == me:
            found.add(int(entry))
    return found


def _restore_ctrl_c() -> None:
    """PySpark's SparkContext takes over Ctrl-C (SIGINT) with a handler that calls the JVM to
    cancel every job, and does so even while the main thread is inside another JVM call,
    which breaks that call. Validation cancels its own jobs (by tag, see `interrupt`), so
    Ctrl-C goes back to raising KeyboardInterrupt, as in every other engine."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.default_int_handler)


def _check_java() -> None:
    home = os.environ.get("JAVA_HOME")
    if home:
        if not (Path(home) / "bin" / "java").exists():
            raise SparkUnavailable(f"JAVA_HOME '{home}' holds no bin/java; Spark needs Java 17"
                                   " or later: point JAVA_HOME at a Java installation.")
    elif shutil.which("java") is None:
        raise SparkUnavailable("Spark needs Java 17 or later, and there is none: no 'java' on"
                               " PATH and JAVA_HOME is not set.")


def start_session(master: str) -> tuple[SparkSession, bool, str | None]:
    """A SparkSession on `master`: (session, whether this call started it, its local
    warehouse folder). A session already running in this process is reused as it is."""
    if not is_master_url(master):
        raise SparkUnavailable(f"Spark master '{master}' is not a master URL; allowed:"
                               f" {MASTER_FORMS}.")
    try:
        from pyspark import SparkContext
        from pyspark.sql import SparkSession
    except ImportError:
        raise SparkUnavailable("--engine spark needs PySpark, which is not installed; install"
                               " it with pip install 'veeva-dq[spark]'.") from None
    for name in ("SQLQueryContextLogger", "DataFrameQueryContextLogger"):
        # PySpark logs every failed query with its context before raising it; the exception
        # carries the same message, which the run reports (and stores) once.
        logging.getLogger(name).setLevel(logging.CRITICAL)
    _quiet_py4j()
    active = SparkSession.getActiveSession()
    if active is not None:
        return active, False, None
    _check_java()
    _check_master(master)
    warehouse = tempfile.mkdtemp(prefix="vdq-spark-") if _local_cores(master) else None
    builder: Any = SparkSession.builder.master(master)
    for key, value in session_config(master, warehouse).items():
        builder = builder.config(key, value)
    started = SparkContext._active_spark_context is None
    children = _children()
    try:
        session: SparkSession = builder.getOrCreate()
        _restore_ctrl_c()
    except BaseException as exc:
        # Ctrl-C while the JVM starts included: the folder is this call's alone.
        if warehouse:
            shutil.rmtree(warehouse, ignore_errors=True)
        if not isinstance(exc, Exception):
            # The JVM ignores Ctrl-C and would outlive this process, still starting.
            for pid in _children() - children:
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
            raise
        raise SparkUnavailable(f"Spark could not start with master '{master}':"
                               f" {_spark_reason(exc)}.") from None
    return session, started, warehouse


# UPPER and LOWER one character at a time, as on every other engine: Spark maps the whole
# string, so `ß` would become `SS` and `İ` two characters. A character whose mapping is
# longer than one character stays as it is. ASCII text keeps the plain function.
_NON_ASCII = r"[^\x00-\x7F]"


@functools.cache
def _per_character_template() -> exp.Expr:
    import sqlglot

    # Parsed on first use: parsing loads sqlglot's Spark dialect, which a run on another
    # engine (that only asks whether a --source is a master URL) has no use for.
    return sqlglot.parse_one(
        "ARRAY_JOIN(TRANSFORM(REGEXP_EXTRACT_ALL(vdq_x, '(?s).', 0),"
        " vdq_ch -> IF(LENGTH(UPPER(vdq_ch)) = 1, UPPER(vdq_ch), vdq_ch)), '')", read="spark")


def _per_character(case: type[exp.Upper] | type[exp.Lower], arg: exp.Expr) -> exp.Expr:
    from sqlglot import exp

    def fill(node: exp.Expr) -> exp.Expr:
        if isinstance(node, exp.Column) and node.name == "vdq_x":
            return arg.copy()
        if isinstance(node, exp.Upper):
            return case(this=node.this.copy())
        return node

    slow = _per_character_template().transform(fill)
    return exp.Case(ifs=[exp.If(
        this=exp.RegexpLike(this=arg.copy(), expression=exp.Literal.string(_NON_ASCII)),
        true=slow)], default=case(this=arg.copy()))


def spark_shims(node: exp.Expr) -> exp.Expr:
    """Spark's differences from the other engines, rewritten (children first):

    - regular expressions are Java's: `(?d)` makes `\\n` the only line terminator (as in RE2)
      and a `$` outside a class becomes `\\z`, the very end (Java's `$` also matches before a
      final newline); `\\d`, `\\w` and `\\s` are ASCII in Java as in RE2;
    - UPPER and LOWER map one character at a time (`_per_character`);
    - `/` and `%` are TRY_DIVIDE and TRY_MOD: under ANSI mode a zero divisor raises, where
      SQLite and DuckDB answer NULL.
    """
    from sqlglot import exp

    if isinstance(node, exp.RegexpLike) and isinstance(node.expression, exp.Literal):
        return exp.RegexpLike(this=node.this.transform(spark_shims), expression=exp.Literal.string(
            "(?d)" + end_anchors(node.expression.name, r"\z")))
    if isinstance(node, exp.Upper | exp.Lower):
        return _per_character(type(node), node.this.transform(spark_shims))
    if isinstance(node, exp.Div):
        return exp.SafeDivide(this=node.this.transform(spark_shims),
                              expression=node.expression.transform(spark_shims))
    if isinstance(node, exp.Mod):
        return exp.Anonymous(this="TRY_MOD", expressions=[node.this.transform(spark_shims),
                                                          node.expression.transform(spark_shims)])
    return node


class SparkEngine:
    name = "spark"
    dialect = "spark"

    def __init__(self, session: SparkSession, location: str = "", *, owner: bool = False,
                 stop: bool = False, warehouse: str | None = None) -> None:
        self.session = session
        self._location = location
        self._tag = f"vdq-{secrets.token_hex(6)}"
        self._owner = owner  # drops the views it registered when closed
        self._stop = stop  # stops the session when closed (it started it)
        self._warehouse = warehouse
        self._views: list[str] = []

    @classmethod
    def open(cls, master: str, location: str = "") -> SparkEngine:
        session, started, warehouse = start_session(master)
        return cls(session, location or master, owner=True, stop=started, warehouse=warehouse)

    @property
    def location(self) -> str:
        return self._location

    def sql(self, tree: exp.Expr) -> str:
        return render_sql(tree, self.dialect)

    def query(self, tree: exp.Expr) -> Iterator[tuple[Any, ...]]:
        return self.run(self.sql(tree))

    def run(self, text: str) -> Iterator[tuple[Any, ...]]:
        """Runs the query now, on every partition at once, and returns its rows to read
        partition by partition.

        `toLocalIterator` alone computes one partition per job, in turn: a scan of many
        files ran on one core at a time, and validation reads rows under a lock (see
        validate.IssueSink), so the other worker's reads and the storing of issues waited
        for each partition's computation. The result is kept (memory, then disk) until it
        has been read, then dropped.
        """
        from pyspark import StorageLevel

        sc = self.session.sparkContext
        # Job tags are per thread: the jobs this thread starts carry this worker's tag.
        sc.addJobTag(self._tag)
        try:
            frame = self.session.sql(text).persist(StorageLevel.MEMORY_AND_DISK)
            try:
                frame.count()
            except BaseException:
                frame.unpersist()
                raise
        finally:
            sc.removeJobTag(self._tag)
        return self._read(frame)

    def _read(self, frame: Any) -> Iterator[tuple[Any, ...]]:
        sc = self.session.sparkContext
        sc.addJobTag(self._tag)
        try:
            for row in frame.toLocalIterator(prefetchPartitions=False):
                yield tuple(row)
        finally:
            sc.removeJobTag(self._tag)
            frame.unpersist()

    def describe(self, tree: exp.Expr) -> list[str]:
        return [str(c) for c in self.session.sql(self.sql(tree)).columns]

    def describe_types(self, tree: exp.Expr) -> list[tuple[str, str]]:
        """The column names of a query's result with their types (`timestamp`, ...)."""
        return [(str(c), str(t)) for c, t in self.session.sql(self.sql(tree)).dtypes]

    def file_relation(self, target: str, fmt: str) -> exp.Expr:
        """A Parquet or CSV file, or a folder of them (read recursively), as a temporary view.
        `target` is a local path or a URI the executors read (s3a://, hdfs://, ...).

        CSV is read with the header as names, every column as text, quoted fields across
        lines and `""` as an escaped quote (RFC 4180); a malformed row fails the run.
        """
        from sqlglot import exp

        path = Path(target)
        remote = "://" in target
        reader: Any = self.session.read.format(fmt)
        if remote or path.is_dir():
            exts = ("csv", "txt", "tsv") if fmt == "csv" else ("parquet",)
            reader = reader.option("recursiveFileLookup", "true").option(
                "pathGlobFilter", "*.{" + ",".join(exts) + "}")
        if fmt == "csv":
            # FAILFAST: a row with too many or too few fields stops the run (as on DuckDB)
            # instead of being dropped or padded without a word.
            reader = (reader.option("header", "true").option("inferSchema", "false")
                      .option("multiLine", "true").option("escape", '"')
                      .option("sep", csv_delimiter(target)).option("mode", "FAILFAST"))
        # Named after what it reads, so the SQL of a run, and its cached plan, is the same
        # from one run to the next (veeva_dq._plan).
        digest = hashlib.sha256(f"{fmt}\x1f{target}".encode("utf-8", "surrogatepass"))
        name = f"vdq_{fmt}_{digest.hexdigest()[:16]}"
        reader.load(target).createOrReplaceTempView(name)
        self._views.append(name)
        return exp.Table(this=exp.to_identifier(name, quoted=True))

    def tables(self) -> set[str]:
        """The tables of the current database and the temporary views (SHOW TABLES: much
        cheaper than the catalog API, which reads every table's metadata)."""
        return {str(r["tableName"]) for r in self.session.sql("SHOW TABLES").collect()}

    def columns(self, table: str) -> list[str]:
        from sqlglot import exp

        return self.describe(exp.select("*").from_(exp.Table(
            this=exp.to_identifier(table, quoted=True))))

    def cursor(self) -> SparkEngine:
        """A worker's engine: the same session, a job tag of its own."""
        return SparkEngine(self.session, self._location)

    def jobs_at_once(self, tables: Collection[str]) -> int | None:
        return None  # one job per core

    def interrupt(self) -> None:
        """Cancels the running jobs of this engine's worker (safe from any thread)."""
        self.session.sparkContext.cancelJobsWithTag(self._tag)

    def close(self) -> None:
        if self._owner:
            for name in self._views:
                self.session.catalog.dropTempView(name)
            self._views.clear()
        if self._stop:
            self.session.stop()
            self._stop = False
        if self._warehouse:
            shutil.rmtree(self._warehouse, ignore_errors=True)
            self._warehouse = None
