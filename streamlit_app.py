"""Standardization metrics dashboard: the page registry and the global filters.

Run with ``streamlit run streamlit_app.py``. Pages live in ``dashboard/pages``; everything they
share (data access, filters, charts, the header and footer) lives in ``dashboard``.
"""

import streamlit as st

from dashboard.components import auth, bootstrap, filters, frame
from dashboard.components.i18n import t

PAGES = (
    ("overview", ":material/dashboard:"),
    ("catalog", ":material/menu_book:"),
    ("lagging", ":material/hourglass_bottom:"),
    ("overlap", ":material/join_inner:"),
    ("adoption", ":material/public:"),
    ("participation", ":material/groups:"),
    ("data_status", ":material/database:"),
)

st.set_page_config(
    page_title="标准化指标 · Standardization metrics",
    page_icon=":material/monitoring:",
    layout="wide",
)

filters.language_filter()
auth.require_sign_in()
bootstrap.ensure_served_database()

pages = {
    name: st.Page(
        f"dashboard/pages/{name}.py",
        title=t(f"page.{name}"),
        icon=icon,
        url_path=name,
        default=name == "overview",
    )
    for name, icon in PAGES
}
page = st.navigation(list(pages.values()))
filters.sidebar(next((name for name, candidate in pages.items() if candidate is page), "overview"))
with frame.page_frame(page.title):
    page.run()
