"""Lenient label matching: what a person typed in Excel to the framework's key.

Matching ignores case, surrounding and repeated spaces, and accents, because real files
write "Potentiele waarde", "REALIZED" or " Docent ". Anything that still does not match is
reported with the nearest valid label, never guessed.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable

_SPACES = re.compile(r"\s+")
# Word and Excel turn ' into ’ and - into – as people type ("Don’t know", "Publiek–private").
_TYPOGRAPHIC = str.maketrans("‘’‚‛´`“”„‐‑‒–—", "''''''" + '"""' + "-----")


def normalise(text: str) -> str:
    """The comparison form of a label: no case, accents, repeated spaces or typographic quotes."""
    decomposed = unicodedata.normalize("NFKD", str(text).translate(_TYPOGRAPHIC))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACES.sub(" ", stripped).strip().lower()


def nearest(value: str, candidates: Iterable[str]) -> str | None:
    """The closest valid label, to suggest in an error message; None when nothing is close."""
    options = {normalise(c): c for c in candidates}
    hits = difflib.get_close_matches(normalise(value), list(options), n=1, cutoff=0.6)
    return options[hits[0]] if hits else None
