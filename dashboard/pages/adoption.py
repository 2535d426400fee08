"""Adoption: how national standards adopt international ones, and what is still to convert."""

import streamlit as st

from dashboard import data
from dashboard.components import charts, filters, kpi, tables, thresholds
from dashboard.components.i18n import t

COMMITTEES_SHOWN = 25

sector = filters.selected_sector()
target = thresholds.current().conversion_target
st.caption(t("adoption.caption", target=thresholds.percent(target)))

tiles, mix_column = st.columns([1, 2])
with tiles:
    kpi.kpi_tiles(data.kpis(sector), kpis=("conversion_rate", "adoption_rate"), per_row=1)
with mix_column:
    mix = data.degree_mix(sector)
    if mix.empty:
        tables.empty_state("empty.no_adoption")
    else:
        charts.show(
            charts.bar(
                mix,
                "degree",
                "standards",
                title=t("adoption.mix.title"),
                x_title=t("axis.degree"),
                y_title=t("axis.standards"),
                colour="degree",
                codes=charts.Codes("degree", charts.DEGREE_COLOURS),
            ),
            key="adoption-mix",
        )
        st.caption(t("adoption.mix.caption"))

conversion = data.conversion(sector)
if conversion.empty:
    tables.empty_state("empty.no_conversion")
else:
    if sector is None:
        conversion["group"] = filters.label_sectors(conversion["group"])
    else:
        # Committees with most international standards first: where conversion work weighs most.
        conversion = conversion.sort_values(["international", "group"], ascending=[False, True])
        conversion = conversion.head(COMMITTEES_SHOWN)
    charts.show(
        charts.bar(
            conversion,
            "group",
            "rate",
            title=t(
                "adoption.conversion.title_sector" if sector is None else "adoption.conversion.title_committee",
                n=len(conversion),
            ),
            x_title=t("axis.sector" if sector is None else "axis.committee"),
            y_title=t("col.rate"),
            horizontal=True,
            percent=True,
            target=target,
            target_label=t("adoption.target_line", target=thresholds.percent(target)),
            hover=["adopted", "international"],
        ),
        key="adoption-conversion",
    )
    st.caption(t("adoption.conversion.caption"))

st.subheader(t("adoption.gaps.title"))
st.caption(t("adoption.gaps.caption"))
gaps = data.conversion_gaps(sector)
if gaps.empty:
    tables.empty_state("empty.no_gaps" if not conversion.empty else "empty.no_conversion")
else:
    tables.show_table(gaps, key="adoption-gaps", file_name="international_not_adopted.csv")
