"""Charts on a page: cached specs for the browser, their text alternative and their downloads."""

from __future__ import annotations

import hashlib
import html
from typing import Any

import pandas as pd
import streamlit as st

from lcdash import a11y, steady
from lcdash.i18n import t
from lcdash.ui.page import SELECTION
from lcdash.ui.signin import guarded
from lcdash.ui.view import _key, current


def chart(
    c: Any, big: bool = False, download: bool = True, key: str | None = None, respondents: Any = SELECTION
) -> None:
    """Draw chart C: a Vega-Lite spec dict (lcdash.charts' `*_spec`) or an Altair chart.

    C may be a function that builds it, with a KEY naming the chart on its page: then the
    finished spec is cached per key, filters, language and data version, so a warm rerun
    neither queries nor builds the chart again (the largest part of a page's time, measured
    with bench/pages.py and bench/load.py).

    Every chart gets its text alternative (lcdash.alttext): the summary as the chart's
    description (what a screen reader announces) and its figures as a table on demand.
    RESPONDENTS is the n that summary names: the selection's by default, None for none.
    """
    from lcdash import charts

    if callable(c) and key is not None:
        view = current()
        spec, alt = _spec(
            key=_key(view.db_key, view.version, repr(view.filters), view.lang, big, key, respondents),
            _lang=view.lang,
            _big=big,
            _build=c,
            _n=_respondents(respondents),
            _min_group=view.filters.min_group,
        )
        st.vega_lite_chart(spec, width="stretch")
        text_alternative(alt, key)
        if download:
            chart_downloads(_Lazy(c), big, title=_spec_title(spec))
        return
    c = c() if callable(c) else c
    view = current()
    if isinstance(c, dict):
        spec = charts.styled(c, big)
        alt = _describe(spec, view.lang, _respondents(respondents), view.filters.min_group)
        spec = _for_browser(spec, view.lang)
        st.vega_lite_chart(spec, width="stretch")
        text_alternative(alt, None)
        if download:
            chart_downloads(_Lazy(lambda: c), big, title=_spec_title(spec))
        return
    spec = charts.style(c, big).to_dict(validate=False)
    alt = _describe(spec, view.lang, _respondents(respondents), view.filters.min_group)
    st.vega_lite_chart(_for_browser(spec, view.lang), width="stretch")
    text_alternative(alt, None)
    if download:
        chart_downloads(c, big)


def _respondents(respondents: Any) -> int | None:
    if respondents == SELECTION:
        return int(current().q("totals")["respondents"])
    return respondents


def _describe(spec: dict, lang: str, n: int | None, min_group: int) -> Any:
    """SPEC's text alternative. The spec's description (Vega's aria-label, the chart's accessible
    name) is its title: the summary, with its figures, changed the spec's text on every filter
    change, and then the browser compiled the chart anew (lcdash.steady); text_alternative says
    the summary right after the chart instead."""
    from lcdash import alttext

    alt = alttext.describe(spec, lang, n, min_group)
    spec["description"] = alttext._title(spec) or alt.summary
    return alt


def text_alternative(alt: Any, key: str | None) -> None:
    """ALT (an alttext.TextAlternative) under its chart: the summary for a screen reader (the chart's
    accessible name is its title), then the figures as a table in an expander whose content is
    made only when it is opened, after the summary again."""
    view = current()
    st.html(f'<p class="{a11y.SR_ONLY}" data-testid="lcdash-chart-summary">{html.escape(alt.summary)}</p>')
    seen = st.session_state.setdefault("_alt_keys", {})  # keys used in this run
    if seen.get("") is not view:
        seen.clear()
        seen[""] = view
    stem = key or hashlib.sha1(alt.summary.encode()).hexdigest()[:12]
    seen[stem] = seen.get(stem, 0) + 1
    box = st.expander(
        view.t("alt_table"), key=f"alt-{stem}-{seen[stem]}", on_change="rerun", icon=":material/table_view:"
    )
    if box.open:
        with box:
            st.text(alt.summary)
            st.table(pd.DataFrame(alt.rows, columns=alt.columns), hide_index=True)


# Swap the separators of an axis label Vega formatted in English ("9,000", "1.5"). The images
# (lcdash.export) get the nl-NL locale from vl-convert instead.
DUTCH_NUMBERS = (
    "replace(replace(replace(datum.label, regexp(',', 'g'), '_'), regexp('[.]', 'g'), ','), regexp('_', 'g'), '.')"
)


@st.cache_data(show_spinner=False, max_entries=2000)
def _spec(*, key: str, _lang: str, _big: bool, _build: Any, _n: int | None, _min_group: int) -> tuple[dict, Any]:
    """The finished spec of what _BUILD returns, styled, its data already Arrow IPC bytes, and its
    text alternative (alttext.describe of the aggregate the chart was drawn from); cached under KEY."""
    from lcdash import charts

    built = _build()
    spec = charts.styled(built, _big) if isinstance(built, dict) else charts.style(built, _big).to_dict(validate=False)
    alt = _describe(spec, _lang, _n, _min_group)
    return _for_browser(spec, _lang), alt


def _for_browser(spec: dict, lang: str) -> dict:
    """SPEC with Dutch axis numbers for Dutch readers, and its data as named Arrow datasets:
    st.vega_lite_chart passes bytes through, where it would convert a list of rows to Arrow
    again on every rerun."""
    from streamlit import dataframe_util

    from lcdash import alttext, disclosure

    spec = disclosure.minimise_spec(spec)  # only the fields the chart draws, figures as precise as shown
    spec = alttext.quiet_subsets(spec)  # a filtered layer may be empty: an unnamed image to a screen reader
    spec = a11y.reflow(spec)  # long titles in lines, legends in the columns the width holds (200 % zoom)
    quantitative = spec.setdefault("config", {}).setdefault("axisQuantitative", {})
    quantitative.setdefault("format", ",~r")  # thousands grouped: 8,000 (8.000 in Dutch), not 8000
    if lang == "nl":  # the browser formats numbers the English way; Dutch writes 1,5 and 9.000
        quantitative.setdefault("labelExpr", DUTCH_NUMBERS)
    datasets = dict(spec.get("datasets", {}))
    data = spec.get("data")
    if isinstance(data, dict) and "values" in data:  # inline rows (lcdash.charts' specs) become a named dataset
        name = "data-" + hashlib.sha1(repr(data["values"]).encode()).hexdigest()[:16]
        datasets[name] = data["values"]
        spec["data"] = {"name": name}
    # names from their place in the spec, not from their rows: the same chart of another selection is
    # the same text, and the browser swaps its data instead of compiling it anew (lcdash.steady)
    spec = steady.stable_names(steady.without_text({**spec, "datasets": datasets}))
    datasets = spec["datasets"]
    spec["datasets"] = {
        name: dataframe_util.convert_anything_to_arrow_bytes(pd.DataFrame(rows)) for name, rows in datasets.items()
    }
    return spec


class _Lazy:
    """Stands in for a chart that is only built when an image of it is downloaded."""

    def __init__(self, build: Any):
        self._build, self._chart = build, None

    def __getattr__(self, name: str) -> Any:
        if self._chart is None:
            from lcdash import charts

            built = self._build()
            self._chart = charts.to_altair(built) if isinstance(built, dict) else built
        return getattr(self._chart, name)


def _spec_title(spec: dict) -> str:
    for part in [spec, *spec.get("layer", []), *spec.get("vconcat", [])]:
        title = part.get("title")
        if title:
            text = title.get("text", "") if isinstance(title, dict) else title
            return " ".join(text) if isinstance(text, list) else str(text)  # a11y.reflow's lines
    return ""


def chart_downloads(c: Any, big: bool = False, title: str | None = None, label_key: str = "download") -> None:
    """PNG (2x) and SVG of chart C, with its title and the active filters as caption, in a menu LABEL_KEY.

    The buttons exist only while their menu is open (opening it reruns the page, from the cache):
    two download buttons per chart were a seventh of the server's CPU with 50 sessions
    (bench/load.py). The images are made only when a button is clicked.
    """
    from lcdash import export

    view = current()
    lang = view.lang
    stem = export.file_stem(
        title if title is not None else export.chart_title(c), "grafiek" if lang == "nl" else "chart"
    )
    seen = st.session_state.setdefault("_chart_files", {})  # file names used in this run
    if seen.get("") is not view:
        seen.clear()
        seen[""] = view
    seen[stem] = seen.get(stem, 0) + 1
    key = f"{stem}-{seen[stem]}"
    menu = st.popover(
        view.t(label_key), icon=":material/download:", type="tertiary", key=f"dl-{key}", on_change="rerun"
    )
    if menu.open:
        with menu:
            caption = export.image_caption(view.config, view.filters, lang, view.q("totals"))
            _download_buttons(c, big, caption, lang, stem, key)


def _download_buttons(c: Any, big: bool, caption: str, lang: str, stem: str, key: str) -> None:
    from lcdash import export

    for kind, draw, mime, icon in (
        ("png", export.chart_png, "image/png", ":material/image:"),
        ("svg", export.chart_svg, "image/svg+xml", ":material/polyline:"),
    ):
        st.download_button(
            t(f"download_{kind}", lang),
            guarded(current(), lambda draw=draw: draw(c, caption, lang, big)),
            file_name=f"{stem}.{kind}",
            mime=mime,
            on_click="ignore",
            icon=icon,
            key=f"{kind}-{key}",
        )
