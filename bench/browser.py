"""Speed as a person sees it (issue 21 §2): each dashboard page in a real Chromium, against a bare
Streamlit app that draws one small chart, both on this machine in the same run.

    .venv/bin/python bench/browser.py --db bench.duckdb [--reps 3]     (bench/all.py calls run())

Cold: a fresh browser context per load (no cookies, a new Streamlit session), the time from the
navigation until Streamlit's script has stopped (twice: a run may ask for another) and every chart
has drawn; the median of REPS. After a filter change: in that page, the sidebar's community chosen
with the keyboard, until the rerun has stopped and every chart has drawn again; the floor's rerun
is its select box changed the same way. Ratio = page ÷ floor (issue 21's target: <= 1.3x at 10M
rows, cold and after a filter change). The server's caches are warm after the first load of a
page, as they are for every visitor but the first.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from load import LocalServer, free_port  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-sync"]
PAGES = ["", "lagen", "waardecycli", "belanghebbenden", "verhalen", "ontwikkeling", "presenteren"]
FILTERABLE = [p for p in PAGES if p != "presenteren"]  # present mode hides the sidebar
TARGET = 1.3
FLOOR_APP = """import pandas as pd
import streamlit as st

pick = st.selectbox("Groep", ["a", "b", "c"], index=None, key="pick")
st.write(f"gekozen: {pick}")
st.vega_lite_chart(
    pd.DataFrame({"k": list("abcde"), "v": [1, 3, 2, 5, 4]}),
    {"mark": "bar", "encoding": {"x": {"field": "k", "type": "nominal"}, "y": {"field": "v", "type": "quantitative"}}},
    width="stretch",
)
"""
DONE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
DRAWN = """() => { const c = [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')];
                   return c.length > 0 ? c.every(e => e.querySelector('svg, canvas')) : true; }"""
STALE = "() => !document.querySelector('[data-stale=\"true\"]')"


def _settle(page, charts: bool) -> None:
    for _ in range(2):
        page.wait_for_selector(DONE, state="attached", timeout=120_000)
        page.wait_for_function(STALE, timeout=120_000)
        if charts:
            page.wait_for_function(DRAWN, timeout=120_000)


def _cold(browser, url: str, ready: str) -> float:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    t0 = time.perf_counter()
    page.goto(url)
    page.wait_for_selector(ready, timeout=120_000)
    _settle(page, True)
    took = time.perf_counter() - t0
    context.close()
    return took


def _change(browser, url: str, ready: str, label: str, changed: str) -> float:
    """Load URL, then choose the first option of the select box named LABEL with the keyboard."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector(ready, timeout=120_000)
    _settle(page, True)
    page.get_by_role("combobox", name=label).focus()
    page.keyboard.press("ArrowDown")
    page.wait_for_selector('[role="option"]', timeout=30_000)
    t0 = time.perf_counter()
    page.keyboard.press("Enter")
    page.wait_for_function(changed, timeout=120_000)
    _settle(page, True)
    took = time.perf_counter() - t0
    context.close()
    return took


def streamlit_server(
    script: Path, what: str, env: dict | None = None, cwd: Path | None = None
) -> tuple[subprocess.Popen, str]:
    """`streamlit run SCRIPT` on a free loopback port, once it answers its health check: (process, URL)."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script), "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=cwd, env=env,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2):
                return proc, url
        except OSError:
            time.sleep(0.3)
    proc.terminate()
    raise RuntimeError(f"the {what} did not start")


def _floor_server(workdir: Path) -> tuple[subprocess.Popen, str]:
    script = workdir / "floor.py"
    script.write_text(FLOOR_APP, encoding="utf-8")
    return streamlit_server(script, "floor app")


def run(db: Path, workdir: Path, reps: int = 3) -> dict:
    """Cold and filter-change times per page (median of REPS) and the floor's, in seconds."""
    from playwright.sync_api import sync_playwright

    from lcdash.i18n import t

    server = LocalServer(workdir, db, "none", [])
    floor, floor_url = _floor_server(workdir)
    out: dict = {"reps": reps, "rows": server.rows, "pages": {}}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            _cold(browser, floor_url, '[data-testid="stVegaLiteChart"]')  # warm both servers up once
            for path in PAGES:
                _cold(browser, f"{server.url}/{path}", '[data-testid="stMainBlockContainer"] h1')
            floor_cold = [_cold(browser, floor_url, '[data-testid="stVegaLiteChart"]') for _ in range(reps)]
            floor_rerun = [
                _change(browser, floor_url, '[data-testid="stVegaLiteChart"]', "Groep", "() => document.body.innerText.includes('gekozen: a')")
                for _ in range(reps)
            ]  # fmt: skip
            out["floor"] = {"cold": statistics.median(floor_cold), "rerun": statistics.median(floor_rerun)}
            for path in PAGES:
                url = f"{server.url}/{path}"
                cold = [_cold(browser, url, '[data-testid="stMainBlockContainer"] h1') for _ in range(reps)]
                page = {"cold": statistics.median(cold), "cold_all": cold}
                if path in FILTERABLE:
                    changed = "() => location.search.includes('community=')"
                    label = t("community", "nl")
                    rerun = [
                        _change(browser, url, '[data-testid="stMainBlockContainer"] h1', label, changed)
                        for _ in range(reps)
                    ]
                    page |= {"filter": statistics.median(rerun), "filter_all": rerun}
                out["pages"][path or "overzicht"] = page
                print(f"browser: {path or 'overzicht'} {page}", file=sys.stderr, flush=True)
            browser.close()
    finally:
        floor.terminate()
        server.stop()
    return out


def markdown(res: dict) -> list[str]:
    floor = res["floor"]
    lines = [
        f"Each page in Chromium (`bench/browser.py`), {res['rows']:,} rows: from the navigation until the script "
        "has stopped and every chart has drawn, a fresh browser context per load, median of "
        f"{res['reps']}; and after choosing a community in the sidebar (keyboard), until the rerun has drawn. "
        f"The floor is a bare Streamlit app drawing one small chart, in the same run: **{floor['cold']:.2f} s** "
        f"cold, **{floor['rerun']:.2f} s** for a rerun after its select box changed. Target (issue 21): "
        f"<= {TARGET}x the floor at 10M rows, cold and after a filter change.",
        "",
        "| page | cold (s) | × floor | filter change (s) | × floor rerun |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, p in res["pages"].items():
        cold = p["cold"] / floor["cold"]
        row = f"| {name} | {p['cold']:.2f} | {cold:.2f}× {'✓' if cold <= TARGET else '✗'} |"
        if "filter" in p:
            change = p["filter"] / floor["rerun"]
            row += f" {p['filter']:.2f} | {change:.2f}× {'✓' if change <= TARGET else '✗'} |"
        else:
            row += " – | – (no sidebar) |"
        lines.append(row)
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", type=Path, required=True, help="an lcdash database (bench/pages.py build_db makes one)")
    ap.add_argument("--reps", type=int, default=3)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="lcdash-bench-browser-") as tmp:
        res = run(args.db, Path(tmp), args.reps)
    print("\n".join(markdown(res)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
