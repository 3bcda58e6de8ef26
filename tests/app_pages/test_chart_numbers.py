"""Chart specs as the browser gets them: data already Arrow, and Dutch number formatting."""

import json

import pyarrow as pa


def specs(at) -> list:
    return list(at.get("vega_lite_chart"))


def test_dutch_axes_swap_separators_english_axes_do_not(run_app):
    nl = specs(run_app("cycles"))
    assert nl
    for el in nl:
        expr = json.loads(el.proto.spec)["config"]["axisQuantitative"]["labelExpr"]
        assert "regexp('[.]', 'g'), ','" in expr
    for el in specs(run_app("cycles", lang="en")):
        assert "labelExpr" not in json.loads(el.proto.spec)["config"].get("axisQuantitative", {})


def test_cached_specs_send_their_data_as_arrow(run_app):
    at = run_app("overview")
    at.run()  # a warm rerun: the spec comes from the cache
    for el in specs(at):
        assert "datasets" not in json.loads(el.proto.spec)
        assert el.proto.datasets and all(pa.ipc.open_stream(d.data.data).read_all().num_rows for d in el.proto.datasets)
