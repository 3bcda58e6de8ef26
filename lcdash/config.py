"""Load config.yaml into typed, validated objects.

The framework (levels, outcomes, cycles, capitals, stakeholder types) lives in config so an
organisation can extend it without touching code. Validation happens once, here, so that a
broken config gives one message naming the key instead of a confusing failure later on.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from lcdash.labels import normalise

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = PROJECT_ROOT / "config.yaml"
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
LANGUAGES = ("nl", "en")
AUTH_MODES = ("none", "password", "oidc")


class ConfigError(ValueError):
    """A config file that cannot be used; the message names the key."""


@dataclass(frozen=True)
class Item:
    """One entry of a framework list: a key with its labels."""

    key: str
    nl: str
    en: str
    synonyms: tuple[str, ...] = ()
    colour: str = "#777777"
    description_nl: str = ""
    description_en: str = ""
    keywords: tuple[str, ...] = ()  # words in a question that hint at this item (mapping proposals)

    def label(self, lang: str) -> str:
        return self.en if lang == "en" else self.nl

    def description(self, lang: str) -> str:
        return self.description_en if lang == "en" else self.description_nl

    def names(self) -> tuple[str, ...]:
        """Every spelling that should match this item."""
        return (self.key, self.nl, self.en, *self.synonyms)


@dataclass(frozen=True)
class Level(Item):
    outcomes: tuple[Item, ...] = ()


@dataclass(frozen=True)
class Scale:
    min: int
    max: int
    labels: dict[int, tuple[str, ...]]
    missing: tuple[str, ...]
    names: dict[int, dict[str, str]] = field(default_factory=dict)  # a score's display name per language

    def name(self, score: int, lang: str) -> str:
        """How charts name SCORE (the Likert bars): scale.names in LANG, else its first label, else the number."""
        given = self.names.get(int(score), {})
        return given.get(lang) or given.get("nl") or (self.labels.get(int(score)) or (str(score),))[0]


@dataclass(frozen=True)
class Config:
    language: str
    database: Path
    min_group_size: int
    min_text_group_size: int
    scale: Scale
    levels: tuple[Level, ...]
    cycles: tuple[Item, ...]
    capital_cycle: str
    capitals: tuple[Item, ...]
    stakeholders: tuple[Item, ...]
    source: Path = field(default=DEFAULT_CONFIG)
    auth_mode: str = "none"  # none | password | oidc
    idle_minutes: float = 30
    memory_limit_mb: int = 600  # DuckDB's memory in the app server; 0: DuckDB's default
    stories: Any = None  # lcdash.stories.settings.StoriesConfig: the story form's steps, address and limits

    # Lookups are derived, not stored, so the dataclass stays a plain value.
    def outcomes(self) -> tuple[Item, ...]:
        return tuple(o for lv in self.levels for o in lv.outcomes)

    def outcome_level(self) -> dict[str, str]:
        return {o.key: lv.key for lv in self.levels for o in lv.outcomes}

    def dimension(self, name: str) -> tuple[Item, ...]:
        """The items of one dimension by name: level, outcome, value_cycle, capital, stakeholder_type."""
        return {
            "level": self.levels,
            "outcome": self.outcomes(),
            "value_cycle": self.cycles,
            "capital": self.capitals,
            "stakeholder_type": self.stakeholders,
        }[name]

    def label(self, dimension: str, key: str | None, lang: str) -> str:
        """The display label of a key; an unknown key is shown as it is rather than hidden."""
        if key is None:
            return ""
        for item in self.dimension(dimension):
            if item.key == key:
                return item.label(lang)
        return str(key)

    def colours(self, dimension: str) -> tuple[list[str], list[str]]:
        """Keys and colours of a dimension, in config order, for chart scales."""
        items = self.dimension(dimension)
        return [i.key for i in items], [i.colour for i in items]


def _require(mapping: Any, key: str, where: str) -> Any:
    if not isinstance(mapping, dict) or key not in mapping:
        raise ConfigError(f"config: missing key '{where}{key}'")
    return mapping[key]


def _item(raw: Any, where: str, cls: type = Item, **extra: Any) -> Item:
    if not isinstance(raw, dict):
        raise ConfigError(f"config: '{where}' must be a mapping with key, nl and en")
    for k in ("key", "nl", "en"):
        value = _require(raw, k, f"{where}.")
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(f"config: '{where}.{k}' must be a non-empty text")
    if not re.fullmatch(r"[a-z][a-z0-9_]*", raw["key"]):
        raise ConfigError(f"config: '{where}.key' = {raw['key']!r} must be lower-case letters, digits, _")
    synonyms = raw.get("synonyms") or []
    if not isinstance(synonyms, list):
        raise ConfigError(f"config: '{where}.synonyms' must be a list")
    keywords = raw.get("keywords") or []
    if not isinstance(keywords, list):
        raise ConfigError(f"config: '{where}.keywords' must be a list")
    colour = raw.get("colour", "#777777")
    if not isinstance(colour, str) or not _COLOUR.match(colour):
        raise ConfigError(f"config: '{where}.colour' = {colour!r} must look like #1a2b3c")
    return cls(
        key=raw["key"],
        nl=raw["nl"],
        en=raw["en"],
        synonyms=tuple(str(s) for s in synonyms),
        colour=colour,
        description_nl=str(raw.get("description_nl", "")),
        description_en=str(raw.get("description_en", "")),
        keywords=tuple(str(k) for k in keywords),
        **extra,
    )


def _items(raw: Any, where: str) -> tuple[Item, ...]:
    if not isinstance(raw, list) or not raw:
        raise ConfigError(f"config: '{where}' must be a non-empty list")
    return tuple(_item(r, f"{where}[{i}]") for i, r in enumerate(raw))


def _check_unique(items: list[tuple[str, Item]], where: str) -> None:
    """Two items with one key, or answering to one spelling, would make imports ambiguous.

    ITEMS pairs each item with its place in the file (e.g. 'stakeholders[2]'), for the message.
    """
    keys: dict[str, str] = {}
    seen: dict[str, tuple[str, str, str]] = {}  # spelling -> (key, path, name as written)
    for path, item in items:
        if item.key in keys:
            raise ConfigError(f"config: '{path}.key': {item.key!r} is already the key of '{keys[item.key]}'")
        keys[item.key] = path
        for i, name in enumerate(item.names()):
            norm = normalise(name)
            if norm in seen and seen[norm][0] != item.key:
                other_key, other_path, other_name = seen[norm]
                field_name = ("key", "nl", "en")[i] if i < 3 else "synonyms"
                raise ConfigError(
                    f"config: '{path}.{field_name}': label {name!r} of '{item.key}' also matches {other_name!r} "
                    f"of '{other_key}' ('{other_path}'); a label may mean only one item of {where}"
                )
            seen.setdefault(norm, (item.key, path, name))


def _int(raw: dict, key: str, default: int) -> int:
    value = raw.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ConfigError(f"config: '{key}' must be a whole number ≥ 0, got {value!r}")
    return value


def _minutes(raw: dict, key: str, default: float) -> float:
    value = raw.get(key, default)
    if not isinstance(value, int | float) or isinstance(value, bool) or value <= 0:
        raise ConfigError(f"config: 'auth.{key}' must be a number of minutes > 0, got {value!r}")
    return float(value)


def parse_config(raw: Any, source: Path = DEFAULT_CONFIG) -> Config:
    """Validate a parsed YAML document; raise ConfigError naming the first bad key."""
    if not isinstance(raw, dict):
        raise ConfigError("config: the file must hold a mapping of settings")
    language = raw.get("language", "nl")
    if language not in LANGUAGES:
        raise ConfigError(f"config: 'language' must be one of {', '.join(LANGUAGES)}, got {language!r}")

    scale_raw = _require(raw, "scale", "")
    lo, hi = _require(scale_raw, "min", "scale."), _require(scale_raw, "max", "scale.")
    if not all(isinstance(v, int) for v in (lo, hi)) or lo >= hi:
        raise ConfigError("config: 'scale.min' and 'scale.max' must be whole numbers with min < max")
    labels_raw = scale_raw.get("labels") or {}
    if not isinstance(labels_raw, dict):
        raise ConfigError("config: 'scale.labels' must map scores to lists of labels")
    labels: dict[int, tuple[str, ...]] = {}
    for score, names in labels_raw.items():
        if not isinstance(score, int) or not lo <= score <= hi:
            raise ConfigError(f"config: 'scale.labels.{score}' is not a score between {lo} and {hi}")
        if not isinstance(names, list):
            raise ConfigError(f"config: 'scale.labels.{score}' must be a list of labels")
        labels[score] = tuple(str(n) for n in names)
    missing = scale_raw.get("missing") or []
    if not isinstance(missing, list):
        raise ConfigError("config: 'scale.missing' must be a list of labels")
    names_raw = scale_raw.get("names") or {}
    if not isinstance(names_raw, dict) or not all(
        isinstance(k, int) and lo <= k <= hi and isinstance(v, dict) and set(v) <= set(LANGUAGES)
        for k, v in names_raw.items()
    ):
        raise ConfigError("config: 'scale.names' must map scores to {nl: ..., en: ...}")
    score_names = {k: {lang: str(v[lang]) for lang in v} for k, v in names_raw.items()}

    levels_raw = _require(raw, "levels", "")
    if not isinstance(levels_raw, list) or not levels_raw:
        raise ConfigError("config: 'levels' must be a non-empty list")
    levels = []
    for i, lv in enumerate(levels_raw):
        outcomes = _items(_require(lv, "outcomes", f"levels[{i}]."), f"levels[{i}].outcomes")
        levels.append(_item(lv, f"levels[{i}]", Level, outcomes=outcomes))

    cycles_raw = _require(raw, "cycles", "")
    if not isinstance(cycles_raw, list) or not cycles_raw:
        raise ConfigError("config: 'cycles' must be a non-empty list")
    # Switched-off cycles are validated too, so switching one on cannot break the config.
    all_cycles = [(f"cycles[{i}]", _item(c, f"cycles[{i}]")) for i, c in enumerate(cycles_raw)]
    for i, c in enumerate(cycles_raw):
        if not isinstance(c.get("enabled", True), bool):
            raise ConfigError(f"config: 'cycles[{i}].enabled' must be true or false, got {c['enabled']!r}")
    _check_unique(all_cycles, "cycles")
    cycles = tuple(item for (_, item), c in zip(all_cycles, cycles_raw, strict=True) if c.get("enabled", True))

    capitals_raw = _require(raw, "capitals", "")
    capital_cycle = _require(capitals_raw, "cycle", "capitals.")
    capitals = _items(_require(capitals_raw, "items", "capitals."), "capitals.items")
    if capital_cycle not in {c.key for c in cycles}:
        raise ConfigError(f"config: 'capitals.cycle' = {capital_cycle!r} is not an enabled cycle")

    stakeholders = _items(_require(raw, "stakeholders", ""), "stakeholders")

    database = raw.get("database", "data/lcdash.duckdb")
    if not isinstance(database, str) or not database.strip():
        raise ConfigError(f"config: 'database' must be a file path, got {database!r}")
    config = Config(
        language=language,
        database=Path(database),
        min_group_size=_int(raw, "min_group_size", 5),
        min_text_group_size=_int(raw, "min_text_group_size", 10),
        memory_limit_mb=_int(raw, "memory_limit_mb", 600),
        scale=Scale(lo, hi, labels, tuple(str(m) for m in missing), score_names),
        levels=tuple(levels),
        cycles=cycles,
        capital_cycle=capital_cycle,
        capitals=capitals,
        stakeholders=stakeholders,
        source=source,
    )
    auth = raw.get("auth") or {}
    if not isinstance(auth, dict):
        raise ConfigError("config: 'auth' must be a mapping with 'mode' and 'idle_minutes'")
    mode = os.environ.get("LCDASH_AUTH") or auth.get("mode", "none")
    if mode not in AUTH_MODES:
        raise ConfigError(f"config: 'auth.mode' must be one of {', '.join(AUTH_MODES)}, got {mode!r}")
    config = replace(config, auth_mode=mode, idle_minutes=_minutes(auth, "idle_minutes", 30))
    from lcdash.stories.settings import parse as parse_stories  # here: it reads ConfigError from this module

    config = replace(config, stories=parse_stories(raw.get("stories"), {c.key for c in cycles}))
    numbered = lambda items, where: [(f"{where}[{i}]", it) for i, it in enumerate(items)]  # noqa: E731
    _check_unique(numbered(config.levels, "levels"), "levels")
    _check_unique(
        [(f"levels[{i}].outcomes[{j}]", o) for i, lv in enumerate(config.levels) for j, o in enumerate(lv.outcomes)],
        "the outcomes of all levels",
    )
    _check_unique(numbered(config.capitals, "capitals.items"), "capitals.items")
    _check_unique(numbered(config.stakeholders, "stakeholders"), "stakeholders")
    return config


def load_config(path: str | Path | None = None) -> Config:
    """Read config from PATH, else $LCDASH_CONFIG, else ./config.yaml; $LCDASH_DB overrides the db."""
    chosen = Path(path or os.environ.get("LCDASH_CONFIG") or DEFAULT_CONFIG)
    try:
        raw = yaml.safe_load(chosen.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"config: file not found: {chosen}") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"config: {chosen} is not valid YAML: {exc}") from None
    config = parse_config(raw, chosen)
    db = os.environ.get("LCDASH_DB")
    database = Path(db) if db else config.database
    if not database.is_absolute():
        database = (chosen.parent / database) if not db else database.resolve()
    return replace(config, database=database)
