"""Cost of nullif(trim(x), '') on 14 text columns over 1M rows, and cheaper spellings of it.

.venv/bin/python bench/experiments/trim_cost.py FILE.csv
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import duckdb

COLS = (
    "community wave date respondent_id stakeholder_type organisation level outcome "
    "value_cycle capital indicator score text story_id"
).split()


def main() -> int:
    path = sys.argv[1]
    variants = {
        "copy x": "{c}",
        "nullif(trim(x), '')  (lcdash)": "nullif(trim({c}), '')",
        "trim(x)": "trim({c})",
        "nullif(x, '')": "nullif({c}, '')",
        "trim only when an end is a space": (
            "CASE WHEN starts_with({c}, ' ') OR ends_with({c}, ' ') THEN nullif(trim({c}), '') ELSE nullif({c}, '') END"
        ),
        "trim only when an end is a space (prefix/suffix)": (
            "CASE WHEN prefix({c}, ' ') OR suffix({c}, ' ') THEN nullif(trim({c}), '') ELSE {c} END"
        ),
    }
    times = {k: [] for k in variants}
    with tempfile.TemporaryDirectory() as tmp:
        for rep in range(3):
            for name, tpl in variants.items():
                db = Path(tmp) / f"t{rep}.duckdb"
                con = duckdb.connect(str(db))
                con.execute("SET enable_progress_bar = false")
                con.execute("CREATE TEMP TABLE raw AS SELECT * FROM read_csv(?, all_varchar = true)", [path])
                exprs = ", ".join(tpl.format(c=c) + f" AS {c}" for c in COLS)
                t, c0 = time.perf_counter(), time.process_time()
                con.execute(f"CREATE TABLE out AS SELECT {exprs} FROM raw")
                con.execute("CHECKPOINT")
                times[name].append((time.perf_counter() - t, time.process_time() - c0))
                con.close()
                db.unlink()
    print("CTAS of 14 columns into a file table + CHECKPOINT, median of 3: wall s, cpu s")
    for name, ts in times.items():
        print(f"  {statistics.median(t[0] for t in ts):6.3f}  {statistics.median(t[1] for t in ts):6.3f}  {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
