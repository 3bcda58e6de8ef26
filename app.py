"""lcdash entry point: the navigation, the sidebar filters and the language. No queries, no charts."""

import streamlit as st

from lcdash import ui
from lcdash.i18n import t

st.set_page_config(page_title="lcdash", page_icon=":material/diversity_3:", layout="wide")

view = ui.frame()
lang = view.lang
pages = [
    st.Page(
        "pages/overview.py",
        title=t("page_overview", lang),
        icon=":material/dashboard:",
        url_path="overzicht",
        default=True,
    ),
    st.Page("pages/layering.py", title=t("page_layering", lang), icon=":material/stacked_bar_chart:", url_path="lagen"),
    st.Page("pages/cycles.py", title=t("page_cycles", lang), icon=":material/autorenew:", url_path="waardecycli"),
    st.Page(
        "pages/stakeholders.py",
        title=t("page_stakeholders", lang),
        icon=":material/groups:",
        url_path="belanghebbenden",
    ),
    st.Page("pages/stories.py", title=t("page_stories", lang), icon=":material/format_quote:", url_path="verhalen"),
    st.Page("pages/trends.py", title=t("page_trends", lang), icon=":material/trending_up:", url_path="ontwikkeling"),
]
st.navigation(pages, position="sidebar").run()
