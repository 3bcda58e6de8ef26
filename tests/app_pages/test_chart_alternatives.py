"""Every chart on every page carries its text alternative (ui.chart): the summary as the chart's
description (a screen reader's aria-label) and a closed "figures" expander whose table is made
only when it is opened, with suppressed cells as "verborgen"."""

from __future__ import annotations

import json

import pytest

PAGES = ["layering", "cycles", "stakeholders", "trends"]


def alt_keys(at) -> list[str]:
    return [k for k in at.session_state._state._state.filtered_state if str(k).startswith("alt-")]


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_every_chart_has_a_description_and_a_closed_table(run_app, page, lang):
    at = run_app(page, lang=lang)
    specs = [json.loads(el.proto.spec) for el in at.get("vega_lite_chart")]
    assert specs
    for spec in specs:
        assert " n = " in spec["description"] and spec["description"].endswith("."), spec["description"]
    label = "Cijfers bij deze grafiek" if lang == "nl" else "Figures of this chart"
    assert [e.label for e in at.expander].count(label) == len(specs)
    assert not at.table  # closed: no table is made or sent


def test_opening_the_figures_shows_the_table_with_suppressed_cells(run_app):
    at = run_app("stakeholders", community="Logistiek Hub Venlo", wave="2024-2")
    keys = alt_keys(at)
    assert len(keys) == 3  # the grid, the answers' spread (issue 17), stakeholder types × levels
    for k in keys:
        at.session_state[k] = True
    at.run()
    assert not at.exception
    assert len(at.table) == 3
    heat = at.table[2].value
    assert list(heat.columns) == ["Belanghebbende", "Niveau", "Gemiddelde (95%-interval)", "Respondenten"]
    assert (heat["Gemiddelde (95%-interval)"] == "verborgen").any()
    assert not heat.isin(["nan", "None"]).any().any()
    summary = at.text[-1].value
    assert summary.startswith("Gemiddelde score per belanghebbende en niveau: hoogste ")
