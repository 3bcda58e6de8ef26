"""Trends: waves over time per cycle and per level; communities compared."""

import streamlit as st

from lcdash import charts, ui

view = ui.current()
totals = ui.header(view, "page_trends")
if totals:
    cfg, lang, mg = view.config, view.lang, view.filters.min_group
    if totals["waves"] < 2:
        st.info(view.t("one_wave"))
    ui.chart(
        lambda: charts.trend_spec(
            view.q("scores_by", "wave", "value_cycle"), "value_cycle", cfg, lang, view.t("t_trend_cycle"), mg
        ),
        key="trends-1",
    )
    ui.chart(
        lambda: charts.trend_spec(
            view.q("scores_by", "wave", "level"), "level", cfg, lang, view.t("t_trend_level"), mg
        ),
        key="trends-2",
    )
    ui.chart(
        lambda: charts.heatmap_spec(
            view.q("scores_by", "community", "value_cycle"),
            "community",
            "value_cycle",
            cfg,
            lang,
            view.t("t_communities"),
            mg,
        ),
        key="trends-3",
    )
    st.caption(view.t("ci_note"))
    ui.suppression_note(view)
