"""Overlap: pairs of current standards whose titles are near-duplicates, to be reviewed."""

import pandas as pd
import streamlit as st

from dashboard import data
from dashboard.components import charts, filters, tables, thresholds
from dashboard.components.i18n import label, labeller, t

KINDS_KEY = "overlap-kinds"
scope = filters.scope()
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
kinds = pick_kinds.multiselect(
    t("overlap.kinds"), KINDS, format_func=labeller("kind", KINDS), placeholder=t("filter.any"), key=KINDS_KEY
)


def pick_kind(kind: str) -> None:
    st.session_state[KINDS_KEY] = [kind]


def side_by_side(pair: pd.Series) -> None:
    """The two standards of a pair next to each other, with what tells them apart."""
    details = data.standards_by_id([pair["std_a"], pair["std_b"]]).set_index("std_id")
    st.markdown(t("overlap.compare.summary", similarity=f"{pair['similarity']:.2f}", kind=label("kind", pair["kind"])))
    for column, side in zip(st.columns(2), ("a", "b"), strict=True):
        std_id = pair[f"std_{side}"]
        row = details.loc[std_id] if std_id in details.index else pd.Series(dtype=object)
        with column.container(border=True):
            st.markdown(f"#### {pair[f'ref_{side}']}")
            st.markdown(pair[f"title_{side}"] or "—")
            if isinstance(row.get("title_en"), str) and row.get("title_en") != pair[f"title_{side}"]:
                st.caption(row["title_en"])
            facts = {
                t("col.level"): label("level", pair[f"level_{side}"]),
                t("col.publisher"): pair[f"publisher_{side}"],
                t("col.status"): label("std_status", row.get("status")) if row.get("status") else "—",
                t("col.year"): row.get("year"),
                t("col.age_years"): None if pd.isna(row.get("age_years")) else f"{row['age_years']:.1f}",
                t("col.sectors"): ", ".join(map(filters.sector_label, str(row["sectors"]).split(", ")))
                if isinstance(row.get("sectors"), str)
                else None,
                t("col.committee_ref"): row.get("committee_ref"),
            }
            st.markdown(
                "\n".join(
                    f"- **{name}**: {'—' if value is None or pd.isna(value) else value}"
                    for name, value in facts.items()
                )
            )


by_kind = data.overlap_by_kind(scope, min_similarity)
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
            pick="kind",
        ),
        key="overlap-by-kind",
        on_pick=pick_kind,
    )
    charts.explain(t("overlap.by_kind.caption"), "overlap_candidates")

    st.subheader(t("overlap.pairs.title"))
    pairs = data.overlap_pairs(scope, min_similarity, kinds)
    if pairs.empty:
        tables.empty_state("empty.no_overlap")
    else:
        st.caption(t("overlap.pairs.caption"))
        shown = pairs.assign(sector=filters.label_sectors(pairs["sector"]))
        picked = tables.show_table(
            shown,
            key="overlap-pairs",
            file_name="overlap_candidates",
            columns=[c for c in pairs.columns if c not in ("std_a", "std_b")],
            codes={"kind": "kind", "level_a": "level", "level_b": "level"},
            selectable=True,
            height=320,
        )
        st.subheader(t("overlap.compare.title"))
        side_by_side(pairs.iloc[picked[0] if picked else 0])
