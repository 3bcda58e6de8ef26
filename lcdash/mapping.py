"""Mappings for wide survey exports: which column is which item of the framework.

A survey tool writes one row per respondent and one column per question. A mapping (YAML)
says, per item column, which cycle / level / outcome / capital / indicator it measures, and
where respondent, stakeholder type, community and wave come from. It is written once and
reused for every wave, so it is validated strictly against the config when loaded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from lcdash.config import Config
from lcdash.labels import nearest, normalise

# Row-level fields a mapping can fill from a column (`<field>_column`) or a constant (`<field>`).
ROW_FIELDS = ("community", "wave", "date", "respondent_id", "stakeholder_type", "organisation")
ITEM_KEYS = {"value_cycle", "level", "outcome", "capital", "indicator", "reverse", "text", "story_id"}


class MappingError(ValueError):
    """A mapping that does not fit the config or the file; the message names the key."""


@dataclass(frozen=True)
class ItemSpec:
    column: str
    value_cycle: str
    level: str | None = None
    outcome: str | None = None
    capital: str | None = None
    indicator: str | None = None
    reverse: bool = False
    text: bool = False  # an open question: the cell is a text, not a score


@dataclass
class Mapping:
    name: str
    items: list[ItemSpec]
    constants: dict[str, str] = field(default_factory=dict)
    columns: dict[str, str] = field(default_factory=dict)
    answers: dict[str, float | None] = field(default_factory=dict)
    header_rows: int | None = None

    def to_yaml(self) -> str:
        """The mapping in the same YAML format load_mapping reads, for saving and reuse."""
        doc: dict[str, Any] = {}
        doc.update(self.constants)
        doc.update({f"{k}_column": v for k, v in self.columns.items()})
        if self.header_rows is not None:
            doc["header_rows"] = self.header_rows
        if self.answers:
            doc["answers"] = dict(self.answers)
        doc["items"] = {
            i.column: {
                k: v
                for k, v in (
                    ("value_cycle", i.value_cycle),
                    ("level", i.level),
                    ("outcome", i.outcome),
                    ("capital", i.capital),
                    ("indicator", i.indicator),
                    ("reverse", i.reverse or None),
                    ("text", i.text or None),
                )
                if v is not None
            }
            for i in self.items
        }
        return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)


def _match(config: Config, dimension: str, value: Any, where: str) -> str:
    items = config.dimension(dimension)
    wanted = normalise(str(value))
    for item in items:
        if any(normalise(n) == wanted for n in item.names()):
            return item.key
    hint = nearest(str(value), [n for i in items for n in i.names()])
    extra = f"; did you mean {hint!r}?" if hint else ""
    raise MappingError(f"{where}: {value!r} is not a known {dimension.replace('_', ' ')}{extra}")


def parse_mapping(raw: Any, config: Config, name: str = "mapping") -> Mapping:
    """Validate a parsed mapping document against CONFIG."""
    if not isinstance(raw, dict):
        raise MappingError(f"{name}: a mapping file holds a YAML mapping with an 'items' key")
    items_raw = raw.get("items")
    if not isinstance(items_raw, dict) or not items_raw:
        raise MappingError(f"{name}: 'items' must map item columns to their cycle, level and outcome")
    constants: dict[str, str] = {}
    columns: dict[str, str] = {}
    for f in ROW_FIELDS:
        if raw.get(f) is not None:
            constants[f] = str(raw[f])
        if raw.get(f"{f}_column") is not None:
            columns[f] = str(raw[f"{f}_column"])
    if "stakeholder_type" in constants:
        constants["stakeholder_type"] = _match(
            config, "stakeholder_type", constants["stakeholder_type"], f"{name}: stakeholder_type"
        )
    known = set(ROW_FIELDS) | {f"{f}_column" for f in ROW_FIELDS} | {"items", "answers", "header_rows", "format"}
    unknown = sorted(set(raw) - known)
    if unknown:
        raise MappingError(f"{name}: unknown key {unknown[0]!r}; expected one of {', '.join(sorted(known))}")
    answers: dict[str, float | None] = {}
    for label, score in (raw.get("answers") or {}).items():
        if score is not None and not isinstance(score, (int, float)):
            raise MappingError(f"{name}: answers.{label} must be a score or empty (a missing answer)")
        if score is not None and not config.scale.min <= score <= config.scale.max:
            raise MappingError(
                f"{name}: answers.{label} = {score} is outside the scale {config.scale.min}–{config.scale.max}"
            )
        answers[str(label)] = score
    outcome_level = config.outcome_level()
    items: list[ItemSpec] = []
    for column, spec in items_raw.items():
        where = f"{name}: items.{column}"
        if isinstance(spec, str):
            spec = {"value_cycle": spec}
        if not isinstance(spec, dict):
            raise MappingError(f"{where} must be a mapping with at least value_cycle")
        bad = sorted(set(spec) - ITEM_KEYS)
        if bad:
            raise MappingError(f"{where}: unknown key {bad[0]!r}; expected {', '.join(sorted(ITEM_KEYS))}")
        if "value_cycle" not in spec:
            raise MappingError(f"{where}: value_cycle is required")
        cycle = _match(config, "value_cycle", spec["value_cycle"], f"{where}.value_cycle")
        level = _match(config, "level", spec["level"], f"{where}.level") if spec.get("level") else None
        outcome = _match(config, "outcome", spec["outcome"], f"{where}.outcome") if spec.get("outcome") else None
        capital = _match(config, "capital", spec["capital"], f"{where}.capital") if spec.get("capital") else None
        if outcome and level and outcome_level[outcome] != level:
            raise MappingError(
                f"{where}: outcome {outcome!r} belongs to level {outcome_level[outcome]!r}, not {level!r}"
            )
        if capital and cycle != config.capital_cycle:
            raise MappingError(f"{where}: a capital only goes with the {config.capital_cycle!r} cycle, not {cycle!r}")
        items.append(
            ItemSpec(
                column=str(column),
                value_cycle=cycle,
                level=level or (outcome_level[outcome] if outcome else None),
                outcome=outcome,
                capital=capital,
                indicator=str(spec["indicator"]) if spec.get("indicator") else str(column),
                reverse=bool(spec.get("reverse", False)),
                text=bool(spec.get("text", False)),
            )
        )
    header_rows = raw.get("header_rows")
    if header_rows is not None and (not isinstance(header_rows, int) or header_rows < 1):
        raise MappingError(f"{name}: header_rows must be a whole number ≥ 1")
    return Mapping(name, items, constants, columns, answers, header_rows)


def load_mapping(path: str | Path, config: Config) -> Mapping:
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise MappingError(f"{path}: mapping file not found") from None
    except yaml.YAMLError as exc:
        raise MappingError(f"{path.name}: not valid YAML: {exc}") from None
    return parse_mapping(raw, config, path.name)


def check_columns(mapping: Mapping, columns: list[str], file_name: str) -> None:
    """Every column the mapping names must be in the file; say which is missing and what is there."""
    present = set(columns)
    named = [i.column for i in mapping.items] + list(mapping.columns.values())
    for col in named:
        if col not in present:
            hint = nearest(col, columns)
            extra = f"; did you mean {hint!r}?" if hint else ""
            raise MappingError(
                f"{file_name}: mapping {mapping.name} names column {col!r}, which the file does not have{extra}"
            )
