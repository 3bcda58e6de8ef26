"""Trends: waves over time per cycle and per level, each change with its interval and a verdict that
holds after Holm's correction (lcdash.changes); communities compared."""

import streamlit as st

from lcdash import charts, honest, ui
from lcdash.changes import compare_groups, compare_waves

view = ui.current()
totals = ui.header(view, "page_trends")
if totals:
    cfg, lang, mg = view.config, view.lang, view.filters.min_group
    if totals["waves"] < 2:
        st.info(view.t("one_wave"))
    for dim, n in (("value_cycle", 1), ("level", 2)):
        title = view.t("t_trend_cycle" if dim == "value_cycle" else "t_trend_level")
        per_wave = view.q("scores_by", "wave", dim)
        ui.chart(
            lambda dim=dim, title=title, per_wave=per_wave: charts.trend_spec(per_wave, dim, cfg, lang, title, mg),
            key=f"trends-{n}",
        )
        # the published means per wave (cached above) and the pairs' changes: the tests are arithmetic
        changes = compare_waves(per_wave, view.q("wave_pairs", dim), dim, mg)
        if changes.empty:
            continue
        ui.chart(
            lambda dim=dim, changes=changes: honest.change_spec(
                changes, dim, cfg, lang, view.t("chg_title_cycle" if dim == "value_cycle" else "chg_title_level")
            ),
            key=f"trends-change-{dim}",
        )
        st.markdown(honest.change_sentence(changes, dim, cfg, lang))
        st.caption(honest.holm_note(int((~changes["suppressed"]).sum()), lang))
    communities = view.q("scores_by", "community", "value_cycle")
    ui.chart(
        lambda: charts.heatmap_spec(communities, "community", "value_cycle", cfg, lang, view.t("t_communities"), mg),
        key="trends-3",
    )
    if communities["community"].nunique() > 1:
        lead, items = honest.group_sentence(
            compare_groups(communities, "community", "value_cycle"), "community", "value_cycle", cfg, lang
        )
        if lead:
            st.markdown("\n".join([lead, "", *(f"- {i}" for i in items)]))
            st.caption(view.t("grp_rest_note"))
    st.caption(view.t("ci_note"))
    ui.suppression_note(view)
