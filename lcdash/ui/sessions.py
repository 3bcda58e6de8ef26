"""Browser sessions: which one this run belongs to, and whether the server still knows one
(issue 16 §5: an upload kept for its session).
"""

from __future__ import annotations


def session_id() -> str | None:
    """This browser session's id in Streamlit (None outside a script run)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx(suppress_warning=True)
    return ctx.session_id if ctx is not None else None


def session_known(session: str) -> bool:
    """Whether the server still knows SESSION (connected, or disconnected but resumable); True
    when there is no server to ask (AppTest), so that nothing is removed on a guess."""
    from streamlit.runtime import Runtime

    if not Runtime.exists():
        return True
    manager = getattr(Runtime.instance(), "_session_mgr", None)
    if manager is not None and hasattr(manager, "get_session_info"):
        return manager.get_session_info(session) is not None
    return Runtime.instance().is_active_session(session)
