"""Reports of a selection as PDF (fpdf2) or PowerPoint (python-pptx): the charts of present mode and more.

Contents: a title page (communities, waves, n, date, the selection); one page per chart of the
deck (lcdash.deck) under a title that states the finding; 3–5 example stories (plain text,
only from groups big enough to show open answers); and a method note. Every figure comes from
lcdash.queries, so small groups are suppressed exactly as on the dashboard.

`build_report(con, config, filters, lang, out_path)` writes a file; `render_report(...)` returns
the bytes (the app's download button). Unknown filter values are refused with ReportError.
"""

from __future__ import annotations

import datetime as dt
import io
import struct
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from lcdash import deck, export, queries
from lcdash.config import Config
from lcdash.i18n import selection_text, t
from lcdash.queries import Filters

FORMATS = ("pdf", "pptx")
CHART_WIDTH = 1200  # px of a report chart before the 2x scale; big fonts, for a projector
PDF_CHART_HEIGHT = 430  # px of its plot: fills a landscape A4 page under the title
PPTX_CHART_HEIGHT = 330  # a 16:9 slide is wider: a lower plot fills it


class ReportError(ValueError):
    """A report that cannot be made as asked (unknown filter value, unknown format); the message says why."""


@dataclass
class Content:
    """Everything a report shows, independent of the file format."""

    lang: str
    title: str
    caption: str  # the active filters in words
    facts: list[tuple[str, str]]  # (label, value) lines of the title page
    n_line: str  # "n = 412 respondenten, 2.310 observaties"
    slides: list[deck.Slide] = field(default_factory=list)
    stories: list[deck.Story] = field(default_factory=list)
    stories_note: str = ""
    method: list[tuple[str, list[str]]] = field(default_factory=list)
    suppression: str = ""


# ---------------------------------------------------------------- what goes in


def validate_filters(con: duckdb.DuckDBPyConnection, filters: Filters) -> None:
    """Refuse a filter value the database does not hold: the message names the value and what exists."""
    opts = queries.options(con, filters.scope)
    for what, values, known in (
        ("community", filters.communities, opts["community"]),
        ("stakeholder", filters.stakeholders, opts["stakeholder_type"]),
        ("wave", filters.waves, opts["wave"]),
        ("level", filters.levels, opts["level"]),
    ):
        for value in values:
            if value not in known:
                raise ReportError(
                    f"unknown {what} {value!r}: the database holds {', '.join(repr(k) for k in known) or 'none'}"
                )


def report_format(path: str | Path) -> str:
    """'pdf' or 'pptx' from a file name; anything else is refused."""
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise ReportError(
            f"{path}: the report is a .pdf or a .pptx file, not {('.' + suffix) if suffix else 'no extension'}"
        )
    return suffix


def collect(con: duckdb.DuckDBPyConnection, config: Config, filters: Filters, lang: str) -> Content:
    """Run the queries and draw the charts of a report."""
    q = deck.runner(con, filters)
    totals = q("totals")
    comms = [str(c) for c in q("scores_by", "community")["community"]]
    waves = [str(w) for w in q("scores_by", "wave")["wave"]]
    n_line = selection_text(totals["respondents"], totals["observations"], lang)
    if totals.get("hidden"):  # refused by lcdash.disclosure: no count, no figure, only why
        n_line = "n = " + t("selection_hidden_short", lang, n=filters.min_group)
    content = Content(
        lang=lang,
        title=t("app_title", lang),
        caption=export.filters_caption(config, filters, lang),
        facts=[
            (t("communities", lang), ", ".join(comms) or "–"),
            (t("waves", lang), ", ".join(waves) or "–"),
            ("n", n_line.removeprefix("n = ")),
            (t("report_date", lang), dt.date.today().isoformat()),
            (t("report_selection", lang), export.filters_caption(config, filters, lang)),
        ],
        n_line=n_line,
        method=deck.method_note(config, lang),
        suppression=t("suppressed_note", lang, n=filters.min_group),
    )
    if not totals["observations"]:
        content.stories_note = t(
            "selection_hidden" if totals.get("hidden") else "empty_selection", lang, n=filters.min_group
        )
        return content
    content.slides = deck.build_deck(q, config, lang, filters.min_group)
    content.stories = deck.example_stories(q, config, lang, totals["respondents"])
    if not content.stories:
        content.stories_note = t("stories_suppressed", lang, n=config.min_text_group_size)
    return content


def render_report(con: duckdb.DuckDBPyConnection, config: Config, filters: Filters, lang: str, fmt: str) -> bytes:
    """The report as bytes, FMT 'pdf' or 'pptx'."""
    if fmt not in FORMATS:
        raise ReportError(f"unknown report format {fmt!r}: use pdf or pptx")
    validate_filters(con, filters)
    content = collect(con, config, filters, lang)
    return _pdf(content) if fmt == "pdf" else _pptx(content)


def build_report(
    con: duckdb.DuckDBPyConnection, config: Config, filters: Filters, lang: str, out_path: str | Path
) -> Path:
    """Write the report to OUT_PATH (.pdf or .pptx); returns the path."""
    out = Path(out_path)
    data = render_report(con, config, filters, lang, report_format(out))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    return out


def chart_image(content: Content, slide: deck.Slide, height: int) -> bytes:
    """A slide's chart as a sharp PNG (2x) with big fonts, for a page or a projector."""
    return export.chart_png(
        slide.chart, lang=content.lang, big=True, width=CHART_WIDTH, height=height if slide.fill else None
    )


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height in pixels from a PNG header."""
    if png[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    return struct.unpack(">II", png[16:24])


# ---------------------------------------------------------------- PDF (fpdf2)

_LATIN1 = str.maketrans(
    {"→": "->", "–": "-", "—": "-", "−": "-", "≥": ">=", "≤": "<=", "…": "...", "‘": "'", "’": "'", "“": '"', "”": '"'}
)


class _Pdf:
    """A landscape A4 document with a Unicode font (DejaVu) when the machine has one."""

    W, H, M = 297.0, 210.0, 15.0

    def __init__(self, content: Content):
        from fpdf import FPDF

        self.content = content
        footer_text = f"{content.title} · {content.caption}"
        font = export.font_files()

        class Doc(FPDF):
            def footer(doc) -> None:  # noqa: N805 - fpdf calls it on the document
                doc.set_y(-11)
                self._font(8)
                doc.set_text_color(110, 110, 110)
                text = self.text(footer_text)
                if doc.get_string_width(text) > self.W - 2 * self.M - 20:
                    while text and doc.get_string_width(text + " …") > self.W - 2 * self.M - 20:
                        text = text[:-1]
                    text += " …"
                doc.cell(self.W - 2 * self.M - 20, 5, text)
                doc.cell(20, 5, str(doc.page_no()), align="R")

        self.pdf = Doc(orientation="L", unit="mm", format="A4")
        self.pdf.set_margins(self.M, self.M, self.M)
        self.pdf.set_auto_page_break(True, margin=16)
        self.unicode = font is not None
        if font is not None:
            self.pdf.add_font("lc", "", str(font.regular))
            self.pdf.add_font("lc", "B", str(font.bold))
        self.family = "lc" if self.unicode else "helvetica"
        self.pdf.set_title(content.title)
        self.pdf.set_creator("lcdash")
        self.pdf.set_lang(content.lang)

    def text(self, s: str) -> str:
        if self.unicode:
            return s
        return s.translate(_LATIN1).encode("latin-1", "replace").decode("latin-1")

    def _font(self, size: float, bold: bool = False) -> None:
        self.pdf.set_font(self.family, "B" if bold else "", size)

    def para(self, s: str, size: float, bold: bool = False, colour: tuple = (30, 30, 30), gap: float = 1.5) -> None:
        self._font(size, bold)
        self.pdf.set_text_color(*colour)
        self.pdf.multi_cell(0, size * 0.45, self.text(s), new_x="LMARGIN", new_y="NEXT", align="L")
        self.pdf.ln(gap)

    def heading(self, s: str, size: float = 20) -> None:
        self.para(s, size, bold=True, colour=(0, 0, 0), gap=1)

    def title_page(self) -> None:
        c = self.content
        self.pdf.add_page()
        self.pdf.set_y(45)
        self.para(c.title, 30, bold=True, colour=(0, 0, 0), gap=3)
        self.para(t("report_kind", c.lang), 16, colour=(0, 114, 178), gap=10)
        for label, value in c.facts:
            self._font(12, True)
            self.pdf.set_text_color(60, 60, 60)
            self.pdf.cell(45, 7, self.text(label))
            self._font(12)
            self.pdf.set_text_color(20, 20, 20)
            self.pdf.multi_cell(0, 7, self.text(value), new_x="LMARGIN", new_y="NEXT")
            self.pdf.ln(1)
        self.pdf.ln(6)
        self.para(c.suppression, 10, colour=(90, 90, 90))

    def chart_page(self, slide: deck.Slide, png: bytes) -> None:
        c = self.content
        self.pdf.add_page()
        self.heading(slide.title)
        self.para(f"{c.caption} · {c.n_line}", 10.5, colour=(85, 85, 85), gap=3)
        top = self.pdf.get_y()
        bottom = self.H - 16 - (7 if slide.note else 0)
        box_w, box_h = self.W - 2 * self.M, bottom - top
        px_w, px_h = png_size(png)
        scale = min(box_w / px_w, box_h / px_h)
        w, h = px_w * scale, px_h * scale
        self.pdf.image(io.BytesIO(png), x=self.M + (box_w - w) / 2, y=top, w=w, h=h)
        if slide.note:
            self.pdf.set_y(top + h + 2)
            self.para(slide.note, 9.5, colour=(85, 85, 85))

    def stories_pages(self) -> None:
        c = self.content
        self.pdf.add_page()
        self.heading(t("report_stories", c.lang))
        self.para(t("report_stories_intro", c.lang), 10.5, colour=(85, 85, 85), gap=4)
        if not c.stories:
            self.para(c.stories_note, 11)
        for story in c.stories:
            if self.pdf.will_page_break(30):
                self.pdf.add_page()
            self.para(story.header, 12, bold=True, colour=(0, 0, 0), gap=1)
            for cycle, text in story.steps:
                if self.pdf.will_page_break(14):  # a cycle's label stays with its text
                    self.pdf.add_page()
                self.para(cycle, 9.5, bold=True, colour=(0, 114, 178), gap=0.3)
                self.para(text, 10.5, gap=1.5)
            self.pdf.ln(3)

    def method_pages(self) -> None:
        c = self.content
        self.pdf.add_page()
        self.heading(t("report_method", c.lang))
        for head, lines in c.method:
            self.pdf.ln(2)
            self.para(head, 13, bold=True, colour=(0, 0, 0), gap=1)
            for line in lines:
                self.para(f"• {line}" if self.unicode else f"- {line}", 10.5, gap=0.8)

    def build(self) -> bytes:
        self.title_page()
        for slide in self.content.slides:
            self.chart_page(slide, chart_image(self.content, slide, PDF_CHART_HEIGHT))
        self.stories_pages()
        self.method_pages()
        return bytes(self.pdf.output())


def _pdf(content: Content) -> bytes:
    return _Pdf(content).build()


# ---------------------------------------------------------------- PowerPoint (python-pptx)

SLIDE_W_IN, SLIDE_H_IN = 13.333, 7.5  # 16:9
MARGIN_IN = 0.5


def text_lines(text: str, size_pt: float, width_in: float, bold: bool = False) -> int:
    """How many lines TEXT takes at SIZE_PT in a box WIDTH_IN wide (measured with the report font)."""
    width_pt = width_in * 72 - 14.4  # a text box's default left and right insets: 0.1 in each
    font = export.font_files()
    if font is not None:
        from PIL import ImageFont

        f = ImageFont.truetype(str(font.bold if bold else font.regular), size=100)
        measure = lambda s: f.getlength(s) * size_pt / 100  # noqa: E731
    else:
        measure = lambda s: len(s) * size_pt * 0.6  # noqa: E731
    lines = 0
    for para in text.split("\n"):
        current = ""
        count = 1
        for word in para.split(" "):
            trial = f"{current} {word}" if current else word
            if measure(trial) <= width_pt or not current:
                current = trial
            else:
                count += 1
                current = word
        lines += count
    return lines


def fit_size(
    blocks: list[tuple[str, float, bool]], width_in: float, height_in: float, sizes=(20, 18, 16, 14, 13, 12, 11)
) -> float:
    """The largest base size at which BLOCKS (text, relative size, bold) fit WIDTH_IN × HEIGHT_IN."""
    for size in sizes:
        needed = sum(
            text_lines(text, size * rel, width_in, bold) * size * rel * 1.2 + size * 0.5 for text, rel, bold in blocks
        )
        if needed / 72 + 0.1 <= height_in:
            return size
    return sizes[-1]


class _Pptx:
    def __init__(self, content: Content):
        from pptx import Presentation
        from pptx.util import Inches

        self.content = content
        self.prs = Presentation()
        self.prs.slide_width = Inches(SLIDE_W_IN)
        self.prs.slide_height = Inches(SLIDE_H_IN)
        self.prs.core_properties.title = content.title
        self.prs.core_properties.language = content.lang
        self.font = "DejaVu Sans" if export.font_files() and export.font_files().family == "DejaVu Sans" else "Arial"

    def _slide(self, title: str, size: float = 28):
        """A slide with a real (editable) title placeholder at the top, sized for 16:9."""
        from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
        from pptx.util import Inches, Pt

        slide = self.prs.slides.add_slide(self.prs.slide_layouts[5])  # "Title Only"
        shape = slide.shapes.title
        width = SLIDE_W_IN - 2 * MARGIN_IN
        while text_lines(title, size, width, bold=True) > 2 and size > 20:
            size -= 2
        shape.left, shape.top = Inches(MARGIN_IN), Inches(0.3)
        shape.width, shape.height = Inches(width), Inches(1.15)
        tf = shape.text_frame
        tf.word_wrap = True
        tf.vertical_anchor = MSO_ANCHOR.BOTTOM
        tf.text = title
        for p in tf.paragraphs:
            p.alignment = PP_ALIGN.LEFT
            for r in p.runs:
                r.font.size, r.font.bold, r.font.name = Pt(size), True, self.font
        return slide

    def _text(self, slide, left: float, top: float, width: float, height: float, blocks, size: float):
        """A text box; BLOCKS are (text, relative size, bold, colour) paragraphs."""
        from pptx.dml.color import RGBColor
        from pptx.util import Inches, Pt

        box = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
        tf = box.text_frame
        tf.word_wrap = True
        for i, (text, rel, bold, colour) in enumerate(blocks):
            p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
            p.space_after = Pt(size * 0.5)
            run = p.add_run()
            run.text = text
            run.font.size, run.font.bold, run.font.name = Pt(round(size * rel, 1)), bold, self.font
            run.font.color.rgb = RGBColor.from_string(colour)
        return box

    def title_slide(self) -> None:
        c = self.content
        slide = self._slide(c.title, 36)
        lines = [(t("report_kind", c.lang), 1.2, False, "0072B2")]
        lines += [(f"{label}: {value}", 1.0, False, "222222") for label, value in c.facts]
        lines += [(c.suppression, 0.8, False, "666666")]
        width, height = SLIDE_W_IN - 2 * MARGIN_IN, 5.4
        size = fit_size([(text, rel, bold) for text, rel, bold, _ in lines], width, height)
        self._text(slide, MARGIN_IN, 1.7, width, height, lines, size)

    def chart_slide(self, slide_def: deck.Slide, png: bytes) -> None:
        from pptx.util import Inches

        c = self.content
        slide = self._slide(slide_def.title)
        width = SLIDE_W_IN - 2 * MARGIN_IN
        self._text(slide, MARGIN_IN, 1.45, width, 0.4, [(f"{c.caption} · {c.n_line}", 1.0, False, "555555")], 13)
        top, bottom = 1.95, SLIDE_H_IN - (0.75 if slide_def.note else 0.3)
        px_w, px_h = png_size(png)
        scale = min(width / px_w, (bottom - top) / px_h)
        w, h = px_w * scale, px_h * scale
        slide.shapes.add_picture(
            io.BytesIO(png), Inches(MARGIN_IN + (width - w) / 2), Inches(top), Inches(w), Inches(h)
        )
        if slide_def.note:
            self._text(slide, MARGIN_IN, SLIDE_H_IN - 0.7, width, 0.45, [(slide_def.note, 1.0, False, "555555")], 12)
        slide.notes_slide.notes_text_frame.text = f"{c.caption}\n{c.n_line}\n{c.suppression}"

    def story_slides(self) -> None:
        c = self.content
        width, height = SLIDE_W_IN - 2 * MARGIN_IN, SLIDE_H_IN - 1.6 - 0.3
        if not c.stories:
            slide = self._slide(t("report_stories", c.lang))
            self._text(slide, MARGIN_IN, 1.6, width, height, [(c.stories_note, 1.0, False, "222222")], 18)
            return
        for i, story in enumerate(c.stories, 1):
            slide = self._slide(t("report_story_n", c.lang, i=i, n=len(c.stories)))
            blocks = [(story.header, 1.0, True, "222222")]
            for cycle, text in story.steps:
                blocks += [(cycle, 0.85, True, "0072B2"), (text, 1.0, False, "222222")]
            size = fit_size([(text, rel, bold) for text, rel, bold, _ in blocks], width, height)
            self._text(slide, MARGIN_IN, 1.6, width, height, blocks, size)

    def method_slides(self) -> None:
        c = self.content
        width, height = SLIDE_W_IN - 2 * MARGIN_IN, SLIDE_H_IN - 1.6 - 0.3
        for part in (c.method[:2], c.method[2:]):
            if not part:
                continue
            slide = self._slide(t("report_method", c.lang))
            blocks = []
            for head, lines in part:
                blocks.append((head, 1.1, True, "222222"))
                blocks += [(f"• {line}", 1.0, False, "222222") for line in lines]
            size = fit_size(
                [(text, rel, bold) for text, rel, bold, _ in blocks], width, height, sizes=(16, 15, 14, 13, 12, 11, 10)
            )
            self._text(slide, MARGIN_IN, 1.6, width, height, blocks, size)

    def build(self) -> bytes:
        self.title_slide()
        for slide in self.content.slides:
            self.chart_slide(slide, chart_image(self.content, slide, PPTX_CHART_HEIGHT))
        self.story_slides()
        self.method_slides()
        out = io.BytesIO()
        self.prs.save(out)
        return out.getvalue()


def _pptx(content: Content) -> bytes:
    return _Pptx(content).build()
