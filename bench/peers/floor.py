"""The floor: the twelve checks as one hand-written DuckDB query (floor.sql), nothing else.

    python bench/peers/floor.py DATA.duckdb

Prints the failure count of each check as one JSON object.
"""

import json
import sys
from pathlib import Path

import duckdb

query = (Path(__file__).parent / "floor.sql").read_text("utf-8")
con = duckdb.connect(sys.argv[1], read_only=True)
cur = con.execute(query)
names = [d[0] for d in cur.description or ()]
row = cur.fetchone() or ()
print(json.dumps({name: int(value) for name, value in zip(names, row, strict=True)}))
