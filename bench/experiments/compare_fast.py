"""lcdash's import_file against the fast-path prototype, interleaved, with result checks.

.venv/bin/python bench/experiments/compare_fast.py [--csv FILE | --rows N] [--reps 3] [--modes temp,direct]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import fastpath  # noqa: E402
from pipeline import fingerprint  # noqa: E402

from lcdash import store  # noqa: E402
from lcdash.config import load_config  # noqa: E402
from lcdash.ingest import import_file  # noqa: E402


def run_lcdash(csv: Path, db: Path) -> dict:
    config = load_config()
    con = store.connect(db)
    con.execute("SET enable_progress_bar = false")
    t, c = time.perf_counter(), time.process_time()
    r = import_file(con, csv, config)
    con.execute("CHECKPOINT")
    total, cpu = time.perf_counter() - t, time.process_time() - c
    fp = fingerprint(con)
    con.close()
    return {
        "variant": "lcdash import_file",
        "total": total,
        "cpu": cpu,
        "steps": {},
        "cpu_steps": {},
        "rows": r.rows,
        "missing": r.missing_answers,
        "respondents": r.respondents,
        "fingerprint": fp,
    }


def run_bare(csv: Path, db: Path) -> dict:
    import duckdb

    con = duckdb.connect(str(db))
    con.execute("SET enable_progress_bar = false")
    t, c = time.perf_counter(), time.process_time()
    con.execute("CREATE TABLE t AS SELECT * FROM read_csv(?)", [str(csv)])
    con.execute("CHECKPOINT")
    total, cpu = time.perf_counter() - t, time.process_time() - c
    con.close()
    return {
        "variant": "bare read_csv CTAS",
        "total": total,
        "cpu": cpu,
        "steps": {},
        "cpu_steps": {},
        "rows": None,
        "missing": None,
        "respondents": None,
        "fingerprint": None,
    }


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--csv", type=Path)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--modes", default="temp,direct", help="MODE[:trim[:open]], e.g. temp:cheap:fast")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="lcdash-fast-") as tmp:
        csv = args.csv
        if csv is None:
            from generate import generate

            csv = generate(args.rows, Path(tmp) / "obs.csv")
        runners = {"bare": run_bare, "lcdash": run_lcdash}
        for spec in args.modes.split(","):
            m, trim, op = (spec.split(":") + ["exact", "lcdash"])[:3]
            runners[f"fast-{spec}"] = lambda c, d, m=m, trim=trim, op=op: fastpath.run(c, d, m, trim=trim, open_mode=op)
        results: dict[str, list[dict]] = {k: [] for k in runners}
        for i in range(args.reps):
            for k, fn in runners.items():
                db = Path(tmp) / f"{k}-{i}.duckdb"
                r = fn(csv, db)
                db.unlink(missing_ok=True)
                results[k].append(r)
                print(f"rep {i + 1} {r['total']:6.2f} s  cpu {r['cpu']:6.2f} s  {k}", file=sys.stderr)
    ref = results["lcdash"][0]
    bare = statistics.median(r["total"] for r in results["bare"])
    bare_cpu = statistics.median(r["cpu"] for r in results["bare"])
    bare_best = min(r["total"] for r in results["bare"])
    for k, rs in results.items():
        total = statistics.median(r["total"] for r in rs)
        cpu = statistics.median(r["cpu"] for r in rs)
        best = min(r["total"] for r in rs)
        same = k == "bare" or all(
            tuple(r["fingerprint"]) == tuple(ref["fingerprint"])
            and (r["rows"], r["missing"], r["respondents"]) == (ref["rows"], ref["missing"], ref["respondents"])
            for r in rs
        )
        print(
            f"\n## {k}: wall {total:.2f} s ({total / bare:.2f}x bare), best {best:.2f} s ({best / bare_best:.2f}x), "
            f"cpu {cpu:.2f} s ({cpu / bare_cpu:.2f}x bare); "
            f"all {', '.join(f'{t:.2f}' for t in (r['total'] for r in rs))}; same result as lcdash: {same}"
        )
        for name in rs[0]["steps"]:
            w = statistics.median(r["steps"][name] for r in rs)
            c = statistics.median(r["cpu_steps"][name] for r in rs)
            print(f"   {w:6.3f}  {c:6.3f}  {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
