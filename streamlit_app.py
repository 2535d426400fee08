"""Standardization metrics dashboard: the page registry and the global filters.

Run with ``streamlit run streamlit_app.py``. Pages live in ``dashboard/pages``; everything they
share (data access, filters, charts, the header and footer) lives in ``dashboard``.
"""

import streamlit as st

from dashboard.components import bootstrap, filters, frame
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
bootstrap.ensure_served_database()
filters.sector_filter()

page = st.navigation(
    [
        st.Page(
            f"dashboard/pages/{name}.py",
            title=t(f"page.{name}"),
            icon=icon,
            url_path=name,
            default=name == "overview",
        )
        for name, icon in PAGES
    ]
)
with frame.page_frame(page.title):
    page.run()
