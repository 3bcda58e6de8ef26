"""Stories: value-creation stories and comments, searchable, always rendered as plain text."""

import streamlit as st

from lcdash import ui
from lcdash.i18n import fmt_int

view = ui.current()
PAGE = 60  # stories per page; "Meer tonen" adds the next page


def _more() -> None:
    st.session_state["story_limit"] = st.session_state.get("story_limit", PAGE) + PAGE


def _card(story) -> tuple[str, list[tuple[str, str]]]:
    """A story as a card: who told it (community · stakeholder · level · wave), then each step of its chain."""
    meta = [
        story.community,
        view.label("stakeholder_type", story.stakeholder_type),
        view.label("level", story.level),
        story.wave or "",
    ]
    steps = [(view.label("value_cycle", step["value_cycle"]), step["text"]) for step in story.chain]
    return " · ".join(m for m in meta if m), steps


totals = ui.header(view, "page_stories", "stories_intro")
if totals:
    cfg, lang = view.config, view.lang
    if totals["respondents"] < cfg.min_text_group_size:
        st.info(view.t("stories_suppressed", n=cfg.min_text_group_size))
    else:
        c1, c2 = st.columns([2, 1])
        search = c1.text_input(view.t("search"), key="story_search")
        cycles = c2.multiselect(
            view.t("filter_cycles"),
            [c.key for c in cfg.cycles],
            format_func=lambda k: view.label("value_cycle", k),
            placeholder=view.t("all_cycles"),
            select_all=False,  # Streamlit's "Select all" is English; no choice means all
            key="story_cycles",
        )
        key = (search, tuple(cycles))
        if st.session_state.get("story_key") != key:  # a new search starts at the first page again
            st.session_state["story_key"], st.session_state["story_limit"] = key, PAGE
        limit = st.session_state["story_limit"]
        mtg = cfg.min_text_group_size
        found = view.q(
            "stories",
            [c.key for c in cfg.cycles],
            search=search,
            cycles=tuple(cycles),
            limit=limit,
            min_text_group=mtg,
        )
        counts = view.q("story_counts", search=search, cycles=tuple(cycles), min_text_group=mtg)
        total = counts["shown"]
        if len(found) < total:  # a page of the list, never a cap shown as if it were the total
            st.markdown(view.t("stories_shown", shown=fmt_int(len(found), lang), total=fmt_int(total, lang)))
        else:
            st.markdown(view.t("stories_all_shown", total=fmt_int(total, lang)))
        notes = [
            view.t(
                "stories_told",
                stories=fmt_int(counts["told"], lang),
                comments=fmt_int(total - counts["told"], lang),
            )
        ]
        if counts["withheld"]:
            withheld = view.t(
                "stories_withheld",
                n=fmt_int(counts["withheld"], lang),
                told=fmt_int(counts["withheld_told"], lang),
                min=fmt_int(mtg, lang),
            )
            notes.append(withheld + ".")
        st.caption(" ".join(notes))
        if found.empty:
            st.info(view.t("no_stories"))
        else:
            ui.text_cards([_card(story) for story in found.itertuples()])
            if len(found) < total:
                st.button(
                    view.t("stories_more", n=fmt_int(min(PAGE, total - len(found)), lang)),
                    on_click=_more,
                    icon=":material/expand_more:",
                    key="story_more",
                )
