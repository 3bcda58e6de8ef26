"""lcdash.steady: datasets named by their place in the spec, every reference following, so the same
chart of another selection is the same spec text (the browser then swaps only its data)."""

from __future__ import annotations

from lcdash import steady


def spec_of(rows: list[dict], other: list[dict]) -> dict:
    """An Altair-like spec: datasets named after a hash of their rows, a layer and a lookup using them."""
    a, b = f"data-{hash(repr(rows)) & 0xFFFF:x}", f"data-{hash(repr(other)) & 0xFFFF:x}"
    return {
        "data": {"name": a},
        "layer": [
            {"mark": "bar", "encoding": {"x": {"field": "v"}}},
            {
                "transform": [{"lookup": "k", "from": {"data": {"name": b}, "key": "k", "fields": ["w"]}}],
                "mark": "text",
            },
        ],
        "datasets": {b: other, a: rows},
    }


def test_names_follow_the_order_of_use_and_every_reference_is_renamed():
    out = steady.stable_names(spec_of([{"k": "a", "v": 1}], [{"k": "a", "w": 2}]))
    assert out["data"] == {"name": "lc0"}
    assert out["layer"][1]["transform"][0]["from"]["data"] == {"name": "lc1"}
    assert out["datasets"] == {"lc0": [{"k": "a", "v": 1}], "lc1": [{"k": "a", "w": 2}]}


def test_other_figures_give_the_same_spec_apart_from_the_rows():
    one = steady.stable_names(spec_of([{"k": "a", "v": 1}], [{"k": "a", "w": 2}]))
    two = steady.stable_names(spec_of([{"k": "a", "v": 7}], [{"k": "a", "w": 9}]))
    assert {k: v for k, v in one.items() if k != "datasets"} == {k: v for k, v in two.items() if k != "datasets"}
    assert one["datasets"] != two["datasets"]


def test_the_spec_is_not_changed_and_a_spec_without_datasets_is_returned_as_it_is():
    spec = spec_of([{"k": "a", "v": 1}], [])
    before = repr(spec)
    steady.stable_names(spec)
    assert repr(spec) == before
    inline = {"data": {"values": [{"v": 1}]}, "mark": "bar"}
    assert steady.stable_names(inline) is inline


def test_an_unused_dataset_keeps_a_name_after_the_used_ones():
    spec = {"data": {"name": "x"}, "mark": "bar", "datasets": {"unused": [], "x": [{"v": 1}]}}
    assert list(steady.stable_names(spec)["datasets"]) == ["lc0", "lc1"]
    assert steady.stable_names(spec)["datasets"]["lc1"] == []


def test_the_text_alternatives_usermeta_is_not_sent_and_other_usermeta_stays():
    spec = {"mark": "bar", "usermeta": {"alt_summary": "47% eens", "alt_note": "3 weet ik niet", "embedOptions": {}}}
    assert steady.without_text(spec) == {"mark": "bar", "usermeta": {"embedOptions": {}}}
    assert steady.without_text({"mark": "bar", "usermeta": {"alt_summary": "x"}}) == {"mark": "bar"}
    assert spec["usermeta"]["alt_summary"] == "47% eens"  # unchanged
    plain = {"mark": "bar"}
    assert steady.without_text(plain) is plain
