"""Overview: headline numbers and the chapter's figure 3 made live (micro / meso / macro)."""

import streamlit as st

from lcdash import ui
from lcdash.i18n import fmt_int, fmt_num

view = ui.current()
totals = ui.header(view, "page_overview", "overview_intro")
if totals:
    lang = view.lang
    cols = st.columns(4)
    cols[0].metric(view.t("respondents"), fmt_int(totals["respondents"], lang))
    cols[1].metric(view.t("observations"), fmt_int(totals["observations"], lang))
    cols[2].metric(view.t("communities"), fmt_int(totals["communities"], lang))
    cols[3].metric(view.t("stories_n"), fmt_int(totals["stories"], lang))

    themes = view.q("scores_by", "level", "outcome")
    levels = view.q("scores_by", "level")
    cycles = view.q("scores_by", "level", "value_cycle")
    small = view.t("suppressed", n=view.filters.min_group)
    for level in view.config.levels:
        with st.container(border=True):
            row = levels[levels["level"] == level.key]
            if row.empty:
                st.subheader(level.label(lang))
                st.caption(view.t("no_scores"))
                continue
            r = row.iloc[0]
            mean = small if r["suppressed"] else fmt_num(r["mean"], lang)
            n = small if r["suppressed"] else fmt_int(r["n_resp"], lang)
            st.subheader(view.t("level_band", level=level.label(lang), mean=mean, n=n))
            part = themes[themes["level"] == level.key].set_index("outcome")
            per_row = 4
            for start in range(0, len(level.outcomes), per_row):
                chunk = level.outcomes[start : start + per_row]
                for col, outcome in zip(st.columns(per_row), chunk, strict=False):
                    if outcome.key in part.index:
                        o = part.loc[outcome.key]
                        value = small if o["suppressed"] else fmt_num(o["mean"], lang)
                        col.metric(outcome.label(lang), value)
                        col.caption(f"n = {small if o['suppressed'] else fmt_int(o['n_resp'], lang)}")
                    else:
                        col.metric(outcome.label(lang), "–")
            lc = cycles[(cycles["level"] == level.key) & ~cycles["suppressed"]]
            if not lc.empty:
                best = lc.loc[lc["mean"].idxmax()]
                worst = lc.loc[lc["mean"].idxmin()]
                st.caption(
                    f"{view.t('strongest')}: {view.label('value_cycle', best['value_cycle'])} ({fmt_num(best['mean'], lang)})"
                    f" · {view.t('weakest')}: {view.label('value_cycle', worst['value_cycle'])} ({fmt_num(worst['mean'], lang)})"
                )
    ui.suppression_note(view)
