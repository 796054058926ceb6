"""Robust reading: encodings, line endings, quoting, delimiters. One small file per case."""

from __future__ import annotations

import json

import pytest

from tests.ingest.conftest import Loaded


def test_values_are_text_with_leading_zeros_and_empty_as_null(vdq: Loaded) -> None:
    f = vdq.write(
        "hcp.csv",
        "vid__v,npi_num__v,first_name__v,middle_name__v,last_name__v\n000123,0012345678,ANN,,  \n",
    )
    result = vdq.ingest(f)
    assert (result.rows_read, result.loaded, result.quarantined) == (1, 1, 0)
    rec = vdq.record("hcp", "000123")
    assert rec["npi_num__v"] == "0012345678"
    assert rec["middle_name__v"] is None  # empty field → NULL
    assert rec["last_name__v"] == "  "  # whitespace-only is kept for the rules to judge
    assert rec["_source_file"] == str(f)
    assert rec["_source_line"] == 2


def test_utf8_bom_is_not_part_of_the_first_column_name(vdq: Loaded) -> None:
    f = vdq.write("hcp.csv", b"\xef\xbb\xbfvid__v,first_name__v\n1,ANN\n")
    assert vdq.ingest(f).loaded == 1
    assert vdq.record("hcp", "1")["first_name__v"] == "ANN"


def test_crlf_line_endings(vdq: Loaded) -> None:
    f = vdq.write("hcp.csv", "vid__v,first_name__v\r\n1,ANN\r\n2,BOB\r\n")
    assert vdq.ingest(f).loaded == 2
    assert vdq.record("hcp", "2")["first_name__v"] == "BOB"  # no stray \r
    assert vdq.record("hcp", "2")["_source_line"] == 3


def test_quoted_newline_keeps_physical_line_numbers(vdq: Loaded) -> None:
    f = vdq.write(
        "address.csv",
        "vid__v,entity_vid__v,address_line_1__v\n"
        '1,9,"PO BOX 1\nSUITE 2"\n'  # lines 2-3
        "2,9,MAIN ST\n"  # line 4
        "3,9,ELM ST,EXTRA\n",  # line 5: ragged
    )
    result = vdq.ingest(f)
    assert (result.rows_read, result.loaded, result.quarantined) == (3, 2, 1)
    assert vdq.record("address", "1")["address_line_1__v"] == "PO BOX 1\nSUITE 2"
    assert vdq.record("address", "1")["_source_line"] == 2
    assert vdq.record("address", "2")["_source_line"] == 4
    assert vdq.quarantine() == [(5, "address", "line 5 has 4 fields; the header has 3")]


def test_latin1_byte_is_redecoded_and_reported(vdq: Loaded) -> None:
    f = vdq.write("hcp.csv", "vid__v,last_name__v\n1,MUÑOZ\n".encode() + b"2,MU\xd1OZ\n")
    result = vdq.ingest(f)
    assert (result.loaded, result.notices) == (2, 1)
    assert vdq.record("hcp", "1")["last_name__v"] == "MUÑOZ"
    assert vdq.record("hcp", "2")["last_name__v"] == "MUÑOZ"
    assert vdq.notices() == [
        (
            3,
            "hcp",
            "2",
            "last_name__v",
            "encoding",
            "MU\\xd1OZ",
            "MUÑOZ",
            "line 3 column last_name__v: 'MU\\xd1OZ' holds bytes that are not UTF-8; they were"
            " read as Windows-1252 (Latin-1 where that has no character) and 'MUÑOZ' was loaded",
        )
    ]


def test_cp1252_only_byte_and_valid_utf8_in_the_same_field(vdq: Loaded) -> None:
    # 0x92 is a right single quote in cp1252 (a C1 control in Latin-1); é is valid UTF-8.
    f = vdq.write("hcp.csv", b"vid__v,last_name__v\n1,O\x92BRI\xc3\xa9N\n")
    vdq.ingest(f)
    assert vdq.record("hcp", "1")["last_name__v"] == "O\u2019BRIéN"


def test_nul_byte_row_is_quarantined(vdq: Loaded) -> None:
    f = vdq.write("hcp.csv", b"vid__v,first_name__v\n1,AN\x00N\n2,BOB\n")
    result = vdq.ingest(f)
    assert (result.rows_read, result.loaded, result.quarantined) == (2, 1, 1)
    assert vdq.quarantine() == [
        (
            2,
            "hcp",
            "line 2 column first_name__v contains a NUL byte (\\x00), which text values must"
            " not hold",
        )
    ]


def test_header_names_are_stripped(vdq: Loaded) -> None:
    f = vdq.write("hcp.csv", " vid__v ,  first_name__v\t, specialty_extra__c \n1,ANN,X\n")
    vdq.ingest(f, delimiter=",")
    rec = vdq.record("hcp", "1")
    assert (rec["first_name__v"], rec["specialty_extra__c"]) == ("ANN", "X")


def test_tab_and_pipe_delimiters_are_detected(vdq: Loaded) -> None:
    tab = vdq.write("hcp.tsv", "vid__v\tfirst_name__v\n1\tA,B\n")
    pipe = vdq.write("hco.txt", "vid__v|corporate_name__v\n7|X, INC\n")
    result = vdq.ingest(tab, pipe)
    assert result.loaded == 2
    assert vdq.record("hcp", "1")["first_name__v"] == "A,B"
    assert vdq.record("hco", "7")["corporate_name__v"] == "X, INC"


def test_explicit_delimiter(vdq: Loaded) -> None:
    f = vdq.write("hcp.csv", "vid__v;first_name__v\n1;ANN\n")
    assert vdq.ingest(f, delimiter="semicolon").loaded == 1
    assert vdq.record("hcp", "1")["first_name__v"] == "ANN"


def test_runaway_quote_costs_one_row(vdq: Loaded) -> None:
    f = vdq.write(
        "hcp.csv",
        "vid__v,first_name__v,last_name__v\n"
        '1,"ANN,SMITH\n'  # an opening quote that is never closed
        "2,BOB,JONES\n"
        "3,CAROL,WHITE\n",
    )
    result = vdq.ingest(f)
    assert (result.rows_read, result.loaded, result.quarantined) == (3, 2, 1)
    assert vdq.quarantine() == [
        (
            2,
            "hcp",
            "line 2: a quote opened in column first_name__v is not closed on this line; the row"
            " is quarantined and the following lines are read as rows of their own",
        )
    ]
    assert vdq.record("hcp", "2")["_source_line"] == 3
    assert vdq.record("hcp", "3")["last_name__v"] == "WHITE"


def test_blank_lines_are_not_rows(vdq: Loaded) -> None:
    f = vdq.write("hcp.csv", "vid__v,first_name__v\n1,ANN\n\n2,BOB\n\n")
    result = vdq.ingest(f)
    assert (result.rows_read, result.loaded) == (2, 2)
    assert vdq.record("hcp", "2")["_source_line"] == 4


def test_utf16_file_from_excel(vdq: Loaded) -> None:
    f = vdq.write("hcp.txt", "vid__v\tlast_name__v\r\n1\tMUÑOZ\r\n".encode("utf-16"))
    result = vdq.ingest(f)
    assert (result.loaded, result.quarantined, result.notices) == (1, 0, 0)
    assert vdq.record("hcp", "1")["last_name__v"] == "MUÑOZ"


def test_a_bad_byte_late_in_a_large_file_is_found(vdq: Loaded) -> None:
    # The bad byte sits past the first read buffer, after many clean rows.
    clean = "".join(f"{i},NAME{i}\n" for i in range(1, 200_001))
    f = vdq.write("hcp.csv", ("vid__v,last_name__v\n" + clean).encode() + b"200001,MU\xd1OZ\n")
    result = vdq.ingest(f)
    assert (result.rows_read, result.loaded, result.notices) == (200_001, 200_001, 1)
    assert vdq.record("hcp", "200001")["last_name__v"] == "MUÑOZ"
    assert vdq.record("hcp", "200001")["_source_line"] == 200_002
    assert vdq.notices()[0][:3] == (200_002, "hcp", "200001")


def test_latin1_byte_in_a_column_name(vdq: Loaded) -> None:
    f = vdq.write("hcp.csv", b"vid__v,r\xe9gion__c\n1,NORD\n")
    result = vdq.ingest(f)
    assert (result.loaded, result.notices) == (1, 1)
    assert vdq.record("hcp", "1")["région__c"] == "NORD"
    assert vdq.notices()[0][:6] == (1, "hcp", None, "région__c", "encoding", "r\\xe9gion__c")


def test_valid_utf8_split_across_read_buffers_is_not_reported(vdq: Loaded) -> None:
    # Rows of two-byte characters: the 1 MiB read boundaries fall inside some of them.
    rows = "".join(f"{i},{'é' * 999}\n" for i in range(1, 1601))
    f = vdq.write("hcp.csv", "vid__v,last_name__v\n" + rows)
    assert f.stat().st_size > 3 * (1 << 20)
    result = vdq.ingest(f)
    assert (result.loaded, result.notices, result.quarantined) == (1600, 0, 0)
    assert vdq.record("hcp", "1600")["last_name__v"] == "é" * 999


def test_stray_quote_does_not_swallow_the_rows_after_it(vdq: Loaded) -> None:
    # The tester's file: the quote opened on line 2 closes only at the quote before Q on
    # line 4, so read naively, 83 would swallow 84 and 86 into its first name.
    f = vdq.write(
        "hcp.csv",
        "vid__v,first_name__v,last_name__v\n"
        '83,"unterminated,D\n'  # 2
        "84,ok,E\n"  # 3
        '86,"Q",G\n'  # 4
        "87,last,H\n",  # 5
    )
    result = vdq.ingest(f)
    assert (result.rows_read, result.loaded, result.quarantined) == (4, 3, 1)
    assert vdq.quarantine() == [
        (
            2,
            "hcp",
            "line 2: a quote opened in column first_name__v is not closed on this line; the row"
            " is quarantined and the following lines are read as rows of their own",
        )
    ]
    (record,) = vdq.rows("SELECT record FROM vdq_quarantine")
    assert json.loads(record[0]) == ["83", "unterminated,D"]  # the opening line only
    got = vdq.rows("SELECT vid__v, first_name__v, last_name__v, _source_line FROM hcp ORDER BY 1")
    assert got == [("84", "ok", "E", 3), ("86", "Q", "G", 4), ("87", "last", "H", 5)]


def test_stray_quote_closed_at_the_end_of_a_later_field_is_found(vdq: Loaded) -> None:
    # Here the quote closes cleanly (before a delimiter): the record parses with the right
    # number of fields, and only the lines it swallowed show what happened.
    f = vdq.write(
        "hcp.csv",
        "vid__v,first_name__v,last_name__v\n"
        '1,"ANN,LEE\n'  # 2
        "2,BOB,KIM\n"  # 3
        '3,CAL",ROE\n'  # 4
        "4,DAN,FOX\n",  # 5
    )
    result = vdq.ingest(f)
    assert (result.rows_read, result.loaded, result.quarantined, result.notices) == (4, 3, 1, 0)
    assert [q[0] for q in vdq.quarantine()] == [2]
    got = vdq.rows("SELECT vid__v, first_name__v, last_name__v, _source_line FROM hcp ORDER BY 1")
    # Line 4, read alone, is a row whose first name ends in a quote: loaded as read.
    assert got == [("2", "BOB", "KIM", 3), ("3", 'CAL"', "ROE", 4), ("4", "DAN", "FOX", 5)]


def test_quoted_line_breaks_without_a_row_inside_stay_one_value(vdq: Loaded) -> None:
    f = vdq.write(
        "address.csv",
        "vid__v,entity_vid__v,address_line_1__v\n"
        '1,9,"PO BOX 1\nSUITE 2, FLOOR 3"\n'  # 2-3: a delimiter, but not a row of 3 fields
        '2,9,"MAIN ST\nBLDG ""B""\nREAR"\n'  # 4-6: doubled quotes inside
        "3,9,ELM ST\n",  # 7
    )
    result = vdq.ingest(f)
    assert (result.rows_read, result.loaded, result.quarantined, result.notices) == (3, 3, 0, 0)
    assert vdq.record("address", "1")["address_line_1__v"] == "PO BOX 1\nSUITE 2, FLOOR 3"
    assert vdq.record("address", "2")["address_line_1__v"] == 'MAIN ST\nBLDG "B"\nREAR'
    assert vdq.record("address", "3")["_source_line"] == 7


def test_text_after_a_closing_quote_is_loaded_with_a_quote_notice(vdq: Loaded) -> None:
    f = vdq.write(
        "hcp.csv",
        'vid__v,first_name__v,last_name__v\n1,"a"b,LEE\n2,"ACME "NORTH" CLINIC",KIM\n3,C,D\n',
    )
    result = vdq.ingest(f)
    assert (result.rows_read, result.loaded, result.quarantined, result.notices) == (3, 3, 0, 2)
    assert vdq.record("hcp", "1")["first_name__v"] == "ab"
    assert vdq.record("hcp", "2")["first_name__v"] == 'ACME NORTH" CLINIC"'
    assert vdq.notices() == [
        (
            2,
            "hcp",
            "1",
            "first_name__v",
            "quote",
            '"a"b',
            "ab",
            'line 2 column first_name__v: "a"b has text after its closing quote; it was read as'
            " 'ab' (a quote inside a quoted value is written twice: \"\")",
        ),
        (
            3,
            "hcp",
            "2",
            "first_name__v",
            "quote",
            '"ACME "NORTH" CLINIC"',
            'ACME NORTH" CLINIC"',
            'line 3 column first_name__v: "ACME "NORTH" CLINIC" has text after its closing'
            " quote; it was read as 'ACME NORTH\" CLINIC\"' (a quote inside a quoted value is"
            ' written twice: "")',
        ),
    ]


def test_a_quote_left_open_on_the_last_line(vdq: Loaded) -> None:
    f = vdq.write("hcp.csv", 'vid__v,first_name__v\n1,ANN\n2,"BOB')
    result = vdq.ingest(f)
    assert (result.rows_read, result.loaded, result.quarantined) == (2, 1, 1)
    assert vdq.quarantine() == [
        (
            3,
            "hcp",
            "line 3: a quote opened in column first_name__v is not closed before the end of the"
            " file; the row is quarantined",
        )
    ]


def test_semicolon_delimiter_is_detected(vdq: Loaded) -> None:
    f = vdq.write("hcp.csv", 'vid__v;first_name__v;last_name__v\n1;ANN;"LEE; JR"\n2;B,C;KIM\n')
    result = vdq.ingest(f)
    assert (result.loaded, result.quarantined) == (2, 0)
    assert vdq.record("hcp", "1")["last_name__v"] == "LEE; JR"
    assert vdq.record("hcp", "2")["first_name__v"] == "B,C"


@pytest.mark.parametrize(
    ("word", "sep"),
    [("comma", ","), ("TAB", "\t"), ("Pipe", "|"), ("semicolon", ";"), (";", ";"), ("\\t", "\t")],
)
def test_delimiter_words_and_characters(vdq: Loaded, word: str, sep: str) -> None:
    # Each field holds the other delimiters, so only the one given splits the line right.
    other = "".join(d for d in ",\t|;" if d != sep)
    f = vdq.write("hcp.csv", f"vid__v{sep}first_name__v\n1{sep}A{other}B\n")
    assert vdq.ingest(f, delimiter=word).loaded == 1
    assert vdq.record("hcp", "1")["first_name__v"] == f"A{other}B"


def test_a_field_over_32_mib_is_quarantined_and_stored_cut(vdq: Loaded) -> None:
    big = "x" * (40 * 1024 * 1024)
    f = vdq.write("hcp.csv", f"vid__v,first_name__v\n1,ANN\n2,BOB\n3,CAL\n4,{big}\n5,EVE\n")
    result = vdq.ingest(f)
    assert (result.rows_read, result.loaded, result.quarantined) == (5, 4, 1)
    assert vdq.quarantine() == [
        (
            5,
            "hcp",
            "line 5 has a field of more than 32 MiB, the most a field may hold; the line is"
            " quarantined and reading goes on with the next line",
        )
    ]
    (record,) = vdq.rows("SELECT record FROM vdq_quarantine")
    assert len(record[0]) < 70_000
    (value,) = json.loads(record[0])
    assert value == "4," + "x" * (65_536 - 2) + (
        "[... cut by veeva-dq: the value has 41,943,042 bytes; only the first 65,536 are stored]"
    )
    assert vdq.record("hcp", "5")["_source_line"] == 6
