"""SQLite's memory statistics are off in the command-line process (veeva_dq._sqlite_tune)."""

from __future__ import annotations

import subprocess
import sys

# Opens a connection, runs a query and prints what SQLite says it has allocated: 0 when
# the statistics are off, the bytes in use when they are on.
_PROBE = """
import ctypes, sqlite3, _sqlite3
used = ctypes.CDLL(_sqlite3.__file__).sqlite3_memory_used
used.restype = ctypes.c_int64
conn = sqlite3.connect(":memory:")
conn.execute("CREATE TABLE t (x)")
conn.executemany("INSERT INTO t VALUES (?)", [(str(i),) for i in range(1000)])
conn.execute("SELECT count(*) FROM t").fetchone()
print(used())
"""


def _probe(before: str) -> int:
    done = subprocess.run([sys.executable, "-c", before + _PROBE], capture_output=True,
                          text=True, check=True)
    return int(done.stdout.split()[-1])


def test_statistics_are_on_by_default() -> None:
    assert _probe("") > 0


def test_turned_off_before_the_first_connection() -> None:
    assert _probe("from veeva_dq._sqlite_tune import turn_off_memory_statistics\n"
                  "assert turn_off_memory_statistics()\n") == 0


def test_the_command_line_entry_point_turns_them_off() -> None:
    before = ("import sys\nfrom veeva_dq import cli\nsys.argv = ['veeva-dq', '--version']\n"
              "try:\n    cli.main()\nexcept SystemExit:\n    pass\n")
    assert _probe(before) == 0
