"""Before anything is written: find the files, tell their format and object, check headers.

Every usage problem (missing path, unnamed object, header without its key) is found here
and raised as IngestError, so a run that cannot succeed leaves the database untouched.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from veeva_dq.db import BOOKKEEPING
from veeva_dq.ingest._reader import DELIMITERS, CsvSource
from veeva_dq.ingest._types import IngestError
from veeva_dq.model import Model

FORMATS = ("veeva", "nppes")
SUFFIXES = (".csv", ".txt", ".tsv")
# Parents before children, whatever order the files were named in.
LOAD_ORDER = ("hco", "hcp", "address", "license", "parenthco")
_DELIMITER_NAMES = {"comma": ",", "tab": "\t", "\\t": "\t", "pipe": "|", "semicolon": ";"}
_REPORT_HEADER = re.compile(r"(?:(?P<obj>\w+)\.)?(?P<field>\w+)(?:\s*\((?P<label>.*)\))?")
_NPPES_KEYS = ("NPI", "Entity Type Code")


@dataclass(frozen=True)
class PlannedFile:
    path: Path
    fmt: str  # "veeva" or "nppes"
    obj: str | None  # the Veeva object; None for NPPES
    columns: tuple[str, ...]  # header names as they will be stored (veeva) or as read
    size: int


@dataclass(frozen=True)
class Plan:
    files: tuple[PlannedFile, ...]
    skipped: tuple[tuple[Path, str], ...]  # files in a folder that name no object, and why


def parse_delimiter(delimiter: str | None) -> str | None:
    if delimiter is None:
        return None
    named = _DELIMITER_NAMES.get(delimiter.lower())
    if named:
        return named
    if len(delimiter) != 1 or delimiter in '"\r\n':
        raise IngestError(
            f"Delimiter '{delimiter}' cannot be used; give one character such as ',' or '|',"
            " or one of comma, tab, pipe, semicolon."
        )
    return delimiter


def object_for_name(path: Path, model: Model) -> str | None:
    """The object a file's name stands for: 'hcp.csv', 'HCP_2024.csv', 'address-eu.txt'.

    A name that starts with one object and names another after the separator
    ('hcp_license.csv', 'hco-address.csv') is ambiguous: IngestError.
    """
    stem = path.stem.lower()
    matches = [
        name
        for name in model.objects
        if stem == name.lower() or (stem.startswith(name.lower()) and stem[len(name)] in "_-.")
    ]
    if not matches:
        return None
    obj = max(matches, key=len)
    rest = stem[len(obj) + 1 :]
    others = [n for n in model.objects if n != obj and n.lower() in rest]
    # 'hco' inside 'parenthco' is not a name of its own
    others = [n for n in others if not any(n != m and n.lower() in m.lower() for m in others)]
    if others:
        names = sorted([obj, *others])
        examples = " or ".join(f"{n}{path.suffix}" for n in names)
        raise IngestError(
            f"File '{path}' has an ambiguous name: it starts with {obj} but also names"
            f" {' and '.join(others)}, so it could hold {' or '.join(names)}. Rename it after"
            f" the one object it holds ({examples}); what follows the object name must not"
            " name another object."
        )
    return obj


def _unknown_object_message(path: Path, model: Model, *, skipped: bool = False) -> str:
    names = sorted(model.objects)
    word = re.split(r"[_.\-]", path.stem.lower(), maxsplit=1)[0]
    close = difflib.get_close_matches(word, names, n=1)
    hint = f" Did you mean {close[0]}?" if close else ""
    if skipped:
        return (
            f"File '{path}' was skipped: it has no NPPES header and its name names no object"
            f" ({', '.join(names)}, alone or followed by _, - or .).{hint}"
        )
    return (
        f"File '{path}' names no object: a Veeva file's name must be an object name"
        f" ({', '.join(names)}), alone or followed by _, - or . (as in hcp_2024.csv).{hint}"
    )


def _delimiter_hint(header: Sequence[str], delimiter: str) -> str:
    """A suggestion when the header names hold another delimiter: the file was split wrong."""
    for d, word in DELIMITERS.items():
        if d != delimiter and any(d in name for name in header):
            shown = "a tab" if d == "\t" else f"'{d}'"
            return (
                f" The column names contain {shown}: if the file is {word}-delimited, give"
                f" --delimiter {word} (delimiter='{word}' from Python)."
            )
    return ""


def veeva_columns(
    path: Path, header: Sequence[str], obj: str, model: Model, delimiter: str = ","
) -> tuple[str, ...]:
    """Header names as stored: report form `hcp.first_name__v (First Name)` → first_name__v."""
    odef = model.object(obj)
    known = {f.lower(): f for f in odef.field_names}
    columns: list[str] = []
    for i, name in enumerate(header):
        m = _REPORT_HEADER.fullmatch(name)
        if m:  # the label is presentation only; another object's prefix says whose field
            prefix = m.group("obj")
            own = prefix is None or prefix.lower() == obj.lower()
            name = m.group("field") if own else f"{prefix}.{m.group('field')}"
        name = known.get(name.lower(), name)
        if not name:
            name = f"column_{i + 1}"  # a blank header name still keeps its values
        if name in BOOKKEEPING:
            raise IngestError(
                f"File '{path}' has a column named {name} (column {i + 1}), a name reserved"
                " for where each row came from; rename or drop that column."
            )
        if name in columns:
            raise IngestError(
                f"File '{path}' has column {name} twice (columns {columns.index(name) + 1}"
                f" and {i + 1}); each column may appear once."
            )
        columns.append(name)
    if odef.key not in columns:
        raise IngestError(
            f"File '{path}' has no {odef.key} column; a {obj} file needs its key column"
            f" {odef.key} in the header (found: {', '.join(header[:8])}"
            f"{', ...' if len(header) > 8 else ''}).{_delimiter_hint(header, delimiter)}"
        )
    return tuple(columns)


def _is_nppes(header: Sequence[str]) -> bool:
    names = {h.casefold() for h in header}
    return all(k.casefold() in names for k in _NPPES_KEYS)


def _read_header(path: Path, delimiter: str | None) -> tuple[list[str], int, str]:
    try:
        with CsvSource(path, delimiter) as src:
            if src.header_has_nul:
                raise IngestError(
                    f"File '{path}' does not look like delimited text: its first line holds"
                    " NUL bytes; export it as CSV, tab- or pipe-delimited text."
                )
            if not src.header:
                raise IngestError(
                    f"File '{path}' is empty; it needs a header line naming its columns."
                )
            return src.header, src.size, src.delimiter
    except OSError as exc:
        raise IngestError(f"File '{path}' cannot be read: {exc.strerror}.") from None


def _expand(paths: Sequence[Path]) -> list[tuple[Path, Path | None]]:
    """(file, folder it came from or None) for every file named or found in a folder."""
    out: list[tuple[Path, Path | None]] = []
    seen: set[Path] = set()
    for p in paths:
        if p.is_dir():
            found = sorted(f for f in p.iterdir() if f.is_file() and f.suffix.lower() in SUFFIXES)
            if not found:
                raise IngestError(
                    f"Folder '{p}' has no .csv, .txt or .tsv files; put the export files there"
                    " or name the files themselves."
                )
            items: list[tuple[Path, Path | None]] = [(f, p) for f in found]
        elif p.is_file():
            items = [(p, None)]
        else:
            raise IngestError(
                f"Path '{p}' does not exist; give a delimited text file or a folder of them."
            )
        for f, folder in items:
            if f.resolve() not in seen:
                seen.add(f.resolve())
                out.append((f, folder))
    return out


def make_plan(paths: Sequence[Path], fmt: str | None, model: Model, delimiter: str | None) -> Plan:
    if fmt is not None and fmt.lower() not in FORMATS:
        raise IngestError(
            f"Unknown format '{fmt}'; use veeva or nppes, or leave it out to detect the"
            " format from each file's header."
        )
    fmt = fmt.lower() if fmt else None
    if not paths:
        raise IngestError("No input was given; name one or more files or folders to load.")
    planned: list[PlannedFile] = []
    skipped: list[tuple[Path, str]] = []
    recognised: dict[Path, bool] = {}
    for path, folder in _expand(paths):
        header, size, used = _read_header(path, delimiter)
        if folder is not None:
            recognised.setdefault(folder, False)
        if fmt == "nppes" or (fmt is None and _is_nppes(header)):
            if not _is_nppes(header):
                names = {h.casefold() for h in header}
                missing = [k for k in _NPPES_KEYS if k.casefold() not in names]
                raise IngestError(
                    f"File '{path}' has no {' or '.join(repr(m) for m in missing)} column;"
                    " an NPPES file needs the NPI and Entity Type Code columns."
                )
            planned.append(PlannedFile(path, "nppes", None, tuple(header), size))
        else:
            obj = object_for_name(path, model)
            if obj is None:
                if folder is None:
                    raise IngestError(_unknown_object_message(path, model))
                skipped.append((path, _unknown_object_message(path, model, skipped=True)))
                continue
            planned.append(
                PlannedFile(
                    path, "veeva", obj, veeva_columns(path, header, obj, model, used), size
                )
            )
        if folder is not None:
            recognised[folder] = True
    for folder, ok in recognised.items():
        if not ok:
            raise IngestError(
                f"Folder '{folder}' has no recognisable files: none is an NPPES file and none"
                f" is named after an object ({', '.join(sorted(model.objects))})."
            )
    order: dict[str, int] = {}
    for name in [*LOAD_ORDER, *model.objects]:
        order.setdefault(name, len(order))

    def rank(pf: PlannedFile) -> tuple[int, int]:
        if pf.obj is None:
            return (0, 0)  # NPPES files create hcp/hco and their children themselves
        return (1, order[pf.obj])

    return Plan(tuple(sorted(planned, key=rank)), tuple(skipped))
