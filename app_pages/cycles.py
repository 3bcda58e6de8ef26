"""Value cycles: the six cycles in order, by stakeholder and level, capitals, the gap, the chain."""

import streamlit as st

from lcdash import charts, honest, ui
from lcdash.i18n import fmt_int, fmt_num

view = ui.current()
if ui.header(view, "page_cycles"):
    cfg, lang, mg = view.config, view.lang, view.filters.min_group
    counts = view.q("cycle_counts")
    left, right = st.columns(2)
    with left:
        ui.chart(
            lambda: charts.mean_bars_spec(counts, "value_cycle", cfg, lang, view.t("t_cycles"), min_group=mg),
            key="cycles-1",
        )
    with right:
        ui.chart(lambda: charts.count_bars_spec(counts, cfg, lang, view.t("t_cycle_counts"), mg), key="cycles-2")

    spread = view.q("likert", "value_cycle", cfg.scale.min, cfg.scale.max)
    ui.chart(lambda: honest.likert_spec(spread, "value_cycle", cfg, lang), key="cycles-likert")
    st.markdown(honest.likert_reading(spread, "value_cycle", cfg, lang))
    st.caption(view.t("lik_missing_note"))

    ui.chart(lambda: charts.value_chain_spec(view.q("value_chain"), cfg, lang, mg), key="cycles-3")
    st.caption(view.t("chain_note"))

    ui.chart(
        lambda: charts.heatmap_spec(
            view.q("scores_by", "stakeholder_type", "value_cycle"),
            "stakeholder_type",
            "value_cycle",
            cfg,
            lang,
            view.t("t_stakeholder_cycle"),
            mg,
        ),
        key="cycles-4",
    )

    matrix = view.q("scores_by", "level", "value_cycle")
    ui.chart(
        lambda: charts.heatmap_spec(matrix, "level", "value_cycle", cfg, lang, view.t("t_matrix"), mg, show_n=True),
        key="cycles-5",
    )
    quotes = view.q("cell_quotes", cfg.min_text_group_size)
    if not quotes.empty:
        first = {}  # the first quote per (level, cycle), as the query orders them
        for level_key, cycle_key, quote in zip(quotes["level"], quotes["value_cycle"], quotes["quote"], strict=True):
            first.setdefault((level_key, cycle_key), quote)
        with st.expander(view.t("matrix_quote")):
            ui.text_cards(
                [
                    ("", [(f"{level.label(lang)} × {cycle.label(lang)}", first[level.key, cycle.key])])
                    for level in cfg.levels
                    for cycle in cfg.cycles
                    if (level.key, cycle.key) in first
                ],
                border=False,
            )

    if view.q("collected_count"):  # approved stories from the story form (lcdash.stories)
        by = st.segmented_control(
            view.t("sc_by"),
            ["writer", "coders"],
            default="writer",
            format_func=lambda k: view.t(f"sc_by_{k}"),
            key="story_cycles_by",
        )
        told = view.q("collected_cycle_counts", by or "writer")
        ui.chart(
            lambda: charts.count_bars_spec(told, cfg, lang, view.t("t_story_cycles"), mg, view.t("sc_stories")),
            key=f"cycles-stories-{by}",
        )
        st.caption(view.t("sc_note"))

    capitals = view.q("scores_by", "capital")
    if not capitals.empty:
        ui.chart(
            lambda: charts.mean_bars_spec(capitals, "capital", cfg, lang, view.t("t_capitals"), min_group=mg),
            key="cycles-6",
        )

    keys = [c.key for c in cfg.cycles]
    if "expected" in keys and "realised" in keys:
        gap = view.q("expectation_gap", "expected", "realised")
        if not gap.empty and (~gap["suppressed"]).any():
            ui.chart(lambda: charts.expectation_gap_spec(gap, cfg, lang, "expected", "realised", mg), key="cycles-7")
            shown = gap[~gap["suppressed"]]
            worst = shown.loc[shown["gap"].idxmin()]
            st.caption(
                f"{view.label('outcome', worst['outcome'])}: {fmt_num(worst['expected'], lang)} → "
                f"{fmt_num(worst['realised'], lang)} (n = {fmt_int(worst['n_resp'], lang)})"
            )
    st.caption(view.t("ci_note"))
    ui.suppression_note(view)
