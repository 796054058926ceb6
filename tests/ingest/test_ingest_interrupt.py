"""Ctrl-C during an ingest, for real: a child process loading files gets SIGINT."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO

_CHILD = """
import sys
from pathlib import Path
from veeva_dq.ingest import IngestInterrupted, ingest_files
from veeva_dq.model import load_model

try:
    ingest_files([Path(p) for p in sys.argv[2:]], None, Path(sys.argv[1]), load_model(),
                 progress=False)
except KeyboardInterrupt as exc:
    assert isinstance(exc, IngestInterrupted)
    print(exc.ingest_id, exc.file, exc.files_loaded, sep="|")
    print(exc)
    sys.exit(130)
print("finished")
"""


def _loaded(db: Path) -> int:
    try:
        conn = sqlite3.connect(db)
        try:
            row = conn.execute("SELECT loaded FROM vdq_ingest").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:  # not created yet
        return 0
    return int(row[0]) if row else 0


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child process is POSIX")
def test_ctrl_c_marks_the_ingest_failed_and_keeps_nothing_of_the_file(tmp_path: Path) -> None:
    hco = tmp_path / "hco.csv"
    hco.write_text("vid__v,corporate_name__v\n1,A\n2,B\n3,C\n", encoding="utf-8")
    hcp = tmp_path / "hcp.csv"  # big enough to take seconds: the signal lands inside it
    with hcp.open("w", encoding="utf-8") as fh:
        fh.write("vid__v,first_name__v,last_name__v\n")
        fh.writelines(f"{i},FIRST{i},LAST{i}\n" for i in range(2_000_000))
    db = tmp_path / "vdq.db"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "src"), str(REPO)])}
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(db), str(hcp), str(hco)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        deadline = time.monotonic() + 120
        while _loaded(db) < 3:  # hco (loaded first, as a parent) is committed
            assert child.poll() is None, child.communicate()
            assert time.monotonic() < deadline, "the first file was never committed"
            time.sleep(0.01)
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=120)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == 130, err
    message = (
        f"Interrupted (Ctrl-C) while loading '{hcp}': nothing of it was kept; the file loaded"
        " before it stays loaded"
    )
    assert out.splitlines() == [f"1|{hcp}|1", message]

    conn = sqlite3.connect(db)
    ingest = conn.execute(
        "SELECT ingest_id, status, error, rows_read, loaded, quarantined, notices,"
        " finished_at IS NOT NULL FROM vdq_ingest"
    ).fetchall()
    assert ingest == [(1, "failed", message, 3, 3, 0, 0, 1)]
    assert conn.execute("SELECT count(*) FROM hco").fetchone() == (3,)
    assert conn.execute("SELECT count(*) FROM hcp").fetchone() == (0,)
    assert conn.execute("SELECT count(*) FROM vdq_quarantine").fetchone() == (0,)
    assert conn.execute("SELECT count(*) FROM vdq_ingest_notice").fetchone() == (0,)
    conn.close()
