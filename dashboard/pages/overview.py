"""Overview: headline KPIs against their targets, the findings to read first, trends, freshness."""

from functools import partial

import streamlit as st

from dashboard import data
from dashboard.components import charts, filters, findings, frame, kpi, tables, thresholds
from dashboard.components.i18n import t

scope = filters.scope()
member = filters.member()
build_focus = thresholds.current().focus_member
national_loaded = data.national_catalog_loaded()
kpis = data.kpis(scope.sector)
participation = data.participation(scope.sector)
# Before a second build there is no change to show, so the caption does not promise arrows.
st.caption(t("overview.caption" if kpis["previous_value"].notna().any() else "overview.caption_first_build"))
if kpis.empty:
    tables.empty_state("empty.no_kpis")
else:
    kpi.kpi_tiles(
        kpi.with_member(kpis, member, build_focus, participation),
        history=data.kpi_history(scope.sector) if member == build_focus else None,
        missing={}
        if national_loaded
        else {"adoption_rate": "kpi.needs_national", "conversion_rate": "kpi.needs_national"},
        member=member,
    )
    if scope.narrowed:
        st.caption(t("overview.tiles_scope"))

st.subheader(t("overview.findings"))
found = findings.findings(scope, member, national_loaded)
if found:
    findings.show(found)
else:
    tables.empty_state("empty.no_standards")

st.subheader(t("overview.trends"))
per_year_column, trend_column = st.columns(2, gap="medium")
with per_year_column:
    per_year = data.publications_per_year(scope)
    if per_year.empty:
        tables.empty_state("empty.no_standards")
    else:
        charts.show(
            charts.bar(
                per_year,
                "year",
                "standards",
                title=t("overview.per_year.title"),
                x_title=t("axis.year"),
                y_title=t("axis.standards"),
                colour="level",
                codes=charts.Codes("level", charts.LEVEL_COLOURS),
            ),
            key="overview-per-year",
        )
        charts.explain(t("overview.per_year.caption"), "publications_per_year")
with trend_column:
    own = participation[participation["member"] == member]
    if own.empty:
        tables.empty_state("empty.no_member", member=member)
    else:
        measures = own.melt(id_vars=["as_of"], value_vars=["p_count", "o_count", "secretariats"], var_name="measure")
        charts.show(
            charts.trend(
                measures,
                "as_of",
                "value",
                "measure",
                title=t("overview.member_trend.title", member=member),
                x_title=t("axis.snapshot"),
                y_title=t("axis.committees"),
                colours=charts.MEMBERSHIP_COLOURS,
                names={code: t(f"measure.{code}") for code in charts.MEMBERSHIP_COLOURS},
            ),
            key="overview-member-trend",
        )
        charts.explain(t("overview.member_trend.caption", member=member), "participation")

by_level_column, fresh_column = st.columns(2, gap="medium")
with by_level_column:
    by_level = data.current_by_level(scope)
    if by_level.empty:
        tables.empty_state("empty.no_current")
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
                pick="level",
            ),
            key="overview-by-level",
            on_pick=partial(filters.pick, "level"),
        )
        charts.explain(t("overview.by_level.caption"), "current_standards")
with fresh_column:
    st.subheader(t("overview.freshness"))
    frame.freshness()
    st.page_link("dashboard/pages/data_status.py", label=t("overview.freshness.link"), icon=":material/arrow_forward:")
    st.page_link(
        "dashboard/pages/catalog.py",
        label=t("overview.catalog.link"),
        icon=":material/list:",
        query_params=filters.link_params() or None,
    )
