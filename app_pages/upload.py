"""Upload: look at a file before saving it — what was detected, its first rows, the check and the
charts of just that file — then save it as one batch through the importer the CLI uses.

Nothing reaches the database before "Opslaan in database": the check runs against a throwaway
in-memory store (lcdash.preview). Wide survey exports get a mapping step (lcdash.mapform).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from lcdash import auth, charts, mapform, operations, preview, store, ui, uploadstate
from lcdash.findings import markdown_text as md
from lcdash.i18n import counted, fmt_int
from lcdash.ingest import ImportRefused
from lcdash.mapping import MappingError, propose_mapping
from lcdash.sources import SourceError

STATE = "_upload_files"  # session_state: file_id -> what we know of that upload
MB = 1024 * 1024

view = ui.current()
cfg, lang = view.config, view.lang
st.title(view.t("page_upload"))
if not view.user.can_edit():  # the page is only listed for editors; this guards a typed URL too
    st.error(view.t("editors_only"))
    st.stop()
st.caption(view.t("up_intro"))


limit_mb = int(st.get_option("server.maxUploadSize"))
# The communities this user may import rows of, read again on every run (so at the check and at
# the save): None for an admin; an editor's own, and never a new one.
writable = auth.writable_communities(view.con.cursor(), view.user)
files = st.file_uploader(view.t("up_files"), type=["csv", "txt", "xlsx"], accept_multiple_files=True, key="up_files")
st.caption(view.t("up_limit", mb=limit_mb))

if STATE not in st.session_state:
    preview.sweep(live=ui.session_known)  # uploads of ended sessions, of a stopped server, or too old
# This session's files on the server: removed one by one below, and all when the session ends.
stashed: preview.uploads.Uploads = st.session_state.setdefault(
    "_upload_stash", preview.session_uploads(ui.session_id())
)
entries: dict[str, dict] = st.session_state.setdefault(STATE, {})
uploadstate.drop_removed(entries, stashed, {f.file_id for f in files or []})
if not files:
    st.info(view.t("up_none_yet"), icon=":material/upload_file:")


# ---------------------------------------------------------------- the mapping step of a wide export


def questionnaire_known(entry: dict, ins: preview.Inspection):
    """An export of a questionnaire lcdash made (lcdash.questionnaire): its version's mapping, no mapping step."""
    known = uploadstate.recognised(entry, view.con.cursor(), ins, cfg)
    if known is not None:
        st.success(
            view.t("qn_recognised", qid=known.qid, version=known.version, n=known.items), icon=":material/checklist:"
        )
    return known.mapping if known is not None else None


def mapping_step(entry: dict, ins: preview.Inspection, k: str):
    """The mapping table and its extras; returns the Mapping, or None while it is not complete."""
    if (known := questionnaire_known(entry, ins)) is not None:
        return known
    st.subheader(view.t("map_title"))
    st.caption(view.t("map_intro"))
    saved = {name: text for name, text, _ in store.saved_mappings(view.con.cursor())}
    if "proposal" not in entry:
        entry["proposal"] = propose_mapping(
            ins.columns, ins.question_texts, cfg, "proposal", tool=ins.source.tool, head=ins.head
        )
        best = mapform.best_saved(list(store.saved_mappings(view.con.cursor())), ins.columns, cfg)
        st.session_state[f"up_{k}_start"] = f"{mapform.SAVED}{best[0]}" if best else "proposal"

    def on_yaml() -> None:
        st.session_state[f"up_{k}_start"] = "uploaded"

    c1, c2 = st.columns(2)
    with c2:
        yaml_file = st.file_uploader(
            view.t("map_upload"), type=["yaml", "yml"], key=f"up_{k}_yaml", on_change=on_yaml, max_upload_size=1
        )
    if yaml_file is not None and entry.get("yaml_id") != yaml_file.file_id:
        entry["yaml_id"] = yaml_file.file_id
        try:
            entry["uploaded"] = (yaml_file.name, mapform.load_yaml(yaml_file.getvalue(), cfg, yaml_file.name))
            entry.pop("yaml_error", None)
        except MappingError as exc:
            entry["uploaded"], entry["yaml_error"] = None, str(exc)
    if entry.get("yaml_error"):
        c2.error(view.t("map_bad_file", error=entry["yaml_error"]))
    options = mapform.start_options(list(saved), bool(entry.get("uploaded")))
    if st.session_state.get(f"up_{k}_start") not in options:
        st.session_state[f"up_{k}_start"] = "proposal"
    uploaded_name = entry["uploaded"][0] if entry.get("uploaded") else None

    def start_label(option: str) -> str:
        key, values = mapform.start_text(option, uploaded_name)
        return view.t(key, **values)

    start = c1.selectbox(view.t("map_start"), options, format_func=start_label, key=f"up_{k}_start")
    base = entry["proposal"]
    if start == "uploaded":
        base = entry["uploaded"][1]
    elif (saved_as := mapform.saved_name(start)) is not None:
        try:
            base = mapform.load_yaml(saved[saved_as], cfg, saved_as)
        except MappingError as exc:
            st.error(view.t("map_bad_file", error=str(exc)))
    if ins.source.renamed:
        pairs = ", ".join(f"{old} → {new}" for old, new in ins.source.renamed)
        st.info(view.t("map_renamed", pairs=pairs), icon=":material/content_copy:")
    bulk = entry.setdefault("bulk", {}).setdefault(start, [])  # several questions assigned at once
    ek = mapform.table_key(k, start, entry.get("yaml_id", ""), len(bulk))  # a fresh table per start
    examples = mapform.examples(ins.columns, ins.head)
    base_rows = bulk[-1] if bulk else mapform.table_rows(base, ins.columns, ins.question_texts, examples)
    table = pd.DataFrame(base_rows)
    keys = mapform.dimension_keys(cfg)
    order = mapform.column_order(any(ins.question_texts))
    edited = st.data_editor(
        table,
        key=ek,
        hide_index=True,
        num_rows="fixed",
        placeholder="",
        width="stretch",
        column_order=order,
        disabled=["column", "question", "example"],
        column_config={
            "column": st.column_config.TextColumn(view.t("map_col_column"), pinned=True, width="medium"),
            "question": st.column_config.TextColumn(view.t("map_col_question"), width="medium"),
            "example": st.column_config.TextColumn(view.t("map_col_example"), width="small"),
            "use": st.column_config.SelectboxColumn(
                view.t("map_col_use"),
                width="medium",
                options=list(mapform.USES),
                required=True,
                format_func=lambda u: view.t(f"use_{u}"),
            ),
            "value_cycle": st.column_config.SelectboxColumn(
                view.t("cycle"),
                width="medium",
                options=keys["value_cycle"],
                format_func=lambda k: view.label("value_cycle", k),
            ),
            "level": st.column_config.SelectboxColumn(
                view.t("level"), width="medium", options=keys["level"], format_func=lambda k: view.label("level", k)
            ),
            "outcome": st.column_config.SelectboxColumn(
                view.t("theme"), width="medium", options=keys["outcome"], format_func=lambda k: view.label("outcome", k)
            ),
            "capital": st.column_config.SelectboxColumn(
                view.t("capital"), options=keys["capital"], format_func=lambda k: view.label("capital", k)
            ),
            "indicator": st.column_config.TextColumn(view.t("map_col_indicator"), width="medium"),
            "scale": st.column_config.SelectboxColumn(
                view.t("map_col_scale"),
                width="small",
                options=list(mapform.SCALES),
                help=view.t("map_scale_help"),
                format_func=lambda v: mapform.scale_text_of(v, view.t("map_yes_no")),
            ),
            "reverse": st.column_config.CheckboxColumn(view.t("map_col_reverse"), help=view.t("map_reverse_help")),
        },
    )
    rows = edited.to_dict("records")
    bulk_assign(rows, ins, base, bulk, ek, keys)

    st.caption(view.t("map_constants"))
    c1, c2, c3 = st.columns(3)
    community = c1.text_input(view.t("community"), value=base.constants.get("community", ""), key=f"{ek}_community")
    wave = c2.text_input(view.t("wave"), value=base.constants.get("wave", ""), key=f"{ek}_wave")
    types = [None, *(s.key for s in cfg.stakeholders)]
    given = base.constants.get("stakeholder_type")
    stakeholder = c3.selectbox(
        view.t("map_stakeholder_constant"),
        types,
        index=types.index(given) if given in types else 0,
        format_func=lambda s: "—" if s is None else view.label("stakeholder_type", s),
        key=f"{ek}_stakeholder",
    )

    answers: dict = {}
    recodes: dict = {}
    # answers of a question with its own scale are rescaled, not recoded: leave them out here
    values = uploadstate.distinct(entry, ins, mapform.answer_columns(rows))
    answer_rows = mapform.answer_rows(values, base, cfg)
    if answer_rows:
        unknown = any(r["score"] is None and not r["missing"] for r in answer_rows)
        with st.expander(view.t("map_answers"), expanded=unknown):
            st.caption(view.t("map_answers_note") + " " + view.t("map_most_frequent", n=preview.MAX_DISTINCT))
            lo, hi = cfg.scale.min, cfg.scale.max
            answered = st.data_editor(
                pd.DataFrame(answer_rows),
                key=f"{ek}_answers_{mapform.values_key(values)}",
                hide_index=True,
                num_rows="fixed",
                placeholder="",
                disabled=["answer"],
                column_config={
                    "answer": st.column_config.TextColumn(view.t("map_col_answer")),
                    "score": st.column_config.NumberColumn(view.t("map_col_score"), min_value=lo, max_value=hi),
                    "missing": st.column_config.CheckboxColumn(view.t("map_col_missing")),
                },
            )
            answers = mapform.answers_from_rows(answered.to_dict("records"), cfg)
    who = mapform.columns_used_as(rows, "stakeholder_type")
    if len(who) == 1:
        people = mapform.stakeholder_rows(uploadstate.distinct(entry, ins, who), base, cfg)
        if people:
            unknown = any(r["stakeholder_type"] is None for r in people)
            with st.expander(view.t("map_stakeholders"), expanded=unknown):
                st.caption(view.t("map_stakeholders_note"))
                chosen = st.data_editor(
                    pd.DataFrame(people),
                    key=f"{ek}_people_{mapform.values_key(who)}",
                    hide_index=True,
                    num_rows="fixed",
                    placeholder="",
                    disabled=["answer"],
                    column_config={
                        "answer": st.column_config.TextColumn(view.t("map_col_answer")),
                        "stakeholder_type": st.column_config.SelectboxColumn(
                            view.t("stakeholder"),
                            options=[s.key for s in cfg.stakeholders],
                            format_func=lambda s: view.label("stakeholder_type", s),
                        ),
                    },
                )
                recodes = mapform.stakeholder_answers_from_rows(chosen.to_dict("records"), cfg)

    keep_partial = st.checkbox(
        view.t("map_keep_partial"),
        value=bool(getattr(base, "keep_partial", False)),
        help=view.t("map_keep_partial_help"),
        key=f"{ek}_keep_partial",
    )
    source = ins.source
    name = mapform.mapping_name(start, ins.name)
    try:
        mapping = mapform.mapping_from_form(
            rows,
            cfg,
            columns=source.columns,
            file_name=ins.name,
            name=name,
            constants={"community": community, "wave": wave, "stakeholder_type": stakeholder},
            answers=answers,
            stakeholder_answers=recodes,
            header_rows=source.header_rows,
            fmt=source.tool,
            keep_partial=keep_partial,
            sheet=ins.mapping_sheet,
        )
    except mapform.FormError as exc:
        values = dict(exc.values)
        if "field" in values:
            values["field"] = view.t(f"use_{values['field']}")
        st.warning(view.t("map_not_ready", reason=view.t(exc.key, **values)), icon=":material/edit_note:")
        return None
    except MappingError as exc:
        st.error(view.t("map_does_not_fit", error=mapform.problem_list(exc)))
        return None

    c1, c2, c3 = st.columns([2, 1, 1.3], vertical_alignment="bottom")
    keep_as = c1.text_input(view.t("map_save_name"), value=name, key=f"{ek}_name")
    if c2.button(view.t("map_save"), key=f"{ek}_keep", icon=":material/bookmark_add:"):
        store.save_mapping(view.con.cursor(), keep_as, mapping.to_yaml(), view.user.name)
        st.success(view.t("map_saved", name=keep_as.strip()))
    c3.download_button(
        view.t("map_download"),
        mapping.to_yaml().encode("utf-8"),
        file_name=f"{Path(ins.name).stem}.mapping.yaml",
        mime="application/x-yaml",
        key=f"{ek}_download",
        icon=":material/download:",
        on_click="ignore",
    )
    return mapping


def bulk_assign(rows: list[dict], ins: preview.Inspection, base, bulk: list, ek: str, keys: dict) -> None:
    """Several question columns given one cycle, level, theme and scale at once: the proposal names
    the questions it could not place, the coordinator picks them (by question text) and assigns."""
    open_cols = mapform.open_questions(rows, base, ins.columns, ins.question_texts, ins.source.tool)
    with st.expander(view.t("map_bulk_title"), expanded=bool(open_cols)):
        if open_cols:
            st.caption(view.t("map_bulk_open", n=fmt_int(len(open_cols), lang)))
        chosen = st.multiselect(
            view.t("map_bulk_columns"),
            [r["column"] for r in rows],
            default=[],
            placeholder=view.t("map_bulk_placeholder"),
            format_func=lambda c: mapform.question_choice(c, ins.columns, ins.question_texts),
            key=f"{ek}_bulk_cols",
            select_all=False,  # Streamlit's "Select all" is English; choosing each is clear
        )
        c1, c2, c3, c4 = st.columns(4)
        cycle = c1.selectbox(
            view.t("cycle"),
            keys["value_cycle"],
            format_func=lambda k: view.label("value_cycle", k),
            key=f"{ek}_bulk_cycle",
        )
        level = c2.selectbox(
            view.t("level"), keys["level"], format_func=lambda k: view.label("level", k), key=f"{ek}_bulk_level"
        )
        outcome = c3.selectbox(
            view.t("theme"),
            [None, *keys["outcome"]],
            format_func=lambda k: "—" if k is None else view.label("outcome", k),
            key=f"{ek}_bulk_outcome",
        )
        scale = c4.selectbox(
            view.t("map_col_scale"),
            list(mapform.SCALES),
            format_func=lambda v: mapform.scale_text_of(v, view.t("map_yes_no")),
            key=f"{ek}_bulk_scale",
        )
        if st.button(view.t("map_bulk_apply"), key=f"{ek}_bulk_apply", disabled=not chosen, icon=":material/done_all:"):
            if outcome is not None:  # a theme implies its level
                level = cfg.outcome_level()[outcome]
            bulk.append(
                mapform.assign(rows, chosen, value_cycle=cycle, level=level, outcome=outcome, scale=scale or "")
            )
            st.rerun()


# ---------------------------------------------------------------- one uploaded file


def detected(ins: preview.Inspection) -> None:
    """What was recognised, small and side by side (a metric's big figures do not fit these words)."""
    shown = preview.detected_items(ins, lang)
    for col, (label, value) in zip(st.columns([1, 1, 0.7, 0.7, 1.6]), shown, strict=True):
        col.markdown(f":small[:gray[{md(label)}]]  \n**{md(value)}**")
    if ins.detected["tool"] == "qualtrics":
        st.caption(view.t("up_qualtrics_rows"))


def show_problems(problems: list) -> None:
    """The report as a table that wraps long messages; every cell escaped, so a value shows as written."""
    st.table(preview.problem_table(problems, lang).map(md), hide_index=True)


def report(pv: preview.Preview, k: str) -> bool:
    """The check: what is wrong, line by line, or that the file is fine. True when it can be saved."""
    st.subheader(view.t("up_check"))
    if pv.error:
        text = preview.source_error(pv.source_error or pv.error, lang) if pv.error_kind == "source" else pv.error
        st.error(text if pv.error_kind == "source" else view.t("map_does_not_fit", error=text))
        return False
    if not pv.ok:
        if pv.invalid_rows:
            st.error(
                view.t("up_invalid", invalid=fmt_int(pv.invalid_rows, lang), total=fmt_int(pv.total_rows, lang)),
                icon=":material/block:",
            )
        else:
            st.error(view.t("up_refused"), icon=":material/block:")
        show_problems(pv.problems)
        if pv.may_skip_invalid:
            st.checkbox(view.t("up_skip_invalid", n=fmt_int(pv.invalid_rows, lang)), key=f"up_{k}_skip")
        return False
    st.success(
        view.t(
            "up_valid",
            rows=counted(pv.rows, "noun_observation", lang),
            respondents=counted(pv.respondents, "noun_respondent", lang),
        ),
        icon=":material/check_circle:",
    )
    if pv.rejected:
        st.checkbox(view.t("up_skip_invalid", n=fmt_int(pv.rejected, lang)), key=f"up_{k}_skip")
        st.warning(view.t("up_skipped", n=fmt_int(pv.rejected, lang)))
        show_problems(pv.problems)
    if pv.file_rows is not None:  # a survey export: the counts as the tool would give them
        st.caption(
            view.t("up_counts", rows=counted(pv.file_rows, "noun_row", lang), answered=fmt_int(pv.answered_rows, lang))
        )
    if pv.partial_rows:
        n = counted(pv.partial_rows, "noun_unfinished", lang)
        if pv.partial_rule == "kept":
            st.caption(view.t("up_partial_kept", n=n))
        else:
            st.info(
                view.t("up_partial_skipped", n=n, rule=md(pv.partial_rule or "")), icon=":material/hourglass_bottom:"
            )
    if pv.missing_answers:
        st.caption(view.t("up_missing_skipped", n=fmt_int(pv.missing_answers, lang)))
    if pv.ignored_columns:
        st.caption(view.t("up_ignored_columns", columns=", ".join(pv.ignored_columns)))
    return True


def chart(c) -> None:
    """A chart of the dashboard's look, without the dashboard's image downloads: their caption names
    the sidebar filters, which say nothing about this file."""
    ui.chart(c, download=False)


def preview_charts(pv: preview.Preview) -> None:
    """The dashboard's charts for just this file: layering, cycles, stakeholders."""
    agg = pv.aggregates
    st.subheader(view.t("up_preview"))
    st.caption(view.t("up_preview_note"))
    totals = agg["totals"]
    cols = st.columns(4)
    cols[0].metric(view.t("respondents"), fmt_int(totals["respondents"], lang))
    cols[1].metric(view.t("observations"), fmt_int(totals["observations"], lang))
    cols[2].metric(view.t("communities"), fmt_int(totals["communities"], lang))
    cols[3].metric(view.t("waves"), fmt_int(totals["waves"], lang))
    themes = agg["themes"]
    if not themes.empty:
        st.markdown(f"**{md(view.t('t_layering'))}**")
        for level in cfg.levels:
            if (themes["level"] == level.key).any():
                chart(charts.layering_spec(themes, level.key, cfg, lang, 1))
    cycles = agg["cycles"]
    if not cycles.empty:  # one under the other: side by side in this frame the cycle names would not fit
        if cycles["n_obs"].fillna(0).sum() > 0:  # a file of texts only has no mean to draw
            chart(charts.mean_bars_spec(cycles, "value_cycle", cfg, lang, view.t("t_cycles"), min_group=1))
        chart(charts.count_bars_spec(cycles, cfg, lang, view.t("t_cycle_counts"), 1))
    by_stakeholder = agg["stakeholder_cycle"]
    if not by_stakeholder.empty:
        chart(
            charts.grouped_bars_spec(
                by_stakeholder, "value_cycle", "stakeholder_type", cfg, lang, view.t("t_stakeholder_cycle"), 1
            )
        )


def save_button(entry: dict, ins: preview.Inspection, k: str, settings: dict) -> None:
    saved = entry.get("saved")
    if saved is not None:
        if saved.already:
            st.info(view.t("up_saved_already", batch=saved.batch_id), icon=":material/info:")
        else:
            st.success(
                view.t(
                    "up_saved",
                    batch=saved.batch_id,
                    rows=counted(saved.rows, "noun_observation", lang),
                    respondents=counted(saved.respondents, "noun_respondent", lang),
                ),
                icon=":material/task_alt:",
            )
        c1, c2 = st.columns(2)
        c1.page_link("app_pages/overview.py", label=view.t("up_to_overview"), icon=":material/dashboard:")
        c2.page_link("app_pages/data.py", label=view.t("up_to_data"), icon=":material/database:")
        return
    if not st.button(view.t("up_save"), type="primary", key=f"up_{k}_save", icon=":material/save:"):
        return
    with st.status(view.t("up_saving"), expanded=True) as status:
        bar = st.progress(0.0, text=view.t("up_saving"))
        try:
            result = preview.save(
                view.con,
                ins.path,
                cfg,
                name=ins.name,
                imported_by=view.user.name,
                progress=lambda fraction, _step, seconds: bar.progress(
                    fraction, text=preview.step_text("up_saving", seconds, lang)
                ),
                **settings,
            )
        except ImportRefused as exc:
            status.update(label=view.t("up_save_refused"), state="error")
            show_problems(exc.problems)
            return
        except operations.ImportBusy:
            status.update(label=view.t("up_save_refused"), state="error")
            st.warning(view.t("import_busy"), icon=":material/hourglass_top:")
            return
        except (SourceError, MappingError, store.StoreError) as exc:
            status.update(label=view.t("up_save_refused"), state="error")
            st.error(preview.source_error(exc, lang))
            return
        bar.progress(1.0, text=view.t("up_step_done"))
        status.update(state="complete")
    entry["saved"] = result
    uploadstate.forget(entry, stashed)  # saved (or already there): the upload leaves the server's disk now
    uploadstate.record_questionnaire(view.con.cursor(), entry, result)
    st.rerun()  # the sidebar and every page read the new data version


def one_file(f) -> None:
    k = uploadstate.file_key(f.file_id)
    st.subheader(md(f.name))
    if f.size > limit_mb * MB:  # the browser refuses these already; a second guard with a kinder word
        st.error(view.t("up_too_large", name=f.name, size=fmt_int(f.size / MB, lang), mb=limit_mb))
        return
    entry = entries.setdefault(f.file_id, {})
    if entry.get("saved") is not None:  # saved: its file is gone from the server, what it showed stays
        detected(entry["inspection"])
        if report(entry["check"], k):
            save_button(entry, entry["inspection"], k, {})
            preview_charts(entry["check"])
        return
    error = uploadstate.open_upload(entry, stashed, f.getvalue, f.name)
    if error:
        st.error(preview.source_error(error, lang), icon=":material/block:")
        return
    ins: preview.Inspection = entry["inspection"]
    sheets = ins.source.sheets
    if len(sheets) > 1:  # an xlsx with more sheets (a Kobo repeat group keeps its answers on sheet 2)
        sheet = st.selectbox(
            view.t("up_sheet"),
            sheets,
            index=sheets.index(ins.source.sheet),
            help=view.t("up_sheet_help"),
            key=f"up_{k}_sheet",
        )
        if sheet != ins.source.sheet:
            ins = uploadstate.switch_sheet(entry, f.name, sheet)
    detected(ins)
    batch = preview.already_imported(view.con, ins.hashes)
    already = batch is not None and entry.get("saved") is None
    if already:  # the one message: no check saying "saving adds 25 observations" beside it
        st.info(view.t("up_already", batch=batch), icon=":material/info:")
    with st.expander(view.t("up_first_rows", n=min(len(ins.head), preview.PREVIEW_ROWS)), expanded=not already):
        st.dataframe(ins.head, hide_index=True, width="stretch")
    if already:
        st.button(view.t("up_save"), type="primary", key=f"up_{k}_save", icon=":material/save:", disabled=True)
        return

    wide = st.toggle(view.t("up_wide_toggle"), value=ins.needs_mapping, key=f"up_{k}_wide")
    settings: dict = {"mapping": None, "community": None, "wave": None}
    if wide:
        settings["mapping"] = mapping_step(entry, ins, k)
        if settings["mapping"] is None:
            return
    else:
        st.caption(view.t("up_for_every_row"))
        c1, c2 = st.columns(2)
        if writable is None:  # an admin: any community, a new one included
            settings["community"] = c1.text_input(view.t("community"), key=f"up_{k}_community").strip() or None
        else:  # an editor: one of hers, or the file's own column (checked against hers)
            settings["community"] = c1.selectbox(
                view.t("community"), writable, index=None, placeholder=view.t("sec_from_file"), key=f"up_{k}_community"
            )
        settings["wave"] = c2.text_input(view.t("wave"), key=f"up_{k}_wave").strip() or None
    settings["skip_invalid"] = bool(st.session_state.get(f"up_{k}_skip"))
    # Rows of other communities are refused in the check and again in the save (ingest's scope check).
    settings["communities"] = writable

    check_key = uploadstate.check_key(settings, writable)
    if entry.get("check_key") != check_key:
        holder = st.empty()  # the progress goes once the check is done: the report says how it went
        with holder.status(view.t("up_checking"), expanded=True) as status:
            bar = st.progress(0.0, text=view.t("up_step_validate"))
            steps = {"validate": "up_step_validate", "charts": "up_step_charts", "done": "up_step_done"}
            pv = preview.validate(
                ins.path,
                cfg,
                name=ins.name,
                progress=lambda fraction, step, seconds: bar.progress(
                    fraction, text=preview.step_text(steps[step], seconds, lang)
                ),
                **settings,
            )
            status.update(label=view.t("up_step_done"), state="complete", expanded=False)
        holder.empty()
        entry["check_key"], entry["check"] = check_key, pv
    pv = entry["check"]
    if report(pv, k):
        save_button(entry, ins, k, settings)
        preview_charts(pv)


for uploaded in files or []:
    with st.container(border=True):
        one_file(uploaded)
