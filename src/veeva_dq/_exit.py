"""Process exit codes."""

from __future__ import annotations

import enum


class ExitCode(enum.IntEnum):
    """Exit codes of every veeva-dq command.

    ====  =============================================================
    code  meaning
    ====  =============================================================
    0     success; for validate: no failing rule of severity error or
          critical (warnings and info may fail)
    1     validate: at least one rule of severity error or critical
          failed
    2     usage or input error: bad option, missing file, unreadable
          rule pack or model, unknown run; nothing was validated
    130   interrupted by Ctrl-C: a validate run under way is stored as
          failed, an ingest keeps the files finished before it, a
          publish leaves the target as it was
    141   standard output was closed by its reader (`... | head`)
    ====  =============================================================
    """

    OK = 0
    RULES_FAILED = 1
    USAGE = 2
    INTERRUPTED = 130
    BROKEN_PIPE = 141
