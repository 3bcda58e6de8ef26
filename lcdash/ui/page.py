"""Page helpers: the title and what the filters leave, the language and print styles, and text
from users shown as text.
"""

from __future__ import annotations

import html
import re
from typing import Any

import pandas as pd
import streamlit as st

from lcdash import a11y
from lcdash.i18n import fmt_int, selection_text, t
from lcdash.ui.view import View, _clear_filters, _config


def header(view: View, title_key: str, intro_key: str | None = None) -> dict | None:
    """Page title, what the filters leave, and a way back when they leave nothing.

    Returns the totals, or None (after saying so) when the selection is empty.
    """
    st.title(view.t(title_key))
    if intro_key:
        st.caption(view.t(intro_key))
    totals = view.q("totals")
    if totals.get("hidden"):  # lcdash.disclosure refused the selection: no figure at all
        st.info(view.t("selection_hidden", n=view.filters.min_group), icon=":material/visibility_off:")
        st.button(view.t("reset_filters"), on_click=_clear_filters, key="reset_empty")
        return None
    if not totals["observations"]:
        st.info(view.t("empty_selection"), icon=":material/filter_alt_off:")
        st.button(view.t("reset_filters"), on_click=_clear_filters, key="reset_empty")
        return None
    st.caption(selection_text(totals["respondents"], totals["observations"], view.lang))
    return totals


SELECTION = "selection"  # ui.chart's default n: the respondents the sidebar filters leave


PRINT_CSS = """<style>
@media print {
  [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
  [data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"],
  [data-testid="stPopover"], [data-testid="stDownloadButton"], [data-testid="stButton"],
  [data-testid="stBaseButton-headerNoPadding"], .lc-no-print { display: none !important; }
  [data-testid="stMain"], [data-testid="stAppViewContainer"] { margin-left: 0 !important; }
  [data-testid="stMainBlockContainer"] { max-width: 100% !important; padding: 0.5rem 1rem !important; }
  [data-testid="stVegaLiteChart"], [data-testid="stVerticalBlockBorderWrapper"], [data-testid="stMetric"], .lc-card {
    break-inside: avoid;
  }
  h1, h2, h3 { break-after: avoid; }
}
</style>"""


def print_css() -> None:
    """How every page prints (the browser's print to PDF): content only, no sidebar, toolbar or buttons."""
    st.html(PRINT_CSS)


def page_language() -> None:
    """Make the page's `lang` attribute follow the UI language (Streamlit's page says "en" always),
    so a screen reader pronounces Dutch as Dutch; and lcdash.a11y's focus ring, caption contrast
    and popover focus order.

    Called before the frame, so the sign-in prompt gets it too: the language switch's new value
    is in the session state when the rerun it causes starts."""
    default = _config().language
    lang = st.session_state.get("lang") or st.query_params.get("lang") or default
    lang = lang if lang in ("nl", "en") else default
    st.html(
        f"{a11y.CSS}{a11y.SCRIPT}<script>document.documentElement.lang = {lang!r};</script>",
        unsafe_allow_javascript=True,
    )


def literal(text: Any, limit: int = 80) -> str:
    """TEXT (from a URL or an upload) as a markdown code span: shown as typed, never as a link,
    an image, HTML, a colour or an icon, inside a notice that is markdown. Cut at LIMIT characters."""
    value = " ".join(str(text).split())
    value = value if len(value) <= limit else value[: limit - 1] + "…"
    fence = "`" * (max((len(run) for run in re.findall(r"`+", value)), default=0) + 1)
    return f"{fence} {value} {fence}"


def plain(text: Any) -> None:
    """Show text from an upload exactly as written: never as HTML or markdown."""
    st.text(str(text))


# A card looks like st.container(border=True) with st.text and st.caption inside it.
CARD_CSS = """<style>
.lc-cards { display: flex; flex-direction: column; gap: 1rem; }
.lc-card { border: 1px solid rgba(49, 51, 63, 0.2); border-radius: 0.5rem; padding: calc(1em - 1px); }
.lc-cards p { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; font-size: 1rem; line-height: 1.6; }
.lc-cards p + p { margin-top: 0.75rem; }
.lc-cards p.lc-label { font-size: 0.875rem; color: rgba(49, 51, 63, 0.8); }
.lc-cards p.lc-label + p { margin-top: 0.25rem; }
</style>"""


def text_cards(cards: list[tuple[str, list[tuple[str, str]]]], border: bool = True) -> None:
    """Cards of uploaded text, each a header line and (label, text) steps, drawn as ONE element.

    Every string is HTML-escaped and kept with its line breaks, so it reads exactly as written,
    never as HTML or markdown (as `plain` does). One element instead of a container, a text and
    a caption per step: the stories page drew ~280 elements, and Streamlit's cost per element
    was a fifth of the server's CPU with 50 sessions (bench/load.py).
    """
    parts = []
    for header, steps in cards:
        body = [f"<p>{html.escape(header)}</p>"] if header else []
        for label, text in steps:
            body.append(f'<p class="lc-label">{html.escape(label)}</p><p>{html.escape(str(text))}</p>')
        parts.append(f'<div class="{"lc-card" if border else "lc-plain"}">{"".join(body)}</div>')
    st.html(f'{CARD_CSS}<div class="lc-cards">{"".join(parts)}</div>')


def mean_ci(row: dict, lang: str) -> str:
    """'3,7 (3,4 – 4,0)': a mean with its 95% interval (lo, hi from lcdash.stats.with_intervals)."""
    from lcdash.i18n import fmt_num

    if pd.isna(row.get("lo")) or pd.isna(row.get("hi")):
        return fmt_num(row["mean"], lang)
    return f"{fmt_num(row['mean'], lang)} ({t('ci_range', lang, lo=fmt_num(row['lo'], lang), hi=fmt_num(row['hi'], lang))})"


def interval_caption(row: dict, lang: str) -> str:
    """'95%: 3,4 – 4,0 · n = 24' under a metric that shows the mean alone."""
    from lcdash.i18n import fmt_num

    n = f"n\u00a0=\u00a0{fmt_int(row['n_resp'], lang)}"  # never broken as "n =" / "1.410" in a narrow tile
    if pd.isna(row.get("lo")) or pd.isna(row.get("hi")):
        return n
    return f"95%: {t('ci_range', lang, lo=fmt_num(row['lo'], lang), hi=fmt_num(row['hi'], lang))} · {n}"


def suppression_note(view: View) -> None:
    """The legend of the hidden-figure marker: what 'verborgen' on a chart, tile or table means."""
    st.caption(view.t("hidden_legend", n=view.filters.min_group))


def download_csv(view: View, df: pd.DataFrame, name: str) -> None:
    st.download_button(
        view.t("download_csv"), df.to_csv(index=False).encode("utf-8"), file_name=f"{name}.csv", mime="text/csv"
    )
