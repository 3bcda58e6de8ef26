"""Altair chart builders: a small aggregate DataFrame in, a readable chart out.

Every label on a chart comes from config (in the reader's language) or from the i18n
table, never a raw key. Numbers are pre-formatted in the reader's locale so "3,8" reads
right in Dutch. Suppressed groups are drawn as "< 5" rather than as a figure.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from lcdash.config import Config
from lcdash.i18n import fmt_int, fmt_num, fmt_pct, t

# Column name of each dimension in query results, and its i18n title key.
DIM_TITLE = {
    "value_cycle": "cycle",
    "level": "level",
    "outcome": "theme",
    "stakeholder_type": "stakeholder",
    "capital": "capital",
    "community": "community",
    "wave": "wave",
    "indicator": "indicator",
}
FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"
HEAT_SCHEME = "blues"
PLAIN_COLOUR = "#0072B2"
FREE_DIMS = ("community", "wave", "indicator")  # values come from the data, not from config


def style(chart: alt.TopLevelMixin, big: bool = False) -> alt.TopLevelMixin:
    """One look for every chart; BIG is for presenting on a projector."""
    k = 1.5 if big else 1.0
    # fit-x: the width follows the page, the height stays the plot's own (Streamlit's default
    # autosize would squeeze the plot to make room for axis labels and legends).
    return (
        chart.properties(autosize=alt.AutoSizeParams(type="fit-x", contains="padding"))
        .configure(font=FONT)
        .configure_title(fontSize=16 * k, anchor="start", subtitleFontSize=12 * k, subtitleColor="#555", offset=10)
        .configure_axis(labelFontSize=12 * k, titleFontSize=13 * k, labelLimit=320, grid=True, gridOpacity=0.4)
        .configure_legend(labelFontSize=12 * k, titleFontSize=12 * k, orient="bottom", columns=4, labelLimit=260)
        .configure_view(strokeWidth=0)
    )


def labelled(df: pd.DataFrame, config: Config, lang: str, *dims: str) -> pd.DataFrame:
    """Add a `<dim>_label` column per dimension, in the reader's language."""
    df = df.copy()
    for dim in dims:
        if dim in FREE_DIMS:
            df[f"{dim}_label"] = df[dim].astype(str)
        else:
            df[f"{dim}_label"] = [config.label(dim, k, lang) for k in df[dim]]
    return df


def order(config: Config, dim: str, lang: str, present: pd.Series | None = None) -> list[str]:
    """Labels of a dimension in config order (only those PRESENT, when given)."""
    if dim in FREE_DIMS:
        return sorted(present.astype(str).unique().tolist()) if present is not None else []
    keys = [i.key for i in config.dimension(dim)]
    if present is not None:
        keep = set(present)
        keys = [k for k in keys if k in keep]
    return [config.label(dim, k, lang) for k in keys]


def colour_scale(config: Config, dim: str, lang: str, present: pd.Series | None = None) -> alt.Scale:
    keys, colours = config.colours(dim)
    pairs = [(config.label(dim, k, lang), c) for k, c in zip(keys, colours, strict=True)]
    if present is not None:
        keep = set(present)
        pairs = [(lbl, c) for (lbl, c), k in zip(pairs, keys, strict=True) if k in keep]
    return alt.Scale(domain=[p[0] for p in pairs], range=[p[1] for p in pairs])


def _figures(df: pd.DataFrame, lang: str, min_group: int) -> pd.DataFrame:
    """Text columns for labels and tooltips: mean, n; '< 5' where suppressed."""
    df = df.copy()
    sup = df["suppressed"] if "suppressed" in df else pd.Series(False, index=df.index)
    small = t("suppressed", lang, n=min_group)
    df["mean_txt"] = [
        small if s else fmt_num(m, lang) for m, s in zip(df.get("mean", pd.Series(index=df.index)), sup, strict=True)
    ]
    df["n_txt"] = [small if s else fmt_int(n, lang) for n, s in zip(df["n_resp"], sup, strict=True)]
    if "n_obs" in df:
        df["nobs_txt"] = [small if s else fmt_int(n, lang) for n, s in zip(df["n_obs"], sup, strict=True)]
    return df


def _tooltips(lang: str, *dims: str, extra: tuple = ()) -> list[alt.Tooltip]:
    tips = [alt.Tooltip(f"{d}_label:N", title=t(DIM_TITLE[d], lang)) for d in dims]
    tips.append(alt.Tooltip("mean_txt:N", title=t("mean_score", lang)))
    tips.append(alt.Tooltip("n_txt:N", title=t("n_resp", lang)))
    return tips + list(extra)


def mean_bars(
    df: pd.DataFrame,
    dim: str,
    config: Config,
    lang: str,
    title: str,
    subtitle: str = "",
    min_group: int = 5,
    colour_dim: str | None = None,
) -> alt.Chart:
    """Horizontal bars of the mean score per item of DIM, in config order, with the figure at the end."""
    colour_dim = colour_dim or dim
    df = _figures(labelled(df, config, lang, *{dim, colour_dim}), lang, min_group)
    lo, hi = config.scale.min, config.scale.max
    y = alt.Y(f"{dim}_label:N", sort=order(config, dim, lang, df[dim]), title=None)
    base = alt.Chart(df, title=alt.TitleParams(title, subtitle=subtitle or alt.Undefined))
    bars = base.mark_bar(cornerRadiusEnd=3, clip=True).encode(
        y=y,
        x=alt.X("mean:Q", scale=alt.Scale(domain=[lo, hi]), title=t("mean_score_scale", lang, lo=lo, hi=hi)),
        x2=alt.X2(datum=lo),
        color=(
            alt.value(PLAIN_COLOUR)
            if colour_dim in FREE_DIMS
            else alt.Color(
                f"{colour_dim}_label:N", scale=colour_scale(config, colour_dim, lang, df[colour_dim]), legend=None
            )
        ),
        tooltip=_tooltips(lang, dim),
    )
    text = (
        base.mark_text(align="left", dx=4, fontSize=12)
        .encode(
            y=y,
            x=alt.X("mean_pos:Q", scale=alt.Scale(domain=[lo, hi])),
            text="mean_txt:N",
            tooltip=_tooltips(lang, dim),
        )
        .transform_calculate(mean_pos=f"isValid(datum.mean) ? datum.mean : {lo}")
    )
    height = max(120, 32 * df[dim].nunique())
    return (bars + text).properties(height=height, width="container")


def layering(df: pd.DataFrame, level_key: str, config: Config, lang: str, min_group: int = 5) -> alt.LayerChart:
    """For one level, the mean score per outcome theme, with the middle half of answers as a line."""
    level = next(lv for lv in config.levels if lv.key == level_key)
    part = _figures(labelled(df[df["level"] == level_key], config, lang, "level", "outcome"), lang, min_group)
    lo, hi = config.scale.min, config.scale.max
    y = alt.Y("outcome_label:N", sort=order(config, "outcome", lang, part["outcome"]), title=None)
    x_scale = alt.Scale(domain=[lo, hi])
    base = alt.Chart(part, title=alt.TitleParams(level.label(lang), color=level.colour))
    tips = _tooltips(
        lang,
        "level",
        "outcome",
        extra=(
            alt.Tooltip("q1:Q", title="Q1", format=".1f"),
            alt.Tooltip("q3:Q", title="Q3", format=".1f"),
        ),
    )
    bars = base.mark_bar(color=level.colour, opacity=0.85, clip=True, cornerRadiusEnd=3).encode(
        y=y,
        x=alt.X("mean:Q", scale=x_scale, title=t("mean_score_scale", lang, lo=lo, hi=hi)),
        x2=alt.X2(datum=lo),
        tooltip=tips,
    )
    spread = base.mark_rule(strokeWidth=2, color="#333", clip=True).encode(
        y=y, x=alt.X("q1:Q", scale=x_scale), x2="q3:Q", tooltip=tips
    )
    text = (
        base.mark_text(align="left", dx=6, dy=-10, fontSize=12)
        .encode(y=y, x=alt.X("mean_pos:Q", scale=x_scale), text="mean_txt:N")
        .transform_calculate(mean_pos=f"isValid(datum.mean) ? datum.mean : {lo}")
    )
    return (bars + spread + text).properties(height=max(90, 40 * part["outcome"].nunique()), width="container")


def heatmap(
    df: pd.DataFrame,
    rows: str,
    cols: str,
    config: Config,
    lang: str,
    title: str,
    min_group: int = 5,
    show_n: bool = False,
) -> alt.Chart:
    """A ROWS × COLS grid coloured by mean score, each cell with its figure (or '< 5')."""
    df = _figures(labelled(df, config, lang, rows, cols), lang, min_group)
    if show_n:
        df["cell_txt"] = [
            m if s else f"{m} (n={n})" for m, n, s in zip(df["mean_txt"], df["n_txt"], df["suppressed"], strict=True)
        ]
    else:
        df["cell_txt"] = df["mean_txt"]
    lo, hi = config.scale.min, config.scale.max
    x = alt.X(
        f"{cols}_label:N",
        sort=order(config, cols, lang, df[cols]),
        title=None,
        axis=alt.Axis(labelAngle=-25, labelLimit=280, labelOverlap=False, orient="top"),
    )
    y = alt.Y(f"{rows}_label:N", sort=order(config, rows, lang, df[rows]), title=None)
    base = alt.Chart(df, title=title)
    rect = base.mark_rect(stroke="white", strokeWidth=2).encode(
        x=x,
        y=y,
        color=alt.Color(
            "mean:Q",
            scale=alt.Scale(scheme=HEAT_SCHEME, domain=[lo, hi]),
            title=t("mean_score", lang),
            legend=alt.Legend(orient="right", gradientLength=160),
        ),
        tooltip=_tooltips(lang, rows, cols),
    )
    text = base.mark_text(fontSize=12).encode(
        x=x,
        y=y,
        text="cell_txt:N",
        color=alt.condition(f"datum.mean > {lo + (hi - lo) * 0.6}", alt.value("white"), alt.value("#222")),
        tooltip=_tooltips(lang, rows, cols),
    )
    return (rect + text).properties(height=max(140, 40 * df[rows].nunique()), width="container")


def grouped_bars(
    df: pd.DataFrame, group: str, colour: str, config: Config, lang: str, title: str, min_group: int = 5
) -> alt.Chart:
    """Bars of the mean per GROUP, split by COLOUR side by side (e.g. stakeholders over cycles)."""
    df = _figures(labelled(df, config, lang, group, colour), lang, min_group)
    lo, hi = config.scale.min, config.scale.max
    return (
        alt.Chart(df, title=title)
        .mark_bar(clip=True)
        .encode(
            x=alt.X(
                f"{group}_label:N",
                sort=order(config, group, lang, df[group]),
                title=None,
                axis=alt.Axis(labelAngle=0, labelLimit=140),
            ),
            xOffset=alt.XOffset(f"{colour}_label:N", sort=order(config, colour, lang, df[colour])),
            y=alt.Y("mean:Q", scale=alt.Scale(domain=[lo, hi]), title=t("mean_score_scale", lang, lo=lo, hi=hi)),
            y2=alt.Y2(datum=lo),
            color=alt.Color(
                f"{colour}_label:N",
                scale=colour_scale(config, colour, lang, df[colour]),
                title=t(DIM_TITLE[colour], lang),
                sort=order(config, colour, lang, df[colour]),
            ),
            tooltip=_tooltips(lang, group, colour),
        )
        .properties(height=340, width="container")
    )


def count_bars(df: pd.DataFrame, config: Config, lang: str, title: str, min_group: int = 5) -> alt.Chart:
    """Number of answers per cycle, in the cycles' order and colours."""
    df = labelled(df, config, lang, "value_cycle")
    small = t("suppressed", lang, n=min_group)
    df["n_txt"] = [small if s else fmt_int(n, lang) for n, s in zip(df["n_all"], df["suppressed"], strict=True)]
    x = alt.X(
        "value_cycle_label:N",
        sort=order(config, "value_cycle", lang, df["value_cycle"]),
        title=None,
        axis=alt.Axis(labelAngle=0, labelLimit=150),
    )
    base = alt.Chart(df, title=title)
    bars = base.mark_bar().encode(
        x=x,
        y=alt.Y("n_all:Q", title=t("n_obs", lang)),
        color=alt.Color(
            "value_cycle_label:N", scale=colour_scale(config, "value_cycle", lang, df["value_cycle"]), legend=None
        ),
        tooltip=[
            alt.Tooltip("value_cycle_label:N", title=t("cycle", lang)),
            alt.Tooltip("n_txt:N", title=t("n_obs", lang)),
        ],
    )
    text = base.mark_text(dy=-8, fontSize=12).encode(x=x, y="n_all:Q", text="n_txt:N")
    return (bars + text).properties(height=300, width="container")


def value_chain(df: pd.DataFrame, config: Config, lang: str, min_group: int = 5) -> alt.Chart:
    """Share of respondents reaching each cycle, as a descending staircase in cycle order."""
    df = labelled(df, config, lang, "value_cycle")
    small = t("suppressed", lang, n=min_group)
    df["share_txt"] = [small if s else fmt_pct(v, lang) for v, s in zip(df["share"], df["suppressed"], strict=True)]
    df["reached_txt"] = [
        small if s else fmt_int(v, lang) for v, s in zip(df["n_reached"], df["suppressed"], strict=True)
    ]
    x = alt.X(
        "value_cycle_label:N",
        sort=order(config, "value_cycle", lang, df["value_cycle"]),
        title=None,
        axis=alt.Axis(labelAngle=0, labelLimit=150),
    )
    base = alt.Chart(df, title=t("t_chain", lang))
    tips = [
        alt.Tooltip("value_cycle_label:N", title=t("cycle", lang)),
        alt.Tooltip("share_txt:N", title=t("share_reached", lang)),
        alt.Tooltip("reached_txt:N", title=t("reached", lang)),
    ]
    bars = base.mark_bar().encode(
        x=x,
        y=alt.Y("share:Q", scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%"), title=t("share_reached", lang)),
        color=alt.Color(
            "value_cycle_label:N", scale=colour_scale(config, "value_cycle", lang, df["value_cycle"]), legend=None
        ),
        tooltip=tips,
    )
    text = (
        base.mark_text(dy=-8, fontSize=12)
        .encode(x=x, y=alt.Y("share_pos:Q", scale=alt.Scale(domain=[0, 1])), text="share_txt:N")
        .transform_calculate(share_pos="isValid(datum.share) ? datum.share : 0")
    )
    return (bars + text).properties(height=300, width="container")


def expectation_gap(
    df: pd.DataFrame, config: Config, lang: str, expected: str, realised: str, min_group: int = 5
) -> alt.Chart:
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
    lo, hi = config.scale.min, config.scale.max
    y = alt.Y("outcome_label:N", sort=order(config, "outcome", lang, df["outcome"]), title=None)
    x = alt.X("mean:Q", scale=alt.Scale(domain=[lo, hi]), title=t("mean_score_scale", lang, lo=lo, hi=hi))
    base = alt.Chart(long, title=alt.TitleParams(t("t_gap", lang), subtitle=t("gap_note", lang)))
    line = base.mark_line(color="#888", strokeWidth=3).encode(y=y, x=x, detail="outcome:N")
    dots = base.mark_circle(size=160, opacity=1).encode(
        y=y,
        x=x,
        color=alt.Color(
            "which_label:N", scale=colour_scale(config, "value_cycle", lang, long["which_key"]), title=None
        ),
        tooltip=[
            alt.Tooltip("outcome_label:N", title=t("theme", lang)),
            alt.Tooltip("which_label:N", title=t("cycle", lang)),
            alt.Tooltip("mean_txt:N", title=t("mean_score", lang)),
            alt.Tooltip("n_txt:N", title=t("n_resp", lang)),
        ],
    )
    return (line + dots).properties(height=max(160, 30 * df["outcome"].nunique()), width="container")


def trend(df: pd.DataFrame, dim: str, config: Config, lang: str, title: str, min_group: int = 5) -> alt.Chart:
    """Mean score per wave, one line per item of DIM in its config colour."""
    df = _figures(labelled(df, config, lang, dim, "wave"), lang, min_group)
    lo, hi = config.scale.min, config.scale.max
    enc = dict(
        x=alt.X(
            "wave_label:N", sort=sorted(df["wave_label"].unique()), title=t("wave", lang), axis=alt.Axis(labelAngle=0)
        ),
        y=alt.Y("mean:Q", scale=alt.Scale(domain=[lo, hi]), title=t("mean_score_scale", lang, lo=lo, hi=hi)),
        color=alt.Color(
            f"{dim}_label:N",
            scale=colour_scale(config, dim, lang, df[dim]) if dim not in ("community",) else alt.Undefined,
            title=t(DIM_TITLE[dim], lang),
            sort=order(config, dim, lang, df[dim]),
        ),
        tooltip=_tooltips(lang, dim, "wave"),
    )
    base = alt.Chart(df, title=title)
    return (
        base.mark_line(strokeWidth=3).encode(**enc) + base.mark_point(filled=True, size=80).encode(**enc)
    ).properties(height=340, width="container")
