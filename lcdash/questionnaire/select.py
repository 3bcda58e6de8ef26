"""From a coordinator's choice (levels, themes, cycles, stakeholder types, stories, language) to one
questionnaire, tool-independent, and the mapping that reads its answers back.

Every file format (XLSForm, LimeSurvey, Qualtrics, paper) is written from the same Questionnaire,
and they all use its question codes, so one mapping keyed by those codes reads the export of any
of them (lcdash.questionnaire.recognise finds each code in a file's columns). The questionnaire
has an id (from what it covers) and a version (lcdash.questionnaire.registry gives the numbers);
the version travels with every answer in a hidden field, LCQVERSION.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace
from typing import Any

import yaml

from lcdash.config import Config
from lcdash.i18n import t
from lcdash.questionnaire.bank import Bank, Statement, Text

LANGS = ("nl", "en", "both")
VERSION_CODE = "LCQVERSION"
DONT_KNOW = "dk"  # the don't-know answer's code in XLSForm; LimeSurvey and Qualtrics get their own
# Answer codes per tool for the Likert scale, its don't-know, the roles and the communities. One
# mapping holds them all: the recodes are per column, so the codes never meet.
LS_DONT_KNOW = "A6"


@dataclass(frozen=True)
class Selection:
    """What to cover. Empty means everything (all levels, all their themes, all enabled cycles, all types)."""

    levels: tuple[str, ...] = ()
    outcomes: tuple[str, ...] = ()
    cycles: tuple[str, ...] = ()
    stakeholders: tuple[str, ...] = ()
    stories: bool = True
    lang: str = "nl"
    communities: tuple[str, ...] = ()  # none: asked as text; one: a hidden field; several: a choice
    wave: str | None = None  # a hidden field with this value (it is read from the export)


@dataclass(frozen=True)
class Choice:
    code: str  # the tool-independent code; tools write their own (see choice_code)
    value: str  # what it stands for: a stakeholder-type key, a community name, a score
    label: Text


@dataclass(frozen=True)
class Question:
    code: str
    kind: str  # consent | choice | text | likert | story | hidden
    text: Text
    choices: tuple[Choice, ...] = ()
    statement: Statement | None = None
    cycle: str | None = None  # story steps
    level: str | None = None
    value: str | None = None  # a hidden field's value
    required: bool = False


@dataclass(frozen=True)
class Block:
    """One theme: its statements on one page."""

    code: str
    level: str
    outcome: str
    title: Text
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class LevelSection:
    key: str
    title: Text
    blocks: tuple[Block, ...]


@dataclass
class Questionnaire:
    qid: str
    version: int
    selection: Selection
    title: Text
    intro: Text
    prompt: Text
    answers: tuple[tuple[int, Text], ...]
    dont_know: Text
    hidden: list[Question]
    background: list[Question]
    levels: list[LevelSection]
    story_intro: Text | None
    stories: list[Question]
    seconds: dict[str, float] = field(default_factory=dict)
    content_hash: str = ""

    @property
    def langs(self) -> tuple[str, ...]:
        return ("nl", "en") if self.selection.lang == "both" else (self.selection.lang,)

    @property
    def lang(self) -> str:
        """The main language: the indicator texts of the mapping and single-language formats use it."""
        return self.langs[0]

    @property
    def tag(self) -> str:
        """What the hidden version field holds: id@version."""
        return f"{self.qid}@{self.version}"

    def statements(self) -> list[Question]:
        return [q for lv in self.levels for b in lv.blocks for q in b.questions]

    def questions(self) -> list[Question]:
        """Everything a respondent answers, in order."""
        return [*self.background, *self.statements(), *self.stories]

    def minutes(self) -> float:
        """About how long a respondent needs: seconds per statement, background and story question."""
        s = self.seconds
        total = s.get("intro", 20) + s.get("background", 10) * len(self.background)
        total += s.get("statement", 8) * len(self.statements()) + s.get("story", 75) * len(self.stories)
        return total / 60


def _label(item) -> Text:
    return Text(item.nl, item.en)


def resolve(selection: Selection, config: Config) -> Selection:
    """The selection with every empty choice filled in from config, in config order; unknown keys refused."""

    def pick(given: tuple[str, ...], keys: list[str], what: str) -> tuple[str, ...]:
        for k in given:
            if k not in keys:
                raise ValueError(f"{what}: {k!r} is not one of {', '.join(keys)}")
        return tuple(k for k in keys if k in given) if given else tuple(keys)

    levels = pick(selection.levels, [lv.key for lv in config.levels], "levels")
    in_levels = [o.key for lv in config.levels if lv.key in levels for o in lv.outcomes]
    outcomes = pick(selection.outcomes, [o.key for o in config.outcomes()], "themes")
    outcomes = tuple(o for o in outcomes if o in in_levels)
    if not outcomes:
        raise ValueError("themes: none of the chosen themes belongs to the chosen levels")
    cycles = pick(selection.cycles, [c.key for c in config.cycles], "cycles")
    types = pick(selection.stakeholders, [s.key for s in config.stakeholders], "stakeholder types")
    if selection.lang not in LANGS:
        raise ValueError(f"language: {selection.lang!r} is not one of {', '.join(LANGS)}")
    communities = tuple(dict.fromkeys(c.strip() for c in selection.communities if c.strip()))
    wave = (selection.wave or "").strip() or None
    return replace(
        selection,
        levels=levels,
        outcomes=outcomes,
        cycles=cycles,
        stakeholders=types,
        communities=communities,
        wave=wave,
    )


def questionnaire_id(bank: Bank, selection: Selection) -> str:
    """The id: the bank's name and what is covered, so the same choice gives the same questionnaire."""
    what = json.dumps(
        [selection.levels, selection.outcomes, selection.cycles, selection.stakeholders, selection.stories],
        separators=(",", ":"),
    )
    return f"{bank.name}-{hashlib.sha1(what.encode()).hexdigest()[:6]}"


def build(bank: Bank, config: Config, selection: Selection, version: int = 1) -> Questionnaire:
    """The questionnaire for SELECTION (resolved against CONFIG), numbered VERSION."""
    sel = resolve(selection, config)

    def both(key: str) -> Text:
        return Text(t(key, "nl"), t(key, "en"))

    hidden = [Question(VERSION_CODE, "hidden", Text("", ""), value="")]
    if sel.wave:
        hidden.append(Question("WAVE", "hidden", bank.background["wave"], value=sel.wave))
    if len(sel.communities) == 1:
        hidden.append(Question("COMMUNITY", "hidden", bank.background["community"], value=sel.communities[0]))
    if len(sel.stakeholders) == 1:
        hidden.append(Question("ROLE", "hidden", bank.background["stakeholder_type"], value=sel.stakeholders[0]))
    background = [
        Question(
            "CONSENT",
            "consent",
            bank.background["consent"],
            (Choice("yes", "yes", bank.background["consent_yes"]), Choice("no", "no", bank.background["consent_no"])),
            required=True,
        )
    ]
    if len(sel.communities) > 1:
        choices = tuple(Choice(f"C{i}", c, Text(c, c)) for i, c in enumerate(sel.communities, start=1))
        background.append(Question("COMMUNITY", "choice", bank.background["community"], choices, required=True))
    elif not sel.communities:
        background.append(Question("COMMUNITY", "text", bank.background["community"], required=True))
    if len(sel.stakeholders) > 1:
        types = {s.key: s for s in config.stakeholders}
        choices = tuple(Choice(k, k, _label(types[k])) for k in sel.stakeholders)
        background.append(Question("ROLE", "choice", bank.background["stakeholder_type"], choices, required=True))
    background.append(Question("ORG", "text", bank.background["organisation"]))

    levels: list[LevelSection] = []
    outcomes = {o.key: o for o in config.outcomes()}
    for lv in config.levels:
        if lv.key not in sel.levels:
            continue
        blocks = []
        for o in lv.outcomes:
            if o.key not in sel.outcomes:
                continue
            chosen = [s for s in bank.statements if s.outcome == o.key and s.cycle in sel.cycles]
            order = {c: i for i, c in enumerate(sel.cycles)}
            capitals = {c.key: i for i, c in enumerate(config.capitals)}
            chosen.sort(key=lambda s: (order[s.cycle], capitals.get(s.capital or "", -1)))
            questions = tuple(Question(s.code, "likert", s.text, statement=s) for s in chosen)
            if questions:
                blocks.append(Block(bank.outcome_codes[o.key], lv.key, o.key, _label(outcomes[o.key]), questions))
        if blocks:
            levels.append(LevelSection(lv.key, _label(lv), tuple(blocks)))
    stories = []
    if sel.stories:
        stories = [
            Question(s.code, "story", s.text, cycle=s.cycle, level=s.level)
            for s in bank.stories
            if s.cycle in {c.key for c in config.cycles}
        ]
    q = Questionnaire(
        questionnaire_id(bank, sel),
        version,
        sel,
        both("qn_instrument_title"),
        bank.intro,
        bank.prompt,
        bank.answers,
        bank.dont_know,
        hidden,
        background,
        levels,
        bank.story_intro if stories else None,
        stories,
        dict(bank.seconds),
    )
    q.content_hash = content_hash(q, config)
    return q


def content_hash(q: Questionnaire, config: Config) -> str:
    """What a version is: the codes with what they measure and their texts, the answers and the choices.

    The wave and a single community are not in it: they are hidden fields read from the export,
    so a new wave with the same questions is the same version.
    """
    doc = {
        "mapping": mapping_doc(q, config),
        "texts": {qu.code: [qu.text.nl, qu.text.en] for qu in q.questions()},
        "answers": [[s, a.nl, a.en] for s, a in q.answers] + [[None, q.dont_know.nl, q.dont_know.en]],
        "lang": q.selection.lang,
    }
    return hashlib.sha1(json.dumps(doc, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]


# ---------------------------------------------------------------- the answers' codes per tool


def likert_codes(q: Questionnaire) -> list[tuple[str, str, str, Text, int | None]]:
    """(xlsform name, LimeSurvey code, Qualtrics recode, label, score) for each answer, don't-know last."""
    rows = [(str(s), f"A{i}", str(s), label, s) for i, (s, label) in enumerate(q.answers, start=1)]
    n = len(q.answers) + 1
    rows.append((DONT_KNOW, f"A{n}", str(n), q.dont_know, None))
    return rows


def choice_codes(question: Question) -> list[tuple[str, str, str, Choice]]:
    """(xlsform name, LimeSurvey code, Qualtrics recode, choice) for a choice question."""
    if question.kind == "consent":
        return [("yes", "Y", "1", question.choices[0]), ("no", "N", "2", question.choices[1])]
    return [(c.code, f"A{i}", str(i), c) for i, c in enumerate(question.choices, start=1)]


def _recode(question: Question) -> dict[str, str]:
    """Every way a tool writes a choice of QUESTION (its codes, its labels, both labels as paper and Forms
    write them in a two-language questionnaire) -> what it stands for."""
    recode: dict[str, str] = {}
    for xls, ls, qualtrics, choice in choice_codes(question):
        for code in (xls, ls, qualtrics, choice.label.nl, choice.label.en, f"{choice.label.nl} / {choice.label.en}"):
            recode.setdefault(code, choice.value)
    return recode


def mapping_doc(q: Questionnaire, config: Config) -> dict[str, Any]:
    """The mapping (lcdash.mapping's YAML format) keyed by the questionnaire's own codes."""
    lang = q.lang
    doc: dict[str, Any] = {"format": "questionnaire"}
    by_code = {x.code: x for x in q.hidden + q.background}
    doc["community_column"] = "COMMUNITY"
    community = by_code.get("COMMUNITY")
    if community is not None and community.kind == "choice":
        doc["community_answers"] = _recode(community)
    if "WAVE" in by_code:
        doc["wave_column"] = "WAVE"
    doc["stakeholder_type_column"] = "ROLE"
    role = by_code["ROLE"]
    if role.kind == "choice":
        doc["stakeholder_type_answers"] = _recode(role)
    doc["organisation_column"] = "ORG"
    answers: dict[str, float | None] = {}
    for xls, ls, qualtrics, label, score in likert_codes(q):
        for code in (xls, ls, qualtrics, label.nl, label.en, f"{label.nl} / {label.en}"):
            if code not in answers:
                answers[code] = score
    doc["answers"] = answers
    items: dict[str, dict[str, Any]] = {}
    for qu in q.statements():
        s = qu.statement
        spec = {"value_cycle": s.cycle, "level": s.level, "outcome": s.outcome}
        if s.capital:
            spec["capital"] = s.capital
        spec["indicator"] = s.text.get(lang)
        items[s.code] = spec
    for qu in q.stories:
        items[qu.code] = {
            "value_cycle": qu.cycle, "level": qu.level, "indicator": qu.text.get(lang), "text": True, "story": True,
        }  # fmt: skip
    doc["items"] = items
    return doc


def mapping_yaml(q: Questionnaire, config: Config) -> str:
    head = f"# lcdash questionnaire {q.tag}: the mapping keyed by its question codes (made by lcdash)\n"
    return head + yaml.safe_dump(mapping_doc(q, config), allow_unicode=True, sort_keys=False, width=1000)
