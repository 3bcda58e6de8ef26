"""UI text in Dutch (default) and English, and numbers written the way each reader expects.

Framework labels (cycles, levels, stakeholder types) come from config.yaml; this table holds
only the words of the interface itself. A test checks that every entry has both languages.
"""

from __future__ import annotations

import importlib
import math
import pkgutil


def _gather() -> dict[str, dict[str, str]]:
    """Merge every text module of this package: a feature adds its own file, so no two features edit one table."""
    merged: dict[str, dict[str, str]] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        for key, entry in getattr(module, "TEXTS", {}).items():
            if key in merged:
                raise ValueError(f"text key {key!r} is defined twice (lcdash/i18n/{info.name}.py)")
            merged[key] = entry
    return merged


TEXTS: dict[str, dict[str, str]] = _gather()


def t(key: str, lang: str, **values: object) -> str:
    """The text for KEY in LANG, with VALUES filled in; an unknown key is a bug and raises."""
    entry = TEXTS[key]
    text = entry.get(lang) or entry["nl"]
    return text.format(**values) if values else text


def fmt_int(n: float | int | None, lang: str) -> str:
    """12.345 in Dutch, 12,345 in English."""
    if n is None or (isinstance(n, float) and math.isnan(n)):
        return "–"
    s = f"{int(round(n)):,}"
    return s.replace(",", ".") if lang == "nl" else s


def fmt_num(x: float | None, lang: str, digits: int = 1) -> str:
    """3,8 in Dutch, 3.8 in English."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    s = f"{x:,.{digits}f}"
    if lang == "nl":
        s = s.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return s


def fmt_short(x: float, lang: str) -> str:
    """As few digits as the number needs (30, 0.05), with the decimal comma in Dutch (0,05)."""
    s = f"{x:g}"
    return s.replace(".", ",") if lang == "nl" else s


def fmt_pct(x: float | None, lang: str) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    return f"{fmt_num(100 * x, lang, 0)}%"


def counted(n: float | int | None, noun: str, lang: str) -> str:
    """'1 respondent', '1.481 respondenten': N with the singular or plural of NOUN (a key whose text is
    'singular|plural'), so no page writes 'n = 1 respondenten'."""
    one, many = t(noun, lang).split("|")
    return f"{fmt_int(n, lang)} {one if n == 1 else many}"


def selection_text(respondents: int, observations: int, lang: str) -> str:
    """'n = 412 respondenten, 2.310 observaties' in the reader's language, singular where n is 1."""
    return t(
        "selection_counts",
        lang,
        respondents=counted(respondents, "noun_respondent", lang),
        observations=counted(observations, "noun_observation", lang),
    )
