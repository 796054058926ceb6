"""Robust reading: encodings, line endings, quoting, delimiters. One small file per case."""

from __future__ import annotations

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
            "line 2 has an unbalanced quote: read as one record it runs to line 4 and has 2"
            " fields; the header has 3",
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
