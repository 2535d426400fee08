"""Every page renders on the full demo database built by the real ETL."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.dashboard.apptest import PAGES, assert_clean, charts, open_app


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


def test_every_sector_renders_on_demo_data(served_demo: Path) -> None:
    at = open_app("overview", lang="en")
    sectors = at.selectbox(key="sector").options
    assert len(sectors) > 1, "the demo database offers no sector to filter by"

    for page in PAGES:
        at.switch_page(f"dashboard/pages/{page}.py")
        for index in (1, len(sectors) - 1):
            at.selectbox(key="sector").select_index(index).run()
            assert_clean(at)
