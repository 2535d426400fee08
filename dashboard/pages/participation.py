"""Participation: where member bodies sit in ISO committees, and how that changes over time."""

from functools import partial

import numpy as np
import pandas as pd
import streamlit as st

from dashboard import data
from dashboard.components import charts, filters, i18n, tables
from dashboard.components.i18n import t

TOP = 10
TREND_MEMBERS = 6
COMMITTEE_KEY = "participation-committee"
# The committee shown first when the page opens, if the data has it (SAC holds its secretariat).
FIRST_COMMITTEE = "ISO/TC 306"
MEASURES = charts.Codes("measure", charts.MEMBERSHIP_COLOURS)


def focus_tiles(latest: pd.DataFrame, focus: str) -> None:
    """The focus member's counts and its place in the ranking."""
    focus_row = latest[latest["member"] == focus]
    if focus_row.empty:
        values = [t("participation.not_member")] * 4
    else:
        row = focus_row.iloc[0]
        # Competition ranking: members with equal P-memberships share a place.
        rank = int(latest["p_count"].rank(method="min", ascending=False)[focus_row.index[0]])
        values = [f"{row['p_count']:,}", f"{row['o_count']:,}", f"{row['secretariats']:,}"]
        values.append(f"{rank} / {len(latest)}")
    keys = ("focus_p", "focus_o", "focus_secretariats", "focus_rank")
    for column, key, value in zip(st.columns(4), keys, values, strict=True):
        column.metric(t(f"participation.{key}", member=focus), value, border=True)


def ranking_chart(latest: pd.DataFrame, focus: str) -> None:
    """Top members plus the focus member wherever it stands, the focus member in bold."""
    shown = latest.head(TOP)
    focus_row = latest[latest["member"] == focus]
    if not focus_row.empty and focus not in set(shown["member"]):
        shown = pd.concat([shown, focus_row])
    bold = f"<b>{focus}</b>"
    ranking = shown.assign(code=shown["member"], member=shown["member"].replace({focus: bold})).melt(
        id_vars=["member", "code"], value_vars=list(MEASURES.colours), var_name="measure"
    )
    charts.show(
        charts.bar(
            ranking,
            "member",
            "value",
            title=t("participation.ranking.title", n=min(TOP, len(latest))),
            x_title=t("axis.member"),
            y_title=t("axis.committees"),
            colour="measure",
            codes=MEASURES,
            horizontal=True,
            mode="group",
            pick="code",
            highlight=bold,
        ),
        key="participation-ranking",
        on_pick=partial(filters.pick, "member"),
    )
    charts.explain(t("participation.ranking.caption", member=focus), "participation")


def trend_chart(history: pd.DataFrame, latest: pd.DataFrame, focus: str) -> None:
    leaders = [*latest["member"].head(TREND_MEMBERS), focus]
    charts.show(
        charts.trend(
            history[history["member"].isin(leaders)],
            "as_of",
            "p_count",
            "member",
            title=t("participation.trend.title"),
            x_title=t("axis.snapshot"),
            y_title=t("axis.committees"),
            highlight=focus,
        ),
        key="participation-trend",
    )
    charts.explain(t("participation.trend.caption", member=focus), "participation")
    if history["as_of"].nunique() < 2:
        st.info(t("participation.single_snapshot"), icon=":material/timeline:")


def role_of(member: str, committees: pd.DataFrame) -> pd.Series:
    """The member's role in each committee: secretariat, P, O or none."""

    def holds(column: str) -> list[bool]:
        return [listed is not None and member in list(listed) for listed in committees[column]]

    # Column by column rather than a Python call per committee (there are hundreds).
    roles = np.select(
        [(committees["secretariat"] == member).fillna(False).to_numpy(bool), holds("p_members"), holds("o_members")],
        [t("participation.role.secretariat"), t("participation.role.p"), t("participation.role.o")],
        default="—",
    )
    return pd.Series(roles, index=committees.index, dtype=object)


def committee_drill_down(committees: pd.DataFrame, focus: str) -> None:
    """Pick a committee; see who holds its secretariat and who its members are."""
    names = {
        ref: f"{ref} · {title}" if isinstance(title, str) else ref
        for ref, title in zip(committees["committee_ref"], committees["title"], strict=True)
    }
    if st.session_state.get(COMMITTEE_KEY) not in names:
        held = committees.loc[committees["secretariat"] == focus, "committee_ref"]
        st.session_state[COMMITTEE_KEY] = (
            FIRST_COMMITTEE if FIRST_COMMITTEE in names else (held.iloc[0] if len(held) else next(iter(names)))
        )
    chosen = st.selectbox(
        t("participation.committee_pick"), list(names), format_func=names.__getitem__, key=COMMITTEE_KEY
    )
    detail = committees[committees["committee_ref"] == chosen].iloc[0]
    holder, p_members, o_members = st.columns([1, 2, 2])
    secretariat = detail["secretariat"] if isinstance(detail["secretariat"], str) else "—"
    holder.metric(t("participation.secretariat"), secretariat, border=True)
    sector = detail["sector"]
    holder.caption(t("participation.committee_sector", sector=filters.sector_label(sector)))
    for column, key, listed in (
        (p_members, "participation.p_members", detail["p_members"]),
        (o_members, "participation.o_members", detail["o_members"]),
    ):
        members = sorted([] if listed is None else listed, key=lambda m: (m != focus, m))
        with column.container(border=True):
            st.markdown(f"**{t(key)}** ({len(members)})")
            st.write(", ".join(f"**{m}**" if m == focus else m for m in members) or "—")
    st.subheader(t("participation.committees.list", member=focus))
    listed = committees.drop(columns=["as_of"]).assign(role=role_of(focus, committees))
    listed["sector"] = filters.label_sectors(listed["sector"])
    tables.show_table(
        listed,
        key="participation-committees",
        file_name="committees_latest",
        columns=[
            "committee_ref",
            "title",
            "sector",
            "role",
            "secretariat",
            "p_count",
            "o_count",
            "p_members",
            "o_members",
        ],  # fmt: skip
    )


scope = filters.scope()
sector = scope.sector
focus = filters.member()
st.caption(t("participation.caption", member=focus))
if scope.group:
    # Committees are filed under an ICS field only, so a group cannot narrow them further.
    st.caption(t("participation.group_note", sector=filters.sector_label(sector)))
elif sector is not None:
    st.caption(t("participation.sector_note"))

history = data.participation(sector)
if history.empty:
    tables.empty_state("empty.no_participation")
else:
    latest_as_of = history["as_of"].max()
    latest = history[history["as_of"] == latest_as_of].sort_values(
        ["p_count", "secretariats", "member"], ascending=[False, False, True]
    )
    st.caption(t("participation.snapshot", as_of=i18n.date_text(latest_as_of)))
    focus_tiles(latest, focus)
    left, right = st.columns(2)
    with left:
        ranking_chart(latest, focus)
    with right:
        trend_chart(history, latest, focus)
    tables.show_table(latest, key="participation-latest", file_name="participation_latest")

st.subheader(t("participation.committees.title"))
committees = data.committees_latest(sector)
if committees.empty:
    tables.empty_state("empty.no_participation")
else:
    committee_drill_down(committees, focus)
