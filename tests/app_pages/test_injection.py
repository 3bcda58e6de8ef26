"""Issue 16 §4 (AppTest): a value from the URL is echoed in a notice as a code span — typed text,
never a markdown link, image, colour or icon — and the grids' own CSV export is off."""

from __future__ import annotations

import tomllib

import pytest
from pagekit import ROOT

from lcdash import ui

ATTACKS = [
    "[Sessie verlopen, klik hier](https://evil.example)",
    "![x](https://evil.example/t.png)",
    "**Sessie verlopen** <img src=x onerror=alert(1)>",
    ":red[let op] :material/warning:",
    "`code` with ``two`` backticks",
    "https://evil.example/bare-link",
]


@pytest.mark.parametrize("value", ATTACKS)
def test_a_url_value_is_shown_as_a_code_span(run_app, value):
    at = run_app(community=value)
    shown = [w.value for w in at.warning if "genegeerd" in w.value]
    assert shown, [w.value for w in at.warning]
    span = ui.literal(value)
    assert span in shown[0]
    fence = span.split(" ")[0]
    assert set(fence) == {"`"} and fence * 2 not in value and value in span  # nothing can close it early


def test_a_bad_slide_number_is_shown_as_a_code_span(run_app):
    at = run_app("present", dia="[klik](https://evil.example)")
    assert any(
        "`` [klik](https://evil.example) ``" in w.value or "` [klik](https://evil.example) `" in w.value
        for w in at.warning
    )


def test_long_values_are_cut():
    assert len(ui.literal("x" * 5000)) < 100


def test_dataframe_export_is_off_in_the_config_and_the_image():
    settings = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert settings["client"]["disableDataExport"] is True
    assert "STREAMLIT_CLIENT_DISABLE_DATA_EXPORT=true" in (ROOT / "Dockerfile").read_text(encoding="utf-8")
