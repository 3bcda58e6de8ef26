"""The LimeSurvey (.lss) and Qualtrics (.qsf) files parse, and match genuine files of those tools element
by element (tests/fixtures/limesurvey, tests/fixtures/qualtrics: exported by the tools, MIT); the paper
formats (PDF, DOCX, CSV) carry every question with its code."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from lcdash.questionnaire import Selection, limesurvey, paper, qsf, select
from lcdash.questionnaire.bank import load_bank

FIXTURES = Path(__file__).parent / "fixtures"
GENUINE_LSS = ET.parse(FIXTURES / "limesurvey" / "survey_862611.lss").getroot()
GENUINE_QSF = [json.loads((FIXTURES / "qualtrics" / f).read_text(encoding="utf-8"))
               for f in ("employee_exit_interview.qsf", "pricing_study.qsf")]  # fmt: skip
SELECTIONS = {
    "nl": Selection(levels=("micro", "macro"), cycles=("immediate", "potential", "transformative")),
    "both": Selection(lang="both", communities=("Zorg Noord", "Logistiek Hub Venlo"), wave="2026-1"),
    "en-one-type": Selection(lang="en", stakeholders=("government",), communities=("Zorg Noord",), stories=False),
}


@pytest.fixture(scope="module", params=list(SELECTIONS))
def q(request, config):
    return select.build(load_bank(config), config, SELECTIONS[request.param])


# ---------------------------------------------------------------- LimeSurvey


def _sections(root: ET.Element) -> dict[str, ET.Element]:
    return {child.tag: child for child in root}


def _rows(section: ET.Element) -> list[dict[str, str]]:
    return [{c.tag: (c.text or "") for c in row} for row in section.findall("rows/row")]


def test_lss_matches_a_genuine_export(q):
    ours = ET.fromstring(limesurvey.write(q))
    genuine = _sections(GENUINE_LSS)
    mine = _sections(ours)
    assert ours.tag == GENUINE_LSS.tag == "document"
    assert mine["LimeSurveyDocType"].text == genuine["LimeSurveyDocType"].text == "Survey"
    assert mine["DBVersion"].text == genuine["DBVersion"].text
    order = list(genuine)
    assert [t for t in order if t in mine] == list(mine), "sections in LimeSurvey's own order"
    for tag, section in mine.items():
        if tag in ("LimeSurveyDocType", "DBVersion", "languages"):
            continue
        fields = [f.text for f in section.findall("fields/fieldname")]
        assert fields == [f.text for f in genuine[tag].findall("fields/fieldname")], tag
        for row in section.findall("rows/row"):
            assert [c.tag for c in row] == fields, tag  # every field, in order
    assert [x.text for x in ours.find("languages")] == list(q.langs)


def test_lss_values_are_cdata_as_limesurvey_writes_them(q):
    text = limesurvey.write(q).decode("utf-8")
    assert "<title><![CDATA[CONSENT]]></title>" in text
    genuine = (FIXTURES / "limesurvey" / "survey_862611.lss").read_text(encoding="utf-8")
    assert "<type><![CDATA[F]]></type>" in genuine and "<type><![CDATA[F]]></type>" in text
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<document>\n <LimeSurveyDocType>')


def test_lss_structure_holds_together(q):
    root = ET.fromstring(limesurvey.write(q))
    questions = _rows(root.find("questions"))
    subs = _rows(root.find("subquestions"))
    by_qid = {r["qid"]: r for r in questions}
    genuine_types = {r["type"] for r in _rows(GENUINE_LSS.find("questions"))}
    assert {r["type"] for r in questions} - {"*"} <= genuine_types  # * (equation) is LimeSurvey's hidden value
    for s in subs:
        assert by_qid[s["parent_qid"]]["type"] == "F" and s["gid"] == by_qid[s["parent_qid"]]["gid"]
    arrays = {r["title"]: r for r in questions if r["type"] == "F"}
    assert set(arrays) == {b.code for lv in q.levels for b in lv.blocks}
    assert {s["title"] for s in subs} == {s.code for s in q.statements()}
    answers = _rows(root.find("answers"))
    assert {a["qid"] for a in answers} <= {r["qid"] for r in questions if r["type"] in ("F", "L")}
    for array in arrays.values():
        assert [a["code"] for a in answers if a["qid"] == array["qid"]] == ["A1", "A2", "A3", "A4", "A5", "A6"]
    l10n = _rows(root.find("question_l10ns"))
    assert len(l10n) == (len(questions) + len(subs)) * len(q.langs)
    assert len(_rows(root.find("answer_l10ns"))) == len(answers) * len(q.langs)
    assert len(_rows(root.find("group_l10ns"))) == len(_rows(root.find("groups"))) * len(q.langs)
    version = next(r for r in questions if r["title"] == select.VERSION_CODE)
    assert version["type"] == "*"
    assert any(x["qid"] == version["qid"] and x["question"] == q.tag for x in l10n)
    survey = _rows(root.find("surveys"))[0]
    assert survey["language"] == q.langs[0] and survey["additional_languages"] == " ".join(q.langs[1:])


def test_lss_codes_obey_limesurvey(q):
    root = ET.fromstring(limesurvey.write(q))
    for r in _rows(root.find("questions")) + _rows(root.find("subquestions")):
        assert r["title"].isalnum() and r["title"][0].isalpha() and len(r["title"]) <= 20
    for a in _rows(root.find("answers")):
        assert a["code"].isalnum() and len(a["code"]) <= 5


# ---------------------------------------------------------------- Qualtrics


def _genuine_payload_keys() -> dict[tuple[str, str], set[str]]:
    keys: dict[tuple[str, str], set[str]] = {}
    for doc in GENUINE_QSF:
        for e in doc["SurveyElements"]:
            if e["Element"] == "SQ":
                p = e["Payload"]
                keys.setdefault((p["QuestionType"], p["Selector"]), set()).update(p)
    return keys


def test_qsf_matches_genuine_files(q):
    ours = json.loads(qsf.write(q))
    genuine = GENUINE_QSF[0]
    assert list(ours) == list(genuine) == ["SurveyEntry", "SurveyElements"]
    assert list(ours["SurveyEntry"]) == list(genuine["SurveyEntry"])
    element_keys = list(genuine["SurveyElements"][0])
    kinds = {e["Element"] for doc in GENUINE_QSF for e in doc["SurveyElements"]}
    payload_keys = _genuine_payload_keys()
    genuine_blocks = next(e for e in genuine["SurveyElements"] if e["Element"] == "BL")["Payload"]
    block_keys = set().union(*(b.keys() for b in genuine_blocks.values()))
    for e in ours["SurveyElements"]:
        assert list(e) == element_keys
        assert e["Element"] in kinds and e["SurveyID"] == ours["SurveyEntry"]["SurveyID"]
        if e["Element"] == "SQ":
            p = e["Payload"]
            pair = (p["QuestionType"], p["Selector"])
            assert pair in payload_keys, pair
            assert set(p) <= payload_keys[pair] | {"SubSelector", "Choices", "ChoiceOrder", "SearchSource"}, pair
            assert e["PrimaryAttribute"] == p["QuestionID"]
            if p["QuestionType"] == "MC":
                assert isinstance(p["Choices"], dict) and all(isinstance(c, int) for c in p["ChoiceOrder"])
                assert [str(c) for c in p["ChoiceOrder"]] == list(p["Choices"])
            for lang, tr in p["Language"].items():
                assert lang in ("NL", "EN") and "QuestionText" in tr
        if e["Element"] == "BL":
            for b in e["Payload"].values():
                assert set(b) <= block_keys
                assert all(x["Type"] in ("Question", "Page Break") for x in b["BlockElements"])
        if e["Element"] == "FL":
            assert set(e["Payload"]) == set(
                next(x for x in genuine["SurveyElements"] if x["Element"] == "FL")["Payload"]
            )


def test_qsf_questions_codes_languages_and_the_version(q):
    ours = json.loads(qsf.write(q))
    sq = {e["Payload"]["DataExportTag"]: e["Payload"] for e in ours["SurveyElements"] if e["Element"] == "SQ"}
    for s in q.statements():
        p = sq[s.code]
        assert (p["QuestionType"], p["Selector"]) == ("MC", "SAVR")
        assert p["ChoiceOrder"] == [1, 2, 3, 4, 5, 6] and p["QuestionText"] == s.text.get(q.lang)
        if q.selection.lang == "both":
            assert p["Language"]["EN"]["QuestionText"] == s.text.en
    for s in q.stories:
        assert (sq[s.code]["QuestionType"], sq[s.code]["Selector"]) == ("TE", "ML")
    qids = [p["QuestionID"] for p in sq.values()]
    assert len(set(qids)) == len(qids)
    qc = next(e for e in ours["SurveyElements"] if e["Element"] == "QC")
    assert qc["SecondaryAttribute"] == str(len(qids))
    flow = next(e for e in ours["SurveyElements"] if e["Element"] == "FL")["Payload"]["Flow"]
    embedded = {x["Field"]: x["Value"] for x in flow[0]["EmbeddedData"]}
    assert embedded[select.VERSION_CODE] == q.tag
    assert flow[2]["Type"] == "Branch" and flow[2]["Flow"][0]["Type"] == "EndSurvey"
    blocks = next(e for e in ours["SurveyElements"] if e["Element"] == "BL")["Payload"]
    in_blocks = {x["QuestionID"] for b in blocks.values() for x in b["BlockElements"] if x["Type"] == "Question"}
    assert in_blocks == set(qids)
    so = next(e for e in ours["SurveyElements"] if e["Element"] == "SO")["Payload"]
    assert list(so["AvailableLanguages"]) == [{"nl": "NL", "en": "EN"}[x] for x in q.langs]


# ---------------------------------------------------------------- paper, Word, CSV


def test_csv_for_forms_carries_every_code(q):
    text = paper.write_csv(q).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert [r["code"] for r in rows] == [x.code for x in q.questions()]
    assert all(r["question"].startswith(f"[{r['code']}] ") for r in rows)
    likert = next(r for r in rows if r["kind"] == "likert")
    assert likert["answers"].count("|") == 5


def test_pdf_and_docx_hold_every_question(q):
    from docx import Document

    pdf = paper.write_pdf(q)
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000
    doc = Document(io.BytesIO(paper.write_docx(q)))
    text = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
        c.text for table in doc.tables for row in table.rows for c in row.cells
    )
    for x in q.questions():
        assert f"[{x.code}]" in text
    assert len(doc.tables) == sum(len(lv.blocks) for lv in q.levels)
