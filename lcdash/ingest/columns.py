"""The long format's columns: their header spellings, their Dutch names, and matching a header to them."""

from __future__ import annotations

import duckdb

from lcdash import enums
from lcdash.labels import normalise

# Header spellings of the canonical columns (DESIGN.md), compared after normalise().
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "community": ("community", "gemeenschap", "learning community", "lc"),
    "wave": ("wave", "meting", "meetmoment", "ronde"),
    "date": ("date", "datum"),
    "respondent_id": ("respondent_id", "respondent", "respondent id", "respondentnummer"),
    "stakeholder_type": ("stakeholder_type", "stakeholder type", "stakeholder", "belanghebbende", "rol", "role"),
    "organisation": ("organisation", "organization", "organisatie"),
    "level": ("level", "niveau"),
    "outcome": ("outcome", "opbrengst", "thema", "theme"),
    "value_cycle": ("value_cycle", "value cycle", "waardecyclus", "cyclus", "cycle"),
    "capital": ("capital", "kapitaal"),
    "indicator": ("indicator", "item", "vraag", "question"),
    "score": ("score", "antwoord", "answer"),
    "text": ("text", "toelichting", "verhaal", "opmerking", "comment"),
    "story_id": ("story_id", "verhaal_id", "story id", "verhaal id"),
}
LABEL_FIELDS = enums.LABELS


FIELD_NAMES_NL = {
    "community": "gemeenschap",
    "wave": "meting",
    "date": "datum",
    "respondent_id": "respondent",
    "stakeholder_type": "belanghebbende",
    "organisation": "organisatie",
    "level": "niveau",
    "outcome": "opbrengst",
    "value_cycle": "waardecyclus",
    "capital": "kapitaal",
    "indicator": "indicator",
    "score": "score",
    "text": "toelichting",
    "story_id": "verhaal_id",
}


def match_columns(columns: list[str]) -> tuple[dict[str, int], list[str]]:
    """Canonical field -> column index for a long file, and the columns that mean nothing to us."""
    aliases = {normalise(a).replace("_", " "): f for f, names in FIELD_ALIASES.items() for a in names}
    found: dict[str, int] = {}
    ignored: list[str] = []
    for i, col in enumerate(columns):
        f = aliases.get(normalise(col).replace("_", " "))
        if f and f not in found:
            found[f] = i
        elif col and not col.startswith("_empty"):
            ignored.append(col)
    return found, ignored


def _literal(con: duckdb.DuckDBPyConnection, value: str | None) -> str:
    """A constant for a CREATE VIEW, where parameters cannot go: escaped by DuckDB itself."""
    if value is None:
        return "NULL::VARCHAR"
    return "'" + str(value).replace("'", "''") + "'"
