"""The slides of present mode and of the reports: one chart each, under a title that states the finding.

A deck is built from query results, so present mode (through the page's cached View.q) and
the report (straight from the database) show the same charts with the same words. Findings only
use groups that are not suppressed: a figure over fewer than min_group_size respondents never
reaches a title.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import altair as alt
import duckdb
import pandas as pd

from lcdash import charts, honest, queries
from lcdash.config import Config
from lcdash.i18n import fmt_int, fmt_num, fmt_pct, t
from lcdash.queries import Filters

Query = Callable[..., Any]  # q(name, *args, **kwargs) -> the result of queries.<name> for the selection
MAX_STORIES = 5
STORY_CHARS = 420  # a story step longer than this is shortened with "…" on a slide


@dataclass(frozen=True)
class Slide:
    key: str  # stable name, e.g. "cycles"
    title: str  # the finding, e.g. "Onmiddellijke waarde scoort het hoogst (4,2), …"
    chart: alt.TopLevelMixin  # unstyled; ui.chart / export style it
    note: str = ""  # one line under the chart (how to read it)
    fill: bool = True  # the chart may grow to fill a page (a heatmap keeps its rows' own height)


@dataclass(frozen=True)
class Story:
    header: str  # community · stakeholder type · level · wave
    steps: tuple[tuple[str, str], ...] = field(default=())  # (cycle label, text)


def runner(con: duckdb.DuckDBPyConnection, filters: Filters) -> Query:
    """A Query that runs straight against CON (the CLI and reports; the app uses View.q)."""

    def q(name: str, *args: Any, **kwargs: Any) -> Any:
        return getattr(queries, name)(con, filters, *args, **kwargs)

    return q


def _lower(label: str, lang: str) -> str:
    """'Transformatieve waarde' -> 'transformatieve waarde' inside a sentence (not 'GROZ' or names)."""
    if len(label) > 1 and label[0].isupper() and label[1].islower():
        return label[0].lower() + label[1:]
    return label


def _shown(df: pd.DataFrame, column: str = "mean") -> pd.DataFrame:
    if df.empty:
        return df
    keep = df[column].notna()
    if "suppressed" in df:
        keep &= ~df["suppressed"].astype(bool)
    return df[keep]


def _extremes(df: pd.DataFrame, dim: str, config: Config, lang: str, column: str = "mean", fmt=fmt_num) -> dict | None:
    """The highest and lowest group that is shown, as words for a title; None when there is no contrast."""
    shown = _shown(df, column)
    if len(shown) < 2:
        return None
    hi = shown.loc[shown[column].idxmax()]
    lo = shown.loc[shown[column].idxmin()]
    if hi[column] == lo[column]:
        return None
    high, low = config.label(dim, hi[dim], lang), config.label(dim, lo[dim], lang)
    return {
        "high": high,
        "high_lc": _lower(high, lang),
        "high_value": fmt(hi[column], lang),
        "low": low,
        "low_lc": _lower(low, lang),
        "low_value": fmt(lo[column], lang),
    }


def _high_low(df: pd.DataFrame, dim: str, config: Config, lang: str, key: str = "find_high_low") -> str | None:
    """'Onmiddellijke waarde scoort het hoogst (4,2), transformatieve waarde het laagst (2,7)'."""
    ex = _extremes(df, dim, config, lang)
    return t(key, lang, **ex) if ex else None


def _with_legend(chart: alt.LayerChart, dim: str, df: pd.DataFrame, config: Config, lang: str) -> alt.LayerChart:
    """mean_bars coloured by DIM, with the legend that says which colour is which."""
    bars = chart.layer[0]
    chart.layer[0] = bars.encode(
        color=alt.Color(
            f"{dim}_label:N",
            scale=charts.colour_scale(config, dim, lang, df[dim]),
            sort=charts.order(config, dim, lang, df[dim]),
            title=t(charts.DIM_TITLE[dim], lang),
        )
    )
    return chart


def _trend_finding(changes: pd.DataFrame, dim: str, config: Config, lang: str) -> str | None:
    """'Grootste verandering van 2024-1 naar 2024-2: Gerealiseerde waarde (+0,33, gestegen)': the largest
    change between consecutive waves that holds after Holm's correction (lcdash.changes); 'geen
    duidelijke verandering' when none does, so a slide never calls noise a change."""
    shown = changes[~changes["suppressed"]] if not changes.empty else changes
    if shown.empty:
        return None
    clear = shown[shown["verdict"].isin(["up", "down"])]
    if clear.empty:
        return t("find_trend_none", lang)
    row = clear.loc[clear["diff"].abs().idxmax()]
    change = float(row["diff"])
    sign = "+" if change >= 0 else "−"
    return t(
        "find_trend",
        lang,
        first=row["wave_a"],
        last=row["wave_b"],
        item=config.label(dim, row[dim], lang),  # after a colon: "Grootste verandering …: Maatschappij (+0,16 …)"
        change=f"{sign}{fmt_num(abs(change), lang, 2)}, {t('chg_' + row['verdict'], lang)}",
    )


def build_deck(q: Query, config: Config, lang: str, min_group: int) -> list[Slide]:
    """Every chart slide the selection can fill, in the order a meeting tells it."""
    slides: list[Slide] = []
    cfg, mg = config, min_group

    themes = q("scores_by", "level", "outcome")
    if not _shown(themes).empty:
        chart = charts.mean_bars(themes, "outcome", cfg, lang, t("t_layering", lang), min_group=mg, colour_dim="level")
        chart = _with_legend(chart, "level", themes, cfg, lang)
        title = _high_low(themes, "outcome", cfg, lang, "find_best_worst") or t("t_layering", lang)
        slides.append(Slide("layering", title, chart))

    counts = q("cycle_counts")
    if not _shown(counts).empty:
        title = _high_low(counts, "value_cycle", cfg, lang) or t("t_cycles", lang)
        slides.append(
            Slide(
                "cycles", title, charts.mean_bars(counts, "value_cycle", cfg, lang, t("t_cycles", lang), min_group=mg)
            )
        )
    if not _shown(counts, "n_all").empty:
        # how the answers spread is a fact of the data collection, not a finding: it never leads the slide
        ex = _extremes(counts, "value_cycle", cfg, lang, "n_all", fmt_int)
        note = t("find_counts", lang, **ex) if ex else ""
        chart = charts.count_bars(counts, cfg, lang, t("t_cycle_counts", lang), mg)
        slides.append(Slide("cycle_counts", t("counts_slide", lang), chart, note))

    chain = q("value_chain")
    if not _shown(chain, "share").empty:
        ex = _extremes(chain, "value_cycle", cfg, lang, "share", lambda v, lg: fmt_pct(v, lg))
        title = t("find_chain", lang, **ex) if ex else t("t_chain", lang)
        slides.append(Slide("chain", title, charts.value_chain(chain, cfg, lang, mg), t("chain_note", lang)))

    grid = q("scores_by", "stakeholder_type", "value_cycle")
    shown = _shown(grid)
    if not shown.empty:
        title = t("t_stakeholder_cycle", lang)
        if len(shown) >= 2:
            hi = shown.loc[shown["mean"].idxmax()]
            lo = shown.loc[shown["mean"].idxmin()]
            title = t(
                "find_grid",
                lang,
                high=f"{cfg.label('stakeholder_type', hi['stakeholder_type'], lang)} × "
                f"{_lower(cfg.label('value_cycle', hi['value_cycle'], lang), lang)}",
                high_value=fmt_num(hi["mean"], lang),
                low=f"{cfg.label('stakeholder_type', lo['stakeholder_type'], lang)} × "
                f"{_lower(cfg.label('value_cycle', lo['value_cycle'], lang), lang)}",
                low_value=fmt_num(lo["mean"], lang),
            )
        chart = charts.heatmap(grid, "stakeholder_type", "value_cycle", cfg, lang, t("t_stakeholder_cycle", lang), mg)
        slides.append(Slide("stakeholder_cycle", title, chart, fill=False))

    capitals = q("scores_by", "capital")
    if not _shown(capitals).empty:
        title = _high_low(capitals, "capital", cfg, lang) or t("t_capitals", lang)
        chart = charts.mean_bars(capitals, "capital", cfg, lang, t("t_capitals", lang), min_group=mg)
        slides.append(Slide("capitals", title, chart))

    keys = [c.key for c in cfg.cycles]
    if "expected" in keys and "realised" in keys:
        gap = q("expectation_gap", "expected", "realised")
        shown = _shown(gap, "gap")
        if not shown.empty:
            worst = shown.loc[shown["gap"].idxmin()]
            if worst["gap"] < 0:
                title = t(
                    "find_gap",
                    lang,
                    theme=cfg.label("outcome", worst["outcome"], lang),
                    expected=fmt_num(worst["expected"], lang),
                    realised=fmt_num(worst["realised"], lang),
                )
            else:
                title = t("find_gap_none", lang)
            chart = charts.expectation_gap(gap, cfg, lang, "expected", "realised", mg)
            slides.append(Slide("gap", title, chart))

    for key, dim, title_key in (
        ("trend_cycle", "value_cycle", "t_trend_cycle"),
        ("trend_level", "level", "t_trend_level"),
    ):
        df = q("scores_by", "wave", dim)
        if _shown(df).empty or _shown(df)["wave"].nunique() < 2:  # one wave shows no trend
            continue
        changes = q("wave_changes", dim)
        title = _trend_finding(changes, dim, cfg, lang) or t(title_key, lang)
        slides.append(Slide(key, title, charts.trend(df, dim, cfg, lang, t(title_key, lang), mg)))
        shown = changes[~changes["suppressed"]] if not changes.empty else changes
        if not shown.empty:  # the same changes with their intervals, corrected (lcdash.changes)
            change_title = t("chg_title_cycle" if dim == "value_cycle" else "chg_title_level", lang)
            chart = charts.to_altair(honest.change_spec(changes, dim, cfg, lang, change_title))
            clear = int(shown["verdict"].isin(["up", "down"]).sum())
            lead = (
                t("find_changes" if clear > 1 else "find_change_one", lang, k=clear, n=len(shown))
                if clear
                else t("find_trend_none", lang)
            )
            slides.append(Slide(f"{key}_change", lead, chart, note=t("holm_short", lang, k=len(shown))))

    spread = q("likert", "value_cycle", cfg.scale.min, cfg.scale.max)
    reading = honest.likert_reading(spread, "value_cycle", cfg, lang)
    if reading:  # how the answers are spread (issue 17 §5), its reading as the title
        chart = charts.to_altair(honest.likert_spec(spread, "value_cycle", cfg, lang))
        dk = honest.likert_unscored(spread)
        note = t("lik_short_dk", lang, n=fmt_int(dk, lang)) if dk else t("lik_short", lang)
        slides.append(Slide("spread", reading.rstrip("."), chart, note=note))
    return slides


def example_stories(q: Query, config: Config, lang: str, respondents: int, n: int = MAX_STORIES) -> list[Story]:
    """Up to N value-creation stories, longest chains first and different stakeholder types where possible.

    Open answers are only shown when the selection holds at least min_text_group_size respondents,
    and the stories query itself keeps only community × stakeholder groups of that size.
    """
    if respondents < config.min_text_group_size:
        return []
    cycle_order = [c.key for c in config.cycles]
    found = q("stories", cycle_order, limit=200, min_text_group=config.min_text_group_size)
    if found.empty:
        return []
    found = found.assign(steps=found["chain"].map(len)).sort_values(["steps", "sid"], ascending=[False, True])
    picked: list = []
    seen: set = set()
    for row in found.itertuples():  # first pass: one per stakeholder type
        if row.stakeholder_type not in seen:
            picked.append(row)
            seen.add(row.stakeholder_type)
        if len(picked) == n:
            break
    for row in found.itertuples():
        if len(picked) >= n:
            break
        if all(row.sid != p.sid for p in picked):
            picked.append(row)
    picked.sort(key=lambda r: (-r.steps, r.sid))
    out = []
    for row in picked[:n]:
        meta = [row.community, config.label("stakeholder_type", row.stakeholder_type, lang)]
        meta += [config.label("level", row.level, lang) if row.level else "", row.wave or ""]
        steps = tuple(
            (config.label("value_cycle", s["value_cycle"], lang), _shorten(str(s["text"]))) for s in row.chain
        )
        out.append(Story(" · ".join(m for m in meta if m), steps))
    return out


def _shorten(text: str, limit: int = STORY_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + " …"


def method_note(config: Config, lang: str) -> list[tuple[str, list[str]]]:
    """(heading, paragraphs) of the method note: what the cycles and levels mean, how figures are protected."""
    cycles = [
        f"{c.label(lang)}: {c.description(lang)}" if c.description(lang) else c.label(lang) for c in config.cycles
    ]
    capitals = ", ".join(c.label(lang) for c in config.capitals)
    cycles.append(
        t("method_capitals", lang, cycle=config.label("value_cycle", config.capital_cycle, lang), capitals=capitals)
    )
    levels = [f"{lv.label(lang)}: {', '.join(o.label(lang) for o in lv.outcomes)}" for lv in config.levels]
    levels.append(t("method_where", lang))
    rules = [
        t("method_scale", lang, lo=config.scale.min, hi=config.scale.max),
        t("suppressed_note", lang, n=config.min_group_size)
        + " "
        + t("method_suppressed", lang, n=config.min_group_size),
        t("stories_suppressed", lang, n=config.min_text_group_size),
        t("chain_note", lang),
        t("method_honest", lang),
    ]
    return [
        (t("method_cycles", lang), cycles),
        (t("method_levels", lang), levels),
        (t("method_rules", lang), rules),
        (t("method_sources", lang), [t("method_sources_text", lang)]),
    ]
