"""Every page on real data: ISO Open Data only, as a deployment has before it loads China's catalog.

The database is built through the ETL from the real files in ../shared/realdata; without them
the tests are skipped with the reason. There is no national standard and no adoption in it, so
the pages that need them must say how to load them rather than show 0% in red.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from etl import build
from tests.conftest import realdata
from tests.dashboard.apptest import PAGES, assert_clean, charts, metrics, open_app, texts

ISO_FILES = (
    ("iso", "reconstructed", "iso_deliverables_metadata.jsonl"),
    ("iso", "metanorma_iso-data-importer", "iso_technical_committees.jsonl"),
    ("iso", "H3xano_iso-data-importer", "ICS.csv"),
)


@pytest.fixture(scope="module")
def iso_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    inputs = [realdata(*parts) for parts in ISO_FILES]
    db = tmp_path_factory.mktemp("isoreal") / "standards.duckdb"
    build.refresh(db, inputs=inputs, as_of=date(2025, 6, 11), progress="none")
    return db


@pytest.fixture
def served_iso(monkeypatch: pytest.MonkeyPatch, iso_db: Path) -> Path:
    monkeypatch.setenv("STANDARDS_DB", str(iso_db))
    return iso_db


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_on_iso_open_data(served_iso: Path, page: str) -> None:
    at = open_app(page, lang="en")

    assert_clean(at)
    captions = " ".join(texts(at.caption))
    assert "Data as of 11 Jun 2025" in captions
    assert "Demo data" not in " ".join(texts(at.info))
    if page != "adoption":
        assert charts(at), f"{page}: no chart on ISO Open Data"


def test_overview_on_iso_open_data(served_iso: Path) -> None:
    at = open_app("overview")  # Chinese, the default

    assert_clean(at)
    shown = metrics(at)
    assert int(shown["现行标准"].replace(",", "")) > 20_000
    assert shown["国际标准转化率"] == shown["采标率"] == "—"
    assert any("尚未载入国家标准目录" in m for m in texts(at.markdown))


def test_adoption_says_how_to_load_a_national_catalog(served_iso: Path) -> None:
    at = open_app("adoption", lang="en")

    assert_clean(at)
    assert any("standards-etl refresh --source samr" in i for i in texts(at.info))


def test_sac_holds_the_iso_tc_306_secretariat(served_iso: Path) -> None:
    at = open_app("participation", lang="en", sector="77")

    assert_clean(at)
    assert at.selectbox(key="participation-committee").value == "ISO/TC 306"
    assert metrics(at)["Secretariat"] == "SAC"
    assert any("Only one snapshot so far" in i for i in texts(at.info))
