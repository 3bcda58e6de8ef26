"""Classify one raw value: a label to its key, a score (or a missing answer) to its number, a date.

Both import paths judge the few distinct values of a column with these, so they agree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from lcdash.config import Config
from lcdash.labels import nearest, normalise

# Day first (Dutch) before month first (an English-locale MS Forms: "3-14-25 10:12:05").
DATE_FORMATS = (
    "%Y-%m-%d",
    "%d-%m-%Y",
    "%d/%m/%Y",
    "%Y/%m/%d",
    "%d.%m.%Y",
    "%d-%m-%y",
    "%d/%m/%y",
    "%d.%m.%y",
    "%m/%d/%Y",
    "%m-%d-%Y",
    "%m/%d/%y",
    "%m-%d-%y",
)


# A score outside its question's own scale is passed on marked, so that the classifier can say
# which scale it missed (and the report shows the value as the file has it).
OFF_SCALE = "\x00off-scale:"


def label_classifier(config: Config, dimension: str) -> Callable[[str], str | None]:
    table = {normalise(n): item.key for item in config.dimension(dimension) for n in item.names()}
    return lambda raw: table.get(normalise(raw))


def score_classifier(config: Config, answers: dict[str, float | None] | None = None) -> Callable[[str], tuple]:
    """raw -> (score, problem, missing): Likert labels, missing answers, decimal comma."""
    labels = {normalise(n): float(s) for s, names in config.scale.labels.items() for n in names}
    missing = {normalise(m) for m in config.scale.missing}
    extra = {normalise(k): v for k, v in (answers or {}).items()}
    lo, hi = config.scale.min, config.scale.max

    def classify(raw: str) -> tuple[float | None, str | None, bool]:
        if raw.startswith(OFF_SCALE):  # outside its question's own scale (see _scaled)
            own, _, raw = raw[len(OFF_SCALE) :].partition(":")
            norm = normalise(raw)
            if norm in extra:
                return (None, None, True) if extra[norm] is None else (float(extra[norm]), None, False)
            if norm in missing:
                return None, None, True
            return None, f"outside this question's scale {own.replace('-', '–')}", False
        norm = normalise(raw)
        if norm in extra:
            return (None, None, True) if extra[norm] is None else (float(extra[norm]), None, False)
        if norm in missing:
            return None, None, True
        if norm in labels:
            return labels[norm], None, False
        try:
            value = float(norm.replace(",", "."))
        except ValueError:
            hint = nearest(raw, [*(n for names in config.scale.labels.values() for n in names), *(answers or {})])
            example = (
                f"did you mean {hint!r}?" if hint else f"a label such as {config.scale.labels.get(hi, ('',))[0]!r}"
            )
            return (None, f"not a number or answer label; expected a score from {lo} to {hi} or {example}", False)
        if value != value or not lo <= value <= hi:
            return None, f"outside the scale; expected a score from {lo} to {hi}", False
        return value, None, False

    return classify


def _date_part(raw: str) -> str:
    """The date of a date-time as survey tools write it: '2025-03-14T10:12:05', '14-3-2025 10:12:05'."""
    text = raw.strip()
    iso = len(text) >= 10 and text[:4].isdigit() and text[4:5] in "-/"
    return text[:10] if iso else text.split(" ")[0]


def parse_date(raw: str) -> dt.date | None:
    """One date, day first when it is ambiguous; parse_dates reads a whole column consistently."""
    text = _date_part(raw)
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def parse_dates(values: list[str]) -> dict[str, dt.date | None]:
    """Each value's date, in the first format that reads every value of the column.

    So '3-4-25' in a column that also holds '3-14-25' is 4 March (month first, as the
    tool wrote the whole column), not 3 April. Mixed columns fall back to parse_date.
    """
    texts = {v: _date_part(v) for v in values}
    for fmt in DATE_FORMATS:
        try:
            return {v: dt.datetime.strptime(t, fmt).date() for v, t in texts.items()}
        except ValueError:
            continue
    return {v: parse_date(v) for v in values}
