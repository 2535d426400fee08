"""Every page renders from the fixture marts, and the sector filter changes what it shows.

Expected numbers are those written next to the rows in fixture_db.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.dashboard.apptest import (
    PAGES,
    assert_clean,
    charts,
    metrics,
    open_app,
    table_rows,
    texts,
)
from tests.dashboard.fixture_db import AS_OF, build_fixture_db

ATTRIBUTION = "Contains information from ISO Open Data (https://www.iso.org/open-data.html)"
DEMO = "演示数据 / Demo data: generated, not real standards"


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_with_chart_header_and_footer(served: Path, page: str) -> None:
    at = open_app(page, lang="en")

    assert_clean(at)
    assert charts(at), f"{page}: no plotly chart"
    captions = texts(at.caption)
    assert any(f"Data as of {AS_OF}" in c and "built 2025-06-30 02:15" in c for c in captions)
    assert DEMO in texts(at.info)
    assert any(ATTRIBUTION in c for c in captions)


def test_no_demo_banner_for_real_data(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    real = build_fixture_db(tmp_path / "real.duckdb", is_demo=False)
    monkeypatch.setenv("STANDARDS_DB", str(real))

    at = open_app("overview", lang="en")

    assert_clean(at)
    assert DEMO not in texts(at.info)
    assert any(f"Data as of {AS_OF}" in c for c in texts(at.caption))


@pytest.mark.parametrize(
    ("sector", "expected"),
    [
        (None, {"Current standards": "9", "Conversion rate": "66.7%", "Overlap candidates": "3"}),
        ("25", {"Current standards": "5", "Conversion rate": "50.0%", "Overlap candidates": "2"}),
        ("77", {"Current standards": "3", "Conversion rate": "100.0%", "Overlap candidates": "1"}),
    ],
)
def test_overview_kpis_follow_sector(served: Path, sector: str | None, expected: dict) -> None:
    query = {"lang": "en"} | ({"sector": sector} if sector else {})
    at = open_app("overview", **query)

    assert_clean(at)
    shown = metrics(at)
    assert {label: shown[label] for label in expected} == expected
    # The focus member's secretariats exist only for all sectors.
    assert ("Secretariats held by SAC" in shown) is (sector is None)


def test_catalog_follows_sector(served: Path) -> None:
    everything, machines = open_app("catalog", lang="en"), open_app("catalog", lang="en", sector="25")

    assert_clean(everything)
    assert_clean(machines)
    # The list shows current standards by default: 9 in all, 5 in sector 25.
    assert table_rows(everything) == [9]
    assert table_rows(machines) == [5]
    assert len(charts(machines)) == 2


def test_lagging_follows_sector(served: Path) -> None:
    labels = ("Current standards", "Overdue review (>5 y)", "Severely aged (>10 y)")

    everything = metrics(open_app("lagging", lang="en"))
    metallurgy = open_app("lagging", lang="en", sector="77")

    assert [everything[label] for label in labels] == ["9", "6", "2"]
    assert [metrics(metallurgy)[label] for label in labels] == ["3", "2", "0"]
    assert "ISO to be revised (90.92)" in metrics(metallurgy)
    # Oldest current standards: 3 in sector 77; no lagging adoption there.
    assert table_rows(metallurgy) == [3]
    assert any("revised or withdrawn" in i for i in texts(metallurgy.info))


def test_overlap_follows_sector(served: Path) -> None:
    assert table_rows(open_app("overlap", lang="en")) == [3]
    assert table_rows(open_app("overlap", lang="en", sector="25")) == [2]
    assert table_rows(open_app("overlap", lang="en", sector="77")) == [1]


def test_overlap_threshold_filters_pairs(served: Path) -> None:
    at = open_app("overlap", lang="en")

    at.slider(key="overlap-threshold").set_value(0.9).run()

    assert_clean(at)
    assert table_rows(at) == [1]  # only the 0.93 pair is left


def test_adoption_follows_sector(served: Path) -> None:
    everything = open_app("adoption", lang="en")
    metallurgy = open_app("adoption", lang="en", sector="77")

    assert metrics(everything) == {"Adoption rate": "66.7%", "Conversion rate": "66.7%"}
    assert metrics(metallurgy) == {"Adoption rate": "100.0%", "Conversion rate": "100.0%"}
    assert table_rows(everything) == [1]  # ISO 10791-1 is not adopted
    assert table_rows(metallurgy) == []
    assert "Every international standard in this scope is adopted." in texts(metallurgy.info)


def test_participation_follows_sector(served: Path) -> None:
    everything = metrics(open_app("participation", lang="en"))
    machines = metrics(open_app("participation", lang="en", sector="25"))

    assert everything["SAC P-memberships"] == "3"
    assert everything["SAC O-memberships"] == "1"
    assert everything["SAC rank by P-memberships"] == "2 / 4"
    # In sector 25 SAC ties DIN on P-memberships and shares first place (SNV counts only as
    # a secretariat holder).
    assert machines["SAC O-memberships"] == "0"
    assert machines["SAC rank by P-memberships"] == "1 / 5"


def test_participation_committee_drill_down(served: Path) -> None:
    at = open_app("participation", lang="en", sector="25")

    at.selectbox(key="participation-committee").set_value("ISO/TC 306").run()

    assert_clean(at)
    assert metrics(at)["Secretariat"] == "SAC"
    assert "SAC, DIN, JISC" in texts(at.markdown)


def test_data_status_shows_runs_quarantine_and_failures(served: Path) -> None:
    at = open_app("data_status", lang="en", sector="25")

    assert_clean(at)
    # freshness (2 sources), runs (5), failed runs from the sidecar (1; the torn line is
    # skipped), quarantine by reason (2) and its sample (2): not filtered by sector.
    assert table_rows(at) == [2, 5, 1, 2, 2]


def test_missing_mart_explains_instead_of_failing(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import duckdb

    partial = build_fixture_db(tmp_path / "partial.duckdb")
    with duckdb.connect(str(partial)) as con:
        con.execute("DROP TABLE mart_overlap")
    monkeypatch.setenv("STANDARDS_DB", str(partial))

    at = open_app("overlap", lang="en")

    assert not at.exception, texts(at.exception)
    assert any("standards-etl refresh" in e for e in texts(at.error))


def test_unreadable_file_explains_instead_of_failing(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    broken = tmp_path / "standards.duckdb"
    broken.write_bytes(b"this is not a database" * 100)
    monkeypatch.setenv("STANDARDS_DB", str(broken))

    at = open_app("overview", lang="en")

    assert not at.exception, texts(at.exception)
    assert any("standards-etl refresh" in e for e in texts(at.error))


def test_empty_marts_tell_what_to_do(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import duckdb

    empty = build_fixture_db(tmp_path / "empty.duckdb")
    with duckdb.connect(str(empty)) as con:
        for table in ("mart_standard", "mart_overlap", "mart_adoption", "mart_conversion", "mart_kpi",
                      "mart_participation", "mart_committee_members", "etl_run", "quarantine"):  # fmt: skip
            con.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed names
    monkeypatch.setenv("STANDARDS_DB", str(empty))

    for page in PAGES:
        at = open_app(page, lang="en")
        assert_clean(at)
        hints = " ".join(texts(at.info))
        assert "standards-etl refresh" in hints, (page, hints)
        assert any(ATTRIBUTION in c for c in texts(at.caption)), page
