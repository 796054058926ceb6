"""Streaming, forgiving reading of delimited text files.

Every value stays text exactly as written (no type inference, so leading zeros survive).
The file is decoded as UTF-8 with `surrogateescape`, so a stray Latin-1/cp1252 byte never
stops the run: the affected field is re-decoded byte by byte and reported as a repair.
Records are parsed by the C `csv` module; a thin line generator in front of it tracks the
physical line each record starts on and flags the rare lines that need a closer look
(non-ASCII or NUL), which keeps the common path fast.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import re
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

# Long free-text fields are legal, but a runaway quote must not swallow the rest of a large
# file into one field: this limit bounds the damage (and the memory) of such a record.
FIELD_SIZE_LIMIT = 32 * 1024 * 1024
DELIMITERS = {",": "comma", "\t": "tab", "|": "pipe"}

_ODD = re.compile("[\x00\udc80-\udcff]")
_BAD_BYTES = re.compile("[\udc80-\udcff]+")
_QUOTED = re.compile(r'"[^"]*"')


class Repair(NamedTuple):
    """A field whose non-UTF-8 bytes were re-decoded as cp1252 (or Latin-1)."""

    column: int
    raw: str  # the field with the undecodable bytes written as \xNN escapes
    text: str  # the field as loaded


# (physical line the record starts on, fields, why it cannot be loaded or None, repairs).
# A plain tuple: this is built once per row of files with millions of rows.
Record = tuple[int, list[str], str | None, list[Repair] | None]


class _CountingReader(io.RawIOBase):
    """Counts the bytes handed to the decoder (for a progress bar by bytes) and notes whether
    any of them is NUL or not valid UTF-8, so that clean files, the vast majority, skip the
    per-row inspection. Valid non-ASCII text (Cañon City) is clean."""

    def __init__(self, raw: io.FileIO, utf8: bool) -> None:
        super().__init__()
        self._raw = raw
        self.count = 0
        self.dirty = not utf8  # other encodings are inspected row by row
        self._utf8 = codecs.getincrementaldecoder("utf-8")()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int | None:
        view = memoryview(buffer)
        data = self._raw.read(len(view))
        if not data:
            return 0
        n = len(data)
        view[:n] = data
        self.count += n
        if not self.dirty:
            self.dirty = b"\0" in data or not self._valid_utf8(data)
        return n

    def _valid_utf8(self, data: bytes) -> bool:
        # The incremental decoder also judges a character split across two reads.
        if data.isascii() and not self._utf8.getstate()[0]:
            return True
        try:
            self._utf8.decode(data)
        except UnicodeDecodeError:
            return False
        return True

    def close(self) -> None:
        self._raw.close()
        super().close()


def _redecode(field: str) -> str:
    """Replace each run of undecodable bytes by its cp1252 reading (Latin-1 where undefined)."""

    def fix(m: re.Match[str]) -> str:
        out = []
        for b in m.group().encode("utf-8", "surrogateescape"):
            try:
                out.append(bytes([b]).decode("cp1252"))
            except UnicodeDecodeError:
                out.append(bytes([b]).decode("latin-1"))
        return "".join(out)

    return _BAD_BYTES.sub(fix, field)


def _escaped(field: str) -> str:
    return field.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def detect_delimiter(line: str) -> str:
    """The most frequent of comma, tab and pipe outside quotes; comma when none occurs."""
    bare = _QUOTED.sub("", line)
    counts = {d: bare.count(d) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])  # dict order breaks ties: comma, tab, pipe
    return best if counts[best] else ","


def _sniff_encoding(raw: io.FileIO) -> str:
    head = raw.read(4) or b""
    raw.seek(0)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"  # Excel's "Unicode text" export
    return "utf-8-sig"  # strips a UTF-8 BOM when there is one


class CsvSource:
    """One delimited file, opened for streaming: its header and then its records."""

    def __init__(self, path: Path, delimiter: str | None = None) -> None:
        if csv.field_size_limit() < FIELD_SIZE_LIMIT:
            csv.field_size_limit(FIELD_SIZE_LIMIT)
        self.path = path
        self.size = path.stat().st_size
        self._counter, self._text = self._open()
        first = self._text.readline()
        self.delimiter = delimiter or detect_delimiter(first)
        self.header_repairs: list[Repair] = []
        self.header_has_nul = "\x00" in first
        names = next(csv.reader([first], delimiter=self.delimiter), []) if first else []
        self.header = [self._header_name(i, n) for i, n in enumerate(names)]

    def _open(self) -> tuple[_CountingReader, io.TextIOWrapper]:
        raw = io.FileIO(self.path, "r")
        try:
            encoding = _sniff_encoding(raw)
        except OSError:
            raw.close()
            raise
        counter = _CountingReader(raw, utf8=encoding == "utf-8-sig")
        buffered = io.BufferedReader(counter, buffer_size=1 << 20)
        text = io.TextIOWrapper(buffered, encoding=encoding, errors="surrogateescape", newline="")
        return counter, text

    def _header_name(self, i: int, name: str) -> str:
        if _BAD_BYTES.search(name):
            fixed = _redecode(name)
            self.header_repairs.append(Repair(i, _escaped(name), fixed))
            name = fixed
        # Spreadsheet exports pad names with spaces; a BOM can survive a second re-save.
        return name.strip().lstrip("\ufeff").strip()

    @property
    def bytes_read(self) -> int:
        return self._counter.count

    def close(self) -> None:
        self._text.close()

    def __enter__(self) -> CsvSource:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _ragged(self, line: int, nf: int) -> str:
        return f"line {line} has {nf} fields; the header has {len(self.header)}"

    def records(self) -> Iterator[Record]:
        """Data records after the header; blank lines are skipped, never counted as rows.

        Records are parsed straight from the stream (the fast path). Once a NUL or a byte
        that is not UTF-8 has been read, each record with non-ASCII text or a NUL is inspected.
        A record spanning lines with the wrong field count (an unbalanced quote) or a parse
        error switches to `_careful`, which re-reads those lines, for the rest of the file.
        """
        n = len(self.header)
        counter = self._counter
        reader = csv.reader(self._text, delimiter=self.delimiter)
        done = 1  # physical lines consumed so far; line 1 is the header
        try:
            for row in reader:
                last = reader.line_num + 1
                if len(row) == n and not counter.dirty:
                    yield (done + 1, row, None, None)
                    done = last
                    continue
                start = done + 1
                done = last
                if not row:  # a blank line
                    continue
                if len(row) != n and last > start:
                    # Its lines are gone from the stream: read them again, carefully.
                    yield from self._careful(self._reopen_at(start), start - 1)
                    return
                repairs: list[Repair] | None = None
                problem: str | None = None
                if counter.dirty:
                    text = "".join(row)
                    if not text.isascii() or "\x00" in text:
                        repairs, problem = _inspect(row, self.header, start)
                if len(row) != n:
                    problem = self._ragged(start, len(row))
                yield (start, row, problem, repairs)
        except csv.Error:
            yield from self._careful(self._reopen_at(done + 1), done)

    def _reopen_at(self, line: int) -> Iterator[str]:
        """The file's lines from physical line `line` on, from a fresh stream."""
        self._text.close()
        self._counter, self._text = self._open()
        lines = iter(self._text)
        deque(itertools.islice(lines, line - 1), maxlen=0)
        return lines

    def _careful(self, src: Iterator[str], lineno: int) -> Iterator[Record]:
        """Records from `src`, whose first line is physical line `lineno + 1`.

        A line generator in front of the parser keeps the lines of the record being parsed,
        so a record that swallowed following lines through an unbalanced quote can give them
        back, and inspects each line for stray bytes and NULs.
        """
        n = len(self.header)
        names = self.header
        start = lineno + 1
        buf: list[str] = []  # physical lines of the record being parsed
        pending: deque[str] = deque()  # lines handed back after a runaway quote
        dirty = False

        def feed() -> Iterator[str]:
            nonlocal lineno, start, dirty
            while True:
                if pending:
                    line = pending.popleft()
                    # pending always holds the lines just before line `lineno + 1`, in order
                    number = lineno - len(pending)
                else:
                    got = next(src, None)
                    if got is None:
                        return
                    line = got
                    lineno += 1
                    number = lineno
                if not buf:
                    start = number
                buf.append(line)
                if not line.isascii() or "\x00" in line:
                    dirty = True
                yield line

        def hand_back() -> None:
            # The record began with an unbalanced quote: quarantine only its first line and
            # parse the lines it swallowed again, so one bad quote costs one row.
            pending.extendleft(reversed(buf[1:]))

        while True:
            # A fresh parser each round: one that hit the end of the file is finished, yet
            # lines handed back at the end of the file still need parsing.
            reader = csv.reader(feed(), delimiter=self.delimiter)
            try:
                for row in reader:
                    nf = len(row)
                    nlines = len(buf)
                    first = start
                    repairs: list[Repair] | None = None
                    problem: str | None = None
                    if dirty:
                        dirty = False
                        repairs, problem = _inspect(row, names, first)
                    if nf != n:
                        if nf == 0:  # blank line
                            buf.clear()
                            continue
                        if nlines > 1:
                            hand_back()
                            problem = (
                                f"line {first} has an unbalanced quote: read as one record it"
                                f" runs to line {first + nlines - 1} and has {nf} fields;"
                                f" the header has {n}"
                            )
                        else:
                            problem = self._ragged(first, nf)
                    buf.clear()
                    yield (first, row, problem, repairs)
            except csv.Error as exc:
                first = start
                line_text = buf[0] if buf else ""
                hand_back()
                buf.clear()
                dirty = False
                problem = f"line {first} cannot be read as delimited text: {exc}"
                yield (first, [_redecode(line_text.rstrip("\r\n"))], problem, None)
                continue
            if not pending:
                return


def _inspect(row: list[str], names: list[str], line: int) -> tuple[list[Repair] | None, str | None]:
    """Re-decode stray bytes in place; report a NUL byte as a reason to quarantine."""
    repairs: list[Repair] = []
    problem = None
    for i, value in enumerate(row):
        if not _ODD.search(value):
            continue
        if _BAD_BYTES.search(value):
            fixed = _redecode(value)
            repairs.append(Repair(i, _escaped(value), fixed))
            row[i] = value = fixed
        if "\x00" in value and problem is None:
            column = names[i] if i < len(names) else f"#{i + 1}"
            problem = (
                f"line {line} column {column} contains a NUL byte (\\x00), which text"
                " values must not hold"
            )
    return repairs or None, problem
