"""Plotly figure builders. They only shape mart rows into figures; no metric is computed here.

Colours are the Okabe-Ito palette, which stays distinguishable with the common forms of colour
blindness, and each stored code (level, degree, kind, run status) keeps one colour everywhere.
Figures are drawn with Streamlit's chart theme, so they follow the light or dark theme; the few
colours set here by hand (reference lines, outlines) take the theme's text colour.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import Any, Literal

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
import streamlit as st

from dashboard import config
from dashboard.components.i18n import TEXT, label, t

ORANGE = "#E69F00"
SKY = "#56B4E9"
GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
PURPLE = "#CC79A7"
GREY = "#A6A6A6"
SEQUENCE = [BLUE, ORANGE, GREEN, VERMILLION, SKY, PURPLE, YELLOW, GREY]

LEVEL_COLOURS = {
    "international": BLUE,
    "national": VERMILLION,
    "industry": GREEN,
    "local": PURPLE,
    "group": ORANGE,
    "enterprise": SKY,
}
DEGREE_COLOURS = {"IDT": GREEN, "MOD": SKY, "NEQ": ORANGE, "unknown": GREY}
KIND_COLOURS = {"cross_level": VERMILLION, "same_level": ORANGE, "multiple_current_editions": PURPLE}
MEMBERSHIP_COLOURS = {"p_count": BLUE, "o_count": SKY, "secretariats": ORANGE}
RUN_STATUS_COLOURS = {"ok": GREEN, "unchanged": SKY, "partial": ORANGE, "held_back": YELLOW, "failed": VERMILLION}
FOCUS = VERMILLION
OTHERS = GREY

# Chinese glyphs need a CJK font; list the common ones before the generic fallback.
_FONT = "Inter, 'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC', sans-serif"
_PICK = "_pick"  # column carrying the stored code a click on a bar filters by

# Where each metric is defined: anchors in docs/metrics.md, named after the metric or mart, so
# a link made today still lands on the right definition after the document grows.
DOCS_PATH = "docs/metrics.md"
METRICS = (
    "current_standards",
    "publications_per_year",
    "age_years",
    "overdue_share",
    "severely_aged",
    "to_be_revised",
    "lagging_adoption",
    "overlap_candidates",
    "adoption_degree",
    "adoption_rate",
    "conversion_rate",
    "participation",
    "etl_run",
)


def ink() -> str:
    """The theme's text colour, for reference lines that must show on light and dark."""
    theme = getattr(st.context, "theme", None)
    return "#FAFAFA" if getattr(theme, "type", None) == "dark" else "#31333F"


class Codes:
    """How a column of stored codes is named and coloured: Codes("level", LEVEL_COLOURS)."""

    def __init__(self, prefix: str, colours: Mapping[str, str] | None = None) -> None:
        self.prefix = prefix
        self.colours = dict(colours or {})

    def apply(self, frame: pd.DataFrame, column: str) -> tuple[pd.DataFrame, dict, list[str]]:
        """Frame with names for codes, the colour map by name, and the names in fixed order."""
        out = frame.copy()
        present = list(out[column].dropna().unique())
        ordered = [code for code in self.colours if code in present]
        ordered += sorted((code for code in present if code not in self.colours), key=str)
        names = {code: label(self.prefix, code) for code in ordered}
        out[column] = out[column].map(names)
        spare = iter(SEQUENCE[::-1])
        colour_map = {names[code]: self.colours.get(code) or next(spare, GREY) for code in ordered}
        return out, colour_map, [names[code] for code in ordered]


def _column_names(columns: Sequence[str]) -> dict[str, str]:
    """Hover labels in the current language for columns that have a name."""
    return {c: t(f"col.{c}") for c in columns if f"col.{c}" in TEXT}


def _whole_numbers(fig: go.Figure, axis: str, largest: float) -> None:
    """Counts of a few items get a tick per unit, not 0.5 steps."""
    if largest <= 10:
        getattr(fig, f"update_{axis}axes")(dtick=1, rangemode="tozero")


def _finish(
    fig: go.Figure,
    title: str,
    x_title: str | None,
    y_title: str | None,
    legend_y: float = -0.22,
    legend_on_top: bool = False,
) -> go.Figure:
    """Title, font, margins and legend shared by every figure.

    The legend goes under the plot, as the top belongs to the title and reference-line labels;
    on tall plots it goes between title and plot instead, where it is seen without scrolling.
    """
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left"},
        font={"family": _FONT, "size": 13},
        margin={"l": 10, "r": 10, "t": 90 if legend_on_top else 60, "b": 10},
        legend={
            "orientation": "h",
            "yanchor": "bottom" if legend_on_top else "top",
            "y": 1.0 + 8 / fig.layout.height if legend_on_top and fig.layout.height else legend_y,
            "x": 0,
            "xanchor": "left",
            "title_text": "",
        },
        hoverlabel={"font_family": _FONT},
    )
    if x_title is not None:
        fig.update_xaxes(title_text=x_title)
    if y_title is not None:
        fig.update_yaxes(title_text=y_title)
    return fig


def bar(
    frame: pd.DataFrame,
    x: str,
    y: str,
    *,
    title: str,
    x_title: str,
    y_title: str,
    colour: str | None = None,
    codes: Codes | None = None,
    axis_codes: Codes | None = None,
    horizontal: bool = False,
    percent: bool = False,
    mode: Literal["stack", "group", "overlay"] = "stack",
    target: float | None = None,
    target_label: str | None = None,
    hover: Sequence[str] = (),
    pick: str | None = None,
    highlight: str | None = None,
) -> go.Figure:
    """Bar chart of y per category x, optionally split by a colour column.

    Categories keep the order of axis_codes, else the order of the rows. codes names and
    colours the colour column. percent shows 0–1 values as percentages; target draws a
    dashed reference line. mode "overlay" draws later series over earlier ones, for a part
    shown inside its whole (severely aged within overdue). pick names the column whose stored
    value a click on a bar hands to show(..., on_pick=...). highlight names the category drawn
    at full strength while the others are faded.
    """
    shown = frame.copy()
    if pick is not None:
        shown[_PICK] = shown[pick]
    colour_map: dict = {}
    order: dict[str, list] = {}
    if colour is not None and codes is not None:
        shown, colour_map, order[colour] = codes.apply(shown, colour)
    if axis_codes is not None and axis_codes is not codes:
        shown, _, order[x] = axis_codes.apply(shown, x)
    categories = order.get(x) or list(dict.fromkeys(shown[x].dropna()))
    bars = len(categories) * (shown[colour].nunique() if colour and mode == "group" else 1)
    fig = px.bar(
        shown,
        x=y if horizontal else x,
        y=x if horizontal else y,
        color=colour,
        orientation="h" if horizontal else "v",
        color_discrete_map=colour_map or None,
        color_discrete_sequence=SEQUENCE,
        category_orders=order,
        barmode={"stack": "relative", "group": "group", "overlay": "overlay"}[mode],
        opacity=1.0,
        hover_data=list(hover) or None,
        custom_data=[_PICK] if pick is not None else None,
        labels={**_column_names([x, y, *([colour] if colour else []), *hover]), x: x_title, y: y_title},
        # Numbers on bars help while they fit: always on rows of a horizontal chart, and on
        # columns while there are few; on dozens of columns they only add noise.
        text_auto=(".0%" if percent else ",.0f") if horizontal or bars <= 40 else False,
    )
    if colour is None:
        fig.update_traces(marker_color=BLUE)
    value_axis = "x" if horizontal else "y"
    if horizontal:
        # First category at the top, as a ranked list reads.
        fig.update_yaxes(type="category", categoryorder="array", categoryarray=categories, autorange="reversed")
        height = max(280, 150 + (15 if mode == "group" else 26) * bars)
        fig.update_layout(height=height)
    elif pd.api.types.is_numeric_dtype(shown[x]):
        fig.update_xaxes(type="linear", tickformat="d")  # years: gaps stay visible
    else:
        fig.update_xaxes(type="category", categoryorder="array", categoryarray=categories)
    if percent:
        getattr(fig, f"update_{value_axis}axes")(tickformat=".0%", range=[0, 1.05])
    elif not shown.empty:
        stacked = shown.groupby(x)[y].sum() if colour and mode == "stack" else shown[y]
        _whole_numbers(fig, value_axis, float(stacked.max()))
    if target is not None:
        line = {
            "line_dash": "dash",
            "line_color": ink(),
            "annotation_text": target_label or "",
            "annotation_position": "top left",
        }
        if horizontal:
            fig.add_vline(x=target, **line)
        else:
            fig.add_hline(y=target, **line)
    fig.update_traces(cliponaxis=False, textangle=0)
    if highlight is not None:
        for trace in fig.data:
            rows = trace.y if horizontal else trace.x
            trace.marker.opacity = [1.0 if row == highlight else 0.35 for row in rows]
    if colour == x:
        fig.update_layout(showlegend=False)  # the axis already names each bar
    return _finish(
        fig,
        title,
        y_title if horizontal else x_title,
        x_title if horizontal else y_title,
        # The legend sits a fixed distance under tall plots, not a fraction of their height.
        legend_y=-70 / max(height - 150, 100) if horizontal else -0.22,
        legend_on_top=horizontal and height > 700,
    )


def treemap(
    frame: pd.DataFrame,
    path: Sequence[str],
    value: str,
    *,
    title: str,
    colour: str,
    codes: Codes,
    height: int = 520,
) -> go.Figure:
    """Nested rectangles sized by value, coloured by one of the path columns."""
    shown, colour_map, _ = codes.apply(frame, colour)
    fig = px.treemap(
        shown,
        path=[px.Constant(" "), *path],
        values=value,
        color=colour,
        color_discrete_map={"(?)": "rgba(0,0,0,0)", **colour_map},
    )
    fig.update_traces(
        textinfo="label+value",
        root_color="rgba(0,0,0,0)",
        hovertemplate="%{label}: %{value:,}",
        texttemplate="%{label}<br>%{value:,}",
    )
    fig.update_layout(height=height)
    return _finish(fig, title, None, None)


def histogram(
    frame: pd.DataFrame,
    x: str,
    *,
    title: str,
    x_title: str,
    y_title: str,
    colour: str | None = None,
    codes: Codes | None = None,
    lines: Sequence[tuple[float, str]] = (),
    bin_size: float = 1.0,
) -> go.Figure:
    """Stacked histogram with one-unit bins and labelled dashed reference lines."""
    shown, colour_map, order = frame, {}, []
    if colour is not None and codes is not None:
        shown, colour_map, order = codes.apply(frame, colour)
    fig = px.histogram(
        shown,
        x=x,
        color=colour,
        color_discrete_map=colour_map or None,
        category_orders={colour: order} if colour else None,
        barmode="stack",
        labels={x: x_title, "count": y_title, **({colour: t(f"legend.{colour}")} if colour else {})},
    )
    fig.update_traces(xbins={"start": 0, "size": bin_size})
    _whole_numbers(fig, "y", len(shown))
    # Alternate label sides so neighbouring lines do not print over each other.
    for index, (position, text) in enumerate(lines):
        fig.add_vline(
            x=position,
            line_dash="dash",
            line_color=ink(),
            annotation_text=text,
            annotation_position="top left" if index % 2 == 0 else "top right",
        )
    return _finish(fig, title, x_title, y_title)


def trend(
    frame: pd.DataFrame,
    x: str,
    y: str,
    series: str,
    *,
    title: str,
    x_title: str,
    y_title: str,
    highlight: str | None = None,
    colours: Mapping[str, str] | None = None,
    names: Mapping[str, str] | None = None,
) -> go.Figure:
    """One line per series; the highlighted one bold in the focus colour, the rest grey.

    colours gives each series its own colour instead (and no highlight); names their labels.
    """
    fig = go.Figure()
    ordered = sorted(frame[series].unique(), key=lambda s: (s == highlight, str(s)))
    if colours:
        ordered = [code for code in colours if code in set(ordered)]
    for name in ordered:
        rows = frame[frame[series] == name].sort_values(x)
        focused = name == highlight
        colour = (colours or {}).get(name) or (FOCUS if focused else OTHERS)
        shown_name = (names or {}).get(name, str(name))
        fig.add_trace(
            go.Scatter(
                x=rows[x],
                y=rows[y],
                name=shown_name,
                mode="lines+markers",
                line={"color": colour, "width": 4 if focused or colours else 1.5},
                marker={"size": 9 if focused else 6},
                opacity=1.0 if focused or highlight is None else 0.8,
                hovertemplate=f"{shown_name}<br>{x_title}: %{{x|%Y-%m-%d}}<br>{y_title}: %{{y:,}}<extra></extra>",
            )
        )
    snapshots = sorted(frame[x].dropna().unique())
    # A tick per snapshot while there are few: automatic date ticks repeat the same day.
    ticks = {"tickvals": snapshots} if len(snapshots) <= 12 else {}
    fig.update_xaxes(type="date", tickformat="%Y-%m-%d", **ticks)
    fig.update_yaxes(rangemode="tozero")
    if not frame.empty:
        _whole_numbers(fig, "y", float(frame[y].max()))
    return _finish(fig, title, x_title, y_title)


def timeline(
    frame: pd.DataFrame,
    x: str,
    y: str,
    colour: str,
    *,
    title: str,
    x_title: str,
    y_title: str,
    codes: Codes,
    hover: Sequence[str] = (),
) -> go.Figure:
    """Points on a time axis per category (e.g. ETL runs per source, coloured by outcome)."""
    shown, colour_map, order = codes.apply(frame, colour)
    fig = px.scatter(
        shown,
        x=x,
        y=y,
        color=colour,
        color_discrete_map=colour_map,
        category_orders={colour: order},
        hover_data=list(hover) or None,
        labels={**_column_names([x, y, colour, *hover]), x: x_title, y: y_title},
    )
    fig.update_traces(marker={"size": 12, "line": {"width": 1, "color": ink()}})
    fig.update_yaxes(type="category")
    # Runs minutes apart need seconds on the axis, runs months apart only the day.
    fig.update_xaxes(
        tickformatstops=[
            {"dtickrange": [None, 60_000], "value": "%H:%M:%S<br>%Y-%m-%d"},
            {"dtickrange": [60_000, 86_400_000], "value": "%H:%M<br>%Y-%m-%d"},
            {"dtickrange": [86_400_000, None], "value": "%Y-%m-%d"},
        ]
    )
    fig.update_layout(height=200 + 40 * shown[y].nunique())
    # A short plot: leave room for the two-line date ticks above the legend.
    return _finish(fig, title, x_title, y_title, legend_y=-0.6)


def _picked(key: str, on_pick: Callable[[Any], None]) -> None:
    """Selection callback: hand the stored code of the clicked bar to on_pick."""
    state = st.session_state.get(key)
    points = state["selection"]["points"] if state else []
    codes = [point["customdata"][0] for point in points if point.get("customdata")]
    if codes:
        on_pick(codes[0])


def show(fig: go.Figure, key: str, *, on_pick: Callable[[Any], None] | None = None) -> None:
    """Render a figure full width, exportable as PNG from its toolbar.

    on_pick makes a click on a bar act as a filter: it receives the bar's ``pick`` value.
    """
    chart_config = {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": key, "scale": 2},
        "modeBarButtonsToRemove": ["select2d", "lasso2d"],
    }
    title = fig.layout.title.text or key
    if on_pick is None:
        st.plotly_chart(fig, width="stretch", key=key, config=chart_config, alt=title)
        return
    st.plotly_chart(
        fig,
        width="stretch",
        key=key,
        config=chart_config,
        alt=title,
        on_select=partial(_picked, key, on_pick),
        selection_mode="points",
    )


def explain(caption: str, metric: str) -> None:
    """One line on what the chart shows, and its metric's definition a click away."""
    if metric not in METRICS:
        raise ValueError(f"no definition for {metric!r}; add it to METRICS and the def.* texts")
    text, more = st.columns([3, 1], vertical_alignment="center")
    text.caption(caption)
    with more.popover(t("definition.button"), icon=":material/menu_book:", type="tertiary"):
        st.markdown(f"**{t(f'def.{metric}.name')}**")
        st.markdown(t(f"def.{metric}"))
        try:
            docs_url = config.options().docs_url
        except config.ConfigError:
            docs_url = None
        if docs_url:
            st.markdown(f"[{t('definition.full')}]({docs_url}#{metric})")
        else:
            st.caption(t("definition.where", path=f"{DOCS_PATH}#{metric}"))
