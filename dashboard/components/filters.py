"""Global filters in the sidebar, kept in step with the URL so a view can be shared as a link.

``?lang=zh|en`` and ``?sector=<ICS field>``. A value from the URL is used only if it is one of
the known choices; anything else is dropped with a visible warning. The URL is rewritten from
the widget on every run, because page navigation starts a page without query parameters.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import data
from dashboard.components import i18n
from dashboard.components.i18n import t
from etl import settings

SECTOR_KEY = "sector"
LANG_KEY = i18n.LANG_KEY
_WARNINGS_KEY = "_filter_warnings"
_SHOWN_IN_URL = 40  # characters of a rejected value echoed back to the user


def default_language() -> str:
    """The configured default language; a broken config file must not stop the dashboard."""
    try:
        return settings.load_config(data.served_path()).default_language
    except (ValueError, OSError):
        return i18n.FALLBACK_LANG


def _write_url(key: str, default: Any) -> None:
    value = st.session_state.get(key)
    if value is None or value == default:
        if key in st.query_params:
            del st.query_params[key]
    else:
        st.query_params[key] = str(value)


def _adopt_url_value(key: str, choices: Sequence[Any], default: Any) -> None:
    """Seed the widget state from the URL, or drop the URL value with a warning."""
    by_text = {str(choice): choice for choice in choices if choice is not None}
    if st.session_state.get(key) not in choices:
        st.session_state[key] = default
    values = st.query_params.get_all(key)
    if not values:
        return
    raw = values[-1]
    if raw in by_text:
        st.session_state[key] = by_text[raw]
        return
    shown = raw if len(raw) <= _SHOWN_IN_URL else raw[:_SHOWN_IN_URL] + "…"
    st.session_state.setdefault(_WARNINGS_KEY, []).append((key, shown))
    del st.query_params[key]


def _synced_widget(
    key: str,
    choices: Sequence[Any],
    default: Any,
    render: Callable[..., Any],
    **widget_args: Any,
) -> Any:
    _adopt_url_value(key, choices, default)
    # The callback writes the URL before the rerun, so the next run reads the user's new
    # choice from the URL rather than resetting the widget to the old one.
    value = render(key=key, on_change=_write_url, args=(key, default), **widget_args)
    _write_url(key, default)
    return value


def language_filter() -> str:
    """Sidebar language switch; returns 'zh' or 'en'."""
    return _synced_widget(
        LANG_KEY,
        i18n.LANGS,
        default_language(),
        st.sidebar.radio,
        label=t("filter.language"),
        options=i18n.LANGS,
        format_func=i18n.LANG_NAMES.__getitem__,
        horizontal=True,
    )


def sector_choices() -> pd.DataFrame:
    """Known sectors (code, title_en, title_zh); empty when the database cannot tell."""
    try:
        return data.sectors()
    except data.DataUnavailable as exc:
        st.sidebar.error(t("filter.sectors_unavailable", error=exc))
        return pd.DataFrame(columns=["code", "title_en", "title_zh"])


def _text_or_none(value: object) -> str | None:
    return None if value is None or pd.isna(value) else str(value)


def sector_names() -> dict[str, str]:
    """Display names of the known sector codes in the current language."""
    return {
        code: i18n.sector_title(code, _text_or_none(title_en), _text_or_none(title_zh))
        for code, title_en, title_zh in sector_choices()[["code", "title_en", "title_zh"]].itertuples(index=False)
    }


def sector_label(code: str | None) -> str:
    """Display name of one sector code; no code reads 'No sector'."""
    if _text_or_none(code) is None:
        return i18n.sector_title(None, None, None)
    return sector_names().get(code, str(code))


def label_sectors(codes: pd.Series) -> pd.Series:
    """Display names for a column of sector codes."""
    names = sector_names()
    return codes.map(lambda code: i18n.sector_title(None, None, None) if pd.isna(code) else names.get(code, code))


def sector_filter() -> str | None:
    """Sidebar sector choice; None means all sectors."""
    # Names fixed now: the widget may format options outside this run (see i18n.labeller).
    names: dict[str | None, str] = {None: t("filter.all_sectors"), **sector_names()}
    codes = list(names)
    return _synced_widget(
        SECTOR_KEY,
        codes,
        None,
        st.sidebar.selectbox,
        label=t("filter.sector"),
        options=codes,
        format_func=names.__getitem__,
        help=t("filter.sector.help"),
    )


def show_rejected_values() -> None:
    """Tell the user which link parameters were ignored (once, on the run that dropped them)."""
    for name, value in st.session_state.pop(_WARNINGS_KEY, []):
        st.warning(t("filter.invalid", name=name, value=value), icon=":material/link_off:")


def selected_sector() -> str | None:
    """The sector every page filters by (None = all sectors)."""
    return st.session_state.get(SECTOR_KEY)


def scope_label() -> str:
    """What the pages are currently showing, in words."""
    sector = selected_sector()
    return t("filter.all_sectors") if sector is None else sector_label(sector)
