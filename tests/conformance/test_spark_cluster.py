"""Spark on a real standalone cluster: a master and a worker started here, each its own JVM.

`--spark-master spark://host:port` is validated in client mode: the driver runs in the
veeva-dq process, the executor in the worker's JVM. The real CMS NPPES sample is loaded,
published as Parquet, validated on the cluster and on DuckDB, and every rule must give
the same counts. A master that cannot be reached, or YARN without its configuration,
must end in one sentence before any JVM starts.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from veeva_dq.engines._spark import _spark_reason

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "data" / "samples" / "nppes_npidata_2016_first10k_41cols.csv"
CLI = [sys.executable, "-m", "veeva_dq"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: a test needing Spark may not skip)")
    pytest.skip(reason)


def _spark_class() -> Path:
    try:
        import pyspark
    except ImportError:
        _unavailable("PySpark is not installed")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        _unavailable("no Java for Spark")
    return Path(pyspark.__file__).parent / "bin" / "spark-class"


def _wait_for(log: Path, pattern: str, proc: subprocess.Popen[bytes], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if re.search(pattern, log.read_text("utf-8", "replace")):
            return
        if proc.poll() is not None:
            break
        time.sleep(0.3)
    pytest.fail(f"Spark never logged {pattern!r}:\n{log.read_text('utf-8', 'replace')[-2000:]}")


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A standalone master and one worker (1 core, 1 GB) on this machine; the master URL."""
    spark_class = _spark_class()
    logs = tmp_path_factory.mktemp("spark-cluster")
    port = _free_port()
    env = {**os.environ, "SPARK_HOME": str(spark_class.parents[1]),
           "SPARK_LOG_DIR": str(logs), "SPARK_WORKER_DIR": str(logs / "work")}
    procs: list[subprocess.Popen[bytes]] = []
    try:
        master_log = logs / "master.log"
        with master_log.open("wb") as out:
            procs.append(subprocess.Popen(
                [str(spark_class), "org.apache.spark.deploy.master.Master", "--host",
                 "127.0.0.1", "--port", str(port), "--webui-port", "0"],
                stdout=out, stderr=subprocess.STDOUT, env=env))
        _wait_for(master_log, r"I have been elected leader", procs[0], 90)
        with (logs / "worker.log").open("wb") as out:
            procs.append(subprocess.Popen(
                [str(spark_class), "org.apache.spark.deploy.worker.Worker", "--host",
                 "127.0.0.1", "--cores", "1", "--memory", "1g", "--webui-port", "0",
                 f"spark://127.0.0.1:{port}"], stdout=out, stderr=subprocess.STDOUT, env=env))
        _wait_for(master_log, r"Registering worker", procs[0], 90)
        yield f"spark://127.0.0.1:{port}"
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()


@pytest.fixture(scope="module")
def parquet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real NPPES sample, ingested and published as a Parquet folder."""
    tmp = tmp_path_factory.mktemp("spark-data")
    db = tmp / "veeva.db"
    for cmd in (["ingest", str(SAMPLE), "--format", "nppes", "--db", str(db), "--no-progress"],
                ["publish", "--target", str(tmp / "lake"), "--db", str(db), "--no-progress"]):
        subprocess.run([*CLI, *cmd], check=True, capture_output=True, cwd=tmp)
    return tmp / "lake"


def _validate(tmp: Path, name: str, *args: str) -> tuple[dict[str, tuple[int, int]], str]:
    done = subprocess.run([*CLI, "validate", "--rule", "all", "--db", str(tmp / f"{name}.db"),
                           "--as-of", "2026-01-01", "--no-progress", "--format", "json", *args],
                          capture_output=True, text=True, cwd=tmp)
    assert done.returncode == 1, done.stderr  # real data fails error-level rules
    report = json.loads(done.stdout)
    return {r["rule_id"]: (r["checked"], r["failed"]) for r in report["rules"]}, done.stderr


def test_a_standalone_cluster_gives_duckdbs_answers(cluster: str, parquet: Path,
                                                   tmp_path: Path) -> None:
    on_spark, stderr = _validate(tmp_path, "spark", "--spark-master", cluster,
                                 "--source", str(parquet))
    on_duckdb, _ = _validate(tmp_path, "duckdb", "--engine", "duckdb", "--source", str(parquet))
    assert on_spark == on_duckdb
    assert sum(failed for _, failed in on_spark.values()) > 0
    # The sample's 7,881 individuals (entity type 1), every one with a 10-digit NPI.
    assert on_spark["hcp_npi_check_digit"][0] == 7881
    # The driver logs errors only: no Java warning or stack frame reaches the output.
    assert not re.search(r"\bWARN\b|^\s+at [\w$.]+\(", stderr, re.MULTILINE), stderr


def test_an_unreachable_master_is_one_sentence(parquet: Path, tmp_path: Path) -> None:
    port = _free_port()  # nothing listens on it once the probe socket is closed
    done = subprocess.run([*CLI, "validate", "--spark-master", f"spark://127.0.0.1:{port}",
                           "--source", str(parquet), "--db", str(tmp_path / "r.db")],
                          capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.strip() == (
        f"Error: Spark master 'spark://127.0.0.1:{port}' cannot be reached (127.0.0.1:{port}:"
        " Connection refused): is the master running, and is this its host and port?")


def test_yarn_without_its_configuration_is_one_sentence(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("HADOOP_CONF_DIR", "YARN_CONF_DIR")}
    done = subprocess.run([*CLI, "validate", "--spark-master", "yarn", "--table",
                           "hcp=db.hcp", "--db", str(tmp_path / "r.db")],
                          capture_output=True, text=True, cwd=tmp_path, env=env)
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "Error: Spark master 'yarn' needs the cluster's configuration: set HADOOP_CONF_DIR or"
        " YARN_CONF_DIR to the folder that holds yarn-site.xml.")


def test_the_reason_of_a_java_error_is_its_innermost_cause() -> None:
    text = ("An error occurred while calling None.org.apache.spark.sql.classic.SparkSession.\n"
            ": java.lang.IllegalStateException: Cannot call methods on a stopped SparkContext.\n"
            "\tat org.apache.spark.SparkContext.assertNotStopped(SparkContext.scala:122)\n"
            "Caused by: java.io.IOException: Failed to connect to /127.0.0.1:7999\n"
            "\t... 4 more\n")
    assert _spark_reason(RuntimeError(text)) == "Failed to connect to /127.0.0.1:7999"
    assert _spark_reason(RuntimeError(text.split("\tat")[0])) == (
        "Cannot call methods on a stopped SparkContext")
