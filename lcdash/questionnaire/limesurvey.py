"""The questionnaire as a LimeSurvey survey structure file (.lss), the XML LimeSurvey imports.

The layout follows LimeSurvey's own export (DBVersion 443, LimeSurvey 4/5; LimeSurvey 6 imports
it too): one <section> per table with its <fields> and <rows>, every value in CDATA, texts in the
*_l10ns tables per language. tests/fixtures/limesurvey/ holds a genuine export to compare with.

Question codes: a theme is an array question (type F) whose code is the theme's code and whose
subquestions are the statements' codes, so LimeSurvey's CSV export ("question code" headings)
names the columns KS[KSIM1]; answers are A1…A5 and A6 (don't know). The hidden fields are
equation questions (type *), the consent a yes/no question (Y), roles and communities lists (L).
"""

from __future__ import annotations

import hashlib
from xml.sax.saxutils import escape

from lcdash.i18n import t
from lcdash.questionnaire.select import VERSION_CODE, Questionnaire, choice_codes, likert_codes

DB_VERSION = "443"
QUESTION_FIELDS = ("qid", "parent_qid", "sid", "gid", "type", "title", "preg", "other", "mandatory", "encrypted",
                   "question_order", "scale_id", "same_default", "relevance", "modulename")  # fmt: skip
SURVEY_DEFAULTS = {  # a fresh survey's settings, as LimeSurvey exports them ("I": inherit)
    "gsid": "1", "admin": "inherit", "expires": "", "startdate": "", "adminemail": "inherit", "anonymized": "Y",
    "faxto": "", "format": "G", "savetimings": "N", "template": "inherit", "language": "", "additional_languages": "",
    "datestamp": "Y", "usecookie": "I",
    "allowregister": "I", "allowsave": "I", "autonumber_start": "0", "autoredirect": "I", "allowprev": "I",
    "printanswers": "I", "ipaddr": "N", "ipanonymize": "Y", "refurl": "N", "showsurveypolicynotice": "0",
    "publicstatistics": "I", "publicgraphs": "I", "listpublic": "I", "htmlemail": "I", "sendconfirmation": "I",
    "tokenanswerspersistence": "I", "assessments": "I", "usecaptcha": "E", "usetokens": "N", "bounce_email": "inherit",
    "attributedescriptions": "", "emailresponseto": "inherit", "emailnotificationto": "inherit", "tokenlength": "-1",
    "showxquestions": "I", "showgroupinfo": "I", "shownoanswer": "N", "showqnumcode": "I", "bouncetime": "",
    "bounceprocessing": "N", "bounceaccounttype": "", "bounceaccounthost": "", "bounceaccountpass": "",
    "bounceaccountencryption": "", "bounceaccountuser": "", "showwelcome": "I", "showprogress": "I",
    "questionindex": "-1", "navigationdelay": "-1", "nokeyboard": "I", "alloweditaftercompletion": "I",
    "googleanalyticsstyle": "", "googleanalyticsapikey": "", "tokenencryptionoptions": "",
}  # fmt: skip
LANGSETTINGS_FIELDS = ("surveyls_survey_id", "surveyls_language", "surveyls_title", "surveyls_description",
                       "surveyls_welcometext", "surveyls_endtext", "surveyls_policy_notice", "surveyls_policy_error",
                       "surveyls_policy_notice_label", "surveyls_url", "surveyls_urldescription",
                       "surveyls_email_invite_subj", "surveyls_email_invite", "surveyls_email_remind_subj",
                       "surveyls_email_remind", "surveyls_email_register_subj", "surveyls_email_register",
                       "surveyls_email_confirm_subj", "surveyls_email_confirm", "surveyls_dateformat",
                       "surveyls_attributecaptions", "email_admin_notification_subj", "email_admin_notification",
                       "email_admin_responses_subj", "email_admin_responses", "surveyls_numberformat",
                       "attachments")  # fmt: skip
TEMPLATES = {"F": "arrays/array", "L": "listradio", "Y": "yesno", "S": "shortfreetext", "T": "longfreetext",
             "*": "equation"}  # fmt: skip


def _cell(name: str, value) -> str:
    if value is None or value == "":
        return f"    <{name}/>"
    text = str(value).replace("]]>", "]]]]><![CDATA[>")
    return f"    <{name}><![CDATA[{text}]]></{name}>"


def _table(name: str, fields: tuple[str, ...] | list[str], rows: list[dict]) -> list[str]:
    out = [f" <{name}>", "  <fields>"]
    out += [f"   <fieldname>{escape(f)}</fieldname>" for f in fields]
    out += ["  </fields>", "  <rows>"]
    for r in rows:
        out.append("   <row>")
        out += [_cell(f, r.get(f)) for f in fields]
        out.append("   </row>")
    out += ["  </rows>", f" </{name}>"]
    return out


def survey_id(q: Questionnaire) -> int:
    """A six-digit survey id made from the questionnaire's tag (LimeSurvey gives a new one if it is taken)."""
    return 100000 + int(hashlib.sha1(q.tag.encode()).hexdigest(), 16) % 900000


def write(q: Questionnaire) -> bytes:
    """The .lss document as UTF-8 bytes."""
    sid = survey_id(q)
    langs = q.langs
    groups: list[dict] = []
    group_l10n: list[dict] = []
    questions: list[dict] = []
    subquestions: list[dict] = []
    question_l10n: list[dict] = []
    attributes: list[dict] = []
    answers: list[dict] = []
    answer_l10n: list[dict] = []
    ids = {"qid": 0, "aid": 0, "l10n": 0, "al10n": 0}
    consented = '((CONSENT.NAOK == "Y"))'

    def next_id(kind: str) -> int:
        ids[kind] += 1
        return ids[kind]

    def group(title: dict[str, str], description: dict[str, str] | None = None, relevance: str = "") -> int:
        gid = len(groups) + 1
        groups.append({"gid": gid, "sid": sid, "group_order": gid, "randomization_group": "", "grelevance": relevance})
        for lang in langs:
            group_l10n.append({"id": len(group_l10n) + 1, "gid": gid, "group_name": title[lang],
                               "description": (description or {}).get(lang, ""), "language": lang, "sid": sid,
                               "group_order": gid, "randomization_group": "", "grelevance": relevance})  # fmt: skip
        return gid

    def question(gid: int, qtype: str, code: str, text: dict[str, str], order: int, mandatory: bool = False,
                 relevance: str = "1", parent: int = 0, hidden: bool = False) -> int:  # fmt: skip
        qid = next_id("qid")
        row = {"qid": qid, "parent_qid": parent, "sid": sid, "gid": gid, "type": "T" if parent else qtype,
               "title": code, "preg": "", "other": "N", "mandatory": "Y" if mandatory else "N", "encrypted": "N",
               "question_order": order, "scale_id": 0, "same_default": 0, "relevance": relevance, "modulename": ""}  # fmt: skip
        (subquestions if parent else questions).append(row)
        for lang in langs:
            question_l10n.append({"id": next_id("l10n"), "qid": qid, "question": text[lang], "help": "", "script": "",
                                  "language": lang})  # fmt: skip
        if not parent:
            attributes.append({"qid": qid, "attribute": "question_template", "value": TEMPLATES[qtype], "language": ""})
            if hidden:
                attributes.append({"qid": qid, "attribute": "hidden", "value": "1", "language": ""})
        return qid

    def options(qid: int, coded: list[tuple[str, dict[str, str]]]) -> None:
        for order, (code, label) in enumerate(coded):
            aid = next_id("aid")
            answers.append({"aid": aid, "qid": qid, "code": code, "sortorder": order, "assessment_value": 0,
                            "scale_id": 0})  # fmt: skip
            for lang in langs:
                answer_l10n.append({"id": next_id("al10n"), "aid": aid, "answer": label[lang], "language": lang})

    def texts(obj) -> dict[str, str]:
        return {lang: obj.get(lang) for lang in langs}

    def words(key: str) -> dict[str, str]:
        return {lang: t(key, lang) for lang in langs}

    about = group(words("qn_section_about"), texts(q.intro))
    order = 0
    for h in q.hidden:
        value = q.tag if h.code == VERSION_CODE else (h.value or "")
        question(about, "*", h.code, {lang: value for lang in langs}, order, hidden=True)
        order += 1
    for b in q.background:
        if b.kind == "consent":
            question(about, "Y", b.code, texts(b.text), order, mandatory=True)
        elif b.kind == "choice":
            qid = question(about, "L", b.code, texts(b.text), order, mandatory=b.required, relevance=consented)
            options(qid, [(ls, texts(c.label)) for _x, ls, _q, c in choice_codes(b)])
        else:
            question(about, "S", b.code, texts(b.text), order, mandatory=b.required, relevance=consented)
        order += 1
    scale = [(ls, texts(label)) for _x, ls, _q, label, _s in likert_codes(q)]
    for level in q.levels:
        gid = group(texts(level.title), None, consented)
        for n, block in enumerate(level.blocks):
            prompt = {lang: f"{block.title.get(lang)}: {q.prompt.get(lang)}" for lang in langs}
            qid = question(gid, "F", block.code, prompt, n)
            options(qid, scale)
            for m, s in enumerate(block.questions):
                question(gid, "F", s.code, texts(s.text), m, parent=qid)
    if q.stories:
        gid = group(words("qn_section_story"), texts(q.story_intro), consented)
        for n, s in enumerate(q.stories):
            question(gid, "T", s.code, texts(s.text), n)

    survey = {"sid": sid, **SURVEY_DEFAULTS, "language": langs[0], "additional_languages": " ".join(langs[1:])}
    # (the genuine export's field order: language and additional_languages come after template)
    settings = [
        {
            "surveyls_survey_id": sid,
            "surveyls_language": lang,
            "surveyls_title": f"{q.title.get(lang)} ({q.tag})",
            "surveyls_description": "",
            "surveyls_welcometext": q.intro.get(lang),
            "surveyls_endtext": t("qn_thanks", lang),
            "surveyls_dateformat": "5",
            "surveyls_numberformat": "0",
        }
        for lang in langs
    ]
    out = ['<?xml version="1.0" encoding="UTF-8"?>', "<document>", " <LimeSurveyDocType>Survey</LimeSurveyDocType>",
           f" <DBVersion>{DB_VERSION}</DBVersion>", " <languages>"]  # fmt: skip
    out += [f"  <language>{lang}</language>" for lang in langs]
    out.append(" </languages>")
    out += _table("answers", ("aid", "qid", "code", "sortorder", "assessment_value", "scale_id"), answers)
    out += _table("answer_l10ns", ("id", "aid", "answer", "language"), answer_l10n)
    out += _table("groups", ("gid", "sid", "group_order", "randomization_group", "grelevance"), groups)
    out += _table("group_l10ns", ("id", "gid", "group_name", "description", "language", "sid", "group_order",
                                  "randomization_group", "grelevance"), group_l10n)  # fmt: skip
    out += _table("questions", QUESTION_FIELDS, questions)
    out += _table("subquestions", QUESTION_FIELDS, subquestions)
    out += _table("question_l10ns", ("id", "qid", "question", "help", "script", "language"), question_l10n)
    out += _table("question_attributes", ("qid", "attribute", "value", "language"), attributes)
    out += _table("surveys", ("sid", *SURVEY_DEFAULTS), [survey])
    out += _table("surveys_languagesettings", LANGSETTINGS_FIELDS, settings)
    out.append("</document>")
    return ("\n".join(out) + "\n").encode("utf-8")


def export_columns(q: Questionnaire) -> dict[str, str]:
    """Code -> the column LimeSurvey's CSV export ("question code" headings) gives it."""
    out = {h.code: h.code for h in q.hidden}
    out.update({b.code: b.code for b in q.background})
    for level in q.levels:
        for block in level.blocks:
            out.update({s.code: f"{block.code}[{s.code}]" for s in block.questions})
    out.update({s.code: s.code for s in q.stories})
    return out
