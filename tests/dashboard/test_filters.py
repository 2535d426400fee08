"""Global filters: URL parameters are validated, widgets and URL stay in step, pages share them.

Expected numbers are those written next to the rows in fixture_db.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from etl import settings
from tests.dashboard.apptest import PAGES, assert_clean, charts, metrics, open_app, table_rows, texts


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("sector", "zz"),
        ("sector", "25' OR 1=1 --"),
        ("sector", "25; DROP TABLE mart_kpi"),
        ("lang", "xx"),
        ("lang", "en' --"),
    ],
)
def test_unknown_query_value_is_dropped_with_a_warning(served: Path, name: str, value: str) -> None:
    at = open_app("overview", **{name: value})

    assert_clean(at)
    warnings = texts(at.warning)
    assert len(warnings) == 1
    assert f"{name}={value}" in warnings[0]
    assert name not in at.query_params
    assert metrics(at)["现行标准"] == "9"  # Chinese, all sectors


def test_every_unknown_filter_value_gets_its_own_notice(served: Path) -> None:
    bad = {"sector": "25.999", "level": "galactic", "publisher": "NOPE", "status": "zz", "from": "1800",
           "to": "abc", "member": "XYZ"}  # fmt: skip
    at = open_app("catalog", lang="en", **bad)

    assert_clean(at)
    assert sorted(texts(at.warning)) == sorted(
        f"Ignored link parameter {name}={value}: not one of the choices." for name, value in bad.items()
    )
    assert dict(at.query_params) == {"lang": "en"}
    assert table_rows(at) == [10]  # everything, as without the link's filters


def test_long_rejected_value_is_shortened(served: Path) -> None:
    at = open_app("overview", lang="en", sector="9" * 500)

    assert_clean(at)
    assert "9" * 40 + "…" in texts(at.warning)[0]
    assert "9" * 41 not in texts(at.warning)[0]


@pytest.mark.parametrize("page", PAGES)
def test_invalid_parameters_on_every_page(served: Path, page: str) -> None:
    at = open_app(page, lang="xx", sector="zz")

    assert_clean(at)
    # Both rejected on the first run; the page itself then runs with defaults.
    assert "sector" not in at.query_params
    assert "lang" not in at.query_params


def test_sector_widget_updates_numbers_and_url(served: Path) -> None:
    at = open_app("overview", lang="en")
    assert metrics(at)["Current standards"] == "9"

    at.selectbox(key="sector").set_value("77").run()

    assert_clean(at)
    assert metrics(at)["Current standards"] == "3"
    assert at.query_params["sector"] == "77"

    at.selectbox(key="sector").set_value("").run()

    assert metrics(at)["Current standards"] == "9"
    assert "sector" not in at.query_params


def test_sector_choice_carries_over_to_other_pages(served: Path) -> None:
    at = open_app("overview", lang="en")
    at.selectbox(key="sector").set_value("25").run()

    at.switch_page("dashboard/pages/lagging.py").run()

    assert_clean(at)
    assert metrics(at)["Current standards"] == "5"
    assert at.query_params["sector"] == "25"
    assert any("Scope: 25 Manufacturing engineering" in c for c in texts(at.caption))


def test_sector_names_come_from_the_sector_table(served: Path) -> None:
    chinese = open_app("overview", sector="77")
    english = open_app("overview", lang="en", sector="77")

    assert any("范围：77 冶金" in c for c in texts(chinese.caption))
    assert any("Scope: 77 Metallurgy" in c for c in texts(english.caption))
    assert english.selectbox(key="sector").options == [
        "All sectors",
        "25 Manufacturing engineering",
        "77 Metallurgy",
    ]


def test_language_switch(served: Path) -> None:
    at = open_app("overview")
    assert texts(at.title) == ["概览"]

    at.radio(key="lang").set_value("en").run()

    assert texts(at.title) == ["Overview"]
    assert at.query_params["lang"] == "en"


def test_default_language_comes_from_config(served: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    config = tmp_path / "english.toml"
    config.write_text('[dashboard]\nlanguage = "en"\n', encoding="utf-8")
    monkeypatch.setenv(settings.CONFIG_ENV, str(config))

    at = open_app("overview")

    assert texts(at.title) == ["Overview"]
    assert "lang" not in at.query_params  # the default is not written into the URL


def test_broken_config_falls_back_to_chinese(served: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    config = tmp_path / "broken.toml"
    config.write_text('[dashboard]\nlanguage = "fr"\n', encoding="utf-8")
    monkeypatch.setenv(settings.CONFIG_ENV, str(config))

    at = open_app("overview")

    assert_clean(at)
    assert texts(at.title) == ["概览"]


# --- every filter from a link ------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "rows"),
    [
        ({"level": "national"}, 3),
        ({"level": ["national", "industry"]}, 5),
        ({"publisher": "ISO"}, 4),
        ({"status": "withdrawn"}, 1),
        ({"from": "2015", "to": "2019"}, 4),  # ISO 10791-1, ISO 6892-1, JB/T 2326, YB/T 4001
        ({"sector": "25.080"}, 4),  # the group: ISO 230-1, ISO 10791-1, GB/T 9061, JB/T 2326
        ({"sector": "25", "level": "national", "to": "2010"}, 1),  # GB/T 9061-2006
    ],
)
def test_catalog_list_follows_link_filters(served: Path, query: dict, rows: int) -> None:
    at = open_app("catalog", lang="en", **query)

    assert_clean(at)
    assert not at.warning
    assert table_rows(at) == [rows]
    # The link survives: the URL still says what the page shows.
    for name, value in query.items():
        assert at.query_params[name] == value


def test_group_link_sets_field_and_group(served: Path) -> None:
    at = open_app("lagging", lang="en", sector="25.080")

    assert_clean(at)
    assert at.selectbox(key="sector").value == "25"
    assert at.selectbox(key="sector_group").value == "25.080"
    assert any("Scope: 25 Manufacturing engineering › 25.080 Machine tools" in c for c in texts(at.caption))
    shown = metrics(at)
    labels = ("Current standards", "Overdue review (>5 y)", "Severely aged (>10 y)")
    assert [shown[label] for label in labels] == ["4", "4", "2"]


def test_level_and_years_narrow_lagging(served: Path) -> None:
    at = open_app("lagging", lang="en", sector="25", level="international")

    assert [metrics(at)[k] for k in ("Current standards", "Overdue review (>5 y)", "Severely aged (>10 y)")] == [
        "2",
        "2",
        "1",
    ]
    at = open_app("lagging", lang="en", **{"from": "2015"})
    # Published 2015 or later and current: ISO 10791-1, GB/T 17421.1, JB/T 2326, ISO 6892-1,
    # GB/T 228.1, YB/T 4001, T/CMES 1001.
    assert metrics(at)["Current standards"] == "7"


def test_overlap_keeps_pairs_with_either_side_in_scope(served: Path) -> None:
    at = open_app("overlap", lang="en", level="industry")

    assert_clean(at)
    assert table_rows(at) == [2]  # GB/T 9061 × JB/T 2326 and GB/T 228.1 × YB/T 4001


def test_adoption_follows_years(served: Path) -> None:
    at = open_app("adoption", lang="en", **{"from": "2020"})

    assert_clean(at)
    # National adoptions published since 2020: GB/T 17421.1-2023 and GB/T 228.1-2021; no
    # international standard of those years, so no gap list.
    assert table_rows(at) == [2]
    assert any("No current ISO/IEC standards in this scope" in i for i in texts(at.info))


def test_member_from_link_is_highlighted(served: Path) -> None:
    at = open_app("participation", lang="en", member="DIN")

    assert_clean(at)
    assert metrics(at)["DIN P-memberships"] == "4"
    assert metrics(at)["DIN rank by P-memberships"] == "1 / 4"
    assert at.query_params["member"] == "DIN"


def test_unknown_values_are_dropped_and_known_ones_kept(served: Path) -> None:
    at = open_app("catalog", lang="en", level=["national", "bogus"], publisher="SAC")

    assert_clean(at)
    assert texts(at.warning) == ["Ignored link parameter level=bogus: not one of the choices."]
    assert at.query_params["level"] == "national"
    assert table_rows(at) == [3]


def test_reversed_years_are_dropped(served: Path) -> None:
    at = open_app("catalog", lang="en", **{"from": "2019", "to": "2015"})

    assert_clean(at)
    assert texts(at.warning) == ["Ignored link parameter from/to=2019>2015: not one of the choices."]
    assert "from" not in at.query_params and "to" not in at.query_params
    assert table_rows(at) == [10]


def test_widgets_write_every_filter_into_the_url(served: Path) -> None:
    at = open_app("catalog", lang="en")

    at.multiselect(key="level").set_value(["national", "industry"])
    at.multiselect(key="status").set_value(["current"])
    at.slider(key="years").set_value((2010, 2020))
    at.run()

    assert_clean(at)
    assert at.query_params["level"] == ["national", "industry"]
    assert at.query_params["status"] == "current"
    assert (at.query_params["from"], at.query_params["to"]) == ("2010", "2020")
    assert table_rows(at) == [2]  # JB/T 2326-2019 and YB/T 4001-2018

    at.switch_page("dashboard/pages/participation.py").run()
    at.selectbox(key="member").set_value("DIN").run()
    assert at.query_params["member"] == "DIN"
    assert at.query_params["level"] == ["national", "industry"]  # kept, though unused here


def test_group_widget_drills_into_the_sector(served: Path) -> None:
    at = open_app("catalog", lang="en", sector="25")
    assert at.selectbox(key="sector_group").options == [
        "All groups",
        "25.040 Industrial automation systems",
        "25.080 Machine tools",
    ]

    at.selectbox(key="sector_group").set_value("25.040").run()

    assert at.query_params["sector"] == "25.040"
    assert table_rows(at) == [2]  # GB/T 17421.1 and the withdrawn ISO 230-2

    at.selectbox(key="sector").set_value("77").run()
    assert at.query_params["sector"] == "77"  # a new field starts from all its groups


def test_clear_filters(served: Path) -> None:
    at = open_app("overview", lang="en", sector="25", level="national", member="DIN")

    at.button(key="filter-clear").click().run()

    assert_clean(at)
    assert dict(at.query_params) == {"lang": "en"}
    assert metrics(at)["Current standards"] == "9"


def test_filters_a_page_does_not_use_are_greyed_and_named(served: Path) -> None:
    at = open_app("participation", lang="en", level="national")

    assert_clean(at)
    assert at.multiselect(key="level").disabled
    assert not at.selectbox(key="member").disabled
    assert any("Filters this page does not use: level" in c for c in texts(at.caption))
    # The level choice is kept for the pages that use it.
    at.switch_page("dashboard/pages/catalog.py").run()
    assert table_rows(at) == [3]


def test_data_status_page_uses_no_filter(served: Path) -> None:
    at = open_app("data_status", lang="en", sector="25")

    assert all(widget.disabled for widget in (at.selectbox(key="sector"), at.multiselect(key="level")))
    assert any("Not filtered" in c for c in texts(at.caption))


# --- clicking a chart ------------------------------------------------------------------


def _click(dimension: str, code: object) -> AppTest:
    """Run the selection callback as a click on a bar carrying code would."""

    def app(dimension: str, code: object) -> None:
        from functools import partial

        import streamlit as st

        from dashboard.components import charts, filters

        st.session_state["_filter_year_bounds"] = (2000, 2025)
        st.session_state["chart"] = {"selection": {"points": [{"customdata": [code], "x": 1, "y": 2}]}}
        charts._picked("chart", partial(filters.pick, dimension))

    return AppTest.from_function(app, kwargs={"dimension": dimension, "code": code}).run()


@pytest.mark.parametrize(
    ("dimension", "code", "params"),
    [
        ("sector", "77", {"sector": "77"}),
        ("level", "national", {"level": "national"}),
        ("year", 2015, {"from": "2015", "to": "2015"}),
        ("member", "DIN", {"member": "DIN"}),
    ],
)
def test_clicking_a_bar_filters_by_it(dimension: str, code: object, params: dict) -> None:
    at = _click(dimension, code)

    assert not at.exception, texts(at.exception)
    assert dict(at.query_params) == params


def test_selectable_charts_carry_their_codes(served: Path) -> None:
    at = open_app("lagging", lang="en")

    (shares,) = [chart for chart in charts(at) if "share" in chart.proto.spec]
    # The bar's stored sector code rides along as customdata, and the chart reruns on a click.
    assert '"customdata":[["25"]' in shares.proto.spec.replace(" ", "")
    assert shares.proto.selection_mode
