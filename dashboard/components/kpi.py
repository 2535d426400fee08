"""KPI tiles: value, change since the previous build, and where it stands against its target."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import streamlit as st

from dashboard.components import thresholds
from dashboard.components.i18n import label, t
from etl import settings

ORDER = (
    "current_standards",
    "conversion_rate",
    "adoption_rate",
    "development_cycle",
    "overdue_share",
    "overlap_candidates",
    "focus_secretariats",
)
# A rise in these is bad news, so their change arrow is coloured the other way round. Builds
# whose mart_kpi has a higher_is_better column say so themselves; this covers older ones.
LOWER_IS_BETTER = frozenset({"overdue_share", "overlap_candidates", "development_cycle"})
# Why a KPI without a value has none: what must be loaded first.
NEEDS = {"development_cycle": "kpi.needs_plan_numbers"}
STATUS_COLOURS = {"on_target": "green", "near": "orange", "off": "red", "no_target": "gray"}
STATUS_ICONS = {
    "on_target": ":material/check_circle:",
    "near": ":material/error:",
    "off": ":material/cancel:",
    "no_target": ":material/remove:",
}


def format_value(value: float | None, unit: str) -> str:
    if value is None or pd.isna(value):
        return "—"
    if unit == "share":
        return thresholds.percent(value, 1)
    if unit == "months":
        return t("kpi.months", n=f"{value:,.1f}")
    return f"{value:,.0f}"


def format_target(value: float, unit: str) -> str:
    """Targets are round numbers: 85%, not 85.0%; 18 months, not 18.0."""
    if unit == "share":
        return f"{round(value * 100, 1):g}%"
    if unit == "months":
        return t("kpi.months", n=f"{value:g}")
    return f"{value:,.0f}"


def change(value: float | None, previous: float | None) -> float | None:
    if value is None or previous is None or pd.isna(value) or pd.isna(previous):
        return None
    return value - previous


def format_delta(delta: float | None, unit: str) -> str | None:
    if delta is None:
        return None
    if unit == "share":
        return f"{delta * 100:+.1f} pp"
    if unit == "months":
        return t("kpi.months", n=f"{delta:+.1f}")
    return f"{delta:+,.0f}"


def _lower_is_better(row: object) -> bool:
    stated = getattr(row, "higher_is_better", None)
    if stated is None or pd.isna(stated):
        return row.kpi in LOWER_IS_BETTER
    return not bool(stated)


def _texts(kpi: str, limits: settings.Thresholds, member: str) -> tuple[str, str]:
    values = {"member": member, "review": thresholds.years(limits.review_years)}
    return t(f"kpi.{kpi}", **values), t(f"kpi.{kpi}.help", **values)


def with_member(frame: pd.DataFrame, member: str, build_focus: str, participation: pd.DataFrame) -> pd.DataFrame:
    """mart_kpi rows with focus_secretariats counted for another member body than the build's.

    mart_kpi counts the configured focus member only; for any other member body the latest
    snapshot of the participation rows gives the same count (without a previous build's).
    """
    if member == build_focus or "focus_secretariats" not in set(frame["kpi"]):
        return frame
    latest = (
        participation[participation["as_of"] == participation["as_of"].max()] if len(participation) else participation
    )
    held = latest.loc[latest["member"] == member, "secretariats"]
    out = frame.copy()
    row = out["kpi"] == "focus_secretariats"
    out.loc[row, "value"] = float(held.sum()) if len(latest) else None
    out.loc[row, "previous_value"] = None
    return out


def kpi_tiles(
    frame: pd.DataFrame,
    kpis: Sequence[str] = ORDER,
    per_row: int = 3,
    *,
    history: pd.DataFrame | None = None,
    missing: Mapping[str, str] | None = None,
    member: str | None = None,
) -> None:
    """One bordered tile per KPI present in frame (mart_kpi rows of one sector), in order.

    history (kpi_history rows) draws each figure's path over the builds when there are two or
    more; missing maps a KPI to the text key saying why it cannot be measured on this data.
    """
    limits = thresholds.current()
    rows = {row.kpi: row for row in frame.itertuples(index=False)}
    present = [kpi for kpi in kpis if kpi in rows]
    # Seven tiles read better as four and three than as three, three and one.
    per_row = 4 if per_row == 3 and len(present) == 7 else per_row
    paths = {} if history is None or history.empty else history.groupby("kpi")["value"].apply(list).to_dict()
    for start in range(0, len(present), per_row):
        columns = st.columns(per_row)
        for column, kpi in zip(columns, present[start : start + per_row], strict=False):
            row = rows[kpi]
            title, help_text = _texts(kpi, limits, member or limits.focus_member)
            reason = (missing or {}).get(kpi)
            if reason is None and pd.isna(row.value) and kpi in NEEDS:
                reason = NEEDS[kpi]
            status = row.status if isinstance(row.status, str) and reason is None else "no_target"
            path = [value for value in paths.get(kpi, []) if value is not None and not pd.isna(value)]
            with column.container(border=True):
                delta = None if reason else change(row.value, row.previous_value)
                unchanged = delta is not None and abs(delta) < 1e-12
                st.metric(
                    title,
                    "—" if reason else format_value(row.value, row.unit),
                    delta=format_delta(delta, row.unit),
                    delta_color="off" if unchanged else ("inverse" if _lower_is_better(row) else "normal"),
                    delta_arrow="off" if unchanged else "auto",
                    delta_description=None if delta is None else t("kpi.delta_help"),
                    help=help_text,
                    chart_data=path if len(path) >= 2 and reason is None else None,
                )
                if reason is not None:
                    st.badge(t(reason), color="gray", icon=":material/block:")
                    continue
                badge = label("status", status)
                if row.target is not None and not pd.isna(row.target):
                    badge += " · " + t("kpi.target", target=format_target(row.target, row.unit))
                    st.badge(badge, color=STATUS_COLOURS.get(status, "gray"), icon=STATUS_ICONS.get(status))
                else:
                    st.caption(t(f"kpi.{kpi}.short", review=thresholds.years(limits.review_years)))
