"""The std.samr source over real HTTP on 127.0.0.1: paging, retries, resuming, the roster, loading.

The site serves JSON pages written from the field lists of shared/realdata/cn/NOTES_endpoints_kpis.md
§1b, with the quirks seen there: highlight tags, nulls, epoch milliseconds and other date
formats, placeholder dates, full-width dashes, an amendment sheet, an empty page, a 5xx midway.
"""

from __future__ import annotations

import json
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

import duckdb
import pytest

from etl import build
from etl.build import MODELS_DIR, BuildError
from etl.http import DownloadError
from etl.settings import Config, SamrSettings, load_config
from etl.sources import LoadContext, samr
from tests import loopback
from tests.conftest import query

AS_OF = date(2026, 12, 1)
PAGE_SIZE = 2
CHINA = timezone(timedelta(hours=8))


class _QueryHandler(loopback._Handler):
    """The shared server routes by path; std.samr pages differ only in their query string, so the
    sorted query becomes part of the path it routes by."""

    def do_GET(self) -> None:  # noqa: N802 - the base class's name
        url = urlsplit(self.path)
        self.path = url.path + "/" + urlencode(sorted(parse_qsl(url.query, keep_blank_values=True)))
        super().do_GET()


def route(path: str, **params: object) -> str:
    return path + "/" + urlencode(sorted((k, str(v)) for k, v in params.items()))


def search(tid: int, page: int) -> str:
    return route(samr.SEARCH_PATH, tid=tid, pageNumber=page, pageSize=PAGE_SIZE)


def roster(page: int) -> str:
    return route(samr.ROSTER_PATH, q="", op='TABLE_NAME:"BV_COMMITEE_INFO"', pageNo=page)


def epoch_ms(day: date) -> int:
    """How the site stores a date: local (China) midnight in epoch milliseconds."""
    return int(datetime(day.year, day.month, day.day, tzinfo=CHINA).timestamp() * 1000)


GB_PAGES = [
    [
        {
            "id": "52AF72FB",
            "C_STD_CODE": "<sacinfo>GB/T</sacinfo> 9832—2026",
            "C_C_NAME": "<sacinfo>毛绒</sacinfo>、布制玩具",
            "STATE": "即将实施",
            "STD_NATURE": "推荐性",
            "ICS": "97.200.50",
            "CCS": "Y57",
            "ISSUE_DATE": "2026-05-25",
            "ACT_DATE": "2027-06-01",
            "TOTAL_REPE": "GB/T 9832-2007",
            "TA_CODE": "TC253",
            "TA_NAME": "全国玩具标准化技术委员会",
            "C_PLAN_CODE": "20242626-T-607",
            "TABLE_NAME": "BV_GB",
        },
        {
            "id": "9A01",
            "C_STD_CODE": "GB 4706.1-2024",
            "C_C_NAME": "家用和类似用途电器的安全 第1部分：通用要求",
            "STATE": "现行",
            "ISSUE_DATE": epoch_ms(date(2024, 4, 1)),
            "ACT_DATE": "2026/08/01",
            "ADOPT_NO": "IEC 60335-1:2020",
            "ADOPT_LEVEL": "MOD",
            "ICS": "13.120",
            "TOTAL_REPE": "GB 4706.1-2005",
        },
    ],
    [
        {
            "id": "77C3",
            "C_STD_CODE": "GB/T 4413—2015",
            "C_C_NAME": None,
            "C_E_NAME": "Hydraulic fluid power — General rules and safety requirements",
            "STATE": None,
            "ISSUE_DATE": "1900-01-01",
            "ACT_DATE": "2016年1月1日",
            "ADOPT_NO": "ISO 4413:2010, IDT",
            "ICS": None,
        },
        {"id": "X1", "C_STD_CODE": "GB 4706.1-2024/XG1-2025", "C_C_NAME": "第1号修改单", "STATE": "现行"},
    ],
    [],  # total says 5, the site has 4: the last page comes back empty
]
HB_PAGE = [
    {"C_STD_CODE": "JB/T 9999-2010", "C_C_NAME": "液压机 技术条件", "STATE": "现行", "TM_CODE": "TC46SC1"},
    {"C_STD_CODE": "", "C_C_NAME": "无编号", "STATE": "现行"},
]
DB_PAGE = [
    {"C_STD_CODE": "DB13/ 6187-2025", "C_C_NAME": "地方标准甲", "STATE": "现行", "ISSUE_DATE": "2025-06-01"},
    {"C_STD_CODE": "DB 37/T 2904-2019", "C_C_NAME": "地方标准乙", "STATE": "废止", "ACT_DATE": "2020-13-45"},
]


def panel(heading: str, **labelled: str) -> str:
    lines = "".join(f"<p><span>{label}：</span><span>{value}</span></p>" for label, value in labelled.items())
    return f'<div class="panel post"><div class="panel-heading"><a>{heading}</a></div><div>{lines}</div></div>'


ROSTER_PAGES = [
    '<html><body><div class="nums">共 <span>3</span> 条</div>'
    + panel(
        "全国玩具标准化技术委员会",
        编号="TC253",
        英文名称="National Technical Committee 253 on Toys",
        **{"对口/相关联国际组织": "ISO/TC 181"},
        秘书处承担单位="中国玩具和婴童用品协会",
        秘书处所在地="北京市",
    )
    + panel("全国锻压机械标准化技术委员会液压机分会", 编号="TC46/SC1", 秘书处承担单位="天津市天锻压力机有限公司")
    + "</body></html>",
    '<html><body><div class="nums">共 <span>3</span> 条</div>' + panel("名称不详的委员会") + "</body></html>",
]


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> loopback.LoopbackServer:
    monkeypatch.setattr(loopback, "_Handler", _QueryHandler)
    monkeypatch.setattr(samr, "ROSTER_PAGE_SIZE", 2)
    files = tmp_path / "site"
    files.mkdir()
    routes = {}

    def serve(key: str, name: str, body: str) -> None:
        (files / name).write_text(body, encoding="utf-8")
        routes[key] = files / name

    for number, rows in enumerate(GB_PAGES, start=1):
        serve(search(2, number), f"gb{number}.json", json.dumps({"total": 5, "rows": rows}, ensure_ascii=False))
    serve(search(3, 1), "hb1.json", json.dumps({"total": 2, "rows": HB_PAGE}, ensure_ascii=False))
    serve(search(4, 1), "db1.json", json.dumps({"total": 2, "rows": DB_PAGE}, ensure_ascii=False))
    for number, html in enumerate(ROSTER_PAGES, start=1):
        serve(roster(number), f"roster{number}.html", html)
    with loopback.LoopbackServer(routes) as server:
        yield server


def settings(server: loopback.LoopbackServer, **changes: object) -> SamrSettings:
    values = {"base_url": server.url, "page_size": PAGE_SIZE, "min_interval": 0.0, "retries": 2, "backoff": 0.001}
    return SamrSettings(**{**values, **changes})


def context(samr_settings: SamrSettings, con: duckdb.DuckDBPyConnection | None = None) -> LoadContext:
    return LoadContext(con=con, run_id="t", as_of=AS_OF, source="samr", config=Config(samr=samr_settings))


def requested(server: loopback.LoopbackServer) -> list[str]:
    return [s.path for s in server.seen]


def test_nightly_refresh_crawls_std_samr_through_a_5xx_and_loads_it(
    site: loopback.LoopbackServer, tmp_path: Path
) -> None:
    db = tmp_path / "served" / "standards.duckdb"
    db.parent.mkdir()
    (db.parent / "standards.toml").write_text(
        f'[etl]\nsources = ["samr"]\n\n[samr]\nbase_url = "{site.url}"\npage_size = {PAGE_SIZE}\n'
        "min_interval = 0.0\nretries = 2\nbackoff = 0.001\n",
        encoding="utf-8",
    )
    site.fail("503", path=search(2, 2))
    build.refresh(db, as_of=AS_OF, progress="none")  # no source named: the configured live sources

    assert [s.status for s in site.seen if s.path == search(2, 2)] == [503, 200]
    standards = {
        r[0]: r[1:]
        for r in query(
            db,
            "SELECT reference, level, publisher, title_zh, title_en, status, published_on, implemented_on, "
            "committee_ref, ccs, plan_code FROM standard",
        )
    }
    assert standards == {
        "GB/T 9832-2026": (
            "national", "SAC", "毛绒、布制玩具", None, "upcoming", date(2026, 5, 25), date(2027, 6, 1),
            "SAC/TC 253", "Y57", "20242626-T-607",
        ),
        "GB 4706.1-2024": (
            "national", "SAC", "家用和类似用途电器的安全 第1部分：通用要求", None, "current", date(2024, 4, 1),
            date(2026, 8, 1), None, None, None,
        ),
        "GB/T 4413-2015": (
            "national", "SAC", None, "Hydraulic fluid power — General rules and safety requirements", None, None,
            date(2016, 1, 1), None, None, None,
        ),
        "JB/T 9999-2010": (
            "industry", "JB", "液压机 技术条件", None, "current", None, None, "SAC/TC 46/SC 1", None, None,
        ),
        "DB13/6187-2025": ("local", "DB13", "地方标准甲", None, "current", date(2025, 6, 1), None, None, None, None),
    }  # fmt: skip
    assert sorted(query(db, "SELECT from_std, to_ref, kind, degree FROM standard_link")) == [
        ("GB 4706.1-2024", "GB 4706.1-2005", "replaces", None),
        ("GB 4706.1-2024", "IEC 60335-1:2020", "adopts", "MOD"),
        ("GB 4706.1-2024/XG1-2025", "GB 4706.1-2024", "amends", None),
        ("GB/T 4413-2015", "ISO 4413:2010", "adopts", "IDT"),
        ("GB/T 9832-2026", "GB/T 9832-2007", "replaces", None),
    ]
    assert sorted(r for (r,) in query(db, "SELECT reason FROM quarantine")) == [
        "no committee code",
        "no standard number",
        "unreadable implemented_on '2020-13-45'",
    ]
    assert sorted(
        query(db, "SELECT committee_ref, publisher, title, parent_ref, secretariat, sector FROM committee")
    ) == [
        ("SAC/TC 253", "SAC", "全国玩具标准化技术委员会", None, "中国玩具和婴童用品协会", "97"),
        (
            "SAC/TC 46/SC 1",
            "SAC",
            "全国锻压机械标准化技术委员会液压机分会",
            "SAC/TC 46",
            "天津市天锻压力机有限公司",
            None,
        ),
    ]
    assert query(db, "SELECT committee_ref, counterpart_ref FROM stg_committee_counterpart") == [
        ("SAC/TC 253", "ISO/TC 181")
    ]
    assert query(db, "SELECT committee_ref, counterparts FROM committee ORDER BY 1") == [
        ("SAC/TC 253", ["ISO/TC 181"]),
        ("SAC/TC 46/SC 1", None),
    ]
    run = query(db, "SELECT rows_read, rows_loaded, rows_quarantined, message FROM etl_run WHERE source = 'samr'")
    assert run[0][:3] == (11, 8, 3)
    assert "1 placeholder dates set to null" in run[0][3]
    cache = db.parent / "cache" / "samr"
    assert sorted(p.name for p in cache.glob("samr_*.json")) == [
        "samr_committees.json",
        "samr_db.json",
        "samr_gb.json",
        "samr_hb.json",
    ]
    assert (cache / "crawl" / ".complete").exists()


def test_the_roster_is_read_by_its_labels(site: loopback.LoopbackServer, tmp_path: Path) -> None:
    samr.fetch(tmp_path, context(settings(site, catalogs=())))
    rows = json.loads((tmp_path / "samr_committees.json").read_text(encoding="utf-8"))["rows"]
    assert [(r.get("code"), r.get("name"), r.get("counterpart")) for r in rows] == [
        ("TC253", "全国玩具标准化技术委员会", "ISO/TC 181"),
        ("TC46/SC1", "全国锻压机械标准化技术委员会液压机分会", None),
        ("", "名称不详的委员会", None),
    ]


def test_a_crawl_that_fails_midway_resumes_from_its_cached_pages(site: loopback.LoopbackServer, tmp_path: Path) -> None:
    only_gb = settings(site, catalogs=("gb",), committees=False)
    site.fail("503", times=3, path=search(2, 2))  # the first try and both retries
    with pytest.raises(DownloadError, match=r"HTTP 503 after 2 retries; pages fetched so far are kept"):
        samr.fetch(tmp_path, context(only_gb))
    assert (tmp_path / "crawl" / "gb" / "p00001.json").exists()
    assert not (tmp_path / "samr_gb.json").exists()

    before = len(site.seen)
    samr.fetch(tmp_path, context(only_gb))
    assert requested(site)[before:] == [search(2, 2), search(2, 3)]  # page 1 is not fetched again
    assert len(json.loads((tmp_path / "samr_gb.json").read_text(encoding="utf-8"))["rows"]) == 4

    before = len(site.seen)
    samr.fetch(tmp_path, context(only_gb))  # the crawl was complete: the next one starts afresh
    assert requested(site)[before:] == [search(2, 1), search(2, 2), search(2, 3)]


def test_page_budget_spreads_a_crawl_over_runs(site: loopback.LoopbackServer, tmp_path: Path) -> None:
    budget = settings(site, catalogs=("gb",), committees=False, max_pages_per_run=2)
    assert samr.fetch(tmp_path, context(budget)) == []
    assert len(site.seen) == 2
    assert samr.fetch(tmp_path, context(budget)) == [tmp_path / "samr_gb.json"]
    assert requested(site)[2:] == [search(2, 3)]


def test_requests_are_spaced_and_identify_themselves(site: loopback.LoopbackServer, tmp_path: Path) -> None:
    polite = settings(site, catalogs=("gb",), committees=False, min_interval=0.15)
    started = time.monotonic()
    samr.fetch(tmp_path, context(polite))
    assert time.monotonic() - started >= 0.3  # three requests, two intervals
    headers = site.seen[0].headers
    assert headers["Referer"].endswith("/gb/search/gbAdvancedSearch")
    assert headers["User-Agent"].startswith("standards-dashboard-etl")


def test_a_block_page_instead_of_json_fails_the_fetch(site: loopback.LoopbackServer, tmp_path: Path) -> None:
    site.fail("html", path=search(2, 1))
    with pytest.raises(DownloadError, match="not a search response"):
        samr.fetch(tmp_path, context(settings(site, catalogs=("gb",), committees=False)))
    assert not list((tmp_path / "crawl" / "gb").glob("p*.json"))


def test_a_roster_page_without_committees_is_refused(site: loopback.LoopbackServer, tmp_path: Path) -> None:
    site.fail("html", path=roster(1))
    with pytest.raises(DownloadError, match="lists no committees"):
        samr.fetch(tmp_path, context(settings(site, catalogs=())))
    assert not (tmp_path / "samr_committees.json").exists()


def test_a_failed_crawl_fails_the_run_and_keeps_the_served_database(
    site: loopback.LoopbackServer, tmp_path: Path, tiny_inputs: Path
) -> None:
    db = tmp_path / "standards.duckdb"
    build.refresh(db, inputs=[tiny_inputs], as_of=AS_OF, progress="none")
    before = db.read_bytes()
    (tmp_path / "standards.toml").write_text(
        f'[samr]\nbase_url = "{site.url}"\npage_size = {PAGE_SIZE}\nmin_interval = 0.0\nretries = 1\nbackoff = 0.001\n',
        encoding="utf-8",
    )
    site.fail("500", times=10)
    with pytest.raises(BuildError, match="HTTP 500"):
        build.refresh(db, sources=["samr"], as_of=AS_OF, progress="none")
    assert db.read_bytes() == before


def test_cached_pages_and_whole_crawls_load_alike(tmp_path: Path) -> None:
    con = duckdb.connect()
    con.execute((MODELS_DIR / "000_staging.sql").read_text(encoding="utf-8"))
    page = tmp_path / "samr_search_p0001.json"
    page.write_text(json.dumps({"total": 2, "rows": [*GB_PAGES[0], "not an object"]}, ensure_ascii=False))
    result = samr.load([page], context(SamrSettings(), con))
    assert (result.rows_read, result.rows_loaded, result.rows_quarantined) == (3, 2, 1)
    assert con.execute("SELECT reason FROM quarantine").fetchall() == [("row is not a JSON object",)]


def test_samr_is_a_live_source_and_its_url_is_configurable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert "samr" in Config().live_sources
    monkeypatch.delenv("SAMR_BASE_URL", raising=False)
    monkeypatch.delenv("STANDARDS_CONFIG", raising=False)
    (tmp_path / "standards.toml").write_text('[samr]\nbase_url = "http://127.0.0.1:9"\n', encoding="utf-8")
    assert load_config(tmp_path / "standards.duckdb").samr.base_url == "http://127.0.0.1:9"
    monkeypatch.setenv("SAMR_BASE_URL", "http://mirror.example")
    assert load_config(tmp_path / "standards.duckdb").samr.base_url == "http://mirror.example"
    (tmp_path / "standards.toml").write_text("[samr]\npage_sise = 20\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"unknown \[samr\] keys \['page_sise'\]"):
        load_config(tmp_path / "standards.duckdb")
