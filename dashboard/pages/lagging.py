"""Lagging: how old the current standards are, and which ones are overdue for review."""

import streamlit as st

from dashboard import data
from dashboard.components import charts, filters, tables, thresholds
from dashboard.components.i18n import t

sector = filters.selected_sector()
limits = thresholds.current()
ages = {
    "review": thresholds.years(limits.review_years),
    "severe": thresholds.years(limits.severe_age_years),
}
st.caption(t("lagging.caption", **ages))


def share_of_current(share: float) -> str:
    return t("lagging.share_of_current", share=thresholds.percent(share))


summary = data.lagging_summary(sector)
if summary["current"] == 0:
    tables.empty_state("empty.no_standards")
else:
    tiles = st.columns(4)
    tiles[0].metric(t("lagging.current"), f"{summary['current']:,.0f}", border=True)
    tiles[1].metric(
        t("lagging.overdue", **ages),
        f"{summary['overdue']:,.0f}",
        delta=share_of_current(summary["overdue_share"]),
        delta_color="off",
        delta_arrow="off",
        border=True,
    )
    tiles[2].metric(
        t("lagging.severe", **ages),
        f"{summary['severely_aged']:,.0f}",
        delta=share_of_current(summary["severe_share"]),
        delta_color="off",
        delta_arrow="off",
        border=True,
    )
    tiles[3].metric(t("lagging.to_be_revised"), f"{summary['to_be_revised']:,.0f}", border=True)

    LEVELS = charts.Codes("level", charts.LEVEL_COLOURS)
    charts.show(
        charts.histogram(
            data.current_ages(sector),
            "age_years",
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
    st.caption(t("lagging.hist.caption"))

    groups = data.lagging_shares(sector)
    if sector is None:
        # Worst first, so the sectors needing review work lead the list.
        groups = groups.sort_values(["overdue_share", "group"], ascending=[False, True])
        groups["group"] = filters.label_sectors(groups["group"])
    shares = groups.melt(id_vars=["group"], value_vars=["overdue_share", "severe_share"], var_name="measure")
    charts.show(
        charts.bar(
            shares,
            "group",
            "value",
            title=t("lagging.shares.title_sector" if sector is None else "lagging.shares.title_level"),
            x_title=t("axis.sector" if sector is None else "axis.level"),
            y_title=t("axis.share"),
            colour="measure",
            codes=charts.Codes("measure", {"overdue_share": charts.ORANGE, "severe_share": charts.VERMILLION}),
            axis_codes=None if sector is None else LEVELS,
            horizontal=True,
            percent=True,
            mode="overlay",
        ),
        key="lagging-shares",
    )
    st.caption(t("lagging.shares.caption"))

    st.subheader(t("lagging.oldest.title"))
    tables.show_table(
        data.oldest_current(sector),
        key="lagging-oldest",
        file_name="oldest_current_standards.csv",
        codes={"level": "level"},
    )

    st.subheader(t("lagging.adoptions.title"))
    lagging_adoptions = data.lagging_adoptions(sector)
    if lagging_adoptions.empty:
        tables.empty_state("empty.no_lagging_adoption")
    else:
        tables.show_table(
            lagging_adoptions,
            key="lagging-adoptions",
            file_name="lagging_adoptions.csv",
            codes={"degree": "degree"},
        )
