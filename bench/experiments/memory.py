"""Peak memory (VmHWM) and time of one import way, each in a fresh subprocess.

.venv/bin/python bench/experiments/memory.py FILE.csv lcdash|bare|fast-direct|fast-temp [...]
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]

CHILD = r"""
import json, sys, time
from pathlib import Path
sys.path[:0] = [{here!r}, {bench!r}, {root!r}]
csv, db, way = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
t = time.perf_counter()
if way == "lcdash":
    from compare_fast import run_lcdash
    r = run_lcdash(csv, db)
elif way == "bare":
    from compare_fast import run_bare
    r = run_bare(csv, db)
else:
    import fastpath
    mode = way.split("-", 1)[1]
    r = fastpath.run(csv, db, mode, trim="cheap", open_mode="fast")
hwm = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:")) / 1024
print(json.dumps({{"way": way, "seconds": r["total"], "cpu": r["cpu"], "peak_mb": hwm, "rows": r.get("rows")}}))
"""


def main() -> int:
    csv = Path(sys.argv[1]).resolve()
    code = CHILD.format(here=str(HERE), bench=str(HERE.parent), root=str(ROOT))
    for way in sys.argv[2:]:
        with tempfile.TemporaryDirectory(prefix="lcdash-mem-") as tmp:
            out = subprocess.run(
                [sys.executable, "-c", code, str(csv), str(Path(tmp) / "m.duckdb"), way],
                capture_output=True,
                text=True,
                cwd=ROOT,
            )
        if out.returncode:
            print(way, "failed:", out.stderr[-2000:])
            continue
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(
            f"{r['way']:12s} {r['seconds']:7.2f} s  cpu {r['cpu']:7.2f} s  peak {r['peak_mb']:7.0f} MB  rows {r['rows']}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
