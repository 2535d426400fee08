"""KPI tiles: value, change since the previous build, and where it stands against its target."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from dashboard.components import thresholds
from dashboard.components.i18n import label, t
from etl import settings

ORDER = (
    "current_standards",
    "conversion_rate",
    "adoption_rate",
    "overdue_share",
    "overlap_candidates",
    "focus_secretariats",
)
# A rise in these is bad news, so their change arrow is coloured the other way round.
LOWER_IS_BETTER = frozenset({"overdue_share", "overlap_candidates"})
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
    return thresholds.percent(value, 1) if unit == "share" else f"{value:,.0f}"


def format_target(value: float, unit: str) -> str:
    """Targets are round numbers: 85%, not 85.0%."""
    return f"{round(value * 100, 1):g}%" if unit == "share" else f"{value:,.0f}"


def change(value: float | None, previous: float | None) -> float | None:
    if value is None or previous is None or pd.isna(value) or pd.isna(previous):
        return None
    return value - previous


def format_delta(delta: float | None, unit: str) -> str | None:
    if delta is None:
        return None
    return f"{delta * 100:+.1f} pp" if unit == "share" else f"{delta:+,.0f}"


def _texts(kpi: str, limits: settings.Thresholds) -> tuple[str, str]:
    values = {"member": limits.focus_member, "review": thresholds.years(limits.review_years)}
    return t(f"kpi.{kpi}", **values), t(f"kpi.{kpi}.help", **values)


def kpi_tiles(frame: pd.DataFrame, kpis: Sequence[str] = ORDER, per_row: int = 3) -> None:
    """One bordered tile per KPI present in frame (mart_kpi rows of one sector), in order."""
    limits = thresholds.current()
    rows = {row.kpi: row for row in frame.itertuples(index=False)}
    present = [kpi for kpi in kpis if kpi in rows]
    for start in range(0, len(present), per_row):
        columns = st.columns(per_row)
        for column, kpi in zip(columns, present[start : start + per_row], strict=False):
            row = rows[kpi]
            title, help_text = _texts(kpi, limits)
            status = row.status if isinstance(row.status, str) else "no_target"
            with column.container(border=True):
                delta = change(row.value, row.previous_value)
                unchanged = delta is not None and abs(delta) < 1e-12
                st.metric(
                    title,
                    format_value(row.value, row.unit),
                    delta=format_delta(delta, row.unit),
                    delta_color="off" if unchanged else ("inverse" if kpi in LOWER_IS_BETTER else "normal"),
                    delta_arrow="off" if unchanged else "auto",
                    delta_description=None if delta is None else t("kpi.delta_help"),
                    help=help_text,
                )
                badge = label("status", status)
                if row.target is not None and not pd.isna(row.target):
                    badge += " · " + t("kpi.target", target=format_target(row.target, row.unit))
                st.badge(
                    badge,
                    color=STATUS_COLOURS.get(status, "gray"),
                    icon=STATUS_ICONS.get(status),
                )
