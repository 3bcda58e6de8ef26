"""The ROWS × COLS grid coloured by mean score (heatmap_spec): every combination a cell, hidden
groups grey, combinations without answers said so, each figure in the colour that stands out."""

from __future__ import annotations

import pandas as pd

from lcdash.charts.encodings import _layers, _tooltips, nominal, quantitative
from lcdash.charts.labels import _figures, labelled, order
from lcdash.charts.look import Spec
from lcdash.config import Config
from lcdash.i18n import fmt_num, t

HEAT_SCHEME = "blues"
HEAT_WHITE_TEXT = "contrast('white', scale('color', datum.mean)) > contrast('black', scale('color', datum.mean))"


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
