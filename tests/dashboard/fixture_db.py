"""A tiny served database with hand-written mart rows and known numbers.

The numbers the dashboard tests assert are spelled out next to the rows that produce them, so
a failing test can be checked against this file by eye.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

AS_OF = "2025-06-30"
BUILT_AT = "2025-06-30 02:15:00"

SCHEMA = """
CREATE TABLE build_info (run_id VARCHAR, as_of DATE, built_at TIMESTAMP, is_demo BOOLEAN,
    sources VARCHAR[]);
CREATE TABLE etl_run (run_id VARCHAR, source VARCHAR, started_at TIMESTAMP,
    finished_at TIMESTAMP, status VARCHAR, rows_read BIGINT, rows_loaded BIGINT,
    rows_quarantined BIGINT, bytes BIGINT, etag VARCHAR, as_of DATE, message VARCHAR);
CREATE TABLE quarantine (run_id VARCHAR, source VARCHAR, file VARCHAR, record_no BIGINT,
    reason VARCHAR, record VARCHAR);
CREATE TABLE metric_config (key VARCHAR, value VARCHAR);
CREATE TABLE sector (code VARCHAR, parent VARCHAR, depth INTEGER, field VARCHAR,
    title_en VARCHAR, title_fr VARCHAR, title_zh VARCHAR);
CREATE TABLE mart_standard (std_id VARCHAR, reference VARCHAR, title_en VARCHAR,
    title_zh VARCHAR, sector VARCHAR, level VARCHAR, publisher VARCHAR, status VARCHAR,
    year INTEGER, published_on DATE, age_years DOUBLE, overdue_review BOOLEAN,
    severely_aged BOOLEAN, to_be_revised BOOLEAN, committee_ref VARCHAR, source VARCHAR);
CREATE TABLE mart_overlap (std_a VARCHAR, std_b VARCHAR, similarity DOUBLE, kind VARCHAR,
    sector VARCHAR, level_a VARCHAR, level_b VARCHAR, ref_a VARCHAR, ref_b VARCHAR,
    title_a VARCHAR, title_b VARCHAR, publisher_a VARCHAR, publisher_b VARCHAR);
CREATE TABLE mart_adoption (std_id VARCHAR, reference VARCHAR, title VARCHAR, sector VARCHAR,
    publisher VARCHAR, adopted_ref VARCHAR, adopted_std_id VARCHAR, degree VARCHAR,
    adoption_delay_years DOUBLE, lagging_adoption BOOLEAN,
    counts_as_adoption BOOLEAN GENERATED ALWAYS AS (degree IN ('IDT', 'MOD')));
CREATE TABLE standard_sector (std_id VARCHAR, ics_code VARCHAR, sector VARCHAR);
CREATE TABLE kpi_history (run_id VARCHAR, as_of DATE, is_demo BOOLEAN, kpi VARCHAR, sector VARCHAR,
    value DOUBLE);
CREATE TABLE mart_conversion (std_id VARCHAR, reference VARCHAR, title_en VARCHAR,
    sector VARCHAR, publisher VARCHAR, committee_ref VARCHAR, adopted BOOLEAN,
    best_degree VARCHAR);
CREATE TABLE mart_participation (as_of DATE, member VARCHAR, country VARCHAR, p_count INTEGER,
    o_count INTEGER, secretariat_tc INTEGER, secretariat_sc INTEGER,
    active_committees INTEGER, share_p DOUBLE, joined INTEGER, "left" INTEGER,
    upgraded_o_to_p INTEGER);
CREATE TABLE mart_committee_members (as_of DATE, committee_ref VARCHAR, title VARCHAR,
    sector VARCHAR, secretariat VARCHAR, p_count INTEGER, o_count INTEGER,
    p_members VARCHAR[], o_members VARCHAR[]);
CREATE TABLE mart_kpi (kpi VARCHAR, sector VARCHAR, value DOUBLE, target DOUBLE,
    previous_value DOUBLE, status VARCHAR, unit VARCHAR);
"""

# fmt: off
SECTORS = [
    ("25", None, 1, "25", "Manufacturing engineering", "Ingénierie", "机械制造"),
    ("25.040", "25", 2, "25", "Industrial automation systems", "Automatisation", None),
    ("25.080", "25", 2, "25", "Machine tools", "Machines-outils", "机床"),
    ("77", None, 1, "77", "Metallurgy", "Métallurgie", "冶金"),
    ("77.040", "77", 2, "77", "Testing of metals", "Essais des métaux", "金属材料试验"),
]

# ICS codes: in sector 25, group 25.080 (machine tools) holds ISO 230-1, ISO 10791-1, GB/T 9061
# and JB/T 2326 (4 current, all overdue, 2 severely aged); group 25.040 holds GB/T 17421.1 and the
# withdrawn ISO 230-2.
STANDARD_SECTORS = [
    ("iso:1", "25.080.01", "25"),
    ("iso:2", "25.080.10", "25"),
    ("GB/T 9061-2006", "25.080", "25"),
    ("JB/T 2326-2019", "25.080.01", "25"),
    ("GB/T 17421.1-2023", "25.040.20", "25"),
    ("iso:3", "25.040.20", "25"),
    ("iso:4", "77.040.10", "77"),
    ("GB/T 228.1-2021", "77.040.10", "77"),
    ("YB/T 4001-2018", "77.140.01", "77"),
]

# Current standards: sector 25 has 5 (international 2, national 2, industry 1), sector 77 has
# 3, one group standard has no sector: 9 in all. Overdue (age > 5): 25 → 4, 77 → 2, all → 6.
# Severely aged (age > 10): 25 → 2 (ISO 230-1, GB/T 9061), 77 → 0.
STANDARDS = [
    # std_id, reference, title_en, title_zh, sector, level, publisher, status, year,
    # published_on, age_years, overdue, severe, to_be_revised, committee_ref
    ("iso:1", "ISO 230-1:2012", "Test code for machine tools — Part 1", "机床检验通则 第1部分", "25",
     "international", "ISO", "current", 2012, "2012-03-01", 13.3, True, True, False, "ISO/TC 39/SC 2"),
    ("iso:2", "ISO 10791-1:2015", "Test conditions for machining centres", "加工中心检验条件", "25",
     "international", "ISO", "current", 2015, "2015-09-01", 9.8, True, False, True, "ISO/TC 39/SC 2"),
    ("GB/T 17421.1-2023", "GB/T 17421.1-2023", "Test code for machine tools — Part 1", "机床检验通则 第1部分", "25",
     "national", "SAC", "current", 2023, "2023-12-28", 1.5, False, False, False, "SAC/TC 22"),
    ("GB/T 9061-2006", "GB/T 9061-2006", "Metal-cutting machine tools — General requirements",
     "金属切削机床 通用技术条件", "25", "national", "SAC", "current", 2006, "2006-02-15", 19.4, True, True, False,
     "SAC/TC 22"),
    ("JB/T 2326-2019", "JB/T 2326-2019", "Machine tools — Technical requirements", "机床 技术条件", "25",
     "industry", "JB", "current", 2019, "2019-05-02", 6.2, True, False, False, "SAC/TC 22"),
    ("iso:3", "ISO 230-2:2014", "Test code for machine tools — Part 2", "机床检验通则 第2部分", "25",
     "international", "ISO", "withdrawn", 2014, "2014-05-01", 11.2, False, False, False, "ISO/TC 39/SC 2"),
    ("iso:4", "ISO 6892-1:2019", "Metallic materials — Tensile testing", "金属材料 拉伸试验", "77", "international",
     "ISO", "current", 2019, "2019-11-01", 5.7, True, False, True, "ISO/TC 164"),
    ("GB/T 228.1-2021", "GB/T 228.1-2021", "Metallic materials — Tensile testing", "金属材料 拉伸试验 第1部分",
     "77", "national", "SAC", "current", 2021, "2021-05-21", 4.1, False, False, False, "SAC/TC 183"),
    ("YB/T 4001-2018", "YB/T 4001-2018", "Steel grating", "钢格栅板", "77", "industry", "YB", "current", 2018,
     "2018-04-30", 7.2, True, False, False, None),
    ("T/CMES 1001-2022", "T/CMES 1001-2022", "Smart factory vocabulary", "智能工厂 术语", None, "group", "T/CMES",
     "current", 2022, "2022-08-01", 2.9, False, False, False, None),
]

# Overlap: sector 25 → 2 pairs (1 cross_level, 1 same_level), sector 77 → 1 cross_level.
OVERLAPS = [
    ("GB/T 9061-2006", "JB/T 2326-2019", 0.86, "cross_level", "25", "national", "industry", "GB/T 9061-2006",
     "JB/T 2326-2019", "金属切削机床 通用技术条件", "机床 技术条件", "SAC", "JB"),
    ("GB/T 17421.1-2023", "GB/T 9061-2006", 0.93, "same_level", "25", "national", "national", "GB/T 17421.1-2023",
     "GB/T 9061-2006", "机床检验通则 第1部分", "金属切削机床 通用技术条件", "SAC", "SAC"),
    ("GB/T 228.1-2021", "YB/T 4001-2018", 0.82, "cross_level", "77", "national", "industry", "GB/T 228.1-2021",
     "YB/T 4001-2018", "金属材料 拉伸试验 第1部分", "钢格栅板", "SAC", "YB"),
]

# Adoption: sector 25 → IDT 1, NEQ 1 (lagging); sector 77 → MOD 1.
ADOPTIONS = [
    ("GB/T 17421.1-2023", "GB/T 17421.1-2023", "机床检验通则 第1部分", "25", "SAC", "ISO 230-1:2012", "iso:1",
     "IDT", 11.0, False),
    ("GB/T 9061-2006", "GB/T 9061-2006", "金属切削机床 通用技术条件", "25", "SAC", "ISO 10791-1:1998", None, "NEQ",
     8.0, True),
    ("GB/T 228.1-2021", "GB/T 228.1-2021", "金属材料 拉伸试验 第1部分", "77", "SAC", "ISO 6892-1:2019", "iso:4",
     "MOD", 2.0, False),
]

# Conversion: sector 25 → 1 of 2 adopted (50 %), sector 77 → 1 of 1 (100 %).
CONVERSIONS = [
    ("iso:1", "ISO 230-1:2012", "Test code for machine tools — Part 1", "25", "ISO", "ISO/TC 39/SC 2", True, "IDT"),
    ("iso:2", "ISO 10791-1:2015", "Test conditions for machining centres", "25", "ISO", "ISO/TC 39/SC 2", False,
     None),
    ("iso:4", "ISO 6892-1:2019", "Metallic materials — Tensile testing", "77", "ISO", "ISO/TC 164", True, "MOD"),
]

# Latest snapshot ranking by P-memberships: DIN 4, SAC 3, ANSI 2, JISC 1.
PARTICIPATION = [
    ("2024-06-30", "SAC", "China", 2, 1, 1, 0, 4, 0.5, 0, 0, 0),
    ("2024-06-30", "DIN", "Germany", 4, 0, 0, 1, 4, 1.0, 0, 0, 0),
    ("2024-06-30", "ANSI", "United States", 2, 1, 0, 0, 4, 0.5, 0, 0, 0),
    ("2024-06-30", "JISC", "Japan", 1, 2, 0, 0, 4, 0.25, 0, 0, 0),
    ("2025-06-30", "SAC", "China", 3, 1, 1, 0, 4, 0.75, 0, 0, 1),
    ("2025-06-30", "DIN", "Germany", 4, 0, 1, 1, 4, 1.0, 0, 0, 0),
    ("2025-06-30", "ANSI", "United States", 2, 1, 0, 1, 4, 0.5, 0, 0, 0),
    ("2025-06-30", "JISC", "Japan", 1, 2, 0, 0, 4, 0.25, 0, 0, 0),
]

# Latest snapshot, sector 25: P-memberships SAC 3 (1 secretariat), DIN 3, ANSI 2 (1 secretariat),
# JISC 1. Sector 77: one committee, ISO/TC 164 (secretariat DIN), P-members DIN and JISC.
COMMITTEES = [
    ("2024-06-30", "ISO/TC 39", "Machine tools", "25", "SNV", 3, 1, ['DIN', 'SAC', 'ANSI'], ['JISC']),
    ("2024-06-30", "ISO/TC 306", "Foundry machinery", "25", "SAC", 2, 1, ['SAC', 'DIN'], ['ANSI']),
    ("2025-06-30", "ISO/TC 39", "Machine tools", "25", "SNV", 3, 1, ['DIN', 'SAC', 'ANSI'], ['JISC']),
    ("2025-06-30", "ISO/TC 39/SC 2", "Test conditions for metal cutting machine tools", "25", "ANSI", 3, 0,
     ['DIN', 'SAC', 'ANSI'], []),
    ("2025-06-30", "ISO/TC 306", "Foundry machinery", "25", "SAC", 3, 0, ['SAC', 'DIN', 'JISC'], []),
    ("2025-06-30", "ISO/TC 164", "Mechanical testing of metals", "77", "DIN", 2, 2, ['DIN', 'JISC'], ['SAC', 'ANSI']),
]

# KPI tiles: current_standards all 9 (previous 8), sector 25 → 5, sector 77 → 3. The development
# cycle (all sectors only) is 18.6 months against 18, within the 5% margin: near, and down from
# 19.6, which is good news for a figure where lower is better.
KPIS = [
    ("current_standards", None, 9, None, 8, "no_target", "count"),
    ("current_standards", "25", 5, None, 5, "no_target", "count"),
    ("current_standards", "77", 3, None, 2, "no_target", "count"),
    ("overdue_share", None, 2 / 3, 0.2, 5 / 8, "off", "share"),
    ("overdue_share", "25", 0.8, 0.2, 0.8, "off", "share"),
    ("overdue_share", "77", 2 / 3, 0.2, 0.5, "off", "share"),
    ("adoption_rate", None, 2 / 3, None, 0.5, "no_target", "share"),
    ("adoption_rate", "25", 0.5, None, 0.5, "no_target", "share"),
    ("adoption_rate", "77", 1.0, None, None, "no_target", "share"),
    ("conversion_rate", None, 2 / 3, 0.85, 0.5, "off", "share"),
    ("conversion_rate", "25", 0.5, 0.85, 0.5, "off", "share"),
    ("conversion_rate", "77", 1.0, 0.85, 1.0, "on_target", "share"),
    ("development_cycle", None, 18.6, 18, 19.6, "near", "months"),
    ("focus_secretariats", None, 1, None, 1, "no_target", "count"),
    ("overlap_candidates", None, 3, None, 4, "no_target", "count"),
    ("overlap_candidates", "25", 2, None, 2, "no_target", "count"),
    ("overlap_candidates", "77", 1, None, 1, "no_target", "count"),
]

# Two earlier builds of real data (ignored: this fixture is a demo build) and two demo builds:
# current_standards all sectors 8 then 9, so its tile draws a path of two points.
KPI_HISTORY = [
    ("r-0000", "2025-06-28", False, "current_standards", None, 100),
    ("r-0000", "2025-06-28", False, "conversion_rate", None, 0.1),
    ("r-0001", "2025-06-29", True, "current_standards", None, 8),
    ("r-0001", "2025-06-29", True, "conversion_rate", None, 0.5),
    ("r-0002", "2025-06-30", True, "current_standards", None, 9),
    ("r-0002", "2025-06-30", True, "conversion_rate", None, 2 / 3),
]

RUNS = [
    ("r-0001", "iso", "2025-06-29 02:00:00", "2025-06-29 02:03:00", "ok", 120, 118, 2, 40960, "\"etag-1\"",
     "2025-06-29", None),
    ("r-0001", "build", "2025-06-29 02:00:00", "2025-06-29 02:05:00", "ok", None, None, None, None, None,
     "2025-06-29", None),
    ("r-0002", "iso", "2025-06-30 02:00:00", "2025-06-30 02:01:00", "unchanged", 0, 0, 0, 0, "\"etag-1\"",
     "2025-06-30", "304 Not Modified"),
    ("r-0002", "samr", "2025-06-30 02:01:00", "2025-06-30 02:10:00", "partial", 80, 79, 1, 20480, None,
     "2025-06-30", "1 page timed out"),
    ("r-0002", "build", "2025-06-30 02:00:00", "2025-06-30 02:15:00", "ok", None, None, None, None, None,
     "2025-06-30", None),
]

QUARANTINE = [
    ("r-0001", "iso", "deliverables.jsonl", 17, "missing reference", "{\"id\": 17}"),
    ("r-0002", "samr", "page-3.json", 4, "unparseable date", "{\"fbrq\": \"2021-13-45\"}"),
]

METRIC_CONFIG = [
    ("review_years", "5.0"),
    ("severe_age_years", "10.0"),
    ("conversion_target", "0.85"),
    ("overlap_threshold", "0.8"),
    ("focus_member", "SAC"),
]

# fmt: on

FAILURES = [
    {
        "run_id": "r-0003",
        "started_at": "2025-06-30T03:00:00",
        "finished_at": "2025-06-30T03:00:05",
        "status": "failed",
        "message": "check failed: mart_standard empty",
    },
]


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[tuple]) -> None:
    if rows:
        marks = ", ".join("?" * len(rows[0]))
        con.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)  # noqa: S608 - fixed names


def build_fixture_db(path: Path, *, is_demo: bool = True, with_failures: bool = True) -> Path:
    """Write the fixture database (and its failure sidecar) at path and return path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    try:
        con.execute(SCHEMA)
        con.execute(
            "INSERT INTO build_info VALUES (?, ?, ?, ?, ?)",
            ["r-0002", AS_OF, BUILT_AT, is_demo, ["iso", "samr"]],
        )
        _insert(con, "sector", SECTORS)
        _insert(con, "mart_standard", [(*row, "fixture") for row in STANDARDS])
        _insert(con, "mart_overlap", OVERLAPS)
        con.executemany(
            "INSERT INTO mart_adoption (std_id, reference, title, sector, publisher, adopted_ref, adopted_std_id, "
            "degree, adoption_delay_years, lagging_adoption) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            ADOPTIONS,
        )
        _insert(con, "standard_sector", STANDARD_SECTORS)
        _insert(con, "kpi_history", KPI_HISTORY)
        _insert(con, "mart_conversion", CONVERSIONS)
        _insert(con, "mart_participation", PARTICIPATION)
        _insert(con, "mart_committee_members", COMMITTEES)
        _insert(con, "mart_kpi", KPIS)
        _insert(con, "etl_run", RUNS)
        _insert(con, "quarantine", QUARANTINE)
        _insert(con, "metric_config", METRIC_CONFIG)
        con.execute("CHECKPOINT")
    finally:
        con.close()
    if with_failures:
        sidecar = path.parent / f"{path.stem}.failures.jsonl"
        lines = [json.dumps(f) for f in FAILURES] + ["not json: a torn last line"]
        sidecar.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


if __name__ == "__main__":
    import sys

    print(build_fixture_db(Path(sys.argv[1])))
