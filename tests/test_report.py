"""`lcdash report`: PDF and PowerPoint of a selection on the demo database; refused input; suppression."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from lcdash import deck, export, report, store
from lcdash.cli import main
from lcdash.config import load_config
from lcdash.demo import build_demo
from lcdash.queries import Filters

CFG = load_config()
LOGISTIEK = "Logistiek Hub Venlo"


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("report") / "demo.duckdb"
    build_demo(path, CFG)
    return str(path)


@pytest.fixture(scope="module")
def expected(db) -> dict:
    """What the whole-database report should hold, from the deck and the stories query."""
    con = store.connect(db, read_only=True)
    try:
        f = Filters(min_group=CFG.min_group_size)
        q = deck.runner(con, f)
        slides = deck.build_deck(q, CFG, "nl", CFG.min_group_size)
        stories = deck.example_stories(q, CFG, "nl", q("totals")["respondents"])
        return {"slides": slides, "stories": stories}
    finally:
        con.close()


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def pdf_pages(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", data))


@pytest.fixture(scope="module")
def pptx_report(db, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("pptx") / "rapport.pptx"
    assert main(["report", "--db", db, "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def pdf_report(db, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("pdf") / "rapport.pdf"
    assert main(["report", "--db", db, "--out", str(out)]) == 0
    return out


# ---------------------------------------------------------------- PowerPoint


def test_pptx_is_16_9_with_a_slide_per_part(pptx_report, expected):
    prs = Presentation(str(pptx_report))
    assert round(prs.slide_width / prs.slide_height, 3) == round(16 / 9, 3)
    n_charts, n_stories = len(expected["slides"]), len(expected["stories"])
    assert 3 <= n_stories <= 5
    assert n_charts >= 8
    # title + one per chart + one per story + two method slides
    assert len(prs.slides) == 1 + n_charts + n_stories + 2


def test_pptx_charts_are_pictures_under_editable_titles(pptx_report, expected):
    prs = Presentation(str(pptx_report))
    slides = list(prs.slides)
    pictures = [sh for s in slides for sh in s.shapes if sh.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert len(pictures) == len(expected["slides"])
    for slide, want in zip(slides[1 : 1 + len(expected["slides"])], expected["slides"], strict=True):
        assert slide.shapes.title.text_frame.text == want.title  # a real title placeholder: editable text
        pic = next(sh for sh in slide.shapes if sh.shape_type == MSO_SHAPE_TYPE.PICTURE)
        assert pic.image.content_type == "image/png"
        w_px, _ = report.png_size(pic.image.blob)
        assert w_px == 2 * report.CHART_WIDTH  # rendered at 2x: sharp on a projector
        assert pic.left >= 0 and pic.left + pic.width <= prs.slide_width
        assert pic.top + pic.height <= prs.slide_height


def test_pptx_title_slide_and_stories(pptx_report, expected):
    prs = Presentation(str(pptx_report))
    first = prs.slides[0]
    text = "\n".join(sh.text_frame.text for sh in first.shapes if sh.has_text_frame)
    assert "Opbrengsten van Learning Communities" in text
    for word in ("Communities:", "Metingen:", "n: ", "Datum:", "Selectie:", LOGISTIEK, "2024-1"):
        assert word in text
    story_slide = prs.slides[1 + len(expected["slides"])]
    body = "\n".join(sh.text_frame.text for sh in story_slide.shapes if sh.has_text_frame)
    assert expected["stories"][0].header in body
    assert expected["stories"][0].steps[0][1] in body
    method = "\n".join(sh.text_frame.text for s in list(prs.slides)[-2:] for sh in s.shapes if sh.has_text_frame)
    for cycle in CFG.cycles:
        assert cycle.nl in method and cycle.description_nl in method
    assert "minder dan 5 respondenten" in method and "‘verborgen’" in method


def test_pptx_text_fits_its_boxes(pptx_report):
    """Measured with the report font: no text box holds more lines than its height allows."""
    prs = Presentation(str(pptx_report))
    for n, slide in enumerate(prs.slides, 1):
        for sh in slide.shapes:
            if not sh.has_text_frame or not sh.text_frame.text.strip():
                continue
            width_in, height_in = sh.width / 914400, sh.height / 914400
            needed = 0.0
            for p in sh.text_frame.paragraphs:
                size = max((r.font.size.pt for r in p.runs if r.font.size), default=18)
                bold = any(r.font.bold for r in p.runs)
                lines = report.text_lines("".join(r.text for r in p.runs), size, width_in, bold)
                needed += lines * size * 1.2 + (p.space_after.pt if p.space_after else 0)
            assert needed / 72 <= height_in + 0.15, f"slide {n}: {sh.text_frame.text[:60]!r} overflows"


# ---------------------------------------------------------------- PDF


def test_pdf_pages(pdf_report, expected):
    data = pdf_report.read_bytes()
    assert data[:5] == b"%PDF-"
    # title page, one page per chart, at least one page of stories and one of method
    assert pdf_pages(data) >= 1 + len(expected["slides"]) + 2
    assert b"/FontFile2" in data or b"/Helvetica" in data  # an embedded TrueType font (DejaVu) when the machine has one
    if export.font_files() is not None:
        assert b"/FontFile2" in data


def test_pdf_pages_render(pdf_report, tmp_path):
    """pdftoppm can draw every page (poppler-utils ships with the test machine)."""
    if subprocess.run(["which", "pdftoppm"], capture_output=True).returncode:
        pytest.fail("pdftoppm not installed: `make test` installs poppler-utils (as root)")
    subprocess.run(["pdftoppm", "-r", "30", "-png", str(pdf_report), str(tmp_path / "p")], check=True)
    assert len(list(tmp_path.glob("p-*.png"))) == pdf_pages(pdf_report.read_bytes())


def test_english_report_with_filters(capsys, db, tmp_path):
    out = tmp_path / "logistiek.pptx"
    code, stdout, _ = run(
        capsys, "report", "--db", db, "--out", str(out), "--lang", "en", "--community", LOGISTIEK, "--wave", "2024-2"
    )
    assert code == 0 and "report written" in stdout
    prs = Presentation(str(out))
    first = "\n".join(sh.text_frame.text for sh in prs.slides[0].shapes if sh.has_text_frame)
    assert "What Learning Communities deliver" in first
    assert f"Learning community: {LOGISTIEK} · Wave: 2024-2" in first
    titles = [s.shapes.title.text_frame.text for s in prs.slides]
    assert any("scores highest" in t for t in titles)
    # one wave: no trend slides
    assert not any(t.startswith("From ") for t in titles)


def test_stakeholder_and_level_filters(capsys, db, tmp_path):
    out = tmp_path / "s.pdf"
    code, _, _ = run(capsys, "report", "--db", db, "--out", str(out), "--stakeholder", "student", "--level", "micro")
    assert code == 0 and out.read_bytes()[:5] == b"%PDF-"


# ---------------------------------------------------------------- refused


@pytest.mark.parametrize(
    "flag, value",
    [("--community", "Atlantis"), ("--stakeholder", "wizard"), ("--wave", "2031-9"), ("--level", "mega")],
)
def test_unknown_filter_value_is_refused(capsys, db, tmp_path, flag, value):
    out = tmp_path / "r.pdf"
    code, _, err = run(capsys, "report", "--db", db, "--out", str(out), flag, value)
    assert code == 1
    assert repr(value) in err and "no report written" in err
    assert not out.exists()


def test_stakeholder_label_instead_of_key_is_refused_with_the_keys(capsys, db, tmp_path):
    code, _, err = run(capsys, "report", "--db", db, "--out", str(tmp_path / "r.pdf"), "--stakeholder", "Student")
    assert code == 1 and "'Student'" in err and "'student'" in err


@pytest.mark.parametrize("name", ["r.docx", "r", "r.pdf.txt"])
def test_wrong_extension_is_a_usage_error(capsys, db, tmp_path, name):
    code, _, err = run(capsys, "report", "--db", db, "--out", str(tmp_path / name))
    assert code == 2
    assert ".pdf or a .pptx" in err
    assert not (tmp_path / name).exists()


def test_missing_database(capsys, tmp_path):
    code, _, err = run(capsys, "report", "--db", str(tmp_path / "none.duckdb"), "--out", str(tmp_path / "r.pdf"))
    assert code == 1 and "database not found" in err


# ---------------------------------------------------------------- what may be shown


def test_small_groups_are_suppressed_in_report_charts(db):
    con = store.connect(db, read_only=True)
    try:
        f = Filters(communities=(LOGISTIEK,), waves=("2024-2",), min_group=CFG.min_group_size)
        slides = deck.build_deck(deck.runner(con, f), CFG, "nl", CFG.min_group_size)
    finally:
        con.close()
    grid = next(s for s in slides if s.key == "stakeholder_cycle")
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", export.chart_svg(grid.chart))
    assert "verborgen" in texts  # the collective (1 respondent) shows as 'verborgen'
    assert "Collectief" in " ".join(texts) and "Collectief" not in grid.title


def test_stories_need_enough_respondents(db):
    con = store.connect(db, read_only=True)
    try:
        small = Filters(communities=("Energietransitie Twente",), waves=("2025-1",), stakeholders=("lecturer",))
        q = deck.runner(con, small)
        n = q("totals")["respondents"]
        assert 0 < n < CFG.min_text_group_size
        assert deck.example_stories(q, CFG, "nl", n) == []
        content = report.collect(con, CFG, small, "nl")
        assert content.stories == [] and "10 respondenten" in content.stories_note
    finally:
        con.close()


def test_stories_are_plain_text_and_between_three_and_five(expected):
    stories = expected["stories"]
    assert 3 <= len(stories) <= 5
    steps = [len(s.steps) for s in stories]
    assert steps == sorted(steps, reverse=True)  # the richest chains first
    for s in stories:
        for _, text in s.steps:
            assert len(text) <= deck.STORY_CHARS + 2


def test_pdf_without_a_truetype_font_falls_back(db, tmp_path, monkeypatch):
    """A machine without DejaVu still gets a valid PDF (core font, text transliterated)."""
    monkeypatch.setattr(export, "font_files", lambda: None)
    con = store.connect(db, read_only=True)
    try:
        data = report.render_report(con, CFG, Filters(communities=(LOGISTIEK,), waves=("2024-2",)), "nl", "pdf")
    finally:
        con.close()
    assert data[:5] == b"%PDF-" and pdf_pages(data) >= 5
