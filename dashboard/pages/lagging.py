"""Lagging: how old the current standards are, and which ones are overdue for review."""

from functools import partial

import streamlit as st

from dashboard import data
from dashboard.components import charts, filters, tables, thresholds
from dashboard.components.i18n import t

scope = filters.scope()
limits = thresholds.current()
ages = {
    "review": thresholds.years(limits.review_years),
    "severe": thresholds.years(limits.severe_age_years),
}
st.caption(t("lagging.caption", **ages))
LEVELS = charts.Codes("level", charts.LEVEL_COLOURS)


def share_of_current(share: float) -> str:
    return t("lagging.share_of_current", share=thresholds.percent(share))


summary = data.lagging_summary(scope)
if summary["current"] == 0:
    tables.empty_state("empty.no_current")
else:
    tiles = st.columns(4)
    tiles[0].metric(
        t("lagging.current"), f"{summary['current']:,.0f}", border=True, help=t("kpi.current_standards.help")
    )
    tiles[1].metric(
        t("lagging.overdue", **ages),
        f"{summary['overdue']:,.0f}",
        delta=share_of_current(summary["overdue_share"]),
        delta_color="off",
        delta_arrow="off",
        border=True,
        help=t("def.overdue_share"),
    )
    tiles[2].metric(
        t("lagging.severe", **ages),
        f"{summary['severely_aged']:,.0f}",
        delta=share_of_current(summary["severe_share"]),
        delta_color="off",
        delta_arrow="off",
        border=True,
        help=t("def.severely_aged"),
    )
    tiles[3].metric(
        t("lagging.to_be_revised"), f"{summary['to_be_revised']:,.0f}", border=True, help=t("def.to_be_revised")
    )

    charts.show(
        charts.histogram(
            data.age_distribution(scope),
            "age",
            "standards",
            title=t("lagging.hist.title"),
            x_title=t("axis.age"),
            y_title=t("axis.standards"),
            colour="level",
            codes=LEVELS,
            lines=[
                (limits.review_years, t("lagging.review_line", years=ages["review"])),
                (limits.severe_age_years, t("lagging.severe_line", years=ages["severe"])),
            ],
        ),
        key="lagging-ages",
    )
    charts.explain(t("lagging.hist.caption"), "age_years")

    by_sector = scope.sector is None
    groups = data.lagging_shares(scope)
    if by_sector:
        # Worst first, so the sectors needing review work lead the list.
        groups = groups.sort_values(["overdue_share", "group"], ascending=[False, True])
    shares = groups.melt(id_vars=["group"], value_vars=["overdue_share", "severe_share"], var_name="measure")
    shares["code"] = shares["group"]
    if by_sector:
        shares["group"] = filters.label_sectors(shares["group"])
    charts.show(
        charts.bar(
            shares,
            "group",
            "value",
            title=t("lagging.shares.title_sector" if by_sector else "lagging.shares.title_level"),
            x_title=t("axis.sector" if by_sector else "axis.level"),
            y_title=t("axis.share"),
            colour="measure",
            codes=charts.Codes("measure", {"overdue_share": charts.ORANGE, "severe_share": charts.VERMILLION}),
            axis_codes=None if by_sector else LEVELS,
            horizontal=True,
            percent=True,
            mode="overlay",
            pick="code",
        ),
        key="lagging-shares-sector" if by_sector else "lagging-shares-level",
        on_pick=partial(filters.pick, "sector" if by_sector else "level"),
    )
    charts.explain(t("lagging.shares.caption_sector" if by_sector else "lagging.shares.caption_level"), "overdue_share")

    st.subheader(t("lagging.overdue_list.title", **ages))
    st.caption(t("lagging.overdue_list.caption", **ages))
    overdue = data.overdue_current(scope)
    if overdue.empty:
        tables.empty_state("empty.no_overdue")
    else:
        tables.show_table(
            overdue,
            key="lagging-overdue",
            file_name="overdue_current_standards",
            codes={"level": "level"},
            limit=data.LIST_LIMIT,
        )

    st.subheader(t("lagging.adoptions.title"))
    st.caption(t("def.lagging_adoption"))
    lagging_adoptions = data.lagging_adoptions(scope)
    if lagging_adoptions.empty:
        tables.empty_state("empty.no_lagging_adoption")
    else:
        tables.show_table(
            lagging_adoptions.assign(sector=filters.label_sectors(lagging_adoptions["sector"])),
            key="lagging-adoptions",
            file_name="lagging_adoptions",
            codes={"degree": "degree"},
            limit=data.LIST_LIMIT,
        )
