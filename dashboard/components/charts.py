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


# Figures are built as plain dicts and validated once, by go.Figure: plotly express and the
# update_* helpers validate every property again on each call, which made figure building the
# larger part of a page's time once its queries were cached.


def _column_names(columns: Sequence[str]) -> dict[str, str]:
    """Hover labels in the current language for columns that have a name."""
    return {c: t(f"col.{c}") for c in columns if f"col.{c}" in TEXT}


def _values(series: pd.Series) -> list:
    """Plain Python values for a trace; missing ones as None (JSON null)."""
    if not series.hasnans:
        return series.tolist()
    return series.astype(object).where(series.notna(), None).tolist()


def _rows(frame: pd.DataFrame, columns: Sequence[str]) -> list[list]:
    """customdata: per row, the values of columns (missing ones as None)."""
    picked = frame[list(columns)].astype(object)
    return picked.where(picked.notna(), None).to_numpy().tolist()


def _series(
    shown: pd.DataFrame, colour: str | None, order: Sequence[str], colour_map: Mapping[str, str]
) -> list[tuple[str | None, pd.DataFrame, str]]:
    """(name, rows, colour) per trace: one per value of the colour column, in order."""
    if colour is None:
        return [(None, shown, BLUE)]
    present = list(dict.fromkeys(shown[colour].dropna()))
    names = [name for name in order if name in present] + [name for name in present if name not in order]
    spare = iter(SEQUENCE)
    return [(name, shown[shown[colour] == name], colour_map.get(name) or next(spare, GREY)) for name in names]


def _whole_numbers(axis: dict, largest: float) -> None:
    """Counts of a few items get a tick per unit, not 0.5 steps."""
    if largest <= 10:
        axis.update(dtick=1, rangemode="tozero")


def _line(axis: str, position: float, text: str, side: str) -> tuple[dict, dict]:
    """A dashed reference line across the plot and its label, as add_vline/add_hline draw them.

    axis "x" draws a vertical line at x=position, "y" a horizontal one; side is where the
    label sits: "top left" or "top right".
    """
    left = side == "top left"
    shape: dict[str, Any] = {"type": "line", "line": {"color": ink(), "dash": "dash"}}
    note: dict[str, Any] = {"showarrow": False, "text": text}
    if axis == "x":
        shape.update(x0=position, x1=position, xref="x", y0=0, y1=1, yref="y domain")
        note.update(x=position, xref="x", xanchor="right" if left else "left")
        note.update(y=1, yref="y domain", yanchor="top")
    else:
        shape.update(x0=0, x1=1, xref="x domain", y0=position, y1=position, yref="y")
        note.update(x=0 if left else 1, xref="x domain", xanchor="left" if left else "right")
        note.update(y=position, yref="y", yanchor="bottom")
    return shape, note


def _finish(
    data: list[dict],
    layout: dict,
    title: str,
    x_title: str | None,
    y_title: str | None,
    legend_y: float = -0.22,
    legend_on_top: bool = False,
) -> go.Figure:
    """Title, font, margins and legend shared by every figure, then the one validated Figure.

    The legend goes under the plot, as the top belongs to the title and reference-line labels;
    on tall plots it goes between title and plot instead, where it is seen without scrolling.
    """
    height = layout.get("height")
    layout.update(
        title={"text": title, "x": 0, "xanchor": "left"},
        font={"family": _FONT, "size": 13},
        margin={"l": 10, "r": 10, "t": 90 if legend_on_top else 60, "b": 10},
        legend={
            "tracegroupgap": 0,
            "orientation": "h",
            "yanchor": "bottom" if legend_on_top else "top",
            "y": 1.0 + 8 / height if legend_on_top and height else legend_y,
            "x": 0,
            "xanchor": "left",
            "title": {"text": ""},
        },
        hoverlabel={"font": {"family": _FONT}},
    )
    if x_title is not None:
        layout.setdefault("xaxis", {})["title"] = {"text": x_title}
    if y_title is not None:
        layout.setdefault("yaxis", {})["title"] = {"text": y_title}
    return go.Figure({"data": data, "layout": layout})


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
    shown = frame
    if pick is not None:
        shown = shown.assign(**{_PICK: shown[pick]})  # the stored code, before codes become names
    colour_map: dict = {}
    colour_order: list[str] = []
    if colour is not None and codes is not None:
        shown, colour_map, colour_order = codes.apply(shown, colour)
    axis_order: list[str] = []
    if axis_codes is not None and axis_codes is not codes:
        shown, _, axis_order = axis_codes.apply(shown, x)
    categories = axis_order or (colour_order if colour == x else []) or list(dict.fromkeys(shown[x].dropna()))
    bars = len(categories) * (shown[colour].nunique() if colour and mode == "group" else 1)
    # Numbers on bars help while they fit: always on rows of a horizontal chart, and on
    # columns while there are few; on dozens of columns they only add noise.
    text = (".0%" if percent else ",.0f") if horizontal or bars <= 40 else None
    names = {**_column_names([x, y, *([colour] if colour else []), *hover]), x: x_title, y: y_title}
    category_axis, value_axis = ("y", "x") if horizontal else ("x", "y")
    extra = [_PICK] if pick is not None else []
    # Hover reads as plotly express wrote it: the colour, then the x and y arguments it was
    # given (value first on horizontal bars), where a colour that is the category comes first.
    lines = [f"{names[x]}=%{{{category_axis}}}", f"{names[y]}=%{{{value_axis}}}"]
    if horizontal and colour != x:
        lines.reverse()
    lines += [f"{names.get(column, column)}=%{{customdata[{len(extra) + i}]}}" for i, column in enumerate(hover)]
    data = []
    for name, rows, fill in _series(shown, colour, colour_order, colour_map):
        trace: dict[str, Any] = {
            "type": "bar",
            "orientation": "h" if horizontal else "v",
            category_axis: _values(rows[x]),
            value_axis: _values(rows[y]),
            "name": "" if name is None else name,
            "legendgroup": "" if name is None else name,
            "showlegend": name is not None,
            "marker": {"color": fill, "opacity": 1.0},
            "cliponaxis": False,
            "textangle": 0,
            "textposition": "auto",
            "hovertemplate": "<br>".join(
                [*([] if name is None or colour == x else [f"{names[colour]}={name}"]), *lines]
            )
            + "<extra></extra>",
        }
        if text is not None:
            trace["texttemplate"] = f"%{{{value_axis}:{text}}}"
        if extra or hover:
            trace["customdata"] = _rows(rows, [*extra, *hover])
        if mode == "group" and name is not None:
            trace.update(offsetgroup=name, alignmentgroup="True")
        if highlight is not None:
            trace["marker"]["opacity"] = [1.0 if row == highlight else 0.35 for row in trace[category_axis]]
        data.append(trace)
    layout: dict[str, Any] = {
        "barmode": {"stack": "relative", "group": "group", "overlay": "overlay"}[mode],
        "xaxis": {},
        "yaxis": {},
    }
    height = 0
    if horizontal:
        # First category at the top, as a ranked list reads.
        layout["yaxis"].update(type="category", categoryorder="array", categoryarray=categories, autorange="reversed")
        height = max(280, 150 + (15 if mode == "group" else 26) * bars)
        layout["height"] = height
    elif pd.api.types.is_numeric_dtype(shown[x]):
        layout["xaxis"].update(type="linear", tickformat="d")  # years: gaps stay visible
    else:
        layout["xaxis"].update(type="category", categoryorder="array", categoryarray=categories)
    if percent:
        layout[f"{value_axis}axis"].update(tickformat=".0%", range=[0, 1.05])
    elif not shown.empty:
        stacked = shown.groupby(x)[y].sum() if colour and mode == "stack" else shown[y]
        _whole_numbers(layout[f"{value_axis}axis"], float(stacked.max()))
    if target is not None:
        shape, note = _line(value_axis, target, target_label or "", "top left")
        layout.update(shapes=[shape], annotations=[note])
    if colour == x:
        layout["showlegend"] = False  # the axis already names each bar
    return _finish(
        data,
        layout,
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
    """Nested rectangles sized by value, coloured by one of the path columns.

    A rectangle takes its colour when everything inside it has the same colour value, and
    stays transparent when it mixes several (a sector holding every level).
    """
    shown, colour_map, _ = codes.apply(frame, colour)
    root = " "
    ids, labels, parents, values, colours, custom = [root], [root], [""], [float(shown[value].sum())], [], []
    kinds = shown[colour].nunique(dropna=False)
    colours.append(colour_map.get(shown[colour].iloc[0]) if kinds == 1 and len(shown) else "rgba(0,0,0,0)")
    custom.append([shown[colour].iloc[0] if kinds == 1 and len(shown) else "(?)"])
    for depth in range(1, len(path) + 1):
        keys = list(path[:depth])
        nodes = shown.groupby(keys, sort=True, dropna=False).agg(
            total=(value, "sum"), kinds=(colour, "nunique"), first=(colour, "first")
        )
        for key, row in nodes.iterrows():
            key = key if isinstance(key, tuple) else (key,)
            parts = [str(part) for part in key]
            ids.append("/".join([root, *parts]))
            parents.append("/".join([root, *parts[:-1]]))
            labels.append(parts[-1])
            values.append(float(row["total"]))
            single = row["kinds"] == 1
            colours.append(colour_map.get(row["first"], "rgba(0,0,0,0)") if single else "rgba(0,0,0,0)")
            custom.append([row["first"] if single else "(?)"])
    # Siblings of equal size keep this order; plotly express ordered the nodes by colour.
    order = sorted(range(1, len(ids)), key=lambda i: (custom[i][0] != "(?)", str(custom[i][0])))
    ids, labels, parents, values, colours, custom = (
        [column[0], *(column[i] for i in order)] for column in (ids, labels, parents, values, colours, custom)
    )
    data = [
        {
            "type": "treemap",
            "branchvalues": "total",
            "ids": ids,
            "labels": labels,
            "parents": parents,
            "values": values,
            "customdata": custom,
            "marker": {"colors": colours},
            "name": "",
            "root": {"color": "rgba(0,0,0,0)"},
            "textinfo": "label+value",
            "hovertemplate": "%{label}: %{value:,}",
            "texttemplate": "%{label}<br>%{value:,}",
        }
    ]
    return _finish(data, {"height": height}, title, None, None)


def histogram(
    frame: pd.DataFrame,
    x: str,
    y: str,
    *,
    title: str,
    x_title: str,
    y_title: str,
    colour: str | None = None,
    codes: Codes | None = None,
    lines: Sequence[tuple[float, str]] = (),
    bin_size: float = 1.0,
) -> go.Figure:
    """Stacked histogram of counted bins (x: a bin's lower edge, y: its count) with labelled
    dashed reference lines.

    The bins come counted from the database: a histogram of raw values would send every
    value to the browser.
    """
    shown, colour_map, order = frame, {}, []
    if colour is not None and codes is not None:
        shown, colour_map, order = codes.apply(frame, colour)
    names = {x: x_title, y: y_title, **({colour: t(f"legend.{colour}")} if colour else {})}
    data = []
    for name, rows, fill in _series(shown, colour, order, colour_map):
        edges = rows[x].astype(float)
        data.append(
            {
                "type": "bar",
                "x": (edges + bin_size / 2).tolist(),
                "y": _values(rows[y]),
                "width": bin_size,
                "customdata": [[f"{edge:g}–{edge + bin_size:g}"] for edge in edges],
                "name": "" if name is None else name,
                "legendgroup": "" if name is None else name,
                "showlegend": name is not None,
                "marker": {"color": fill},
                "hovertemplate": "<br>".join(
                    ([] if name is None else [f"{names[colour]}={name}"])
                    + [f"{x_title}=%{{customdata[0]}}", f"{y_title}=%{{y}}"]
                )
                + "<extra></extra>",
            }
        )
    layout: dict[str, Any] = {"barmode": "stack", "bargap": 0, "xaxis": {}, "yaxis": {}}
    _whole_numbers(layout["yaxis"], float(shown.groupby(x)[y].sum().max()) if len(shown) else 0.0)
    # Alternate label sides so neighbouring lines do not print over each other.
    marks = [_line("x", at, text, "top left" if i % 2 == 0 else "top right") for i, (at, text) in enumerate(lines)]
    if marks:
        layout.update(shapes=[shape for shape, _ in marks], annotations=[note for _, note in marks])
    return _finish(data, layout, title, x_title, y_title)


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
    ordered = sorted(frame[series].unique(), key=lambda s: (s == highlight, str(s)))
    if colours:
        ordered = [code for code in colours if code in set(ordered)]
    data = []
    for name in ordered:
        rows = frame[frame[series] == name].sort_values(x)
        focused = name == highlight
        colour = (colours or {}).get(name) or (FOCUS if focused else OTHERS)
        shown_name = (names or {}).get(name, str(name))
        data.append(
            {
                "type": "scatter",
                "x": _values(rows[x]),
                "y": _values(rows[y]),
                "name": shown_name,
                "mode": "lines+markers",
                "line": {"color": colour, "width": 4 if focused or colours else 1.5},
                "marker": {"size": 9 if focused else 6},
                "opacity": 1.0 if focused or highlight is None else 0.8,
                "hovertemplate": f"{shown_name}<br>{x_title}: %{{x|%Y-%m-%d}}<br>{y_title}: %{{y:,}}<extra></extra>",
            }
        )
    snapshots = sorted(frame[x].dropna().unique())
    # A tick per snapshot while there are few: automatic date ticks repeat the same day.
    ticks = {"tickvals": [pd.Timestamp(s).isoformat() for s in snapshots]} if len(snapshots) <= 12 else {}
    layout: dict[str, Any] = {
        "xaxis": {"type": "date", "tickformat": "%Y-%m-%d", **ticks},
        "yaxis": {"rangemode": "tozero"},
    }
    if not frame.empty:
        _whole_numbers(layout["yaxis"], float(frame[y].max()))
    return _finish(data, layout, title, x_title, y_title)


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
    names = {**_column_names([x, y, colour, *hover]), x: x_title, y: y_title}
    lines = [f"{names[x]}=%{{x}}", f"{names[y]}=%{{y}}"]
    lines += [f"{names.get(column, column)}=%{{customdata[{i}]}}" for i, column in enumerate(hover)]
    data = []
    for name, rows, fill in _series(shown, colour, order, colour_map):
        trace: dict[str, Any] = {
            "type": "scatter",
            "mode": "markers",
            "x": _values(rows[x]),
            "y": _values(rows[y]),
            "name": name,
            "legendgroup": name,
            "showlegend": True,
            "marker": {"color": fill, "symbol": "circle", "size": 12, "line": {"width": 1, "color": ink()}},
            "hovertemplate": "<br>".join([f"{names[colour]}={name}", *lines]) + "<extra></extra>",
        }
        if hover:
            trace["customdata"] = _rows(rows, hover)
        data.append(trace)
    layout: dict[str, Any] = {
        "yaxis": {"type": "category"},
        # Runs minutes apart need seconds on the axis, runs months apart only the day.
        "xaxis": {
            "tickformatstops": [
                {"dtickrange": [None, 60_000], "value": "%H:%M:%S<br>%Y-%m-%d"},
                {"dtickrange": [60_000, 86_400_000], "value": "%H:%M<br>%Y-%m-%d"},
                {"dtickrange": [86_400_000, None], "value": "%Y-%m-%d"},
            ]
        },
        "height": 200 + 40 * shown[y].nunique(),
    }
    # A short plot: leave room for the two-line date ticks above the legend.
    return _finish(data, layout, title, x_title, y_title, legend_y=-0.6)


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
