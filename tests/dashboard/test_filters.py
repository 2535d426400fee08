"""Global filters: URL parameters are validated, widgets and URL stay in step, pages share them."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl import settings
from tests.dashboard.apptest import PAGES, assert_clean, metrics, open_app, texts


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

    at.selectbox(key="sector").set_value(None).run()

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
