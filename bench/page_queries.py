"""Every dashboard page's queries, timed on their own: cold and warm, p50/p95 of the page total.

Issue #7 asks that at 10M rows each page's queries take at most 300 ms p95 warm. Page times in
AppTest (bench/pages.py) mix SQL with drawing and Streamlit's cache; this module isolates the SQL.

1. Record: each page (and view: no filters, or student × wave 2024-2, as bench/pages.py) runs
   once in streamlit.testing.v1.AppTest with every st.cache_data entry cleared, while View.q is
   wrapped to log (query name, args, kwargs, filters). View.q is wrapped rather than the
   functions in lcdash.queries because it sees every call a page makes, whether Streamlit's
   cache would answer it or not, and not the calls one query makes to another
   (expectation_gap calls scores_by). The sidebar's option lists (ui.frame._options) are logged
   apart: every page pays them. Recording runs in a child process, so that its shared
   connection (store._SHARED) cannot keep the database open and warm for the replay.
2. Replay: the logged calls run directly against lcdash.queries (no Streamlit, no cache) on a
   connection opened with store.connect, as ui.connection does, each distinct call once (a repeat
   within the page is a hit of View.q's cache in the app). Cold = the first pass over the
   page's calls on a freshly opened connection (DuckDB's buffers empty; the OS file cache is
   not dropped, a restart of the server is what it models); warm = REPS further passes.

    .venv/bin/python bench/page_queries.py --db bench.duckdb [--reps 20] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from pages import PAGES, VIEWS, pct  # noqa: E402

from lcdash.queries import Filters  # noqa: E402

TARGET_S = 0.300  # issue #7: a page's queries at 10M rows, p95 warm


@dataclass(frozen=True)
class Call:
    """One query a page made: queries.NAME(con, filters, *args, **kwargs)."""

    name: str
    args: tuple
    kwargs: dict
    filters: Filters | None  # None: queries.options(con, *args), which takes no Filters

    def label(self) -> str:
        parts = [repr(a) if not isinstance(a, str) else a for a in self.args if not isinstance(a, list)]
        parts += [f"{k}={v!r}" for k, v in self.kwargs.items() if v not in ("", (), False)]
        extra = [f"{c}={v}" for c, v in self.filters.extra] if self.filters else []
        return f"{self.name}({', '.join(parts + extra)})"

    def run(self, con: Any) -> Any:
        from lcdash import queries

        fn = getattr(queries, self.name)
        if self.filters is None:
            return fn(con, *self.args, **self.kwargs)
        return fn(con, self.filters, *self.args, **self.kwargs)


# ---------------------------------------------------------------- recording (child process)


def record(db: Path) -> dict[str, list[Call]]:
    """The calls of every page × view ("page/view"), plus "frame" (the sidebar's), from AppTest runs."""
    import streamlit as st
    from streamlit import logger
    from streamlit.testing.v1 import AppTest

    logger.set_log_level("error")  # importing ui outside a script run warns about its caches
    from lcdash import ui
    from lcdash.ui import frame

    os.environ["LCDASH_DB"] = str(db)
    log: list[Call] = []
    q, options = ui.View.q, frame._options

    def logged_q(self: ui.View, name: str, *args: Any, filters: Filters | None = None, **kwargs: Any) -> Any:
        log.append(Call(name, args, kwargs, filters or self.filters))
        return q(self, name, *args, filters=filters, **kwargs)

    def logged_options(con: Any, db_key: str, version: int, scope: tuple[str, ...] | None) -> dict:
        log.append(Call("options", (scope,), {}, None))
        return options(con, db_key, version, scope)

    ui.View.q, frame._options = logged_q, logged_options
    calls: dict[str, list[Call]] = {}
    for page in PAGES:
        for view, params in VIEWS.items():
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
            for k, v in params.items():
                at.query_params[k] = v
            at.run()  # the frame and the default page
            logger.set_log_level("error")  # AppTest reset it; clear() outside a script run would warn
            at.switch_page(f"app_pages/{page}.py")
            st.cache_data.clear()  # so every lazy chart builder runs and asks for its data
            log.clear()
            at.run()
            if at.exception:
                raise RuntimeError(f"{page}/{view}: {at.exception[0].value}")
            calls[f"{page}/{view}"] = [c for c in log if c.name != "options"]
            calls.setdefault("frame", [c for c in log if c.name == "options"])
    return calls


def record_in_child(db: Path) -> dict[str, list[Call]]:
    """record() in a fresh interpreter; the calls come back pickled as tuples (Call is __main__'s there)."""
    with tempfile.TemporaryDirectory(prefix="lcdash-pq-") as tmp:
        out = Path(tmp) / "calls.pkl"
        subprocess.run([sys.executable, __file__, "--record", str(db), str(out)], check=True)
        raw = pickle.loads(out.read_bytes())
    return {key: [Call(*c) for c in calls] for key, calls in raw.items()}


# ---------------------------------------------------------------- replay


def time_calls(con: Any, calls: list[Call]) -> list[float]:
    """Seconds of each call, in order (one pass over a page)."""
    out = []
    for call in calls:
        t0 = time.perf_counter()
        call.run(con)
        out.append(time.perf_counter() - t0)
    return out


def distinct(calls: list[Call]) -> list[Call]:
    """CALLS without the repeats of an earlier call of the same page (same query, arguments and
    filters): View.q's st.cache_data answers those within the page's run, as it would on a cleared
    cache too (a page asks totals() once per section: 9 of cycles' 18 calls)."""
    seen: set[str] = set()
    out = []
    for c in calls:
        key = repr((c.name, c.args, sorted(c.kwargs.items()), c.filters))
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


def replay(db: Path, calls: list[Call], reps: int) -> dict:
    """Cold pass on a new connection, then REPS warm passes: page totals and per-call times, each
    distinct call once (distinct)."""
    from lcdash import store

    asked = len(calls)
    calls = distinct(calls)
    con = store.connect(db)
    try:
        cold = time_calls(con, calls)
        warm = [time_calls(con, calls) for _ in range(reps)]
    finally:
        con.close()
    totals = [sum(p) for p in warm]
    per_call = [
        {
            "query": c.label(),
            "cold_s": cold[i],
            "warm_p50_s": statistics.median(p[i] for p in warm),
            "warm_p95_s": pct([p[i] for p in warm], 0.95),
        }
        for i, c in enumerate(calls)
    ]
    slowest = max(per_call, key=lambda r: r["warm_p95_s"], default=None)
    return {
        "queries": len(calls),
        "repeats": asked - len(calls),
        "cold_s": sum(cold),
        "warm_p50_s": statistics.median(totals),
        "warm_p95_s": pct(totals, 0.95),
        "slowest": slowest["query"] if slowest else "",
        "slowest_p95_s": slowest["warm_p95_s"] if slowest else 0.0,
        "ok": pct(totals, 0.95) <= TARGET_S,
        "calls": per_call,
    }


def load_calls(path: Path, db: Path) -> dict[str, list[Call]]:
    """The calls pickled at PATH, recorded on DB first when PATH does not exist yet."""
    if not path.exists():
        calls = record_in_child(db)
        path.write_bytes(
            pickle.dumps({k: [(c.name, c.args, c.kwargs, c.filters) for c in v] for k, v in calls.items()})
        )
    raw = pickle.loads(path.read_bytes())
    return {key: [Call(*c) for c in calls] for key, calls in raw.items()}


def observations(db: Path) -> int:
    from lcdash import store

    con = store.connect(db, read_only=True)
    try:
        return con.execute("SELECT count(*) FROM observations").fetchone()[0]
    finally:
        con.close()


def run(db: Path, reps: int = 20, calls: dict[str, list[Call]] | None = None) -> dict:
    """Record each page's calls (or take CALLS), replay them, and return JSON-ready results."""
    db = Path(db)
    calls = calls or record_in_child(db)
    rows = []
    for key, page_calls in sorted(calls.items(), key=lambda kv: kv[0] == "frame"):  # the sidebar last
        page, _, view = key.partition("/")
        rows.append({"page": page, "view": view or "every page", **replay(db, page_calls, reps)})
    return {
        "db": str(db),
        "observations": observations(db),
        "reps": reps,
        "target_s": TARGET_S,
        "machine": f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}",
        "load_avg": os.getloadavg()[0],
        "pages": rows,
        "calls": {k: [c.label() for c in v] for k, v in calls.items()},
    }


# Issue 17's figures (intervals aside, which ride on scores_by): Likert bars with their count of
# "weet ik niet", changes between waves, groups compared. Their cost per page is reported apart.
HONEST = ("likert", "wave_changes", "wave_pairs", "group_differences")


def honest_cost(result: dict) -> list[dict]:
    """Per page and view with any of HONEST's queries: those calls, their summed warm p50/p95 and the
    share of the page's warm p50 (a sum of per-call p95s overstates their p95 together)."""
    out = []
    for r in result["pages"]:
        calls = [c for c in r["calls"] if c["query"].split("(")[0] in HONEST]
        if not calls:
            continue
        p50 = sum(c["warm_p50_s"] for c in calls)
        out.append(
            {
                "page": r["page"],
                "view": r["view"],
                "calls": [c["query"] for c in calls],
                "warm_p50_s": p50,
                "warm_p95_s": sum(c["warm_p95_s"] for c in calls),
                "share": p50 / r["warm_p50_s"] if r["warm_p50_s"] else 0.0,
                "likert_p95_s": max((c["warm_p95_s"] for c in calls if c["query"].startswith("likert")), default=0.0),
            }
        )
    return out


def markdown(result: dict) -> list[str]:
    """Table lines: per page and view, issue 17's figures per page, then the five slowest single queries."""
    ms = lambda s: f"{s * 1000:.0f}"  # noqa: E731
    lines = [
        f"Page queries replayed without Streamlit on {result['observations']:,} observations "
        f"({result['machine']}, load {result['load_avg']:.1f}). Cold = first pass on a fresh connection; "
        f"warm p50/p95 of the page total over {result['reps']} passes. "
        f"Target: warm p95 ≤ {result['target_s'] * 1000:.0f} ms (at 10M rows).",
        "",
        "| page | view | queries | cold ms | warm p50 ms | warm p95 ms | ok | slowest query (warm p95 ms) |",
        "|---|---|---:|---:|---:|---:|---|---|",
    ]
    for r in result["pages"]:
        lines.append(
            f"| {r['page']} | {r['view']} | {r['queries']} | {ms(r['cold_s'])} | {ms(r['warm_p50_s'])} | "
            f"{ms(r['warm_p95_s'])} | {'yes' if r['ok'] else '**no**'} | `{r['slowest']}` ({ms(r['slowest_p95_s'])}) |"
        )
    honest = honest_cost(result)
    if honest:
        lines += [
            "",
            "Issue 17's figures on each page (`" + "`, `".join(HONEST) + "`; the Likert query includes its count "
            "of \"weet ik niet\"): their warm time summed over the page's calls, and their share of the page's warm p50.",
            "",
            "| page | view | their queries | warm p50 ms | warm p95 ms (sum) | share of page | likert warm p95 ms |",
            "|---|---|---|---:|---:|---:|---:|",
        ]
        lines += [
            f"| {h['page']} | {h['view']} | {', '.join(f'`{c}`' for c in h['calls'])} | {ms(h['warm_p50_s'])} | "
            f"{ms(h['warm_p95_s'])} | {100 * h['share']:.0f}% | {ms(h['likert_p95_s']) if h['likert_p95_s'] else '–'} |"
            for h in honest
        ]
    seen: dict[tuple[str, str], dict] = {}
    for r in result["pages"]:
        for c in r["calls"]:
            key = (c["query"], r["view"])
            if key not in seen or c["warm_p95_s"] > seen[key]["warm_p95_s"]:
                seen[key] = c
    top = sorted(seen.items(), key=lambda kv: -kv[1]["warm_p95_s"])[:5]
    lines += ["", "| slowest queries | view | cold ms | warm p50 ms | warm p95 ms |", "|---|---|---:|---:|---:|"]
    lines += [
        f"| `{q}` | {view} | {ms(c['cold_s'])} | {ms(c['warm_p50_s'])} | {ms(c['warm_p95_s'])} |"
        for (q, view), c in top
    ]
    lines += ["", "| page/view | its queries (a filtered view not listed asks the same as all) |", "|---|---|"]
    for key, calls in result["calls"].items():
        if key.endswith("/filtered") and calls == result["calls"].get(key.replace("/filtered", "/all")):
            continue
        lines.append(f"| {key} | {', '.join(f'`{c}`' for c in calls)} |")
    return lines


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--record"]:  # the child of record_in_child
        calls = record(Path(argv[1]))
        raw = {k: [(c.name, c.args, c.kwargs, c.filters) for c in v] for k, v in calls.items()}
        Path(argv[2]).write_bytes(pickle.dumps(raw))
        return 0
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--db", type=Path, required=True, help="an lcdash database (bench/pages.py build_db makes one)")
    p.add_argument("--reps", type=int, default=20)
    p.add_argument("--json", type=Path, help="also write the result here")
    p.add_argument(
        "--calls",
        type=Path,
        help="replay the calls pickled in this file; written there first when it does not exist "
        "(recording takes a minute, so before/after comparisons record once)",
    )
    args = p.parse_args(argv)
    result = run(args.db, args.reps, load_calls(args.calls, args.db) if args.calls else None)
    print("\n".join(markdown(result)))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
