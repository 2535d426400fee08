"""The Overview's findings: the few facts a leader should read first, one sentence each.

Each finding is a count read from a mart, put into words, with a link to the page (and
filters) that lists the standards behind it. Nothing here judges beyond picking the largest
group: where the severely aged standards concentrate, how far conversion is from its target,
how many overlap candidates there are, where the focus member body stands.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import streamlit as st

from dashboard import data
from dashboard.components import filters, thresholds
from dashboard.components.i18n import label, t
from etl import settings

SHOWN = 3


@dataclass(frozen=True)
class Finding:
    icon: str
    text: str
    page: str  # page module the link opens
    link_label: str
    params: dict[str, str | list[str]] = field(default_factory=dict)


def _count(value: float) -> str:
    return f"{value:,.0f}"


def severely_aged(scope: data.Scope, limits: settings.Thresholds) -> Finding | None:
    hotspot = data.severely_aged_hotspot(scope)
    if hotspot is None:
        return None
    sector, level = hotspot["sector"], hotspot["level"]
    return Finding(
        ":material/hourglass_bottom:",
        t(
            "finding.aged",
            n=_count(hotspot["standards"]),
            level=label("level_word", level),
            sector=filters.sector_name(sector),
            years=thresholds.years(limits.severe_age_years),
        ),
        "lagging",
        t("finding.aged.link"),
        filters.link_params(sector=sector, level=level),
    )


def conversion(scope: data.Scope, limits: settings.Thresholds, national_loaded: bool) -> Finding | None:
    if not national_loaded:
        return Finding(":material/public_off:", t("finding.no_national"), "data_status", t("finding.no_national.link"))
    summary = data.conversion_summary(scope)
    if summary["international"] == 0:
        return None
    hotspot = data.conversion_gap_hotspot(scope)
    rate = summary["adopted"] / summary["international"]
    text = t(
        "finding.conversion",
        n=_count(summary["not_adopted"]),
        rate=thresholds.percent(rate, 1),
        target=thresholds.percent(limits.conversion_target),
    )
    params = filters.link_params()
    if hotspot is not None:
        text += t("finding.conversion.most", sector=filters.sector_name(hotspot["sector"]),
                  n=_count(hotspot["not_adopted"]))  # fmt: skip
        params = filters.link_params(sector=hotspot["sector"])
    return Finding(":material/public:", text, "adoption", t("finding.conversion.link"), params)


def overlap(scope: data.Scope, limits: settings.Thresholds) -> Finding | None:
    by_kind = data.overlap_by_kind(scope, limits.overlap_threshold)
    if by_kind.empty:
        return None
    cross = int(by_kind.loc[by_kind["kind"] == "cross_level", "pairs"].sum())
    return Finding(
        ":material/join_inner:",
        t(
            "finding.overlap" if cross else "finding.overlap.same_level",
            n=_count(by_kind["pairs"].sum()),
            cross=_count(cross),
        ),
        "overlap",
        t("finding.overlap.link"),
        filters.link_params(),
    )


def participation(sector: str | None, member: str) -> Finding | None:
    history = data.participation(sector)
    if history.empty:
        return None
    snapshots = sorted(history["as_of"].unique())
    latest = history[history["as_of"] == snapshots[-1]]
    row = latest[latest["member"] == member]
    if row.empty:
        return None
    rank = int(latest["p_count"].rank(method="min", ascending=False)[row.index[0]])
    text = t(
        "finding.participation",
        member=member,
        secretariats=_count(row["secretariats"].iloc[0]),
        p=_count(row["p_count"].iloc[0]),
        rank=rank,
        members=len(latest),
    )
    if len(snapshots) > 1:
        before = history[(history["as_of"] == snapshots[-2]) & (history["member"] == member)]
        if not before.empty:
            change = int(row["p_count"].iloc[0]) - int(before["p_count"].iloc[0])
            text += t("finding.participation.change", change=f"{change:+,}",
                      since=pd.Timestamp(snapshots[-2]).date().isoformat())  # fmt: skip
    return Finding(":material/groups:", text, "participation", t("finding.participation.link"), filters.link_params())


def findings(scope: data.Scope, member: str, national_loaded: bool) -> list[Finding]:
    """Up to three findings: aged, conversion, overlap; participation when one is missing."""
    limits = thresholds.current()
    candidates = [
        severely_aged(scope, limits),
        conversion(scope, limits, national_loaded),
        overlap(scope, limits),
        participation(scope.sector, member),
    ]
    return [finding for finding in candidates if finding is not None][:SHOWN]


def show(items: list[Finding]) -> None:
    """The findings side by side, each with a link to the standards behind it."""
    if not items:
        return
    for column, item in zip(st.columns(len(items)), items, strict=True):
        with column.container(border=True, height="stretch"):
            st.markdown(f"{item.icon} {item.text}")
            st.page_link(
                f"dashboard/pages/{item.page}.py",
                label=item.link_label,
                icon=":material/arrow_forward:",
                query_params=item.params or None,
            )
