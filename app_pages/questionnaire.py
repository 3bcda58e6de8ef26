"""Vragenlijst: from the framework to a ready survey in the coordinator's own tool (editors).

Choose what to cover, see the questionnaire as a respondent will and its length, record the version
(its mapping goes into the database), download it for KoboToolbox/ODK, LimeSurvey, Qualtrics, paper,
Word or Forms. The tool's export is then recognised on the upload page. Everything is built by
lcdash.questionnaire; this page only asks and shows.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from lcdash import questionnaire as kit
from lcdash import ui
from lcdash.i18n import fmt_int
from lcdash.questionnaire import registry, respondent, select
from lcdash.questionnaire.bank import BankError, load_bank

view = ui.current()
cfg, lang = view.config, view.lang
st.title(view.t("page_questionnaire"))
if not view.user.can_edit():  # the page is only listed for editors; this guards a typed URL too
    st.error(view.t("editors_only"))
    st.stop()
st.caption(view.t("qn_intro"))

try:
    bank = load_bank(cfg)
except BankError as exc:
    st.error(view.t("qn_bank_error", error=str(exc)))
    st.stop()

# ---------------------------------------------------------------- what to cover

st.subheader(view.t("qn_choose"))
c1, c2 = st.columns(2)
levels = c1.multiselect(
    view.t("qn_levels"), [lv.key for lv in cfg.levels], default=[lv.key for lv in cfg.levels],
    format_func=lambda k: view.label("level", k), key="qn_levels",
    select_all=False,  # Streamlit's "Select all" is English; choosing each is clear
    wrap=True,  # every chosen one in sight: in a column the chips ran out of the box ("Organisaties & kennisinstel")
)  # fmt: skip
theme_keys = [o.key for lv in cfg.levels if lv.key in levels for o in lv.outcomes]
themes = c2.multiselect(
    view.t("qn_themes"), theme_keys, default=theme_keys, format_func=lambda k: view.label("outcome", k),
    key=f"qn_themes_{'_'.join(levels)}",
    select_all=False,  # Streamlit's "Select all" is English; choosing each is clear
    wrap=True,  # every chosen one in sight: in a column the chips ran out of the box ("Organisaties & kennisinstel")
)  # fmt: skip
c1, c2 = st.columns(2)
cycles = c1.multiselect(
    view.t("qn_cycles"), [c.key for c in cfg.cycles], default=[c.key for c in cfg.cycles],
    format_func=lambda k: view.label("value_cycle", k), key="qn_cycles",
    select_all=False,  # Streamlit's "Select all" is English; choosing each is clear
    wrap=True,  # every chosen one in sight: in a column the chips ran out of the box ("Organisaties & kennisinstel")
)  # fmt: skip
types = c2.multiselect(
    view.t("qn_stakeholders"), [s.key for s in cfg.stakeholders], default=[s.key for s in cfg.stakeholders],
    format_func=lambda k: view.label("stakeholder_type", k), key="qn_types",
    select_all=False,  # Streamlit's "Select all" is English; choosing each is clear
    wrap=True,  # every chosen one in sight: in a column the chips ran out of the box ("Organisaties & kennisinstel")
)  # fmt: skip
c1, c2, c3 = st.columns([1.2, 1.4, 1])
qlang = c1.segmented_control(
    view.t("qn_language"), list(select.LANGS), default=lang, format_func=lambda x: view.t(f"qn_lang_{x}"),
    key="qn_lang",
) or lang  # fmt: skip
communities = c2.text_area(view.t("qn_communities"), key="qn_communities", height=90)
wave = c3.text_input(view.t("qn_wave"), key="qn_wave")
stories = st.toggle(view.t("qn_stories"), value=True, key="qn_stories")

selection = select.Selection(
    levels=tuple(levels),
    outcomes=tuple(themes),
    cycles=tuple(cycles),
    stakeholders=tuple(types),
    stories=stories,
    lang=qlang,
    communities=tuple(line.strip() for line in communities.splitlines() if line.strip()),
    wave=wave.strip() or None,
)
q = None
if levels and themes and cycles and types:
    try:
        q = select.build(bank, cfg, selection)
    except ValueError:
        q = None
if q is None or not q.statements():
    st.info(view.t("qn_nothing"), icon=":material/checklist:")
    st.stop()

cur = view.con.cursor()
known = registry.known_version(cur, q)
q.version = known or registry.next_version(cur, q.qid)
m1, m2, m3 = st.columns(3)
m1.metric(view.t("qn_n_questions"), fmt_int(len(q.questions()), lang))
m2.metric(view.t("qn_n_statements"), fmt_int(len(q.statements()), lang))
m3.metric(view.t("qn_minutes"), view.t("qn_minutes_value", n=fmt_int(max(1, round(q.minutes())), lang)))
st.caption(view.t("qn_id" if known else "qn_id_new", qid=q.qid, version=q.version))

# ---------------------------------------------------------------- as a respondent sees it

st.subheader(view.t("qn_preview"))
titles = respondent.section_titles(q, lang)
tabs = st.tabs(titles)
with tabs[0]:
    st.html(respondent.about(q))
for i in range(len(q.levels)):
    with tabs[1 + i]:
        st.html(respondent.level(q, i))
if q.stories:
    with tabs[-1]:
        st.html(respondent.stories(q))

# ---------------------------------------------------------------- record and download

st.subheader(view.t("qn_download"))
st.caption(view.t("qn_download_note"))
if known is None:
    if st.button(view.t("qn_register"), type="primary", icon=":material/bookmark_add:", key="qn_register"):
        registry.register(view.con.cursor(), q, cfg, view.user.name)
        st.rerun()
else:
    st.success(view.t("qn_registered", qid=q.qid, version=q.version), icon=":material/task_alt:")
    cols = st.columns(4)
    for i, fmt in enumerate(kit.FORMATS):
        module, function, ext, mime = kit.FORMATS[fmt]

        def made(fmt: str = fmt) -> bytes:  # made when clicked, not on every rerun
            return kit.render(q, fmt)

        # No rerun on a click: a rerun under load re-registered the file while the browser fetched it.
        cols[i % 4].download_button(
            view.t(f"qn_fmt_{fmt}"), made, file_name=f"{q.qid}-v{q.version}.{ext}", mime=mime, key=f"qn_dl_{fmt}",
            icon=":material/download:", width="stretch", on_click="ignore",
        )  # fmt: skip
    cols[len(kit.FORMATS) % 4].download_button(
        view.t("qn_fmt_mapping"), (registry.mapping_of(cur, q.qid, q.version) or "").encode("utf-8"),
        file_name=f"{q.qid}-v{q.version}.mapping.yaml", mime="application/x-yaml", key="qn_dl_mapping",
        icon=":material/download:", width="stretch", on_click="ignore",
    )  # fmt: skip

rows = registry.version_table(cur, q.qid)
if rows:
    st.subheader(view.t("qn_versions"))
    st.dataframe(
        pd.DataFrame(
            {
                view.t("qn_col_version"): [fmt_int(v, lang) for v, _, _, _ in rows],
                view.t("qn_col_created"): [at.strftime("%Y-%m-%d %H:%M") for _, at, _, _ in rows],
                view.t("qn_col_by"): [by or "" for _, _, by, _ in rows],
                view.t("qn_col_batches"): [fmt_int(n, lang) for _, _, _, n in rows],
            }
        ),
        hide_index=True,
    )
