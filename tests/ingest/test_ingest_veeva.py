"""Veeva-format ingest: file names, headers, float damage, quarantine, upserts, errors."""

from __future__ import annotations

import json
import re
import sqlite3

import pytest

from tests.ingest.conftest import Loaded
from veeva_dq.ingest import IngestError, ingest_files


def test_report_form_headers_are_reduced_to_field_names(vdq: Loaded) -> None:
    f = vdq.write(
        "hcp_report.csv",
        "hcp.vid__v (Veeva ID),hcp.first_name__v (First Name),HCP.Last_Name__v (Last Name),"
        "hco.vid__v (Parent)\n"
        "11,ANN,LEE,77\n",
    )
    vdq.ingest(f)
    rec = vdq.record("hcp", "11")
    assert (rec["first_name__v"], rec["last_name__v"]) == ("ANN", "LEE")
    # A column of another object is not this object's field: it is kept under its own name.
    assert rec["hco.vid__v"] == "77"


def test_unknown_columns_are_kept(vdq: Loaded) -> None:
    f = vdq.write("hcp.csv", "vid__v,territory__c,Notes\n1,T-01,call first\n")
    vdq.ingest(f)
    rec = vdq.record("hcp", "1")
    assert (rec["territory__c"], rec["Notes"]) == ("T-01", "call first")


@pytest.mark.parametrize(
    ("name", "table"),
    [
        ("HCP.csv", "hcp"),
        ("address_2024.csv", "address"),
        ("license-eu.txt", "license"),
        ("hco.2024.tsv", "hco"),
        ("parenthco.csv", "parenthco"),
    ],
)
def test_file_names_select_the_object(vdq: Loaded, name: str, table: str) -> None:
    f = vdq.write(name, "vid__v,entity_vid__v\n5,9\n")
    result = vdq.ingest(f)
    assert result.files[0].object == table
    assert result.loaded_by_object[table] == 1
    assert vdq.record(table, "5")["_source_file"] == str(f)


def test_unknown_object_name_suggests_the_nearest(vdq: Loaded) -> None:
    f = vdq.write("hpc_2024.csv", "vid__v\n1\n")
    with pytest.raises(IngestError) as err:
        vdq.ingest(f)
    msg = str(err.value)
    assert msg.startswith(f"File '{f}' names no object")
    assert "address, hco, hcp, license, parenthco" in msg
    assert msg.endswith("Did you mean hcp?")
    assert not vdq.db.exists()  # nothing was started


def test_header_without_key_column(vdq: Loaded) -> None:
    f = vdq.write("hcp.csv", "id,first_name__v\n1,ANN\n")
    with pytest.raises(IngestError, match=r"has no vid__v column; a hcp file needs its key"):
        vdq.ingest(f)


def test_usage_errors_name_the_path_and_what_is_allowed(vdq: Loaded) -> None:
    missing = vdq.tmp_path / "nope.csv"
    with pytest.raises(IngestError, match=re.escape(f"Path '{missing}' does not exist")):
        vdq.ingest(missing)
    empty = vdq.tmp_path / "empty_folder"
    empty.mkdir()
    with pytest.raises(IngestError, match=r"has no \.csv, \.txt or \.tsv files"):
        vdq.ingest(empty)
    f = vdq.write("hcp.csv", "vid__v\n1\n")
    with pytest.raises(IngestError, match=r"Unknown format 'xml'; use veeva or nppes"):
        vdq.ingest(f, fmt="xml")
    with pytest.raises(IngestError, match=r"Delimiter '::' cannot be used"):
        vdq.ingest(f, delimiter="::")
    with pytest.raises(IngestError, match=r"needs the NPI and Entity Type Code columns"):
        vdq.ingest(f, fmt="nppes")
    blank = vdq.write("hco.csv", "")
    with pytest.raises(IngestError, match=r"is empty; it needs a header line"):
        vdq.ingest(blank)


def test_folder_loads_objects_in_dependency_order_and_skips_strangers(vdq: Loaded) -> None:
    folder = vdq.tmp_path / "export"
    vdq.write("export/address.csv", "vid__v,entity_vid__v\nA1,1\n")
    vdq.write("export/hcp.csv", "vid__v\n1\n")
    vdq.write("export/hco.csv", "vid__v\n2\n")
    vdq.write("export/readme.txt", "just some notes\n")
    vdq.write("export/picture.png", "not read at all\n")
    result = vdq.ingest(folder)
    loaded = [(f.object, f.format) for f in result.files]
    assert loaded == [(None, "skipped"), ("hco", "veeva"), ("hcp", "veeva"), ("address", "veeva")]
    assert (result.rows_read, result.loaded, result.notices) == (3, 3, 1)
    (notice,) = vdq.notices("skipped_file")
    assert notice[0] == 0 and notice[7].startswith(f"File '{folder / 'readme.txt'}' was skipped")


def test_folder_with_nothing_recognisable(vdq: Loaded) -> None:
    vdq.write("junk/notes.csv", "a,b\n1,2\n")
    with pytest.raises(IngestError, match=r"has no recognisable files"):
        vdq.ingest(vdq.tmp_path / "junk")


def test_files_named_in_any_order_load_parents_first(vdq: Loaded) -> None:
    a = vdq.write("address.csv", "vid__v,entity_vid__v\nA1,1\n")
    p = vdq.write("parenthco.csv", "vid__v,entity_vid__v,parent_hco_vid__v\nP1,1,2\n")
    h = vdq.write("hcp.csv", "vid__v\n1\n")
    o = vdq.write("hco.csv", "vid__v\n2\n")
    result = vdq.ingest(p, a, h, o)
    assert [f.object for f in result.files] == ["hco", "hcp", "address", "parenthco"]


def test_float_damage_is_repaired_and_reported(vdq: Loaded) -> None:
    f = vdq.write(
        "address.csv",
        "vid__v,entity_vid__v,postal_code__v,country__v,phone_1__v\n"
        "101.0,9001,603.0,US,3088652512.0\n"  # line 2
        "102,9002,6054321.0,US,\n"  # line 3: 7 digits left of a ZIP+4
        "103,9003,4215.0,AU,\n"  # line 4: not a US code, so no zeros are added
        "104,9004,6.88472944E+8,US,\n"  # line 5: scientific notation, digits lost
        "105,9005,02134,US,000E25511\n",  # line 6: intact values stay as they are
    )
    result = vdq.ingest(f)
    assert (result.loaded, result.notices) == (5, 6)
    got = {
        vid: (postal, phone)
        for vid, postal, phone in vdq.rows("SELECT vid__v, postal_code__v, phone_1__v FROM address")
    }
    assert got == {
        "101": ("00603", "3088652512"),
        "102": ("006054321", None),
        "103": ("4215", None),
        "104": ("6.88472944E+8", None),
        "105": ("02134", "000E25511"),
    }
    notices = [(n[0], n[2], n[3], n[5], n[6]) for n in vdq.notices("float_damage")]
    assert notices == [
        (2, "101", "vid__v", "101.0", "101"),
        (2, "101", "postal_code__v", "603.0", "00603"),
        (2, "101", "phone_1__v", "3088652512.0", "3088652512"),
        (3, "102", "postal_code__v", "6054321.0", "006054321"),
        (4, "103", "postal_code__v", "4215.0", "4215"),
        (5, "104", "postal_code__v", "6.88472944E+8", "6.88472944E+8"),
    ]
    messages = {n[3]: n[7] for n in vdq.notices("float_damage") if n[2] == "101"}
    assert messages["postal_code__v"] == (
        "line 2 column postal_code__v: '603.0' is a whole number damaged by a float conversion"
        " that also dropped 2 leading zeros of a US ZIP code; loaded as '00603'"
    )
    (sci,) = [n[7] for n in vdq.notices("float_damage") if n[2] == "104"]
    assert "scientific notation" in sci and "cannot be recovered" in sci


def test_duplicate_and_empty_keys_and_ragged_rows_are_quarantined(vdq: Loaded) -> None:
    f = vdq.write(
        "hcp.csv",
        "vid__v,first_name__v,last_name__v\n"
        "1,ANN,LEE\n"  # 2
        ",BOB,KIM\n"  # 3
        "   ,CAL,ROE\n"  # 4
        "2,DAN\n"  # 5
        "1,EVE,FOX\n"  # 6
        "3,FAY,GUY,EXTRA\n"  # 7
        "4,GIL,HAM\n",  # 8
    )
    result = vdq.ingest(f)
    assert (result.rows_read, result.loaded, result.quarantined) == (7, 2, 5)
    assert result.files[0].rows_read == result.files[0].loaded + result.files[0].quarantined
    assert vdq.quarantine() == [
        (3, "hcp", "vid__v is empty"),
        (4, "hcp", "vid__v is blank (only spaces)"),
        (5, "hcp", "line 5 has 2 fields; the header has 3"),
        (6, "hcp", "vid__v '1' already appeared on line 2"),
        (7, "hcp", "line 7 has 4 fields; the header has 3"),
    ]
    # The first of two rows with the same key wins.
    assert vdq.record("hcp", "1")["first_name__v"] == "ANN"
    records = [json.loads(r[0]) for r in vdq.rows("SELECT record FROM vdq_quarantine")]
    assert records[0] == {"vid__v": "", "first_name__v": "BOB", "last_name__v": "KIM"}
    assert records[2] == ["2", "DAN"]


def test_quarantined_record_keeps_the_value_as_read(vdq: Loaded) -> None:
    f = vdq.write("hcp.csv", "vid__v,npi_num__v\n1,1234567893.0\n1,1234567893.0\n")
    vdq.ingest(f)
    (record,) = vdq.rows("SELECT record FROM vdq_quarantine")
    assert json.loads(record[0]) == {"vid__v": "1", "npi_num__v": "1234567893.0"}
    assert len(vdq.notices("float_damage")) == 1  # only the loaded row's repair is reported


def test_a_broken_file_accounts_for_every_row(vdq: Loaded) -> None:
    f = vdq.write(
        "hcp.csv",
        b"vid__v,first_name__v,last_name__v,npi_num__v\r\n"
        b"1,ANN,LEE,1000000001\r\n"  # 2 loaded
        b"2,BOB,KIM\r\n"  # 3 ragged
        b"3,C\x00L,ROE,1000000003\r\n"  # 4 NUL
        b'4,"DAN\r\nDANIEL",DOE,1000000004.0\r\n'  # 5-6 loaded, float repaired
        b"\r\n"  # 7 blank: not a row
        b"4,EVE,FOX,1000000005\r\n"  # 8 duplicate
        b",FAY,GUY,1000000006\r\n"  # 9 empty key
        b"7,GI\xcbL,HAM,1000000007\r\n"  # 10 loaded, Latin-1 byte
        b'8,"HAL,IVY,1000000008\r\n'  # 11 runaway quote
        b"9,IDA,JAY,1000000009\r\n",  # 12 loaded
    )
    result = vdq.ingest(f)
    assert (result.rows_read, result.loaded, result.quarantined, result.notices) == (9, 4, 5, 2)
    assert [q[0] for q in vdq.quarantine()] == [3, 4, 8, 9, 11]
    assert sorted(r[0] for r in vdq.rows("SELECT vid__v FROM hcp")) == ["1", "4", "7", "9"]
    assert vdq.record("hcp", "9")["_source_line"] == 12
    (ingest,) = vdq.rows("SELECT status, rows_read, loaded, quarantined, notices FROM vdq_ingest")
    assert ingest == ("complete", 9, 4, 5, 2)


def test_loading_the_same_file_twice_changes_nothing(vdq: Loaded) -> None:
    f = vdq.write(
        "hcp.csv",
        "vid__v,first_name__v,npi_num__v,custom__c\n1,ANN,1.0,x\n2,BOB,,y\n2,DUP,,z\n",
    )
    first = vdq.ingest(f)
    before = vdq.rows("SELECT * FROM hcp ORDER BY vid__v")
    second = vdq.ingest(f)
    after = vdq.rows("SELECT * FROM hcp ORDER BY vid__v")
    assert before == after
    assert len(after) == 2
    counts = (first.rows_read, first.loaded, first.quarantined, first.notices)
    assert counts == (second.rows_read, second.loaded, second.quarantined, second.notices)
    assert second.ingest_id == first.ingest_id + 1


def test_upsert_updates_only_the_columns_the_file_has(vdq: Loaded) -> None:
    vdq.ingest(vdq.write("hcp.csv", "vid__v,first_name__v,last_name__v\n1,ANN,LEE\n"))
    vdq.ingest(vdq.write("hcp_fix.csv", "vid__v,last_name__v\n1,LEE-SMITH\n"))
    rec = vdq.record("hcp", "1")
    assert (rec["first_name__v"], rec["last_name__v"]) == ("ANN", "LEE-SMITH")
    assert rec["_source_file"].endswith("hcp_fix.csv")


def test_every_object_table_exists_after_an_ingest(vdq: Loaded) -> None:
    vdq.ingest(vdq.write("hcp.csv", "vid__v\n1\n"))
    tables = {r[0] for r in vdq.rows("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"hcp", "hco", "address", "license", "parenthco", "npi_deactivation"} <= tables


def test_a_failure_is_recorded_and_earlier_files_stay_loaded(vdq: Loaded) -> None:
    vdq.db.parent.mkdir(parents=True)
    conn = sqlite3.connect(vdq.db)
    # A view where the hcp table should be: adding the file's columns to it must fail.
    conn.execute("CREATE VIEW hcp AS SELECT '1' AS vid__v")
    conn.close()
    hco = vdq.write("hco.csv", "vid__v\n2\n")
    hcp = vdq.write("hcp.csv", "vid__v,first_name__v\n1,ANN\n")
    with pytest.raises(sqlite3.OperationalError):
        vdq.ingest(hco, hcp)
    (status, error, loaded) = vdq.rows("SELECT status, error, loaded FROM vdq_ingest")[0]
    assert status == "failed" and error.startswith("OperationalError:")
    assert loaded == 1
    assert vdq.record("hco", "2")["vid__v"] == "2"


def test_header_problems_stop_the_run(vdq: Loaded) -> None:
    twice = vdq.write("hcp.csv", "vid__v,first_name__v,hcp.first_name__v (First Name)\n1,A,B\n")
    with pytest.raises(IngestError, match=r"has column first_name__v twice \(columns 2 and 3\)"):
        vdq.ingest(twice)
    binary = vdq.write("hco.csv", b"PK\x03\x04\x00\x00vid__v\n")
    with pytest.raises(IngestError, match=r"does not look like delimited text"):
        vdq.ingest(binary)


def test_progress_bar_goes_to_stderr(vdq: Loaded, capsys: pytest.CaptureFixture[str]) -> None:
    f = vdq.write("hcp.csv", "vid__v\n1\n2\n")
    result = ingest_files([f], None, vdq.db, vdq.model, progress=True)
    assert result.loaded == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "done" in err


def test_provenance_column_names_are_reserved(vdq: Loaded) -> None:
    f = vdq.write("hcp.csv", "vid__v,_source_line\n1,5\n")
    with pytest.raises(IngestError, match=r"has a column named _source_line \(column 2\)"):
        vdq.ingest(f)


@pytest.mark.parametrize(
    ("name", "first", "other"),
    [("hcp_license.csv", "hcp", "license"), ("HCO-Address.txt", "hco", "address")],
)
def test_a_file_name_naming_two_objects_is_ambiguous(
    vdq: Loaded, name: str, first: str, other: str
) -> None:
    f = vdq.write(name, "vid__v,entity_vid__v\n5,9\n")
    with pytest.raises(IngestError) as err:
        vdq.ingest(f)
    suffix = f.suffix
    candidates = sorted([first, other])
    assert str(err.value) == (
        f"File '{f}' has an ambiguous name: it starts with {first} but also names {other}, so"
        f" it could hold {candidates[0]} or {candidates[1]}. Rename it after the one object it"
        f" holds ({candidates[0]}{suffix} or {candidates[1]}{suffix}); what follows the object"
        " name must not name another object."
    )
    assert not vdq.db.exists()  # nothing was started


def test_an_ambiguous_name_in_a_folder_stops_the_run_too(vdq: Loaded) -> None:
    vdq.write("export/hcp.csv", "vid__v\n1\n")
    vdq.write("export/hcp_license.csv", "vid__v,entity_vid__v\nL1,1\n")
    with pytest.raises(IngestError, match=r"hcp_license\.csv' has an ambiguous name"):
        vdq.ingest(vdq.tmp_path / "export")


def test_object_names_inside_other_words_are_not_ambiguous(vdq: Loaded) -> None:
    f = vdq.write("parenthco_2024.csv", "vid__v,entity_vid__v,parent_hco_vid__v\nP1,1,2\n")
    result = vdq.ingest(f)
    assert result.files[0].object == "parenthco"


@pytest.mark.parametrize(
    ("sep", "word", "shown"),
    [(";", "semicolon", "';'"), ("|", "pipe", "'|'"), ("\t", "tab", "a tab")],
)
def test_missing_key_in_a_joined_header_suggests_the_delimiter(
    vdq: Loaded, sep: str, word: str, shown: str
) -> None:
    header = sep.join(["vid__v", "first_name__v"])
    f = vdq.write("hcp.csv", f"{header}\n1{sep}ANN\n")
    with pytest.raises(IngestError) as err:
        vdq.ingest(f, delimiter="comma")  # the wrong one, given explicitly
    assert str(err.value) == (
        f"File '{f}' has no vid__v column; a hcp file needs its key column vid__v in the header"
        f" (found: {header}). The column names contain {shown}: if the file is {word}-delimited,"
        f" give --delimiter {word} (delimiter='{word}' from Python)."
    )


def test_the_same_key_in_two_files_of_one_object_in_one_ingest(vdq: Loaded) -> None:
    a = vdq.write("hcp.csv", "vid__v,first_name__v\n1,ANN\n2,BOB\n")
    b = vdq.write("hcp_2024.csv", "vid__v,first_name__v\n3,CAL\n2,BOBBY\n2,ROBERT\n")
    result = vdq.ingest(a, b)
    assert [(f.rows_read, f.loaded, f.quarantined) for f in result.files] == [
        (2, 2, 0),
        (3, 1, 2),
    ]
    assert vdq.quarantine() == [
        (3, "hcp", f"vid__v '2' already loaded from {a} line 3 in this ingest"),
        (4, "hcp", "vid__v '2' already appeared on line 3"),
    ]
    assert vdq.record("hcp", "2")["first_name__v"] == "BOB"  # the first file's row stays
    assert vdq.record("hcp", "2")["_source_file"] == str(a)
    # A later ingest is an update, as ever: the cross-file rule holds within one run.
    later = vdq.ingest(b)
    assert (later.loaded, later.quarantined) == (2, 1)
    assert vdq.record("hcp", "2")["first_name__v"] == "BOBBY"


def test_veeva_rows_older_than_the_stored_record_change_nothing(vdq: Loaded) -> None:
    vdq.ingest(
        vdq.write(
            "hcp.csv",
            "vid__v,first_name__v,modified_date__v\n"
            "1,ANN,2024-05-01\n"
            "2,BOB,2024-05-01T10:00:00.000Z\n"
            "3,CAL,2024-05-01\n"
            "4,DAN,2024-13-45\n"  # not a date
            "5,EVE,2024-05-01\n"
            "6,FAY,\n"
            "8,HAL,2024-02-30\n"  # no such day
            "9,IDA,2024-05-01T23:00:00Z\n",
        )
    )
    f = vdq.write(
        "hcp_old.csv",
        "vid__v,first_name__v,modified_date__v\n"
        "1,ANNE,2023-01-01\n"  # 2: older: kept as stored
        "2,BOBBY,2024-05-01T09:59:59Z\n"  # 3: older by a second: kept as stored
        "3,CARL,2024-05-01\n"  # 4: the same date: replaces
        "4,DANA,2020-01-01\n"  # 5: the stored date is invalid: replaces
        "5,EVA,\n"  # 6: no incoming date: replaces
        "6,FAYE,2019-01-01\n"  # 7: no stored date: replaces
        "7,GIL,2001-01-01\n"  # 8: new
        "8,HALL,2020-01-01\n"  # 9: the stored date is not a real day: replaces
        "9,IDAH,2024-05-01\n",  # 10: a date against a time on the same day: replaces
    )
    result = vdq.ingest(f)
    fr = result.files[0]
    assert (fr.rows_read, fr.loaded, fr.quarantined, fr.stale, fr.notices) == (9, 9, 0, 2, 2)
    assert (result.stale, result.loaded_by_object) == (2, {"hcp": 7})
    names = dict(vdq.rows("SELECT vid__v, first_name__v FROM hcp"))
    assert names == {
        "1": "ANN",
        "2": "BOB",
        "3": "CARL",
        "4": "DANA",
        "5": "EVA",
        "6": "FAYE",
        "7": "GIL",
        "8": "HALL",
        "9": "IDAH",
    }
    assert vdq.record("hcp", "1")["_source_file"].endswith("hcp.csv")
    assert vdq.notices("older_than_stored") == [
        (
            2,
            "hcp",
            "1",
            "modified_date__v",
            "older_than_stored",
            "2023-01-01",
            "2024-05-01",
            "line 2: vid__v '1' has modified_date__v 2023-01-01, older than the stored hcp"
            " record's 2024-05-01; the stored record was kept and this row changed nothing",
        ),
        (
            3,
            "hcp",
            "2",
            "modified_date__v",
            "older_than_stored",
            "2024-05-01T09:59:59Z",
            "2024-05-01T10:00:00.000Z",
            "line 3: vid__v '2' has modified_date__v 2024-05-01T09:59:59Z, older than the stored"
            " hcp record's 2024-05-01T10:00:00.000Z; the stored record was kept and this row"
            " changed nothing",
        ),
    ]
