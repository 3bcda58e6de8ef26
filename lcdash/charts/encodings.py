"""The parts every chart is built from: encodings, tooltips, the score axis, titles, the 95%
interval whiskers and the layered spec with its data."""

from __future__ import annotations

import textwrap
from typing import Any

import pandas as pd

from lcdash.charts.labels import DIM_TITLE, _values
from lcdash.charts.look import Spec
from lcdash.config import Config
from lcdash.i18n import t


def nominal(field: str, **extra: Any) -> dict:
    return {"field": field, "type": "nominal", **extra}


def quantitative(field: str, **extra: Any) -> dict:
    return {"field": field, "type": "quantitative", **extra}


def _tooltips(lang: str, *dims: str, extra: tuple = (), ci: bool = True) -> list[dict]:
    tips = [nominal(f"{d}_label", title=t(DIM_TITLE[d], lang)) for d in dims]
    if ci:  # the mean with its interval (_figures with the config)
        tips.append(nominal("ci_txt", title=t("mean_ci", lang)))
    else:
        tips.append(nominal("mean_txt", title=t("mean_score", lang)))
    tips.append(nominal("n_txt", title=t("n_resp", lang)))
    return tips + list(extra)


def _layers(data: pd.DataFrame, title: Any, layers: list[Spec], height: int) -> Spec:
    """A layered spec, each layer carrying the title (as Altair wrote it, so exports find it)."""
    for layer in layers:
        layer["title"] = title
    return {"data": _values(data), "layer": layers, "height": height, "width": "container"}


PAGE_SUBTITLE_CHARS = 100  # a page's chart is ~820 px wide at 1280 px: a longer line was cut off at the right


def _titled(title: str, subtitle: str = "") -> dict:
    """A chart title; a long subtitle in lines broken at spaces (Vega draws one line as it is, cut)."""
    if not subtitle:
        return {"text": title}
    lines = textwrap.wrap(subtitle, PAGE_SUBTITLE_CHARS, break_long_words=False)
    return {"text": title, "subtitle": lines[0] if len(lines) == 1 else lines}


def _score_axis(config: Config, lang: str, field: str = "mean", **extra: Any) -> dict:
    lo, hi = config.scale.min, config.scale.max
    axis = {"values": score_ticks(config), "format": "d"}  # 1 2 3 4 5: "1,0 1,2 1,4 …" collided at 1280 px
    return quantitative(
        field, scale={"domain": [lo, hi]}, title=t("mean_score_scale", lang, lo=lo, hi=hi), axis=axis, **extra
    )


def score_ticks(config: Config) -> list[int]:
    """The whole points of the score scale, the only ticks a score axis needs."""
    return list(range(int(config.scale.min), int(config.scale.max) + 1))


def _figure_pos(field: str, out: str, fallback: float) -> list[dict]:
    """A text mark's position: its bar's value, or FALLBACK where the figure is suppressed."""
    return [{"calculate": f"isValid(datum.{field}) ? datum.{field} : {fallback}", "as": out}]


WHISKER = "#333"


def _whiskers(df: pd.DataFrame, along: dict, axis: str, lo: float, hi: float, lang: str, *dims: str, **extra) -> list:
    """The 95% interval of each mean as a thin rule from lo to hi on AXIS ('x' or 'y'), ALONG the
    other axis; none when the frame has no intervals."""
    if "lo" not in df:
        return []
    other = "y" if axis == "x" else "x"
    rule = {
        "mark": {"type": "rule", "color": WHISKER, "strokeWidth": 1.5, "clip": True},
        "encoding": {
            other: along,
            axis: quantitative("lo", scale={"domain": [lo, hi]}),
            f"{axis}2": {"field": "hi"},
            "tooltip": _tooltips(lang, *dims),
            **extra,
        },
    }
    return [rule]
