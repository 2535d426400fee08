"""Every page renders on the full demo database built by the real ETL."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.dashboard.apptest import PAGES, assert_clean, charts, open_app, texts


@pytest.fixture
def served_demo(monkeypatch: pytest.MonkeyPatch, demo_db: Path) -> Path:
    monkeypatch.setenv("STANDARDS_DB", str(demo_db))
    return demo_db


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_page_renders_on_demo_data(served_demo: Path, page: str, lang: str) -> None:
    at = open_app(page, lang=lang)

    assert_clean(at)
    assert charts(at), f"{page}: no chart on the demo database"
    # Each chart is followed by its one-line caption and its definition.
    assert len(at.get("popover")) == len(charts(at)), page
    header = "数据截至 2026年11月15日" if lang == "zh" else "Data as of 15 Nov 2026"
    assert any(header in caption for caption in texts(at.caption))


def test_every_sector_renders_on_demo_data(served_demo: Path) -> None:
    at = open_app("overview", lang="en")
    sectors = at.selectbox(key="sector").options
    assert len(sectors) > 1, "the demo database offers no sector to filter by"

    for page in PAGES:
        at.switch_page(f"dashboard/pages/{page}.py").run()
        if at.selectbox(key="sector").disabled:
            continue  # the page uses no sector (data status)
        at.selectbox(key="sector").select_index(len(sectors) - 1).run()
        assert_clean(at)
        # and one ICS group below the field
        at.selectbox(key="sector_group").select_index(1).run()
        assert_clean(at)
        assert at.query_params["sector"].count(".") == 1


def test_narrow_filters_render_on_demo_data(served_demo: Path) -> None:
    query = {"lang": "en", "sector": "25", "level": ["national", "industry"], "from": "2000", "to": "2010"}
    for page in PAGES:
        at = open_app(page, **query)
        assert_clean(at)
        assert not at.warning, (page, at.warning)
