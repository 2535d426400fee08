"""Participation: where member bodies sit in ISO committees, and how that changes over time."""

import pandas as pd
import streamlit as st

from dashboard import data
from dashboard.components import charts, filters, tables, thresholds
from dashboard.components.i18n import t

TOP = 10
TREND_MEMBERS = 6
MEASURES = charts.Codes("measure", {"p_count": charts.BLUE, "o_count": charts.SKY, "secretariats": charts.ORANGE})


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
    ranking = shown.assign(member=shown["member"].replace({focus: f"<b>{focus}</b>"})).melt(
        id_vars=["member"], value_vars=list(MEASURES.colours), var_name="measure"
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
        ),
        key="participation-ranking",
    )
    st.caption(t("participation.ranking.caption", member=focus))


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
    st.caption(t("participation.trend.caption", member=focus))
    if history["as_of"].nunique() < 2:
        st.info(t("participation.single_snapshot"), icon=":material/timeline:")


def committee_drill_down(committees: pd.DataFrame, focus: str) -> None:
    """Pick a committee; see who holds its secretariat and who its members are."""
    names = {
        ref: f"{ref} · {title}" if isinstance(title, str) else ref
        for ref, title in zip(committees["committee_ref"], committees["title"], strict=True)
    }
    chosen = st.selectbox(
        t("participation.committee_pick"),
        list(names),
        format_func=names.__getitem__,
        key="participation-committee",
    )
    detail = committees[committees["committee_ref"] == chosen].iloc[0]
    holder, p_members, o_members = st.columns([1, 2, 2])
    secretariat = detail["secretariat"] if isinstance(detail["secretariat"], str) else "—"
    holder.metric(t("participation.secretariat"), secretariat, border=True)
    for column, key, listed in (
        (p_members, "participation.p_members", detail["p_members"]),
        (o_members, "participation.o_members", detail["o_members"]),
    ):
        members = sorted([] if listed is None else listed, key=lambda m: (m != focus, m))
        with column.container(border=True):
            st.markdown(f"**{t(key)}** ({len(members)})")
            st.write(", ".join(members) or "—")
    tables.show_table(
        committees.drop(columns=["as_of"]),
        key="participation-committees",
        file_name="committees_latest.csv",
    )


sector = filters.selected_sector()
focus = thresholds.current().focus_member
st.caption(t("participation.caption", member=focus))
if sector is not None:
    st.caption(t("participation.sector_note"))

history = data.participation(sector)
if history.empty:
    tables.empty_state("empty.no_participation")
else:
    latest_as_of = history["as_of"].max()
    latest = history[history["as_of"] == latest_as_of].sort_values(
        ["p_count", "secretariats", "member"], ascending=[False, False, True]
    )
    st.caption(t("participation.snapshot", as_of=pd.Timestamp(latest_as_of).date()))
    focus_tiles(latest, focus)
    left, right = st.columns(2)
    with left:
        ranking_chart(latest, focus)
    with right:
        trend_chart(history, latest, focus)
    tables.show_table(latest, key="participation-latest", file_name="participation_latest.csv")

st.subheader(t("participation.committees.title"))
committees = data.committees_latest(sector)
if committees.empty:
    tables.empty_state("empty.no_participation")
else:
    committee_drill_down(committees, focus)
