"""Optional sign-in for leadership deployments, with Streamlit's OIDC support (st.login).

Off unless standards.toml says ``[auth] required = true``; the identity provider itself is
configured in ``.streamlit/secrets.toml`` as Streamlit documents (README, "Sign-in"). When the
option cannot be read the dashboard stays closed: a typo must not publish what was meant to be
protected.
"""

from __future__ import annotations

import streamlit as st
from streamlit.errors import StreamlitAPIException

from dashboard import config
from dashboard.components.i18n import t


def require_sign_in() -> None:
    """Return when no sign-in is required or the user is signed in; else show the prompt and stop."""
    try:
        options = config.options()
    except config.ConfigError as exc:
        st.error(t("auth.config_error", error=exc), icon=":material/lock:")
        st.stop()
    if not options.auth_required:
        return
    if st.user.is_logged_in:
        who = st.user.get("name") or st.user.get("email") or ""
        st.sidebar.caption(t("auth.signed_in", who=who))
        st.sidebar.button(t("auth.sign_out"), icon=":material/logout:", on_click=st.logout, key="auth-sign-out")
        return
    st.title(t("app.title"))
    st.info(t("auth.prompt"), icon=":material/lock:")
    if st.button(t("auth.sign_in"), type="primary", icon=":material/login:", key="auth-sign-in"):
        try:
            if options.auth_provider:
                st.login(options.auth_provider)
            else:
                st.login()
        except StreamlitAPIException as exc:
            # Missing Authlib or an incomplete [auth] block in secrets.toml: say which.
            st.error(t("auth.misconfigured", error=str(exc).rstrip(".")), icon=":material/error:")
    st.stop()
