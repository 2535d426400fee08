"""Catalog files: every real file in shared/realdata/cn and shared/realdata/adoption imports with
each record loaded or quarantined with a reason; the import command, header maps, XLSX, merging
with other sources and provenance."""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import duckdb
import openpyxl
import pytest

from etl import build, cli
from etl.build import MODELS_DIR
from etl.sources import LoadContext, catalog_file
from tests.conftest import REALDATA, query, realdata

AS_OF = date(2026, 11, 21)

# file, records read, loaded, quarantined, distinct standards, quarantine reasons by kind
REAL_FILES = [
    ("adoption/cn_meddev_rasaas_curated.csv", 29, 29, 0, 29, {}),
    ("adoption/jis_relaton.csv", 20380, 20212, 168, 20212, {"an entry": 167, "no edition year in": 1}),
    ("adoption/rasaas_nmpa_iso_gb_mapping.json", 29, 28, 1, 28, {"no standard number": 1}),
    (
        "cn/csres_standards_scrape_2026-03.csv", 16389, 16367, 22, 15957,
        {"several standards in one record": 15, "an ISBN": 5, "no edition year in": 2},
    ),
    ("cn/ldassistant_all_standards_merged_with_replacement.csv", 2285, 2285, 0, 2284, {}),
    ("cn/ldassistant_all_standards_merged_with_replacement.json", 2285, 2285, 0, 2284, {}),
    (
        "cn/ldassistant_standards_db_2026-07.csv", 6932, 6928, 4, 6728,
        {"several standards in one record": 2, "implausible year in": 1, "unknown marker after the year in": 1},
    ),
    ("cn/ldassistant_standards_merged_biaozhun_openstd.json", 1660, 1660, 0, 1659, {}),
    ("cn/ldassistant_standards_merged_with_tc.csv", 1660, 1660, 0, 1659, {}),
    ("cn/sports_standards_catalog.csv", 1339, 1339, 0, 1338, {}),
    ("cn/sports_standards_catalog.json", 1339, 1339, 0, 1338, {}),
]  # fmt: skip
NOT_CATALOGS = ["cn/iso_committees_with_sac_secretariat.csv", "cn/iso_technical_committees_opendata_snapshot.csv"]


def staging() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute((MODELS_DIR / "000_staging.sql").read_text(encoding="utf-8"))
    return con


def context(con: duckdb.DuckDBPyConnection) -> LoadContext:
    return LoadContext(con=con, run_id="t", as_of=AS_OF, source="catalog_file")


def reason_kind(reason: str) -> str:
    return re.split(r"[:'(]", reason)[0].strip()


@pytest.mark.parametrize("name", NOT_CATALOGS)
def test_iso_committee_lists_are_left_to_the_iso_source(name: str) -> None:
    path = realdata(*name.split("/"))
    assert not catalog_file.recognises(path)
    with pytest.raises(catalog_file.NotACatalog, match="iso source") as refused:
        catalog_file.check(path)
    assert refused.value.owner == "iso"


@pytest.fixture(scope="module")
def real_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every real catalog file imported through the command line into one database."""
    folders = [REALDATA / "cn", REALDATA / "adoption"]
    if not all(f.is_dir() for f in folders):
        pytest.skip(f"real data not available: {REALDATA} is absent (it lives in ../shared/realdata)")
    db = tmp_path_factory.mktemp("real") / "standards.duckdb"
    code = cli.main(["import", *map(str, folders), "--db", str(db), "--as-of", AS_OF.isoformat()])
    assert code == cli.EXIT_OK
    return db


@pytest.mark.parametrize(("name", "read", "loaded", "refused", "standards", "reasons"), REAL_FILES)
def test_every_real_file_loads_or_quarantines_each_record(
    real_db: Path, name: str, read: int, loaded: int, refused: int, standards: int, reasons: dict
) -> None:
    cached = catalog_file.cache_name(REALDATA / name)
    (message,) = query(real_db, "SELECT message FROM etl_run WHERE source = 'catalog_file'")[0]
    counts = re.search(rf"{re.escape(cached)}: (\d+) read, (\d+) loaded, (\d+) quarantined", message)
    assert tuple(map(int, counts.groups())) == (read, loaded, refused)
    found = Counter(reason_kind(r) for (r,) in query(real_db, "SELECT reason FROM quarantine WHERE file = ?", [cached]))
    assert dict(found) == reasons
    distinct = query(
        real_db, "SELECT count(DISTINCT std_id) FROM stg_standard WHERE split_part(origin, '#', 1) = ?", [cached]
    )
    assert distinct == [(standards,)]


def test_all_real_files_import_into_one_database(real_db: Path) -> None:
    run = query(real_db, "SELECT rows_read, rows_loaded, rows_quarantined FROM etl_run WHERE source = 'catalog_file'")
    assert run == [(54327, 54132, 195)]
    assert query(real_db, "SELECT count(*) FROM standard")[0][0] == 43840
    levels = dict(query(real_db, "SELECT level, count(*) FROM standard GROUP BY 1"))
    assert levels == {"national": 38406, "industry": 3123, "local": 1138, "group": 1173}
    links = dict(query(real_db, "SELECT kind || coalesce('/' || degree, ''), count(*) FROM standard_link GROUP BY 1"))
    assert links == {"adopts/IDT": 20, "adopts/MOD": 10, "adopts/unknown": 4451, "amends": 99, "replaces": 1650}
    assert query(real_db, "SELECT count(*) FROM standard WHERE publisher = 'JISC'")[0][0] == 20212
    # the CSV and JSON copies of one export, and the exports that overlap, give one row each
    assert query(real_db, "SELECT count(*) FROM standard_source")[0][0] == 43840
    assert query(real_db, "SELECT level, publisher, province FROM standard WHERE std_id = 'DB11/T 3047-2025'") == [
        ("local", "DB11", "北京")
    ]
    (files,) = query(real_db, "SELECT files FROM standard_source WHERE std_id = 'DB11/T 3047-2025'")[0]
    assert len(files) == 5 and all(f.startswith("catalog_ldassistant_") for f in files)
    # kept with the other inputs: a later build still has them
    cached = sorted(p.name for p in (real_db.parent / "cache" / "catalog_file").iterdir())
    assert len(cached) == 11 and all(name.startswith("catalog_") for name in cached)


def test_statuses_are_as_of_the_build_date(real_db: Path) -> None:
    # 即将实施 in a scrape from July, in force by November
    assert query(real_db, "SELECT status, implemented_on FROM standard WHERE std_id = 'GB/T 16886.1-2022'") == [
        ("current", date(2023, 5, 1))
    ]


def test_unknown_adoption_degree_is_its_own_category(real_db: Path) -> None:
    degrees = dict(query(real_db, "SELECT degree, count(*) FROM standard_link WHERE kind = 'adopts' GROUP BY 1"))
    assert degrees == {"unknown": 4451, "IDT": 20, "MOD": 10}
    jis = query(
        real_db,
        "SELECT DISTINCT degree FROM mart_adoption JOIN standard USING (std_id) WHERE standard.publisher = 'JISC'",
    )
    assert jis == [("unknown",)]


def test_import_refuses_files_that_belong_to_another_source(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    db = tmp_path / "standards.duckdb"
    files = [str(realdata(*n.split("/"))) for n in (*NOT_CATALOGS, REAL_FILES[0][0])]
    assert cli.main(["import", *files, "--db", str(db)]) == cli.EXIT_USAGE
    err = capsys.readouterr().err
    assert "nothing was imported" in err
    assert "iso_committees_with_sac_secretariat.csv lists ISO technical committees" in err
    assert "is an input of the iso source" in err and "refresh --source iso --from" in err
    assert not db.exists()


def write_xlsx(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "国家标准"
    sheet.append(["机械行业标准目录（2026年11月导出）"])  # a title above the header row
    sheet.append(
        ["标准代号", "中文标准名称", "标准状态", "发布日期", "实施日期", "代替标准", "采用国际标准", "ICS分类"]
    )
    sheet.append(
        [
            "GB/T 230.1—2018",
            "金属材料 洛氏硬度试验 第1部分：试验方法",
            "现行",
            datetime(2018, 9, 17),
            "2019/04/01",
            "代替GB/T 230.1-2009",
            "ISO 6508-1:2016, MOD",
            "77.040.10",
        ]
    )
    sheet.append([None, None, None, None, None, None, None, None])
    industry = book.create_sheet("行业标准")
    industry.append(["标准代号", "中文标准名称", "标准状态", "发布日期"])
    industry.append(["JB/T 9999-2010", "液压机 技术条件", "有更新版", "2010年2月11日"])
    industry.append(["JB/T 标准", "无年代号", "现行", None])
    book.save(path)
    return path


def test_xlsx_with_a_title_row_and_an_operator_header(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    db = tmp_path / "served" / "standards.duckdb"
    db.parent.mkdir()
    (db.parent / "standards.toml").write_text('[catalog_file.header_map]\n"标准代号" = "reference"\n', encoding="utf-8")
    xlsx = write_xlsx(tmp_path / "机械标准.xlsx")
    assert cli.main(["import", str(xlsx), "--db", str(db), "--as-of", AS_OF.isoformat()]) == cli.EXIT_OK
    rows = query(db, "SELECT reference, level, title_zh, status, published_on, implemented_on FROM standard ORDER BY 1")
    assert rows == [
        ("GB/T 230.1-2018", "national", "金属材料 洛氏硬度试验 第1部分：试验方法", "current", date(2018, 9, 17),
         date(2019, 4, 1)),
        ("JB/T 9999-2010", "industry", "液压机 技术条件", "withdrawn", date(2010, 2, 11), None),
    ]  # fmt: skip
    assert sorted(query(db, "SELECT to_ref, kind, degree FROM standard_link")) == [
        ("GB/T 230.1-2009", "replaces", None),
        ("ISO 6508-1:2016", "adopts", "MOD"),
    ]
    assert query(db, "SELECT reason FROM quarantine") == [("unrecognised standard number 'JB/T 标准'",)]
    assert query(db, "SELECT ics_code FROM standard_sector") == [("77.040.10",)]


def test_a_header_map_naming_an_unknown_field_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    (tmp_path / "standards.toml").write_text('[catalog_file.header_map]\n"代号" = "number"\n', encoding="utf-8")
    csv_file = tmp_path / "list.csv"
    csv_file.write_text("标准号,标准名称\nGB/T 1-2020,标准\n", encoding="utf-8")
    assert cli.main(["import", str(csv_file), "--db", str(tmp_path / "standards.duckdb")]) == cli.EXIT_USAGE
    assert "'代号' maps to 'number', which is not a field" in capsys.readouterr().err


def test_any_file_name_is_imported_and_kept_for_later_builds(tmp_path: Path) -> None:
    db = tmp_path / "standards.duckdb"
    export = tmp_path / "export from the portal.txt"
    export.write_text("标准编号;标准名称;状态\nGB/T 4413-2015;液压传动;现行\n", encoding="gb18030")
    assert cli.main(["import", str(export), "--db", str(db), "--as-of", AS_OF.isoformat()]) == cli.EXIT_OK
    assert (tmp_path / "cache" / "catalog_file" / "catalog_export from the portal.txt").exists()
    build.refresh(db, as_of=AS_OF, progress="none", offline=True)
    assert query(db, "SELECT reference, title_zh, status FROM standard") == [("GB/T 4413-2015", "液压传动", "current")]


def test_recognition_by_name_extension_and_header(tmp_path: Path) -> None:
    catalog = tmp_path / "list.csv"
    catalog.write_text("std_num,title\nGB/T 1-2020,x\n", encoding="utf-8")
    other = tmp_path / "prices.csv"
    other.write_text("sku,price\n1,2\n", encoding="utf-8")
    assert catalog_file.recognises(catalog) and not catalog_file.recognises(other)
    for official in ("samr_search_p0001.json", "iso_deliverables_metadata.csv", "ICS.csv"):
        shutil.copy(catalog, tmp_path / official)
        assert not catalog_file.recognises(tmp_path / official), official
    assert catalog_file.cache_name(catalog) == "catalog_list.csv"
    assert catalog_file.recognises(tmp_path / "catalog_anything.json")


def test_same_standard_from_two_sources_is_merged_field_by_field(tmp_path: Path, tiny_inputs: Path) -> None:
    """std.samr knows the Chinese title, status, committee and ICS; the catalog file adds the English
    title, the CCS class, the department and an adoption the ISO deliverables resolve."""
    (tiny_inputs / "机械标准目录.csv").write_text(
        "标准号,中文标准名称,英文标准名称,中标分类,发布部门,采用国际标准,采用程度\n"
        "GB/T 230.1—2018,,Metallic materials — Rockwell hardness test,H22,国家市场监督管理总局,"
        "ISO 230-1:2012,修改采用\n",
        encoding="utf-8",
    )
    db = tmp_path / "standards.duckdb"
    build.refresh(db, inputs=[tiny_inputs], as_of=date(2026, 1, 1), progress="none")
    row = query(
        db,
        "SELECT title_zh, title_en, status, ccs, department, source, sources FROM standard "
        "WHERE std_id = 'GB/T 230.1-2018'",
    )
    assert row == [
        (
            "机床检验通则 第1部分",
            "Metallic materials — Rockwell hardness test",
            "current",
            "H22",
            "国家市场监督管理总局",
            "samr",
            ["catalog_file", "samr"],
        )
    ]
    provenance = query(
        db, "SELECT source, records, files FROM standard_source WHERE std_id = 'GB/T 230.1-2018' ORDER BY 1"
    )
    assert provenance == [
        ("catalog_file", 1, ["catalog_机械标准目录.csv"]),
        ("samr", 1, ["samr_search_p0001.json"]),
    ]
    assert query(
        db, "SELECT degree, to_std FROM standard_link WHERE from_std = 'GB/T 230.1-2018' AND kind = 'adopts'"
    ) == [("MOD", "iso:3")]
    assert query(db, "SELECT source FROM etl_run WHERE source NOT IN ('build') ORDER BY 1") == [
        ("catalog_file",),
        ("iso",),
        ("samr",),
    ]


def test_catalogs_configured_for_nightly_runs_are_copied_in(tmp_path: Path) -> None:
    exports = tmp_path / "exports"
    exports.mkdir()
    (exports / "nightly.csv").write_text(
        "标准号,标准名称,状态\nYY/T 0287-2017,医疗器械 质量管理体系,现行\n", encoding="utf-8"
    )
    (exports / "notes.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    db = tmp_path / "served" / "standards.duckdb"
    db.parent.mkdir()
    (db.parent / "standards.toml").write_text(
        f'[etl]\nsources = ["catalog_file"]\n\n[catalog_file]\npaths = ["{exports.as_posix()}/*.csv"]\n',
        encoding="utf-8",
    )
    build.refresh(db, as_of=AS_OF, progress="none")
    assert query(db, "SELECT reference, level, publisher FROM standard") == [("YY/T 0287-2017", "industry", "YY")]
    assert [p.name for p in (db.parent / "cache" / "catalog_file").iterdir()] == ["catalog_nightly.csv"]


def test_json_exports_keep_their_records_under_any_usual_key(tmp_path: Path) -> None:
    nested = tmp_path / "records.json"
    nested.write_text(
        json.dumps(
            {"success": True, "data": {"records": [{"code": "HG/T 20719-2021", "chName": "化工", "status": "现行"}]}}
        ),
        encoding="utf-8",
    )
    con = staging()
    result = catalog_file.load([nested], context(con))
    assert (result.rows_read, result.rows_loaded) == (1, 1)
    assert con.execute("SELECT reference, status FROM stg_standard").fetchall() == [("HG/T 20719-2021", "current")]
