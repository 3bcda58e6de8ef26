"""Text alternatives for charts: a one-sentence summary and the chart's figures as a table.

Why. A chart drawn on a canvas says nothing to a screen reader, and a reader who cannot tell
two colours apart may still want the figures (WCAG 2.1 1.1.1, 1.4.1). Every chart of the
dashboard gets both from the aggregate it was drawn from, so a page needs no code of its own:

- `summary`: one sentence, the strongest and the weakest group with their figures and the
  number of respondents ("Gemiddelde score per waardecyclus: hoogste Onmiddellijke waarde (4,1),
  laagste Transformatieve waarde (2,7); 6 groepen, n = 412 respondenten.");
- `table`: the rows the chart was drawn from, with the columns of its tooltip, in the reader's
  language; a suppressed group reads "verborgen" there too, as on the chart.

Both read a Vega-Lite spec as lcdash.charts builds it (inline data or named datasets, one or
more layers); a chart's `usermeta.alt_summary` (its own reading, the Likert chart's) replaces the
ranking and `usermeta.alt_note` (the Likert chart's count of answers without a score) ends it; the figures come from the tooltip's fields, the ranking from the measured field
(the first quantitative field of a layer with a tooltip that is not a text position), so a new
chart builder gets its text alternative without a change here. Pure functions: no streamlit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from lcdash.i18n import fmt_int, fmt_num, t

# A measured field and the pre-formatted text the chart prints for it (lcdash.charts' columns).
TEXT_OF = {"mean": "mean_txt", "n_all": "n_txt", "share": "share_txt", "n_resp": "n_txt"}
CATEGORY_CHANNELS = ("y", "x", "xOffset", "yOffset", "color", "row", "column")


@dataclass(frozen=True)
class TextAlternative:
    """What a screen reader hears (SUMMARY) and what a reader can open instead of the picture (TABLE)."""

    summary: str
    columns: list[str]
    rows: list[list[str]]


def _rows(spec: dict) -> list[dict]:
    data = spec.get("data") or {}
    if "values" in data:
        return list(data["values"])
    datasets = spec.get("datasets") or {}
    if data.get("name") in datasets:
        values = datasets[data["name"]]
        return list(values) if isinstance(values, list) else []
    for values in datasets.values():  # an Altair chart names its one dataset after a hash
        if isinstance(values, list):
            return list(values)
    return []


def _units(spec: dict) -> list[dict]:
    """The spec's unit layers (a layered chart or a single one)."""
    return list(spec.get("layer") or [spec])


def _title(spec: dict) -> str:
    for part in [spec, *_units(spec)]:
        title = part.get("title")
        if title:
            return title if isinstance(title, str) else str(title.get("text", ""))
    return ""


def _measure_unit(spec: dict) -> tuple[dict, str | None]:
    """The layer that carries the figures (the one with a tooltip) and its measured field."""
    units = [u for u in _units(spec) if u.get("encoding", {}).get("tooltip")] or _units(spec)
    for unit in units:
        enc = unit.get("encoding", {})
        for channel in ("x", "y", "color", "theta", "size"):
            e = enc.get(channel)
            if isinstance(e, dict) and e.get("type") == "quantitative" and e.get("field"):
                return unit, e["field"]
    return units[0] if units else {}, None


def _categories(unit: dict, measure: str | None) -> list[str]:
    """The fields that name a group (the nominal channels), in channel order, each once."""
    fields: list[str] = []
    for channel in CATEGORY_CHANNELS:
        e = unit.get("encoding", {}).get(channel)
        if isinstance(e, dict) and e.get("type") in ("nominal", "ordinal") and e.get("field"):
            if e["field"] != measure and e["field"] not in fields:
                fields.append(e["field"])
    return fields


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        x = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(x) else x


def _cell(value: Any, lang: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return fmt_int(value, lang)
    if isinstance(value, float):
        return fmt_num(value, lang)
    return str(value)


def table(spec: dict, lang: str) -> tuple[list[str], list[list[str]]]:
    """The chart's figures: the columns of its tooltip (titles) and one row per datum."""
    unit, measure = _measure_unit(spec)
    tips = unit.get("encoding", {}).get("tooltip") or []
    tips = [tips] if isinstance(tips, dict) else list(tips)
    if not tips:  # no tooltip: the group names and the measured field
        tips = [{"field": f, "title": f} for f in [*_categories(unit, measure), *([measure] if measure else [])]]
    columns = [str(tip.get("title") or tip.get("field")) for tip in tips]
    rows = [[_cell(row.get(tip.get("field")), lang) for tip in tips] for row in _rows(spec)]
    return columns, rows


def summary(spec: dict, lang: str, n_respondents: int | None = None, min_group: int = 5) -> str:
    """One sentence: the chart's title, its strongest and weakest group with their figures, and n."""
    title = _title(spec)
    unit, measure = _measure_unit(spec)
    cats = _categories(unit, measure)
    rows = _rows(spec)
    n_txt = t("alt_n", lang, n=fmt_int(n_respondents, lang)) if n_respondents is not None else ""
    if not rows or measure is None:
        return t("alt_empty", lang, title=title) + "."
    shown = [r for r in rows if not r.get("suppressed") and _number(r.get(measure)) is not None]
    hidden = len(rows) - len(shown)
    hidden_txt = t("alt_hidden", lang, k=fmt_int(hidden, lang), n=min_group) if hidden else ""
    if not shown:
        return t("alt_all_hidden", lang, title=title, n=min_group) + n_txt + "."
    meta = spec.get("usermeta") or {}
    note = f" {meta['alt_note']}" if meta.get("alt_note") else ""  # what the chart tells beside its figures
    if meta.get("alt_summary"):  # the chart's own reading (the Likert bars': a ranking of positions says nothing)
        return f"{title}: {str(meta['alt_summary']).rstrip('.')}" + n_txt + hidden_txt + "." + note
    best = max(shown, key=lambda r: _number(r[measure]))
    worst = min(shown, key=lambda r: _number(r[measure]))

    def name(r: dict) -> str:
        return " · ".join(str(r.get(c)) for c in cats if r.get(c) not in (None, "")) or "–"

    def figure(r: dict) -> str:
        text = r.get(TEXT_OF.get(measure, ""))
        return str(text) if text not in (None, "") else _cell(r[measure], lang)

    groups = fmt_int(len(rows), lang)
    if len(shown) == 1:
        body = t("alt_one", lang, title=title, name=name(best), value=figure(best), groups=groups)
    else:
        body = t(
            "alt_summary",
            lang,
            title=title,
            best=name(best),
            best_value=figure(best),
            worst=name(worst),
            worst_value=figure(worst),
            groups=groups,
        )
    return body + n_txt + hidden_txt + "." + note


NESTED = ("layer", "vconcat", "hconcat", "concat")


def quiet_subsets(spec: dict, inherited: bool = False) -> dict:
    """SPEC with every layer that draws a subset of the data (a filter) hidden from assistive
    technology (Vega-Lite's mark `aria: false`); a new dict, SPEC's data shared, SPEC unchanged.

    Why. Vega names each mark container after its items' descriptions; a layer whose filter leaves
    no item (a heatmap's 'hidden or no data' cells when every cell has a score) becomes an unnamed
    `role="graphics-symbol"`, an image without a text alternative (axe svg-img-alt, WCAG 1.1.1).
    What such a layer draws is told by the chart's unfiltered layer (the heatmap's figures) and by
    the summary and the table, so hiding it takes nothing from a screen reader and reads no datum
    twice. A layer with its own, empty data is hidden for the same reason, and so is decoration: a
    layer that reads no field (the likert chart's zero line) has items Vega cannot describe."""
    spec = dict(spec)
    reads = inherited or _reads_a_field(spec.get("encoding") or {})  # a layer inherits its parent's encoding
    for key in NESTED:
        if isinstance(spec.get(key), list):
            spec[key] = [quiet_subsets(part, reads) if isinstance(part, dict) else part for part in spec[key]]
    if isinstance(spec.get("spec"), dict):  # a facet's or repeat's inner spec
        spec["spec"] = quiet_subsets(spec["spec"], reads)
    data = spec.get("data")
    empty = isinstance(data, dict) and "values" in data and not data["values"]
    subset = any("filter" in step for step in spec.get("transform") or [])
    if "mark" in spec and (empty or subset or not reads):
        mark = spec["mark"]
        spec["mark"] = ({"type": mark} if isinstance(mark, str) else dict(mark)) | {"aria": False}
    return spec


def _reads_a_field(encoding: dict) -> bool:
    """Whether an ENCODING draws anything from the data (a field, also in a condition): a layer that
    does not (a zero line, a fixed label) is decoration, and its items get no description."""
    for enc in encoding.values():
        for part in enc if isinstance(enc, list) else [enc]:
            if isinstance(part, dict) and ("field" in part or _reads_a_field({"c": part.get("condition")})):
                return True
    return False


def describe(spec: dict, lang: str, n_respondents: int | None = None, min_group: int = 5) -> TextAlternative:
    """`summary` and `table` of SPEC in one."""
    columns, rows = table(spec, lang)
    return TextAlternative(summary(spec, lang, n_respondents, min_group), columns, rows)
