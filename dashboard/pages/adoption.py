"""Adoption: how national standards adopt international ones, and what is still to convert."""

from functools import partial

import streamlit as st

from dashboard import data
from dashboard.components import charts, filters, kpi, tables, thresholds
from dashboard.components.i18n import labeller, t

COMMITTEES_SHOWN = 25
DEGREES_KEY = "adoption-degrees"
RATES = charts.Codes("measure", {"conversion_rate": charts.BLUE, "adoption_rate": charts.GREEN})

scope = filters.scope()
target = thresholds.current().conversion_target
st.caption(t("adoption.caption", target=thresholds.percent(target)))


def pick_degree(degree: str) -> None:
    st.session_state[DEGREES_KEY] = [degree]


def rates(scope: data.Scope) -> None:
    """Both rates per sector against the target, or conversion per committee within a sector."""
    if scope.sector is None:
        by_sector = data.rates_by_sector(scope)
        if by_sector.empty:
            tables.empty_state("empty.no_conversion")
            return
        # Furthest from the target first: where conversion work weighs most.
        by_sector = by_sector.sort_values(["conversion_rate", "group"], na_position="last")
        bars = by_sector.melt(
            id_vars=["group", "international", "adopted", "national", "adopting"],
            value_vars=["conversion_rate", "adoption_rate"],
            var_name="measure",
        )
        bars["code"] = bars["group"]
        bars["group"] = filters.label_sectors(bars["group"])
        charts.show(
            charts.bar(
                bars,
                "group",
                "value",
                title=t("adoption.rates.title"),
                x_title=t("axis.sector"),
                y_title=t("axis.share"),
                colour="measure",
                codes=RATES,
                horizontal=True,
                percent=True,
                mode="group",
                target=target,
                target_label=t("adoption.target_line", target=thresholds.percent(target)),
                hover=["adopted", "international", "adopting", "national"],
                pick="code",
            ),
            key="adoption-rates",
            on_pick=partial(filters.pick, "sector"),
        )
        charts.explain(t("adoption.rates.caption"), "conversion_rate")
        return
    committees = data.conversion_by_committee(scope)
    if committees.empty:
        tables.empty_state("empty.no_conversion")
        return
    # Committees with most international standards first: where conversion work weighs most.
    committees = committees.sort_values(["international", "group"], ascending=[False, True]).head(COMMITTEES_SHOWN)
    charts.show(
        charts.bar(
            committees,
            "group",
            "rate",
            title=t("adoption.conversion.title_committee", n=len(committees)),
            x_title=t("axis.committee"),
            y_title=t("col.rate"),
            horizontal=True,
            percent=True,
            target=target,
            target_label=t("adoption.target_line", target=thresholds.percent(target)),
            hover=["adopted", "international"],
        ),
        key="adoption-conversion",
    )
    charts.explain(t("adoption.conversion.caption"), "conversion_rate")


def adoption(scope: data.Scope) -> None:
    """Tiles and degree mix, rates by sector, the gap list and the adoption list."""
    tiles, mix_column = st.columns([1, 2])
    with tiles:
        kpi.kpi_tiles(data.kpis(scope.sector), kpis=("conversion_rate", "adoption_rate"), per_row=1)
        if scope.narrowed:
            st.caption(t("overview.tiles_scope"))
    with mix_column:
        mix = data.degree_mix(scope)
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
                    pick="degree",
                ),
                key="adoption-mix",
                on_pick=pick_degree,
            )
            charts.explain(t("adoption.mix.caption"), "adoption_degree")

    rates(scope)

    st.subheader(t("adoption.gaps.title"))
    st.caption(t("adoption.gaps.caption"))
    gaps = data.conversion_gaps(scope)
    if gaps.empty:
        international = data.conversion_summary(scope)["international"]
        tables.empty_state("empty.no_gaps" if international else "empty.no_conversion", good_news=bool(international))
    else:
        tables.show_table(gaps, key="adoption-gaps", file_name="international_not_adopted", limit=data.LIST_LIMIT)

    st.subheader(t("adoption.list.title"))
    degree_codes = list(charts.DEGREE_COLOURS)
    degrees = st.multiselect(
        t("adoption.list.degrees"),
        degree_codes,
        format_func=labeller("degree", degree_codes),
        placeholder=t("filter.any"),
        key=DEGREES_KEY,
    )
    adoptions = data.adoption_list(scope, degrees)
    if adoptions.empty:
        tables.empty_state("empty.no_adoption")
    else:
        tables.show_table(
            adoptions.assign(sector=filters.label_sectors(adoptions["sector"])),
            key="adoption-list",
            file_name="national_adoptions",
            codes={"degree": "degree"},
            limit=data.LIST_LIMIT,
        )


if data.national_catalog_loaded():
    adoption(scope)
else:
    # Without national standards every international one looks unadopted: say so instead.
    tables.empty_state("empty.no_national")
