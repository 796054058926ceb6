"""Loading one Veeva OpenData / Network export file into its object's table.

This is the hot path for million-row files, so the per-row work is kept to a few list and
dict operations; anything unusual (bad bytes, float damage) is handled off that path.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from veeva_dq.ingest._loader import BATCH_ROWS, Loader
from veeva_dq.ingest._plan import PlannedFile
from veeva_dq.ingest._reader import CsvSource
from veeva_dq.ingest._types import FileResult
from veeva_dq.ingest._values import Check, FloatFix, check_floats, float_message
from veeva_dq.model import Model

# Identifier and code columns that a spreadsheet or pandas may have turned into floats,
# including customer variants that end in the same names (primary_parent_vid__c, ...).
_ID_COLUMN = re.compile(
    r"(?:vid|npi_num|postal_code|phone_\d+|fax_\d+|license_number|address_ordinal"
    r"|drug_schedule)__[vc]$"
)

Tick = Callable[[int], None]
VERSION = "modified_date__v"


def float_checks(columns: Sequence[str]) -> list[Check]:
    country = columns.index("country__v") if "country__v" in columns else None
    checks = []
    for i, name in enumerate(columns):
        if _ID_COLUMN.search(name):
            postal = name.endswith(("postal_code__v", "postal_code__c"))
            checks.append(Check(i, postal, country if postal else None))
    return checks


def raw_record(
    columns: Sequence[str], row: Sequence[str], fixes: Sequence[FloatFix] | None = None
) -> object:
    """The row as read, for vdq_quarantine: a name → value mapping, or the bare fields."""
    if len(row) != len(columns):
        return list(row)
    record = dict(zip(columns, row, strict=True))
    for fix in fixes or ():
        record[columns[fix.column]] = fix.value
    return record


def load_veeva(
    pf: PlannedFile,
    source: CsvSource,
    loader: Loader,
    model: Model,
    tick: Tick,
    *,
    keep_keys: bool = False,
) -> FileResult:
    """Load one file; `keep_keys` when a later file of this run has the same object, whose
    rows must not overwrite the keys this one wrote."""
    assert pf.obj is not None  # the plan gives every Veeva file its object
    obj = model.object(pf.obj)
    name = obj.name
    columns = list(pf.columns)
    key = obj.key
    key_i = columns.index(key)
    checks = float_checks(columns)
    # Newer wins: a row older than the stored record by modified_date__v is not applied.
    writer = loader.writer(obj, columns, version=VERSION)
    rows = writer.rows
    file = str(pf.path)
    seen: dict[str, int] = {}
    earlier = loader.keys_written.get(name, set())  # written by earlier files of this run
    quarantined = notices = stale = 0
    stale_keys: set[str] = set()
    version_i = columns.index(VERSION) if VERSION in columns else -1

    def flush() -> None:
        """Write the batch; report the rows older than the stored record they would replace."""
        nonlocal stale, notices
        loader.flush()
        for r, old in writer.stale:
            vid, new, line = r[key_i], r[version_i], r[-1]
            loader.notice(
                file, line, name, vid, VERSION, "older_than_stored", new, old,
                f"line {line}: {key} '{vid}' has {VERSION} {new}, older than the stored"
                f" {name} record's {old}; the stored record was kept and this row changed"
                " nothing",
            )
            stale_keys.add(vid)
        stale += len(writer.stale)
        notices += len(writer.stale)
        writer.stale.clear()

    check_cols = [c.column for c in checks]
    append = rows.append
    for line, row, problem, repairs in source.records():
        if problem is not None:
            loader.quarantine(file, line, name, problem, raw_record(columns, row))
            quarantined += 1
            continue
        fixes = None
        for i in check_cols:  # inlined pre-test: float damage needs a '.' or an exponent
            v = row[i]
            if v and not v.isdigit() and ("." in v or "E" in v or "e" in v):
                fixes = check_floats(row, checks)
                break
        vid = row[key_i]
        first = seen.setdefault(vid, line)
        if first != line or not vid or vid.isspace() or vid in earlier:
            if not vid or vid.isspace():
                reason = f"{key} is empty" if not vid else f"{key} is blank (only spaces)"
            elif first != line:
                reason = f"{key} '{vid}' already appeared on line {first}"
            else:
                where = loader.source_of(name, key, vid)
                origin = f"{where[0]} line {where[1]}" if where else "an earlier file"
                reason = f"{key} '{vid}' already loaded from {origin} in this ingest"
            loader.quarantine(file, line, name, reason, raw_record(columns, row, fixes))
            quarantined += 1
            continue
        if fixes:
            for fix in fixes:
                col = columns[fix.column]
                message = float_message(line, col, fix)
                loader.notice(
                    file, line, name, vid, col, "float_damage", fix.value, fix.loaded, message
                )
            notices += len(fixes)
        if repairs:
            notices += loader.repair_notices(file, line, name, vid, columns, repairs)
        # Empty strings become NULL in the INSERT itself (see upsert_sql).
        values: list[Any] = row  # the csv row itself, extended: no copy per row
        values.append(file)
        values.append(line)
        append(values)
        if len(rows) >= BATCH_ROWS:
            flush()
            tick(source.bytes_read)
    flush()
    loaded = writer.written + stale  # rows applied, and rows older than the stored record
    if keep_keys:
        written = loader.keys_written.setdefault(name, set())
        written.update(k for k in seen if k and not k.isspace() and k not in stale_keys)
    read = loaded + quarantined
    tick(source.bytes_read)
    return FileResult(pf.path, read, loaded, quarantined, notices, "veeva", name, stale)
