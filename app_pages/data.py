"""Data: the import batches, deleting one after a confirmation, downloads of the filtered
observations (CSV, CSV for Dutch Excel, XLSX, Parquet) and the rejected rows of a batch."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from lcdash import downloads, operations, store, ui
from lcdash.i18n import TEXTS, fmt_int

view = ui.current()
cfg, lang = view.config, view.lang
ss = st.session_state
st.title(view.t("page_data"))
if not view.user.can_edit():  # the page is only listed for editors; this guards a typed URL too
    st.error(view.t("editors_only"))
    st.stop()
st.caption(view.t("data_intro"))

scope = view.filters.scope
batches = store.list_batches(view.con.cursor(), list(scope) if scope is not None else None)
by_id = {b.batch_id: b for b in batches}
# What this user may see of each batch: an editor of some communities counts only their rows.
counts = (
    {b.batch_id: (b.row_count, b.rejected_count) for b in batches}
    if scope is None
    else downloads.batch_counts(view.con, scope)
)


def batch_label(batch_id: int) -> str:
    b = by_id[batch_id]
    return view.t("b_label", batch=b.batch_id, file=b.file_name, time=b.imported_at.strftime("%Y-%m-%d %H:%M"))


def source_label(kind: str | None) -> str:
    return view.t(f"tool_{kind}") if kind and f"tool_{kind}" in TEXTS else (kind or "").upper()


# ---------------------------------------------------------------- the batches

st.subheader(view.t("data_batches"))
if not batches:
    st.info(view.t("data_no_batches"), icon=":material/inventory_2:")
else:
    st.dataframe(
        pd.DataFrame(
            {
                view.t("b_id"): [b.batch_id for b in batches],
                view.t("b_file"): [b.file_name for b in batches],
                view.t("b_time"): [b.imported_at.strftime("%Y-%m-%d %H:%M") for b in batches],
                view.t("b_rows"): [fmt_int(counts.get(b.batch_id, (0, 0))[0], lang) for b in batches],
                view.t("b_rejected"): [fmt_int(counts.get(b.batch_id, (0, 0))[1], lang) for b in batches],
                view.t("community"): [b.community or "" for b in batches],
                view.t("wave"): [b.wave or "" for b in batches],
                view.t("b_by"): [b.imported_by or "" for b in batches],
                view.t("b_source"): [source_label(b.source_format) for b in batches],
            }
        ),
        hide_index=True,
        width="stretch",
    )

    def delete(batch_id: int) -> None:
        """As `lcdash delete`: one unit, under the import lock, audited; an editor only within her scope."""
        cur = view.con.cursor()
        try:
            removed = operations.delete_batch(cur, batch_id, who=view.user.name, scope=scope)
        except operations.ImportBusy:
            ss["_data_message"] = ("error", view.t("import_busy"))
            return
        except store.StoreError as exc:
            ss["_data_message"] = ("error", str(exc))
            return
        finally:
            cur.close()
        ss["_data_message"] = ("success", view.t("data_deleted", batch=batch_id, n=fmt_int(removed, lang)))
        ss["data_delete_pick"] = None

    st.subheader(view.t("data_delete"))
    # An editor limited to some communities deletes only batches of one of hers.
    deletable = [b.batch_id for b in batches if scope is None or b.community in scope]
    pick = st.selectbox(
        view.t("data_delete_pick"),
        deletable,
        index=None,
        format_func=batch_label,
        placeholder=view.t("data_delete_ph"),
        key="data_delete_pick",
    )
    if pick is not None:
        b = by_id[pick]
        sure = st.checkbox(
            view.t(
                "data_delete_confirm",
                batch=b.batch_id,
                file=b.file_name,
                rows=fmt_int(counts.get(b.batch_id, (0, 0))[0], lang),
            ),
            key=f"data_delete_sure_{pick}",
        )
        st.button(
            view.t("data_delete_button"),
            type="primary",
            disabled=not sure,
            icon=":material/delete:",
            key="data_delete_go",
            on_click=delete,
            args=(pick,),
        )
message = ss.pop("_data_message", None)
if message:
    (st.success if message[0] == "success" else st.error)(message[1])

# ---------------------------------------------------------------- downloads of the filtered observations

st.subheader(view.t("data_download"))
n = downloads.count_rows(view.con, view.filters)  # raw rows (editors): not the dashboard's protected totals
st.caption(view.t("data_download_scope", n=fmt_int(n, lang)))
if n:
    fmt = st.radio(
        view.t("data_format"),
        list(downloads.FORMATS),
        format_func=lambda f: view.t(f"fmt_{f}"),
        horizontal=True,
        key="data_format",
    )
    if fmt == "xlsx" and n > downloads.EXCEL_MAX_ROWS:
        st.warning(view.t("data_too_many_xlsx", n=fmt_int(n, lang), max=fmt_int(downloads.EXCEL_MAX_ROWS, lang)))
    else:
        # Made when clicked (deferred), on its own cursor: a large selection never slows the page down.
        st.download_button(
            view.t("data_download_button"),
            data=ui.guarded(
                view,
                lambda con=view.con, filters=view.filters, fmt=fmt: downloads.export_observations(
                    con, filters, fmt, view.config
                ),
            ),
            file_name=downloads.file_name(fmt),
            mime=downloads.FORMATS[fmt][1],
            type="primary",
            icon=":material/download:",
            on_click="ignore",
            key="data_download_go",
        )
    st.caption(view.t("data_formula_note"))
else:
    st.info(view.t("empty_selection"), icon=":material/filter_alt_off:")

# ---------------------------------------------------------------- rejected rows of a --skip-invalid import

st.subheader(view.t("data_rejected"))
with_rejected = [b.batch_id for b in batches if counts.get(b.batch_id, (0, 0))[1]]
if not with_rejected:
    st.caption(view.t("data_rejected_none"))
else:
    pick = st.selectbox(view.t("data_delete_pick"), with_rejected, format_func=batch_label, key="data_rejected_pick")
    st.caption(view.t("data_rejected_note"))
    shown = downloads.rejected_rows(view.con, pick, limit=200, scope=scope)
    names = {"line": view.t("col_line"), "problems": view.t("col_problem")}
    names |= {c: f"{view.t('col_column')} {c.split('_')[1]}" for c in shown.columns if c.startswith("field_")}
    st.dataframe(shown.rename(columns=names), hide_index=True, width="stretch")
    st.download_button(
        view.t("data_rejected_download"),
        data=ui.guarded(view, lambda con=view.con, batch_id=pick: downloads.rejected_csv(con, batch_id, scope=scope)),
        file_name=f"batch-{pick}-afgewezen.csv" if lang == "nl" else f"batch-{pick}-rejected.csv",
        mime="text/csv",
        icon=":material/download:",
        on_click="ignore",
        key="data_rejected_go",
    )
