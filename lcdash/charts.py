"""Chart builders: a small aggregate DataFrame in, a readable chart out.

Every label on a chart comes from config (in the reader's language) or from the i18n
table, never a raw key. Numbers are pre-formatted in the reader's locale so "3,8" reads
right in Dutch. Suppressed groups are drawn as "< 5" rather than as a figure.

Each builder writes its Vega-Lite spec as a plain dict (`*_spec`, what the pages draw), and
`styled` adds the one look as a single dict merge. Building the same chart with Altair's
chained calls cost 0.1–0.2 s per chart (every `+`, `encode` and `configure_*` deep-copies
and validates schema objects): most of a cache-cleared page rerun at 10M rows. The builders
without `_spec` return the same spec as an Altair chart, for the exports and the slides
(lcdash.export, lcdash.deck), which restyle and re-encode it.
"""

from __future__ import annotations

import copy
import textwrap
from collections.abc import Callable
from functools import wraps
from typing import Any

import altair as alt
import pandas as pd

from lcdash import stats
from lcdash.config import Config
from lcdash.i18n import fmt_int, fmt_num, fmt_pct, t

Spec = dict[str, Any]  # a Vega-Lite spec as JSON-ready Python

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
HEAT_WHITE_TEXT = "contrast('white', scale('color', datum.mean)) > contrast('black', scale('color', datum.mean))"
PLAIN_COLOUR = "#0072B2"
# Every chart word in one dark grey (9.7:1 on white): Streamlit's chart theme draws axis labels
# and titles in a faded grey of about 3:1 (WCAG 1.4.3 asks 4.5:1; tests/browser/test_chart_contrast_browser.py).
TEXT_COLOUR = "#444444"
FREE_DIMS = ("community", "wave", "indicator")  # values come from the data, not from config
# fit-x: the width follows the page, the height stays the plot's own (Streamlit's default
# autosize would squeeze the plot to make room for axis labels and legends).
AUTOSIZE = {"type": "fit-x", "contains": "padding"}
AXIS_LABEL_LIMIT = 400  # px: a name of ~60 letters at 12 px is whole (320 cut the longest theme)
# A long label on two lines, broken at the last space before its 45th letter (Vega expression).
WRAP_LABEL = (
    "length(datum.label) > 45 ? [slice(datum.label, 0, lastindexof(slice(datum.label, 0, 45), ' ')), "
    "slice(datum.label, lastindexof(slice(datum.label, 0, 45), ' ') + 1)] : datum.label"
)


# ---------------------------------------------------------------- the one look


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


# ---------------------------------------------------------------- data and labels


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


def colour_domain(config: Config, dim: str, lang: str, present: pd.Series | None = None) -> dict:
    """The config colours of DIM's labels (only those PRESENT, when given) as a Vega-Lite scale."""
    keys, colours = config.colours(dim)
    pairs = [(config.label(dim, k, lang), c) for k, c in zip(keys, colours, strict=True)]
    if present is not None:
        keep = set(present)
        pairs = [(lbl, c) for (lbl, c), k in zip(pairs, keys, strict=True) if k in keep]
    return {"domain": [p[0] for p in pairs], "range": [p[1] for p in pairs]}


def colour_scale(config: Config, dim: str, lang: str, present: pd.Series | None = None) -> alt.Scale:
    """`colour_domain` as an Altair scale (lcdash.deck recolours charts with it)."""
    return alt.Scale(**colour_domain(config, dim, lang, present))


def _figures(df: pd.DataFrame, lang: str, min_group: int, config: Config | None = None) -> pd.DataFrame:
    """Text columns for labels and tooltips: mean, n; '< 5' where suppressed.

    With CONFIG, a frame with the means' spread gets their 95% intervals (lcdash.stats, cut at the
    scale's ends): columns lo and hi, and ci_txt "3,7 (3,4 – 4,0)" for the tooltip. The figures the
    browser gets are rounded to the one decimal shown, and the spread itself is not sent."""
    df = df.copy()
    sup = df["suppressed"] if "suppressed" in df else pd.Series(False, index=df.index)
    small = t("suppressed", lang, n=min_group)
    if config is not None and "sd" in df and "mean" in df:
        df = stats.with_intervals(df, config.scale.min, config.scale.max)
        df["ci_txt"] = [
            small if s else _mean_ci(m, lo, hi, lang)
            for m, lo, hi, s in zip(df["mean"], df["lo"], df["hi"], sup, strict=True)
        ]
        for col in ("mean", "lo", "hi"):
            df[col] = df[col].round(1)
        df = df.drop(columns=["sd"])
    df["mean_txt"] = [
        small if s else fmt_num(m, lang) for m, s in zip(df.get("mean", pd.Series(index=df.index)), sup, strict=True)
    ]
    fewer = t("fewer_than", lang, n=min_group)  # in the n slot: "minder dan 5", never a bare "< 5"
    df["n_txt"] = [fewer if s else fmt_int(n, lang) for n, s in zip(df[_n_of_mean(df)], sup, strict=True)]
    if "ci_txt" not in df:
        df["ci_txt"] = df["mean_txt"]
    if "n_obs" in df:
        df["nobs_txt"] = [small if s else fmt_int(n, lang) for n, s in zip(df["n_obs"], sup, strict=True)]
    return df


def _mean_ci(mean: float, lo: float, hi: float, lang: str) -> str:
    """'3,7 (3,4 – 4,0)'; the mean alone where there is no interval."""
    if pd.isna(lo) or pd.isna(hi):
        return fmt_num(mean, lang)
    return f"{fmt_num(mean, lang)} ({t('ci_range', lang, lo=fmt_num(lo, lang), hi=fmt_num(hi, lang))})"


def _n_of_mean(df: pd.DataFrame) -> str:
    """The column with the respondents behind the mean: n_mean where a query gives it (cycle_counts:
    respondents with a score, fewer than those who answered at all), else n_resp."""
    return "n_mean" if "n_mean" in df else "n_resp"


def _values(df: pd.DataFrame) -> dict:
    """DF as inline Vega-Lite data: plain Python values, missing ones as null (as Altair sends them).

    Column by column: `df.astype(object).where(...)` took 13 ms for a 50-row frame."""
    columns = {}
    for name in df.columns:
        values = df[name].tolist()
        missing = df[name].isna().to_numpy()
        if missing.any():
            values = [None if m else v for v, m in zip(values, missing, strict=True)]
        columns[name] = values
    return {"values": [dict(zip(columns, row, strict=True)) for row in zip(*columns.values(), strict=True)]}


# ---------------------------------------------------------------- encodings


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


# ---------------------------------------------------------------- the charts


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


def heatmap_spec(
    df: pd.DataFrame,
    rows: str,
    cols: str,
    config: Config,
    lang: str,
    title: str,
    min_group: int = 5,
    show_n: bool = False,
    best_per_col: bool = False,
) -> Spec:
    """A ROWS × COLS grid coloured by mean score, each cell with its figure.

    The colours span the data's own range (stated in the legend), not the whole scale: with scores
    from 2,4 to 4,4 on 1–5 every cell was mid-blue. Each figure is dark or white, whichever contrasts
    more with its cell (Vega's own colour of it). A hidden group's cell is grey and says 'verborgen'; a combination without
    answers says 'geen gegevens'. BEST_PER_COL outlines the highest cell of each column (who scores
    highest where)."""
    df = _figures(labelled(df, config, lang, rows, cols), lang, min_group, config)
    df = _complete_grid(df, rows, cols, config, lang)
    scored = df["mean"].notna()
    lo, hi = (float(df.loc[scored, "mean"].min()), float(df.loc[scored, "mean"].max())) if scored.any() else (1.0, 5.0)
    if hi - lo < 0.1:  # one value, or all alike: a range around it, so the cells are not the scale's extreme
        lo, hi = lo - 0.5, hi + 0.5
    if show_n:
        df["cell_txt"] = [
            # two lines: "4,0 (n=1.174)" ran into the next cell at 1280 px; "geen gegevens" too
            m if s else m.replace(" ", "\n", 1) if e else f"{m}\nn={n}"
            for m, n, s, e in zip(df["mean_txt"], df["n_txt"], df["suppressed"], df["empty"], strict=True)
        ]
    else:
        df["cell_txt"] = df["mean_txt"]
    if best_per_col:
        top = df[scored].groupby(cols)["mean"].transform("max")
        df["best"] = False
        df.loc[scored, "best"] = df.loc[scored, "mean"] >= top - 1e-9
    n_cols = df[cols].nunique()
    x = nominal(
        f"{cols}_label",
        sort=order(config, cols, lang, df[cols]),
        title=None,
        # many narrow columns (8 stakeholder types) get steeper labels: at -25° their names overlapped
        axis={"labelAngle": -25 if n_cols <= 6 else -55, "labelLimit": 280 if n_cols <= 6 else 200}
        | {"labelOverlap": False, "orient": "top"},
    )
    y = nominal(f"{rows}_label", sort=order(config, rows, lang, df[rows]), title=None)
    tips = _tooltips(lang, rows, cols)
    legend_title = t("heat_legend", lang, lo=fmt_num(lo, lang), hi=fmt_num(hi, lang))
    name, _, span = legend_title.partition(" (")  # two lines: the legend's width is the cells' (and the labels')
    legend_title = [name, f"({span}"] if span else legend_title
    rect = {  # the scored cells, with the legend of their range
        "mark": {"type": "rect", "stroke": "white", "strokeWidth": 2},
        "transform": [{"filter": "isValid(datum.mean)"}],
        "encoding": {
            "x": x,
            "y": y,
            "color": quantitative(
                "mean",
                scale={"scheme": HEAT_SCHEME, "domain": [round(lo, 2), round(hi, 2)]},
                title=legend_title,
                legend={"orient": "right", "gradientLength": 160, "format": ".1f", "titleLimit": 400}
                | ({"labelExpr": "replace(datum.label, '.', ',')"} if lang == "nl" else {}),  # 4,4 as the title says
            ),
            "tooltip": tips,
        },
    }
    other = {  # hidden and empty cells, their colour given
        "mark": {"type": "rect", "stroke": "white", "strokeWidth": 2},
        "transform": [{"filter": "!isValid(datum.mean)"}],
        "encoding": {  # values, not a field without scale: two colour channels in one layered chart conflict
            "x": x,
            "y": y,
            "color": {"condition": {"test": "datum.empty", "value": EMPTY_FILL}, "value": HIDDEN_FILL},
            "tooltip": tips,
        },
    }
    layers = [rect, other]
    if best_per_col:
        layers.append(
            {
                "mark": {"type": "rect", "fill": None, "stroke": "#111", "strokeWidth": 3},
                "transform": [{"filter": "datum.best"}],
                "encoding": {"x": x, "y": y},
            }
        )
    # a narrow cell (a small screen, 200 % zoom) shows the mean alone, and "–" for no data (the tooltip and
    # the table say 'geen gegevens'): "3,7 (n=1.234)" and "geen gegevens" ran into their neighbours
    longest = max((len(line) for text in df["cell_txt"] for line in str(text).split("\n")), default=0)
    fits = 7 * longest + 8  # px at 12px type
    df["short_txt"] = df["mean_txt"].where(~df["empty"], "–")
    layers.append(
        {
            "mark": {"type": "text", "fontSize": 12, "lineBreak": "\n"}
            | ({"dy": -7} if show_n else {})
            | {"text": {"expr": f"bandwidth('x') >= {fits} ? datum.cell_txt : datum.short_txt"}},
            "encoding": {
                "x": x,
                "y": y,  # the text is the mark's (the figure, or in a narrow cell the short one)
                # white or black, whichever stands out more from the cell's own colour: never under 4.5:1
                "color": {"condition": {"test": f"isValid(datum.mean) && {HEAT_WHITE_TEXT}", "value": "white"}}
                | {"value": "black"},
                "tooltip": tips,
            },
        }
    )
    return _layers(df, title, layers, max(140, 40 * df[rows].nunique()))


HIDDEN_FILL = "#e4e4e4"  # a hidden group's cell: grey, with "verborgen"
EMPTY_FILL = "#f6f6f6"  # a combination without answers: "geen gegevens"


def _complete_grid(df: pd.DataFrame, rows: str, cols: str, config: Config, lang: str) -> pd.DataFrame:
    """DF with a row for every ROWS × COLS combination present on either axis: the missing ones say 'geen gegevens'."""
    df = df.copy()
    df["empty"] = False
    if df.empty:
        return df
    have = set(zip(df[rows], df[cols], strict=True))
    missing = [(r, c) for r in df[rows].unique() for c in df[cols].unique() if (r, c) not in have]
    if not missing:
        return df
    extra = pd.DataFrame({rows: [m[0] for m in missing], cols: [m[1] for m in missing]})
    extra = labelled(extra, config, lang, rows, cols)
    extra["empty"] = True
    extra["suppressed"] = False
    extra["mean_txt"] = extra["ci_txt"] = t("no_data_cell", lang)
    extra["n_txt"] = "0"
    return pd.concat([df, extra], ignore_index=True)


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


mean_bars = _as_altair(mean_bars_spec)
layering = _as_altair(layering_spec)
heatmap = _as_altair(heatmap_spec)
grouped_bars = _as_altair(grouped_bars_spec)
count_bars = _as_altair(count_bars_spec)
value_chain = _as_altair(value_chain_spec)
expectation_gap = _as_altair(expectation_gap_spec)
trend = _as_altair(trend_spec)
