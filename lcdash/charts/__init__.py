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

The package, one job a module: look (the one look, Altair), labels (labels, order, colours and
figures as text), encodings (the parts: encodings, tooltips, score axis, titles, whiskers,
layers), bars (mean_bars, layering, grouped_bars), grid (heatmap), cycles (count_bars,
value_chain, expectation_gap), waves (trend).
"""

from lcdash.charts.bars import (
    LAYERING_LABELS,
    PLAIN_COLOUR,
    WRAP_LABEL,
    grouped_bars_spec,
    layering_spec,
    mean_bars_spec,
)
from lcdash.charts.cycles import count_bars_spec, expectation_gap_spec, value_chain_spec
from lcdash.charts.encodings import PAGE_SUBTITLE_CHARS, WHISKER, nominal, quantitative, score_ticks
from lcdash.charts.encodings import _layers as _layers
from lcdash.charts.encodings import _titled as _titled
from lcdash.charts.grid import EMPTY_FILL, HEAT_SCHEME, HEAT_WHITE_TEXT, HIDDEN_FILL, heatmap_spec
from lcdash.charts.labels import DIM_TITLE, FREE_DIMS, colour_domain, colour_scale, labelled, order
from lcdash.charts.look import (
    AUTOSIZE,
    AXIS_LABEL_LIMIT,
    FONT,
    TEXT_COLOUR,
    Spec,
    _as_altair,
    style,
    style_config,
    styled,
    to_altair,
)
from lcdash.charts.waves import trend_spec

mean_bars = _as_altair(mean_bars_spec)
layering = _as_altair(layering_spec)
heatmap = _as_altair(heatmap_spec)
grouped_bars = _as_altair(grouped_bars_spec)
count_bars = _as_altair(count_bars_spec)
value_chain = _as_altair(value_chain_spec)
expectation_gap = _as_altair(expectation_gap_spec)
trend = _as_altair(trend_spec)

__all__ = [
    "AUTOSIZE",
    "AXIS_LABEL_LIMIT",
    "DIM_TITLE",
    "EMPTY_FILL",
    "FONT",
    "FREE_DIMS",
    "HEAT_SCHEME",
    "HEAT_WHITE_TEXT",
    "HIDDEN_FILL",
    "LAYERING_LABELS",
    "PAGE_SUBTITLE_CHARS",
    "PLAIN_COLOUR",
    "TEXT_COLOUR",
    "WHISKER",
    "WRAP_LABEL",
    "Spec",
    "colour_domain",
    "colour_scale",
    "count_bars",
    "count_bars_spec",
    "expectation_gap",
    "expectation_gap_spec",
    "grouped_bars",
    "grouped_bars_spec",
    "heatmap",
    "heatmap_spec",
    "labelled",
    "layering",
    "layering_spec",
    "mean_bars",
    "mean_bars_spec",
    "nominal",
    "order",
    "quantitative",
    "score_ticks",
    "style",
    "style_config",
    "styled",
    "to_altair",
    "trend",
    "trend_spec",
    "value_chain",
    "value_chain_spec",
]
