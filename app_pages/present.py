"""Present mode: one chart at a time, full width and large, under a title that states the finding.

The slide number lives in the URL (?dia=3), so a link reproduces the slide; the sidebar is
hidden (a toggle brings the filters back) so a projector shows only the chart. The slides are
lcdash.deck's, the same as in the PDF and PowerPoint reports, which can be downloaded here.
"""

import datetime as dt
import html

import streamlit as st

from lcdash import deck, export, report, ui
from lcdash.i18n import selection_text

PLOT_HEIGHT = 360  # px: title, buttons and chart fit a 1280×720 screen; wider screens get a wider chart
CSS = """<style>
[data-testid="stMainBlockContainer"] { padding-top: 2.2rem; padding-bottom: 1rem; max-width: 100%; }
[data-testid="stMainBlockContainer"] h1 {
  font-size: clamp(1.6rem, 2.4vw, 2.9rem) !important; line-height: 1.2 !important; padding: 0.2rem 0 0 0 !important;
}
.lc-subtitle { font-size: clamp(0.95rem, 1.05vw, 1.3rem); color: #555; margin: 0; }
</style>"""
# A slide's chart fills the viewport's height left by the buttons, the title (two lines of 1.2 × 2.4vw),
# the subtitle and the note under it, with a floor for a short window. The chart's download menu sits
# in the row of buttons, so it takes no height (at 1280×720 it was under the screen's edge).
FILL_CSS = """<style>
.st-key-present_fill [data-testid="stVegaLiteChart"], .st-key-present_fill .vega-embed {
  height: max(280px, calc(100vh - 12.5rem - 5.8vw)) !important;
}
</style>"""
# With the filters shown the slide is 300 px narrower: a smaller title (it wrapped to three lines) and
# room for the buttons' row to wrap once.
FILTERS_CSS = """<style>
[data-testid="stMainBlockContainer"] h1 { font-size: clamp(1.4rem, 2vw, 2.4rem) !important; }
.st-key-present_fill [data-testid="stVegaLiteChart"], .st-key-present_fill .vega-embed {
  height: max(260px, calc(100vh - 16rem - 4.8vw)) !important;
}
@media (min-width: 1400px) {  /* wide enough for the buttons in one row beside the sidebar */
  .st-key-present_fill [data-testid="stVegaLiteChart"], .st-key-present_fill .vega-embed {
    height: max(260px, calc(100vh - 12.5rem - 4.8vw)) !important;
  }
}
</style>"""
HIDE_SIDEBAR = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"] {
  display: none !important;
}
</style>"""


def _go(to: int) -> None:
    st.query_params["dia"] = str(to)


view = ui.current()
lang = view.lang
st.html(CSS)
filters_shown = bool(st.session_state.get("present_filters"))
if not filters_shown:
    st.html(HIDE_SIDEBAR)

totals = view.q("totals")
slides = deck.build_deck(view.q, view.config, lang, view.filters.min_group) if totals["observations"] else []
n = len(slides)

raw = st.query_params.get("dia")
i, notice = 1, None
if raw is not None:
    try:
        i = int(raw)
    except ValueError:
        i, notice = 1, raw
    if not 1 <= i <= max(n, 1):
        i, notice = min(max(i, 1), max(n, 1)), raw
if n and st.query_params.get("dia") != str(i):
    st.query_params["dia"] = str(i)

# One row of buttons at their own width, wrapping when narrow: in columns, with the sidebar open at
# 1280×720, they were cut to "P…" and "N…". No arrow icon: the key hint (← →) is the arrow already.
nav = st.container(horizontal=True, vertical_alignment="center", gap="medium", key="present_nav")
nav.button(
    view.t("present_prev"),
    on_click=_go,
    args=(i - 1,),
    disabled=i <= 1,
    shortcut="Left",
    key="present_prev",
)
nav.markdown(f"**{view.t('present_slide', i=i, n=n)}**" if n else "", width="content")
nav.button(
    view.t("present_next"),
    on_click=_go,
    args=(i + 1,),
    disabled=i >= n,
    shortcut="Right",
    key="present_next",
)
nav.space("stretch")
with nav:
    st.toggle(view.t("present_filters"), key="present_filters", width="content")
with nav.popover(view.t("download_report"), icon=":material/description:", key="present_report"):
    st.caption(view.t("report_wait"))
    con, config, filters = view.con, view.config, view.filters
    stamp = dt.date.today().isoformat()
    for fmt, label, mime in (
        ("pdf", "report_pdf", "application/pdf"),
        ("pptx", "report_pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    ):
        st.download_button(
            view.t(label),
            ui.guarded(view, lambda fmt=fmt: report.render_report(con, config, filters, lang, fmt)),
            file_name=f"lcdash-{'rapport' if lang == 'nl' else 'report'}-{stamp}.{fmt}",
            mime=mime,
            on_click="ignore",
            icon=":material/picture_as_pdf:" if fmt == "pdf" else ":material/slideshow:",
            key=f"report_{fmt}",
        )
if notice is not None:
    st.warning(view.t("present_bad_slide", value=ui.literal(notice), i=i), icon=":material/link_off:")
if not slides:
    st.title(view.t("page_present"))
    if totals.get("hidden"):  # lcdash.disclosure refused the selection
        st.info(view.t("selection_hidden", n=view.filters.min_group), icon=":material/visibility_off:")
    else:
        st.info(view.t("present_empty"), icon=":material/filter_alt_off:")
else:
    slide = slides[i - 1]
    st.title(slide.title)
    subtitle = " · ".join(
        [
            export.filters_caption(view.config, view.filters, lang),
            selection_text(totals["respondents"], totals["observations"], lang),
        ]
    )
    st.html(f'<p class="lc-subtitle">{html.escape(subtitle)}</p>')  # names from the data: text, never markup
    # On a screen every slide fills the height left under its title, the grid of stakeholder types too
    # (it kept its rows' own height and left a third of a 1920×1080 screen empty); `fill` is the report's.
    with st.container(key="present_fill"):
        st.html(FILL_CSS + (FILTERS_CSS if filters_shown else ""))
        st.vega_lite_chart(export.slide_spec(slide.chart, lang), width="stretch")
    with nav:  # the chart's own download menu, beside the report's
        chart = slide.chart.properties(height=PLOT_HEIGHT) if slide.fill else slide.chart
        ui.chart_downloads(chart, big=True, label_key="download_chart")
    if slide.note:
        st.caption(slide.note)
if not filters_shown:  # the sidebar, when shown, links every page already
    nav.page_link("app_pages/overview.py", label=view.t("page_overview"), icon=":material/dashboard:")
