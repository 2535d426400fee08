"""Marts against figures worked out by hand.

Two fixtures. ``tiny_inputs`` (tests/conftest.py) is the smallest build. ``mart_inputs`` below
is a hand-made set in the official formats (ISO Open Data JSONL, std.samr search pages, a catalog
CSV) chosen so that every rule of docs/metrics.md has a case; the expected figures are worked
out in the comments beside each assertion. Both are evaluated as of 2026-01-01, the default
thresholds (5-year review, 10-year severe age, 85% conversion target, similarity 0.8, 18-month
cycle, near = within 5% of the target).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import duckdb
import pytest

from etl import build, checks
from tests.conftest import committee, deliverable

AS_OF = date(2026, 1, 1)


def rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple]:
    return con.execute(sql).fetchall()


def _jsonl(path: Path, records: list[dict]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")


# --- tiny_inputs ------------------------------------------------------------------------------
# International: ISO 4413:1998 (withdrawn, replaced by :2010), ISO 4413:2010 (90.93), ISO 230-1:2012
# (60.60), ISO 16090-1:2017 (90.92, to be revised), ISO/DIS 99999 (in development), an amendment of
# ISO 4413:2010. National: GB/T 4413-2015 adopts ISO 4413:1998 IDT (an edition since replaced:
# lagging), GB/T 230.1-2018 adopts ISO 230-1:2012 MOD. Industry: JB/T 9999-2010 with the same title
# as GB/T 4413-2015.


@pytest.fixture
def db(tmp_path: Path, tiny_inputs: Path) -> duckdb.DuckDBPyConnection:
    path = tmp_path / "standards.duckdb"
    build.refresh(path, inputs=[tiny_inputs], as_of=AS_OF, progress="none")
    con = duckdb.connect(str(path), read_only=True)
    yield con
    con.close()


def test_status_from_stage_and_catalog_words(db: duckdb.DuckDBPyConnection) -> None:
    assert dict(rows(db, "SELECT reference, status FROM standard")) == {
        "ISO 4413:1998": "withdrawn",
        "ISO 4413:2010": "current",
        "ISO 230-1:2012": "current",
        "ISO 16090-1:2017": "current",
        "ISO/DIS 99999": "in_development",
        "GB/T 4413-2015": "current",
        "GB/T 230.1-2018": "current",
        "JB/T 9999-2010": "current",
    }


def test_amendments_are_links_not_standards(db: duckdb.DuckDBPyConnection) -> None:
    assert rows(db, "SELECT from_std, to_ref, to_std FROM standard_link WHERE kind = 'amends'") == [
        ("iso:5", "ISO 4413:2010", "iso:2")
    ]


def test_ages_and_review_flags(db: duckdb.DuckDBPyConnection) -> None:
    got = {
        ref: (age, overdue, severe, revise)
        for ref, age, overdue, severe, revise in rows(
            db,
            "SELECT reference, age_years, overdue_review, severely_aged, to_be_revised FROM mart_standard",
        )
    }
    # 2010-10-01 → 2026-01-01 = 5571 days = 15.25 years
    assert got["ISO 4413:2010"] == (15.25, True, True, False)
    # 2017-12-01 → 2026-01-01 = 2953 days = 8.08 years: overdue, not severely aged; stage 90.92
    assert got["ISO 16090-1:2017"] == (8.08, True, False, True)
    # the later of publication (2015-05-15) and implementation (2016-01-01): 3653 days = 10.0014
    assert got["GB/T 4413-2015"] == (10.0, True, True, False)
    # withdrawn editions are never flagged
    assert got["ISO 4413:1998"][1:3] == (False, False)


def test_adoption_and_lagging_adoption(db: duckdb.DuckDBPyConnection) -> None:
    got = rows(
        db,
        "SELECT reference, adopted_std_id, degree, adoption_delay_years, lagging_adoption, sector "
        "FROM mart_adoption ORDER BY reference",
    )
    assert got == [
        # 2012-03-01 → 2018-09-17 = 2391 days = 6.55 years
        ("GB/T 230.1-2018", "iso:3", "MOD", 6.55, False, "25"),
        # 1998-06-01 → 2015-05-15 = 6192 days = 16.95 years; ISO 4413:1998 was replaced
        ("GB/T 4413-2015", "iso:1", "IDT", 16.95, True, "25"),
    ]


def test_conversion_counts_only_adoptions_of_the_current_edition(db: duckdb.DuckDBPyConnection) -> None:
    got = dict(rows(db, "SELECT reference, adopted FROM mart_conversion JOIN standard USING (std_id, reference)"))
    assert got == {"ISO 4413:2010": False, "ISO 230-1:2012": True, "ISO 16090-1:2017": False}


def test_kpis_for_all_sectors_and_one_sector(db: duckdb.DuckDBPyConnection) -> None:
    kpi = {(k, s): (v, t, st) for k, s, v, t, st in rows(db, "SELECT kpi, sector, value, target, status FROM mart_kpi")}
    assert kpi[("current_standards", None)] == (6.0, None, "no_target")
    assert kpi[("adoption_rate", None)] == (1.0, None, "no_target")
    assert kpi[("conversion_rate", None)] == (pytest.approx(1 / 3), 0.85, "off")
    assert kpi[("conversion_rate", "91")] == (0.0, 0.85, "off")
    assert kpi[("current_standards", "91")] == (1.0, None, "no_target")
    # SAC holds the ISO/TC 39 secretariat in the only snapshot
    assert kpi[("focus_secretariats", None)][0] == 1.0
    # every current standard is older than 5 years (the youngest, GB/T 230.1-2018, is 7.29)
    assert kpi[("overdue_share", None)][0] == 1.0


def test_overlap_pairs_across_levels(db: duckdb.DuckDBPyConnection) -> None:
    assert rows(db, "SELECT ref_a, ref_b, kind, level_a, level_b, similarity FROM mart_overlap") == [
        ("GB/T 4413-2015", "JB/T 9999-2010", "cross_level", "national", "industry", 1.0)
    ]


def test_committee_members_and_participation(db: duckdb.DuckDBPyConnection) -> None:
    assert rows(
        db, "SELECT committee_ref, secretariat, p_count, o_count, p_members FROM mart_committee_members ORDER BY 1"
    ) == [
        ("ISO/TC 39", "SAC", 3, 1, ["ANSI", "DIN", "SAC"]),
        ("ISO/TC 39/SC 2", "DIN", 2, 1, ["DIN", "SAC"]),
    ]
    sac = rows(
        db,
        "SELECT p_count, o_count, secretariat_tc, secretariat_sc, active_committees, share_p, joined "
        "FROM mart_participation WHERE member = 'SAC'",
    )
    assert sac == [(2, 0, 1, 0, 2, 1.0, None)]


# --- mart_inputs ------------------------------------------------------------------------------

ICS_CODES = ("13", "13.110", "23", "23.040", "23.040.70", "25", "25.040", "25.040.20", "83", "83.140", "91", "91.010")

HYDRAULICS_EN = "Hydraulic fluid power - General rules and safety requirements for systems and their components"
HYDRAULICS_ZH = "液压传动 系统及其元件的通用规则和安全要求"

DELIVERABLES = [
    deliverable(1, "ISO 4413:1998", 9599, title={"en": HYDRAULICS_EN}, publicationDate="1998-06-01", replacedBy=[2]),
    deliverable(2, "ISO 4413:2010", 9093, title={"en": HYDRAULICS_EN}, publicationDate="2010-10-01", replaces=[1]),
    deliverable(
        3,
        "ISO 230-1:2012",
        6060,
        title={"en": "Test code for machine tools - Part 1: Geometric accuracy of machines"},
        publicationDate="2012-03-01",
    ),
    deliverable(
        4,
        "ISO 16090-1:2017",
        9092,
        title={"en": "Machine tools safety - Machining centres - Part 1: Safety requirements"},
        publicationDate="2017-12-01",
    ),
    deliverable(
        5,
        "ISO 5001:2015",
        6060,
        title={"en": "Building materials - Fire tests"},
        publicationDate="2015-01-01",
        icsCode=["91.010"],
        ownerCommittee="ISO/TC 99",
    ),
    deliverable(
        6,
        "ISO 5002:2016",
        6060,
        title={"en": "Building construction - Sealants"},
        publicationDate="2016-01-01",
        icsCode=["91.010"],
        ownerCommittee="ISO/TC 99",
    ),
    deliverable(
        7,
        "ISO 5003:2018",
        6060,
        title={"en": "Acoustics - Noise measurement"},
        publicationDate="2018-01-01",
        icsCode=["13.110"],
        ownerCommittee="ISO/TC 99",
    ),
    deliverable(
        8,
        "ISO/TS 5004:2020",
        6060,
        deliverableType="TS",
        title={"en": "Machine tools - Reliability"},
        publicationDate="2020-01-01",
    ),
    deliverable(
        9,
        "ISO 6001:2015",
        6060,
        title={"en": "Rubber hoses for dredging, suction and discharge"},
        publicationDate="2015-06-01",
        icsCode=["23.040.70"],
    ),
    deliverable(
        10,
        "ISO 6002:2016",
        6060,
        title={"en": "Rubber hoses - Dredging suction"},
        publicationDate="2016-06-01",
        icsCode=["23.040.70", "83.140"],
    ),
    deliverable(
        11,
        "ISO 6003:2017",
        6060,
        title={"en": "Rubber hoses for dredging and discharge - Specification"},
        publicationDate="2017-06-01",
        icsCode=["23.040.70"],
    ),
]


def samr_row(code: str, title: str, state: str, issued: str | None, ics: str | None, **extra: str) -> dict:
    return {"C_STD_CODE": code, "C_C_NAME": title, "STATE": state, "ISSUE_DATE": issued, "ICS": ics, **extra}


SAMR_ROWS = [
    samr_row(
        "GB/T 4413-2015",
        HYDRAULICS_ZH,
        "现行",
        "2015-05-15",
        "25.040.20",
        ACT_DATE="2016-01-01",
        ADOPT_NO="ISO 4413:1998",
        ADOPT_LEVEL="IDT",
        C_PLAN_CODE="20130001-T-604",
        TOTAL_REPE="GB/T 4413-2000",
    ),
    # replaced, yet still 现行 in the catalog: a stale status
    samr_row("GB/T 4413-2000", HYDRAULICS_ZH, "现行", "2000-06-01", None, ACT_DATE="2001-01-01"),
    samr_row(
        "JB/T 9999-2010",
        "液压传动 系统及其元件的通用规则和安全技术条件",
        "现行",
        "2010-01-01",
        "25.040.20",
        ADOPT_NO="ISO 4413:2010",
        ADOPT_LEVEL="MOD",
    ),
    samr_row(
        "GB/T 230.1-2018",
        "机床检验通则 几何精度",
        "现行",
        "2018-09-17",
        "25.040.20",
        ADOPT_NO="ISO 230-1:2012",
        ADOPT_LEVEL="MOD",
    ),
    samr_row("GB/T 230.2-2020", "机床检验通则 几何精度", "现行", "2020-03-01", "25.040.20"),
    samr_row(
        "GB/T 300-2025",
        "机械安全 风险评估 实施指南",
        "现行",
        "2025-03-01",
        "91.010",
        ACT_DATE="2025-10-01",
        ADOPT_NO="ISO 16090-1:2017",
        ADOPT_LEVEL="NEQ",
        C_PLAN_CODE="20250003-T-604",
    ),
    samr_row(
        "GB/T 200-2025",
        "数控机床 可靠性评定",
        "即将实施",
        "2025-01-10",
        "25.040.20",
        ACT_DATE="2026-05-01",
        C_PLAN_CODE="20230002-T-604",
    ),
    samr_row(
        "GB/T 400-2020",
        "机械电气安全 机械电气设备",
        "现行",
        "2020-05-01",
        "25.040.20,13.110",
        ADOPT_NO="IEC 60204-1:2016",
    ),
    samr_row(
        "GB/T 500-2019",
        "橡胶软管 疏浚用",
        "现行",
        "2019-01-01",
        "23.040.70",
        ADOPT_NO="EN 1234:2010",
        ADOPT_LEVEL="IDT",
    ),
    samr_row(
        "GB/T 600-2021",
        "机床 检验 数控",
        "现行",
        "2021-01-01",
        "25.040.20",
        ADOPT_NO="ISO 230-1:2012",
        ADOPT_LEVEL="IDT",
    ),
    samr_row(
        "GB/T 700-2018", "建筑 材料 试验", "现行", "2018-01-01", "91.010", ADOPT_NO="ISO 5002:2016", ADOPT_LEVEL="IDT"
    ),
    samr_row(
        "GB/T 800-2019", "噪声 测量 设备", "现行", "2019-01-01", "13.110", ADOPT_NO="ISO 5003:2018", ADOPT_LEVEL="IDT"
    ),
]

CATALOG_CSV = """标准号,标准名称,状态,发布日期,实施日期,复审确认日期,ICS
GB/T 100-2012,金属材料 硬度试验,确认有效,2012-05-01,2012-10-01,2022-06-01,25.040.20
DB11/T 500-2015,城市道路 照明设施 养护,现行,,,,
T/CMES 1-2020,钢管,现行,2020-01-01,,,23.040.70
DB11/T 2-2020,钢管,现行,2020-01-01,,,23.040.70
"""


@pytest.fixture(scope="module")
def mart_inputs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The inputs of the first build (2025 committee snapshot) and the 2026 snapshot added later."""
    folder = tmp_path_factory.mktemp("mart_inputs")
    first, later = folder / "first", folder / "later"
    first.mkdir()
    later.mkdir()
    (first / "ICS.csv").write_text(
        "\ufeffidentifier,parent,titleEn,titleFr,scopeEn,scopeFr\n"
        + "".join(f'"{code}",{code.rpartition(".")[0]},"Field {code}",,,\n' for code in ICS_CODES),
        encoding="utf-8",
    )
    _jsonl(first / "iso_deliverables_metadata.jsonl", DELIVERABLES)
    _jsonl(
        first / "iso_technical_committees_2025-01-01.jsonl",
        [
            committee(10, "ISO/TC 39", "SAC", ["SAC", "DIN", "ANSI"], ["BSI", "AFNOR"]),
            committee(11, "ISO/TC 39/SC 2", "DIN", ["DIN"], ["SAC", "ANSI"], parent=10),
            committee(12, "ISO/TC 99", "ANSI", ["ANSI", "JISC"], []),
        ],
    )
    _jsonl(
        later / "iso_technical_committees_2026-01-01.jsonl",
        [
            committee(10, "ISO/TC 39", "SAC", ["SAC", "DIN", "ANSI", "BSI"], []),
            committee(11, "ISO/TC 39/SC 2", "SAC", ["DIN", "SAC"], ["ANSI"], parent=10),
            committee(12, "ISO/TC 99", "ANSI", ["ANSI"], []) | {"status": "Suspended"},
            committee(13, "ISO/TC 306", "SAC", ["SAC", "DIN"], ["JISC"]),
        ],
    )
    page = {"total": len(SAMR_ROWS), "rows": SAMR_ROWS}
    (first / "samr_search_p0001.json").write_text(json.dumps(page, ensure_ascii=False), encoding="utf-8")
    (first / "catalog_local.csv").write_text(CATALOG_CSV, encoding="utf-8")
    return first, later


def _build_twice(tmp_path: Path, inputs: tuple[Path, Path]) -> Path:
    path = tmp_path / "marts" / "standards.duckdb"
    build.refresh(path, inputs=[inputs[0]], as_of=date(2025, 6, 1), progress="none")
    build.refresh(path, inputs=[inputs[1]], as_of=AS_OF, progress="none")
    return path


@pytest.fixture(scope="module")
def marts(tmp_path_factory: pytest.TempPathFactory, mart_inputs: tuple[Path, Path]) -> duckdb.DuckDBPyConnection:
    """Built as of 2025-06-01 from the first inputs, then as of 2026-01-01 with the 2026 snapshot."""
    con = duckdb.connect(str(_build_twice(tmp_path_factory.mktemp("marts"), mart_inputs)), read_only=True)
    yield con
    con.close()


def test_standard_ages_flags_and_development_months(marts: duckdb.DuckDBPyConnection) -> None:
    got = {
        (ref, sector): rest
        for ref, sector, *rest in rows(
            marts,
            "SELECT reference, sector, status, age_years, age_basis, overdue_review, severely_aged, "
            "development_months FROM mart_standard",
        )
    }
    # 确认有效 is current; the confirmation (2022-06-01) restarts the clock: 1310 days = 3.59 years
    assert got[("GB/T 100-2012", "25")] == ["current", 3.59, "confirmed", False, False, None]
    # no date at all: mid-year of 2015 → 2026-01-01 = 3837 days = 10.51 years
    assert got[("DB11/T 500-2015", None)] == ["current", 10.51, "year", True, True, None]
    # 2021-01-01 → 2026-01-01 = 1826 days = 4.9993 years: a day short of the review period
    assert got[("GB/T 600-2021", "25")] == ["current", 5.0, "published", False, False, None]
    # implementation (2016-01-01) is the later date: 3653 days = 10.0014 years;
    # plan 2013: 2013-07-01 → 2015-05-15 = 683 days = 22.4 months
    assert got[("GB/T 4413-2015", "25")] == ["current", 10.0, "implemented", True, True, 22.4]
    # not in force yet: the age runs to 2026-05-01 (−120 days) and nothing is flagged;
    # plan 2023: 2023-07-01 → 2025-01-10 = 559 days = 18.37 months
    assert got[("GB/T 200-2025", "25")] == ["upcoming", -0.33, "implemented", False, False, 18.4]
    # published 2025-03-01, before mid-year of its plan year 2025: 0 months
    assert got[("GB/T 300-2025", "91")][4:] == [False, 0.0]
    # one row per sector
    assert {s for (ref, s) in got if ref == "GB/T 400-2020"} == {"13", "25"}
    assert rows(marts, "SELECT to_be_revised FROM mart_standard WHERE reference = 'ISO 16090-1:2017'") == [(True,)]


def test_adoption_degrees_delays_and_lagging(marts: duckdb.DuckDBPyConnection) -> None:
    got = rows(
        marts,
        "SELECT reference, sector, adopted_ref, adopted_std_id, degree, counts_as_adoption, adopted_status, "
        "adoption_delay_years, lagging_adoption, replaced_by_ref FROM mart_adoption ORDER BY reference",
    )
    assert got == [
        # 1998-06-01 → 2015-05-15 = 6192 days; ISO 4413:1998 is withdrawn and replaced by the current 2010
        ("GB/T 230.1-2018", "25", "ISO 230-1:2012", "iso:3", "MOD", True, "current", 6.55, False, None),
        # 2017-12-01 → 2025-03-01 = 2647 days = 7.25; NEQ is kept but does not count
        ("GB/T 300-2025", "91", "ISO 16090-1:2017", "iso:4", "NEQ", False, "current", 7.25, False, None),
        # IEC not loaded: no delay, lagging unknown; no degree given: 'unknown'; lowest sector of 13 and 25
        ("GB/T 400-2020", "13", "IEC 60204-1:2016", None, "unknown", False, None, None, None, None),
        ("GB/T 4413-2015", "25", "ISO 4413:1998", "iso:1", "IDT", True, "withdrawn", 16.95, True, "ISO 4413:2010"),
        # 2012-03-01 → 2021-01-01 = 3228 days = 8.84 years
        ("GB/T 600-2021", "25", "ISO 230-1:2012", "iso:3", "IDT", True, "current", 8.84, False, None),
        # 2016-01-01 → 2018-01-01 = 731 days = 2.0 years
        ("GB/T 700-2018", "91", "ISO 5002:2016", "iso:6", "IDT", True, "current", 2.0, False, None),
        # 365 days = 1.0 year
        ("GB/T 800-2019", "13", "ISO 5003:2018", "iso:7", "IDT", True, "current", 1.0, False, None),
    ]
    # not in the mart: GB/T 500-2019 adopts EN 1234 (not international), JB/T 9999-2010 is not national


def test_conversion_gap_list_and_earlier_editions(marts: duckdb.DuckDBPyConnection) -> None:
    got = rows(
        marts,
        "SELECT reference, sector, adopted, best_degree, earlier_edition_adopted FROM mart_conversion ORDER BY 1, 2",
    )
    assert got == [
        # adopted by GB/T 600-2021 IDT and GB/T 230.1-2018 MOD: the best is IDT
        ("ISO 16090-1:2017", "25", False, "NEQ", False),
        ("ISO 230-1:2012", "25", True, "IDT", False),
        # GB/T 4413-2015 adopts the 1998 edition; JB/T 9999 adopts this one but is not national
        ("ISO 4413:2010", "25", False, None, True),
        ("ISO 5001:2015", "91", False, None, False),
        ("ISO 5002:2016", "91", True, "IDT", False),
        ("ISO 5003:2018", "13", True, "IDT", False),
        ("ISO 6001:2015", "23", False, None, False),
        ("ISO 6002:2016", "23", False, None, False),
        ("ISO 6002:2016", "83", False, None, False),
        ("ISO 6003:2017", "23", False, None, False),
    ]
    # ISO/TS 5004 is a Technical Specification, not an International Standard: not counted


def test_overlap_kinds_similarity_and_sector(marts: duckdb.DuckDBPyConnection) -> None:
    got = rows(marts, "SELECT ref_a, ref_b, kind, similarity, sector, level_a, level_b FROM mart_overlap ORDER BY 1, 2")
    # The Chinese titles differ only in 要求 / 技术条件: 17 shared character bigrams of weight 1 and one
    # generic token of weight 0.2 on each side: 17 / (17.2 + 17.2 − 17) = 0.977. Without weighting the
    # generic words down they would share 17 of 23 bigrams (0.739) and not be candidates.
    assert got == [
        # two current editions of GB/T 4413; the 2000 edition has no ICS code: the other's field
        ("GB/T 4413-2000", "GB/T 4413-2015", "multiple_current_editions", 1.0, "25", "national", "national"),
        ("GB/T 4413-2000", "JB/T 9999-2010", "cross_level", 0.977, "25", "national", "industry"),
        ("GB/T 4413-2015", "JB/T 9999-2010", "cross_level", 0.977, "25", "national", "industry"),
        # {rubber, hoses, dredging, suction} of {… discharge}: 4 / 5 = 0.8, at the threshold;
        # ISO 6002 is filed under 23 and 83: the field both share is 23
        ("ISO 6002:2016", "ISO 6001:2015", "same_level", 0.8, "23", "international", "international"),
    ]
    # Not candidates: GB/T 230.1 / 230.2 (parts of one series), T/CMES 1 / DB11/T 2 '钢管' (one
    # bigram: too short), ISO 6003 ({rubber, hoses, dredging, discharge} + 'specification' 0.2 →
    # 4 / 5.2 = 0.77 against ISO 6001).


def test_participation_counts_and_changes(marts: duckdb.DuckDBPyConnection) -> None:
    got = {
        (str(as_of), member): rest
        for as_of, member, *rest in rows(
            marts,
            "SELECT as_of, member, p_count, o_count, secretariat_tc, secretariat_sc, active_committees, share_p, "
            'joined, "left", upgraded_o_to_p, downgraded_p_to_o FROM mart_participation',
        )
    }
    # ISO/TC 99 is suspended (its latest status), so 2025 has 2 active committees, 2026 has 3.
    assert got[("2025-01-01", "SAC")] == [1, 1, 1, 0, 2, 0.5, None, None, None, None]
    assert got[("2025-01-01", "DIN")] == [2, 0, 0, 1, 2, 1.0, None, None, None, None]
    assert got[("2025-01-01", "ANSI")] == [1, 1, 0, 0, 2, 0.5, None, None, None, None]
    assert got[("2025-01-01", "JISC")] == [0, 0, 0, 0, 2, 0.0, None, None, None, None]
    # SAC: O→P in SC 2, joined TC 306, took over the SC 2 secretariat, holds TC 39 and TC 306
    assert got[("2026-01-01", "SAC")] == [3, 0, 2, 1, 3, 1.0, 1, 0, 1, 0]
    assert got[("2026-01-01", "DIN")] == [3, 0, 0, 0, 3, 1.0, 1, 0, 0, 0]
    assert got[("2026-01-01", "ANSI")] == [1, 1, 0, 0, 3, 0.3333, 0, 0, 0, 0]
    assert got[("2026-01-01", "BSI")] == [1, 0, 0, 0, 3, 0.3333, 0, 0, 1, 0]
    # left TC 99 as P-member, joined TC 306 as O-member
    assert got[("2026-01-01", "JISC")] == [0, 1, 0, 0, 3, 0.0, 1, 1, 0, 0]
    # left every committee: still a row, with what it left
    assert got[("2026-01-01", "AFNOR")] == [0, 0, 0, 0, 3, 0.0, 0, 1, 0, 0]
    assert len(got) == 12


def test_committee_members_of_the_latest_snapshot(marts: duckdb.DuckDBPyConnection) -> None:
    got = rows(
        marts,
        "SELECT committee_ref, sector, secretariat, p_count, o_count, p_members, o_members, active, subcommittee "
        "FROM mart_committee_members WHERE as_of = DATE '2026-01-01' ORDER BY 1",
    )
    assert got == [
        # sector: the field most of its standards carry (TC 39: 5 in 25, 3 in 23, 1 in 83)
        ("ISO/TC 306", None, "SAC", 2, 1, ["DIN", "SAC"], ["JISC"], True, False),
        ("ISO/TC 39", "25", "SAC", 4, 0, ["ANSI", "BSI", "DIN", "SAC"], [], True, False),
        ("ISO/TC 39/SC 2", None, "SAC", 2, 1, ["DIN", "SAC"], ["ANSI"], True, True),
        ("ISO/TC 99", "91", "ANSI", 1, 0, ["ANSI"], [], False, False),
    ]


def test_kpis_against_targets_with_previous_build(marts: duckdb.DuckDBPyConnection) -> None:
    kpi = {
        (k, s): (v, t, prev, st)
        for k, s, v, t, prev, st in rows(
            marts, "SELECT kpi, sector, value, target, previous_value, status FROM mart_kpi"
        )
    }
    # 25 current: 10 ISO (not the withdrawn 1998 edition), 11 from std.samr (not the upcoming
    # GB/T 200-2025), 4 from the catalog; the build before (as of 2025-06-01) counted the same.
    assert kpi[("current_standards", None)] == (25.0, None, 25.0, "no_target")
    # 22 of 25 past 5 years: all but GB/T 300-2025 (0.25), GB/T 600-2021 (4.9993), GB/T 100-2012 (3.59)
    assert kpi[("overdue_share", None)][0] == pytest.approx(22 / 25)
    # sector 91: ISO 5001 (11.0), ISO 5002 (10.0), GB/T 700 (8.0) overdue; GB/T 300-2025 not
    assert kpi[("overdue_share", "91")][0] == pytest.approx(3 / 4)
    # 11 current national standards; IDT/MOD adoptions of ISO/IEC: GB/T 4413-2015, 230.1, 600, 700,
    # 800. Not: NEQ (300), unknown degree (400), EN (500), none (4413-2000, 230.2, 100).
    assert kpi[("adoption_rate", None)][0] == pytest.approx(5 / 11)
    # 9 current ISO International Standards, 3 adopted: 33% against 85% (near would be ≥ 80.75%)
    assert kpi[("conversion_rate", None)] == (pytest.approx(3 / 9), 0.85, pytest.approx(3 / 9), "off")
    assert kpi[("conversion_rate", "13")] == (1.0, 0.85, 1.0, "on_target")
    assert kpi[("conversion_rate", "91")] == (0.5, 0.85, 0.5, "off")
    # national standards published in the year to 2026-01-01 (and to 2025-06-01, the build before)
    # with a plan number: GB/T 300-2025 (0 months, sector 91), GB/T 200-2025 (18.4 months, sector 25)
    assert kpi[("development_cycle", None)] == (pytest.approx(9.2), 18.0, pytest.approx(9.2), "on_target")
    # 18.4 misses 18 by less than 5% of it (0.9 months): near
    assert kpi[("development_cycle", "25")] == (18.4, 18.0, 18.4, "near")
    assert kpi[("development_cycle", "91")] == (0.0, 18.0, 0.0, "on_target")
    # SAC holds TC 39, SC 2 and TC 306 in 2026 (only TC 39 in the 2025 snapshot of the build before);
    # only TC 39 has a sector (25)
    assert kpi[("focus_secretariats", None)] == (3.0, None, 1.0, "no_target")
    assert kpi[("focus_secretariats", "25")][0] == 1.0
    assert kpi[("overlap_candidates", None)][0] == 4.0
    assert kpi[("overlap_candidates", "25")][0] == 3.0


def test_kpi_targets_come_from_the_configuration(
    tmp_path: Path, mart_inputs: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "standards.toml"
    config.write_text("[metrics]\nconversion_target = 0.35\noverlap_threshold = 0.9\n", encoding="utf-8")
    monkeypatch.setenv("STANDARDS_CONFIG", str(config))
    with duckdb.connect(str(_build_twice(tmp_path, mart_inputs)), read_only=True) as con:
        got = rows(con, "SELECT value, target, status FROM mart_kpi WHERE kpi = 'conversion_rate' AND sector IS NULL")
        # 0.3333 misses 0.35 by less than 5% of it (≥ 0.3325): near
        assert got == [(pytest.approx(1 / 3), 0.35, "near")]
        # the ISO 6001 / 6002 pair (0.8) is below a 0.9 threshold; the others are 0.977 and 1.0
        assert rows(con, "SELECT count(*) FROM mart_overlap WHERE ref_a LIKE 'ISO%'") == [(0,)]
        assert rows(con, "SELECT count(*) FROM mart_overlap") == [(3,)]


def test_a_backfilled_snapshot_is_not_compared_with_later_builds(
    tmp_path: Path, mart_inputs: tuple[Path, Path]
) -> None:
    path = _build_twice(tmp_path, mart_inputs)
    build.refresh(path, as_of=date(2025, 3, 1), offline=True, progress="none")
    with duckdb.connect(str(path), read_only=True) as con:
        assert rows(con, "SELECT previous_value FROM mart_kpi WHERE kpi = 'current_standards' AND sector IS NULL") == [
            (None,)
        ]


# --- the contract of every mart ---------------------------------------------------------------

MARTS = sorted(t for t in checks.CONTRACT if t.startswith("mart_"))


def _contract_problems(con: duckdb.DuckDBPyConnection) -> list[str]:
    problems = []
    for table in MARTS:
        key = checks.UNIQUE_KEYS[table]
        dupes = rows(con, f"SELECT count(*) FROM (SELECT {key} FROM {table} GROUP BY ALL HAVING count(*) > 1)")  # noqa: S608
        if dupes[0][0]:
            problems.append(f"{table}: duplicate {key}")
        for column in checks.NOT_NULL[table]:
            if rows(con, f"SELECT count(*) FROM {table} WHERE {column} IS NULL")[0][0]:  # noqa: S608
                problems.append(f"{table}.{column} has nulls")
    return problems


def test_every_mart_has_a_unique_key_and_not_null_columns() -> None:
    assert set(MARTS) <= set(checks.UNIQUE_KEYS) and set(MARTS) <= set(checks.NOT_NULL)


def test_mart_keys_and_not_null_columns_hold_on_the_fixtures(
    db: duckdb.DuckDBPyConnection, marts: duckdb.DuckDBPyConnection
) -> None:
    assert _contract_problems(db) == []
    assert _contract_problems(marts) == []
    for table in MARTS:
        assert rows(marts, f"SELECT count(*) FROM {table}")[0][0] > 0, table  # noqa: S608


def test_mart_keys_and_not_null_columns_hold_on_the_demo(demo_db: Path) -> None:
    with duckdb.connect(str(demo_db), read_only=True) as con:
        assert _contract_problems(con) == []


def test_rates_measure_the_configured_national_publisher(tmp_path: Path, tiny_inputs: Path) -> None:
    """A JIS adoption of ISO 4413:2010 (IDT) beside the tiny inputs: China's conversion and
    adoption rates stay as they were (SAC by default); with national_publisher = "" it counts."""
    (tiny_inputs / "jis_catalog.csv").write_text(
        "national_reference,national_title,national_publication_date,status,international_reference,degree\n"
        "JIS B 8361:2013,Hydraulic fluid power / 油圧,2013-03-21,valid,ISO 4413:2010,IDT\n",
        encoding="utf-8",
    )

    def conversion(folder: Path) -> dict:
        db = folder / "standards.duckdb"
        build.refresh(db, inputs=[tiny_inputs], as_of=AS_OF, progress="none")
        with duckdb.connect(str(db), read_only=True) as con:
            return dict(con.execute("SELECT kpi, value FROM mart_kpi WHERE sector IS NULL").fetchall())

    default = conversion(tmp_path / "default")
    assert default["conversion_rate"] == pytest.approx(1 / 3)
    assert default["adoption_rate"] == 1.0
    everyone = tmp_path / "everyone"
    everyone.mkdir()
    (everyone / "standards.toml").write_text('[metrics]\nnational_publisher = ""\n', encoding="utf-8")
    scoped_out = conversion(everyone)
    assert scoped_out["conversion_rate"] == pytest.approx(2 / 3)  # ISO 4413:2010 now adopted by JIS
    assert scoped_out["adoption_rate"] == 1.0  # 3 of 3 national standards adopt IDT/MOD
