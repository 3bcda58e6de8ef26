"""Run pipeline variants interleaved on one generated file; print median totals and steps.

    .venv/bin/python bench/experiments/compare.py [--rows N] [--reps 3] [--csv FILE] VARIANT...

A VARIANT is "baseline" or comma-separated field=value pairs of pipeline.Variant, e.g.
"stage=rowid" or "stage=rowid,checks=countfirst,notin=when_needed,order=False".
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from pipeline import Variant, run  # noqa: E402


def parse_variant(text: str) -> Variant:
    if text == "baseline":
        return Variant()
    kw = {}
    types = {f.name: f.type for f in dataclasses.fields(Variant)}
    for part in text.split(","):
        k, val = part.split("=")
        kw[k] = (val == "True") if types[k] in (bool, "bool") else val
    return Variant(**kw)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("variants", nargs="+")
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--csv", type=Path)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    variants = [parse_variant(v) for v in args.variants]
    with tempfile.TemporaryDirectory(prefix="lcdash-exp-") as tmp:
        csv = args.csv
        if csv is None:
            from generate import generate

            csv = generate(args.rows, Path(tmp) / "obs.csv")
        results: dict[str, list[dict]] = {v.name(): [] for v in variants}
        for i in range(args.reps):
            for v in variants:
                db = Path(tmp) / f"exp-{i}.duckdb"
                r = run(csv, db, v)
                db.unlink(missing_ok=True)
                results[v.name()].append(r)
                print(f"rep {i + 1} {r['total']:6.2f} s  cpu {r['cpu']:6.2f} s  {v.name()}", file=sys.stderr)
    base_fp = next(iter(results.values()))[0]["fingerprint"]
    out = []
    for name, rs in results.items():
        steps = {k: statistics.median(r["steps"][k] for r in rs) for k in rs[0]["steps"]}
        cpu_steps = {k: statistics.median(r["cpu_steps"][k] for r in rs) for k in rs[0]["cpu_steps"]}
        total = statistics.median(r["total"] for r in rs)
        cpu = statistics.median(r["cpu"] for r in rs)
        same = all(tuple(r["fingerprint"]) == tuple(base_fp) for r in rs)
        out.append(
            {
                "variant": name,
                "total": total,
                "cpu": cpu,
                "all": [r["total"] for r in rs],
                "steps": steps,
                "cpu_steps": cpu_steps,
                "same_result": same,
            }
        )
    for o in out:
        print(
            f"\n## {o['variant']}: median wall {o['total']:.2f} s, cpu {o['cpu']:.2f} s "
            f"(all wall {', '.join(f'{t:.2f}' for t in o['all'])}); same observations, same order: {o['same_result']}"
        )
        print("   wall s   cpu s  step")
        for k, sec in o["steps"].items():
            print(f"   {sec:6.3f}  {o['cpu_steps'][k]:6.3f}  {k}")
    if args.json:
        args.json.write_text(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
