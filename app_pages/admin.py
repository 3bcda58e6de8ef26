"""Admin: the users with their role and communities, and the audit log. Admins only."""

import pandas as pd
import streamlit as st

from lcdash import auth, ui

view = ui.current()
st.title(view.t("page_admin"))
if not view.user.is_admin():  # the page is only listed for admins; this guards a typed URL too
    st.error(view.t("admin_only"))
    st.stop()

st.subheader(view.t("admin_users"))
users = auth.list_users(view.con.cursor())
st.dataframe(
    pd.DataFrame(
        [
            {
                view.t("signin_user"): u.name,
                "Rol" if view.lang == "nl" else "Role": view.t(f"role_{u.role}"),
                view.t("communities"): ", ".join(u.communities) if u.communities else view.t("all_communities_scope"),
                "E-mail": u.email or "",
            }
            for u in users
        ]
    ),
    hide_index=True,
    width="stretch",
)
st.caption("lcdash user add NAME --role viewer|editor|admin (--community NAME … | --all) --password-stdin")

st.subheader(view.t("admin_audit"))
log = auth.audit_log(view.con.cursor(), limit=500)
st.dataframe(pd.DataFrame(log, columns=["at", "who", "action", "detail"]), hide_index=True, width="stretch")
