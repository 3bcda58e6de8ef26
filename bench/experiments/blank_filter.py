"""The blank-row filter of sources.stage: trim(concat(c0..cN)) <> '' on every row, and cheaper exact forms.

    .venv/bin/python bench/experiments/blank_filter.py FILE.csv

A row is blank when every cell is NULL or only spaces. Most rows start with a printable ASCII
character in their first cell, which settles it without concat/trim: DuckDB evaluates the
right side of an OR in a filter only for the rows the left side did not select.
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
    n = len(src.columns)
    cells = ", ".join(f"c{i}" for i in range(n))
    slow = f"trim(concat({cells})) <> ''"
    fast = " OR ".join(f"(c{i} >= '!' AND c{i} < chr(128))" for i in range(min(n, 3)))
    cases = {
        "no filter": "TRUE",
        "trim(concat(cells)) <> ''  (lcdash today)": slow,
        "first byte of c0..c2 printable ASCII OR trim(concat(cells)) <> ''": f"({fast}) OR {slow}",
        "coalesce(cells) IS NOT NULL (not exact: misses rows of spaces)": f"coalesce({cells}) IS NOT NULL",
    }
    # Check the exact forms agree on a file with blank rows of both kinds.
    con = duckdb.connect()
    test = Path("/tmp/blank-test.csv")
    test.write_text("a,b,c\n1,2,3\n,,\n  , ,\n x,,\n,\u00a0,\n,,y\n\u2003,,\n")
    tsrc = sources.open_source(test)
    tsql, tparams = tsrc.relation_sql()
    tcells = ", ".join(f"c{i}" for i in range(3))
    tslow = f"trim(concat({tcells})) <> ''"
    tfast = " OR ".join(f"(c{i} >= '!' AND c{i} < chr(128))" for i in range(3))
    a = con.execute(f"SELECT list(rec ORDER BY rec) FROM ({tsql}) WHERE {tslow}", tparams).fetchone()
    b = con.execute(f"SELECT list(rec ORDER BY rec) FROM ({tsql}) WHERE ({tfast}) OR {tslow}", tparams).fetchone()
    assert a == b, (a, b)
    test.unlink()
    times = {k: [] for k in cases}
    for _ in range(3):
        for name, cond in cases.items():
            t, c = time.perf_counter(), time.process_time()
            con.execute(
                f"CREATE OR REPLACE TEMP TABLE t AS SELECT rec - 1 AS rec, * EXCLUDE (rec) FROM ({sql}) "
                f"WHERE rec > 1 AND ({cond})",
                params,
            )
            times[name].append((time.perf_counter() - t, time.process_time() - c))
    print(f"stage_raw CTAS with each filter, median of 3 (wall s, cpu s); same rows kept: {a == b}")
    for name, ts in times.items():
        print(f"  {statistics.median(x[0] for x in ts):6.3f} {statistics.median(x[1] for x in ts):6.3f}  {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
