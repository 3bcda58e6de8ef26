"""What the final INSERT into the file-backed observations table costs, piece by piece.

    .venv/bin/python bench/experiments/insert_cost.py FILE.csv

From an all-varchar temp table of the file (as stage_raw), into a fresh store each time:
raw copy (write + compression only), + nullif(trim()) per text column, + typed score/date,
and the bare reference: read_csv straight into a table (parse + write).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from lcdash import store  # noqa: E402


def main() -> int:
    path = sys.argv[1]
    cols = store.OBSERVATION_COLUMNS
    tr = lambda c: f"nullif(trim({c}), '')"  # noqa: E731
    variants = {
        "parse only: read_csv all_varchar -> temp table (in memory)": None,
        "write only: INSERT raw varchar copy (into a VARCHAR twin table)": "copy",
        "INSERT with nullif(trim()) on every text column": "trim",
        "INSERT with trims + try_cast score/date (typed columns)": "typed",
        "bare: CTAS read_csv (sniffed types) into the file": "bare",
    }
    times = {k: [] for k in variants}
    with tempfile.TemporaryDirectory() as tmp:
        for rep in range(3):
            for name, kind in variants.items():
                db = Path(tmp) / f"x{rep}.duckdb"
                con = store.connect(db)
                con.execute("SET enable_progress_bar = false")
                if kind != "bare":
                    t, c = time.perf_counter(), time.process_time()
                    con.execute("CREATE TEMP TABLE raw AS SELECT * FROM read_csv(?, all_varchar = true)", [path])
                    if kind is None:
                        times[name].append((time.perf_counter() - t, time.process_time() - c))
                        con.close()
                        db.unlink()
                        continue
                t, c = time.perf_counter(), time.process_time()
                if kind == "copy":
                    con.execute("CREATE TABLE obs_txt AS SELECT 1 AS batch_id, * FROM raw LIMIT 0")
                    con.execute("INSERT INTO obs_txt SELECT 1, * FROM raw")
                elif kind == "trim":
                    con.execute("CREATE TABLE obs_txt AS SELECT 1 AS batch_id, * FROM raw LIMIT 0")
                    con.execute(f"INSERT INTO obs_txt SELECT 1, {', '.join(tr(c) for c in cols)} FROM raw")
                elif kind == "typed":
                    exprs = [
                        f"try_cast(replace({c}, ',', '.') AS DOUBLE)"
                        if c == "score"
                        else f"try_strptime({c}, ['%Y-%m-%d', '%d-%m-%Y'])::DATE"
                        if c == "date"
                        else tr(c)
                        for c in cols
                    ]
                    con.execute(
                        f"INSERT INTO observations SELECT 1, {', '.join(exprs)} FROM raw WHERE {tr('community')} IS NOT NULL AND {tr('stakeholder_type')} IS NOT NULL AND {tr('value_cycle')} IS NOT NULL"
                    )
                else:
                    con.execute("CREATE TABLE t AS SELECT * FROM read_csv(?)", [path])
                con.execute("CHECKPOINT")
                times[name].append((time.perf_counter() - t, time.process_time() - c))
                con.close()
                db.unlink()
    print("median of 3: wall s, cpu s")
    for name, ts in times.items():
        print(f"  {statistics.median(t[0] for t in ts):6.3f}  {statistics.median(t[1] for t in ts):6.3f}  {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
