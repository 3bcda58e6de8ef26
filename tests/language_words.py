"""Words that give away the other language (issue 18): English in the Dutch interface, Dutch in the English one.

Shared by the AppTest walk (tests/app_pages/test_one_language.py) and the Chromium walk
(tests/browser/test_one_language_browser.py). Only the interface is checked: what the data says
(community names, question wordings, stories, organisations, who imported a file) is the data's own
language and is taken out first (`data_strings`).

Words that are Dutch as well as English are not listed: in, is, of (Dutch "or"), met, per, score, batch,
filters, data, import, community, link, code, export, demo, status, trends, detail... and "Download" is the Dutch imperative too,
but the interface says "downloaden" in Dutch (like "Filters wissen", "Meer tonen"), so the bare word is
English there.
"""

from __future__ import annotations

import re

# Streamlit's own texts that Streamlit 1.67 offers no parameter for: the upload box's button and limit
# (upstream https://github.com/streamlit/streamlit/issues/13500, documented in README "Streamlit's own words").
# The only English allowed in the Dutch interface; listed here and nowhere else.
STREAMLIT_OWN = (
    re.compile(r"(?m)^\s*Upload\s*$"),  # the upload box's button, on a line of its own
    re.compile(r"(?m)^\s*\d+MB per file(?: • [A-Z]+(?:, [A-Z]+)*)?\s*$"),  # the limit and kinds of file under it
    re.compile(
        r"(?m)^\s*No results\s*$"
    ),  # an opened list with nothing left to choose (streamlit#4750 gave placeholder only)
)

# Command lines and configuration keys are typed as they are, in any language.
LITERALS = (
    re.compile(r"lcdash [a-z]+(?: [A-Za-z|()…\-]+| --[a-z-]+)*[^\n]*?(?=$|\n|\))"),  # "lcdash user add NAME --role …"
    re.compile(r"auth\.mode:? none"),
    re.compile(r"\b[\w-]+\.(?:toml|yaml|csv|xlsx|txt|parquet|duckdb|png|svg|pdf|pptx)\b"),
    re.compile(r"\b[a-z]+(?:[._][a-z]+)+\b"),  # server.maxUploadSize, min_group_size
)

# English in the Dutch interface: whole words, case-insensitive.
ENGLISH = (
    "select all",
    "all",
    "until",
    "users",
    "rows",
    "attempts",
    "upload",
    "(?-i:Download)",  # the label; "download hem" in a Dutch sentence is the imperative
    "empty",
    "respondents",
    "observations",
    "answers",
    "from",
    "the",
    "and",
    "with",
    "for",
    "not",
    "no",
    "none",
    "shown",
    "hidden",
    "mean",
    "value",
    "cycle",
    "cycles",
    "level",
    "levels",
    "theme",
    "themes",
    "question",
    "questions",
    "wave",
    "waves",
    "stakeholder type",
    "stakeholder types",
    "stories",
    "story",
    "show",
    "more",
    "next",
    "previous",
    "clear",
    "save",
    "delete",
    "file",
    "files",
    "choose",
    "search",
    "overview",
    "share",
    "reached",
    "expected",
    "immediate",
    "potential",
    "applied",
    "realised",
    "transformative",
    "lowest",
    "highest",
    "strongest",
    "weakest",
    "loading",
    "please",
    "error",
    "sign in",
    "sign out",
    "signed in",
    "who",
    "action",
)

# Dutch in the English interface: whole words, case-insensitive.
DUTCH = (
    "de",
    "het",
    "een",
    "van",
    "en",
    "voor",
    "niet",
    "geen",
    "wordt",
    "zijn",
    "naar",
    "bij",
    "ook",
    "uit",
    "alle",
    "deze",
    "verborgen",
    "gemiddeld",
    "gemiddelde",
    "respondenten",
    "observaties",
    "antwoorden",
    "meting",
    "metingen",
    "cyclus",
    "cycli",
    "waardecyclus",
    "waarde",
    "belanghebbende",
    "belanghebbenden",
    "niveau",
    "niveaus",
    "verhalen",
    "opslaan",
    "uploaden",
    "downloaden",
    "bestand",
    "bestanden",
    "tonen",
    "wissen",
    "vorige",
    "volgende",
    "overzicht",
    "ontwikkeling",
    "gegevens",
    "beheer",
    "vragenlijst",
    "hoogste",
    "laagste",
    "sterkste",
    "zwakste",
    "rijen",
    "afbeelding",
    "kies",
    "zoeken",
)

_ENGLISH = re.compile(r"(?<![\w-])(?:" + "|".join(ENGLISH) + r")(?![\w-])", re.IGNORECASE)
_DUTCH = re.compile(r"(?<![\w-])(?:" + "|".join(DUTCH) + r")(?![\w-])", re.IGNORECASE)


def _strip(text: str, parts) -> str:
    for part in parts:
        text = part.sub(" ", text) if isinstance(part, re.Pattern) else text.replace(part, " ")
    return text


def _cut_data(text: str, data: tuple[str, ...]) -> str:
    """Take out data strings a chart cut short with '…' ("Ik heb iets wat ik in de LC leerde in mijn werk toeg…")."""
    if "…" not in text or not data:
        return text
    lines = []
    for line in text.split("\n"):
        out = []
        for piece in re.split(r"(…)", line):
            if piece != "…":
                words = piece.split(" ")
                for i in range(len(words)):  # the longest tail of the piece that starts a data string
                    tail = " ".join(words[i:]).lstrip()
                    if len(tail) >= 6 and any(d.startswith(tail) for d in data):
                        piece = " ".join(words[:i]) + " "
                        break
            out.append(piece)
        lines.append("".join(out))
    return "\n".join(lines)


def foreign_words(text: str, lang: str, data: tuple[str, ...] = ()) -> list[str]:
    """The other language's words in TEXT (the interface in LANG), each with a little context.

    DATA (the data's own strings, longest first) and, in Dutch, Streamlit's own upload texts and
    literals are taken out first."""
    for s in data:
        text = text.replace(s, " ")
    text = _cut_data(text, data)
    text = _strip(text, LITERALS)
    if lang == "nl":
        text = _strip(text, STREAMLIT_OWN)
    pattern = _ENGLISH if lang == "nl" else _DUTCH
    return [text[max(0, m.start() - 40) : m.end() + 40].replace("\n", " ⏎ ") for m in pattern.finditer(text)]


def data_strings(db) -> tuple[str, ...]:
    """Every text the database holds as data (not interface): community, organisation, question wording,
    open answers, stories, who imported or moderated, file names; longest first so a sentence goes before
    a word it contains."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        queries = [
            "SELECT DISTINCT community FROM observations",
            "SELECT DISTINCT organisation FROM observations",
            "SELECT DISTINCT indicator FROM observations",
            "SELECT DISTINCT text FROM observations",
            "SELECT DISTINCT quote FROM quotes",
            "SELECT DISTINCT file_name FROM batches",
            "SELECT DISTINCT imported_by FROM batches",
            "SELECT DISTINCT who FROM audit_log",
            "SELECT DISTINCT unnest(steps).text FROM stories",
        ]
        found: set[str] = set()
        for q in queries:
            found |= {r[0] for r in con.execute(q).fetchall() if isinstance(r[0], str) and r[0].strip()}
    finally:
        con.close()
    return tuple(sorted(found, key=len, reverse=True))
