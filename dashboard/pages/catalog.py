"""Catalog: what the standard system is made of, and the list behind it for analysts."""

from functools import partial

import streamlit as st

from dashboard import data
from dashboard.components import charts, filters, tables
from dashboard.components.i18n import t

scope = filters.scope()
st.caption(t("catalog.caption"))
LEVELS = charts.Codes("level", charts.LEVEL_COLOURS)

composition = data.current_by_sector_level(scope)
if composition.empty:
    tables.empty_state("empty.no_current")
else:
    composition["sector"] = filters.label_sectors(composition["sector"])
    # All sectors: sector › level. One sector: level › publisher, the next level of detail.
    path = ["sector", "level"] if scope.sector is None else ["level", "publisher"]
    charts.show(
        charts.treemap(
            composition,
            path,
            "standards",
            title=t("catalog.treemap.title" if scope.sector is None else "catalog.treemap.title_sector"),
            colour="level",
            codes=LEVELS,
        ),
        key="catalog-treemap",
    )
    charts.explain(t("catalog.treemap.caption"), "current_standards")

per_year = data.publications_per_year(scope)
if not per_year.empty:
    charts.show(
        charts.bar(
            per_year,
            "year",
            "standards",
            title=t("catalog.per_year.title"),
            x_title=t("axis.year"),
            y_title=t("axis.standards"),
            colour="level",
            codes=LEVELS,
            pick="year",
        ),
        key="catalog-per-year",
        on_pick=partial(filters.pick, "year"),
    )
    charts.explain(t("catalog.per_year.caption"), "publications_per_year")

st.subheader(t("catalog.list.title"))
st.caption(t("catalog.list.caption"))
standards = data.standard_list(scope)
if standards.empty:
    tables.empty_state("empty.no_standards")
else:
    tables.show_table(
        standards,
        key="catalog-list",
        file_name="standards",
        codes={"level": "level", "status": "std_status"},
        limit=data.LIST_LIMIT,
    )
