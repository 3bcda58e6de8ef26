"""The small Streamlit layer shared by app.py and the pages (the only part of lcdash that imports streamlit).

It owns: the cached database connection and query runner (`view`), the sidebar filters and their
place in the URL (`frame`), who is signed in (`signin`), charts with their text alternative and
downloads (`charts`), page helpers that render user text as text (`page`) and browser sessions
(`sessions`). Pages stay thin: they ask `current()` for the View and call queries and charts with it.
"""

from lcdash.ui.charts import (
    DUTCH_NUMBERS,
    _for_browser,
    _spec_title,
    chart,
    chart_downloads,
    text_alternative,
)
from lcdash.ui.frame import frame, sync_url
from lcdash.ui.page import (
    SELECTION,
    download_csv,
    header,
    interval_caption,
    literal,
    mean_ci,
    page_language,
    plain,
    print_css,
    suppression_note,
    text_cards,
)
from lcdash.ui.sessions import session_id, session_known
from lcdash.ui.signin import guarded, signed_in_user
from lcdash.ui.view import PARAMS, View, connection, current

__all__ = [
    "DUTCH_NUMBERS",
    "PARAMS",
    "SELECTION",
    "View",
    "_for_browser",
    "_spec_title",
    "chart",
    "chart_downloads",
    "connection",
    "current",
    "download_csv",
    "frame",
    "guarded",
    "header",
    "interval_caption",
    "literal",
    "mean_ci",
    "page_language",
    "plain",
    "print_css",
    "session_id",
    "session_known",
    "signed_in_user",
    "suppression_note",
    "sync_url",
    "text_alternative",
    "text_cards",
]
