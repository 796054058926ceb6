"""The issue lifecycle across runs, as a steward meets it on the command line.

Every test loads real CSV files with `veeva-dq ingest`, validates with `veeva-dq validate`
and reads the results back with the lifecycle commands, on a real SQLite database.
"""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

from tests.results.conftest import KEY, Veeva, cli, keys


def counts(doc: dict[str, object]) -> tuple[object, object, object]:
    run = doc["run"]
    assert isinstance(run, dict)
    return run["new"], run["open"], run["resolved"]


def fix_two_break_one(v: Veeva) -> None:
    """H2 gets its last name, A2 a real state; H1's NPI is broken."""
    v.hcp["H2"] = "H2,BOB,RAY,1234567802,A,VALID,2025-06-01"
    v.address["A2"] = "A2,H2,2 Main St,Boston,US-MA,02110,US,A,VALID"
    v.hcp["H1"] = "H1,ANN,LEE,999,A,VALID,2025-06-01"
    v.load()


def test_three_runs_new_then_open_and_resolved_then_all_open(veeva: Veeva) -> None:
    run1 = veeva.validate()
    assert run1["run"]["run_id"] == 1
    assert counts(run1) == (4, 0, 0)
    assert veeva.issues(1, "--status", "all") == keys(
        "H2 last name", "H3 npi", "A2 state", "A3 owner", status="new")

    fix_two_break_one(veeva)
    run2 = veeva.validate()
    assert counts(run2) == (1, 2, 2)
    assert veeva.issues(2) == {**keys("H1 npi", status="new"),
                               **keys("H3 npi", "A3 owner", status="open")}
    assert veeva.issues(2, "--status", "resolved") == keys(
        "H2 last name", "A2 state", status="resolved")
    assert veeva.issues(2, "--status", "new") == keys("H1 npi", status="new")
    assert veeva.issues(2, "--status", "open") == keys("H3 npi", "A3 owner", status="open")
    rules = {r["rule_id"]: (r["failed"], r["new"], r["open"], r["resolved"])
             for r in run2["rules"]}
    assert rules["hcp_npi_format"] == (2, 1, 1, 0)
    assert rules["hcp_last_name_required"] == (0, 0, 0, 1)
    assert rules["address_us_state_valid"] == (0, 0, 0, 1)
    assert rules["address_owner_exists"] == (1, 0, 1, 0)
    assert rules["hcp_first_name_required"] == (0, 0, 0, 0)

    run3 = veeva.validate()
    assert counts(run3) == (0, 3, 0)
    assert veeva.issues(3, "--status", "all") == keys(
        "H1 npi", "H3 npi", "A3 owner", status="open")


def test_resolved_issues_keep_the_values_they_had(veeva: Veeva) -> None:
    veeva.validate()
    fix_two_break_one(veeva)
    veeva.validate()
    doc = veeva.json("issues", "list", "--run", "2", "--status", "resolved")
    state = next(i for i in doc["issues"] if i["rule_id"] == "address_us_state_valid")
    assert state == {
        "issue_key": KEY["A2 state"], "status": "resolved", "run_id": 2,
        "rule_id": "address_us_state_valid", "severity": "error", "dimension": "validity",
        "object": "address", "record_id": "A2", "column": "administrative_area__v",
        "value": "US-ZZ",
        "message": "State 'US-ZZ' is not a US state or territory code (US-XX).",
        "assignee": None,
    }
    conn = sqlite3.connect(veeva.db)
    assert conn.execute(
        "SELECT previous_run_id FROM vdq_issue_resolved WHERE run_id = 2 GROUP BY 1"
    ).fetchall() == [(1,)]


def test_a_run_of_one_group_never_resolves_issues_of_other_rules(veeva: Veeva) -> None:
    veeva.validate()                                   # run 1
    fix_two_break_one(veeva)
    veeva.validate()                                   # run 2
    veeva.address["A3"] = "A3,H1,3 Main St,Boston,US-MA,02110,US,A,VALID"
    veeva.load()                                       # A3 fixed: only an address rule sees it
    npi = veeva.validate("npi")                        # run 3: npi rules only
    assert counts(npi) == (0, 2, 0)
    assert veeva.issues(3, "--status", "all") == keys("H1 npi", "H3 npi", status="open")
    code, out = cli("issues", "list", "--run", "3", "--rule", "address_owner_exists",
                    "--db", veeva.db)
    assert code == 2
    assert ("Run 3 did not run rule 'address_owner_exists'. The latest run that did is 2:"
            " add --run 2.") in " ".join(out.split())

    run4 = veeva.validate()                            # run 4: everything again
    assert counts(run4) == (0, 2, 1)
    assert veeva.issues(4, "--status", "resolved") == keys("A3 owner", status="resolved")
    conn = sqlite3.connect(veeva.db)
    # Each rule is compared with the latest run that ran it: npi rules with run 3,
    # address rules with run 2, across the npi-only run.
    assert dict(conn.execute(
        "SELECT rule_id, baseline_run_id FROM vdq_rule_result WHERE run_id = 4"
        " AND rule_id IN ('hcp_npi_format', 'address_owner_exists', 'hcp_last_name_required')"
    ).fetchall()) == {"hcp_npi_format": 3, "address_owner_exists": 2,
                      "hcp_last_name_required": 2}
    assert conn.execute(
        "SELECT previous_run_id FROM vdq_issue_resolved WHERE run_id = 4").fetchall() == [(2,)]


def test_a_failed_run_is_never_the_baseline(veeva: Veeva, tmp_path: Path) -> None:
    veeva.validate()                                   # run 1
    pack = tmp_path / "bad.yaml"
    pack.write_text(
        "rules:\n  - id: sneaky\n    object: hcp\n    kind: expression\n"
        "    dimension: validity\n    severity: error\n    description: d\n"
        "    params: {fail_when: \"npi_num__v IN (SELECT npi FROM npi_deactivation)\"}\n",
        encoding="utf-8")
    code, _ = cli("validate", "--rules", str(pack), "--rule", "sneaky", "--db", veeva.db,
                  "--no-progress")
    assert code == 2                                   # refused; never a baseline
    fix_two_break_one(veeva)
    run = veeva.validate()
    assert counts(run) == (1, 2, 2)                    # compared with run 1


def test_assignments_and_notes_follow_the_issue(veeva: Veeva) -> None:
    veeva.validate()
    h3 = KEY["H3 npi"]
    code, out = cli("issues", "assign", h3[:7], "--to", "alice", "--db", veeva.db)
    assert code == 0, out
    assert out.strip() == f"Assigned {h3} (hcp_npi_format, hcp H3, npi_num__v) to alice."
    code, out = cli("issues", "note", h3, "--text", "Asked the rep [red]", "--author", "bob",
                    "--db", veeva.db)
    assert (code, out.strip()) == (0, f"Added note 1 to {h3}.")

    fix_two_break_one(veeva)
    veeva.validate()
    veeva.validate()
    assert veeva.issues(3, "--assignee", "alice") == {h3: "open"}
    assert veeva.issues(3, "--assignee", "nobody") == {}
    listed = veeva.json("issues", "list", "--run", "3", "--rule", "hcp_npi_format")
    assert {i["record_id"]: i["assignee"] for i in listed["issues"]} == {"H1": None,
                                                                        "H3": "alice"}
    code, out = cli("issues", "show", h3[:6], "--db", veeva.db)
    assert code == 0, out
    lines = out.splitlines()
    assert lines[0] == f"Issue {h3}: hcp_npi_format, hcp H3, npi_num__v"
    assert "Runs: run 1 new, run 2 open, run 3 open" in lines
    assert any(line.startswith("Assignee: alice (since ") for line in lines)
    assert "Asked the rep [red]" in out                # a note is text, never markup
    assert "bob" in out

    code, out = cli("issues", "assign", h3, "--to", "carol", "--db", veeva.db)
    assert code == 0
    assert veeva.issues(3, "--assignee", "carol") == {h3: "open"}
    assert cli("issues", "unassign", h3, "--db", veeva.db) == (0, f"Unassigned {h3}.\n")
    assert veeva.issues(3, "--assignee", "carol") == {}


def test_issue_keys_are_checked(veeva: Veeva) -> None:
    veeva.validate()
    for given, message in [
        ("abc", "'abc' is not an issue key. Give the key from 'veeva-dq issues list', or its"
                " first 6 or more characters (0-9, a-f)."),
        ("xyzxyzxyz", "'xyzxyzxyz' is not an issue key."),
        ("ffffffffffffffff", "No stored issue has a key starting with 'ffffffffffffffff'."),
    ]:
        code, out = cli("issues", "assign", given, "--to", "alice", "--db", veeva.db)
        assert code == 2
        assert message in " ".join(out.split())
    code, out = cli("issues", "assign", KEY["H3 npi"], "--to", " ", "--db", veeva.db)
    assert code == 2
    assert "--to needs a name." in out
    code, out = cli("issues", "note", KEY["H3 npi"], "--text", "", "--db", veeva.db)
    assert code == 2
    assert "--text is empty." in out


def test_issues_list_filters_and_limit(veeva: Veeva) -> None:
    veeva.validate()
    assert veeva.issues(1, "--object", "address") == keys("A2 state", "A3 owner", status="new")
    assert veeva.issues(1, "--rule", "hcp_npi_format") == keys("H3 npi", status="new")
    assert veeva.issues(1, "--status", "open") == {}
    doc = veeva.json("issues", "list", "--run", "latest", "--limit", "1")
    assert (doc["run_id"], doc["total"], len(doc["issues"])) == (1, 4, 1)
    code, out = cli("issues", "list", "--limit", "2", "--db", veeva.db)
    assert code == 0, out
    assert "Run 1: 4 issues (new and open)" in out
    assert "Showing 2 of 4. Use --limit 0 for all." in out
    code, out = cli("issues", "list", "--status", "later", "--db", veeva.db)
    assert code == 2


def test_runs_diff_compares_any_two_runs_by_key(veeva: Veeva) -> None:
    veeva.validate()
    fix_two_break_one(veeva)
    veeva.validate()
    veeva.validate("npi")

    def rows(a: int, b: int) -> dict[str, tuple[object, ...]]:
        doc = veeva.json("runs", "diff", str(a), str(b))
        assert (doc["a"], doc["b"]) == (a, b)
        return {r["rule_id"]: (r["failed_a"], r["failed_b"], r["delta"], r["new"],
                               r["resolved"]) for r in doc["rules"]
                if r["failed_a"] or r["failed_b"]}

    assert rows(1, 2) == {
        "address_owner_exists": (1, 1, 0, 0, 0),
        "address_us_state_valid": (1, 0, -1, 0, 1),
        "hcp_last_name_required": (1, 0, -1, 0, 1),
        "hcp_npi_format": (1, 2, 1, 1, 0),
    }
    assert rows(2, 1) == {                              # backwards in time
        "address_owner_exists": (1, 1, 0, 0, 0),
        "address_us_state_valid": (0, 1, 1, 1, 0),
        "hcp_last_name_required": (0, 1, 1, 1, 0),
        "hcp_npi_format": (2, 1, -1, 0, 1),
    }
    # Rules that ran in only one run are listed but not compared by key.
    assert rows(2, 3) == {
        "address_owner_exists": (1, None, None, None, None),
        "hcp_npi_format": (2, 2, 0, 0, 0),
    }
    code, out = cli("runs", "diff", "1", "2", "--db", veeva.db)
    assert code == 0, out
    assert "Run 2 versus run 1: 1 new, 2 resolved." in " ".join(out.split())
    code, out = cli("runs", "diff", "1", "9", "--db", veeva.db)
    assert code == 2
    assert "Run 9 does not exist in this database." in out


def test_runs_show(veeva: Veeva) -> None:
    veeva.validate()
    fix_two_break_one(veeva)
    veeva.validate()
    code, out = cli("runs", "show", "2", "--db", veeva.db)
    assert code == 0, out
    lines = [" ".join(line.split()) for line in out.splitlines()]
    assert lines[0] == "Run 2: complete"
    assert "Issues: 1 new, 2 still open, 2 resolved" in lines
    assert "hcp_npi_format 3 2 1 1 0 1" in lines   # checked failed new open resolved vs-run
    assert "hcp_last_name_required 3 0 0 0 1 1" in lines
    doc = veeva.json("runs", "show", "latest")
    assert doc["run"]["run_id"] == 2
    assert (doc["run"]["new"], doc["run"]["open"], doc["run"]["resolved"]) == (1, 2, 2)


def test_export_carries_status_and_key(veeva: Veeva, tmp_path: Path) -> None:
    veeva.validate()
    fix_two_break_one(veeva)
    veeva.validate()
    out = tmp_path / "issues.csv"
    code, text = cli("export", "issues", "--run", "2", "--with-status", "--output", str(out),
                     "--db", veeva.db)
    assert code == 0, text
    with out.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["run_id", "rule_id", "severity", "dimension", "object", "record_id",
                       "column", "value", "message", "status", "issue_key"]
    assert sorted((r[1], r[5], r[7], r[9], r[10]) for r in rows[1:]) == [
        ("address_owner_exists", "A3", "H9", "open", KEY["A3 owner"]),
        ("hcp_npi_format", "H1", "999", "new", KEY["H1 npi"]),
        ("hcp_npi_format", "H3", "12345", "open", KEY["H3 npi"]),
    ]


def test_values_are_shown_as_they_are(empty_db: tuple[Path, sqlite3.Connection],
                                      tmp_path: Path) -> None:
    """A value with quotes, a placeholder and non-ASCII text reads the same in `issues show`,
    in the message and in the HTML report; counts there carry thousands separators."""
    path, conn = empty_db
    odd = "bad'mail\"@é.com {column}"
    conn.executemany("INSERT INTO hcp (vid__v, email_1__v) VALUES (?, ?)",
                     [("H0", odd), *((f"H{i}", f"x{i}@") for i in range(1, 1200))])
    pack = tmp_path / "pack.yaml"
    pack.write_text("rules:\n  - id: email_ok\n    object: hcp\n    kind: regex\n"
                    "    column: email_1__v\n    dimension: validity\n    severity: warning\n"
                    "    description: An e-mail address.\n    params:\n"
                    "      pattern: '^[^@ ]+@[^@ ]+$'\n"
                    "    message: \"{column} holds '{value}'\"\n", "utf-8")
    for _ in range(2):
        code, out = cli("validate", "--rules", str(pack), "--rule", "email_ok", "--db", str(path),
                        "--no-progress", "--as-of", "2026-01-01")
        assert code == 0, out
    listed = json.loads(cli("issues", "list", "--rule", "email_ok", "--format", "json",
                            "--limit", "2000", "--db", str(path))[1])
    (issue,) = [i for i in listed["issues"] if i["record_id"] == "H0"]
    assert issue["message"] == f"email_1__v holds '{odd}'"
    code, out = cli("issues", "show", issue["issue_key"], "--db", str(path))
    assert code == 0, out
    assert f"Last value: '{odd}'" in out.splitlines()
    report = tmp_path / "r.html"
    assert cli("report", "--run", "latest", "--output", str(report), "--db", str(path))[0] == 0
    assert "0 new, 1,200 still open, 0 resolved" in report.read_text("utf-8")
