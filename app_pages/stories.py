"""Stories: value-creation stories and comments, searchable, always rendered as plain text."""

import streamlit as st

from lcdash import ui

view = ui.current()


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
            key="story_cycles",
        )
        found = view.q(
            "stories",
            [c.key for c in cfg.cycles],
            search=search,
            cycles=tuple(cycles),
            limit=60,
            min_text_group=cfg.min_text_group_size,
        )
        st.caption(view.t("stories_found", n=len(found)))
        if found.empty:
            st.info(view.t("no_stories"))
        else:
            ui.text_cards([_card(story) for story in found.itertuples()])
