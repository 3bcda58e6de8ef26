"""Stored records in the reader's words: the audit log's actions in her language and its numbers
in her format ("31.277 rijen", not "31277 rows"). The records stay as they were written (the CLI
writes them in English); only what the admin page shows is translated."""

from __future__ import annotations

import re

from lcdash.i18n import TEXTS, fmt_int, t

_NUMBER = re.compile(r"(?<![\w.,-])\d{4,}(?![\w.,-])")  # a plain count of four digits or more
_WORDS_NL = {
    " rows": " rijen",
    " failed attempts": " mislukte pogingen",
    "unknown user name": "onbekende gebruikersnaam",
}


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
    return text
