"""Stored records in the reader's words: the audit log's actions in her language and its numbers
in her format ("31.277 rijen", not "31277 rows"). The records stay as they were written (the CLI
writes them in English); only what the admin page shows is translated."""

from __future__ import annotations

import re

from lcdash.i18n import TEXTS, fmt_int, t

_NUMBER = re.compile(r"(?<![\w.,-])\d{4,}(?![\w.,-])")  # a plain count of four digits or more
_WORDS_NL = {  # in this order: a longer phrase before a word it holds
    " rows": " rijen",
    " failed attempts forgotten": " mislukte pogingen vergeten",
    " failed attempts from one client in ": " mislukte pogingen van één client in ",
    " failed attempts": " mislukte pogingen",
    "unknown user name": "onbekende gebruikersnaam",
    "all communities": "alle communities",
    " until ": " tot ",
    " observations in ": " observaties in ",
    " batches, ": " batches, ",
    " users (schema version ": " gebruikers (schemaversie ",
}
_ROLE = re.compile(r"\((viewer|editor|admin); ")  # "adam (admin; all communities)": a user added


def action_label(action: str, lang: str) -> str:
    """'import' -> 'import', 'user add' -> 'gebruiker toegevoegd'; an action without a text as it is."""
    key = "audit_" + action.replace(" ", "_").replace("-", "_")
    return t(key, lang) if key in TEXTS else action


def detail_text(detail: str, lang: str) -> str:
    """DETAIL with its counts in the reader's format, and a few recurring English words in Dutch."""
    text = _NUMBER.sub(lambda m: fmt_int(int(m.group(0)), lang), detail or "")
    if lang == "nl":
        for en, nl in _WORDS_NL.items():
            text = text.replace(en, nl)
        text = _ROLE.sub(lambda m: f"({t('role_' + m.group(1), lang)}; ", text)
        if text.startswith("from "):  # a restore: "from backups/2026-12-01: …"
            text = "uit " + text[5:]
    return text
