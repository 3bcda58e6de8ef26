"""The questionnaire as an XLSForm (.xlsx) for KoboToolbox, ODK and Enketo.

Question names are the questionnaire's codes, so KoboToolbox's export (group/name columns, answer
choice names or labels) is read by the mapping of lcdash.questionnaire.select without changes.
The form is checked with pyxform, the converter KoboToolbox and ODK use (tests/test_questionnaire.py).
"""

from __future__ import annotations

import io

from openpyxl import Workbook

from lcdash.i18n import t
from lcdash.questionnaire.select import VERSION_CODE, Questionnaire, choice_codes, likert_codes

LANGUAGE_NAMES = {"nl": "Nederlands (nl)", "en": "English (en)"}
SURVEY_COLUMNS = ("type", "name", "label", "hint", "required", "relevant", "appearance", "calculation")


def _quoted(value: str) -> str:
    """An XPath string literal for a calculation (a value with ' is written with concat of " parts)."""
    if "'" not in value:
        return f"'{value}'"
    return '"' + value.replace('"', "") + '"'


def sheets(q: Questionnaire) -> dict[str, list[list[str]]]:
    """The three sheets (survey, choices, settings) as rows of cells, header first."""
    langs = q.langs
    label_cols = [f"label::{LANGUAGE_NAMES[lang]}" for lang in langs]
    hint_cols = [f"hint::{LANGUAGE_NAMES[lang]}" for lang in langs]
    header = ["type", "name", *label_cols, *hint_cols, "required", "relevant", "appearance", "calculation"]
    survey: list[list[str]] = [header]
    choices: list[list[str]] = [["list_name", "name", *label_cols]]

    def row(kind: str, name: str, label=None, hint=None, required="", relevant="", appearance="", calculation=""):
        labels = [label.get(lang) if label is not None else "" for lang in langs]
        hints = [hint.get(lang) if hint is not None else "" for lang in langs]
        survey.append([kind, name, *labels, *hints, required, relevant, appearance, calculation])

    def words(key: str):
        from lcdash.questionnaire.bank import Text

        return Text(t(key, "nl"), t(key, "en"))

    consented = "${CONSENT} = 'yes'"
    row("start", "start")
    row("end", "end")
    for h in q.hidden:
        value = q.tag if h.code == VERSION_CODE else (h.value or "")
        row("calculate", h.code, calculation=_quoted(value))
    row("begin_group", "intro", words("qn_section_about"))
    row("note", "intro_note", q.intro)
    lists_done: set[str] = set()
    for b in q.background:
        if b.kind in ("consent", "choice"):
            list_name = "consent" if b.kind == "consent" else b.code.lower()
            row(f"select_one {list_name}", b.code, b.text, required="yes" if b.required else "",
                relevant="" if b.kind == "consent" else consented)  # fmt: skip
            if list_name not in lists_done:
                lists_done.add(list_name)
                for xls, _ls, _qx, choice in choice_codes(b):
                    choices.append([list_name, xls, *[choice.label.get(lang) for lang in langs]])
        else:
            row("text", b.code, b.text, required="yes" if b.required else "", relevant=consented)
    row("note", "no_consent", words("qn_end_no_consent"), relevant="${CONSENT} = 'no'")
    row("end_group", "")
    for level in q.levels:
        row("begin_group", level.key, level.title, relevant=consented)
        for block in level.blocks:
            row("begin_group", block.code, block.title, appearance="field-list")
            row("note", f"{block.code}note", q.prompt)
            for qu in block.questions:
                row("select_one likert", qu.code, qu.text, appearance="likert")
            row("end_group", "")
        row("end_group", "")
    if q.stories:
        row("begin_group", "story", words("qn_section_story"), relevant=consented)
        row("note", "story_note", q.story_intro)
        for qu in q.stories:
            row("text", qu.code, qu.text, appearance="multiline")
        row("end_group", "")
    for xls, _ls, _qx, label, _score in likert_codes(q):
        choices.append(["likert", xls, *[label.get(lang) for lang in langs]])
    settings = [
        ["form_title", "form_id", "version", "default_language"],
        [q.title.get(q.lang), q.qid.replace("-", "_"), str(q.version), LANGUAGE_NAMES[q.lang]],
    ]
    return {"survey": survey, "choices": choices, "settings": settings}


def write(q: Questionnaire) -> bytes:
    """The XLSForm workbook as bytes."""
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets(q).items():
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def column_paths(q: Questionnaire) -> dict[str, str]:
    """Code -> the column KoboToolbox's export gives it (group/…/name), for tests and docs."""
    out = {h.code: h.code for h in q.hidden}
    out.update({b.code: f"intro/{b.code}" for b in q.background})
    for level in q.levels:
        for block in level.blocks:
            out.update({qu.code: f"{level.key}/{block.code}/{qu.code}" for qu in block.questions})
    out.update({qu.code: f"story/{qu.code}" for qu in q.stories})
    return out
