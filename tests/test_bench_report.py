"""bench/all.py's report (docs/benchmarks.md) from a made-up result: no benchmark runs here."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def bench_all():
    spec = importlib.util.spec_from_file_location("bench_all", ROOT / "bench" / "all.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # puts bench/ on sys.path, as running it does
    yield module
    sys.modules.pop("bench_all", None)


def _import(rows: int, ratio: float) -> dict:
    return {
        "rows": rows,
        "file_mb": rows * 1.8e-4,
        "generate_s": 1.0,
        "baseline_mb": 74.0,
        "imported": int(rows * 0.976),
        "missing": int(rows * 0.024),
        "import_s": 2.0 * ratio,
        "bare_s": 2.0,
        "import_all": [2.0 * ratio] * 2,
        "bare_all": [2.0] * 2,
        "import_cpu_s": 3.0,
        "bare_cpu_s": 2.0,
        "import_best_s": 2.0 * ratio,
        "bare_best_s": 2.0,
        "import_peak_mb": 400.0,
        "bare_peak_mb": 300.0,
        "ratio": ratio,
        "cpu_ratio": 1.5,
        "best_ratio": ratio,
    }


def _queries(rows: int, p95: float) -> dict:
    call = {"query": "totals()", "cold_s": p95, "warm_p50_s": p95 / 2, "warm_p95_s": p95}
    page = {
        "queries": 1,
        "cold_s": p95,
        "warm_p50_s": p95 / 2,
        "warm_p95_s": p95,
        "slowest": "totals()",
        "slowest_p95_s": p95,
        "ok": p95 <= 0.3,
        "calls": [call],
    }
    return {
        "observations": rows,
        "reps": 2,
        "target_s": 0.3,
        "machine": "2 cores",
        "load_avg": 1.0,
        "pages": [{"page": "overview", "view": "all", **page}, {"page": "cycles", "view": "filtered", **page}],
        "calls": {"overview/all": ["totals()"], "frame": ["options(None)"]},
    }


def _pages(cold: float, hwm: float) -> dict:
    row = {"page": "overview", "view": "all", "cold_s": cold, "warm_p50_s": 0.05, "warm_p95_s": 0.08}
    return {"rows": [{**row, "warm_s": [0.05, 0.08]}], "reps": 2, "idle_mb": 140.0, "hwm_mb": hwm, "rss_mb": hwm}


def _pandas(ratio: float) -> dict:
    page = {"pandas_rerun_s": 3.0, "pandas_cached_s": 0.3, "ours_s": 3.0 / ratio, "ratio": ratio}
    page |= {"ratio_cached": 0.3 * ratio / 3.0, "ok": ratio >= 5, "same_answers": True}
    return {
        "pandas": "3.0",
        "observations": 976_233,
        "csv_mb": 180.0,
        "machine": "2 cores",
        "reps": 2,
        "read_s": 2.5,
        "clean_s": 0.4,
        "target_ratio": 5.0,
        "pages": [{"page": "overview", "view": "all", **page}],
    }


def _load_run(sessions: int, think: float, p95: float, errors: int) -> dict:
    return {
        "sessions": sessions,
        "think_s": think,
        "wall_s": 30.0,
        "views": 100,
        "p50_s": p95 / 2,
        "p95_s": p95,
        "max_s": p95 * 1.2,
        "errors": errors,
        "error_kinds": {},
        "server_peak_mb": 600.0,
        "text": f"{sessions} sessions, think {think:g} s.",
    }


def _result(with_load: bool = True) -> dict:
    result = {
        "started": "2026-11-24T20:00:00+00:00",
        "tz": "UTC",
        "command": "bench/all.py",
        "args": {"rows": [1_000_000, 10_000_000], "reps": 2, "query_reps": 2, "skip_load": not with_load},
        "machine": {
            "cores": 2,
            "usable_cores": 2,
            "duckdb_threads": "2",
            "memory": "23.5 GB",
            "cpu": "AMD EPYC",
            "os": "Linux",
            "python": "3.11.7",
            "duckdb": "1.4.0",
        },
        "load_start": 1.0,
        "load_end": 1.5,
        "minutes": 30.0,
        "sizes": [
            {
                "rows": 1_000_000,
                "import": _import(1_000_000, 1.2),
                "build": {"db_mb": 60.0},
                "queries": _queries(1_000_000, 0.05),
                "pages": _pages(0.4, 300.0),
                "pandas": _pandas(7.0),
            },
            {
                "rows": 10_000_000,
                "import": _import(10_000_000, 1.4),  # misses 1.3×
                "build": {"db_mb": 600.0},
                "queries": _queries(10_000_000, 0.25),
                "pages": _pages(1.5, 800.0),  # a cache-cleared rerun over 1 s
                "errors": {"pandas": "RuntimeError: made up"},
            },
        ],
    }
    if with_load:
        runs = [_load_run(n, think, 1.0 if think else 3.0, 0) for think in (0.0, 5.0) for n in (10, 50)]
        result["load"] = {"db_rows": 1_000_000, "observations": 976_233, "seconds": 30.0, "runs": runs}
        result["load"]["server_peak_mb"] = 600.0
    return result


def _summary_table(text: str) -> list[str]:
    section = text.split("## Summary (issue #7)", 1)[1].split("\n## ", 1)[0]
    return [line for line in section.splitlines() if line.startswith("| ") and not line.startswith("| target")]


def test_summary_lists_every_target_with_its_verdict(bench_all):
    text = bench_all.render(_result())
    table = _summary_table(text)
    assert len(table) == len(bench_all.TARGETS)
    verdicts = {}
    for (key, target), line in zip(bench_all.TARGETS, table, strict=True):
        assert line.startswith(f"| {target} |"), line
        verdicts[key] = line.rstrip(" |").rsplit("| ", 1)[1]
    assert verdicts == {
        "import": "**missed**",  # 1.4× at 10M
        "queries": "met",
        "rerun": "**missed**",
        "memory": "met",
        "load-0": "**missed**",
        "load-5": "met",
        "pandas": "met",
    }
    assert "**2 cores**" in text and "**23.5 GB memory**" in text and "2026-11-24 20:00" in text
    assert "RuntimeError: made up" in text  # a failed stage is reported, not hidden
    for heading in ("## Import", "## Page queries", "## Page reruns", "## The app's memory", "## Against a pandas"):
        assert heading in text
    assert "| 50 | 0 | 100 | 1.50 | 3.00 | 3.60 | 0 | **no** |" in text  # the load table's raw numbers


def test_targets_not_measured_are_said_so(bench_all):
    result = _result(with_load=False)
    del result["sizes"][1]["pages"]
    table = _summary_table(bench_all.render(result))
    by_key = dict(zip((k for k, _ in bench_all.TARGETS), table, strict=True))
    assert by_key["load-0"].endswith("| not measured |")
    assert by_key["load-5"].endswith("| not measured |")
    assert by_key["memory"].endswith("| not measured |")  # the 10M AppTest child failed
    assert "(target is for 10M)" not in by_key["queries"]


def test_page_queries_report_issue_17s_figures_per_page():
    """bench/page_queries.markdown gives the cost of the Likert bars (with their 'weet ik niet' count),
    changes and group comparisons apart, per page, with their share of the page."""
    sys.path.insert(0, str(ROOT / "bench"))
    import page_queries

    result = _queries(10_000_000, 0.2)
    page = result["pages"][0]
    page["calls"] = [
        {"query": "totals()", "cold_s": 0.01, "warm_p50_s": 0.02, "warm_p95_s": 0.03},
        {"query": "likert(value_cycle, 1, 5)", "cold_s": 0.05, "warm_p50_s": 0.04, "warm_p95_s": 0.06},
        {"query": "wave_changes(value_cycle)", "cold_s": 0.02, "warm_p50_s": 0.02, "warm_p95_s": 0.03},
    ]
    page["warm_p50_s"] = 0.08
    text = "\n".join(page_queries.markdown(result))
    assert "Issue 17's figures on each page" in text
    assert "| `likert(value_cycle, 1, 5)`, `wave_changes(value_cycle)` | 60 | 90 | 75% | 60 |" in text


def test_a_short_import_is_repeated_more(bench_all):
    """A 1M-row import takes seconds and the machine's noise is ±10-15%: at least 5 repetitions
    there; the 10M import keeps the number asked for."""
    assert bench_all.import_reps(1_000_000, 3) == 5
    assert bench_all.import_reps(1_000_000, 7) == 7
    assert bench_all.import_reps(10_000_000, 3) == 3
    text = "\n".join(bench_all._import_section([], 3))
    assert "3 repetitions each (5 up to 2,000,000 rows)" in text


def test_the_browser_section_gives_each_page_against_the_floor(bench_all):
    """bench/browser.py's numbers (issue 21 §2) in the report: each page cold and after a filter change,
    as a ratio to the bare Streamlit app of the same run, judged against 1.3x; present mode has no filter."""
    result = _result(with_load=False)
    result["sizes"][0]["browser"] = {
        "reps": 3,
        "rows": 1_000_000,
        "floor": {"cold": 1.0, "rerun": 0.1},
        "pages": {"lagen": {"cold": 1.2, "filter": 0.2}, "presenteren": {"cold": 1.5}},
    }
    text = bench_all.render(result)
    section = text.split("## In the browser (issue 21 §2)", 1)[1].split("\n## ", 1)[0]
    assert "| lagen | 1.20 | 1.20× ✓ | 0.20 | 2.00× ✗ |" in section
    assert "| presenteren | 1.50 | 1.50× ✗ | – | – (no sidebar) |" in section
    assert "**1.00 s** cold" in section
    del result["sizes"][0]["browser"]
    assert "Not measured in this run." in bench_all.render(result).split("## In the browser", 1)[1].split("\n## ")[0]
