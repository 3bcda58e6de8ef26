"""Stakeholders: who scores highest where, in one sentence and one grid; then the types over the levels.

Grouped bars (6 cycles × 8 stakeholder types in 8 colours) could not be read in five seconds; a
grid with the highest cell of each cycle outlined answers the page's question at a glance.
"""

import streamlit as st

from lcdash import charts, honest, ui
from lcdash.changes import compare_groups
from lcdash.findings import stakeholder_finding

view = ui.current()
if ui.header(view, "page_stakeholders"):
    cfg, lang, mg = view.config, view.lang, view.filters.min_group
    by_cycle = view.q("scores_by", "stakeholder_type", "value_cycle")
    finding = stakeholder_finding(by_cycle, cfg, lang)
    if finding:
        st.markdown(f"#### {finding}")
    st.caption(view.t("stakeholder_best"))
    ui.chart(
        lambda: charts.heatmap_spec(
            by_cycle,
            "stakeholder_type",
            "value_cycle",
            cfg,
            lang,
            view.t("t_stakeholder_heat"),
            mg,
            best_per_col=True,
        ),
        key="stakeholders-heat",
    )
    st.caption(view.t("grp_outline_note"))
    lead, items = honest.group_sentence(
        compare_groups(by_cycle, "stakeholder_type", "value_cycle"), "stakeholder_type", "value_cycle", cfg, lang
    )
    if lead:
        st.markdown("\n".join([lead, "", *(f"- {i}" for i in items)]))
        st.caption(view.t("grp_rest_note"))
    spread = view.q("likert", "stakeholder_type", cfg.scale.min, cfg.scale.max)
    ui.chart(lambda: honest.likert_spec(spread, "stakeholder_type", cfg, lang), key="stakeholders-likert")
    st.markdown(honest.likert_reading(spread, "stakeholder_type", cfg, lang))
    st.caption(view.t("lik_missing_note"))
    by_level = view.q("scores_by", "stakeholder_type", "level")
    ui.chart(
        lambda: charts.heatmap_spec(
            by_level, "stakeholder_type", "level", cfg, lang, view.t("t_stakeholder_level"), mg, show_n=True
        ),
        key="stakeholders-2",
    )
    st.caption(view.t("ci_note"))
    ui.suppression_note(view)
