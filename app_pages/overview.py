"""Overview: headline numbers and the chapter's figure 3 made live (micro / meso / macro)."""

import numbers

import pandas as pd
import streamlit as st

from lcdash import stats, ui
from lcdash.findings import markdown_text, strong_weak
from lcdash.i18n import counted, fmt_int, fmt_num, fmt_short

view = ui.current()
totals = ui.header(view, "page_overview", "overview_intro")
if totals:
    lang = view.lang
    cols = st.columns(4)
    cols[0].metric(view.t("respondents"), fmt_int(totals["respondents"], lang))
    cols[1].metric(view.t("observations"), fmt_int(totals["observations"], lang))
    cols[2].metric(view.t("communities"), fmt_int(totals["communities"], lang))
    # approved stories from the story form count too (a hidden total stays hidden)
    told = view.q("collected_count") if isinstance(totals["stories"], numbers.Integral) else 0
    cols[3].metric(
        view.t("stories_n"),
        fmt_int(totals["stories"] + told if told else totals["stories"], lang),
        help=view.t("sc_overview_help", stories=counted(told, "sd_noun_story", lang)) if told else None,
    )

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
    mg = view.filters.min_group
    hidden = view.t("suppressed")
    on_scale = view.t("on_scale", lo=fmt_short(scale.min, lang), hi=fmt_short(scale.max, lang))
    for level in view.config.levels:
        with st.container(border=True):
            r = levels.get(level.key)
            if r is None:
                st.subheader(level.label(lang))
                st.caption(view.t("no_scores"))
                continue
            if r["suppressed"]:  # the marker stands where a sentence does, never where the score would
                st.subheader(
                    view.t(
                        "level_band_hidden", level=level.label(lang), hidden=view.t("hidden_long", n=fmt_int(mg, lang))
                    )
                )
            else:
                st.subheader(
                    view.t(
                        "level_band",
                        level=level.label(lang),
                        mean=ui.mean_ci(r, lang),
                        scale=on_scale,
                        n=counted(r["n_resp"], "noun_respondent", lang),
                    )
                )
            lc = [(c["value_cycle"], c["mean"]) for c in cycles if c["level"] == level.key]
            sentence = strong_weak(lc, lambda k: view.label("value_cycle", k), lang)
            if sentence:  # the most useful line of the band: in body type, above the tiles
                st.markdown(sentence)
            per_row = 4
            for start in range(0, len(level.outcomes), per_row):
                chunk = level.outcomes[start : start + per_row]
                for col, outcome in zip(st.columns(per_row), chunk, strict=False):
                    o = themes.get((level.key, outcome.key))
                    # the name above the tile wraps; a metric label cut it ("Leven lang ontwikkelen & inzetba…")
                    col.markdown(f"**{markdown_text(outcome.label(lang))}**")
                    if o is None:
                        col.metric(outcome.label(lang), "–", label_visibility="collapsed")
                    elif o["suppressed"]:
                        col.metric(outcome.label(lang), hidden, label_visibility="collapsed")
                        col.caption(view.t("hidden_long", n=fmt_int(mg, lang)))
                    else:
                        col.metric(outcome.label(lang), fmt_num(o["mean"], lang), label_visibility="collapsed")
                        col.caption(f"{on_scale} · {ui.interval_caption(o, lang)}")
    st.caption(view.t("ci_note"))
    ui.suppression_note(view)
