"""Admin: the users with their role and communities, and the audit log. Admins only."""

import pandas as pd
import streamlit as st

from lcdash import auth, ui
from lcdash.wording import action_label, detail_text

ADD_USER = "lcdash user add NAME --role viewer|editor|admin (--community NAME … | --all) --password-stdin"

view = ui.current()
lang = view.lang
st.title(view.t("page_admin"))
if not view.user.is_admin():  # the page is only listed for admins; this guards a typed URL too
    st.error(view.t("admin_only"))
    st.stop()

st.subheader(view.t("admin_users"))
users = auth.list_users(view.con.cursor())
if users:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    view.t("signin_user"): u.name,
                    view.t("admin_role"): view.t(f"role_{u.role}"),
                    view.t("communities"): ", ".join(u.communities)
                    if u.communities
                    else view.t("all_communities_scope"),
                    view.t("admin_email"): u.email or "",
                }
                for u in users
            ]
        ),
        hide_index=True,
        width="stretch",
    )
else:  # an empty table said "empty" in English
    st.info(view.t("admin_no_users"), icon=":material/group_add:")
st.caption(ADD_USER)

st.subheader(view.t("admin_audit"))
log = auth.audit_log(view.con.cursor(), limit=500)
if log:
    columns = [view.t(k) for k in ("admin_at", "admin_who", "admin_action", "admin_detail")]
    rows = [
        (at.strftime("%d-%m-%Y %H:%M:%S" if lang == "nl" else "%Y-%m-%d %H:%M:%S"), who or "", action_label(a, lang))
        + (detail_text(d, lang),)
        for at, who, a, d in log
    ]
    st.dataframe(pd.DataFrame(rows, columns=columns), hide_index=True, width="stretch")
else:
    st.info(view.t("admin_no_log"), icon=":material/history:")
