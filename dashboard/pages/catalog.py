"""Catalog: what the standard system is made of, and the list behind it for analysts."""

import streamlit as st

from dashboard import data
from dashboard.components import charts, filters, tables
from dashboard.components.i18n import labeller, t

sector = filters.selected_sector()
st.caption(t("catalog.caption"))
LEVELS = charts.Codes("level", charts.LEVEL_COLOURS)

composition = data.current_by_sector_level(sector)
if composition.empty:
    tables.empty_state("empty.no_standards")
else:
    composition["sector"] = filters.label_sectors(composition["sector"])
    # All sectors: sector › level. One sector: level › publisher, the next level of detail.
    path = ["sector", "level"] if sector is None else ["level", "publisher"]
    charts.show(
        charts.treemap(
            composition,
            path,
            "standards",
            title=t("catalog.treemap.title" if sector is None else "catalog.treemap.title_sector"),
            colour="level",
            codes=LEVELS,
        ),
        key="catalog-treemap",
    )
    st.caption(t("catalog.treemap.caption"))
    charts.show(
        charts.bar(
            data.publications_per_year(sector),
            "year",
            "standards",
            title=t("catalog.per_year.title"),
            x_title=t("axis.year"),
            y_title=t("axis.standards"),
            colour="level",
            codes=LEVELS,
        ),
        key="catalog-per-year",
    )
    st.caption(t("catalog.per_year.caption"))

st.subheader(t("catalog.list.title"))
facets = data.standard_facets()
pick_levels, pick_statuses = st.columns(2)
level_codes = sorted(facets["level"].dropna().unique())
status_codes = sorted(facets["status"].dropna().unique())
levels = pick_levels.multiselect(
    t("catalog.list.levels"),
    level_codes,
    format_func=labeller("level", level_codes),
    key="catalog-levels",
)
statuses = pick_statuses.multiselect(
    t("catalog.list.statuses"),
    status_codes,
    default=["current"] if "current" in status_codes else None,
    format_func=labeller("std_status", status_codes),
    key="catalog-statuses",
)
standards = data.standard_list(sector, levels, statuses)
if standards.empty:
    tables.empty_state("empty.no_standards")
else:
    if len(standards) >= data.LIST_LIMIT:
        st.caption(t("catalog.list.truncated", limit=f"{data.LIST_LIMIT:,}"))
    tables.show_table(
        standards,
        key="catalog-list",
        file_name="standards.csv",
        codes={"level": "level", "status": "std_status"},
    )
