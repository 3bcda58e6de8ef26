"""Stakeholders: the types side by side over cycles and levels."""

import streamlit as st

from lcdash import charts, ui

view = ui.current()
if ui.header(view, "page_stakeholders"):
    cfg, lang, mg = view.config, view.lang, view.filters.min_group
    by_cycle = view.q("scores_by", "stakeholder_type", "value_cycle")
    ui.chart(
        lambda: charts.grouped_bars_spec(
            by_cycle, "value_cycle", "stakeholder_type", cfg, lang, view.t("t_stakeholder_cycle"), mg
        ),
        key="stakeholders-1",
    )
    by_level = view.q("scores_by", "stakeholder_type", "level")
    ui.chart(
        lambda: charts.heatmap_spec(
            by_level, "stakeholder_type", "level", cfg, lang, view.t("t_stakeholder_level"), mg, show_n=True
        ),
        key="stakeholders-2",
    )
    st.caption(view.t("ci_note"))
    ui.suppression_note(view)
