"""Collect stories (editors): review new stories, code them blind, see how far writers and coders agree, links.

Every story's text is drawn as plain text (ui.text_cards). An editor limited to some communities sees
and moderates only their stories; the moderation and coding functions check the scope themselves too.
"""

import datetime as dt

import pandas as pd
import streamlit as st

from lcdash import queries, ui
from lcdash.i18n import counted, fmt_int, fmt_num
from lcdash.stories import agreement, coding, links, moderation

view = ui.current()
cfg, lang = view.config, view.lang
st.title(view.t("page_story_desk"))
if not view.user.can_edit():  # listed for editors only; this guards a typed URL too
    st.error(view.t("sd_editors_only"))
    st.stop()
st.caption(view.t("sd_intro"))
scope = view.user.scope
cur = view.con.cursor()
steps = {s.key: s for s in cfg.stories.steps}
DONE = "_sd_done"


def _done(key: str, **values) -> None:
    """Say what was done after the rerun that shows its effect (the data version changed)."""
    st.session_state[DONE] = view.t(key, **values)
    st.rerun()


def _label(story) -> str:
    return view.t(
        "sd_story_label",
        id=story.story_id,
        community=story.community,
        wave=story.wave or "–",
        date=story.submitted_at.strftime("%d-%m-%Y" if lang == "nl" else "%Y-%m-%d"),
    )


def _card(story, tags: bool = False) -> tuple[str, list[tuple[str, str]]]:
    meta = [view.label("stakeholder_type", story.stakeholder_type)]
    meta.append(view.t("sd_consent_yes" if story.consent else "sd_consent_no"))
    body = [(steps[k].label(lang) if k in steps else k, text) for k, _, text in story.steps]
    if tags:
        body.append(
            (view.t("sd_code_cycles"), ", ".join(view.label("value_cycle", c) for c in story.writer_cycles) or "–")
        )
        body.append((view.t("sd_code_levels"), ", ".join(view.label("level", lv) for lv in story.writer_levels) or "–"))
    return " · ".join(meta), body


if DONE in st.session_state:
    st.success(st.session_state.pop(DONE))

counts = moderation.counts(cur, scope)
tab_mod, tab_code, tab_agree, tab_links = st.tabs(
    [
        view.t("sd_tab_moderate", n=counts["pending"]),
        view.t("sd_tab_code"),
        view.t("sd_tab_agree"),
        view.t("sd_tab_links"),
    ]
)

with tab_mod:
    status = st.segmented_control(  # a decision can be changed later: an approved story withdrawn, say
        view.t("sd_status"),
        list(counts),
        default="pending",
        format_func=lambda k: view.t(f"sd_status_{k}", n=fmt_int(counts[k], lang)),
        key="sd_mod_status",
    )
    status = status or "pending"
    waiting = moderation.stories(cur, scope, status)
    if not waiting:
        st.info(view.t(f"sd_none_{status}"))
    else:
        by_id = {s.story_id: s for s in waiting}
        pick = st.selectbox(view.t("sd_pick"), list(by_id), format_func=lambda i: _label(by_id[i]), key="sd_mod_pick")
        story = by_id[pick]
        ui.text_cards([_card(story)])  # no writer's tags here: whoever reviews may code it later, blind
        with st.form(f"sd_mod_{story.story_id}"):
            st.caption(view.t("sd_redact_hint"))
            edited = {
                k: st.text_area(steps[k].label(lang) if k in steps else k, text, key=f"sd_red_{story.story_id}_{k}")
                for k, _, text in story.steps
            }
            c1, c2, c3 = st.columns(3)
            approve = c1.form_submit_button(view.t("sd_approve"), type="primary", disabled=status == "approved")
            redact = c2.form_submit_button(view.t("sd_redact"))
            reject = c3.form_submit_button(view.t("sd_reject"), disabled=status == "rejected")
        try:
            if approve:
                moderation.decide(cur, story.story_id, "approved", view.user.name, scope)
                _done("sd_done_approved", id=story.story_id)
            elif redact:
                moderation.redact(cur, story.story_id, edited, view.user.name, scope, cfg.stories.max_field_chars)
                _done("sd_done_redacted", id=story.story_id)
            elif reject:
                moderation.decide(cur, story.story_id, "rejected", view.user.name, scope)
                _done("sd_done_rejected", id=story.story_id)
        except moderation.ModerationError as exc:
            st.error(str(exc))

with tab_code:
    coder = view.user.name
    if cfg.auth_mode == "none":  # everyone is the local admin: let two people tell themselves apart
        coder = st.text_input(
            view.t("sd_coder"), value=coder, help=view.t("sd_coder_help"), max_chars=80, key="sd_coder"
        ).strip()
    st.caption(view.t("sd_blind"))
    todo = coding.queue(cur, coder, scope) if coder else []
    if not todo:
        st.info(view.t("sd_none_to_code"))
    else:
        labels = {
            sid: f"#{sid} · {community} · {wave or '–'}" + (f" · {view.t('sd_others', n=n)}" if n else "")
            for sid, community, wave, n in todo
        }
        sid = st.selectbox(view.t("sd_pick"), list(labels), format_func=labels.get, key="sd_code_pick")
        ui.text_cards([_card(coding.blind_view(cur, sid, scope))])
        with st.form(f"sd_code_{sid}_{coder}"):
            choose = dict(placeholder=view.t("sd_code_ph"), select_all=False)  # Streamlit's own words are English
            cycles = st.multiselect(
                view.t("sd_code_cycles"),
                [c.key for c in cfg.cycles],
                format_func=lambda k: view.label("value_cycle", k),
                **choose,
            )
            levels = st.multiselect(
                view.t("sd_code_levels"),
                [lv.key for lv in cfg.levels],
                format_func=lambda k: view.label("level", k),
                **choose,
            )
            themes = st.multiselect(
                view.t("sd_code_themes"),
                [o.key for o in cfg.outcomes()],
                format_func=lambda k: view.label("outcome", k),
                **choose,
            )
            if st.form_submit_button(view.t("sd_save_code"), type="primary"):
                try:
                    coding.save(cur, cfg, sid, coder, cycles, levels, themes, scope)
                    _done("sd_done_coded", id=sid)
                except coding.CodingError as exc:
                    st.error(str(exc))
    mine = coding.coded_by(cur, coder, scope) if coder else []
    if mine:
        st.subheader(view.t("sd_compare"))
        approved = {s.story_id: s for s in moderation.stories(cur, scope, "approved", limit=100_000)}
        mine = [i for i in mine if i in approved]
        sid = st.selectbox(
            view.t("sd_compare_pick"), mine, format_func=lambda i: _label(approved[i]), key="sd_compare_pick"
        )
        story, found = coding.revealed(cur, sid, coder, scope)
        ui.text_cards([_card(story)])
        names = lambda keys, dim: ", ".join(view.label(dim, k) for k in keys) or "–"  # noqa: E731
        rows = [
            (view.t("sd_writer"), names(story.writer_cycles, "value_cycle"), names(story.writer_levels, "level"), "–")
        ]
        rows += [
            (c.coder, names(c.cycles, "value_cycle"), names(c.levels, "level"), names(c.themes, "outcome"))
            for c in found
        ]
        cols = [view.t("sd_coder"), view.t("sd_code_cycles"), view.t("sd_code_levels"), view.t("sd_code_themes")]
        st.dataframe(pd.DataFrame(rows, columns=cols), hide_index=True, width="stretch")

with tab_agree:
    st.caption(view.t("sd_agree_intro"))
    table = agreement.per_cycle(cur, cfg, scope)
    total = table.iloc[-1]
    if not total["n_wc"]:
        st.info(view.t("sd_none_yet"))
    else:
        num = lambda v: fmt_num(v, lang, 2)  # noqa: E731
        cycles = [view.label("value_cycle", c) if c else view.t("sd_all_cycles") for c in table["value_cycle"]]

        def pair(kind: str, n_key: str, noun: str) -> None:
            """A headline over all cycles together, then the table per cycle, for one kind of pair."""
            st.subheader(
                view.t(
                    f"sd_headline_{kind}",
                    kappa=num(total[f"kappa_{kind}"]),
                    words=view.t(agreement.strength(total[f"kappa_{kind}"])),
                    n=counted(total[f"n_{kind}"], noun, lang),
                )
            )
            shown = pd.DataFrame(
                {
                    view.t("sd_col_cycle"): cycles,
                    view.t(n_key): [fmt_int(n, lang) for n in table[f"n_{kind}"]],
                    view.t(f"sd_col_kappa_{kind}"): [num(v) for v in table[f"kappa_{kind}"]],
                    view.t("sd_col_words"): [view.t(agreement.strength(v)) for v in table[f"kappa_{kind}"]],
                    view.t(f"sd_col_alpha_{kind}"): [num(v) for v in table[f"alpha_{kind}"]],
                }
            )
            st.dataframe(shown, hide_index=True, width="stretch")

        pair("wc", "sd_col_n_wc", "sd_noun_coding")
        if total["n_cc"]:
            pair("cc", "sd_col_n_cc", "sd_noun_story")
        else:
            st.info(view.t("sd_none_twice"))
        st.subheader(view.t("sd_disagree"))
        differ = agreement.disagreements(cur, cfg, scope, seen_by=coder or "")  # blind: only her coded stories
        hidden = agreement.disagreements(cur, cfg, scope)["story_id"].nunique() - differ["story_id"].nunique()
        if hidden:
            st.caption(view.t("sd_disagree_hidden", stories=counted(hidden, "sd_noun_story", lang)))
        if differ.empty:
            st.info(view.t("sd_none_disagree"))
        else:
            yes = lambda v: view.t("sd_yes" if v else "sd_no")  # noqa: E731
            st.dataframe(
                pd.DataFrame(
                    {
                        view.t("sd_col_story"): [f"#{i}" for i in differ["story_id"]],
                        view.t("community"): differ["community"],
                        view.t("sd_col_cycle"): [view.label("value_cycle", c) for c in differ["value_cycle"]],
                        view.t("sd_writer"): [yes(v) for v in differ["writer"]],
                        view.t("sd_col_coders"): [" · ".join(f"{n}: {yes(v)}" for n, v in c) for c in differ["coders"]],
                    }
                ),
                hide_index=True,
                width="stretch",
            )

with tab_links:
    st.caption(view.t("sd_links_intro"))
    base = cfg.stories.public_url()
    found = links.list_links(cur, scope)
    if not found:
        st.info(view.t("sd_no_links"))
    else:
        st.dataframe(
            pd.DataFrame(
                {
                    view.t("community"): [lk.community for lk in found],
                    view.t("wave"): [lk.wave or "–" for lk in found],
                    view.t("sd_col_state"): [view.t(f"sd_state_{lk.state()}") for lk in found],
                    view.t("sd_col_until"): [f"{lk.expires_at - dt.timedelta(seconds=1):%d-%m-%Y}" for lk in found],
                    view.t("sd_col_opened"): [lk.opened for lk in found],
                    view.t("sd_col_stories"): [lk.used for lk in found],
                    view.t("sd_col_link"): [lk.url(base) for lk in found],
                }
            ),
            hide_index=True,
            width="stretch",
        )
    known = queries.options(cur, scope)["community"]
    communities = sorted(set(scope) if scope is not None else {*known, *(lk.community for lk in found)})
    with st.form("sd_new_link"):
        st.subheader(view.t("sd_new_link"))
        community = st.selectbox(
            view.t("community"), communities, accept_new_options=scope is None, key="sd_link_community"
        )
        wave = st.text_input(view.t("sd_link_wave"), max_chars=40, key="sd_link_wave")
        last = st.date_input(view.t("sd_link_expires"), dt.date.today() + dt.timedelta(days=cfg.stories.link_days - 1))
        if st.form_submit_button(view.t("sd_make_link"), type="primary"):
            try:
                community = (community or "").strip()
                if scope is not None and community not in scope:
                    raise links.LinkError(view.t("sd_editors_only"))
                made = links.create(
                    cur, community, wave, dt.datetime.combine(last, dt.time()) + dt.timedelta(days=1), by=view.user.name
                )
                st.success(view.t("sd_link_made", community=made.community))
                st.code(made.url(base), language=None)
            except links.LinkError as exc:
                st.error(str(exc))
    open_links = [lk for lk in found if lk.state() == "open"]
    if open_links:
        by_token = {lk.token: lk for lk in open_links}
        token = st.selectbox(
            view.t("sd_revoke"),
            list(by_token),
            format_func=lambda tk: f"{by_token[tk].community} · {by_token[tk].wave or '–'} · {tk[:8]}…",
            key="sd_revoke_pick",
        )
        if st.button(view.t("sd_revoke"), key="sd_revoke_btn"):
            links.revoke(cur, token, by=view.user.name)
            _done("sd_revoked")
