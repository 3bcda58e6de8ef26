"""Bars of mean scores: per item of a dimension (mean_bars), per outcome theme of one level with
the middle half of the answers (layering), and per group split by colour (grouped_bars)."""

from __future__ import annotations

import pandas as pd

from lcdash.charts.encodings import (
    _figure_pos,
    _layers,
    _score_axis,
    _titled,
    _tooltips,
    _whiskers,
    nominal,
    quantitative,
)
from lcdash.charts.labels import DIM_TITLE, FREE_DIMS, _figures, colour_domain, labelled, order
from lcdash.charts.look import TEXT_COLOUR, Spec
from lcdash.config import Config
from lcdash.i18n import t

PLAIN_COLOUR = "#0072B2"
# A long label on two lines, broken at the last space before its 45th letter (Vega expression).
WRAP_LABEL = (
    "length(datum.label) > 45 ? [slice(datum.label, 0, lastindexof(slice(datum.label, 0, 45), ' ')), "
    "slice(datum.label, lastindexof(slice(datum.label, 0, 45), ' ') + 1)] : datum.label"
)


def mean_bars_spec(
    df: pd.DataFrame,
    dim: str,
    config: Config,
    lang: str,
    title: str,
    subtitle: str = "",
    min_group: int = 5,
    colour_dim: str | None = None,
) -> Spec:
    """Horizontal bars of the mean score per item of DIM, in config order, with the figure at the end."""
    colour_dim = colour_dim or dim
    df = _figures(labelled(df, config, lang, *{dim, colour_dim}), lang, min_group, config)
    lo, hi = config.scale.min, config.scale.max
    y = nominal(f"{dim}_label", sort=order(config, dim, lang, df[dim]), title=None)
    if dim == "indicator":  # a question's wording is long: two lines of it, not one cut after 50 letters
        y["axis"] = {"labelExpr": WRAP_LABEL}
    colour = (
        {"value": PLAIN_COLOUR}
        if colour_dim in FREE_DIMS
        else nominal(f"{colour_dim}_label", scale=colour_domain(config, colour_dim, lang, df[colour_dim]), legend=None)
    )
    bars = {
        "mark": {"type": "bar", "cornerRadiusEnd": 3, "clip": True},
        "encoding": {
            "y": y,
            "x": _score_axis(config, lang),
            "x2": {"datum": lo},
            "color": colour,
            "tooltip": _tooltips(lang, dim),
        },
    }
    text = {
        "mark": {"type": "text", "align": "left", "dx": 4, "fontSize": 12},
        "encoding": {
            "y": y,
            "x": quantitative("mean_pos", scale={"domain": [lo, hi]}),
            "text": nominal("mean_txt"),
            "tooltip": _tooltips(lang, dim),
        },
        "transform": _figure_pos("hi" if "hi" in df else "mean", "mean_pos", lo),
    }
    layers = [bars, text, *_whiskers(df, y, "x", lo, hi, lang, dim)]
    return _layers(df, _titled(title, subtitle), layers, max(120, 32 * df[dim].nunique()))


LAYERING_LABELS = 370  # px for the theme names of every level's chart: the three score axes line up
# (280 cut 'Oplossingen voor complexe maatschappelijke vraagstukken' to 'Oplossingen voor complexe maatschapp…')


def layering_spec(df: pd.DataFrame, level_key: str, config: Config, lang: str, min_group: int = 5) -> Spec:
    """For one level, the mean score per outcome theme, with the middle half of answers as a line.

    The page stacks one chart per level. Their theme names get the same width, so the three
    score axes start at the same place and a reader can compare the levels' bars; the range runs
    through the bar's middle with end caps, and the figure stands after it."""
    level = next(lv for lv in config.levels if lv.key == level_key)
    part = _figures(labelled(df[df["level"] == level_key], config, lang, "level", "outcome"), lang, min_group, config)
    lo, hi = config.scale.min, config.scale.max
    # the extent holds the ticks and padding too: names longer than the rest are cut with "…"
    width = {"labelLimit": LAYERING_LABELS - 20, "minExtent": LAYERING_LABELS, "maxExtent": LAYERING_LABELS}
    y = nominal("outcome_label", sort=order(config, "outcome", lang, part["outcome"]), title=None, axis=width)
    domain = {"domain": [lo, hi]}
    tips = _tooltips(
        lang,
        "level",
        "outcome",
        extra=(quantitative("q1", title="Q1", format=".1f"), quantitative("q3", title="Q3", format=".1f")),
    )
    bars = {
        "mark": {"type": "bar", "color": level.colour, "opacity": 0.45, "clip": True, "cornerRadiusEnd": 3},
        "encoding": {"y": y, "x": _score_axis(config, lang), "x2": {"datum": lo}, "tooltip": tips},
    }
    # the middle half as a range through the bar's middle with a cap at each end (|—|): drawn along the
    # bar's lower edge it read as an underline
    spread = {
        "mark": {"type": "rule", "strokeWidth": 2, "color": "#222", "clip": True},
        "encoding": {"y": y, "x": quantitative("q1", scale=domain), "x2": {"field": "q3"}, "tooltip": tips},
    }
    caps = [
        {
            "mark": {"type": "tick", "color": "#222", "thickness": 2, "size": 14, "clip": True},
            "encoding": {"y": y, "x": quantitative(q, scale=domain), "tooltip": tips},
        }
        for q in ("q1", "q3")
    ]
    text = {  # after the bar or the range, whichever ends later, so the line never crosses the figure
        "mark": {"type": "text", "align": "left", "dx": 6, "fontSize": 12},
        "encoding": {"y": y, "x": quantitative("mean_pos", scale=domain), "text": nominal("mean_txt")},
        "transform": [
            {
                "calculate": f"isValid(datum.mean) ? max(datum.mean, isValid(datum.q3) ? datum.q3 : {lo}) : {lo}",
                "as": "mean_pos",
            }
        ],
    }
    title = {"text": level.label(lang)}  # in the level's colour it read 2.3:1 (light blue on white)
    return _layers(part, title, [bars, spread, *caps, text], max(90, 40 * part["outcome"].nunique()))


def grouped_bars_spec(
    df: pd.DataFrame, group: str, colour: str, config: Config, lang: str, title: str, min_group: int = 5
) -> Spec:
    """Bars of the mean per GROUP, split by COLOUR side by side (e.g. stakeholders over cycles).

    Each bar is topped by its group's symbol (the legend shows colour and symbol together), so the
    colour is not the only way to tell the bars apart (WCAG 1.4.1)."""
    df = _figures(labelled(df, config, lang, group, colour), lang, min_group, config)
    colour_order = order(config, colour, lang, df[colour])
    x = nominal(
        f"{group}_label",
        sort=order(config, group, lang, df[group]),
        title=None,
        # a word a line: labelLimit 140 cut "Transformatieve waarde" in Dutch
        axis={"labelAngle": 0, "labelLimit": 220, "labelExpr": "split(datum.label, ' ')"},
    )
    legend = {"title": t(DIM_TITLE[colour], lang), "sort": colour_order}
    colours = nominal(f"{colour}_label", scale=colour_domain(config, colour, lang, df[colour]), **legend)
    offset = nominal(f"{colour}_label", sort=colour_order)
    bars = {
        "mark": {"type": "bar", "clip": True},
        "encoding": {
            "x": x,
            "xOffset": offset,
            "y": _score_axis(config, lang),
            "y2": {"datum": config.scale.min},
            "color": colours,
            "tooltip": _tooltips(lang, group, colour),
        },
    }
    symbols = {
        "mark": {"type": "point", "filled": True, "size": 45, "stroke": TEXT_COLOUR, "strokeWidth": 0.6, "yOffset": -6},
        "encoding": {
            "x": x,
            "xOffset": offset,
            "y": _score_axis(config, lang),
            "color": colours,
            "shape": nominal(f"{colour}_label", **legend),
        },
    }
    whiskers = _whiskers(df, x, "y", config.scale.min, config.scale.max, lang, group, colour, xOffset=offset)
    return _layers(df, title, [bars, *whiskers, symbols], 340)
