"""Present mode's chart spec (export.slide_spec, issue 18): what a projector shows is whole and fills the slide."""

from __future__ import annotations

import json

from lcdash import deck, export, store
from lcdash.config import load_config
from lcdash.queries import Filters

CFG = load_config()


def _slides(tmp_path):
    from lcdash.demo import build_demo

    db = tmp_path / "demo.duckdb"
    build_demo(db, CFG)
    con = store.connect(db, read_only=True)
    try:
        return deck.build_deck(deck.runner(con, Filters(min_group=5)), CFG, "nl", 5)
    finally:
        con.close()


def _walk(node, found):
    if isinstance(node, dict):
        found.append(node)
        for k, v in node.items():
            if k not in ("data", "datasets"):
                _walk(v, found)
    elif isinstance(node, list):
        for v in node:
            _walk(v, found)
    return found


def _picks(value):
    """(narrow, wide): what a value export._by_width made is in a narrow column and on a projector."""
    if not (isinstance(value, dict) and "expr" in value):
        return value, value
    expr = value["expr"]
    for name in (export.NARROW, export.UNDER):
        if expr.startswith(f"({name} ? ") and expr.endswith(")"):
            narrow, wide = expr[len(name) + 4 : -1].split(" : ")
            return json.loads(narrow), json.loads(wide)
    raise AssertionError(expr)


def test_every_slide_fits_its_screen_and_is_whole(tmp_path):
    slides = _slides(tmp_path)
    assert len(slides) >= 8
    for slide in slides:
        spec = export.slide_spec(slide.chart, "nl")
        where = slide.key
        # the whole chart (title, axes, legend) in the container's width and height: the page sizes it
        assert spec["autosize"]["type"] == "fit", where
        assert spec["height"] == "container" and spec["width"] == "container", where
        assert spec["config"]["axisQuantitative"]["format"] == ",~r", where  # 8.000, not 8000
        # a projector's big type and right-hand legend; in a narrow column (200 % zoom) the dashboard's
        # type and the legend under the plot (issue 21)
        config = spec["config"]
        assert _picks(config["axis"]["labelFontSize"]) == (12, 18), where
        assert _picks(config["title"]["fontSize"]) == (16, 24), where
        assert _picks(config["legend"]["labelFontSize"]) == (12, 18), where
        assert _picks(config["legend"]["orient"]) == ("bottom", "right"), where
        for node in _walk(spec, []):
            for channel in ("x", "y"):
                enc = node.get(channel)
                if isinstance(enc, dict) and enc.get("type") == "nominal" and enc.get("axis") is not None:
                    narrow, wide = _picks(enc["axis"]["labelLimit"])
                    assert wide >= 600 and narrow >= 400, (where, channel)  # names never cut on a slide
            legend = node.get("legend")
            if isinstance(legend, dict):  # a row of five lost one: on a projector on the right, one entry a line
                assert _picks(legend.get("orient", "right"))[1] == "right", (where, legend)
                columns = legend.get("columns", 1)
                assert columns == 1 or columns["expr"].endswith(" : 1)"), (where, legend)
            title = node.get("title")
            if isinstance(title, dict) and title.get("subtitle"):
                lines = title["subtitle"] if isinstance(title["subtitle"], list) else [title["subtitle"]]
                assert all(len(line) <= export.SUBTITLE_CHARS for line in lines), (where, lines)
        json.dumps(spec)  # what st.vega_lite_chart sends


def test_a_long_subtitle_is_broken_at_spaces():
    text = "Punt: verschil met de vorige meting; streep: 95%-interval na correctie voor het aantal vergelijkingen"
    lines = export._wrapped(text, 40)
    assert " ".join(lines) == text and all(len(line) <= 40 for line in lines) and len(lines) == 3
