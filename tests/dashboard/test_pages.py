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
from tests.dashboard.fixture_db import build_fixture_db

ATTRIBUTION = "Contains information from ISO Open Data (https://www.iso.org/open-data.html)"
DEMO = "演示数据 / Demo data: generated, not real standards"
AS_OF_EN = "Data as of 30 Jun 2025 (built 30 Jun 2025 02:15)"


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_with_chart_header_and_footer(served: Path, page: str) -> None:
    at = open_app(page, lang="en")

    assert_clean(at)
    assert charts(at), f"{page}: no plotly chart"
    captions = texts(at.caption)
    assert any(AS_OF_EN in c for c in captions)
    assert DEMO in texts(at.info)
    assert any(ATTRIBUTION in c for c in captions)


def test_definitions_link_to_the_published_metrics_document(
    served: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    config = tmp_path / "standards.toml"
    config.write_text('[dashboard]\ndocs_url = "https://docs.example.org/metrics.md"\n', encoding="utf-8")
    monkeypatch.setenv("STANDARDS_CONFIG", str(config))

    at = open_app("adoption", lang="en")

    assert_clean(at)
    links = [m for m in texts(at.markdown) if "docs.example.org" in m]
    assert "[Full definition (docs/metrics.md)](https://docs.example.org/metrics.md#conversion_rate)" in links


@pytest.mark.parametrize("page", ["overview", "lagging"])
def test_charts_export_png_from_their_toolbar(served: Path, page: str) -> None:
    import json

    for chart in charts(open_app(page, lang="en")):
        options = json.loads(chart.proto.config)
        assert options["toImageButtonOptions"]["format"] == "png"
        assert options["displaylogo"] is False


def test_no_demo_banner_for_real_data(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    real = build_fixture_db(tmp_path / "real.duckdb", is_demo=False)
    monkeypatch.setenv("STANDARDS_DB", str(real))

    at = open_app("overview", lang="en")

    assert_clean(at)
    assert DEMO not in texts(at.info)
    assert any(AS_OF_EN in c for c in texts(at.caption))


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
    # The list shows every status: 10 in all, 6 in sector 25 (one of them withdrawn).
    assert table_rows(everything) == [10]
    assert table_rows(machines) == [6]
    assert len(charts(machines)) == 2


def test_lagging_follows_sector(served: Path) -> None:
    labels = ("Current standards", "Overdue review (>5 y)", "Severely aged (>10 y)")

    everything = metrics(open_app("lagging", lang="en"))
    metallurgy = open_app("lagging", lang="en", sector="77")

    assert [everything[label] for label in labels] == ["9", "6", "2"]
    assert [metrics(metallurgy)[label] for label in labels] == ["3", "2", "0"]
    assert "ISO to be revised (90.92)" in metrics(metallurgy)
    # Overdue current standards: 2 in sector 77; no lagging adoption there.
    assert table_rows(metallurgy) == [2]
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
    # The gap list (ISO 10791-1 is not adopted) and the national adoptions (3, 1 in sector 77).
    assert table_rows(everything) == [1, 3]
    assert table_rows(metallurgy) == [1]
    assert "Every international standard in this scope is adopted." in texts(metallurgy.info)


def test_adoption_degree_filters_the_adoption_list(served: Path) -> None:
    at = open_app("adoption", lang="en")

    at.multiselect(key="adoption-degrees").set_value(["NEQ"]).run()

    assert_clean(at)
    assert table_rows(at) == [1, 1]  # GB/T 9061 adopts ISO 10791-1 as NEQ


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

    # ISO/TC 306 opens first; the focus member is listed first and in bold.
    assert at.selectbox(key="participation-committee").value == "ISO/TC 306"
    assert metrics(at)["Secretariat"] == "SAC"
    assert "**SAC**, DIN, JISC" in texts(at.markdown)

    at.selectbox(key="participation-committee").set_value("ISO/TC 39").run()

    assert_clean(at)
    assert metrics(at)["Secretariat"] == "SNV"
    assert "**SAC**, ANSI, DIN" in texts(at.markdown)


def test_overlap_pair_side_by_side(served: Path) -> None:
    at = open_app("overlap", lang="en", sector="25")

    assert_clean(at)
    # The most similar pair first: GB/T 17421.1-2023 beside GB/T 9061-2006.
    headings = [m for m in texts(at.markdown) if m.startswith("#### ")]
    assert headings == ["#### GB/T 17421.1-2023", "#### GB/T 9061-2006"]
    assert any("**Year**: 2006" in m and "**Age (years)**: 19.4" in m for m in texts(at.markdown))


def test_overview_findings_link_to_the_standards_behind_them(served: Path) -> None:
    at = open_app("overview", lang="en")

    assert_clean(at)
    sentences = [m for m in texts(at.markdown) if m.startswith(":material/")]
    assert len(sentences) == 3
    # Severely aged: ISO 230-1 and GB/T 9061 in sector 25, one per level; ties go to the
    # first level in code order.
    assert (
        "**1** current international standards in **Manufacturing engineering** are over 10 years old" in (sentences[0])
    )
    assert "**1** current ISO/IEC standards have no national IDT/MOD adoption yet" in sentences[1]
    assert "(conversion 66.7%, target 85%)" in sentences[1]
    assert "**3** pairs of current standards" in sentences[2] and "**2** of them across levels" in sentences[2]
    links = {link.proto.page: link.proto.query_string for link in at.get("page_link")}
    # Each finding opens the page that lists its standards, filtered to them.
    assert links["lagging"] == "sector=25&level=international&lang=en"
    assert links["adoption"] == "sector=25&lang=en"


def test_overview_tiles_draw_history_of_same_kind_of_build(served: Path) -> None:
    at = open_app("overview", lang="en")

    tiles = {metric.label: metric for metric in at.metric}
    # Two demo builds: 8 then 9 current standards (the real-data build is not mixed in).
    assert list(tiles["Current standards"].proto.chart_data) == [8, 9]
    assert tiles["Current standards"].value == "9"


def test_development_cycle_tile_in_months_lower_is_better(served: Path) -> None:
    at = open_app("overview", lang="en")

    tile = next(metric for metric in at.metric if metric.label == "Development cycle")
    assert tile.value == "18.6 months"
    assert tile.proto.delta == "-1.0 months"
    # Shorter is better, so a fall is green.
    assert type(tile.proto).MetricColor.Name(tile.proto.color) == "GREEN"
    assert ":orange-badge[:material/error: Near target · Target 18 months]" in texts(at.markdown)


def test_overview_member_filter_counts_that_member(served: Path) -> None:
    at = open_app("overview", lang="en", member="DIN")

    assert_clean(at)
    assert metrics(at)["Secretariats held by DIN"] == "2"  # 1 TC + 1 SC in the latest snapshot
    assert "Secretariats held by SAC" not in metrics(at)


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


def test_no_national_catalog_says_how_to_load_one(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import duckdb

    iso_only = build_fixture_db(tmp_path / "iso_only.duckdb")
    with duckdb.connect(str(iso_only)) as con:
        con.execute("DELETE FROM mart_standard WHERE level <> 'international'")
        con.execute("DELETE FROM mart_adoption")
        con.execute("UPDATE mart_conversion SET adopted = false")
    monkeypatch.setenv("STANDARDS_DB", str(iso_only))

    overview, adoption = open_app("overview", lang="en"), open_app("adoption", lang="en")

    assert_clean(overview)
    # A conversion rate of 0% would read as failure; it is shown as not measurable instead.
    assert metrics(overview)["Conversion rate"] == "—"
    assert metrics(overview)["Adoption rate"] == "—"
    assert any("No national catalog is loaded" in m for m in texts(overview.markdown))
    assert_clean(adoption)
    assert any("standards-etl refresh --source samr" in i for i in texts(adoption.info))
    assert not charts(adoption)
