"""The mean score per wave, a line per item of a dimension with its intervals (trend_spec)."""

from __future__ import annotations

import copy

import pandas as pd

from lcdash.charts.encodings import _layers, _score_axis, _tooltips, _whiskers, nominal
from lcdash.charts.labels import DIM_TITLE, _figures, colour_domain, labelled, order
from lcdash.charts.look import Spec
from lcdash.config import Config
from lcdash.i18n import t


def trend_spec(df: pd.DataFrame, dim: str, config: Config, lang: str, title: str, min_group: int = 5) -> Spec:
    """Mean score per wave, one line per item of DIM in its config colour."""
    df = _figures(labelled(df, config, lang, dim, "wave"), lang, min_group, config)
    colour = nominal(f"{dim}_label", title=t(DIM_TITLE[dim], lang), sort=order(config, dim, lang, df[dim]))
    if dim != "community":
        colour["scale"] = colour_domain(config, dim, lang, df[dim])
    encoding = {
        "x": nominal(
            "wave_label",
            sort=sorted(df["wave_label"].unique()),
            title=t("wave", lang),
            # centred under its points: in the browser the first wave's name stood flush right of its point
            axis={"labelAngle": 0, "labelFlush": False, "labelAlign": "center"},
        ),
        "y": _score_axis(config, lang),
        "color": colour,
        "tooltip": _tooltips(lang, dim, "wave"),
    }
    line = {"mark": {"type": "line", "strokeWidth": 3}, "encoding": encoding}
    points = {"mark": {"type": "point", "filled": True, "size": 80}, "encoding": copy.deepcopy(encoding)}
    # a symbol per line (in the legend too): the colour is not the only way to tell the lines apart
    points["encoding"]["shape"] = {k: v for k, v in colour.items() if k != "scale"}
    whiskers = _whiskers(
        df, encoding["x"], "y", config.scale.min, config.scale.max, lang, dim, "wave", color=copy.deepcopy(colour)
    )
    for w in whiskers:  # in the line's colour, a little apart from the points of the other lines
        w["mark"].update({"strokeWidth": 2, "opacity": 0.55})
    return _layers(df, title, [line, *whiskers, points], 340)
