"""How to turn ~100 raw label spellings into keys over 1M rows: MAP constant, join, CASE, list_position.

.venv/bin/python bench/experiments/lookup.py FILE.csv
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from lcdash.config import load_config  # noqa: E402
from lcdash.ingest import label_classifier  # noqa: E402


def main() -> int:
    path = sys.argv[1]
    config = load_config()
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    con.execute("CREATE TABLE raw AS SELECT * FROM read_csv(?, all_varchar = true)", [path])
    fields = ["stakeholder_type", "level", "outcome", "value_cycle", "capital"]
    maps = {}
    for f in fields:
        vals = [r[0] for r in con.execute(f"SELECT DISTINCT {f} FROM raw WHERE {f} IS NOT NULL").fetchall()]
        cl = label_classifier(config, f)
        maps[f] = {v: cl(v) for v in vals}
        con.execute(
            f"CREATE TABLE m_{f} AS SELECT unnest(?::VARCHAR[]) AS raw, unnest(?::VARCHAR[]) AS key",
            [list(maps[f]), list(maps[f].values())],
        )

    def lit_list(xs):
        return "[" + ", ".join("NULL" if x is None else "'" + x.replace("'", "''") + "'" for x in xs) + "]"

    variants = {}
    variants["no lookup (copy raw)"] = (f"SELECT {', '.join(fields)} FROM raw", [])
    params = []
    exprs = []
    for f in fields:
        exprs.append(f"MAP(?::VARCHAR[], ?::VARCHAR[])[{f}]")
        params += [list(maps[f]), list(maps[f].values())]
    variants["MAP(?, ?)[raw] parameters"] = (f"SELECT {', '.join(exprs)} FROM raw", params)
    exprs = [f"MAP({lit_list(maps[f])}, {lit_list(maps[f].values())})[{f}]" for f in fields]
    variants["MAP literal[raw]"] = (f"SELECT {', '.join(exprs)} FROM raw", [])
    exprs = [f"({lit_list(maps[f].values())})[list_position({lit_list(maps[f])}, {f})]" for f in fields]
    variants["list[list_position(list, raw)] literal"] = (f"SELECT {', '.join(exprs)} FROM raw", [])
    exprs = []
    for f in fields:
        whens = " ".join(
            f"WHEN '{k.replace(chr(39), chr(39) * 2)}' THEN " + ("NULL" if v is None else f"'{v}'")
            for k, v in maps[f].items()
        )
        exprs.append(f"CASE {f} {whens} END")
    variants["CASE raw WHEN ... literal"] = (f"SELECT {', '.join(exprs)} FROM raw", [])
    joins = " ".join(f"LEFT JOIN m_{f} j{i} ON j{i}.raw = r.{f}" for i, f in enumerate(fields))
    variants["LEFT JOIN small tables"] = (
        f"SELECT {', '.join(f'j{i}.key' for i in range(len(fields)))} FROM raw r {joins}",
        [],
    )
    variants["LEFT JOIN small tables + ORDER BY rowid"] = (
        f"SELECT {', '.join(f'j{i}.key' for i in range(len(fields)))} FROM raw r {joins} ORDER BY r.rowid",
        [],
    )

    times = {k: [] for k in variants}
    ref = None
    for _ in range(3):
        for name, (sql, ps) in variants.items():
            t = time.process_time()
            w = time.perf_counter()
            con.execute(f"CREATE OR REPLACE TABLE out AS {sql}", ps)
            times[name].append((time.perf_counter() - w, time.process_time() - t))
            if name != "no lookup (copy raw)" and "JOIN" not in name or "ORDER" in name:
                fp = con.execute("SELECT sum(hash(rowid, columns(*))) FROM out").fetchone()
                ref = ref or fp
                assert fp == ref, name
    print("median of 3: wall s, cpu s (CTAS of the 5 key columns, 1M rows, in memory)")
    for name, ts in times.items():
        print(f"  {statistics.median(t[0] for t in ts):6.3f}  {statistics.median(t[1] for t in ts):6.3f}  {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
