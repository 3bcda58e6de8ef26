"""How much of a filter change's time is Streamlit's own frame (issue 21 §2): the floor app of
bench/browser.py against the same app with what every lcdash page carries around its content,
added one piece at a time, in Chromium, alternating, median of REPS.

    .venv/bin/python bench/experiments/frame_floor.py [--reps 7] [--db lcdash.duckdb]

Variants (each one adds to the one before):
  floor       bench/browser.py's floor: a select box, a line of text, one small chart
  sidebar     the select box moved to a sidebar with lcdash's other controls: a language switch,
              a header, a second select box and two multiselects
  navigation  st.navigation with twelve pages in the sidebar (the chart on the first)
  styles      lcdash's injected CSS and script (lcdash.a11y, the print styles) via st.html
With --db DB (an lcdash database; each server gets a copy of its own) also:
  lcframe     lcdash's own frame (ui.frame, the navigation, ui.sync_url) around a page that draws the
              floor's chart, its community chosen instead
  nourl       the same without ui.sync_url (the filters not written into the URL)
  overzicht, verhalen, lagen   lcdash's pages themselves (app.py)
The time is from Enter on the select box's first option until the script has stopped and every
chart has drawn (bench/browser.py's _change), in a fresh browser context each time.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE.parent.parent))

from browser import ARGS, CHROMIUM, _change, streamlit_server  # noqa: E402

CHART = """st.write(f"gekozen: {st.session_state.get('pick')}")
st.vega_lite_chart(
    pd.DataFrame({"k": list("abcde"), "v": [1, 3, 2, 5, 4]}),
    {"mark": "bar", "encoding": {"x": {"field": "k", "type": "nominal"}, "y": {"field": "v", "type": "quantitative"}}},
    width="stretch",
)
"""
SIDEBAR = """with st.sidebar:
    st.segmented_control("Taal", ["nl", "en"], key="lang")
    st.header("Filters")
    st.selectbox("Groep", ["a", "b", "c"], index=None, key="pick")
    st.multiselect("Belanghebbende", ["x", "y", "z"], key="m1")
    st.selectbox("Meting", ["2024-1", "2025-1"], index=None, key="w")
    st.multiselect("Niveau", ["micro", "meso", "macro"], key="m2")
"""
VARIANTS = {
    "floor": 'import pandas as pd\nimport streamlit as st\n\nst.selectbox("Groep", ["a", "b", "c"], index=None, key="pick")\n'
    + CHART,
    "sidebar": "import pandas as pd\nimport streamlit as st\n\n" + SIDEBAR + CHART,
    "navigation": "import pandas as pd\nimport streamlit as st\n\n"
    + SIDEBAR
    + "def first():\n"
    + "".join("    " + line + "\n" for line in CHART.splitlines())
    + "pages = [st.Page(first, title='Overzicht', url_path='overzicht', default=True)] + [\n"
    + "    st.Page(lambda: st.title('x'), title=f'Pagina {i}', url_path=f'p{i}') for i in range(11)]\n"
    + "st.navigation(pages, position='sidebar').run()\n",
}
VARIANTS["styles"] = VARIANTS["navigation"].replace(
    "import streamlit as st\n",
    "import streamlit as st\nfrom lcdash import a11y, ui\n\nui.print_css()\n"
    "st.html(f'{a11y.CSS}{a11y.SCRIPT}<script>document.documentElement.lang = \"nl\";</script>', "
    "unsafe_allow_javascript=True)\n",
    1,
)


LCFRAME = (
    """import pandas as pd
import streamlit as st

from lcdash import ui

st.set_page_config(page_title="lcdash", layout="wide")
ui.print_css()
ui.page_language()
view = ui.frame()


def first():
    st.title("Overzicht")
"""
    + "".join("    " + line.replace("get('pick')", "get('f_community')") + "\n" for line in CHART.splitlines())
    + """

pages = [st.Page(first, title="Overzicht", url_path="overzicht", default=True)] + [
    st.Page(lambda: st.title("x"), title=f"Pagina {i}", url_path=f"p{i}") for i in range(11)]
page = st.navigation(pages, position="sidebar")
ui.sync_url(view)
page.run()
"""
)
LCDASH = {"lcframe": LCFRAME, "nourl": LCFRAME.replace("ui.sync_url(view)\n", "")}
PAGES = {"overzicht": "", "verhalen": "verhalen", "lagen": "lagen"}


def _server(workdir: Path, name: str, source: str | None, db: Path | None = None) -> tuple[subprocess.Popen, str]:
    """A Streamlit server of SOURCE (None: lcdash's app.py), on a copy of DB when given."""
    script = HERE.parent.parent / "app.py"
    if source is not None:
        script = workdir / f"{name}.py"
        script.write_text(source, encoding="utf-8")
    env = dict(os.environ)
    if db is not None:  # one copy per server: a second process cannot open a database another one holds
        own = workdir / f"{name}.duckdb"
        shutil.copy(db, own)
        env["LCDASH_DB"] = str(own)
    return streamlit_server(script, f"{name} app", env, HERE.parent.parent)


def main(argv: list[str] | None = None) -> int:
    from playwright.sync_api import sync_playwright

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reps", type=int, default=7)
    ap.add_argument("--db", type=Path, help="an lcdash database: also lcdash's frame and pages")
    args = ap.parse_args(argv)
    chart, title = '[data-testid="stVegaLiteChart"]', '[data-testid="stMainBlockContainer"] h1'
    picked = "() => document.body.innerText.includes('gekozen: a')"
    in_url = "() => location.search.includes('community=')"
    in_text = "() => /gekozen: [^N]/.test(document.body.innerText)"
    with tempfile.TemporaryDirectory() as tmp:
        servers = {name: _server(Path(tmp), name, src) for name, src in VARIANTS.items()}
        plan = {name: (url, chart, "Groep", picked) for name, (_, url) in servers.items()}
        if args.db is not None:
            for name, src in LCDASH.items():
                servers[name] = _server(Path(tmp), name, src, args.db)
                plan[name] = (servers[name][1], chart, "Learning community", in_url if name == "lcframe" else in_text)
            servers["app"] = _server(Path(tmp), "app", None, args.db)
            for name, path in PAGES.items():
                plan[name] = (f"{servers['app'][1]}/{path}", title, "Learning community", in_url)
        times: dict[str, list[float]] = {name: [] for name in plan}
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                for url, ready, label, changed in plan.values():  # warm up once
                    _change(browser, url, ready, label, changed)
                for _ in range(args.reps):
                    for name, (url, ready, label, changed) in plan.items():
                        times[name].append(_change(browser, url, ready, label, changed))
                browser.close()
        finally:
            for proc, _ in servers.values():
                proc.terminate()
    base = statistics.median(times["floor"])
    print("| variant | filter change, median (s) | × floor | all (s) |")
    print("|---|---:|---:|---|")
    for name, got in times.items():
        m = statistics.median(got)
        print(f"| {name} | {m:.3f} | {m / base:.2f}× | {', '.join(f'{x:.2f}' for x in got)} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
