"""The questionnaire on paper (PDF), in Word (DOCX) and as a CSV to build it in Microsoft or Google Forms.

Those tools import no survey file, so the codes travel in the question texts: every question starts
with its code in brackets ("[KSIM1] …"). A Forms export names its columns by the question texts,
so lcdash.questionnaire.registry finds each code at the start of a column and reads the export with
the questionnaire's mapping. On paper the codes let whoever types the answers in use the same codes.
"""

from __future__ import annotations

import csv
import io

from lcdash.i18n import t
from lcdash.questionnaire.bank import Text
from lcdash.questionnaire.select import Question, Questionnaire, choice_codes, likert_codes


def _words(key: str, **values) -> Text:
    return Text(t(key, "nl", **values), t(key, "en", **values))


def _both(text: Text, langs: tuple[str, ...]) -> str:
    """The text in the questionnaire's language, or Dutch / English one under the other."""
    return " / ".join(dict.fromkeys(text.get(lang) for lang in langs))


def coded(question: Question, langs: tuple[str, ...]) -> str:
    return f"[{question.code}] {_both(question.text, langs)}"


def rows(q: Questionnaire) -> list[dict[str, str]]:
    """One row per question as a respondent meets it: section, code, kind, text, answer options."""
    langs = q.langs
    scale = " | ".join(_both(label, langs) for _x, _l, _q, label, _s in likert_codes(q))
    out = []
    for b in q.background:
        answers = " | ".join(_both(c.label, langs) for _x, _l, _q, c in choice_codes(b)) if b.choices else ""
        kind = {"consent": "choice", "choice": "choice", "text": "text"}[b.kind]
        out.append({"section": _both(_words("qn_section_about"), langs), "code": b.code, "kind": kind,
                    "question": coded(b, langs), "answers": answers, "required": "yes" if b.required else ""})  # fmt: skip
    for level in q.levels:
        for block in level.blocks:
            section = f"{_both(level.title, langs)} – {_both(block.title, langs)}"
            for s in block.questions:
                out.append({"section": section, "code": s.code, "kind": "likert", "question": coded(s, langs),
                            "answers": scale, "required": ""})  # fmt: skip
    for s in q.stories:
        out.append({"section": _both(_words("qn_section_story"), langs), "code": s.code, "kind": "long text",
                    "question": coded(s, langs), "answers": "", "required": ""})  # fmt: skip
    return out


def write_csv(q: Questionnaire) -> bytes:
    """CSV (UTF-8 with BOM, ';' for Dutch Excel) with one row per question."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=["section", "code", "kind", "question", "answers", "required"], delimiter=";",
                       lineterminator="\r\n")  # fmt: skip
    w.writeheader()
    for r in rows(q):
        w.writerow({k: ("'" + v if v[:1] in "=+-@" else v) for k, v in r.items()})
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


# ---------------------------------------------------------------- PDF


def write_pdf(q: Questionnaire) -> bytes:
    """A4 portrait: intro, background questions with boxes, one table per theme, lined story boxes."""
    from fpdf import FPDF

    from lcdash.export import font_files

    langs = q.langs
    font = font_files()
    footer = _both(_words("qn_paper_footer", tag=q.tag, n=len(q.questions()), minutes=round(q.minutes())), langs)

    class Doc(FPDF):
        def footer(doc) -> None:  # noqa: N805 - fpdf calls it on the document
            doc.set_y(-12)
            doc.set_font(family, "", 8)
            doc.set_text_color(110, 110, 110)
            doc.cell(0, 5, clean(footer) + f"  ·  {doc.page_no()}", align="C")

    pdf = Doc(orientation="P", unit="mm", format="A4")
    family = "helvetica"
    if font is not None:
        pdf.add_font("lc", "", str(font.regular))
        pdf.add_font("lc", "B", str(font.bold))
        family = "lc"

    def clean(s: str) -> str:
        if font is not None:
            return s
        return s.replace("–", "-").replace("—", "-").replace("’", "'").encode("latin-1", "replace").decode("latin-1")

    pdf.set_title(f"{q.title.get(q.lang)} ({q.tag})")
    pdf.set_creator("lcdash")
    pdf.set_margins(15, 15, 15)
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_page()
    width = pdf.w - 30

    def para(s: str, size: float = 10, bold: bool = False, gap: float = 2) -> None:
        pdf.set_font(family, "B" if bold else "", size)
        pdf.set_text_color(30, 30, 30)
        pdf.multi_cell(width, size * 0.5, clean(s), align="L")
        pdf.ln(gap)

    para(_both(q.title, langs), 18, True, 3)
    para(_both(q.intro, langs), 10, False, 4)
    para(_both(_words("qn_section_about"), langs), 13, True)
    for b in q.background:
        para(coded(b, langs), 10, True, 1)
        if b.choices:
            for _x, _l, _q, c in choice_codes(b):
                para("☐ " + _both(c.label, langs) if font is not None else "[ ] " + _both(c.label, langs), 10, False, 0)
            pdf.ln(2)
        else:
            pdf.set_draw_color(160, 160, 160)
            y = pdf.get_y() + 6
            pdf.line(15, y, 15 + width, y)
            pdf.ln(9)
    scale = likert_codes(q)
    label_w = width - 6 * 16
    for level in q.levels:
        pdf.add_page()
        para(_both(level.title, langs), 14, True)
        para(_both(q.prompt, langs) + " " + _both(_words("qn_paper_tick"), langs), 9, False, 3)
        for block in level.blocks:
            para(_both(block.title, langs), 11, True, 1)
            pdf.set_font(family, "B", 7)
            headings = [_both(label, ("nl",) if len(langs) == 1 and langs[0] == "nl" else langs[:1])
                        for _x, _l, _q, label, _s in scale]  # fmt: skip
            with pdf.table(col_widths=(label_w, *(16,) * 6), text_align=("LEFT", *("CENTER",) * 6),
                           line_height=3.6, width=width, first_row_as_headings=True) as table:  # fmt: skip
                head = table.row()
                head.cell(clean(_both(_words("qn_paper_code"), langs)))
                for h in headings:
                    head.cell(clean(h))
                pdf.set_font(family, "", 8.5)
                for s in block.questions:
                    row = table.row()
                    row.cell(clean(coded(s, langs)))
                    for _ in scale:
                        row.cell("○" if font is not None else "o")
            pdf.ln(3)
    if q.stories:
        pdf.add_page()
        para(_both(_words("qn_section_story"), langs), 14, True)
        para(_both(q.story_intro, langs), 10, False, 3)
        for s in q.stories:
            para(coded(s, langs), 10, True, 1)
            pdf.set_draw_color(170, 170, 170)
            for _ in range(4):
                y = pdf.get_y() + 7
                pdf.line(15, y, 15 + width, y)
                pdf.ln(7)
            pdf.ln(3)
    para(_both(_words("qn_paper_forms_note"), langs), 8, False, 0)
    return bytes(pdf.output())


# ---------------------------------------------------------------- DOCX


def write_docx(q: Questionnaire) -> bytes:
    """A Word document with the same content as the PDF; tables per theme, editable."""
    from docx import Document
    from docx.shared import Pt

    langs = q.langs
    doc = Document()
    doc.core_properties.title = f"{q.title.get(q.lang)} ({q.tag})"
    doc.core_properties.author = "lcdash"
    doc.styles["Normal"].font.size = Pt(10)
    doc.add_heading(_both(q.title, langs), 0)
    doc.add_paragraph(_both(q.intro, langs))
    doc.add_heading(_both(_words("qn_section_about"), langs), 1)
    for b in q.background:
        doc.add_paragraph(coded(b, langs), style="List Number")
        for _x, _l, _q, c in choice_codes(b) if b.choices else []:
            doc.add_paragraph("☐ " + _both(c.label, langs))
        if not b.choices:
            doc.add_paragraph("_" * 60)
    scale = likert_codes(q)
    for level in q.levels:
        doc.add_heading(_both(level.title, langs), 1)
        doc.add_paragraph(_both(q.prompt, langs) + " " + _both(_words("qn_paper_tick"), langs))
        for block in level.blocks:
            doc.add_heading(_both(block.title, langs), 2)
            table = doc.add_table(rows=1, cols=1 + len(scale))
            table.style = "Table Grid"
            cells = table.rows[0].cells
            cells[0].text = _both(_words("qn_paper_code"), langs)
            for i, (_x, _l, _q, label, _s) in enumerate(scale, start=1):
                cells[i].text = label.get(langs[0])
            for s in block.questions:
                cells = table.add_row().cells
                cells[0].text = coded(s, langs)
                for i in range(1, len(scale) + 1):
                    cells[i].text = "○"
    if q.stories:
        doc.add_heading(_both(_words("qn_section_story"), langs), 1)
        doc.add_paragraph(_both(q.story_intro, langs))
        for s in q.stories:
            doc.add_paragraph(coded(s, langs), style="List Number")
            for _ in range(3):
                doc.add_paragraph("_" * 80)
    doc.add_paragraph(_both(_words("qn_paper_forms_note"), langs))
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
