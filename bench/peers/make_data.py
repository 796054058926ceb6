"""Generate the HCP table of the peer benchmark, with defects injected in exact numbers.

    python bench/peers/make_data.py --rows 100000 --out bench/.peers/data/hcp-100000-s7

Writes OUT/hcp.csv (NULL written as \\N), OUT/hcp.duckdb (table `hcp`, every column VARCHAR,
in DuckDB storage format v1.0.0 so that older DuckDB releases used by peers can read it),
OUT/hcp.parquet and OUT/manifest.json: how many rows got each defect. The output is a pure
function of (rows, seed): every column draws from its own seeded random stream, and each
defect is put on an exact number of distinct rows (a row gets at most one defect per
column), so the expected failure count of every check follows from the manifest.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parent))

from spec import COLUMNS, GENERATOR_VERSION, MAX_LAST_NAME, TABLE

NULL = "\\N"

# Share of rows per defect; each count is round(rows * rate), at least 2 (two empty NPIs
# already make a repeated value). Duplicate groups are counted as groups: a group of 2 is a
# clean row and one copy of its value, a group of 3 a clean row and two copies.
RATES: dict[str, float] = {
    "vid.null": 0.001,
    "vid.dup2": 0.0006,
    "vid.dup3": 0.0002,
    "npi.null": 0.004,
    "npi.empty": 0.002,
    "npi.bad_format": 0.003,
    "npi.dup2": 0.001,
    "npi.dup3": 0.0004,
    "first.null": 0.003,
    "first.empty": 0.002,
    "first.blank": 0.002,
    "last.null": 0.002,
    "last.empty": 0.001,
    "last.blank": 0.0015,
    "last.too_long": 0.001,
    "last.exactly_max_non_ascii": 0.0005,
    "type.null": 0.002,
    "type.bad": 0.003,
    "status.empty": 0.001,
    "status.bad": 0.002,
    "gender.null": 0.01,
    "gender.bad": 0.002,
    "email.null": 0.2,
    "email.empty": 0.0005,
    "email.bad": 0.004,
}

FIRST = ("James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda",
         "David", "Elizabeth", "José", "Zoë", "Søren", "Chloé", "Wei", "Aisha", "Mateo")
LAST = ("Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis",
        "Müller", "Østergaard", "O'Brien", "Nguyen", "Patel", "Kowalski", "Van der Berg")
ASCII = str.maketrans({"é": "e", "ë": "e", "ø": "o", "Ø": "O", "ü": "u", "'": "", " ": ""})
DEGREES = ("MD", "DO", "NP", "PA", "RN")
SPECIALTIES = ("207Q00000X", "207R00000X", "208D00000X", "363L00000X", "363A00000X")
STATES = ("VALID",) * 18 + ("UNDER_REVIEW", "MERGED_INTO")
BLANKS = (" ", "   ", "\t", " \u00a0", "\u00a0", " \t ")
BAD_TYPES = ("X", "p", "Physician", "PP")
BAD_STATUSES = ("Z", "a", "Active")
BAD_GENDERS = ("m", "f", "Male", "X")
BAD_EMAILS = ("{u}@clinic.org.", "{u}.clinic.org", "{u} x@clinic.org", "{u}@@clinic.org",
              "{u}@clinic", "{u}@clinic.o")


def counts(rows: int) -> dict[str, int]:
    return {key: max(2, round(rows * rate)) for key, rate in RATES.items()}


def pick(rng: random.Random, rows: int, sizes: dict[str, int]) -> dict[str, list[int]]:
    """Distinct row indices for each named defect of one column."""
    total = sum(sizes.values())
    if total > rows:
        raise ValueError(f"{rows} rows are too few for {total} defects in one column")
    drawn = rng.sample(range(rows), total)
    out: dict[str, list[int]] = {}
    at = 0
    for name, size in sizes.items():
        out[name] = drawn[at:at + size]
        at += size
    return out


def duplicate(values: list[str | None], rng: random.Random, rows: int, d2: int, d3: int,
              other: dict[str, int]) -> dict[str, list[int]]:
    """Inject the other defects of `other` and d2 groups of 2, d3 groups of 3 repeated values."""
    sizes = dict(other)
    sizes["dup_source"] = d2 + d3
    sizes["dup_copy"] = d2 + 2 * d3
    idx = pick(rng, rows, sizes)
    copies = iter(idx["dup_copy"])
    for g, src in enumerate(idx["dup_source"]):
        for _ in range(1 if g < d2 else 2):
            values[next(copies)] = values[src]
    return idx


def generate(rows: int, seed: int) -> tuple[dict[str, list[str | None]], dict[str, Any]]:
    n = counts(rows)

    def stream(name: str) -> random.Random:
        return random.Random(f"{seed}:{name}")

    base = stream("base")
    first = [base.choice(FIRST) for _ in range(rows)]
    last = [base.choice(LAST) for _ in range(rows)]
    data: dict[str, list[str | None]] = {c: [None] * rows for c in COLUMNS}
    data["vid__v"] = [f"93{i:016d}" for i in range(rows)]
    data["npi_num__v"] = [f"1{(i * 7919 + 12345) % 10**9:09d}" for i in range(rows)]
    data["first_name__v"] = list(first)
    data["last_name__v"] = list(last)
    data["middle_name__v"] = [base.choice("ABCDEFGHJKLMNPRSTW") if base.random() < 0.3 else None
                              for _ in range(rows)]
    data["gender__v"] = base.choices(("M", "F", "U"), weights=(48, 48, 4), k=rows)
    data["hcp_type__v"] = base.choices(("P", "N", "S", "B"), weights=(70, 15, 10, 5), k=rows)
    data["hcp_status__v"] = base.choices(("A", "I"), weights=(9, 1), k=rows)
    data["record_state__v"] = base.choices(STATES, k=rows)
    data["medical_degree_1__v"] = base.choices(DEGREES, k=rows)
    data["specialty_1__v"] = base.choices(SPECIALTIES, k=rows)
    data["email_1__v"] = [
        f"{f.translate(ASCII)}.{la.translate(ASCII)}{i}@clinic{i % 97}.org".lower()
        for i, (f, la) in enumerate(zip(first, last, strict=True))
    ]
    data["modified_date__v"] = [f"20{base.randint(21, 25)}-{base.randint(1, 12):02d}-"
                                f"{base.randint(1, 28):02d}" for _ in range(rows)]

    manifest: dict[str, Any] = {"rows": rows, "seed": seed, "generator": GENERATOR_VERSION,
                                "defects": {k: v for k, v in n.items() if "dup" not in k}}

    def groups(prefix: str) -> dict[str, int]:
        d2, d3 = n[f"{prefix}.dup2"], n[f"{prefix}.dup3"]
        return {"groups": d2 + d3, "rows": 2 * d2 + 3 * d3, "extra_rows": d2 + 2 * d3}

    vid = data["vid__v"]
    idx = duplicate(vid, stream("vid"), rows, n["vid.dup2"], n["vid.dup3"],
                    {"null": n["vid.null"]})
    for i in idx["null"]:
        vid[i] = None
    manifest["duplicates"] = {"vid__v": groups("vid")}

    npi = data["npi_num__v"]
    rng = stream("npi")
    idx = duplicate(npi, rng, rows, n["npi.dup2"], n["npi.dup3"],
                    {k: n[f"npi.{k}"] for k in ("null", "empty", "bad_format")})
    for i in idx["null"]:
        npi[i] = None
    for i in idx["empty"]:
        npi[i] = ""
    for j, i in enumerate(idx["bad_format"]):
        v = str(npi[i])
        npi[i] = (v[:9], v + "7", "A" + v[1:], v[:4] + "-" + v[4:], v + " ")[j % 5]
    manifest["duplicates"]["npi_num__v"] = groups("npi")

    for col, key in (("first_name__v", "first"), ("last_name__v", "last")):
        rng = stream(key)
        names = data[col]
        sizes = {k.split(".", 1)[1]: v for k, v in n.items() if k.startswith(key + ".")}
        idx = pick(rng, rows, sizes)
        for i in idx["null"]:
            names[i] = None
        for i in idx["empty"]:
            names[i] = ""
        for i in idx["blank"]:
            names[i] = rng.choice(BLANKS)
        for i in idx.get("too_long", []):
            names[i] = ("Vandenberghe-Oosterhuis-" * 7)[: rng.randint(MAX_LAST_NAME + 1, 150)]
        for i in idx.get("exactly_max_non_ascii", []):
            names[i] = ("Müller-Østergaard-" * 7)[:MAX_LAST_NAME]

    for col, key, bad in (("hcp_type__v", "type", BAD_TYPES),
                          ("hcp_status__v", "status", BAD_STATUSES),
                          ("gender__v", "gender", BAD_GENDERS)):
        rng = stream(key)
        values = data[col]
        sizes = {k.split(".", 1)[1]: v for k, v in n.items() if k.startswith(key + ".")}
        idx = pick(rng, rows, sizes)
        for i in idx.get("null", []):
            values[i] = None
        for i in idx.get("empty", []):
            values[i] = ""
        for j, i in enumerate(idx["bad"]):
            values[i] = bad[j % len(bad)]

    rng = stream("email")
    email = data["email_1__v"]
    idx = pick(rng, rows, {"null": n["email.null"], "empty": n["email.empty"],
                           "bad": n["email.bad"]})
    for i in idx["null"]:
        email[i] = None
    for i in idx["empty"]:
        email[i] = ""
    for j, i in enumerate(idx["bad"]):
        user = str(email[i]).split("@", 1)[0]
        email[i] = BAD_EMAILS[j % len(BAD_EMAILS)].format(u=user)
    return data, manifest


def write(data: dict[str, list[str | None]], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    csv_path = out / f"{TABLE}.csv"
    rows = len(data[COLUMNS[0]])
    with csv_path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, quoting=csv.QUOTE_ALL, lineterminator="\n")
        w.writerow(COLUMNS)
        cols = [data[c] for c in COLUMNS]
        for i in range(rows):
            w.writerow([NULL if col[i] is None else col[i] for col in cols])
    db = out / f"{TABLE}.duckdb"
    db.unlink(missing_ok=True)
    con = duckdb.connect()
    try:
        con.execute("ATTACH ? AS bench (STORAGE_VERSION 'v1.0.0')", [str(db)])
        con.read_csv(str(csv_path), header=True, all_varchar=True, na_values=[NULL],
                     quotechar='"', escapechar='"').create_view("src")
        con.execute("CREATE TABLE bench.hcp AS SELECT * FROM src")
        con.execute("COPY bench.hcp TO ? (FORMAT parquet)", [str(out / f"{TABLE}.parquet")])
        loaded = con.execute("SELECT count(*) FROM bench.hcp").fetchone()
        if loaded is None or loaded[0] != rows:
            raise RuntimeError(f"loaded {loaded} rows into DuckDB, wrote {rows}")
        con.execute("DETACH bench")
    finally:
        con.close()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, required=True)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    data, manifest = generate(args.rows, args.seed)
    write(data, args.out)
    (args.out / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", "utf-8")
    print(json.dumps(manifest))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
