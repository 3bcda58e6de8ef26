"""Where lcdash's import spends its time: every SQL statement, and the Python steps around them.

lcdash.ingest is not changed: import_file() gets a connection wrapper that times each
execute()/executemany() (DuckDB materialises a result inside execute, so the time is the
statement's). The Python passes of sources.open_source (UTF-8 validation, SHA-256, header)
are timed by calling the same functions once more on the same file.

    .venv/bin/python bench/profile_import.py FILE.csv [--db PATH] [--json]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lcdash import fileguard, ingest, sources, store  # noqa: E402
from lcdash.config import load_config  # noqa: E402

# Statement text -> step name; first match wins. Unknown statements keep their first words.
STEPS = [
    (r"CREATE OR REPLACE TEMP TABLE stage_raw", "stage: read_csv + row_number() -> stage_raw"),
    (r"FROM reject_errors|reject_(errors|scans)", "stage: rejects bookkeeping"),
    (r"SELECT count\(\*\) FROM stage_raw", "count(*) stage_raw"),
    (r"CREATE OR REPLACE TEMP VIEW stage_long", "view stage_long"),
    (r"CREATE OR REPLACE TEMP TABLE stage_mapped", "stage_mapped: 8 joins -> temp table"),
    (r"CREATE OR REPLACE TEMP TABLE stage_problems", "stage_problems: 13 checks UNION ALL"),
    (r"SELECT DISTINCT \w+ FROM stage_long", "distinct values per coded column (7 scans)"),
    (r"TEMP TABLE map_|INSERT INTO map_", "fill map_* tables"),
    (r"count\(DISTINCT rec\) FROM stage_problems", "count distinct rec in stage_problems"),
    (r"count\(\*\) FILTER", "counts: rows / respondents / missing (NOT IN)"),
    (r"INSERT INTO rejected_rows|rec_lines", "keep rejected rows"),
    (r"INSERT INTO batches", "insert batch row"),
    (r"INSERT INTO observations", "INSERT observations (NOT IN + ORDER BY rec)"),
    (r"UPDATE data_version", "bump data_version"),
    (r"^(BEGIN|COMMIT|ROLLBACK)", "transaction begin/commit"),
    (r"^DROP", "drop temp tables"),
    (r"^CHECKPOINT", "CHECKPOINT (write to disk)"),
    (r"batches WHERE content_hash", "find batch by hash"),
]


class TimedConnection:
    """Forwards to a DuckDB connection and records (sql, seconds) of every statement."""

    def __init__(self, con):
        self._con = con
        self.log: list[tuple[str, float]] = []

    def execute(self, sql, *args, **kwargs):
        t = time.perf_counter()
        result = self._con.execute(sql, *args, **kwargs)
        self.log.append((sql, time.perf_counter() - t))
        return result

    def executemany(self, sql, *args, **kwargs):
        t = time.perf_counter()
        result = self._con.executemany(sql, *args, **kwargs)
        self.log.append((sql, time.perf_counter() - t))
        return result

    def __getattr__(self, name):
        return getattr(self._con, name)


def step_of(sql: str) -> str:
    flat = " ".join(sql.split())
    for pattern, name in STEPS:
        if re.search(pattern, flat):
            return name
    return flat[:60]


def _timed(fn, *args):
    t = time.perf_counter()
    fn(*args)
    return time.perf_counter() - t


def profile(path: Path, db: Path) -> dict:
    """Import PATH into a fresh DB and return the total and per-step seconds."""
    config = load_config()
    path = Path(path)
    with open(path, "rb") as f:
        head = f.read(64 * 1024)
    python_steps = {
        "open_source: UTF-8 validation (incremental decoder)": _timed(sources._detect_encoding, path, head, path.name),
        "open_source: SHA-256 of the file": _timed(fileguard.digests, path, path),
        "open_source: total (validation + hash + header)": _timed(sources.open_source, path),
    }
    raw = store.connect(db)
    raw.execute("SET enable_progress_bar = false")
    con = TimedConnection(raw)
    t = time.perf_counter()
    result = ingest.import_file(con, path, config)
    con.execute("CHECKPOINT")
    total = time.perf_counter() - t
    raw.close()

    steps: dict[str, float] = {}
    counts: dict[str, int] = {}
    for sql, seconds in con.log:
        name = step_of(sql)
        steps[name] = steps.get(name, 0.0) + seconds
        counts[name] = counts.get(name, 0) + 1
    sql_total = sum(steps.values())
    return {
        "rows": result.rows,
        "total": total,
        "sql_total": sql_total,
        "python_other": total - sql_total,  # open_source, label classification, bookkeeping
        "steps": steps,
        "counts": counts,
        "python_steps": python_steps,
        "statements": [(" ".join(s.split())[:200], sec) for s, sec in con.log],
    }


def format_profile(p: dict) -> str:
    total = p["total"]
    lines = [
        "| step | s | share | statements |",
        "|---|---:|---:|---:|",
    ]
    for name, sec in sorted(p["steps"].items(), key=lambda kv: -kv[1]):
        lines.append(f"| {name} | {sec:.3f} | {sec / total:.0%} | {p['counts'][name]} |")
    lines.append(
        f"| Python outside SQL (open_source, classification, bookkeeping) | {p['python_other']:.3f} | "
        f"{p['python_other'] / total:.0%} | |"
    )
    lines.append(f"| **total import_file + CHECKPOINT** | **{total:.3f}** | 100% | {len(p['statements'])} |")
    lines.append("")
    lines.append("Python passes inside open_source, timed again separately on the same file:")
    lines.append("")
    lines.append("| pass | s |")
    lines.append("|---|---:|")
    for name, sec in p["python_steps"].items():
        lines.append(f"| {name} | {sec:.3f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("file", type=Path)
    ap.add_argument("--db", type=Path)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--statements", action="store_true", help="also list every statement")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="lcdash-prof-") as tmp:
        p = profile(args.file, args.db or Path(tmp) / "prof.duckdb")
    if args.json:
        print(json.dumps(p))
        return 0
    print(format_profile(p))
    if args.statements:
        for sql, sec in p["statements"]:
            print(f"{sec:8.3f}  {sql[:150]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
