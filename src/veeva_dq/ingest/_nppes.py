"""Loading a CMS NPPES npidata file (any width: the 41-column extract or the full V.2 file).

Columns are found by header name, never by position. Each data row becomes an hcp
(entity type 1) or hco (entity type 2) keyed by the NPI, one practice-location address and
one license per filled license slot; a row with a blank entity type is a deactivated NPI
and goes to npi_deactivation. All derived ids are built from the NPI, so a reload of the
same or a newer file updates the same records instead of adding new ones.

Newer wins: a row whose Last Update Date (NPI Deactivation Date for a deactivation) is older
than that of the stored record changes nothing (the hcp/hco with its address and licenses,
or the npi_deactivation row, stays as stored); it counts as loaded and stale and gets an
`older_than_stored` notice. So loading an old file after a new one changes nothing.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence

from veeva_dq.ingest._loader import BATCH_ROWS, Loader, TableWriter
from veeva_dq.ingest._nppes_layout import (
    ADDRESS_COLUMNS,
    HCO_COLUMNS,
    HCP_COLUMNS,
    LICENSE_COLUMNS,
    Layout,
    Slot,
)
from veeva_dq.ingest._plan import PlannedFile
from veeva_dq.ingest._reader import CsvSource
from veeva_dq.ingest._types import FileResult
from veeva_dq.ingest._values import (
    FloatFix,
    check_floats,
    date_or_raw,
    float_message,
    is_us,
    medical_degree,
    npi_status,
    picklist_code,
    us_zip,
)
from veeva_dq.ingest._veeva import raw_record
from veeva_dq.model import Model, ObjectDef
from veeva_dq.model.reference import subdivision_code

Tick = Callable[[int], None]


@functools.lru_cache(maxsize=8192)
def _area(country: str, state: str) -> str | None:
    return subdivision_code(country, state) or state or None


def _codes(obj: ObjectDef, field: str, model: Model) -> frozenset[str]:
    try:
        picklist = obj.field(field).picklist
    except KeyError:
        return frozenset()
    return frozenset(model.picklists.get(picklist or "", ()))


def load_nppes(
    pf: PlannedFile, source: CsvSource, loader: Loader, model: Model, tick: Tick
) -> FileResult:
    header = list(pf.columns)
    lay = Layout(header)
    c = lay.col
    hcp_def, hco_def = model.object("hcp"), model.object("hco")
    prefixes = _codes(hcp_def, "prefix__v", model)
    suffixes = _codes(hcp_def, "suffix__v", model)
    degrees = _codes(hcp_def, "medical_degree_1__v", model)

    hcp_cols = [hcp_def.key, *HCP_COLUMNS]
    if lay.gender is not None:
        hcp_cols.append("gender__v")
    if lay.has_taxonomy:
        hcp_cols.append("specialty_1__v")
    hcp_cols += ["hcp_status__v", "record_state__v", "modified_date__v"]
    hco_cols = [hco_def.key, *HCO_COLUMNS, "hco_status__v", "record_state__v", "modified_date__v"]
    address_def = model.object("address")
    # Newer wins by Last Update Date (modified_date__v).
    hcp_w = loader.writer(hcp_def, hcp_cols, version="modified_date__v")
    hco_w = loader.writer(hco_def, hco_cols, version="modified_date__v")
    addr_w = loader.writer(address_def, [address_def.key, *ADDRESS_COLUMNS])
    lic_w: TableWriter | None = None
    if lay.has_license:
        license_def = model.object("license")
        lic_w = loader.writer(license_def, [license_def.key, *LICENSE_COLUMNS])
    deact_w = loader.deactivation_writer()
    hcp_rows, hco_rows, addr_rows, deact_rows = hcp_w.rows, hco_w.rows, addr_w.rows, deact_w.rows

    file = str(pf.path)
    seen: dict[str, int] = {}
    read = loaded = quarantined = notices = stale = 0
    i_npi, i_entity = c["npi"], c["entity"]

    def flush() -> None:
        """Write the batch, parents first; a provider row older than the stored record is not
        applied (see the module docstring), and neither are its address and licenses."""
        nonlocal stale, notices
        gone: set[str] = set()
        for w, label in (
            (hcp_w, "Last Update Date"),
            (hco_w, "Last Update Date"),
            (deact_w, "NPI Deactivation Date"),
        ):
            w.flush()
            for r, old in w.stale:
                npi, new, line = r[0], r[-3] if w is not deact_w else r[1], r[-1]
                kept = "the stored record" if w is deact_w else (
                    "the stored record, with its address and licenses,"
                )
                loader.notice(
                    file, line, w.table, npi, label, "older_than_stored", new, old,
                    f"line {line}: NPI {npi} has {label} {new}, older than the stored"
                    f" {w.table} record's {old}; {kept} was kept and this row changed nothing",
                )
                gone.add(npi)
            stale += len(w.stale)
            notices += len(w.stale)
            w.stale.clear()
        if gone:
            addr_rows[:] = [r for r in addr_rows if r[1] not in gone]
            if lic_w is not None:
                lic_w.rows[:] = [r for r in lic_w.rows if r[1] not in gone]
        loader.flush()

    for line, row, problem, repairs in source.records():
        read += 1
        if problem is not None:
            loader.quarantine(file, line, None, problem, raw_record(header, row))
            quarantined += 1
            continue
        fixes = check_floats(row, lay.checks)
        row.append("")  # what every absent column reads as
        npi = row[i_npi]
        entity = row[i_entity].strip()
        obj = {"1": "hcp", "2": "hco", "": "npi_deactivation"}.get(entity)
        reason = None
        if not npi.strip():
            reason = "NPI is empty" if not npi else "NPI is blank (only spaces)"
        elif obj is None:
            reason = (
                f"Entity Type Code '{entity}' is not 1 (individual), 2 (organization) or empty"
                " (deactivated NPI)"
            )
        elif obj == "npi_deactivation" and not row[c["deactivated"]]:
            reason = (
                "Entity Type Code is empty but so is NPI Deactivation Date; NPPES leaves the"
                " entity type empty only for deactivated NPIs"
            )
        else:
            first = seen.setdefault(npi, line)
            if first != line:
                reason = f"NPI '{npi}' already appeared on line {first}"
        if reason is not None:
            loader.quarantine(file, line, obj, reason, raw_record(header, row[:-1], fixes))
            quarantined += 1
            continue
        assert obj is not None  # an unknown entity type was quarantined just above

        if obj == "npi_deactivation":
            deact_rows.append(
                (
                    npi,
                    date_or_raw(row[c["deactivated"]]),
                    row[c["reason"]] or None,
                    date_or_raw(row[c["reactivated"]]),
                    file,
                    line,
                )
            )
        else:
            status = npi_status(row[c["deactivated"]], row[c["reactivated"]])
            updated = date_or_raw(row[c["updated"]])
            if obj == "hcp":
                credential = row[c["credential"]]
                values: list[str | int | None] = [
                    npi,
                    npi,
                    row[c["first"]] or None,
                    row[c["middle"]] or None,
                    row[c["last"]] or None,
                    picklist_code(row[c["prefix"]], prefixes),
                    picklist_code(row[c["suffix"]], suffixes),
                    credential or None,
                    medical_degree(credential, degrees),
                ]
                if lay.gender is not None:
                    values.append(row[lay.gender] or None)
                if lay.has_taxonomy:
                    values.append(_primary_taxonomy(row, lay.slots))
                values += [status, "VALID", updated, file, line]
                hcp_rows.append(values)
            else:
                hco_rows.append(
                    (
                        npi,
                        npi,
                        row[c["org"]] or None,
                        row[c["phone"]] or None,
                        status,
                        "VALID",
                        updated,
                        file,
                        line,
                    )
                )
            addr_rows.append(_address(row, c, npi, file, line))
            if lic_w is not None:
                lic_w.rows.extend(_licenses(row, lay.slots, npi, file, line))
        if fixes:
            notices += _float_notices(loader, file, line, obj, npi, header, lay, row, fixes)
        if repairs:
            notices += loader.repair_notices(file, line, obj, npi, header, repairs)
        loaded += 1
        if loaded % BATCH_ROWS == 0:
            flush()
            tick(source.bytes_read)
    flush()
    tick(source.bytes_read)
    return FileResult(pf.path, read, loaded, quarantined, notices, "nppes", None, stale)


def _primary_taxonomy(row: list[str], slots: Sequence[Slot]) -> str | None:
    for s in slots:
        if row[s.primary].strip().upper() == "Y" and row[s.taxonomy]:
            return row[s.taxonomy]
    return (row[slots[0].taxonomy] or None) if slots else None


def _address(
    row: list[str], c: dict[str, int], npi: str, file: str, line: int
) -> tuple[str | int | None, ...]:
    raw_country = row[c["country"]]
    country = raw_country if raw_country.strip() else "US"
    state = row[c["state"]]
    postal = row[c["zip"]]
    if postal and is_us(country):
        postal = us_zip(postal)
    return (
        f"{npi}-A1",
        npi,
        row[c["addr1"]] or None,
        row[c["addr2"]] or None,
        row[c["city"]] or None,
        _area(country, state) if state else None,
        postal or None,
        country,
        "A",
        "1",
        row[c["phone"]] or None,
        row[c["fax"]] or None,
        "VALID",
        file,
        line,
    )


def _licenses(
    row: list[str], slots: Sequence[Slot], npi: str, file: str, line: int
) -> list[tuple[str | int | None, ...]]:
    out: list[tuple[str | int | None, ...]] = []
    for s in slots:
        number = row[s.license]
        if not number:
            continue
        state = row[s.state]
        body = _area("US", state) if state else None
        out.append(
            (
                f"{npi}-L{s.n}",
                npi,
                number,
                body,
                "STATE",
                "VALID",
                row[s.taxonomy] or None,
                file,
                line,
            )
        )
    return out


def _float_notices(
    loader: Loader,
    file: str,
    line: int,
    entity: str,
    npi: str,
    header: Sequence[str],
    lay: Layout,
    row: list[str],
    fixes: Sequence[FloatFix],
) -> int:
    for fix in fixes:
        obj, record_id = entity, npi
        if fix.column in lay.address_columns:
            obj, record_id = "address", f"{npi}-A1"
        elif fix.column in lay.license_columns:
            obj, record_id = "license", f"{npi}-L{lay.license_columns[fix.column]}"
        loaded = fix.loaded
        check = next(ch for ch in lay.checks if ch.column == fix.column)
        if check.postal and is_us(row[check.country] if check.country is not None else ""):
            loaded = us_zip(loaded)
        col = header[fix.column]
        message = float_message(line, col, fix, loaded)
        loader.notice(file, line, obj, record_id, col, "float_damage", fix.value, loaded, message)
    return len(fixes)
