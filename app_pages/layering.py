"""Micro–meso–macro: per level and theme the mean, its spread and n; by stakeholder; drill down."""

import streamlit as st

from lcdash import charts, honest, ui

view = ui.current()
if ui.header(view, "page_layering"):
    cfg, lang, mg = view.config, view.lang, view.filters.min_group
    themes = view.q("scores_by", "level", "outcome", quantiles=True)
    st.subheader(view.t("t_layering"))
    st.caption(view.t("spread"))
    shown = set(themes["level"])
    for level in cfg.levels:
        if level.key in shown:
            ui.chart(lambda lv=level.key: charts.layering_spec(themes, lv, cfg, lang, mg), key=f"layering-{level.key}")

    spread = view.q("likert", "level", cfg.scale.min, cfg.scale.max)
    ui.chart(lambda: honest.likert_spec(spread, "level", cfg, lang), key="layering-likert")
    st.markdown(honest.likert_reading(spread, "level", cfg, lang))
    st.caption(view.t("lik_missing_note"))

    by_stakeholder = view.q("scores_by", "outcome", "stakeholder_type")
    ui.chart(
        lambda: charts.heatmap_spec(
            by_stakeholder, "outcome", "stakeholder_type", cfg, lang, view.t("t_layering_stakeholder"), mg
        ),
        key="layering-2",
    )

    st.subheader(view.t("drill_title"))
    present = set(zip(themes["level"], themes["outcome"], strict=True))
    levels = [lv for lv in cfg.levels if lv.key in shown]
    c1, c2 = st.columns(2)
    level = c1.selectbox(view.t("drill_level"), levels, format_func=lambda lv: lv.label(lang), key="drill_level")
    if level is not None:
        outcomes = [o for o in level.outcomes if (level.key, o.key) in present]
        outcome = c2.selectbox(view.t("drill_theme"), outcomes, format_func=lambda o: o.label(lang), key="drill_theme")
        if outcome is not None:
            items = view.q(
                "scores_by", "indicator", filters=view.filters.with_extra(level=level.key, outcome=outcome.key)
            )
            ui.chart(
                lambda: charts.mean_bars_spec(
                    items,
                    "indicator",
                    cfg,
                    lang,
                    view.t("t_indicators"),
                    subtitle=f"{level.label(lang)} → {outcome.label(lang)}",
                    min_group=mg,
                    colour_dim=None,
                ),
                key=f"layering-drill-{level.key}-{outcome.key}",
            )
    st.caption(view.t("ci_note"))
    ui.suppression_note(view)
