"""Global filters in the sidebar, kept in step with the URL so a view can be shared as a link.

URL names: ``sector`` (an ICS field such as ``25``, or a group within it such as ``25.040``),
``level``, ``publisher`` and ``status`` (each may repeat), ``from`` and ``to`` (publication
years), ``member`` (the member body the participation views highlight) and ``lang`` (``zh`` or
``en``). A value from the URL is used only if the data knows it; anything else is dropped with
a visible notice.

Who wins, URL or widgets: a URL that names any filter describes the whole view (a shared link,
or a finding's link); a URL without filters is what page navigation leaves behind, and then
the filters the session already has stay. Every run writes the filters back into the URL, and
every widget writes it from its change callback, so the next run reads the user's new choice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import data
from dashboard.components import i18n, thresholds
from dashboard.components.i18n import labeller, t
from etl import settings

LANG_KEY = i18n.LANG_KEY
SECTOR_KEY = "sector"
GROUP_KEY = "sector_group"
LEVEL_KEY = "level"
PUBLISHER_KEY = "publisher"
STATUS_KEY = "status"
YEARS_KEY = "years"
MEMBER_KEY = "member"
FROM, TO = "from", "to"
FILTER_PARAMS = (SECTOR_KEY, LEVEL_KEY, PUBLISHER_KEY, STATUS_KEY, FROM, TO, MEMBER_KEY)
# "All" in the sector and group boxes: a selectbox whose value is None shows its placeholder
# instead of the option, so "all" is an empty code.
ALL = ""

_WARNINGS_KEY = "_filter_warnings"
_PAGE_KEY = "_filter_page"
_BOUNDS_KEY = "_filter_year_bounds"
_MEMBER_DEFAULT_KEY = "_filter_member_default"
_CHOICES_KEY = "_filter_choices"
_SHOWN_IN_URL = 40  # characters of a rejected value echoed back to the user

# The filters each page's numbers respond to. The others stay set (and visible, greyed out),
# so moving between pages never loses a choice. Status is absent where the page is about
# current standards by definition; level where the page fixes the levels (national adopts
# international).
DIMENSIONS = ("sector", "level", "publisher", "status", "years", "member")
APPLIES: dict[str, frozenset[str]] = {
    "overview": frozenset({"sector", "level", "publisher", "years", "member"}),
    "catalog": frozenset({"sector", "level", "publisher", "status", "years"}),
    "lagging": frozenset({"sector", "level", "publisher", "years"}),
    "overlap": frozenset({"sector", "level", "publisher", "years"}),
    "adoption": frozenset({"sector", "publisher", "years"}),
    "participation": frozenset({"sector", "member"}),
    "data_status": frozenset(),
}


def default_language() -> str:
    """The configured default language; a broken config file must not stop the dashboard."""
    try:
        return settings.load_config(data.served_path()).default_language
    except (ValueError, OSError):
        return i18n.FALLBACK_LANG


def _reject(name: str, raw: str) -> None:
    shown = raw if len(raw) <= _SHOWN_IN_URL else raw[:_SHOWN_IN_URL] + "…"
    st.session_state.setdefault(_WARNINGS_KEY, []).append((name, shown))


# --- language (before anything else, so even the first-start screen is in the right language)


def _write_lang(default: str) -> None:
    value = st.session_state.get(LANG_KEY)
    if value is None or value == default:
        st.query_params.pop(LANG_KEY, None)
    else:
        st.query_params[LANG_KEY] = value


def language_filter() -> str:
    """Sidebar language switch; returns 'zh' or 'en'."""
    default = default_language()
    if st.session_state.get(LANG_KEY) not in i18n.LANGS:
        st.session_state[LANG_KEY] = default
    values = st.query_params.get_all(LANG_KEY)
    if values:
        if values[-1] in i18n.LANGS:
            st.session_state[LANG_KEY] = values[-1]
        else:
            _reject(LANG_KEY, values[-1])
    value = st.sidebar.radio(
        t("filter.language"),
        i18n.LANGS,
        format_func=i18n.LANG_NAMES.__getitem__,
        horizontal=True,
        key=LANG_KEY,
        on_change=_write_lang,
        args=(default,),
    )
    _write_lang(default)
    return value


# --- what the data offers -----------------------------------------------------------------


@dataclass(frozen=True)
class Choices:
    """Every value a filter may take, as the served data has them."""

    sectors: dict[str, str] = field(default_factory=dict)  # field code → display name
    groups: dict[str, tuple[str, str]] = field(default_factory=dict)  # group code → (field, name)
    levels: list[str] = field(default_factory=list)
    publishers: list[str] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    years: tuple[int, int] | None = None
    members: list[str] = field(default_factory=list)
    member_default: str = "SAC"


def _text_or_none(value: object) -> str | None:
    return None if value is None or pd.isna(value) else str(value)


def sector_names() -> dict[str, str]:
    """Display names of the known sector codes in the current language; none if unreadable."""
    try:
        frame = data.sectors()
    except data.DataUnavailable:
        return {}
    lang = i18n.current_lang()
    return {
        code: i18n.sector_title(code, _text_or_none(title_en), _text_or_none(title_zh), lang)
        for code, title_en, title_zh in frame[["code", "title_en", "title_zh"]].itertuples(index=False)
    }


def _ordered(codes: Sequence[str], order: Sequence[str]) -> list[str]:
    """Known codes in their usual order (levels from international down), the rest sorted."""
    present = set(codes)
    return [code for code in order if code in present] + sorted(present - set(order))


LEVEL_ORDER = ("international", "national", "industry", "local", "group", "enterprise")
STATUS_ORDER = ("current", "upcoming", "withdrawn", "in_development")


def choices() -> Choices:
    """What each filter can be set to; parts the database cannot tell are left empty."""
    member_default = thresholds.current().focus_member
    try:
        data.sectors()
    except data.DataUnavailable as exc:
        st.sidebar.error(t("filter.sectors_unavailable", error=exc))
    sectors = sector_names()
    try:
        group_rows = data.sector_groups()
    except data.DataUnavailable:
        group_rows = pd.DataFrame(columns=["code", "field", "title_en", "title_zh"])
    lang = i18n.current_lang()
    groups = {
        code: (field_code, i18n.sector_title(code, _text_or_none(title_en), _text_or_none(title_zh), lang))
        for code, field_code, title_en, title_zh in group_rows.itertuples(index=False)
        if field_code in sectors
    }
    try:
        facets = data.standard_facets()
        members = data.members()
    except data.DataUnavailable:
        facets, members = pd.DataFrame(columns=["level", "publisher", "status", "year_min", "year_max"]), []
    years = None
    if facets["year_min"].notna().any():
        years = (int(facets["year_min"].min()), int(facets["year_max"].max()))
    return Choices(
        sectors=sectors,
        groups=groups,
        levels=_ordered(facets["level"].dropna().unique(), LEVEL_ORDER),
        publishers=sorted(facets["publisher"].dropna().unique()),
        statuses=_ordered(facets["status"].dropna().unique(), STATUS_ORDER),
        years=years,
        members=members,
        member_default=member_default,
    )


# --- URL → state --------------------------------------------------------------------------


def _valid_year(raw: str, bounds: tuple[int, int] | None) -> int | None:
    try:
        year = int(raw)
    except ValueError:
        return None
    if bounds is None or not bounds[0] <= year <= bounds[1]:
        return None
    return year


def _multi_choices(options: Choices) -> tuple[tuple[str, list[str]], ...]:
    return (LEVEL_KEY, options.levels), (PUBLISHER_KEY, options.publishers), (STATUS_KEY, options.statuses)


def _sector_from_url(options: Choices) -> tuple[str, str]:
    """(field, group): a group code also names its field; the last value counts."""
    for raw in st.query_params.get_all(SECTOR_KEY)[-1:]:
        if raw in options.sectors:
            return raw, ALL
        if raw in options.groups:
            return options.groups[raw][0], raw
        _reject(SECTOR_KEY, raw)
    return ALL, ALL


def _codes_from_url(key: str, known: list[str]) -> list[str]:
    picked: list[str] = []
    for raw in st.query_params.get_all(key):
        if raw not in known:
            _reject(key, raw)
        elif raw not in picked:
            picked.append(raw)
    return picked


def _years_from_url(bounds: tuple[int, int]) -> tuple[int, int]:
    """(from, to) within the data's years; a reversed pair is dropped whole."""
    chosen: dict[str, int] = {}
    for key in (FROM, TO):
        for raw in st.query_params.get_all(key)[-1:]:
            year = _valid_year(raw, bounds)
            if year is None:
                _reject(key, raw)
            else:
                chosen[key] = year
    if chosen.get(FROM, bounds[0]) > chosen.get(TO, bounds[1]):
        _reject(f"{FROM}/{TO}", f"{chosen[FROM]}>{chosen[TO]}")
        chosen = {}
    return chosen.get(FROM, bounds[0]), chosen.get(TO, bounds[1])


def _member_from_url(options: Choices) -> str:
    for raw in st.query_params.get_all(MEMBER_KEY)[-1:]:
        if raw in options.members or raw == options.member_default:
            return raw
        _reject(MEMBER_KEY, raw)
    return options.member_default


def _adopt_url(options: Choices) -> None:
    """Set the filter state from the URL when it names any filter; drop what is unknown."""
    if not any(name in st.query_params for name in FILTER_PARAMS):
        return
    state = st.session_state
    state[SECTOR_KEY], state[GROUP_KEY] = _sector_from_url(options)
    for key, known in _multi_choices(options):
        state[key] = _codes_from_url(key, known)
    if options.years is not None:
        state[YEARS_KEY] = _years_from_url(options.years)
    state[MEMBER_KEY] = _member_from_url(options)


def _keep_state_valid(options: Choices) -> None:
    """Session values that the (possibly swapped) database no longer knows fall back."""
    state = st.session_state
    if state.get(SECTOR_KEY) not in options.sectors:
        state[SECTOR_KEY] = ALL
    if options.groups.get(state.get(GROUP_KEY), (None,))[0] != state[SECTOR_KEY]:
        state[GROUP_KEY] = ALL
    for key, known in _multi_choices(options):
        state[key] = [value for value in state.get(key) or [] if value in known]
    if options.years is None:
        state.pop(YEARS_KEY, None)
    else:
        low, high = options.years
        chosen = state.get(YEARS_KEY) or options.years
        start, end = max(low, min(chosen[0], high)), min(high, max(chosen[1], low))
        state[YEARS_KEY] = (start, end) if start <= end else options.years
    if state.get(MEMBER_KEY) not in {*options.members, options.member_default}:
        state[MEMBER_KEY] = options.member_default
    state[_BOUNDS_KEY] = options.years
    state[_MEMBER_DEFAULT_KEY] = options.member_default


# --- state → URL --------------------------------------------------------------------------


def _set_param(name: str, value: str | list[str] | None) -> None:
    if not value:
        st.query_params.pop(name, None)
    elif st.query_params.get_all(name) != ([value] if isinstance(value, str) else value):
        st.query_params[name] = value


def write_url() -> None:
    """Mirror the filter state into the URL (only what differs from the defaults)."""
    state = st.session_state
    _set_param(SECTOR_KEY, state.get(GROUP_KEY) or state.get(SECTOR_KEY))
    for key in (LEVEL_KEY, PUBLISHER_KEY, STATUS_KEY):
        _set_param(key, list(state.get(key) or []))
    start, end = _years()
    _set_param(FROM, None if start is None else str(start))
    _set_param(TO, None if end is None else str(end))
    member = state.get(MEMBER_KEY)
    _set_param(MEMBER_KEY, member if member != state.get(_MEMBER_DEFAULT_KEY) else None)


def _sector_changed() -> None:
    st.session_state[GROUP_KEY] = ALL
    write_url()


def clear() -> None:
    """Back to everything: all sectors, levels, publishers, statuses and years."""
    state = st.session_state
    state[SECTOR_KEY] = state[GROUP_KEY] = ALL
    for key in (LEVEL_KEY, PUBLISHER_KEY, STATUS_KEY):
        state[key] = []
    if state.get(_BOUNDS_KEY):
        state[YEARS_KEY] = tuple(state[_BOUNDS_KEY])
    state[MEMBER_KEY] = state.get(_MEMBER_DEFAULT_KEY)
    write_url()


def pick(dimension: str, code: Any) -> None:
    """Filter by what was clicked in a chart (a sector, level, year or member body)."""
    state = st.session_state
    if code is None or (isinstance(code, float) and pd.isna(code)):
        return
    if dimension == "sector":
        state[SECTOR_KEY], state[GROUP_KEY] = str(code), ALL
    elif dimension == "level":
        state[LEVEL_KEY] = [str(code)]
    elif dimension == "year":
        state[YEARS_KEY] = (int(code), int(code))
    elif dimension == "member":
        state[MEMBER_KEY] = str(code)
    else:
        raise ValueError(f"cannot filter by {dimension!r}")
    write_url()


# --- the sidebar --------------------------------------------------------------------------


def sidebar(page: str) -> None:
    """Every filter in the sidebar, set from the URL or the session, greyed out where unused."""
    st.session_state[_PAGE_KEY] = page
    options = choices()
    st.session_state[_CHOICES_KEY] = options
    _adopt_url(options)
    _keep_state_valid(options)
    used = APPLIES.get(page, frozenset(DIMENSIONS))

    def unused(dimension: str) -> dict[str, Any]:
        return {} if dimension in used else {"disabled": True, "help": t("filter.unused")}

    sidebar = st.sidebar
    fields = {ALL: t("filter.all_sectors"), **options.sectors}
    sidebar.selectbox(
        t("filter.sector"),
        list(fields),
        format_func=fields.__getitem__,
        key=SECTOR_KEY,
        on_change=_sector_changed,
        **(unused("sector") or {"help": t("filter.sector.help")}),
    )
    field_code = st.session_state.get(SECTOR_KEY)
    groups = {code: name for code, (owner, name) in options.groups.items() if owner == field_code}
    if groups:
        names = {ALL: t("filter.all_groups"), **groups}
        sidebar.selectbox(
            t("filter.group"),
            list(names),
            format_func=names.__getitem__,
            key=GROUP_KEY,
            on_change=write_url,
            **(unused("sector") or {"help": t("filter.group.help")}),
        )
    sidebar.multiselect(
        t("filter.level"),
        options.levels,
        format_func=labeller("level", options.levels),
        placeholder=t("filter.any"),
        key=LEVEL_KEY,
        on_change=write_url,
        **unused("level"),
    )
    sidebar.multiselect(
        t("filter.publisher"),
        options.publishers,
        placeholder=t("filter.any"),
        key=PUBLISHER_KEY,
        on_change=write_url,
        **unused("publisher"),
    )
    sidebar.multiselect(
        t("filter.status"),
        options.statuses,
        format_func=labeller("std_status", options.statuses),
        placeholder=t("filter.any"),
        key=STATUS_KEY,
        on_change=write_url,
        **unused("status"),
    )
    if options.years is not None and options.years[0] < options.years[1]:
        sidebar.slider(
            t("filter.years"),
            min_value=options.years[0],
            max_value=options.years[1],
            step=1,
            key=YEARS_KEY,
            on_change=write_url,
            **(unused("years") or {"help": t("filter.years.help")}),
        )
    member_choices = list(dict.fromkeys([options.member_default, *options.members]))
    sidebar.selectbox(
        t("filter.member"),
        member_choices,
        key=MEMBER_KEY,
        on_change=write_url,
        **(unused("member") or {"help": t("filter.member.help")}),
    )
    if active_filters():
        sidebar.button(t("filter.clear"), icon=":material/filter_alt_off:", on_click=clear, key="filter-clear")
    write_url()


# --- what the pages read ------------------------------------------------------------------


def current_page() -> str:
    return st.session_state.get(_PAGE_KEY, "overview")


def page_filters() -> frozenset[str]:
    """The filters the current page uses."""
    return APPLIES.get(current_page(), frozenset(DIMENSIONS))


def _applies(dimension: str) -> bool:
    return dimension in APPLIES.get(current_page(), frozenset(DIMENSIONS))


def _years() -> tuple[int | None, int | None]:
    bounds, years = st.session_state.get(_BOUNDS_KEY), st.session_state.get(YEARS_KEY)
    if not bounds or not years:
        return None, None
    return (years[0] if years[0] != bounds[0] else None, years[1] if years[1] != bounds[1] else None)


def scope() -> data.Scope:
    """The filters this page uses, as a data.Scope."""
    state = st.session_state
    year_from, year_to = _years() if _applies("years") else (None, None)
    return data.Scope(
        sector=(state.get(SECTOR_KEY) or None) if _applies("sector") else None,
        group=(state.get(GROUP_KEY) or None) if _applies("sector") else None,
        levels=tuple(state.get(LEVEL_KEY) or ()) if _applies("level") else (),
        publishers=tuple(state.get(PUBLISHER_KEY) or ()) if _applies("publisher") else (),
        statuses=tuple(state.get(STATUS_KEY) or ()) if _applies("status") else (),
        year_from=year_from,
        year_to=year_to,
    )


def selected_sector() -> str | None:
    """The ICS field every page filters by (None = all sectors)."""
    return st.session_state.get(SECTOR_KEY) or None


def member() -> str:
    """The member body the participation views highlight."""
    return st.session_state.get(MEMBER_KEY) or thresholds.current().focus_member


def active_filters() -> list[str]:
    """Filters set away from their default, by dimension."""
    state = st.session_state
    active = [name for name, key in (("sector", SECTOR_KEY), ("level", LEVEL_KEY), ("publisher", PUBLISHER_KEY),
                                     ("status", STATUS_KEY)) if state.get(key)]  # fmt: skip
    if any(year is not None for year in _years()):
        active.append("years")
    if state.get(MEMBER_KEY) not in (None, state.get(_MEMBER_DEFAULT_KEY)):
        active.append("member")
    return active


def link_params(**overrides: str | list[str] | None) -> dict[str, str | list[str]]:
    """Query parameters of the current view with some filters replaced, for links to pages."""
    params = {name: st.query_params.get_all(name) for name in (*FILTER_PARAMS, LANG_KEY)}
    params.update({name.rstrip("_"): value for name, value in overrides.items()})
    out: dict[str, str | list[str]] = {}
    for name, value in params.items():
        if value:
            out[name] = value[0] if isinstance(value, list) and len(value) == 1 else value
    return out


def sector_label(code: str | None) -> str:
    """Display name of one sector code; no code reads 'No sector'."""
    if _text_or_none(code) is None:
        return i18n.sector_title(None, None, None)
    return sector_names().get(code, str(code))


def sector_name(code: str) -> str:
    """A sector's title alone ('Manufacturing engineering'), for use inside a sentence."""
    try:
        frame = data.sectors()
    except data.DataUnavailable:
        return str(code)
    row = frame[frame["code"] == code]
    if row.empty:
        return str(code)
    title_en, title_zh = _text_or_none(row["title_en"].iloc[0]), _text_or_none(row["title_zh"].iloc[0])
    title = title_zh if i18n.current_lang() == "zh" and title_zh else title_en
    return title or str(code)


def label_sectors(codes: pd.Series) -> pd.Series:
    """Display names for a column of sector codes."""
    # Mapped in one pass (lists run to 10,000 rows); a code without a name keeps the code.
    named = codes.map(sector_names())
    return named.where(named.notna(), codes).where(codes.notna(), i18n.sector_title(None, None, None))


def _group_label(code: str) -> str:
    options = st.session_state.get(_CHOICES_KEY) or Choices()
    return options.groups.get(code, (None, code))[1]


def scope_label() -> str:
    """What the page is showing, in words: sector, group, levels, publishers, statuses, years."""
    current = scope()
    parts = [t("filter.all_sectors") if current.sector is None else sector_label(current.sector)]
    if current.group:
        parts[0] += " › " + _group_label(current.group)
    if current.levels:
        parts.append(", ".join(i18n.label("level", code) for code in current.levels))
    if current.publishers:
        parts.append(", ".join(current.publishers))
    if current.statuses:
        parts.append(", ".join(i18n.label("std_status", code) for code in current.statuses))
    if current.year_from is not None or current.year_to is not None:
        bounds = st.session_state.get(_BOUNDS_KEY) or (None, None)
        parts.append(t("filter.year_span", start=current.year_from or bounds[0], end=current.year_to or bounds[1]))
    return " · ".join(parts)


def unused_active() -> list[str]:
    """Filters that are set but that this page does not use, as display names."""
    return [t(f"filter.name.{name}") for name in active_filters() if not _applies(name)]


def show_rejected_values() -> None:
    """Tell the user which link parameters were ignored (once, on the run that dropped them)."""
    for name, value in st.session_state.pop(_WARNINGS_KEY, []):
        st.warning(t("filter.invalid", name=name, value=value), icon=":material/link_off:")
