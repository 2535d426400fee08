"""Overlap: pairs of current standards whose titles are near-duplicates, to be reviewed."""

import streamlit as st

from dashboard import data
from dashboard.components import charts, filters, tables, thresholds
from dashboard.components.i18n import labeller, t

sector = filters.selected_sector()
st.caption(t("overlap.caption"))

# The marts hold only pairs at or above the build's threshold, so that is the slider's floor.
floor = min(max(thresholds.current().overlap_threshold, 0.0), 1.0)
KINDS = list(charts.KIND_COLOURS)
pick_threshold, pick_kinds = st.columns([1, 2])
min_similarity = pick_threshold.slider(
    t("overlap.threshold"),
    min_value=floor,
    max_value=1.0,
    value=floor,
    step=0.01,
    help=t("overlap.threshold.help", threshold=f"{floor:.2f}"),
    key="overlap-threshold",
)
kinds = pick_kinds.multiselect(t("overlap.kinds"), KINDS, format_func=labeller("kind", KINDS), key="overlap-kinds")

by_kind = data.overlap_by_kind(sector, min_similarity)
if by_kind.empty:
    tables.empty_state("empty.no_overlap")
else:
    charts.show(
        charts.bar(
            by_kind,
            "kind",
            "pairs",
            title=t("overlap.by_kind.title"),
            x_title=t("axis.kind"),
            y_title=t("axis.pairs"),
            colour="kind",
            codes=charts.Codes("kind", charts.KIND_COLOURS),
            horizontal=True,
        ),
        key="overlap-by-kind",
    )

    st.subheader(t("overlap.pairs.title"))
    pairs = data.overlap_pairs(sector, min_similarity, kinds)
    if pairs.empty:
        tables.empty_state("empty.no_overlap")
    else:
        pairs["sector"] = filters.label_sectors(pairs["sector"])
        tables.show_table(
            pairs,
            key="overlap-pairs",
            file_name="overlap_candidates.csv",
            codes={"kind": "kind", "level_a": "level", "level_b": "level"},
        )
