"""What every page shows around its content: title, data date, scope, demo banner, attribution."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

import pandas as pd
import streamlit as st

from dashboard import data
from dashboard.components import filters, i18n
from dashboard.components.i18n import t

# The ETL runs nightly; a source not refreshed for longer than a night and a half has missed one.
STALE_AFTER_HOURS = 36
_FRESHNESS_COLOURS = {"ok": "green", "unchanged": "green", "partial": "orange", "failed": "red"}


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
        as_of=i18n.date_text(info.get("as_of")),
        built_at=i18n.moment_text(info.get("built_at")),
    )
    scope = t("frame.scope", scope=filters.scope_label()) if filters.page_filters() else t("frame.unfiltered")
    st.caption(f":material/event: {as_of} · {scope}")
    unused = filters.unused_active()
    if unused:
        st.caption(f":material/filter_alt_off: {t('frame.unused_filters', filters=', '.join(unused))}")
    if bool(info.get("is_demo")):
        st.info(t("frame.demo"), icon=":material/science:")


def _age(moment: object, now: datetime) -> tuple[str, float]:
    hours = (now - pd.Timestamp(moment).to_pydatetime()).total_seconds() / 3600
    if hours < 1:
        return t("freshness.minutes", n=max(int(hours * 60), 0)), hours
    if hours < 48:
        return t("freshness.hours", n=int(hours)), hours
    return t("freshness.days", n=int(hours // 24)), hours


def freshness() -> None:
    """One badge per source: when it last refreshed, green when on time, orange or red when not."""
    try:
        sources = data.source_freshness()
    except data.DataUnavailable:
        return
    if sources.empty:
        st.caption(t("empty.no_runs"))
        return
    # etl_run holds the ETL machine's local time (DuckDB casts the run's aware timestamps to
    # local time), which is this machine's: the dashboard runs beside the ETL.
    now = datetime.now()
    badges = []
    for row in sources.itertuples(index=False):
        if row.last_ok is None or pd.isna(row.last_ok):
            badges.append(f":red-badge[:material/error: {row.source} · {t('freshness.never')}]")
            continue
        age, hours = _age(row.last_ok, now)
        colour = _FRESHNESS_COLOURS.get(row.last_status, "gray")
        if colour == "green" and hours > STALE_AFTER_HOURS:
            colour = "orange"
        icon = ":material/check_circle:" if colour == "green" else ":material/schedule:"
        badge = f":{colour}-badge[{icon} {row.source} · {i18n.moment_text(row.last_ok)} · {age}]"
        if row.last_status not in ("ok", "unchanged"):
            badge += f" :red-badge[{t('freshness.last_run', status=i18n.label('run_status', row.last_status))}]"
        badges.append(badge)
    st.markdown(f"{t('freshness.title')} " + " ".join(badges), help=t("freshness.help", hours=STALE_AFTER_HOURS))


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
