"""What lcdash's read_csv options cost against a bare read, parsing the same file.

    .venv/bin/python bench/experiments/reader_options.py FILE.csv

Each reads the file into a temp table (in memory) or aggregates it (no materialisation).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from lcdash import sources  # noqa: E402


def main() -> int:
    path = Path(sys.argv[1])
    src = sources.open_source(path)
    sql, params = src.relation_sql()
    plain = sql.replace("SELECT row_number() OVER () AS rec, * FROM ", "SELECT * FROM ")
    cases = {
        "bare read_csv(file) (sniffed)": ("SELECT * FROM read_csv(?)", [str(path)]),
        "read_csv(file, all_varchar)": ("SELECT * FROM read_csv(?, all_varchar = true)", [str(path)]),
        "lcdash options, no row_number": (plain, params),
        "lcdash options, store_rejects = false": (
            plain.replace("store_rejects = true", "store_rejects = false"),
            params,
        ),
        "lcdash options + row_number() OVER () (lcdash today)": (sql, params),
        "lcdash options, header rows cut + blank-row filter (lcdash stage today)": (
            f"SELECT rec - 1 AS rec, * EXCLUDE (rec) FROM ({sql}) WHERE rec > 1 AND trim(concat("
            + ", ".join(f"c{i}" for i in range(len(src.columns)))
            + ")) <> ''",
            params,
        ),
    }
    times = {k: [] for k in cases}
    agg = {k: [] for k in cases}
    for _ in range(3):
        for name, (q, ps) in cases.items():
            con = duckdb.connect()
            con.execute("SET enable_progress_bar = false")
            t, c = time.perf_counter(), time.process_time()
            con.execute(f"CREATE TEMP TABLE t AS {q}", ps)
            times[name].append((time.perf_counter() - t, time.process_time() - c))
            t, c = time.perf_counter(), time.process_time()
            con.execute(f"SELECT count(*) FROM ({q})", ps).fetchall()
            agg[name].append((time.perf_counter() - t, time.process_time() - c))
            con.close()
    print(f"{path.name}: median of 3 — CTAS temp (wall, cpu) | count(*) over it (wall, cpu)")
    for name in cases:
        a, b = times[name], agg[name]
        print(
            f"  {statistics.median(x[0] for x in a):6.3f} {statistics.median(x[1] for x in a):6.3f} | "
            f"{statistics.median(x[0] for x in b):6.3f} {statistics.median(x[1] for x in b):6.3f}  {name}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
