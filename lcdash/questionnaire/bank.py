"""The item bank (itembank.yaml): the statements, background and story questions a survey is built from.

The bank lives in its own config file beside config.yaml so a coordinator can edit and extend
it like any other config. It is validated once, on load, against the config: every level,
outcome, cycle and capital key must be one of config.yaml's, and every message names the file
and the key that is wrong, so a typo never becomes a silently missing question.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from lcdash.config import PROJECT_ROOT, Config
from lcdash.labels import normalise

DEFAULT_BANK = PROJECT_ROOT / "itembank.yaml"
CODE = re.compile(r"^[A-Za-z][A-Za-z0-9]{0,19}$")  # LimeSurvey's rule, the strictest of the tools
# Codes the questionnaire itself uses for its background questions and its version field.
RESERVED = ("CONSENT", "COMMUNITY", "WAVE", "ROLE", "ORG", "LCQVERSION")
BACKGROUND_KEYS = ("consent", "consent_yes", "consent_no", "community", "wave", "stakeholder_type", "organisation")
MINUTE_KEYS = ("statement", "background", "story", "intro")


class BankError(ValueError):
    """An item bank that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class Text:
    """One text in both languages."""

    nl: str
    en: str

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.nl


@dataclass(frozen=True)
class Statement:
    """A Likert statement: what it measures (level, outcome, cycle, capital) and its question code."""

    code: str
    level: str
    outcome: str
    cycle: str
    capital: str | None
    text: Text


@dataclass(frozen=True)
class StoryStep:
    """One open question of the value-creation story, read as the cycle it reaches."""

    code: str
    cycle: str
    level: str
    text: Text


@dataclass(frozen=True)
class Bank:
    name: str
    intro: Text
    prompt: Text
    answers: tuple[tuple[int, Text], ...]  # (score, label), low to high
    dont_know: Text
    background: dict[str, Text]
    story_intro: Text
    stories: tuple[StoryStep, ...]
    statements: tuple[Statement, ...]
    seconds: dict[str, float]
    outcome_codes: dict[str, str]
    source: Path = DEFAULT_BANK

    def statement(self, code: str) -> Statement:
        return next(s for s in self.statements if s.code == code)


def _text(raw: Any, where: str) -> Text:
    if not isinstance(raw, dict):
        raise BankError(f"{where}: must be a mapping with 'nl' and 'en'")
    for lang in ("nl", "en"):
        value = raw.get(lang)
        if not isinstance(value, str) or not value.strip():
            raise BankError(f"{where}.{lang}: must be a non-empty text")
    extra = [k for k in raw if k not in ("nl", "en", "code", "cycle", "level")]
    if extra:
        raise BankError(f"{where}: unknown key {extra[0]!r}; expected nl and en")
    return Text(raw["nl"].strip(), raw["en"].strip())


def _known(value: Any, keys: list[str], what: str, where: str) -> str:
    if value not in keys:
        raise BankError(f"{where}: {value!r} is not a {what} of config.yaml (one of: {', '.join(keys)})")
    return value


def _all_cycles(config: Config) -> list[str]:
    """Every cycle key of config.yaml, switched on or not: a bank may hold statements for both."""
    keys = [c.key for c in config.cycles]
    try:
        raw = yaml.safe_load(Path(config.source).read_text(encoding="utf-8"))
        keys += [c["key"] for c in raw.get("cycles", []) if isinstance(c, dict) and c.get("key") not in keys]
    except (OSError, yaml.YAMLError, AttributeError, TypeError, KeyError):
        pass
    return keys


def parse_bank(raw: Any, config: Config, name: str = "itembank.yaml", source: Path = DEFAULT_BANK) -> Bank:
    """Validate a parsed item bank against CONFIG; BankError names the first bad key."""
    if not isinstance(raw, dict):
        raise BankError(f"{name}: the file must hold a mapping with 'items'")
    bank_name = raw.get("bank", "lcdash")
    if not isinstance(bank_name, str) or not re.fullmatch(r"[a-z][a-z0-9-]{0,30}", bank_name):
        raise BankError(f"{name}: bank: {bank_name!r} must be lower-case letters, digits or -")
    seconds = {"statement": 8.0, "background": 10.0, "story": 75.0, "intro": 20.0}
    for key, value in (raw.get("minutes") or {}).items():
        if key not in MINUTE_KEYS:
            raise BankError(f"{name}: minutes.{key}: unknown key; expected one of {', '.join(MINUTE_KEYS)}")
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise BankError(f"{name}: minutes.{key}: {value!r} must be a number of seconds ≥ 0")
        seconds[key] = float(value)
    intro = _text(raw.get("intro"), f"{name}: intro")

    likert = raw.get("likert")
    if not isinstance(likert, dict):
        raise BankError(f"{name}: likert: must hold prompt, answers and dont_know")
    prompt = _text(likert.get("prompt"), f"{name}: likert.prompt")
    answers_raw = likert.get("answers")
    if not isinstance(answers_raw, dict):
        raise BankError(f"{name}: likert.answers: must map every score of the scale to its label")
    scores = list(range(config.scale.min, config.scale.max + 1))
    if sorted(answers_raw) != scores:
        raise BankError(f"{name}: likert.answers: needs exactly the scores {scores[0]}–{scores[-1]} of config.yaml")
    answers = tuple((s, _text(answers_raw[s], f"{name}: likert.answers.{s}")) for s in scores)
    for score, label in answers:
        for lang in ("nl", "en"):
            known = {normalise(x) for x in config.scale.labels.get(score, ())}
            if normalise(label.get(lang)) not in known:
                raise BankError(
                    f"{name}: likert.answers.{score}.{lang}: {label.get(lang)!r} is not an answer label of score "
                    f"{score} in config.yaml's scale.labels; add it there, so an export with labels reads the same"
                )
    dont_know = _text(likert.get("dont_know"), f"{name}: likert.dont_know")
    missing = {normalise(m) for m in config.scale.missing}
    for lang in ("nl", "en"):
        if normalise(dont_know.get(lang)) not in missing:
            raise BankError(
                f"{name}: likert.dont_know.{lang}: {dont_know.get(lang)!r} is not in config.yaml's scale.missing"
            )

    background_raw = raw.get("background")
    if not isinstance(background_raw, dict):
        raise BankError(f"{name}: background: must hold {', '.join(BACKGROUND_KEYS)}")
    background = {k: _text(background_raw.get(k), f"{name}: background.{k}") for k in BACKGROUND_KEYS}

    levels = [lv.key for lv in config.levels]
    cycles = _all_cycles(config)
    capitals = [c.key for c in config.capitals]
    outcome_level = config.outcome_level()
    codes_raw = raw.get("codes") or {}
    part: dict[str, dict[str, str]] = {}
    for group, keys in (("cycles", cycles), ("capitals", capitals), ("outcomes", list(outcome_level))):
        given = codes_raw.get(group) or {}
        if not isinstance(given, dict):
            raise BankError(f"{name}: codes.{group}: must map keys to short codes")
        for key, code in given.items():
            _known(key, keys, group[:-1], f"{name}: codes.{group}.{key}")
            if not isinstance(code, str) or not re.fullmatch(r"[A-Za-z][A-Za-z0-9]{0,7}", code):
                raise BankError(f"{name}: codes.{group}.{key}: {code!r} must be a letter then letters or digits (≤ 8)")
        part[group] = dict(given)

    stories_raw = raw.get("stories") or {}
    story_intro = _text(stories_raw.get("intro"), f"{name}: stories.intro")
    steps: list[StoryStep] = []
    for i, step in enumerate(stories_raw.get("steps") or []):
        where = f"{name}: stories.steps[{i}]"
        if not isinstance(step, dict):
            raise BankError(f"{where}: must be a mapping with code, cycle, level, nl and en")
        text = _text(step, where)
        cycle = _known(step.get("cycle"), cycles, "cycle", f"{where}.cycle")
        level = _known(step.get("level"), levels, "level", f"{where}.level")
        steps.append(StoryStep(str(step.get("code")), cycle, level, text))

    items = raw.get("items")
    if not isinstance(items, dict) or not items:
        raise BankError(f"{name}: items: must map levels to their outcomes' statements")
    statements: list[Statement] = []
    for level, outcomes in items.items():
        _known(level, levels, "level", f"{name}: items.{level}")
        if not isinstance(outcomes, dict):
            raise BankError(f"{name}: items.{level}: must map outcomes to their cycles")
        for outcome, per_cycle in outcomes.items():
            where = f"{name}: items.{level}.{outcome}"
            _known(outcome, list(outcome_level), "outcome", where)
            if outcome_level[outcome] != level:
                raise BankError(
                    f"{where}: outcome {outcome!r} belongs to level {outcome_level[outcome]!r}, not {level!r}"
                )
            if outcome not in part["outcomes"]:
                raise BankError(
                    f"{name}: codes.outcomes.{outcome}: missing; every outcome with statements needs a code"
                )
            if not isinstance(per_cycle, dict):
                raise BankError(f"{where}: must map cycles to lists of statements")
            for cycle, entries in per_cycle.items():
                _known(cycle, cycles, "cycle", f"{where}.{cycle}")
                if cycle not in part["cycles"]:
                    raise BankError(f"{name}: codes.cycles.{cycle}: missing; every cycle with statements needs a code")
                if cycle == config.capital_cycle:
                    if not isinstance(entries, dict):
                        raise BankError(
                            f"{where}.{cycle}: the {cycle} cycle's statements go per capital "
                            f"({', '.join(capitals)}), each a list"
                        )
                    groups = []
                    for capital, listed in entries.items():
                        _known(capital, capitals, "capital", f"{where}.{cycle}.{capital}")
                        if capital not in part["capitals"]:
                            raise BankError(f"{name}: codes.capitals.{capital}: missing")
                        groups.append((capital, listed, f"{where}.{cycle}.{capital}"))
                else:
                    groups = [(None, entries, f"{where}.{cycle}")]
                for capital, listed, at in groups:
                    if not isinstance(listed, list):
                        raise BankError(f"{at}: must be a list of statements, each with nl and en")
                    stem = (
                        part["outcomes"][outcome]
                        + part["cycles"][cycle]
                        + (part["capitals"][capital] if capital else "")
                    )
                    for n, entry in enumerate(listed, start=1):
                        text = _text(entry, f"{at}[{n - 1}]")
                        code = str(entry.get("code") or f"{stem}{n}")
                        statements.append(Statement(code, level, outcome, cycle, capital, text))

    seen: dict[str, str] = {}
    for code, where in [(s.code, f"items.{s.level}.{s.outcome}.{s.cycle}") for s in statements] + [
        (s.code, "stories.steps") for s in steps
    ]:
        if not CODE.match(code):
            raise BankError(f"{name}: {where}: question code {code!r} must be a letter, then letters or digits (≤ 20)")
        folded = code.upper()
        if folded in RESERVED or folded in {v.upper() for v in part["outcomes"].values()}:
            raise BankError(f"{name}: {where}: question code {code!r} is taken by the questionnaire itself")
        if folded in seen:
            raise BankError(f"{name}: {where}: question code {code!r} is already used in {seen[folded]}")
        seen[folded] = where
    return Bank(
        bank_name,
        intro,
        prompt,
        answers,
        dont_know,
        background,
        story_intro,
        tuple(steps),
        tuple(statements),
        seconds,
        dict(part["outcomes"]),
        source,
    )


def load_bank(config: Config, path: str | Path | None = None) -> Bank:
    """The item bank from PATH, else $LCDASH_ITEMBANK, else itembank.yaml beside the config file."""
    chosen = Path(path or os.environ.get("LCDASH_ITEMBANK") or Path(config.source).parent / "itembank.yaml")
    if not chosen.exists() and not path and not os.environ.get("LCDASH_ITEMBANK"):
        chosen = DEFAULT_BANK
    try:
        raw = yaml.safe_load(chosen.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BankError(f"item bank not found: {chosen}") from None
    except yaml.YAMLError as exc:
        raise BankError(f"{chosen.name}: not valid YAML: {exc}") from None
    return parse_bank(raw, config, chosen.name, chosen)
