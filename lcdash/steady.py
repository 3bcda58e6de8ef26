"""Chart specs that stay the same text when only their figures change (issue 21 §2). No streamlit here.

Streamlit's browser side draws a chart anew (Vega-Lite compiles the spec, Vega parses it and
builds a new view) whenever the spec's JSON text differs from the last run's, and only swaps the
data into the existing view when the text is the same and just a dataset changed. A filter
change used to alter every chart's text: Altair and `ui.charts._for_browser` named each dataset after
a hash of its rows, and the spec's description was the text alternative's summary (its figures
and n). Recompiling every chart was 40 % of a filter change in Chromium at 1M rows (bench/browser.py,
docs/benchmarks.md). Here each dataset gets a name from its place in the spec, so the same chart
of another selection has the same text; the summary is said next to the chart (ui.text_alternative).
"""

from __future__ import annotations

from typing import Any

PREFIX = "lc"  # not Vega-Lite's own "data_0", "data_1" for the sources it derives
TEXT_ONLY = ("alt_summary", "alt_note")  # usermeta for lcdash.alttext (a chart's reading): figures, never drawn


def without_text(spec: dict) -> dict:
    """SPEC without the usermeta only the text alternative reads: the Likert chart's reading names
    its shares, so it made the spec's text differ with every selection. A new dict when it had any."""
    meta = spec.get("usermeta")
    if not isinstance(meta, dict) or not any(k in meta for k in TEXT_ONLY):
        return spec
    rest = {k: v for k, v in meta.items() if k not in TEXT_ONLY}
    out = {k: v for k, v in spec.items() if k != "usermeta"}
    if rest:
        out["usermeta"] = rest
    return out


def stable_names(spec: dict) -> dict:
    """SPEC with its named datasets called lc0, lc1, ... in the order the spec first uses them.

    Every reference ({"data": {"name": ...}} at any depth, lookups included) follows the new
    name; datasets the spec names but never uses keep their order after the used ones. A new
    dict; SPEC is not changed."""
    datasets = spec.get("datasets")
    if not isinstance(datasets, dict) or not datasets:
        return spec
    order: list[str] = []
    _used(spec, set(datasets), order)
    order += [name for name in datasets if name not in order]
    new = {old: f"{PREFIX}{i}" for i, old in enumerate(order)}
    out = _rename({k: v for k, v in spec.items() if k != "datasets"}, new)
    out["datasets"] = {new[old]: datasets[old] for old in order}
    return out


def _used(node: Any, names: set[str], order: list[str]) -> None:
    if isinstance(node, dict):
        data = node.get("data")
        if isinstance(data, dict) and data.get("name") in names and data["name"] not in order:
            order.append(data["name"])
        for key, value in node.items():
            if key != "datasets":
                _used(value, names, order)
    elif isinstance(node, list):
        for value in node:
            _used(value, names, order)


def _rename(node: Any, new: dict[str, str]) -> Any:
    if isinstance(node, dict):
        out = {key: _rename(value, new) for key, value in node.items()}
        data = out.get("data")
        if isinstance(data, dict) and data.get("name") in new:
            out["data"] = {**data, "name": new[data["name"]]}
        return out
    if isinstance(node, list):
        return [_rename(value, new) for value in node]
    return node
