"""Streaming, forgiving reading of delimited text files.

Every value stays text exactly as written (no type inference, so leading zeros survive).
The file is decoded as UTF-8 with `surrogateescape`, so a stray Latin-1/cp1252 byte never
stops the run: the affected field is re-decoded byte by byte and reported as a repair.
Records are parsed by the C `csv` module in strict mode, so the common path stays in C; a
copy of the line stream lags a little behind the parser, so that the raw lines of a record
that needs a closer look (it spans lines, it breaks the quoting rules, it holds stray bytes)
can be read again by `_careful`, a line-by-line reader that tracks physical line numbers.

Quoting rules (see docs/ingest.md):

- A quoted field may span lines (an address with a line break). But when one of the lines
  it swallowed would itself read as a row of the header's width, the quote is taken to be
  one that was never closed: the opening line is quarantined and the following lines are
  read as rows of their own. A record that spans lines and has the wrong number of fields,
  or whose quote is still open at the end of the file, is treated the same way.
- Text after a closing quote (`"a"b`) is loaded as the csv module reads it (`ab`), with a
  `quote` notice giving the field as written.
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
DELIMITERS = {",": "comma", "\t": "tab", "|": "pipe", ";": "semicolon"}
# How far (in lines) the spare copy of the line stream may lag behind the parser. The lines
# in between are held in memory; a record longer than this is held whole.
_LAG = 1000

_ODD = re.compile("[\x00\udc80-\udcff]")
_BAD_BYTES = re.compile("[\udc80-\udcff]+")
_QUOTED = re.compile(r'"[^"]*"')


class Repair(NamedTuple):
    """A field loaded otherwise than written: kind `encoding` (non-UTF-8 bytes re-decoded as
    cp1252 or Latin-1) or `quote` (text after its closing quote)."""

    column: int
    raw: str  # the field as written, undecodable bytes written as \xNN escapes
    text: str  # the field as loaded
    kind: str = "encoding"


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
    """The most frequent of comma, tab, pipe and semicolon outside quotes; comma when none
    occurs."""
    bare = _QUOTED.sub("", line)
    counts = {d: bare.count(d) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])  # dict order breaks ties: comma, tab, ...
    return best if counts[best] else ","


def _strip_eol(line: str) -> str:
    if line.endswith("\n"):
        line = line[:-1]
    if line.endswith("\r"):
        line = line[:-1]
    return line


class _Quoting:
    """Reads the quoting of a record's raw text the way the csv module does (non-strict,
    doubled quotes inside quotes, a quote only opens a field at its start), to find what the
    parsed values cannot show: a quote left open, text after a closing quote."""

    def __init__(self, delimiter: str) -> None:
        d = re.escape(delimiter)
        quoted = r'"(?:[^"]|"")*+"'
        bare = rf'(?!")[^{d}\r\n]*'
        self._delimiter = delimiter
        self._clean = re.compile(rf"(?:{quoted}|{bare})(?:{d}(?:{quoted}|{bare}))*")
        # A closed quote and what follows it up to the delimiter | a quote still open at the
        # end of the text | a field without quotes.
        self._field = re.compile(
            rf'"(?:[^"]|"")*+"(?P<tail>[^{d}\r\n]*)|(?P<open>"(?:[^"]|"")*+\Z)|[^{d}\r\n]*'
        )

    def scan(self, text: str) -> tuple[int | None, list[tuple[int, str]]]:
        """(column whose quote is still open at the end of `text` or None, [(column, field
        as written)] for fields with text after their closing quote)."""
        if self._clean.fullmatch(text):
            return None, []
        strays: list[tuple[int, str]] = []
        pos = column = 0
        end = len(text)
        while True:
            m = self._field.match(text, pos)
            assert m is not None  # the last alternative matches the empty string
            if m.group("open") is not None:
                return column, strays
            if m.group("tail"):
                strays.append((column, m.group()))
            pos = m.end()
            if pos < end and text[pos] == self._delimiter:
                pos += 1
                column += 1
            else:
                return None, strays

    def swallows_rows(self, lines: list[str], width: int) -> bool:
        """Whether a line after the first of a record spanning lines reads as a row of its own:
        it holds the delimiter, an even number of quotes and, parsed alone, `width` fields."""
        for line in lines[1:]:
            text = _strip_eol(line)
            if self._delimiter not in text or text.count('"') % 2:
                continue
            try:
                fields = next(csv.reader([text], delimiter=self._delimiter), [])
            except csv.Error:
                continue
            if len(fields) == width:
                return True
        return False


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

    def _column(self, i: int) -> str:
        return self.header[i] if i < len(self.header) else f"#{i + 1}"

    def records(self) -> Iterator[Record]:
        """Data records after the header; blank lines are skipped, never counted as rows.

        Records are parsed straight from the stream (the fast path) by a strict parser. Once a
        NUL or a byte that is not UTF-8 has been read, each record with non-ASCII text or a
        NUL is inspected. A record that spans lines is checked against the raw lines it was
        read from; one with the wrong field count or that swallowed a line that reads as a
        row, or a parse error (a quoting mistake, a field over the size limit), switches to
        `_careful` from that record's first line for the rest of the file.
        """
        n = len(self.header)
        counter = self._counter
        quoting = _Quoting(self.delimiter)
        lines, spare = itertools.tee(self._text)
        kept = 2  # the physical line `spare` yields next; line 1 is the header

        def skip_to(line: int) -> None:
            nonlocal kept
            if line > kept:
                deque(itertools.islice(spare, line - kept), maxlen=0)
                kept = line

        reader = csv.reader(lines, delimiter=self.delimiter, strict=True)
        done = 1  # physical lines consumed so far
        resume: tuple[Iterator[str], int] | None = None
        try:
            for row in reader:
                last = reader.line_num + 1
                if len(row) == n and last == done + 1 and not counter.dirty:
                    yield (last, row, None, None)
                    done = last
                    if last - kept > _LAG:
                        skip_to(last - _LAG // 2)
                    continue
                start = done + 1
                done = last
                if last > start:
                    skip_to(start)
                    raw = list(itertools.islice(spare, last - start + 1))
                    kept = last + 1
                    if len(row) != n or quoting.swallows_rows(raw, n):
                        resume = (itertools.chain(raw, spare), start - 1)
                        break
                elif last - kept > _LAG:  # every row comes here once the file is dirty
                    skip_to(last - _LAG // 2)
                if not row:  # a blank line
                    continue
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
            skip_to(done + 1)
            resume = (spare, done)
        if resume is not None:
            # Drop the parser and its copy of the stream, which would otherwise keep every
            # line `spare` reads from now on.
            del reader, lines
            yield from self._careful(*resume)

    def _careful(self, src: Iterator[str], lineno: int) -> Iterator[Record]:
        """Records from `src`, whose first line is physical line `lineno + 1`.

        A line generator in front of the parser keeps the lines of the record being parsed,
        so a record that swallowed following lines through an unclosed quote can give them
        back, and inspects each line for stray bytes and NULs.
        """
        n = len(self.header)
        names = self.header
        quoting = _Quoting(self.delimiter)
        start = lineno + 1
        buf: list[str] = []  # physical lines of the record being parsed
        pending: deque[str] = deque()  # lines handed back after a runaway quote
        dirty = False
        quotes = False  # a line of the record holds a quote

        def feed() -> Iterator[str]:
            nonlocal lineno, start, dirty, quotes
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
                if '"' in line:
                    quotes = True
                yield line

        def hand_back() -> None:
            # Quarantine only the record's first line and parse the lines it swallowed again,
            # so one bad quote costs one row.
            pending.extendleft(reversed(buf[1:]))

        def first_line_fields() -> list[str]:
            text = _strip_eol(buf[0]) if buf else ""
            return [_redecode(f) for f in next(csv.reader([text], delimiter=self.delimiter), [])]

        while True:
            # A fresh parser each round: one that hit the end of the file is finished, yet
            # lines handed back at the end of the file still need parsing.
            reader = csv.reader(feed(), delimiter=self.delimiter)
            try:
                for row in reader:
                    nf = len(row)
                    nlines = len(buf)
                    first = start
                    if nf == 0:  # blank line
                        buf.clear()
                        dirty = quotes = False
                        continue
                    repairs: list[Repair] | None = None
                    problem: str | None = None
                    open_column: int | None = None
                    strays: list[tuple[int, str]] = []
                    if quotes:
                        open_column, strays = quoting.scan(_strip_eol("".join(buf)))
                    if nlines > 1 and (
                        nf != n or open_column is not None or quoting.swallows_rows(buf, n)
                    ):
                        column, _ = quoting.scan(_strip_eol(buf[0]))
                        if column is None:  # not expected: the first multi-line field
                            column = next(
                                (i for i, v in enumerate(row) if "\n" in v or "\r" in v), 0
                            )
                        hand_back()
                        where = self._column(column)
                        problem = (
                            f"line {first}: a quote opened in column {where} is not closed on"
                            " this line; the row is quarantined and the following lines are"
                            " read as rows of their own"
                        )
                        row = first_line_fields()
                    elif open_column is not None:  # one line, at the end of the file
                        problem = (
                            f"line {first}: a quote opened in column"
                            f" {self._column(open_column)} is not closed before the end of the"
                            " file; the row is quarantined"
                        )
                        row = [_redecode(f) for f in row]
                    else:
                        if dirty:
                            repairs, problem = _inspect(row, names, first)
                        if nf != n:
                            problem = self._ragged(first, nf)
                        elif strays:
                            repairs = (repairs or []) + [
                                Repair(i, _escaped(raw), row[i], "quote") for i, raw in strays
                            ]
                    buf.clear()
                    dirty = quotes = False
                    yield (first, row, problem, repairs)
            except csv.Error as exc:
                first = start
                line_text = buf[0] if buf else ""
                hand_back()
                buf.clear()
                dirty = quotes = False
                if "field larger than field limit" in str(exc):
                    problem = (
                        f"line {first} has a field of more than"
                        f" {FIELD_SIZE_LIMIT // (1024 * 1024)} MiB, the most a field may hold;"
                        " the line is quarantined and reading goes on with the next line"
                    )
                else:
                    problem = f"line {first} cannot be read as delimited text: {exc}"
                yield (first, [_redecode(_strip_eol(line_text))], problem, None)
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
