"""The one look of every chart (fonts, axis and legend, the text colour) as a Vega-Lite config
merged into a spec (`styled`) or set on an Altair chart (`style`), and a spec turned into an
Altair chart whose layers can be re-encoded (`to_altair`), for the exports and the slides."""

from __future__ import annotations

import copy
from collections.abc import Callable
from functools import wraps
from typing import Any

import altair as alt

Spec = dict[str, Any]  # a Vega-Lite spec as JSON-ready Python
FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"
# Every chart word in one dark grey (9.7:1 on white): Streamlit's chart theme draws axis labels
# and titles in a faded grey of about 3:1 (WCAG 1.4.3 asks 4.5:1; tests/browser/test_chart_contrast_browser.py).
TEXT_COLOUR = "#444444"
# fit-x: the width follows the page, the height stays the plot's own (Streamlit's default
# autosize would squeeze the plot to make room for axis labels and legends).
AUTOSIZE = {"type": "fit-x", "contains": "padding"}
AXIS_LABEL_LIMIT = 400  # px: a name of ~60 letters at 12 px is whole (320 cut the longest theme)


def style_config(big: bool = False) -> dict:
    """The config every chart gets (a fresh dict); BIG is for presenting on a projector."""
    k = 1.5 if big else 1.0
    return {
        "font": FONT,
        "title": {
            "fontSize": 16 * k,
            "anchor": "start",
            "subtitleFontSize": 12 * k,
            "subtitleColor": "#555",
            "offset": 10,
        },
        "axis": {
            "labelFontSize": 12 * k,
            "titleFontSize": 13 * k,
            "labelLimit": AXIS_LABEL_LIMIT,
            "grid": True,
            "gridOpacity": 0.4,
            "labelColor": TEXT_COLOUR,
            "titleColor": TEXT_COLOUR,
        },
        "legend": {
            "labelColor": TEXT_COLOUR,
            "titleColor": TEXT_COLOUR,
            "labelFontSize": 12 * k,
            "titleFontSize": 12 * k,
            "orient": "bottom",
            "columns": 4,
            "labelLimit": 260,
        },
        "view": {"continuousWidth": 300, "continuousHeight": 300, "strokeWidth": 0},
        "text": {"color": TEXT_COLOUR},
    }


def styled(spec: Spec, big: bool = False) -> Spec:
    """SPEC with the one look: the same result as `style` on its Altair chart, in one dict merge."""
    from lcdash import disclosure

    out = disclosure.minimise_spec(dict(spec))  # only what the chart draws, as precise as it is shown
    out["autosize"] = dict(AUTOSIZE)
    out["config"] = style_config(big)
    return out


def style(chart: alt.TopLevelMixin, big: bool = False) -> alt.TopLevelMixin:
    """`styled` for an Altair chart (the exports and present mode adjust the config after it)."""
    k = 1.5 if big else 1.0
    return (
        chart.properties(autosize=alt.AutoSizeParams(**AUTOSIZE))
        .configure(font=FONT)
        .configure_title(fontSize=16 * k, anchor="start", subtitleFontSize=12 * k, subtitleColor="#555", offset=10)
        .configure_axis(
            labelFontSize=12 * k,
            titleFontSize=13 * k,
            labelLimit=AXIS_LABEL_LIMIT,
            grid=True,
            gridOpacity=0.4,
            labelColor=TEXT_COLOUR,
            titleColor=TEXT_COLOUR,
        )
        .configure_legend(
            labelColor=TEXT_COLOUR,
            titleColor=TEXT_COLOUR,
            labelFontSize=12 * k,
            titleFontSize=12 * k,
            orient="bottom",
            columns=4,
            labelLimit=260,
        )
        .configure_view(strokeWidth=0)
        .configure_text(color=TEXT_COLOUR)
    )


def to_altair(spec: Spec) -> alt.TopLevelMixin:
    """SPEC as an Altair chart whose layers can be re-encoded (`chart.layer[0].encode(...)`).

    Built from the dict's parts without validation: `alt.Chart.from_dict` takes ~0.2 s and
    gives layers that cannot be re-encoded.
    """
    from lcdash import disclosure

    spec = disclosure.minimise_spec(copy.deepcopy(spec))  # images and slides: what the browser gets
    if "layer" not in spec:
        return _altair_unit(spec)
    layers = [_altair_unit(layer) for layer in spec.pop("layer")]
    return alt.LayerChart(layer=layers, **spec)


def _altair_unit(unit: Spec) -> alt.Chart:
    mark, encoding = unit.pop("mark"), unit.pop("encoding")
    return alt.Chart(mark=alt.MarkDef(**mark), encoding=alt.FacetedEncoding(**encoding), **unit)


def _as_altair(build: Callable[..., Spec]) -> Callable[..., alt.TopLevelMixin]:
    """The Altair form of a `*_spec` builder, same arguments."""

    @wraps(build)
    def altair_builder(*args: Any, **kwargs: Any) -> alt.TopLevelMixin:
        return to_altair(build(*args, **kwargs))

    altair_builder.__doc__ = f"{build.__doc__} (As an Altair chart.)"
    return altair_builder
