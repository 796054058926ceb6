"""SQLite's memory statistics, turned off for the command-line process.

By default SQLite counts every allocation it makes (`SQLITE_CONFIG_MEMSTATUS`) under one
mutex shared by all connections of the process. Validation runs its queries on several
threads, one connection each, and every row a query touches allocates: the threads then
queue on that mutex. With Debian's libsqlite3 (3.40, built without lookaside memory, so
even more allocations reach it) two queries on two threads took longer side by side than
one after the other (7.1 s against 6.6 s on 2 cores); with the statistics off they took
3.2 s against 6.1 s. veeva-dq reads none of these statistics, and Python's sqlite3 module
offers no way to set this, so the library is reached through ctypes.

The setting is only accepted while the library is not initialised, and Python's module
initialises it on import, so it is shut down and started again. That is safe only before
any connection is opened: the command-line entry point calls `turn_off_memory_statistics`
first thing, and nothing else does. Where the library cannot be found (a Python whose
sqlite3 module hides its symbols) nothing changes and the queries just scale less.
"""

from __future__ import annotations

import ctypes

_SQLITE_OK = 0
_SQLITE_CONFIG_MEMSTATUS = 9


def turn_off_memory_statistics() -> bool:
    """Turn SQLite's memory statistics off for this process; True when they are off.

    Call before any SQLite connection of the process is opened (see the module docstring).
    """
    try:
        import _sqlite3

        lib = ctypes.CDLL(_sqlite3.__file__)
        shutdown, config, initialize = (lib.sqlite3_shutdown, lib.sqlite3_config,
                                        lib.sqlite3_initialize)
    except (ImportError, OSError, AttributeError):
        return False
    if shutdown() != _SQLITE_OK:
        return False
    done: bool = config(_SQLITE_CONFIG_MEMSTATUS, ctypes.c_int(0)) == _SQLITE_OK
    initialize()
    return done
