"""Only approved stories reach pages, quotes, reports and exports: a pending, a rejected, a rejected
after coding and an approved-but-not-to-be-quoted story are looked for on every page (all its text,
tables and chart data), every slide of present mode, the PDF's and the PowerPoint's text and the CSV
export, beside an approved story that must be found (so the search cannot pass by looking nowhere)."""

from __future__ import annotations

import io
import json

import pytest
from pagekit import ROOT, charts, texts

from lcdash import store
from lcdash.stories import coding, links, moderation

LC = "Logistiek Hub Venlo"
SHOWN = "Zichtbaarverhaal: na de werksessie plannen we de laadroutes samen met drie vervoerders in de regio."
HIDDEN = {
    "pending": "Wachtverhaal nog niet beoordeeld",
    "rejected": "Afwijsverhaal met een verkeerde naam",
    "rejected later": "Laterafgewezen na het coderen",
    "no consent": "Nietciteren want geen toestemming",
}
PAGES = sorted(p.stem for p in (ROOT / "app_pages").glob("*.py"))


@pytest.fixture(scope="module")
def db(tmp_path_factory, _story_demo_file, config):
    import shutil

    from lcdash.stories import form

    path = tmp_path_factory.mktemp("visibility") / "demo.duckdb"
    shutil.copy(_story_demo_file, path)
    con = store.connect(path)
    link = links.create(con, LC, "2025-1", by="test")

    def tell(text, consent=True):
        # the hidden ones are the likelier picks if a rule broke: every step filled (reports take the
        # richest stories), 110 characters long where the shown one has 100 (the matrix quotes the text
        # nearest 110), and told later (the stories page lists the newest first)
        text = text if text == SHOWN else text.ljust(110, ".")
        fields = {f"step_{s.key}": [text] for s in config.stories.steps}
        fields |= {"stakeholder": ["student"], "cycle": ["applied"]}
        fields |= {"level": ["meso"], "consent": ["yes" if consent else ""]}
        return form.save(con, link.token, form.check(fields, config, "nl").submission, 10_000)

    shown = tell(SHOWN)
    moderation.decide(con, shown, "approved", "ed", None)
    tell(HIDDEN["pending"])
    moderation.decide(con, tell(HIDDEN["rejected"]), "rejected", "ed", None)
    later = tell(HIDDEN["rejected later"])
    moderation.decide(con, later, "approved", "ed", None)
    coding.save(con, config, later, "ann", ["applied"], ["meso"], [], None)
    moderation.decide(con, later, "rejected", "ed", None)  # a later decision changes an earlier one
    moderation.decide(con, tell(HIDDEN["no consent"], consent=False), "approved", "ed", None)
    con.close()
    return path


def everything(at) -> str:
    """All the page says: its texts, its HTML (story cards), its tables, its charts' data, its widgets."""
    parts = [texts(at), *(h.value for h in at.html), *(d.value.to_csv() for d in at.dataframe)]
    parts += [json.dumps(rows, default=str, ensure_ascii=False) for _, rows in charts(at)]
    for kind in ("selectbox", "multiselect", "text_area", "expander", "tabs"):  # not a search box's own words
        for el in getattr(at, kind):
            parts += [str(getattr(el, "label", "")), str(getattr(el, "value", "")), str(getattr(el, "options", ""))]
    return "\n".join(parts)


def _first_words(text: str) -> str:
    return text.split(":")[0].split()[0]


@pytest.mark.parametrize("page", PAGES)
def test_no_unapproved_story_on_any_page(run_app, db, page):
    at = run_app(page, db=db)
    shown = everything(at)
    for what, text in HIDDEN.items():
        if page == "story_desk" and what in ("pending", "no consent"):
            continue  # the desk reviews pending stories and codes approved ones: that is its job
        assert _first_words(text) not in shown, f"{what} story on {page}"
    if page == "stories":
        for what, text in HIDDEN.items():
            at.text_input(key="story_search").set_value(_first_words(text)).run()
            assert _first_words(text) not in everything(at), f"{what} story found by the search"
            assert "Geen verhalen gevonden." in texts(at) and "0 verhalen en opmerkingen" in texts(at)  # nor counted
        at.text_input(key="story_search").set_value("Zichtbaarverhaal").run()
        assert SHOWN in everything(at)  # the control: the approved one is there
    if page == "cycles":
        assert SHOWN in everything(at)  # the approved one quotes its level × cycle cell (applied, meso)


def test_no_unapproved_story_on_any_slide(run_app, db):
    at = run_app("present", db=db)
    n = int(next(m.value for m in at.markdown if m.value.startswith("**Dia ")).strip("*").split()[-1])
    seen = []
    for i in range(1, n + 1):
        slide = run_app("present", db=db, dia=str(i))
        seen.append(everything(slide))
    for what, text in HIDDEN.items():
        assert not any(_first_words(text) in s for s in seen), f"{what} story in present mode"


def test_no_unapproved_story_in_the_reports_or_the_export(db, config, tmp_path):
    from pptx import Presentation

    from lcdash import report
    from lcdash.queries import Filters
    from lcdash.stories import export

    con = store.shared_connection(db)
    cur = con.cursor()
    content = report.collect(cur, config, Filters(), "nl")  # what the PDF prints (its text is glyph codes)
    pdf_text = "\n".join(str(s) for s in content.stories) + "\n".join(str(s) for s in content.slides)
    assert report.render_report(cur, config, Filters(), "nl", "pdf").startswith(b"%PDF")
    prs = Presentation(io.BytesIO(report.render_report(cur, config, Filters(), "nl", "pptx")))
    pptx_text = "\n".join(
        sh.text_frame.text for slide in prs.slides for sh in slide.shapes if getattr(sh, "has_text_frame", False)
    )
    table = export.rows(cur, config)
    csv_text = "\n".join(";".join(map(str, r)) for r in table)
    assert SHOWN in pdf_text and SHOWN in pptx_text  # the control: the approved one is there
    for what, text in HIDDEN.items():
        assert _first_words(text) not in pdf_text, f"{what} story in the PDF"
        assert _first_words(text) not in pptx_text, f"{what} story in the PowerPoint"
        if what != "no consent":  # the team's own export carries approved texts, quotable or not
            assert _first_words(text) not in csv_text, f"{what} story's text in the export"
    statuses = [r[3] for r in table[1:]]
    assert sorted(statuses) == ["approved", "approved", "pending", "rejected", "rejected"]  # listed, texts withheld
