"""Charts' text alternatives (lcdash.alttext): the sentence names the strongest and weakest group with
the chart's own figures and n, and the table holds every group, suppressed ones as "verborgen"."""

from __future__ import annotations

import pandas as pd
import pytest

from lcdash import alttext, charts, deck, store
from lcdash.demo import build_demo
from lcdash.queries import Filters


@pytest.fixture(scope="module")
def runners(tmp_path_factory, config):
    db = tmp_path_factory.mktemp("alttext") / "demo.duckdb"
    build_demo(db, config)
    cur = store.shared_connection(db, 600).cursor()
    small = Filters(communities=("Logistiek Hub Venlo",), waves=("2024-2",), min_group=5)
    return deck.runner(cur, Filters(min_group=5)), deck.runner(cur, small)


def cycles(config) -> pd.DataFrame:
    keys = [c.key for c in config.cycles][:3]
    return pd.DataFrame(
        {
            "value_cycle": keys,
            "mean": [3.25, 4.5, 2.0],
            "n_resp": [40, 30, 3],
            "n_obs": [80, 60, 6],
            "suppressed": [False, False, True],
        }
    )


def test_summary_names_strongest_weakest_and_n_in_dutch(config):
    df = cycles(config)
    df.loc[2, "suppressed"] = False
    spec = charts.mean_bars_spec(df, "value_cycle", config, "nl", "Score per cyclus")
    label = {c.key: c.label("nl") for c in config.cycles}
    text = alttext.summary(spec, "nl", n_respondents=1234)
    assert text == (
        f"Score per cyclus: hoogste {label[df.value_cycle[1]]} (4,5), laagste {label[df.value_cycle[2]]} (2,0); "
        "3 groepen; n = 1.234 respondenten in de selectie."
    )


def test_suppressed_groups_never_rank_and_read_as_below_five(config):
    spec = charts.mean_bars_spec(cycles(config), "value_cycle", config, "en", "Score per cycle")
    alt = alttext.describe(spec, "en", n_respondents=73)
    label = {c.key: c.label("en") for c in config.cycles}
    assert label[config.cycles[2].key] not in alt.summary  # the group of 3 is not named
    assert "lowest " + label[config.cycles[0].key] + " (3.2)" in alt.summary
    assert alt.summary.endswith("; 1 with fewer than 5 respondents not shown.")
    assert alt.columns == ["Value cycle", "Mean (95% interval)", "Respondents"]  # the interval too (issue 17)
    assert alt.rows[2] == [label[config.cycles[2].key], "hidden", "fewer than 5"]  # issue 18's marker
    assert alt.rows[1][1:] == ["4.5", "30"]


def test_all_suppressed_and_empty(config):
    df = cycles(config).assign(suppressed=True)
    spec = charts.mean_bars_spec(df, "value_cycle", config, "nl", "T")
    assert alttext.summary(spec, "nl") == "T: elke groep heeft minder dan 5 respondenten, dus geen cijfers."
    empty = charts.mean_bars_spec(df.iloc[0:0], "value_cycle", config, "en", "T")
    assert alttext.summary(empty, "en") == "T: no data."


def every_chart(q, config, lang):
    """Every chart builder the pages use, on real query results."""
    lv = config.levels[0].key
    counts = q("cycle_counts")
    return [
        charts.mean_bars_spec(counts, "value_cycle", config, lang, "T"),
        charts.layering_spec(q("scores_by", "level", "outcome", quantiles=True), lv, config, lang, 5),
        charts.heatmap_spec(
            q("scores_by", "stakeholder_type", "level"), "stakeholder_type", "level", config, lang, "H"
        ),
        charts.grouped_bars_spec(
            q("scores_by", "stakeholder_type", "value_cycle"), "value_cycle", "stakeholder_type", config, lang, "G"
        ),
        charts.count_bars_spec(counts, config, lang, "C", 5),
        charts.value_chain_spec(q("value_chain"), config, lang, 5),
        charts.expectation_gap_spec(q("expectation_gap", "expected", "realised"), config, lang, "expected", "realised"),
        charts.trend_spec(q("scores_by", "wave", "value_cycle"), "value_cycle", config, lang, "TR"),
        charts.trend_spec(q("scores_by", "community", "wave", "value_cycle"), "community", config, lang, "TC"),
    ]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_chart_has_a_summary_and_a_full_table(runners, config, lang):
    for q in runners:
        for spec in every_chart(q, config, lang):
            alt = alttext.describe(spec, lang, n_respondents=100)
            rows = alttext._rows(spec)
            assert alt.summary.startswith(alttext._title(spec) + ": "), alt.summary
            assert "n = 100" in alt.summary or alt.summary.endswith(("geen gegevens.", "no data."))
            assert len(alt.rows) == len(rows) and all(len(r) == len(alt.columns) for r in alt.rows)
            assert not any("_" in c for c in alt.columns), alt.columns  # titles, never a raw field name
            # a suppressed group's figures read "verborgen" in the table, never a number
            for row, datum in zip(alt.rows, rows, strict=True):
                if datum.get("suppressed"):
                    assert "verborgen" in row or "hidden" in row, row


def test_a_small_selection_shows_suppressed_cells_as_suppressed(runners, config):
    _, small = runners
    spec = charts.heatmap_spec(
        small("scores_by", "stakeholder_type", "level"), "stakeholder_type", "level", config, "nl", "H"
    )
    alt = alttext.describe(spec, "nl", n_respondents=50)
    assert any("verborgen" in row for row in alt.rows)  # issue 18: the word, never "< 5"
    assert "niet getoond" in alt.summary


def test_a_filtered_layer_is_hidden_from_screen_readers_and_the_figures_stay(runners, config):
    """A heatmap's 'hidden or no data' layer is empty when every cell has a score: Vega drew it as an
    unnamed role=graphics-symbol (axe svg-img-alt on four pages). Filtered layers get aria: false;
    the unfiltered figures layer keeps its descriptions; the chart's own spec is not changed."""
    full, _ = runners
    spec = charts.heatmap_spec(
        full("scores_by", "stakeholder_type", "level"),
        "stakeholder_type",
        "level",
        config,
        "nl",
        "H",
        best_per_col=True,
    )
    quiet = alttext.quiet_subsets(spec)
    aria = [(bool(u.get("transform")), u["mark"].get("aria", True)) for u in quiet["layer"]]
    assert aria == [(True, False), (True, False), (True, False), (False, True)]  # rect, other, best; text
    assert all("aria" not in u["mark"] for u in spec["layer"])
    nested = alttext.quiet_subsets({"vconcat": [{"mark": "rect", "data": {"values": []}}, {"spec": spec}]})
    assert nested["vconcat"][0]["mark"] == {"type": "rect", "aria": False}
    assert nested["vconcat"][1]["spec"]["layer"][3]["mark"].get("aria", True) is True


def test_decoration_is_hidden_and_an_inherited_encoding_is_not_decoration():
    """The likert chart's zero line (a rule at datum 0) reads no field: its items got no description,
    an unnamed graphics-symbol to axe. A layer under a parent that encodes a field draws data."""
    spec = {
        "layer": [
            {"mark": "bar", "encoding": {"x": {"field": "share", "type": "quantitative"}}},
            {"mark": {"type": "rule"}, "encoding": {"x": {"datum": 0}}},
            {"mark": "text", "encoding": {"text": {"condition": {"test": "true", "field": "a"}, "value": ""}}},
        ]
    }
    quiet = alttext.quiet_subsets(spec)["layer"]
    assert [u["mark"].get("aria", True) if isinstance(u["mark"], dict) else True for u in quiet] == [True, False, True]
    shared = alttext.quiet_subsets({"encoding": {"y": {"field": "g", "type": "nominal"}}, "layer": [{"mark": "bar"}]})
    assert shared["layer"][0]["mark"] == "bar"
