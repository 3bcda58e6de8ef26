"""Charts along the value cycles: answers per cycle (count_bars), the share of respondents reaching
each (value_chain) and expected against realised value per theme (expectation_gap)."""

from __future__ import annotations

import pandas as pd

from lcdash.charts.encodings import _figure_pos, _layers, _score_axis, nominal, quantitative
from lcdash.charts.labels import colour_domain, labelled, order
from lcdash.charts.look import Spec
from lcdash.config import Config
from lcdash.i18n import fmt_int, fmt_num, fmt_pct, t


def _cycle_x(config: Config, lang: str, df: pd.DataFrame) -> dict:
    """The cycles along the x axis, in config order, labels level: a word a line, so that a slide's
    larger font does not cut "Verwachte waarde" to "Verwachte wa…"."""
    return nominal(
        "value_cycle_label",
        sort=order(config, "value_cycle", lang, df["value_cycle"]),
        title=None,
        axis={"labelAngle": 0, "labelLimit": 220, "labelExpr": "split(datum.label, ' ')"},
    )


def _cycle_colour(config: Config, lang: str, df: pd.DataFrame) -> dict:
    return nominal(
        "value_cycle_label", scale=colour_domain(config, "value_cycle", lang, df["value_cycle"]), legend=None
    )


def count_bars_spec(
    df: pd.DataFrame, config: Config, lang: str, title: str, min_group: int = 5, measure: str | None = None
) -> Spec:
    """Number of answers per cycle, in the cycles' order and colours: horizontal bars, as the mean
    scores beside it, so that every cycle's name fits a half-width column (standing bars showed
    every other name there). MEASURE names what is counted (default: answers)."""
    measure = measure or t("n_obs", lang)
    df = labelled(df, config, lang, "value_cycle")
    small = t("suppressed", lang, n=min_group)
    df["n_txt"] = [small if s else fmt_int(n, lang) for n, s in zip(df["n_all"], df["suppressed"], strict=True)]
    y = nominal("value_cycle_label", sort=order(config, "value_cycle", lang, df["value_cycle"]), title=None)
    top = float(df["n_all"].max()) if len(df) and df["n_all"].notna().any() else 1.0
    scale = {"domain": [0, top * 1.18]}  # room for the figure after the longest bar
    bars = {
        "mark": {"type": "bar", "cornerRadiusEnd": 3},
        "encoding": {
            "y": y,
            "x": quantitative(
                "n_all",
                title=measure,
                scale=scale,
                axis={"tickMinStep": 1, "format": ",d"},  # grouped: 8.000
            ),  # whole answers
            "color": _cycle_colour(config, lang, df),
            "tooltip": [
                nominal("value_cycle_label", title=t("cycle", lang)),
                nominal("n_txt", title=measure),
            ],
        },
    }
    text = {
        "mark": {"type": "text", "align": "left", "dx": 4, "fontSize": 12},
        "encoding": {"y": y, "x": quantitative("n_pos", scale=scale), "text": nominal("n_txt")},
        "transform": _figure_pos("n_all", "n_pos", 0),
    }
    return _layers(df, title, [bars, text], max(120, 32 * df["value_cycle"].nunique()))


def value_chain_spec(df: pd.DataFrame, config: Config, lang: str, min_group: int = 5) -> Spec:
    """Share of respondents reaching each cycle, as a descending staircase in cycle order."""
    df = labelled(df, config, lang, "value_cycle")
    small = t("suppressed", lang, n=min_group)
    df["share_txt"] = [small if s else fmt_pct(v, lang) for v, s in zip(df["share"], df["suppressed"], strict=True)]
    df["reached_txt"] = [
        small if s else fmt_int(v, lang) for v, s in zip(df["n_reached"], df["suppressed"], strict=True)
    ]
    x = _cycle_x(config, lang, df)
    share = {"domain": [0, 1]}
    bars = {
        "mark": {"type": "bar"},
        "encoding": {
            "x": x,
            "y": quantitative("share", scale=share, axis={"format": "%"}, title=t("share_reached", lang)),
            "color": _cycle_colour(config, lang, df),
            "tooltip": [
                nominal("value_cycle_label", title=t("cycle", lang)),
                nominal("share_txt", title=t("share_reached", lang)),
                nominal("reached_txt", title=t("reached", lang)),
            ],
        },
    }
    text = {
        "mark": {"type": "text", "dy": -8, "fontSize": 12},
        "encoding": {"x": x, "y": quantitative("share_pos", scale=share), "text": nominal("share_txt")},
        "transform": _figure_pos("share", "share_pos", 0),
    }
    return _layers(df, t("t_chain", lang), [bars, text], 300)


def expectation_gap_spec(
    df: pd.DataFrame, config: Config, lang: str, expected: str, realised: str, min_group: int = 5
) -> Spec:
    """Dumbbells: expected and realised mean per theme, joined by a line that shows the gap."""
    df = labelled(df[~df["suppressed"]], config, lang, "outcome")
    long = df.melt(
        id_vars=["outcome", "outcome_label", "n_resp"],
        value_vars=["expected", "realised"],
        var_name="which",
        value_name="mean",
    )
    long["which_key"] = long["which"].map({"expected": expected, "realised": realised})
    long["which_label"] = [config.label("value_cycle", k, lang) for k in long["which_key"]]
    long["mean_txt"] = [fmt_num(m, lang) for m in long["mean"]]
    long["n_txt"] = [fmt_int(n, lang) for n in long["n_resp"]]
    y = nominal("outcome_label", sort=order(config, "outcome", lang, df["outcome"]), title=None)
    x = _score_axis(config, lang)
    line = {
        "mark": {"type": "line", "color": "#888", "strokeWidth": 3},
        "encoding": {"y": y, "x": x, "detail": nominal("outcome")},
    }
    dots = {
        "mark": {"type": "circle", "size": 160, "opacity": 1},
        "encoding": {
            "y": y,
            "x": x,
            "color": nominal(
                "which_label", scale=colour_domain(config, "value_cycle", lang, long["which_key"]), title=None
            ),
            "shape": nominal("which_label", title=None),  # circle and square: not by colour alone
            "tooltip": [
                nominal("outcome_label", title=t("theme", lang)),
                nominal("which_label", title=t("cycle", lang)),
                nominal("mean_txt", title=t("mean_score", lang)),
                nominal("n_txt", title=t("n_resp", lang)),
            ],
        },
    }
    title = {"text": t("t_gap", lang), "subtitle": t("gap_note", lang)}
    return _layers(long, title, [line, dots], max(160, 30 * df["outcome"].nunique()))
