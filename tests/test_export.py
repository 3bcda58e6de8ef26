"""Chart images: PNG at 2x and SVG with their title, legend and the active filters; text on a fresh machine."""

from __future__ import annotations

import html
import io
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from PIL import Image

from lcdash import charts, export
from lcdash.config import load_config
from lcdash.queries import Filters

ROOT = Path(__file__).resolve().parent.parent
CFG = load_config()


def cycle_frame() -> pd.DataFrame:
    rows = [("expected", 4.0), ("immediate", 4.2), ("potential", 3.7), ("applied", 3.5), ("realised", 3.1)]
    df = pd.DataFrame(rows, columns=["value_cycle", "mean"])
    df["n_resp"] = [40.0, 41.0, 39.0, 38.0, 3.0]
    df["suppressed"] = df["n_resp"] < 5
    df.loc[df["suppressed"], ["mean", "n_resp"]] = float("nan")
    return df


def bars(title: str = "Gemiddelde score per waardecyclus"):
    return charts.mean_bars(cycle_frame(), "value_cycle", CFG, "nl", title)


def svg_texts(svg: str) -> list[str]:
    return [html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]


def dark_pixels(png: bytes, box: tuple[int, int, int, int] | None = None) -> int:
    img = Image.open(io.BytesIO(png)).convert("L")
    if box:
        img = img.crop(box)
    return sum(img.histogram()[:90])


# ---------------------------------------------------------------- the caption


def test_caption_without_filters_says_so():
    assert export.filters_caption(CFG, Filters(), "nl") == (
        "Alle communities, alle belanghebbenden, alle metingen, alle niveaus"
    )
    assert export.filters_caption(CFG, Filters(), "en").startswith("All communities")


def test_caption_names_every_filter_with_config_labels():
    f = Filters(
        communities=("Logistiek Hub Venlo",), stakeholders=("student", "lecturer"), waves=("2024-2",), levels=("micro",)
    )
    nl = export.filters_caption(CFG, f, "nl")
    assert nl == (
        "Learning community: Logistiek Hub Venlo · Belanghebbende: Student, Docent of onderzoeker · "
        "Meting: 2024-2 · Niveau: Individuele deelnemers"
    )
    en = export.filters_caption(CFG, f, "en")
    assert "Stakeholder type: Student, Lecturer or researcher" in en and "Level: Individual participants" in en
    assert "lecturer" not in nl and "micro" not in nl  # never a raw key


# ---------------------------------------------------------------- SVG and PNG


def test_svg_carries_title_caption_labels_and_suppression():
    svg = export.chart_svg(bars(), caption="Meting: 2024-2", lang="nl")
    assert svg.lstrip().startswith("<svg")
    texts = svg_texts(svg)
    assert "Gemiddelde score per waardecyclus" in texts
    assert "Meting: 2024-2" in texts
    assert "Onmiddellijke waarde" in texts  # axis labels in the reader's language
    assert "4,2" in texts and "verborgen" in texts  # Dutch decimals; the small group as a word, never its figure
    assert not any("3,1" == t for t in texts)
    assert {"1", "2", "3", "4", "5"} <= set(texts) and "1,2" not in texts  # whole points: no crowded ticks


def test_svg_in_english_uses_english_numbers():
    c = charts.mean_bars(cycle_frame(), "value_cycle", CFG, "en", "Mean score per value cycle")
    texts = svg_texts(export.chart_svg(c, caption="Wave: 2024-2", lang="en"))
    assert "Immediate value" in texts and "4.2" in texts and "5" in texts


def test_png_is_twice_the_svg_size_and_has_text():
    c = bars()
    svg = export.chart_svg(c, caption="Meting: 2024-2")
    w, h = (int(float(x)) for x in re.search(r'<svg[^>]* width="([\d.]+)" height="([\d.]+)"', svg).groups())
    png = export.chart_png(c, caption="Meting: 2024-2")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    img = Image.open(io.BytesIO(png))
    assert img.size == (2 * w, 2 * h)
    assert w == export.DEFAULT_WIDTH
    # the title band (top ~50 px at 2x) holds dark text pixels; an image without fonts would have none there
    assert dark_pixels(png, (0, 0, img.size[0] // 2, 90)) > 300


def test_legend_is_part_of_the_export():
    df = pd.DataFrame(
        {
            "wave": ["2024-1", "2024-2", "2024-1", "2024-2"],
            "level": ["micro", "micro", "meso", "meso"],
            "mean": [3.1, 3.4, 3.0, 3.2],
            "n_resp": [50.0, 60.0, 40.0, 45.0],
            "suppressed": [False] * 4,
        }
    )
    c = charts.trend(df, "level", CFG, "nl", "Ontwikkeling per niveau over de metingen")
    texts = svg_texts(export.chart_svg(c, caption="Alle communities"))
    assert "Niveau" in texts  # legend title
    assert "Individuele deelnemers" in texts and "Organisaties & kennisinstellingen" in texts


def test_title_can_be_replaced_and_big_scales_text_marks():
    spec = export.export_spec(bars(), caption="x", big=True, title="Onmiddellijke waarde scoort het hoogst")
    assert spec["title"]["text"] == "Onmiddellijke waarde scoort het hoogst"
    assert spec["title"]["subtitle"] == ["x"]
    text_marks = [layer["mark"] for layer in spec["layer"] if layer["mark"].get("type") == "text"]
    assert text_marks and all(m["fontSize"] == 18 for m in text_marks)  # 12 px × 1.5
    assert all("title" not in layer for layer in spec["layer"])  # lifted to the top, once


def test_file_stem():
    assert export.file_stem("Gemiddelde score per waardecyclus") == "gemiddelde-score-per-waardecyclus"
    assert export.file_stem("Potentiële waarde × kapitalen") == "potentiele-waarde-kapitalen"
    assert export.file_stem("", "grafiek") == "grafiek"
    assert export.chart_title(bars("Titel")) == "Titel"


# ---------------------------------------------------------------- fonts


def test_a_real_font_is_found_and_registered():
    found = export.font_files()
    if found is None:
        pytest.fail("no TrueType font on this machine; `make test` installs fonts-dejavu-core (as root)")
    assert found.regular.is_file() and found.bold.is_file()
    assert export.ensure_fonts() == found


FRESH = """
import sys
from lcdash import charts, export
from lcdash.config import load_config
import pandas as pd
df = pd.DataFrame({"value_cycle": ["immediate", "realised"], "mean": [4.2, 3.1], "n_resp": [40.0, 30.0],
                   "suppressed": [False, False]})
c = charts.mean_bars(df, "value_cycle", load_config(), "nl", "Titel op een kale machine")
assert export.font_files() is None, export.font_files()
open(sys.argv[1], "wb").write(export.chart_png(c, caption="Alle communities"))
"""


def test_text_renders_on_a_machine_without_fonts(tmp_path):
    """Hide every system font (a private mount namespace over /usr/share/fonts): the PNG still has its words."""
    out = tmp_path / "fresh.png"
    script = tmp_path / "fresh.py"
    script.write_text(FRESH)
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.fail("cannot make a mount namespace here (needs root, as `make test` and CI run)")
    hide = "mount -t tmpfs none /usr/share/fonts && mount -t tmpfs none /usr/local/share/fonts 2>/dev/null; "
    run = subprocess.run(
        ["unshare", "-m", "sh", "-c", hide + f'"{sys.executable}" "{script}" "{out}"'],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "LCDASH_FONT_DIR": ""},
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    png = out.read_bytes()
    width = Image.open(io.BytesIO(png)).size[0]
    assert dark_pixels(png, (0, 0, width // 2, 90)) > 300
