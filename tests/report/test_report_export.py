"""export_issues: exact CSV/JSON contracts, round trips, atomic writes, streaming."""

from __future__ import annotations

import csv
import json
import os
import tracemalloc
from pathlib import Path

import pytest

from tests.report.report_data import FORMULA, N_ISSUES, SCRIPT, TRICKY, UNICODE, make_run, rule
from veeva_dq.report import ExportFormat, export_issues
from veeva_dq.report._export import atomic_text_writer
from veeva_dq.results import ISSUE_COLUMNS, LIFECYCLE_COLUMNS, ResultStore, UnknownRunError

# The nine columns are the export contract; --with-status appends status and issue_key.
HEADER = "run_id,rule_id,severity,dimension,object,record_id,column,value,message"
NPI_V000_KEY = "8558bad0451bc06a"  # issue_key("hcp.npi.format", "hcp", "V000", "npi_num__v")


def stored(store: ResultStore, run_id: int) -> list[tuple[object, ...]]:
    return [tuple(getattr(i, c) for c in ISSUE_COLUMNS) for i in store.issues(run_id)]


def test_export_format_values() -> None:
    assert [f.value for f in ExportFormat] == ["csv", "json"]
    assert ExportFormat("csv") is ExportFormat.CSV


def test_csv_header_rows_and_round_trip(store: ResultStore, run_id: int, tmp_path: Path) -> None:
    out = tmp_path / "new" / "dir" / "issues.csv"
    assert export_issues(store, run_id, ExportFormat.CSV, out) == N_ISSUES
    raw = out.read_bytes()
    assert raw.startswith(HEADER.encode() + b"\r\n")  # no BOM, RFC 4180 line ends
    with out.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == HEADER.split(",")
    assert len(rows) == 1 + N_ISSUES
    expected = [["" if v is None else str(v) for v in row] for row in stored(store, run_id)]
    assert rows[1:] == expected
    values = [r[7] for r in rows[1:]]
    for tricky in (SCRIPT, TRICKY, UNICODE, FORMULA):  # kept exactly, formulas included
        assert tricky in values
    npi = [r for r in rows if r[1] == "hcp.npi.format"]
    assert npi[0] == [
        str(run_id),
        "hcp.npi.format",
        "error",
        "validity",
        "hcp",
        "V000",
        "npi_num__v",
        SCRIPT,
        "NPI 0 is not 10 digits",
    ]
    assert npi[2][7] == ""  # NULL value: an empty field


def test_json_keys_order_and_values(store: ResultStore, run_id: int, tmp_path: Path) -> None:
    out = tmp_path / "issues.json"
    assert export_issues(store, run_id, ExportFormat.JSON, out) == N_ISSUES
    data = json.loads(out.read_text(encoding="utf-8"))
    assert isinstance(data, list) and len(data) == N_ISSUES
    assert all(list(d) == list(ISSUE_COLUMNS) for d in data)
    assert [tuple(d.values()) for d in data] == stored(store, run_id)
    assert data[7]["value"] is None
    assert data[5] == {
        "run_id": run_id,
        "rule_id": "hcp.npi.format",
        "severity": "error",
        "dimension": "validity",
        "object": "hcp",
        "record_id": "V000",
        "column": "npi_num__v",
        "value": SCRIPT,
        "message": "NPI 0 is not 10 digits",
    }
    assert UNICODE in out.read_text(encoding="utf-8")  # written as UTF-8, not \\u escapes
    assert export_issues(store, run_id, ExportFormat.JSON, out, with_status=True) == N_ISSUES
    data = json.loads(out.read_text(encoding="utf-8"))
    assert all(list(d) == [*ISSUE_COLUMNS, *LIFECYCLE_COLUMNS] for d in data)
    assert (data[5]["status"], data[5]["issue_key"]) == ("new", NPI_V000_KEY)


@pytest.mark.parametrize(("fmt", "expected"), [("csv", HEADER + "\r\n"), ("json", "[]\n")])
def test_empty_run(store: ResultStore, tmp_path: Path, fmt: str, expected: str) -> None:
    run_id = make_run(store, [rule("ok", "hcp", "validity", "error", 3, 0)], [])
    out = tmp_path / f"empty.{fmt}"
    assert export_issues(store, run_id, ExportFormat(fmt), out) == 0
    assert out.read_bytes() == expected.encode()
    if fmt == "json":
        assert json.loads(out.read_text(encoding="utf-8")) == []


def test_only_the_runs_issues(store: ResultStore, run_id: int, tmp_path: Path) -> None:
    other = make_run(
        store,
        [rule("x", "hcp", "validity", "error", 3, 1)],
        [("x", "error", "validity", "hcp", "V9", None, None, "bad")],
    )
    out = tmp_path / "o.json"
    assert export_issues(store, other, ExportFormat.JSON, out) == 1
    assert [d["run_id"] for d in json.loads(out.read_text(encoding="utf-8"))] == [other]


def test_replaces_existing_file_and_leaves_no_temp(
    store: ResultStore, run_id: int, tmp_path: Path
) -> None:
    out = tmp_path / "out" / "issues.csv"
    out.parent.mkdir()
    out.write_text("stale", encoding="utf-8")
    export_issues(store, run_id, ExportFormat.CSV, out)
    assert out.read_text(encoding="utf-8").startswith(HEADER)
    assert sorted(p.name for p in out.parent.iterdir()) == ["issues.csv"]
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask


def test_unknown_run_leaves_existing_file(store: ResultStore, tmp_path: Path) -> None:
    out = tmp_path / "issues.csv"
    out.write_text("keep me", encoding="utf-8")
    with pytest.raises(UnknownRunError):
        export_issues(store, 404, ExportFormat.CSV, out)
    assert out.read_text(encoding="utf-8") == "keep me"


def test_failed_write_keeps_old_file_and_removes_temp(tmp_path: Path) -> None:
    out = tmp_path / "issues.json"
    out.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError, match="boom"), atomic_text_writer(out) as fh:
        fh.write("partial")
        raise RuntimeError("boom")
    assert out.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["issues.json"]


def test_symlink_target_is_replaced_and_the_link_kept(
    store: ResultStore, run_id: int, tmp_path: Path
) -> None:
    target = tmp_path / "real" / "issues.csv"
    target.parent.mkdir()
    target.write_text("stale", encoding="utf-8")
    link = tmp_path / "latest.csv"
    link.symlink_to(target)
    assert export_issues(store, run_id, ExportFormat.CSV, link) == N_ISSUES
    assert link.is_symlink()
    assert os.readlink(link) == str(target)
    assert target.read_text(encoding="utf-8").startswith(HEADER)
    assert sorted(p.name for p in target.parent.iterdir()) == ["issues.csv"]


def test_named_pipe_is_written_not_replaced(tmp_path: Path) -> None:
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[str] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_text(encoding="utf-8")))
    reader.start()
    with atomic_text_writer(fifo) as fh:
        fh.write("through the pipe\n")
    reader.join(timeout=10)
    assert got == ["through the pipe\n"]
    assert fifo.is_fifo()
    assert [p.name for p in tmp_path.iterdir()] == ["pipe"]


def test_dash_is_standard_output(store: ResultStore, run_id: int, tmp_path: Path,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from veeva_dq.cli import app

    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    res = CliRunner().invoke(app, ["export", "issues", "--run", str(run_id), "--output", "-",
                                   "--db", str(tmp_path / "db" / "vdq.db")])
    assert res.exit_code == 0, res.output
    rows = list(csv.reader(res.stdout.splitlines(keepends=True)))
    assert rows[0] == HEADER.split(",")
    assert len(rows) == 1 + N_ISSUES
    assert res.stderr == f"Wrote {N_ISSUES:,} issues of run {run_id} to standard output\n"
    assert list(work.iterdir()) == []


def test_json_export_streams(store: ResultStore, tmp_path: Path) -> None:
    n = 10_000
    row = ("big", "warning", "validity", "hcp", None, "npi_num__v", "x" * 100, "m" * 100)
    run_id = make_run(
        store,
        [rule("big", "hcp", "validity", "warning", n, n)],
        [(row[0], *row[1:4], f"V{i}", *row[5:]) for i in range(n)],
    )
    tracemalloc.start()
    try:
        written = export_issues(store, run_id, ExportFormat.JSON, tmp_path / "big.json")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert written == n
    # 10,000 issues held at once would need several MB (over 250 bytes of text each alone)
    assert peak < 1_000_000
