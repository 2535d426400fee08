"""What every page shows around its content: title, data date, demo banner, attribution."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import data
from dashboard.components import filters
from dashboard.components.i18n import t


def _format_moment(value: Any, with_time: bool) -> str:
    if value is None or pd.isna(value):
        return "—"
    moment = pd.Timestamp(value)
    return moment.strftime("%Y-%m-%d %H:%M" if with_time else "%Y-%m-%d")


def data_header() -> None:
    """'Data as of …' with the build time, the scope, and the demo banner when it applies."""
    try:
        info = data.build_info()
    except data.DataUnavailable:
        info = None
    if info is None:
        st.warning(t("frame.no_build_info"), icon=":material/help:")
        return
    as_of = t(
        "frame.as_of",
        as_of=_format_moment(info.get("as_of"), with_time=False),
        built_at=_format_moment(info.get("built_at"), with_time=True),
    )
    st.caption(f":material/event: {as_of} · {t('frame.scope', scope=filters.scope_label())}")
    if bool(info.get("is_demo")):
        st.info(t("frame.demo"), icon=":material/science:")


def footer() -> None:
    st.divider()
    st.caption(t("frame.attribution"))


@contextmanager
def page_frame(title: str) -> Iterator[None]:
    """Wrap a page: header before it, attribution after it.

    A page whose tables are missing from the served file (an older or partial build) shows
    an explanation instead of a traceback; everything else propagates. The attribution is
    shown however the page ends, including a page that stops early on an empty state.
    """
    filters.show_rejected_values()
    st.title(title)
    data_header()
    try:
        yield
    except data.DataUnavailable as exc:
        st.error(t("frame.unavailable", error=exc), icon=":material/database_off:")
    finally:
        footer()
