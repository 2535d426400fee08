"""Overview: headline KPIs against their targets, and current standards by level."""

import streamlit as st

from dashboard import data
from dashboard.components import charts, filters, kpi, tables
from dashboard.components.i18n import t

sector = filters.selected_sector()
st.caption(t("overview.caption"))

tiles, chart = st.columns([3, 2], gap="medium")
with tiles:
    kpis = data.kpis(sector)
    if kpis.empty:
        tables.empty_state("empty.no_kpis")
    else:
        kpi.kpi_tiles(kpis, per_row=2)

with chart:
    by_level = data.current_by_level(sector)
    if by_level.empty:
        tables.empty_state("empty.no_standards")
    else:
        charts.show(
            charts.bar(
                by_level,
                "level",
                "standards",
                title=t("overview.by_level.title"),
                x_title=t("axis.level"),
                y_title=t("axis.standards"),
                colour="level",
                codes=charts.Codes("level", charts.LEVEL_COLOURS),
                horizontal=True,
            ),
            key="overview-by-level",
        )
        st.caption(t("overview.by_level.caption"))
