"""Charts as image files (PNG at 2× and SVG, made with vl-convert) and the active filters in words.

An exported chart carries its own title, its legend and a caption with the filters that made
it, so a picture pasted into a slide or a report still says what it shows.

Fonts: vl-convert measures and draws text with the fonts it knows. We register Debian's
DejaVu (fonts-dejavu-core, which `make run` / `make test` install) or another real TrueType
font found on the machine; without any, vl-convert still draws text with the Liberation Sans it
ships inside its own binary, so a PNG never comes out without words. The PDF report needs a
TTF file for fpdf2: `font_files()` finds one, and the report falls back to a core PDF font
when there is none (see lcdash.report).
"""

from __future__ import annotations

import json
import os
import re
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import altair as alt

from lcdash.charts import AXIS_LABEL_LIMIT, style
from lcdash.config import Config
from lcdash.i18n import t
from lcdash.queries import Filters

DEFAULT_WIDTH = 900  # px of an exported chart (before the scale)
BIG = 1.5  # charts.style's factor for big fonts
PNG_SCALE = 2

# Where real TrueType fonts live on Debian, other Linuxes and macOS; $LCDASH_FONT_DIR comes first.
FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/share/fonts/TTF"),
    Path("/usr/local/share/fonts"),
    Path.home() / ".local/share/fonts",
    Path("/Library/Fonts"),
    Path("/usr/share/fonts/truetype/liberation"),
    Path("/usr/share/fonts/liberation"),
)
# (family, regular file, bold file), best first.
FONT_FAMILIES = (
    ("DejaVu Sans", "DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    ("Liberation Sans", "LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf"),
)


@dataclass(frozen=True)
class FontFiles:
    family: str
    regular: Path
    bold: Path


def font_files() -> FontFiles | None:
    """A real Unicode TrueType font (regular and bold) on this machine, or None."""
    dirs = [Path(d) for d in os.environ.get("LCDASH_FONT_DIR", "").split(os.pathsep) if d] + list(FONT_DIRS)
    for family, regular, bold in FONT_FAMILIES:
        for d in dirs:
            if (d / regular).is_file():
                return FontFiles(family, d / regular, d / bold if (d / bold).is_file() else d / regular)
    return None


_fonts_lock = threading.Lock()
_fonts_registered = False


def ensure_fonts() -> FontFiles | None:
    """Register the font's directory with vl-convert once per process; returns the font used."""
    global _fonts_registered
    found = font_files()
    with _fonts_lock:
        if not _fonts_registered:
            import vl_convert as vlc

            if found is not None:
                vlc.register_font_directory(str(found.regular.parent))
            _fonts_registered = True
    return found


# ---------------------------------------------------------------- the filters in words


def filters_caption(config: Config, filters: Filters, lang: str) -> str:
    """The active filters as one line of words, e.g. 'Learning community: Logistiek Hub Venlo · Meting: 2024-2'.

    With no filter set it says so ('Alle communities, alle belanghebbenden, …'). Shared by
    present mode, chart downloads and reports, so a figure always travels with its selection.
    """
    parts = []
    if filters.communities:
        parts.append(f"{t('community', lang)}: {', '.join(filters.communities)}")
    if filters.stakeholders:
        names = ", ".join(config.label("stakeholder_type", k, lang) for k in filters.stakeholders)
        parts.append(f"{t('stakeholder', lang)}: {names}")
    if filters.waves:
        parts.append(f"{t('wave', lang)}: {', '.join(filters.waves)}")
    if filters.levels:
        parts.append(f"{t('level', lang)}: {', '.join(config.label('level', k, lang) for k in filters.levels)}")
    if not parts:
        return t("caption_no_filters", lang)
    return " · ".join(parts)


# ---------------------------------------------------------------- chart -> spec -> image


def image_caption(config: Config, filters: Filters, lang: str, totals: dict) -> str:
    """A chart image's caption: the active filters and n, so an image alone says whom it is about."""
    from lcdash.i18n import selection_text

    n = selection_text(totals["respondents"], totals["observations"], lang)
    return f"{filters_caption(config, filters, lang)} · {n}"


def _title_text(title: Any) -> str:
    if isinstance(title, str):
        return title
    if isinstance(title, dict):
        text = title.get("text", "")
    else:
        text = getattr(title, "text", "")
    if isinstance(text, list):
        return " ".join(str(x) for x in text)
    return text if isinstance(text, str) else ""


def chart_title(chart: alt.TopLevelMixin) -> str:
    """The title a chart (or the first of its layers) carries, without building its spec."""
    for part in [chart, *getattr(chart, "layer", []), *getattr(chart, "vconcat", [])]:
        text = _title_text(getattr(part, "title", alt.Undefined))
        if text:
            return text
    return ""


def file_stem(title: str, fallback: str = "lcdash") -> str:
    """A file name from a title: 'Gemiddelde score per waardecyclus' -> 'gemiddelde-score-per-waardecyclus'."""
    ascii_ = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")
    return stem[:80].rstrip("-") or fallback


def _enlarge(node: Any, k: float) -> None:
    """Scale what the builders fix in pixels (text marks' font size, axis label limits) by K, in place."""
    if isinstance(node, dict):
        if node.get("type") == "text" and isinstance(node.get("fontSize"), int | float):
            node["fontSize"] = node["fontSize"] * k
        if isinstance(node.get("labelLimit"), int | float):
            node["labelLimit"] = node["labelLimit"] * k
        for key, value in node.items():
            if key not in ("datasets", "data"):
                _enlarge(value, k)
    elif isinstance(node, list):
        for value in node:
            _enlarge(value, k)


def _wrap_x_labels(node: Any) -> None:
    """Horizontal category labels under bars ('Onmiddellijke waarde') wrap onto lines instead of colliding."""
    if isinstance(node, dict):
        x = node.get("x")
        if isinstance(x, dict) and x.get("type") == "nominal" and isinstance(x.get("axis"), dict):
            axis = x["axis"]
            if axis.get("labelAngle") == 0 and "labelExpr" not in axis:
                axis["labelExpr"] = "split(datum.label, ' ')"
        for key, value in node.items():
            if key not in ("datasets", "data"):
                _wrap_x_labels(value)
    elif isinstance(node, list):
        for value in node:
            _wrap_x_labels(value)


def export_spec(
    chart: alt.TopLevelMixin,
    caption: str | None = None,
    big: bool = False,
    width: int = DEFAULT_WIDTH,
    title: str | None = None,
    height: int | None = None,
) -> dict:
    """The Vega-Lite spec of CHART for a file: fixed width, its title on top, the CAPTION as last subtitle line.

    BIG (slides, present mode) scales the fonts, also those the builders fix in pixels; HEIGHT, when
    given, replaces the plot's own height so a chart fills a slide.
    """
    spec = style(chart, big).to_dict()
    if big:
        _enlarge(spec, BIG)
    _wrap_x_labels(spec)
    config = spec.setdefault("config", {})
    config.setdefault("legend", {}).setdefault("titleLimit", 400)
    if big:  # long labels ('Organisaties & kennisinstellingen') in big type: two to a row fit the width
        config["legend"]["columns"] = 2
    config.setdefault("axisQuantitative", {}).setdefault("tickCount", 8)  # a fixed width would otherwise crowd ticks
    if height is not None:
        spec["height"] = height
    found: Any = spec.get("title")
    for layer in spec.get("layer", []):  # a layered chart keeps its title on the layers: lift it to the top
        if "title" in layer:
            found = found or layer["title"]
            del layer["title"]
    heading = dict(found) if isinstance(found, dict) else ({"text": found} if found else {})
    if title is not None:
        heading["text"] = title
    subtitle = heading.get("subtitle") or []
    subtitle = [subtitle] if isinstance(subtitle, str) else list(subtitle)
    if caption:
        subtitle.append(caption)
    if subtitle:
        heading["subtitle"] = subtitle
    if heading.get("text") or subtitle:
        heading.setdefault("text", "")
        spec["title"] = heading
    spec["width"] = width
    spec["autosize"] = {"type": "fit-x", "contains": "padding"}
    spec.setdefault("background", "white")
    spec.setdefault("padding", 12)
    return spec


def _locale(lang: str) -> str:
    return "nl-NL" if lang == "nl" else "en-US"


NUMBER_LOCALES = {  # d3-format locales, as vl-convert's nl-NL and en-US
    "nl": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["€\u00a0", ""]},
    "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["$", ""]},
}


def for_screen(chart: alt.TopLevelMixin, lang: str, big: bool = False) -> alt.TopLevelMixin:
    """CHART styled for the browser, with axis numbers in the reader's locale; BIG also scales text marks."""
    if big:
        chart = chart.copy(deep=True)
        for part in [chart, *getattr(chart, "layer", [])]:
            mark = getattr(part, "mark", alt.Undefined)
            if getattr(mark, "type", None) == "text" and isinstance(getattr(mark, "fontSize", None), int | float):
                mark.fontSize = mark.fontSize * BIG
    styled = style(chart, big)
    styled.config.locale = alt.Locale(number=NUMBER_LOCALES.get(lang, NUMBER_LOCALES["en"]))
    if big:  # on a 16:9 screen height is scarce and width is not: legends go to the right
        styled.config.legend.orient = "right"
        styled.config.legend.columns = 1
        styled.config.legend.labelLimit = 400  # the big type needs room for 'Organisaties & kennisinstellingen'
        styled.config.axis.labelLimit = 380
    return styled


SLIDE_LABEL_LIMIT = 600  # px
SUBTITLE_CHARS = 90  # a chart's subtitle line in big type: it fits the 1120 px of a 1280 px screen


def _wrapped(text: str, width: int = SUBTITLE_CHARS) -> list[str]:
    """TEXT in lines of at most WIDTH characters, broken at spaces."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def _slide_axes(node: Any) -> None:
    """On a slide category names are never cut (a theme of 56 letters fits in 600 px of big type); a
    chart's subtitle is broken into lines (one line ran off the screen's edge); a legend under the
    chart stands at its right, one entry a line (five answer options in a row lost 'Helemaal eens')."""
    if isinstance(node, dict):
        title = node.get("title")
        if isinstance(title, dict) and isinstance(title.get("subtitle"), str):
            node["title"] = title | {"subtitle": _wrapped(title["subtitle"])}
        legend = node.get("legend")
        if isinstance(legend, dict) and legend.get("orient") in ("bottom", "top"):
            node["legend"] = {k: v for k, v in legend.items() if k not in ("direction", "columns")} | {
                "orient": "right",
                "columns": 1,
            }
        for channel in ("x", "y"):
            enc = node.get(channel)
            if isinstance(enc, dict) and enc.get("type") == "nominal" and enc.get("axis", {}) is not None:
                axis = enc["axis"] = dict(enc.get("axis") or {})
                axis["labelLimit"] = max(axis.get("labelLimit", 0), SLIDE_LABEL_LIMIT)
        for key, value in node.items():
            if key not in ("datasets", "data"):
                _slide_axes(value)
    elif isinstance(node, list):
        for value in node:
            _slide_axes(value)


GROUPED = ",~r"  # d3-format: thousands grouped (the locale's '.'), no trailing zeros; an axis's own format wins


def slide_spec(chart: alt.TopLevelMixin, lang: str) -> dict:
    """CHART as present mode draws it: big type, and the whole chart — its title, axes and legend
    included — fitted into its container's width and height (the height the page leaves under the
    slide's title), so nothing runs off the screen's edge and no third of it stays empty."""
    spec = for_screen(chart.properties(width="container", height="container"), lang, big=True).to_dict()
    spec["autosize"] = {"type": "fit", "contains": "padding"}
    spec["config"].setdefault("axisQuantitative", {}).setdefault("format", GROUPED)  # 8.000, not 8000
    _slide_axes(spec)
    _narrow_slide(spec)
    return spec


# ---------------------------------------------------------------- a slide in a narrow column

SLIDE_WIDE = 1000  # px of chart width: a projector's type from here (a 1280 px screen: 1120; 1024 px: 864)
# The spec's parameters: its chart's container is narrower than SLIDE_WIDE (the dashboard's type), and
# narrower than a11y.NARROW's 760 px (the legend under the plot, long names in two lines: 200 % zoom).
# At 820 px (1280 px with the filters shown) a legend under the plot took the height its 14 rows needed.
NARROW, UNDER = "lc_narrow", "lc_under"
# `0 * width`: they follow the chart's width when the window or the column changes (zoom, the filters
# shown); on containerSize() alone some parts kept the layout they were first drawn in
_FOLLOWS = "containerSize()[0] + 0 * width"
LEGEND_CHAR, LEGEND_SYMBOL = 7, 40  # px at 12 px type: a legend label's letter, and its symbol and gap


def _by_width(narrow: Any, wide: Any, when: str = NARROW) -> dict:
    """A value the browser picks by the chart's width: NARROW in a narrow column (WHEN), else WIDE (JSON values)."""
    return _expr(f"{when} ? {json.dumps(narrow, ensure_ascii=False)} : {json.dumps(wide, ensure_ascii=False)}")


def _expr(text: str) -> dict:
    """An expression in parentheses: Vega-Lite writes a label angle's into a longer one as it is."""
    return {"expr": f"({text})"}


def _narrow_slide(spec: dict) -> None:
    """SPEC, in place, laid out by its width in the browser: a projector's layout when the chart is
    SLIDE_WIDE px or wider, else the dashboard's type (12 px, not 18) and category names along x turned
    when they do not fit; below 760 px (WCAG 1.4.10: 200 % zoom of a 1280 px window is a 608 px
    column) also the legend under the plot in the columns its width holds and long names along y in
    two lines. At 640 px the right-hand legend of 18 px type was cut and left the plot so little room
    that its labels overlapped. A legend's orient by expression is not in Vega-Lite's schema, but it compiles to a
    Vega signal that Vega follows (as a11y.reflow's on the dashboard)."""
    from lcdash import a11y
    from lcdash.alttext import _rows

    spec["params"] = [
        *spec.get("params", []),
        {"name": NARROW, "expr": f"{_FOLLOWS} < {SLIDE_WIDE}"},
        {"name": UNDER, "expr": f"{_FOLLOWS} < {a11y.NARROW}"},
    ]
    config = spec["config"]
    for part, keys in (
        ("title", ("fontSize", "subtitleFontSize")),
        ("axis", ("labelFontSize", "titleFontSize")),
        ("legend", ("labelFontSize", "titleFontSize")),
    ):
        for key in keys:
            size = config.get(part, {}).get(key)
            if isinstance(size, int | float):
                config[part][key] = _by_width(round(size / BIG, 1), size)
    # the config's, not each legend's: Vega-Lite merges two layers' legends of a field only when their
    # orients are the same object, and two equal expressions are not (the trend slides got 4 legends)
    config["legend"]["orient"] = _by_width("bottom", config["legend"].get("orient", "right"), UNDER)
    _narrow_parts(spec, _rows(spec), a11y)


def _narrow_parts(node: Any, rows: list[dict], a11y: Any) -> None:
    """_narrow_slide's work on the marks, legends and category axes in NODE; ROWS: the chart's data."""
    if isinstance(node, list):
        for value in node:
            _narrow_parts(value, rows, a11y)
        return
    if not isinstance(node, dict):
        return
    mark = node.get("mark")
    if isinstance(mark, dict) and mark.get("type") == "text" and isinstance(mark.get("fontSize"), int | float):
        mark["fontSize"] = _by_width(round(mark["fontSize"] / BIG, 1), mark["fontSize"])  # for_screen's × BIG
    encoding = node.get("encoding")
    if isinstance(encoding, dict):
        for channel in a11y.CHANNELS:
            enc = encoding.get(channel)
            if isinstance(enc, dict) and "field" in enc and enc.get("legend", {}) is not None:
                longest = a11y._longest(rows, enc["field"], False)
                gradient = enc.get("type") in ("quantitative", "temporal") and not enc.get("bin")
                enc["legend"] = _narrow_legend(dict(enc.get("legend") or {}), longest, gradient)
        for channel in ("x", "y"):
            enc = encoding.get(channel)
            if isinstance(enc, dict) and enc.get("type") in ("nominal", "ordinal") and "field" in enc:
                if enc.get("axis", {}) is not None:
                    enc["axis"] = _narrow_axis(dict(enc.get("axis") or {}), channel, enc, rows, a11y)
    for key, value in node.items():
        if key not in ("datasets", "data", "encoding", "mark"):
            _narrow_parts(value, rows, a11y)


def _narrow_legend(legend: dict, longest: int, gradient: bool) -> dict:
    """LEGEND on the right of a slide, under it below 760 px in as many columns as the plot's width
    holds for its longest label (LONGEST characters), at most 4; a GRADIENT stays upright on the right."""
    if legend.get("orient", "right") != "right":  # a legend placed elsewhere on purpose stays there
        return legend
    if gradient:
        # on the right, upright, also when narrow: Vega reads a gradient's direction as a word (an
        # expression laid it flat), and an upright one under the plot squeezed the heatmap's rows
        return legend | {"orient": "right", "direction": "vertical"}
    legend.pop("orient", None)  # the config's, by width
    legend["direction"] = _by_width("horizontal", "vertical", UNDER)
    column = LEGEND_CHAR * longest + LEGEND_SYMBOL
    wide = legend.get("columns", 1)
    legend["columns"] = _expr(f"{UNDER} ? min(4, max(1, floor(width / {column}))) : {json.dumps(wide)}")
    return legend


def _narrow_axis(axis: dict, channel: str, enc: dict, rows: list[dict], a11y: Any) -> dict:
    """A category AXIS of a narrow slide: the dashboard's label limit, a long name along y in two lines
    below 760 px (not cut with '…'), names along x turned just enough to fit (a11y's, for 12 px type)."""
    if isinstance(axis.get("labelLimit"), int | float):  # _slide_axes' 600 px
        axis["labelLimit"] = _by_width(min(axis["labelLimit"], AXIS_LABEL_LIMIT), axis["labelLimit"])
    if channel == "y" and "labelExpr" not in axis:  # not at 864 px (a 1024 px screen): rows got too low
        # UNDER's test written out: with the parameter, back from 640 px to 1280 the plot kept the room
        # of the two-line names and the longest name ran past the chart's left edge
        axis["labelExpr"] = f"{_FOLLOWS} < {a11y.NARROW} ? ({a11y.WRAP}) : datum.label"
    angle = axis.get("labelAngle", 0)
    if channel == "x" and isinstance(angle, int | float):
        turned = a11y._turn_labels(axis, rows, enc["field"])["labelAngle"]["expr"]
        axis["labelAngle"] = _expr(f"{NARROW} ? {turned} : {json.dumps(angle)}")
        if angle == 0:  # for an angle by expression Vega-Lite aligns a level label by null: at its left end
            axis.setdefault("labelAlign", _expr(f"{NARROW} && ({turned}) != 0 ? 'right' : 'center'"))
        wide = axis.get("labelOverlap", enc.get("type") == "ordinal")  # Vega-Lite's default
        axis["labelOverlap"] = _by_width(False, wide) if wide else False  # narrow: a turned name is never dropped
    return axis


def chart_svg(
    chart: alt.TopLevelMixin,
    caption: str | None = None,
    lang: str = "nl",
    big: bool = False,
    width: int = DEFAULT_WIDTH,
    title: str | None = None,
    height: int | None = None,
) -> str:
    """CHART as an SVG document, text as <text> elements (editable in Inkscape or PowerPoint)."""
    import vl_convert as vlc

    ensure_fonts()
    return vlc.vegalite_to_svg(export_spec(chart, caption, big, width, title, height), format_locale=_locale(lang))


def chart_png(
    chart: alt.TopLevelMixin,
    caption: str | None = None,
    lang: str = "nl",
    big: bool = False,
    width: int = DEFAULT_WIDTH,
    scale: float = PNG_SCALE,
    title: str | None = None,
    height: int | None = None,
) -> bytes:
    """CHART as a PNG, SCALE × its size in pixels (2: sharp on a projector and in print)."""
    import vl_convert as vlc

    ensure_fonts()
    spec = export_spec(chart, caption, big, width, title, height)
    return vlc.vegalite_to_png(spec, scale=scale, format_locale=_locale(lang))
