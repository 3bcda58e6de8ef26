"""Every chart on every page carries its text alternative (ui.chart): its title as the chart's
description (a screen reader's aria-label), the summary right after it for a screen reader, and a
closed "figures" expander whose table is made only when it is opened, with suppressed cells as
"verborgen". And a filter change leaves a chart's spec text alone where only its figures change,
so the browser swaps the data instead of compiling the chart again (lcdash.steady, issue 21 §2)."""

from __future__ import annotations

import html
import json

import pytest

from lcdash import a11y, ui

PAGES = ["layering", "cycles", "stakeholders", "trends"]


def alt_keys(at) -> list[str]:
    return [k for k in at.session_state._state._state.filtered_state if str(k).startswith("alt-")]


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_every_chart_has_a_description_and_a_closed_table(run_app, page, lang):
    at = run_app(page, lang=lang)
    specs = [json.loads(el.proto.spec) for el in at.get("vega_lite_chart")]
    assert specs
    summaries = [el.proto.body for el in at.get("html") if "lcdash-chart-summary" in el.proto.body]
    assert len(summaries) == len(specs)
    for spec, summary in zip(specs, summaries, strict=True):
        assert spec["description"] == ui._spec_title(spec).replace("  ", " ") != "", spec["description"]
        assert summary.startswith(f'<p class="{a11y.SR_ONLY}"'), summary
        text = html.unescape(summary.split(">", 1)[1].rsplit("<", 1)[0])
        assert text.startswith(spec["description"]) and " n = " in text and text.endswith("."), text
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


@pytest.mark.parametrize("page", ["layering", "cycles", "trends"])  # stakeholders: this community's grids are smaller
def test_a_filter_change_keeps_the_chart_text_where_only_figures_change(run_app, page):
    """The same chart of another community: its datasets have the same names (lc0, ...) and its
    description names no figure, so at least half the charts keep their spec text and only the data
    differs (a grid with fewer rows, a colour range of other figures: drawn anew)."""
    at = run_app(page)
    before = [el.proto for el in at.get("vega_lite_chart")]
    at.session_state["f_community"] = "Logistiek Hub Venlo"
    at.run()
    assert not at.exception
    after = [el.proto for el in at.get("vega_lite_chart")]
    assert len(before) == len(after)
    for old, new in zip(before, after, strict=True):
        assert [d.name for d in old.datasets] == [d.name for d in new.datasets] == ["lc0"]
        assert json.loads(old.spec)["data"] == {"name": "lc0"}
    same = sum(old.spec == new.spec for old, new in zip(before, after, strict=True))
    changed = sum(
        old.datasets[0].data.data != new.datasets[0].data.data for old, new in zip(before, after, strict=True)
    )
    assert changed == len(after)  # the figures are another community's
    assert same >= len(after) / 2, f"{same} of {len(after)} charts keep their spec text"
