"""The questionnaire as a Qualtrics survey file (.qsf, JSON), the file Qualtrics' "Import survey" takes.

The layout follows Qualtrics' own export: SurveyEntry, then SurveyElements with the blocks (BL),
the flow (FL), the options (SO), the question count (QC) and one SQ per question; texts in a
second language go in each question's Language. tests/fixtures/qualtrics/ holds a genuine export.

Question codes: every question's DataExportTag is its code, so the response export's first header
row names the columns by code (the third holds {"ImportId":"QID…"}). A statement is a single-answer
multiple-choice question (MC/SAVR) with choices 1–5 and 6 (don't know); the hidden fields are
embedded data set at the start of the flow; a "no" to the consent question ends the survey.
"""

from __future__ import annotations

import hashlib
import json

from lcdash.i18n import t
from lcdash.questionnaire.select import VERSION_CODE, Questionnaire, choice_codes, likert_codes

QUALTRICS_LANG = {"nl": "NL", "en": "EN"}


def _id(q: Questionnaire, prefix: str, what: str, n: int = 15) -> str:
    digest = hashlib.sha1(f"{q.tag}|{what}".encode()).hexdigest()
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    value = int(digest, 16)
    out = ""
    for _ in range(n):
        value, r = divmod(value, len(alphabet))
        out += alphabet[r]
    return f"{prefix}_{out}"


def survey_id(q: Questionnaire) -> str:
    return _id(q, "SV", "survey")


def write(q: Questionnaire) -> bytes:
    """The .qsf document as UTF-8 JSON."""
    sid = survey_id(q)
    main, *others = q.langs
    elements: list[dict] = []
    blocks: dict[str, dict] = {"1": {"Type": "Trash", "Description": "Trash / Unused Questions",
                                     "ID": _id(q, "BL", "trash"), "BlockElements": []}}  # fmt: skip
    qids: dict[str, str] = {}

    def words(key: str):
        from lcdash.questionnaire.bank import Text

        return Text(t(key, "nl"), t(key, "en"))

    def sq(code: str, kind: str, text, choices: list[tuple[str, object]] | None = None, selector: str = "SAVR",
           force: bool = False, export: bool = True) -> str:  # fmt: skip
        qid = f"QID{len(qids) + 1}"
        qids[code] = qid
        payload: dict = {
            "QuestionText": text.get(main),
            "DataExportTag": code if export else f"{code}_text",
            "QuestionType": kind,
            "Selector": selector,
            "Configuration": {"QuestionDescriptionOption": "UseText"},
            "QuestionDescription": text.get(main)[:100],
            "Validation": {
                "Settings": {"ForceResponse": "ON" if force else "OFF", "ForceResponseType": "ON", "Type": "None"}
            },  # fmt: skip
            "GradingData": [],
            "Language": {},
            "NextChoiceId": 1,
            "NextAnswerId": 1,
            "QuestionID": qid,
            "DataVisibility": {"Private": False, "Hidden": False},
            "DefaultChoices": False,
        }
        if kind == "MC":
            payload["SubSelector"] = "TX"
            payload["Choices"] = {cid: {"Display": label.get(main)} for cid, label in choices}
            payload["ChoiceOrder"] = [int(cid) for cid, _ in choices]
            payload["NextChoiceId"] = len(choices) + 1
        if kind == "TE":
            payload["SearchSource"] = {"AllowFreeResponse": "false"}
        for lang in others:
            tr: dict = {"QuestionText": text.get(lang)}
            if choices:
                tr["Choices"] = {cid: {"Display": label.get(lang)} for cid, label in choices}
            payload["Language"][QUALTRICS_LANG[lang]] = tr
        elements.append({"SurveyID": sid, "Element": "SQ", "PrimaryAttribute": qid,
                         "SecondaryAttribute": text.get(main)[:100], "TertiaryAttribute": None, "Payload": payload})  # fmt: skip
        return qid

    def block(key: str, description: str, codes: list[str], breaks: bool = False) -> str:
        bid = _id(q, "BL", key)
        items: list[dict] = []
        for i, code in enumerate(codes):
            if breaks and i and code.endswith("note"):
                items.append({"Type": "Page Break"})
            items.append({"Type": "Question", "QuestionID": qids[code]})
        blocks[str(len(blocks) + 1)] = {"Type": "Standard", "Description": description, "ID": bid,
                                        "BlockElements": items,
                                        "Options": {"BlockLocking": "false", "RandomizeQuestions": "false"}}  # fmt: skip
        return bid

    # About you: the intro (a text), consent, then the background questions.
    about = [("intro", sq("intro", "DB", q.intro, selector="TB", export=False))]
    for b in q.background:
        if b.kind == "consent":
            coded = [(qx, c.label) for _x, _ls, qx, c in choice_codes(b)]
            sq(b.code, "MC", b.text, coded, force=True)
        elif b.kind == "choice":
            sq(b.code, "MC", b.text, [(qx, c.label) for _x, _ls, qx, c in choice_codes(b)], force=b.required)
        else:
            sq(b.code, "TE", b.text, selector="SL", force=b.required)
        about.append((b.code, qids[b.code]))
    flow: list[dict] = []
    embedded = [
        {"Description": h.code, "Type": "Custom", "Field": h.code, "VariableType": "String", "DataVisibility": [],
         "AnalyzeText": False, "Value": q.tag if h.code == VERSION_CODE else (h.value or "")}
        for h in q.hidden
    ]  # fmt: skip
    flow.append({"Type": "EmbeddedData", "FlowID": "FL_2", "EmbeddedData": embedded})
    flow.append({"Type": "Block", "ID": block("about", words("qn_section_about").get(main), [c for c, _ in about]),
                 "FlowID": "FL_3", "Autofill": []})  # fmt: skip
    consent = qids["CONSENT"]
    flow.append({
        "Type": "Branch", "FlowID": "FL_4", "Description": "New Branch",
        "BranchLogic": {"0": {"0": {
            "LogicType": "Question", "QuestionID": consent, "QuestionIsInLoop": "no",
            "ChoiceLocator": f"q://{consent}/SelectableChoice/2", "Operator": "Selected",
            "QuestionIDFromLocator": consent, "LeftOperand": f"q://{consent}/SelectableChoice/2",
            "Type": "Expression", "Description": "If consent: no is selected"}, "Type": "If"},
            "Type": "BooleanExpression"},
        "Flow": [{"Type": "EndSurvey", "FlowID": "FL_5"}],
    })  # fmt: skip
    scale = [(qx, label) for _x, _ls, qx, label, _s in likert_codes(q)]
    for level in q.levels:
        codes: list[str] = []
        for b in level.blocks:
            note = f"{b.code}note"
            from lcdash.questionnaire.bank import Text

            heading = Text(f"{b.title.nl} — {q.prompt.nl}", f"{b.title.en} — {q.prompt.en}")
            sq(note, "DB", heading, selector="TB", export=False)
            codes.append(note)
            for s in b.questions:
                sq(s.code, "MC", s.text, scale)
                codes.append(s.code)
        flow.append({"Type": "Block", "ID": block(level.key, level.title.get(main), codes, breaks=True),
                     "FlowID": f"FL_{len(flow) + 5}", "Autofill": []})  # fmt: skip
    if q.stories:
        sq("storynote", "DB", q.story_intro, selector="TB", export=False)
        for s in q.stories:
            sq(s.code, "TE", s.text, selector="ML")
        flow.append({"Type": "Block", "ID": block("story", words("qn_section_story").get(main),
                                                  ["storynote", *[s.code for s in q.stories]]),
                     "FlowID": f"FL_{len(flow) + 5}", "Autofill": []})  # fmt: skip

    head = [
        {"SurveyID": sid, "Element": "BL", "PrimaryAttribute": "Survey Blocks", "SecondaryAttribute": None,
         "TertiaryAttribute": None, "Payload": blocks},
        {"SurveyID": sid, "Element": "FL", "PrimaryAttribute": "Survey Flow", "SecondaryAttribute": None,
         "TertiaryAttribute": None,
         "Payload": {"Type": "Root", "FlowID": "FL_1", "Flow": flow, "Properties": {"Count": len(flow) + 5}}},
        {"SurveyID": sid, "Element": "SO", "PrimaryAttribute": "Survey Options", "SecondaryAttribute": None,
         "TertiaryAttribute": None,
         "Payload": {"BackButton": "true", "SaveAndContinue": "true", "SurveyProtection": "PublicSurvey",
                     "BallotBoxStuffingPrevention": "false", "NoIndex": "Yes", "SecureResponseFiles": "true",
                     "SurveyExpiration": None, "SurveyTermination": "DefaultMessage", "Header": "", "Footer": "",
                     "ProgressBarDisplay": "Text", "PartialData": "+1 week", "ValidationMessage": None,
                     "PreviousButton": " ← ", "NextButton": " → ", "SurveyTitle": q.title.get(main),
                     "SkinLibrary": "Qualtrics", "SkinType": "MQ", "Skin": "qualtrics_v2",
                     "NewScoring": 1, "AnonymizeResponse": "No", "CollectGeoLocation": "false",
                     "AvailableLanguages": {QUALTRICS_LANG[lang]: [] for lang in q.langs}}},
        {"SurveyID": sid, "Element": "QC", "PrimaryAttribute": "Survey Question Count",
         "SecondaryAttribute": str(len(qids)), "TertiaryAttribute": None, "Payload": None},
    ]  # fmt: skip
    doc = {
        "SurveyEntry": {
            "SurveyID": sid,
            "SurveyName": f"{q.title.get(main)} ({q.tag})",
            "SurveyDescription": None,
            "SurveyOwnerID": "UR_lcdash",
            "SurveyBrandID": "lcdash",
            "DivisionID": None,
            "SurveyLanguage": QUALTRICS_LANG[main],
            "SurveyActiveResponseSet": _id(q, "RS", "responses"),
            "SurveyStatus": "Inactive",
            "SurveyStartDate": "0000-00-00 00:00:00",
            "SurveyExpirationDate": "0000-00-00 00:00:00",
            "SurveyCreationDate": "0000-00-00 00:00:00",
            "CreatorID": "UR_lcdash",
            "LastModified": "0000-00-00 00:00:00",
            "LastAccessed": "0000-00-00 00:00:00",
            "LastActivated": "0000-00-00 00:00:00",
            "Deleted": None,
        },
        "SurveyElements": head + elements,
    }
    return json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")


def export_columns(q: Questionnaire) -> list[tuple[str, str, str]]:
    """(column, question text, ImportId) for each question code, in the order Qualtrics exports them:
    the questions, then the embedded data."""
    doc = json.loads(write(q))
    out = []
    for e in doc["SurveyElements"]:
        if e["Element"] == "SQ" and e["Payload"]["QuestionType"] != "DB":
            p = e["Payload"]
            out.append((p["DataExportTag"], p["QuestionText"], p["QuestionID"]))
    out += [(h.code, h.code, h.code) for h in q.hidden]
    return out
