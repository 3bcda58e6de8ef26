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
        for node in _walk(spec, []):
            for channel in ("x", "y"):
                enc = node.get(channel)
                if isinstance(enc, dict) and enc.get("type") == "nominal" and enc.get("axis") is not None:
                    assert enc["axis"]["labelLimit"] >= 600, (where, channel)  # names never cut on a slide
            legend = node.get("legend")
            if isinstance(legend, dict):
                assert legend.get("orient", "right") == "right", (where, legend)  # a row of five lost one
            title = node.get("title")
            if isinstance(title, dict) and title.get("subtitle"):
                lines = title["subtitle"] if isinstance(title["subtitle"], list) else [title["subtitle"]]
                assert all(len(line) <= export.SUBTITLE_CHARS for line in lines), (where, lines)
        json.dumps(spec)  # what st.vega_lite_chart sends


def test_a_long_subtitle_is_broken_at_spaces():
    text = "Punt: verschil met de vorige meting; streep: 95%-interval na correctie voor het aantal vergelijkingen"
    lines = export._wrapped(text, 40)
    assert " ".join(lines) == text and all(len(line) <= 40 for line in lines) and len(lines) == 3
