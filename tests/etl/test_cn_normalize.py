"""The normaliser on numbers and strings taken from the real catalogs in shared/realdata/cn and
shared/realdata/adoption (odd ones included: each is quoted as the file has it)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from etl import cn_normalize as cn

# (as written in a file, canonical reference, level, publisher)
NUMBERS = [
    ("DB42/T 760-2011", "DB42/T 760-2011", "local", "DB42"),
    ("DB13/ 6187-2025", "DB13/6187-2025", "local", "DB13"),
    ("DB31/ 182-2002", "DB31/182-2002", "local", "DB31"),
    ("DB 37/T 2904-2019", "DB37/T 2904-2019", "local", "DB37"),
    ("DB 3307/T 98—2019", "DB3307/T 98-2019", "local", "DB3307"),
    ("DB14/ T 1763-2018", "DB14/T 1763-2018", "local", "DB14"),
    ("DB32／T 4412-2022", "DB32/T 4412-2022", "local", "DB32"),
    ("DB13/T\n5651.5-2023", "DB13/T 5651.5-2023", "local", "DB13"),
    ("DB1303/T011-2020", "DB1303/T 011-2020", "local", "DB1303"),
    ("DB1509T 0025-2024", "DB1509/T 0025-2024", "local", "DB1509"),
    ("DB4117T 329-2021", "DB4117/T 329-2021", "local", "DB4117"),
    ("DB11/Z 879-2012", "DB11/Z 879-2012", "local", "DB11"),
    ("DB3706/T004.5-2020", "DB3706/T 004.5-2020", "local", "DB3706"),
    ("GB/T 27885-2011", "GB/T 27885-2011", "national", "SAC"),
    ("GB 1002-1996E", "GB 1002-1996", "national", "SAC"),
    ("GB/T 12777-2019FR", "GB/T 12777-2019", "national", "SAC"),
    ("GB/T 12777-2019JP", "GB/T 12777-2019", "national", "SAC"),
    ("GB/T 14404-2011G", "GB/T 14404-2011", "national", "SAC"),
    ("GB 1351-2023R", "GB 1351-2023", "national", "SAC"),
    ("GB 1095-1979（1990）", "GB 1095-1979", "national", "SAC"),
    ("GB/T 1096-1979(1990)", "GB/T 1096-1979", "national", "SAC"),
    ("GB/Z 42217-2022", "GB/Z 42217-2022", "national", "SAC"),
    ("GBZ 117-2015", "GBZ 117-2015", "national", "SAC"),
    ("GSB 04-3885-2021", "GSB 04-3885-2021", "national", "SAC"),
    ("GB/T 16886.1-2022", "GB/T 16886.1-2022", "national", "SAC"),
    ("JJG 132-1994", "JJG 132-1994", "national", "JJG"),
    ("JJF(电子)0072-2021", "JJF(电子) 0072-2021", "industry", "JJF(电子)"),
    ("JJF (建材) 142-2018", "JJF(建材) 142-2018", "industry", "JJF(建材)"),
    ("JJG(交通)005-2021", "JJG(交通) 005-2021", "industry", "JJG(交通)"),
    ("JJG (铁道) 107-2015", "JJG(铁道) 107-2015", "industry", "JJG(铁道)"),
    ("JJF（CR）029-2020", "JJF(CR) 029-2020", "industry", "JJF(CR)"),
    ("JJF(京)56-2018", "JJF(京) 56-2018", "local", "JJF(京)"),
    ("T/XCFW TG06-011.3—2023", "T/XCFW TG06-011.3-2023", "group", "T/XCFW"),
    ("T/CSGF T/CSGF023.3—2023", "T/CSGF 023.3-2023", "group", "T/CSGF"),
    ("T/DLSHXH T/DLSHXH 001--2017", "T/DLSHXH 001-2017", "group", "T/DLSHXH"),
    ("T/HSCA 001.—2017", "T/HSCA 001-2017", "group", "T/HSCA"),
    ("T/BSSF  0001—2024", "T/BSSF 0001-2024", "group", "T/BSSF"),
    ("T/PTSHOES GS001—2017", "T/PTSHOES GS001-2017", "group", "T/PTSHOES"),
    ("T/CECA-G 0022-2019", "T/CECA-G 0022-2019", "group", "T/CECA-G"),
    ("T/BPSPA 0008-1-2019", "T/BPSPA 0008-1-2019", "group", "T/BPSPA"),
    ("T/JAR 012/1-2025", "T/JAR 012/1-2025", "group", "T/JAR"),
    ("T/GSLCA 051号-2019", "T/GSLCA 051-2019", "group", "T/GSLCA"),
    ("NB/SH/T 0885-2014", "NB/SH/T 0885-2014", "industry", "NB/SH"),
    ("DB/T 107-2025", "DB/T 107-2025", "industry", "DB"),  # earthquake administration, not a province
    ("DLT 5801-2019", "DL/T 5801-2019", "industry", "DL"),
    ("JYT 0629-2020", "JY/T 0629-2020", "industry", "JY"),
    ("CB 879-77", "CB 879-1977", "industry", "CB"),
    ("HG 2-19885-1976", "HG 2-19885-1976", "industry", "HG"),
    ("CJ/T551-2023", "CJ/T 551-2023", "industry", "CJ"),
    ("DZ/T0064.70-2021", "DZ/T 0064.70-2021", "industry", "DZ"),
    ("HJ1114-2020", "HJ 1114-2020", "industry", "HJ"),
    ("RF 32001-2025", "RF 32001-2025", "industry", "RF"),
    ("TY/T 3501.6-2024", "TY/T 3501.6-2024", "industry", "TY"),
    ("YY 0505-2012", "YY 0505-2012", "industry", "YY"),
    ("JIS A 0001:1999", "JIS A 0001:1999", "national", "JISC"),
    ("JIS C 61000-4-2:2012", "JIS C 61000-4-2:2012", "national", "JISC"),
    ("TR A 0001:1996", "TR A 0001:1996", "national", "JISC"),
]


@pytest.mark.parametrize(("raw", "reference", "level", "publisher"), NUMBERS)
def test_numbers_level_and_publisher(raw: str, reference: str, level: str, publisher: str) -> None:
    number = cn.parse_number(raw)
    assert (number.reference, number.level, number.publisher) == (reference, level, publisher)


def test_number_details() -> None:
    local = cn.parse_number("DB 3307/T 98—2019")
    assert (local.base_ref, local.year, local.province) == ("DB3307/T 98", 2019, "浙江")
    assert cn.parse_number("JJF(京)56-2018").province == "北京"
    assert cn.parse_number("GB 1095-1979（1990）").confirmed_year == 1990
    assert cn.parse_number("GB 1002-1996E").edition_mark == "E"
    sheet = cn.parse_number("GB 10648-2013/XG1-2020")
    assert (sheet.reference, sheet.amendment_of) == ("GB 10648-2013/XG1-2020", "GB 10648-2013")
    assert cn.parse_number("GB 18918-2002/XG2-2025").amendment_of == "GB 18918-2002"


# Records that are not one edition of one standard, and why.
REFUSED = [
    ("9787112250066", "an ISBN"),
    ("GB/T 10646-200", "no edition year"),
    ("GB/T 10471.2008", "no edition year"),
    ("JIS Z 6404", "no edition year"),
    ("GB 10098～10099-1988", "several standards in one record"),
    ("GB/T 12498-1990 GB/T 12499-1990", "several standards in one record"),
    ("GB 1452～1453-1987 GB 1464-1987", "several standards in one record"),
    ("LS/T 1301-2022GC/T 1801-2022", "several standards in one record"),
    ("DB50/T 10003-2023DB51/T", "several standards in one record"),
    ("T/CMA YJ069-0201", "implausible year"),
    ("T/DLMSWH 024-2021A", "unknown marker after the year"),
    ("JIS Z 8210:2017 SYMBOL 51100", "an entry (SYMBOL 51100) within JIS Z 8210:2017"),
    ("ISO 10993-1:2018", "an international standard"),
    ("", "no standard number"),
    ("标准", "unrecognised standard number"),
]


@pytest.mark.parametrize(("raw", "reason"), REFUSED)
def test_what_is_not_a_standard_says_why(raw: str, reason: str) -> None:
    number, problem = cn.check_number(raw)
    assert number is None and reason in problem


@pytest.mark.parametrize(
    ("code", "title", "expected"),
    [
        ("DB15/T", "4192-2025 旱地谷子膜侧机械精量穴播栽培", ("DB15/T 4192-2025", "旱地谷子膜侧机械精量穴播栽培")),
        ("JJF(纺织)", "023-2010 往复移动式织物密度镜校准规范", ("JJF(纺织) 023-2010", "往复移动式织物密度镜校准规范")),
        ("DB", "5227/T059-2018 地理标志产品 独山盐酸菜", ("DB 5227/T059-2018", "地理标志产品 独山盐酸菜")),
        ("T/CSMT", "YB010-2024 液体流量标准装置测控系统", ("T/CSMT YB010-2024", "液体流量标准装置测控系统")),
        ("HJ", "770－2015 水质 苯氧羧酸类除草剂的测定", ("HJ 770－2015", "水质 苯氧羧酸类除草剂的测定")),
        ("GB/T 1.1-2020", "标准化工作导则", ("GB/T 1.1-2020", "标准化工作导则")),
    ],
)  # fmt: skip
def test_a_number_split_into_the_title_is_put_back(code: str, title: str, expected: tuple[str, str]) -> None:
    assert cn.rejoin_split_number(code, title) == expected
    assert cn.parse_number(expected[0]) is not None


@pytest.mark.parametrize(
    ("raw", "status"),
    [
        ("现行", "current"),
        ("确认有效", "current"),
        ("即将实施", "upcoming"),
        ("即将实施 距离实施日期还有 205 天", "upcoming"),
        ("废止", "withdrawn"),
        ("作废", "withdrawn"),
        ("已作废", "withdrawn"),
        ("被代替", "withdrawn"),
        ("有更新版", "withdrawn"),
        ("valid", "current"),
        ("withdrawn", "withdrawn"),
        ("", None),
        ("标准类别", None),
    ],
)
def test_status_vocabulary(raw: str, status: str | None) -> None:
    assert cn.status_of(raw) == status


CHINA_MIDNIGHT_2010 = int(datetime(2010, 1, 1, tzinfo=timezone(timedelta(hours=8))).timestamp() * 1000)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2012-02-01", (date(2012, 2, 1), None)),
        ("2019/03/01", (date(2019, 3, 1), None)),
        ("2016年1月1日", (date(2016, 1, 1), None)),
        ("2015.12.01", (date(2015, 12, 1), None)),
        ("2027-02-01 即将实施 距离实施日期还有 205 天", (date(2027, 2, 1), None)),
        (CHINA_MIDNIGHT_2010, (date(2010, 1, 1), None)),  # epoch ms of Beijing midnight: still 2009 in UTC
        (str(CHINA_MIDNIGHT_2010), (date(2010, 1, 1), None)),
        ("20150501", (date(2015, 5, 1), None)),
        ("1900-07-01", (None, "placeholder")),
        ("9999-12-31", (None, "placeholder")),
        ("0000-00-00", (None, "placeholder")),
        ("1947-01-01", (date(1947, 1, 1), None)),
        ("1988", (None, "partial")),
        ("2020-13-45", (None, "unreadable")),
        ("", (None, None)),
        (None, (None, None)),
        ("无", (None, None)),
    ],
)
def test_dates_in_every_format_seen(raw: object, expected: tuple) -> None:
    assert cn.parse_date(raw) == expected


@pytest.mark.parametrize(
    ("text", "replaces", "replaced_by"),
    [
        ("代替DB11/T 2025-2022", ["DB11/T 2025-2022"], []),
        ("代替DB50/T 398-2011主管部门：重庆市市场监督管理局", ["DB50/T 398-2011"], []),
        ("代替GB 16169-2005,GB 4569-2005", ["GB 16169-2005", "GB 4569-2005"], []),
        ("代替GB/T 38696.1-2020,GB/T 38696.2-2020", ["GB/T 38696.1-2020", "GB/T 38696.2-2020"], []),
        ("代替,GB/T 28288-2012", ["GB/T 28288-2012"], []),
        ("代替JT 617-2004(部分)(部分)", ["JT 617-2004"], []),
        ("替代GBJ65-83废止", ["GBJ 65-1983"], []),
        ("调整(转号)JJG1038-1993", ["JJG 1038-1993"], []),
        ("被GB/T 2559-2005代替", [], ["GB/T 2559-2005"]),
        ("GB/T10405-1989被GB/T 10405-2009代替", ["GB/T 10405-1989"], ["GB/T 10405-2009"]),
        ("被JJG59-2007代替JJG129-1976", ["JJG 129-1976"], ["JJG 59-2007"]),
        (
            "被 GB/T 13961-2026 代替;替代 GB 13961-2003 ;强制性转化为推荐性标准;其文本不做任何调整",
            ["GB 13961-2003"],
            ["GB/T 13961-2026"],
        ),
        ("JJG144-82;JJG371-85", ["JJG 144-1982", "JJG 371-1985"], []),
        ("DB64/ 521-2008", ["DB64/521-2008"], []),
        ("GB/T 9832-2007", ["GB/T 9832-2007"], []),  # TOTAL_REPE: a bare list
        ("标准类别：计量检定规程", [], []),
        (
            "公告:浙江省市场监管局关于废止JJG(浙)75-2004《医用多参数监护仪检定规程》等33个浙江省计量技术规范的公告",
            [],
            [],
        ),
        ("JJG125-1986JJF1059-1999,JJF1015-2002,GB4793-1995", [], []),  # glued normative references
        ("本规范引用了下列文件:GB/T17040石油和石油产品硫含量的测量能量色散X射线荧光光谱法", [], []),
    ],
)
def test_replacement_strings(text: str, replaces: list[str], replaced_by: list[str]) -> None:
    found = cn.parse_replacements(text)
    assert (found.replaces, found.replaced_by) == (replaces, replaced_by)


def test_a_replaced_by_column_reads_bare_numbers_the_other_way() -> None:
    assert cn.parse_replacements("GB 19272-2024", bare="replaced_by").replaced_by == ["GB 19272-2024"]
    assert cn.parse_replacements("TC456", bare="replaced_by").ignored  # a committee code, not a standard


@pytest.mark.parametrize(
    ("text", "hint", "expected"),
    [
        ("ISO 9001:2015, IDT", None, [("ISO 9001:2015", "IDT")]),
        ("IEC 60335-1:2020 MOD", None, [("IEC 60335-1:2020", "MOD")]),
        ("ISO 3864-1:2011,MOD;ISO 7010:2011,MOD", None, [("ISO 3864-1:2011", "MOD"), ("ISO 7010:2011", "MOD")]),
        ("ISO 9001:2015, IDT; IEC 60335-1:2020 MOD", None, [("ISO 9001:2015", "IDT"), ("IEC 60335-1:2020", "MOD")]),
        ("ISO 4413:1998", "IDT", [("ISO 4413:1998", "IDT")]),
        ("ISO 10993-1:2018", "idt", [("ISO 10993-1:2018", "IDT")]),
        ("IEC 60601-1:2005+A2:2020", "MOD", [("IEC 60601-1:2005", "MOD")]),
        ("IEC 62366-1:2015+A1:2020", "MOD", [("IEC 62366-1:2015", "MOD")]),
        ("IEC TR 61340-2-2:2000", "unknown", [("IEC TR 61340-2-2:2000", "unknown")]),
        ("ISO/IEC Guide 98-3:2008", None, [("ISO/IEC Guide 98-3:2008", "unknown")]),
        (
            '被GB/T 22055-2022代替 <h2 class="title-text">采标情况</h2>本标准等同采用ISO国际标准：ISO 8038-2:2001。',
            None,
            [("ISO 8038-2:2001", "IDT")],
        ),
        ("IEC60564-1997", "NEQ", [("IEC 60564:1997", "NEQ")]),
        ("ISO 1:2000；ISO 2:2001", "IDT;MOD", [("ISO 1:2000", "IDT"), ("ISO 2:2001", "MOD")]),
        ("ASTM E23-2005", "MOD", []),  # only ISO, IEC and ITU count as international adoptions
    ],
)
def test_adoption_strings(text: str, hint: str | None, expected: list[tuple[str, str]]) -> None:
    assert cn.parse_adoptions(text, hint) == expected


@pytest.mark.parametrize(
    ("raw", "ref"),
    [
        ("TC253", "SAC/TC 253"),
        ("TC20SC4", "SAC/TC 20/SC 4"),
        ("TC46/SC1", "SAC/TC 46/SC 1"),
        ("SAC/TC 186/SC 2", "SAC/TC 186/SC 2"),
        ("全国玩具标准化技术委员会(SAC/TC 253)", "SAC/TC 253"),
        ("ISO/TC 181", None),
        ("339", None),
    ],
)
def test_committee_codes(raw: str, ref: str | None) -> None:
    assert cn.committee_ref(raw) == ref


def test_committee_named_in_a_summary_and_counterparts() -> None:
    summary = "由339（工业和信息化部）归口，委托TC588（全国电子产品安全标准化技术委员会）执行"
    assert cn._committee_in_description(summary) == "SAC/TC 588"
    assert cn.international_committees("ISO/TC 181、IEC/TC 61/SC 61B") == ["ISO/TC 181", "IEC/TC 61/SC 61B"]


def test_text_cleaning() -> None:
    assert cn.clean_text("<sacinfo>毛绒</sacinfo>、布制玩具") == "毛绒、布制玩具"
    assert cn.clean_text("板厚<3mm的圆孔和方孔筛板") == "板厚<3mm的圆孔和方孔筛板"  # not a tag
    assert cn.clean_text("  轨道交通 \u3000地面装置 ") == "轨道交通 地面装置"
    # UTF-8 read as Latin-1 by a scraper, with 0xA0 and 0x85 bytes collapsed into spaces
    garbled = "329-2021 ç\x8e\x89ç±³ç§¸ç§\x86é»\x84è´®æ\x8a\x80æ\x9c¯æ\x8c\x87å\x8d\x97"
    assert cn.clean_text(garbled) == "329-2021 玉米秸秆黄贮技术指南"
    assert cn.clean_text("2218-2012 åº\x9fçº¸å\x88¶æµ\x86é\x80 çº¸") == "2218-2012 废纸制浆造纸"
    # two common characters fit the lost byte: left as it is, and reported as garbled
    ambiguous = "521-2013 å± ä½\x8få»ºç\xad\x91"
    assert cn.looks_garbled(cn.clean_text(ambiguous))


def test_titles_by_script() -> None:
    assert cn.split_title("建築のベーシックモデュール / Basic module", chinese=False) == (None, "Basic module")
    assert cn.split_title("木材の試験の通則", chinese=False) == (None, None)
    assert cn.split_title("医疗器械生物学评价 第1部分", chinese=True) == ("医疗器械生物学评价 第1部分", None)
    assert cn.split_title("Hydraulic fluid power", chinese=True) == (None, "Hydraulic fluid power")
