"""Marts on the tiny inputs, against figures worked out by hand (see tests/conftest.py).

As of 2026-01-01. International: ISO 4413:1998 (withdrawn, replaced by :2010), ISO 4413:2010
(90.93), ISO 230-1:2012 (60.60), ISO 16090-1:2017 (90.92, to be revised), ISO/DIS 99999 (in
development), an amendment of ISO 4413:2010. National: GB/T 4413-2015 adopts ISO 4413:1998 IDT
(an edition since replaced: lagging), GB/T 230.1-2018 adopts ISO 230-1:2012 MOD. Industry:
JB/T 9999-2010 with the same title as GB/T 4413-2015.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

from etl import build

AS_OF = date(2026, 1, 1)


@pytest.fixture
def db(tmp_path: Path, tiny_inputs: Path) -> duckdb.DuckDBPyConnection:
    path = tmp_path / "standards.duckdb"
    build.refresh(path, inputs=[tiny_inputs], as_of=AS_OF, progress="none")
    con = duckdb.connect(str(path), read_only=True)
    yield con
    con.close()


def rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple]:
    return con.execute(sql).fetchall()


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
    assert rows(db, "SELECT ref_a, ref_b, kind, level_a, level_b FROM mart_overlap") == [
        ("GB/T 4413-2015", "JB/T 9999-2010", "cross_level", "national", "industry")
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
