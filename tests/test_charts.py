"""Chart specs: the dict builders the pages draw and the Altair charts the exports and slides use are one chart.

The pages draw `charts.*_spec` dicts (cheap to build); lcdash.export and lcdash.deck take the
Altair form. These tests pin that both give the same Vega-Lite, that every label a reader sees
is a config label in their language, and that the Altair form can still be re-encoded.
"""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest

from lcdash import charts, deck, store
from lcdash.demo import build_demo
from lcdash.i18n import t
from lcdash.queries import Filters


@pytest.fixture(scope="module")
def q(tmp_path_factory, config):
    db = tmp_path_factory.mktemp("charts") / "demo.duckdb"
    build_demo(db, config)
    con = store.shared_connection(db, 600)
    return deck.runner(con.cursor(), Filters(min_group=5))


def builders(q, config, lang: str) -> dict:
    """(spec builder, its arguments) for every chart the dashboard pages draw."""
    lv = config.levels[0]
    themes = q("scores_by", "level", "outcome", quantiles=True)
    counts = q("cycle_counts")
    return {
        "mean_bars": (charts.mean_bars_spec, (counts, "value_cycle", config, lang, "T"), {"min_group": 5}),
        "indicators": (
            charts.mean_bars_spec,
            (q("scores_by", "indicator"), "indicator", config, lang, "I"),
            {"subtitle": "a → b", "colour_dim": None},
        ),
        "layering": (charts.layering_spec, (themes, lv.key, config, lang, 5), {}),
        "heatmap": (
            charts.heatmap_spec,
            (q("scores_by", "level", "value_cycle"), "level", "value_cycle", config, lang, "H", 5),
            {"show_n": True},
        ),
        "grouped_bars": (
            charts.grouped_bars_spec,
            (q("scores_by", "stakeholder_type", "value_cycle"), "value_cycle", "stakeholder_type", config, lang, "G"),
            {},
        ),
        "count_bars": (charts.count_bars_spec, (counts, config, lang, "C", 5), {}),
        "value_chain": (charts.value_chain_spec, (q("value_chain"), config, lang, 5), {}),
        "gap": (
            charts.expectation_gap_spec,
            (q("expectation_gap", "expected", "realised"), config, lang, "expected", "realised", 5),
            {},
        ),
        "trend": (charts.trend_spec, (q("scores_by", "wave", "value_cycle"), "value_cycle", config, lang, "TR"), {}),
        "trend_community": (
            charts.trend_spec,
            (q("scores_by", "wave", "community"), "community", config, lang, "TC"),
            {},
        ),
    }


def _inline(spec: dict) -> dict:
    """SPEC with named datasets resolved into inline values, NaN as null: comparable across builders."""
    datasets = spec.pop("datasets", {})
    spec.pop("$schema", None)
    data = spec.get("data")
    if isinstance(data, dict) and data.get("name") in datasets:
        spec["data"] = {"values": datasets[data["name"]]}
    text = json.dumps(spec, default=str)
    return json.loads(text, parse_constant=lambda c: None)


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("big", [False, True])
def test_altair_form_gives_the_same_spec_as_the_page(q, config, lang, big):
    for name, (build, args, kwargs) in builders(q, config, lang).items():
        page = _inline(charts.styled(build(*args, **kwargs), big))
        altair = charts.style(charts.to_altair(build(*args, **kwargs)), big).to_dict()
        assert page == _inline(altair), name


def test_specs_are_plain_json_with_missing_values_as_null(q, config):
    for name, (build, args, kwargs) in builders(q, config, "nl").items():
        spec = build(*args, **kwargs)
        text = json.dumps(spec, allow_nan=False)  # NaN would not be valid JSON for the browser
        assert json.loads(text) == spec, name


def test_suppressed_groups_are_null_not_nan():
    df = pd.DataFrame({"value_cycle": ["expected", "realised"], "mean": [3.5, math.nan], "n_resp": [40.0, math.nan]})
    df["suppressed"] = df["mean"].isna()
    from lcdash.config import load_config

    spec = charts.mean_bars_spec(df, "value_cycle", load_config(), "nl", "T")
    rows = spec["data"]["values"]
    assert rows[1]["mean"] is None and rows[1]["mean_txt"] == "verborgen"


def test_every_label_is_a_dutch_config_label_never_a_key(q, config):
    keys = {i.key for dim in ("value_cycle", "level", "outcome", "stakeholder_type") for i in config.dimension(dim)}
    for name, (build, args, kwargs) in builders(q, config, "nl").items():
        spec = build(*args, **kwargs)
        layers = spec.get("layer", [spec])
        for layer in layers:
            for channel, enc in layer["encoding"].items():
                if not isinstance(enc, dict):  # tooltips: fields, checked with the rows below
                    continue
                shown = enc.get("sort", []) if isinstance(enc.get("sort"), list) else []
                shown += enc.get("scale", {}).get("domain", []) if channel == "color" else []
                assert not keys & {s for s in shown if isinstance(s, str)}, (name, channel, shown)
        for row in spec["data"]["values"]:
            for col, value in row.items():
                if col.endswith("_label"):
                    assert value not in keys or col == "community_label", (name, col, value)
    cycles = builders(q, config, "nl")["count_bars"]
    labels = cycles[0](*cycles[1])["layer"][0]["encoding"]["y"]["sort"]
    assert "Gerealiseerde waarde" in labels and "realised" not in labels


def test_altair_form_can_be_recoloured_and_titled_like_the_slides_do(q, config):
    import altair as alt

    from lcdash import export

    build, args, kwargs = builders(q, config, "nl")["mean_bars"]
    chart = charts.mean_bars(*args, **kwargs)
    assert export.chart_title(chart) == "T"
    chart.layer[0] = chart.layer[0].encode(color=alt.Color("value_cycle_label:N", title="Waardecyclus"))
    spec = chart.to_dict()
    assert spec["layer"][0]["encoding"]["color"]["title"] == "Waardecyclus"
    assert chart.layer[1].mark.type == "text" and chart.layer[1].mark.fontSize == 12


def test_the_answer_counts_name_every_cycle_in_a_half_column(q, config):
    """The counts beside the mean scores are horizontal bars: standing in a half-width column, Vega
    hid every other cycle's name to keep them from overlapping."""
    build, args, kwargs = builders(q, config, "en")["count_bars"]
    spec = build(*args, **kwargs)
    bars = spec["layer"][0]["encoding"]
    assert bars["y"]["field"] == "value_cycle_label" and bars["x"]["field"] == "n_all"
    assert len(bars["y"]["sort"]) == 6 and spec["height"] >= 32 * 6


def test_cycle_names_under_bars_wrap_instead_of_being_cut(q, config):
    """On a slide the larger font cut 'Verwachte waarde' to 'Verwachte wa…' (labelLimit 150): the
    names under the value chain's bars go a word a line, on screen as in exported files."""
    build, args, kwargs = builders(q, config, "nl")["value_chain"]
    axis = build(*args, **kwargs)["layer"][0]["encoding"]["x"]["axis"]
    assert axis["labelExpr"] == "split(datum.label, ' ')" and axis["labelAngle"] == 0


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_level_charts_start_their_score_axes_at_one_place(q, config, lang):
    """The layering page stacks a chart per level; with theme names of different lengths their
    score axes started at different places (222 to 332 px from the left), so bars of two
    levels could not be compared by eye. Drawn by Vega, every level's plot starts at the same x,
    and the Q1–Q3 range never runs through the figure."""
    import re

    import vl_convert as vlc

    themes = q("scores_by", "level", "outcome", quantiles=True)
    starts = set()
    for lv in config.levels:
        spec = charts.styled(charts.layering_spec(themes, lv.key, config, lang, 5))
        spec["width"] = 700
        starts.add(re.findall(r"translate\(([\d.]+),", vlc.vegalite_to_svg(spec))[0])
        marks = [layer["mark"] for layer in spec["layer"]]
        rule, text = marks[1], marks[-1]
        # the range runs through the bar's middle with caps (|—|), not along its lower edge as an
        # underline; the figure stands after whichever ends later, bar or range
        assert rule["type"] == "rule" and "yOffset" not in rule
        assert [m["type"] for m in marks[2:4]] == ["tick", "tick"]
        assert "max(datum.mean" in spec["layer"][-1]["transform"][0]["calculate"] and "dy" not in text
    assert len(starts) == 1, starts


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_gap_note_does_not_place_expectation_left(q, lang):
    """The expectation-gap chart's note said "left the expectation, right what was realised";
    in the demo every theme realised less than expected, so the realised dot sat on the left."""
    gap = q("expectation_gap", "expected", "realised")
    assert (gap["gap"].dropna() < 0).any()  # the case the old note got wrong
    note = t("gap_note", lang).lower()
    assert not {"links", "rechts", "left", "right"} & set(note.replace(".", " ").replace(",", " ").split())


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("name", ["grouped_bars", "value_chain", "mean_bars", "count_bars"])
def test_no_cycle_name_is_cut_under_or_beside_the_bars(q, config, lang, name):
    """Drawn by Vega at the width of a page's column, no cycle name ends in '…'. The stakeholders
    page cut "Transformatieve waarde" to "Transformatieve waa…" (labelLimit 140) in Dutch."""
    import re

    import vl_convert as vlc

    build, args, kwargs = builders(q, config, lang)[name]
    spec = charts.styled(build(*args, **kwargs))
    spec["width"] = 760
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", vlc.vegalite_to_svg(spec))
    cut = [s for s in texts if s.endswith("…")]
    assert not cut, cut


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_long_subtitle_is_drawn_in_whole_lines(lang):
    """The change chart's subtitle (150 characters) was cut off at the right of a 1280 px page."""
    from lcdash.charts import PAGE_SUBTITLE_CHARS, _titled
    from lcdash.i18n import t

    text = t("chg_subtitle", lang)
    lines = _titled("x", text)["subtitle"]
    assert isinstance(lines, list) and " ".join(lines) == text
    assert all(len(line) <= PAGE_SUBTITLE_CHARS for line in lines)
    assert _titled("x", "short")["subtitle"] == "short"
