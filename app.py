"""lcdash entry point: the navigation, the sidebar filters and the language. No queries, no charts.

The page files live in app_pages/, not pages/: a pages/ folder switches on Streamlit's older
auto-discovery until st.navigation first runs, so a link to a page on a freshly started
server answered "Page not found". Each page is listed here, with its Dutch URL path.
"""

from pathlib import Path

import streamlit as st

from lcdash import ui
from lcdash.i18n import t

# A local icon: a material-icon favicon made every browser fetch it from a font CDN.
st.set_page_config(page_title="lcdash", page_icon=str(Path(__file__).parent / "assets" / "favicon.png"), layout="wide")
ui.print_css()

ui.page_language()
view = ui.frame()
PAGES = [  # (file, URL path, title key, icon[, who may see it: "edit" or "admin"])
    ("app_pages/overview.py", "overzicht", "page_overview", ":material/dashboard:"),
    ("app_pages/layering.py", "lagen", "page_layering", ":material/stacked_bar_chart:"),
    ("app_pages/cycles.py", "waardecycli", "page_cycles", ":material/autorenew:"),
    ("app_pages/stakeholders.py", "belanghebbenden", "page_stakeholders", ":material/groups:"),
    ("app_pages/stories.py", "verhalen", "page_stories", ":material/format_quote:"),
    ("app_pages/trends.py", "ontwikkeling", "page_trends", ":material/trending_up:"),
    ("app_pages/present.py", "presenteren", "page_present", ":material/slideshow:"),
    ("app_pages/upload.py", "upload", "page_upload", ":material/upload_file:", "edit"),
    ("app_pages/data.py", "gegevens", "page_data", ":material/database:", "edit"),
    ("app_pages/story_desk.py", "verhalen-verzamelen", "page_story_desk", ":material/edit_note:", "edit"),
    ("app_pages/questionnaire.py", "vragenlijst", "page_questionnaire", ":material/checklist:", "edit"),
    ("app_pages/admin.py", "beheer", "page_admin", ":material/admin_panel_settings:", "admin"),
]
allowed = {None: True, "edit": view.user.can_edit(), "admin": view.user.is_admin()}
pages = [
    st.Page(entry[0], title=t(entry[2], view.lang), icon=entry[3], url_path=entry[1], default=i == 0)
    for i, entry in enumerate(PAGES)
    if allowed[entry[4] if len(entry) > 4 else None]
]
page = st.navigation(pages, position="sidebar")
ui.sync_url(view)
page.run()
