"""Helpers for page tests: chart data as the browser receives it, independent SQL, page text."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pyarrow as pa
from streamlit.testing.v1 import AppTest

from lcdash.demo import DEMO_DIR

ROOT = Path(__file__).resolve().parents[2]
DEMO_CSV = DEMO_DIR / "demo_observations.csv"


def charts(at: AppTest) -> list[tuple[str, list[dict]]]:
    """(title, rows) of every Altair chart the page drew: what the chart was actually sent."""
    out = []
    for el in at.get("vega_lite_chart"):
        spec = json.loads(el.proto.spec)
        title = _title(spec)
        rows: list[dict] = []
        for ds in el.proto.datasets:  # st.altair_chart sends data as Arrow
            table = pa.ipc.open_stream(ds.data.data).read_all()
            rows += table.to_pylist()
        for values in spec.get("datasets", {}).values():  # a cached spec carries it inline
            rows += values
        out.append((title, rows))
    return out


def open_downloads(at: AppTest) -> AppTest:
    """Open every chart's download menu (as a click does) and rerun: the buttons exist only while it is open."""
    menus = [k for k in at.session_state._state._state.filtered_state if str(k).startswith("dl-")]
    assert menus, "no download menus on this page"
    for k in menus:
        at.session_state[k] = True
    return at.run()


def _title(spec: dict) -> str:
    for part in [spec, *spec.get("layer", []), *spec.get("vconcat", [])]:
        title = part.get("title")
        if title:
            text = title.get("text", "") if isinstance(title, dict) else title
            return " ".join(text) if isinstance(text, list) else text  # a long title is sent in lines (a11y.reflow)
    return ""


def chart(at: AppTest, title: str) -> list[dict]:
    found = [rows for t, rows in charts(at) if t == title]
    assert found, f"no chart titled {title!r}; charts: {[t for t, _ in charts(at)]}"
    return found[0]


def sql(query: str, *params) -> list[tuple]:
    """An independent answer, straight from the demo CSV (its labels are config keys already)."""
    con = duckdb.connect()
    return con.execute(query.replace("demo", f"read_csv('{DEMO_CSV}', all_varchar=false)"), list(params)).fetchall()


def own_means(groups: str, where: str = "TRUE", *params) -> dict:
    """The mean over respondents of their own mean per GROUPS (one column, or several: then tuples
    as keys), straight from the demo CSV: how every figure on the pages is computed (issue 17)."""
    rows = sql(
        f"""SELECT {groups}, avg(m) FROM (SELECT {groups}, community, respondent_id, avg(score) AS m FROM demo
            WHERE score IS NOT NULL AND {where} GROUP BY ALL) GROUP BY ALL""",
        *params,
    )
    return {(r[0] if len(r) == 2 else tuple(r[:-1])): r[-1] for r in rows}


SHOWN = 0.051  # a chart's figures are rounded to the one decimal shown


def texts(at: AppTest) -> str:
    """Everything the page says as text, for 'is X shown / never shown' checks."""
    parts = []
    for kind in ("title", "header", "subheader", "caption", "markdown", "text", "info", "warning", "error", "metric"):
        for el in getattr(at, kind):
            parts.append(str(getattr(el, "value", "")))
            if kind == "metric":
                parts.append(str(el.label))
    return "\n".join(parts)
