"""Overview: headline numbers and the chapter's figure 3 made live (micro / meso / macro)."""

import pandas as pd
import streamlit as st

from lcdash import stats, ui
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

    # Rows as dicts of the columns used, looked up by key: pandas filtering per level and theme
    # was most of this page's server time under load (bench/load.py).
    fields = ["mean", "lo", "hi", "n_resp", "suppressed"]
    scale = view.config.scale
    themes = stats.with_intervals(view.q("scores_by", "level", "outcome"), scale.min, scale.max)
    themes = {(r["level"], r["outcome"]): r for r in themes[["level", "outcome", *fields]].to_dict("records")}
    levels = stats.with_intervals(view.q("scores_by", "level"), scale.min, scale.max)
    levels = {r["level"]: r for r in levels[["level", *fields]].to_dict("records")}
    cycles = [
        r
        for r in view.q("scores_by", "level", "value_cycle")[["level", "value_cycle", "mean", "suppressed"]].to_dict(
            "records"
        )
        if not r["suppressed"] and pd.notna(r["mean"])
    ]
    small = view.t("suppressed", n=view.filters.min_group)
    for level in view.config.levels:
        with st.container(border=True):
            r = levels.get(level.key)
            if r is None:
                st.subheader(level.label(lang))
                st.caption(view.t("no_scores"))
                continue
            mean = small if r["suppressed"] else ui.mean_ci(r, lang)
            n = small if r["suppressed"] else fmt_int(r["n_resp"], lang)
            st.subheader(view.t("level_band", level=level.label(lang), mean=mean, n=n))
            per_row = 4
            for start in range(0, len(level.outcomes), per_row):
                chunk = level.outcomes[start : start + per_row]
                for col, outcome in zip(st.columns(per_row), chunk, strict=False):
                    o = themes.get((level.key, outcome.key))
                    if o is not None:
                        value = small if o["suppressed"] else fmt_num(o["mean"], lang)
                        col.metric(outcome.label(lang), value)
                        col.caption(f"n = {small}" if o["suppressed"] else ui.interval_caption(o, lang))
                    else:
                        col.metric(outcome.label(lang), "–")
            lc = [c for c in cycles if c["level"] == level.key]
            if lc:
                best = max(lc, key=lambda c: c["mean"])
                worst = min(lc, key=lambda c: c["mean"])
                st.caption(
                    f"{view.t('strongest')}: {view.label('value_cycle', best['value_cycle'])} ({fmt_num(best['mean'], lang)})"
                    f" · {view.t('weakest')}: {view.label('value_cycle', worst['value_cycle'])} ({fmt_num(worst['mean'], lang)})"
                )
    st.caption(view.t("ci_note"))
    ui.suppression_note(view)
