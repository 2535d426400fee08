"""Figure builders: what a chart shows and what a click on it hands back."""

from __future__ import annotations

import pandas as pd

from dashboard.components import charts

LEVELS = charts.Codes("level", charts.LEVEL_COLOURS)


def test_bar_hands_back_the_stored_code_even_when_its_column_is_named() -> None:
    frame = pd.DataFrame({"level": ["national", "international"], "standards": [3, 5]})

    fig = charts.bar(
        frame,
        "level",
        "standards",
        title="t",
        x_title="Level",
        y_title="Standards",
        colour="level",
        codes=LEVELS,
        horizontal=True,
        pick="level",
    )

    # Colours follow the level, in the palette's order; the click filters by the stored code.
    assert [trace.marker.color for trace in fig.data] == [charts.BLUE, charts.VERMILLION]
    assert [list(row) for row in fig.data[0].customdata] == [["international"]]
    assert list(fig.layout.yaxis.categoryarray) == [fig.data[0].name, fig.data[1].name]
    assert fig.layout.showlegend is False


def test_bar_hover_columns_follow_the_pick_code() -> None:
    frame = pd.DataFrame({"group": ["25", "77"], "rate": [0.5, 1.0], "adopted": [1, 2]})

    fig = charts.bar(
        frame,
        "group",
        "rate",
        title="t",
        x_title="Sector",
        y_title="Share",
        horizontal=True,
        percent=True,
        hover=["adopted"],
        pick="group",
        target=0.85,
        target_label="Target",
    )

    (trace,) = fig.data
    assert [list(row) for row in trace.customdata] == [["25", 1], ["77", 2]]
    assert "%{customdata[1]}" in trace.hovertemplate
    assert trace.texttemplate == "%{x:.0%}"
    assert fig.layout.shapes[0].x0 == 0.85 and fig.layout.annotations[0].text == "Target"


def test_histogram_draws_counted_bins() -> None:
    bins = pd.DataFrame({"level": ["national", "national", "industry"], "age": [0, 12, 3], "standards": [4, 2, 7]})

    fig = charts.histogram(
        bins,
        "age",
        "standards",
        title="t",
        x_title="Age",
        y_title="Standards",
        colour="level",
        codes=LEVELS,
        lines=[(5, "review"), (10, "severe")],
    )

    national = fig.data[0]
    # A bar per one-year bin, from its lower edge to the next: 0–1 and 12–13.
    assert list(national.x) == [0.5, 12.5] and list(national.y) == [4, 2] and national.width == 1
    assert fig.layout.barmode == "stack" and fig.layout.bargap == 0
    assert [shape.x0 for shape in fig.layout.shapes] == [5, 10]
    assert [note.xanchor for note in fig.layout.annotations] == ["right", "left"]


def test_treemap_sums_nodes_and_colours_what_is_one_level() -> None:
    frame = pd.DataFrame(
        {"sector": ["25", "25", "77"], "level": ["national", "industry", "national"], "standards": [2, 3, 4]}
    )

    fig = charts.treemap(frame, ["sector", "level"], "standards", title="t", colour="level", codes=LEVELS)

    (trace,) = fig.data
    nodes = dict(zip(trace.ids, zip(trace.values, trace.marker.colors, strict=True), strict=True))
    assert nodes[" "][0] == 9
    assert nodes[" /25"] == (5, "rgba(0,0,0,0)")  # two levels: no one colour
    assert nodes[" /77"] == (4, charts.VERMILLION)
    # Leaves take their level's colour; each sits under its sector.
    leaves = {node: colour for node, (_, colour) in nodes.items() if node.count("/") == 2}
    assert sorted(leaves.values()) == sorted([charts.VERMILLION, charts.GREEN, charts.VERMILLION])
    assert set(trace.parents) == {"", " ", " /25", " /77"}
