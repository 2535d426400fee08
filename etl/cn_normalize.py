"""Catalog values to canonical ones: standard numbers (with their level and publisher), statuses,
dates, replacement and adoption strings, committee codes, and the batch that turns catalog
records into canonical staging rows.

Shared by every source that reads national standard catalogs (the std.samr search pages and
catalog files), so one spelling of a number always gives one ``std_id``.
"""

from __future__ import annotations

import functools
import html
import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa

if TYPE_CHECKING:
    from etl.sources import LoadContext, LoadResult

# --- text ------------------------------------------------------------------------------------

# Dash look-alikes seen in numbers: em/en dashes, full-width hyphen-minus, horizontal bar, and
# the CJK "一" typed for a dash.
_DASHES = str.maketrans({"—": "-", "–": "-", "－": "-", "―": "-", "‐": "-", "‑": "-", "−": "-", "一": "-"})
_BLOCK_TAG = re.compile(r"</?(?:br|p|div|h[1-6]|li|tr|td|th|table|ul|ol)\b[^<>]*>", re.I)
_INLINE_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
_SPACE = re.compile(r"\s+")
_HAN = re.compile(r"[\u3400-\u9fff]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_LATIN1_MOJIBAKE = re.compile(r"[\u00c2-\u00ef][\u0080-\u00bf]")


def clean_text(value: object) -> str | None:
    """Text without markup (search-highlight tags, HTML entities), mis-decoded UTF-8 repaired
    where possible, whitespace collapsed; empty becomes None."""
    if value is None:
        return None
    text = str(value)
    if "&" in text:
        text = html.unescape(text)
    if "<" in text:
        text = _INLINE_TAG.sub("", _BLOCK_TAG.sub(" ", text))
    if not text.isascii():
        text = repair_mojibake(text)
    # Printable text holds no whitespace but the ASCII space (str.isprintable), so without a
    # double space there is nothing to collapse: most values skip the regex.
    if "  " in text or not text.isprintable():
        text = _SPACE.sub(" ", text)
    text = text.strip()
    return text or None


def repair_mojibake(text: str) -> str:
    """UTF-8 bytes that were decoded as Latin-1 (``è½»é``…) back to the text they were.

    Scrapers that lose such text also collapse the whitespace bytes 0xA0 and 0x85 (one or two in a
    row) into a space, so a space where continuation bytes belong is tried as each of them and
    the one common character (GB 2312 level 1, else level 2) is kept. Text that does not decode,
    or where two common characters fit equally, is returned unchanged: a wrong character would
    pass for a right one."""
    if not _LATIN1_MOJIBAKE.search(text) or _HAN.search(text) or any(ord(c) > 0xFF for c in text):
        return text
    raw = bytes(ord(c) for c in text)
    # best[i]: the least rare decoding of raw[i:] as (rarity, text, whether another text ties).
    best: dict[int, tuple[int, str, bool]] = {len(raw): (0, "", False)}
    for start in range(len(raw) - 1, -1, -1):
        found = [
            (_rarity(char) + best[end][0], char + best[end][1], best[end][2])
            for char, end in _char_options(raw, start)
            if end in best
        ]
        if found:
            score = min(f[0] for f in found)
            texts = {f[1] for f in found if f[0] == score}
            best[start] = (score, min(texts), len(texts) > 1 or any(f[2] for f in found if f[0] == score))
    if 0 not in best or best[0][2]:
        return text
    return best[0][1]


_WHITESPACE_BYTES = (b"\xa0", b"\x85", b"\xa0\xa0", b"\xa0\x85", b"\x85\xa0", b"\x85\x85")


def _char_options(raw: bytes, start: int) -> list[tuple[str, int]]:
    """Each way the UTF-8 character starting at ``start`` may decode: (character, next index)."""
    lead = raw[start]
    size = 2 if 0xC2 <= lead <= 0xDF else 3 if 0xE0 <= lead <= 0xEF else 4 if 0xF0 <= lead <= 0xF4 else 1
    if size == 1:
        return [(chr(lead), start + 1)] if lead < 0x80 else []
    options: list[tuple[str, int]] = []

    def extend(done: bytes, at: int) -> None:
        if len(done) == size:
            try:
                options.append((done.decode("utf-8"), at))
            except UnicodeDecodeError:
                pass
            return
        if at >= len(raw):
            return
        if 0x80 <= raw[at] <= 0xBF:
            extend(done + raw[at : at + 1], at + 1)
        elif raw[at] == 0x20:
            for fill in _WHITESPACE_BYTES:
                if len(done) + len(fill) <= size:
                    extend(done + fill, at + 1)

    extend(raw[start : start + 1], start + 1)
    return options


def _rarity(char: str) -> int:
    """0 for the 3,755 most used characters (GB 2312 level 1), 1 for level 2, 2 otherwise."""
    if len(char) != 1 or ord(char) < 0x3400:
        return 0 if len(char) == 1 else 2
    try:
        first = char.encode("gb2312")[0]
    except UnicodeEncodeError:
        return 2
    return 0 if first < 0xD8 else 1


def looks_garbled(text: str | None) -> bool:
    """Mis-decoded text that could not be repaired: no longer worth showing as a title."""
    return bool(text) and bool(_LATIN1_MOJIBAKE.search(text)) and not _HAN.search(text)


def split_title(text: str | None, *, chinese: bool) -> tuple[str | None, str | None]:
    """A title of unknown language as (title_zh, title_en). Catalogs that carry both write them
    as "原文 / English"; a native title of a non-Chinese standard (Japanese JIS) is not title_zh."""
    if not text:
        return None, None
    native, _, english = text.partition(" / ")
    cjk = _HAN.search(native) or _KANA.search(native)
    if english and cjk and not _HAN.search(english):
        return (native if chinese and not _KANA.search(native) else None), english.strip() or None
    if cjk:
        return (text if chinese and not _KANA.search(text) else None), None
    return None, text


# --- standard numbers ------------------------------------------------------------------------

# Official industry codes (行业标准代号). An unknown code is still read as an industry code; the
# list is what lets "DLT 5801" be recognised as DL/T with its slash lost.
INDUSTRY_CODES = frozenset(
    "AQ BB CB CH CJ CY DA DB DL DZ EJ FZ GA GD GH GM GY HB HG HJ HS HY JB JC JG JGJ JR JT JY LB LD LS "
    "LY MH MT MZ NB NY QB QC QJ QX RB RF SB SC SF SH SJ SL SN SW SY TB TD TY WB WH WJ WM WS WW XB XF YB "
    "YC YD YS YY YZ ZY".split()
)

# Province of a local standard: the first two digits of its administrative code (DB11 Beijing);
# regional metrology specifications use the one-character abbreviation (JJF(京)).
PROVINCES = {
    "11": "北京", "12": "天津", "13": "河北", "14": "山西", "15": "内蒙古", "21": "辽宁", "22": "吉林",
    "23": "黑龙江", "31": "上海", "32": "江苏", "33": "浙江", "34": "安徽", "35": "福建", "36": "江西",
    "37": "山东", "41": "河南", "42": "湖北", "43": "湖南", "44": "广东", "45": "广西", "46": "海南",
    "50": "重庆", "51": "四川", "52": "贵州", "53": "云南", "54": "西藏", "61": "陕西", "62": "甘肃",
    "63": "青海", "64": "宁夏", "65": "新疆",
}  # fmt: skip
PROVINCE_ABBREVIATIONS = {
    "京": "11", "津": "12", "冀": "13", "晋": "14", "蒙": "15", "辽": "21", "吉": "22", "黑": "23",
    "沪": "31", "苏": "32", "浙": "33", "皖": "34", "闽": "35", "赣": "36", "鲁": "37", "豫": "41",
    "鄂": "42", "湘": "43", "粤": "44", "桂": "45", "琼": "46", "渝": "50", "川": "51", "蜀": "51",
    "贵": "52", "黔": "52", "云": "53", "滇": "53", "藏": "54", "陕": "61", "秦": "61", "甘": "62",
    "陇": "62", "青": "63", "宁": "64", "新": "65",
}  # fmt: skip

_PREFIX = (
    r"(?:GBZ/T|GB/T|GB/Z|GBZ|GBJ|GB|GSB"
    r"|DB\d{2,6}/[TZ]|DB\d{2,6}/?"
    r"|T/[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)?"
    r"|Q/[A-Z0-9]*[A-Z]"
    r"|JJ[FG](?:\([^()]{1,10}\))?"
    r"|[A-Z]{1,4}(?:/[A-Z]{1,4})?(?:/[TZ])?)"
)
_NUMBER = r"[A-Z]{0,4}\d[A-Z0-9.]*(?:[-/][A-Z0-9.]+)*?"
_CN_NUMBER = re.compile(rf"^(?P<prefix>{_PREFIX}) ?(?P<number>{_NUMBER})-(?P<year>\d{{4}}|\d{{2}})$")
_CN_UNDATED = re.compile(rf"^(?P<prefix>{_PREFIX}) ?(?P<number>{_NUMBER})$")
# A number inside free text (replacement strings): not glued to a preceding code.
_REF_IN_TEXT = re.compile(
    rf"(?<![A-Za-z0-9/]){_PREFIX} ?[A-Z]{{0,4}}\d[\d.]*(?:-[\d.]+)*? ?- ?(?:\d{{4}}|\d{{2}})(?!\d)"
)
_AMENDMENT_SHEET = re.compile(r"/XG(\d+)-(\d{4})$")
_CONFIRMED = re.compile(r"-(\d{4})\((\d{4})\)$")
# Language editions and reprints of one edition: E English, FR, JP, G German, RU, R reprint.
_EDITION_MARK = re.compile(r"(?<=-\d{4})(?:E|R|FR|JP|G|RU|\(E\)|\((?:英文版|法文版|日文版|德文版|俄文版)\))$")
_EDITION_TITLE = re.compile(r"\s*[(（](?:英文版|法文版|日文版|德文版|俄文版|英文|法文|日文|德文|俄文)[)）]\s*$")
_ISBN = re.compile(r"^97[89]\d{10}$")
_GLUED = re.compile(r"-\d{4} ?(?:DB\d|[A-Z]{1,4}/)")  # "LS/T 1301-2022GC/T 1801-2022": two numbers
_RANGE = re.compile(r"\d\s*[～~]\s*\d")
_JIS = re.compile(
    r"^(?P<kind>JIS(?: TR| TS)?|TR|TS) (?P<division>[A-Z]) ?(?P<number>\d[\d.\-]*[A-Z]?)"
    r"(?::(?P<year>\d{4}))?(?P<mark>[A-Z])?(?: (?P<extra>\S.*))?$"
)

_INTL_BODY = r"(?:ISO/IEC/IEEE|ISO/IEC|IEC/ISO|ISO/ASTM|ISO/CIE|ISO/HL7|ISO|IEC|CISPR|ITU-T|ITU-R)"
_INTL = re.compile(
    rf"(?<![A-Za-z])(?P<body>{_INTL_BODY})(?: ?/ ?| )?(?P<kind>TR|TS|PAS|Guide|GUIDE|IWA|DIS|FDIS)? ?"
    r"(?P<number>(?:[A-Z]\.)?\d+(?:[.\-]\d+)*)(?: ?: ?(?P<year>\d{4}))?"
    r"(?P<amendments>(?: ?\+ ?(?:A|AMD|Amd) ?\d+(?: ?: ?\d{4})?)*)"
)


@dataclass(frozen=True)
class StandardNumber:
    reference: str  # canonical spelling, e.g. "GB/T 9832-2026"
    base_ref: str  # without the year, e.g. "GB/T 9832"
    year: int | None
    level: str
    publisher: str
    amendment_of: str | None = None  # for /XG amendment sheets: the amended reference
    province: str | None = None
    confirmed_year: int | None = None  # "GB 1095-1979(1990)": confirmed in 1990
    edition_mark: str | None = None  # language edition or reprint marker that was dropped


# Spelling repairs, in order: (pattern, replacement).
_REPAIRS = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        # "DB13/ 6187 - 2025" -> "DB13/6187-2025"; lookarounds rather than r" ?([/-]) ?" -> r"\1", which
        # gives the same on single-spaced text but expands a template for every dash and slash
        (r" (?=[/-])|(?<=[/-]) ", ""),
        (r"-{2,}", "-"),
        (r"(?:\.|号)-", "-"),  # "T/HSCA 001.-2017", "T/GSLCA 051号-2019"
        (r"^DB (\d)", r"DB\1"),  # "DB 37/T" -> "DB37/T"
        (r"^DB(\d{2,6})T\b ?", r"DB\1/T "),  # "DB4117T 329" -> "DB4117/T 329"
        (r"^(T/[A-Z0-9-]+) \1 ?", r"\1 "),  # "T/CSGF T/CSGF023.3" -> "T/CSGF 023.3"
        (r"^(JJ[FG]) ?\(([^()]{1,10})\) ?", r"\1(\2) "),  # "JJF (建材) 142" -> "JJF(建材) 142"
    )
)
_LOST_SLASH = re.compile(r"^([A-Z]{2,3})T(?= ?\d)")  # "JYT 0629" -> "JY/T 0629"
_SLASHED_CODES = INDUSTRY_CODES | {"GB", "GBZ"}


def normalise_reference(raw: str) -> str:
    """One spelling for a number: NFKC, dashes, stray spaces and lost slashes fixed."""
    text = unicodedata.normalize("NFKC", raw)
    if "<" in text:
        text = _INLINE_TAG.sub("", text)
    text = text.translate(_DASHES)
    if "  " in text or not text.isprintable():  # see clean_text
        text = _SPACE.sub(" ", text)
    text = text.strip().upper()
    for pattern, replacement in _REPAIRS:
        text = pattern.sub(replacement, text)
    code = _LOST_SLASH.match(text)
    if code and code.group(1) in _SLASHED_CODES and code.group(1) + "T" not in INDUSTRY_CODES:
        text = f"{code.group(1)}/T {text[code.end() :].lstrip()}"
    return text.strip()


def check_number(raw: object) -> tuple[StandardNumber | None, str | None]:
    """Parse a standard number; (None, reason) when it is not one edition of one standard."""
    text = clean_text(raw)
    if not text:
        return None, "no standard number"
    return _check_text(text)


@functools.lru_cache(maxsize=1 << 17)  # catalogs repeat numbers (editions in several files, replacements)
def _check_text(text: str) -> tuple[StandardNumber | None, str | None]:
    ref = normalise_reference(text)
    if _ISBN.match(ref.replace("-", "")):
        return None, f"an ISBN (a book), not a standard number: {text!r}"
    if _RANGE.search(ref) or _GLUED.search(ref) or len(_REF_IN_TEXT.findall(ref)) > 1:
        return None, f"several standards in one record (bound volume or list): {text!r}"
    if _INTL.fullmatch(ref):
        return None, f"an international standard ({text!r}); ISO/IEC catalogs load through the iso source"
    jis = _JIS.match(ref)
    if jis:
        return _jis_number(jis, text)
    sheet = _AMENDMENT_SHEET.search(ref)
    main = ref[: sheet.start()] if sheet else ref
    confirmed_year = None
    confirmed = _CONFIRMED.search(main)
    if confirmed:
        confirmed_year = int(confirmed.group(2))
        main = main[: confirmed.start()] + "-" + confirmed.group(1)
    mark = _EDITION_MARK.search(main)
    if mark:
        main = main[: mark.start()]
    match = _CN_NUMBER.match(main)
    if not match and re.search(r"-\d{4}[A-Z]+$", main):
        return None, f"unknown marker after the year in {text!r}"
    if not match:
        if _CN_UNDATED.match(main):
            return None, f"no edition year in {text!r}"
        return None, f"unrecognised standard number {text!r}"
    digits = match.group("year")
    year = int(digits) if len(digits) == 4 else 1900 + int(digits)  # two-digit years predate 2000
    if not 1900 < year < 2100:
        return None, f"implausible year in {text!r}"
    prefix, number = match.group("prefix"), match.group("number")
    level, publisher, province = classify_prefix(prefix)
    base_ref = f"DB{prefix[2:].rstrip('/')}/{number}" if _mandatory_local(prefix) else f"{prefix} {number}"
    reference = amendment_of = f"{base_ref}-{year}"
    if sheet:
        reference = f"{reference}/XG{sheet.group(1)}-{sheet.group(2)}"
    else:
        amendment_of = None
    return (
        StandardNumber(
            reference,
            base_ref,
            year,
            level,
            publisher,
            amendment_of,
            province,
            confirmed_year,
            mark.group(0) if mark else None,
        ),
        None,
    )


def parse_number(raw: object) -> StandardNumber | None:
    """Parse a standard number; None when it is not one (check_number says why)."""
    return check_number(raw)[0]


def _mandatory_local(prefix: str) -> bool:
    return bool(re.fullmatch(r"DB\d{2,6}/?", prefix))


def _jis_number(match: re.Match, text: str) -> tuple[StandardNumber | None, str | None]:
    base_ref = f"{match.group('kind')} {match.group('division')} {match.group('number')}"
    if match.group("extra"):
        edition = f"{base_ref}:{match.group('year')}" if match.group("year") else base_ref
        return None, f"an entry ({match.group('extra')}) within {edition}, not a separate standard"
    if not match.group("year"):
        return None, f"no edition year in {text!r}"
    year = int(match.group("year"))
    return StandardNumber(
        f"{base_ref}:{year}", base_ref, year, "national", "JISC", edition_mark=match.group("mark")
    ), None


def classify_prefix(prefix: str) -> tuple[str, str, str | None]:
    """(level, publisher, province) from a number's prefix: GB → national/SAC, JB/T → industry/JB,
    DB11/T → local/DB11 (北京), T/CMES → group/T/CMES, Q/… → enterprise."""
    if prefix in ("GB", "GB/T", "GB/Z", "GBZ", "GBZ/T", "GBJ", "GSB"):
        return "national", "SAC", None
    local = re.match(r"DB(\d{2,6})", prefix)
    if local:
        return "local", f"DB{local.group(1)}", PROVINCES.get(local.group(1)[:2])
    if prefix.startswith("T/"):
        return "group", prefix, None
    if prefix.startswith("Q/"):
        return "enterprise", prefix, None
    metrology = re.match(r"(JJ[FG])(?:\((.+)\))?$", prefix)
    if metrology:
        # JJF/JJG alone are national metrology specifications; a tag names the department
        # (JJF(电子)) or, as a province abbreviation, the region (JJF(京)).
        tag = metrology.group(2)
        if tag is None:
            return "national", prefix, None
        if tag in PROVINCE_ABBREVIATIONS:
            return "local", prefix, PROVINCES[PROVINCE_ABBREVIATIONS[tag]]
        return "industry", prefix, None
    return "industry", re.sub(r"/[TZ]$", "", prefix), None


# --- international references ----------------------------------------------------------------


def international_reference(match: re.Match) -> str:
    """ISO's spelling of an ISO/IEC reference ("ISO/TR 80002-2:2017", "IEC TR 61340-2-2:2000",
    "ISO/IEC Guide 98-3:2008"); amendments folded into a consolidated edition are dropped so the
    reference names the base edition it resolves to."""
    body, kind, number, year = match.group("body"), match.group("kind"), match.group("number"), match.group("year")
    if year is None:
        chinese_year = re.match(r"^(.+\d)-((?:19|20)\d{2})$", number)  # "IEC60564-1997"
        if chinese_year:
            number, year = chinese_year.groups()
    if kind:
        kind = "Guide" if kind.upper() == "GUIDE" else kind
        joiner = "/" if body.startswith("ISO") and kind != "Guide" else " "
        body = f"{body}{joiner}{kind}"
    return f"{body} {number}" + (f":{year}" if year else "")


# --- statuses and dates ------------------------------------------------------------------------

STATUS = {
    "现行": "current",
    "现行有效": "current",
    "有效": "current",
    "确认有效": "current",
    "部分被代替": "current",
    "即将实施": "upcoming",
    "尚未实施": "upcoming",
    "未实施": "upcoming",
    "待实施": "upcoming",
    "废止": "withdrawn",
    "已废止": "withdrawn",
    "作废": "withdrawn",
    "已作废": "withdrawn",
    "被代替": "withdrawn",
    "已被代替": "withdrawn",
    "有更新版": "withdrawn",
    "制定中": "in_development",
    "正在起草": "in_development",
    "征求意见": "in_development",
    "正在征求意见": "in_development",
    "审查": "in_development",
    "批准": "in_development",
    "current": "current",
    "valid": "current",
    "published": "current",
    "confirmed": "current",
    "in force": "current",
    "upcoming": "upcoming",
    "tobeimp": "upcoming",
    "notimp": "upcoming",
    "withdrawn": "withdrawn",
    "abolished": "withdrawn",
    "replaced": "withdrawn",
    "superseded": "withdrawn",
    "in_development": "in_development",
    "under development": "in_development",
}
_STATUS_PREFIXES = sorted(STATUS, key=len, reverse=True)


def status_of(raw: object) -> str | None:
    """Canonical status of a catalog's status word; None when blank or not a known word."""
    text = clean_text(raw)
    if not text:
        return None
    key = text.lower() if text.isascii() else text
    if key in STATUS:
        return STATUS[key]
    # "即将实施 距离实施日期还有 30 天", "现行(2020年确认)"
    return next((STATUS[p] for p in _STATUS_PREFIXES if key.startswith(p)), None)


CHINA_TZ = timezone(timedelta(hours=8))
_BLANK = frozenset({"-", "--", "—", "/", "无", "暂无", "n/a", "na", "null", "none"})
_YMD = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)")
_PARTIAL = re.compile(r"^(\d{4})(?:\s*[-/.年]\s*(\d{1,2})\s*月?)?$")


def parse_date(value: object) -> tuple[date | None, str | None]:
    """A date in any format the catalogs use: epoch milliseconds (China time), YYYY-MM-DD,
    YYYY/MM/DD, YYYY年M月D日, YYYYMMDD, datetimes. Returns (date, problem): problem is
    'placeholder' for dummy dates (1900-01-01, 9999-12-31), 'partial' for a year or month
    alone, 'unreadable' for anything else that is not blank."""
    if value is None or isinstance(value, bool):
        return None, None
    if isinstance(value, datetime):
        return _plausible(value.date())
    if isinstance(value, date):
        return _plausible(value)
    if type(value) in (str, int):
        return _parse_date_value(value)
    if isinstance(value, int | float):
        return _from_number(int(value)) if value == value else (None, None)
    return _parse_date_value(str(value))


@functools.lru_cache(maxsize=1 << 16)  # a catalog holds a few thousand distinct dates, each many times
def _parse_date_value(value: str | int) -> tuple[date | None, str | None]:
    if isinstance(value, int):
        return _from_number(value)
    text = clean_text(value)
    if text is None or text.lower() in _BLANK:
        return None, None
    text = unicodedata.normalize("NFKC", text)
    if re.fullmatch(r"-?\d{8,}", text):
        return _from_number(int(text))
    match = _YMD.match(text)
    if match:
        if all(int(g) == 0 for g in match.groups()):
            return None, "placeholder"
        try:
            return _plausible(date(*map(int, match.groups())))
        except ValueError:
            return (None, "placeholder") if int(match.group(1)) in (0, 9999) else (None, "unreadable")
    if _PARTIAL.match(text):
        return None, "partial"
    return None, "unreadable"


def _from_number(number: int) -> tuple[date | None, str | None]:
    if 19000101 <= number <= 21001231:
        try:
            return _plausible(date(number // 10000, number // 100 % 100, number % 100))
        except ValueError:
            return None, "unreadable"
    if abs(number) < 10**8:
        return None, "unreadable"
    # The catalogs store local (China) midnight as epoch milliseconds.
    return _plausible(datetime.fromtimestamp(number / 1000, tz=CHINA_TZ).date())


def _plausible(day: date) -> tuple[date | None, str | None]:
    if day.year <= 1900 or day.year >= 2100:
        return None, "placeholder"
    return day, None


# --- replacement and adoption strings --------------------------------------------------------

_REF_LIST = rf"(?:{_REF_IN_TEXT.pattern}(?:\s*\(部分\))*[\s,，、;；]*)+"
_REPLACED_BY = re.compile(rf"被\s*({_REF_LIST})\s*(?:部分)?代替")
_REPLACES = re.compile(rf"(?<!被)(?:部分代替|代替|替代|调整\(转号\))\s*[:：,，]?\s*({_REF_LIST})")
_LIST_ONLY = re.compile(rf"^[\s,，、;；]*(?:{_REF_LIST})?(?:部分)?(?:代替|替代)?[\s,，、;；]*$")


@dataclass(frozen=True)
class Replacements:
    replaces: list[str]
    replaced_by: list[str]
    ignored: bool  # the text named no usable reference although it was not blank


def parse_replacements(text: object, *, bare: str = "replaces") -> Replacements:
    """References a replacement field names, in both directions.

    "代替GB/T 1-2000、GB/T 2-2001" replaces both; "被GB/T 3-2010代替" is replaced by it; a bare
    list of numbers takes the direction of its field (``bare``: 'replaces' for 代替标准,
    'replaced_by' for 被代替标准). Other prose (normative references, notices, 标准类别) names
    no replacement, so nothing is taken from it."""
    cleaned = clean_text(text)
    if not cleaned:
        return Replacements([], [], False)
    cleaned = unicodedata.normalize("NFKC", cleaned).translate(_DASHES)
    if "代" in cleaned or "替" in cleaned or "调整" in cleaned:
        replaced_by = [ref for group in _REPLACED_BY.findall(cleaned) for ref in _refs(group)]
        rest = _REPLACED_BY.sub(" ", cleaned)
        replaces = [ref for group in _REPLACES.findall(rest) for ref in _refs(group)]
    else:  # a bare list of numbers (most catalog cells): neither pattern can match
        replaced_by, rest, replaces = [], cleaned, []
    if _LIST_ONLY.match(rest) and not replaces:
        (replaces if bare == "replaces" else replaced_by).extend(_refs(rest))
    replaces, replaced_by = _unique(replaces), _unique(replaced_by)
    return Replacements(replaces, replaced_by, not (replaces or replaced_by))


def _refs(text: str) -> list[str]:
    refs = []
    for candidate in _REF_IN_TEXT.findall(text):
        number = parse_number(candidate)
        if number and number.year and not number.amendment_of:
            refs.append(number.reference)
    return refs


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


DEGREES = {
    "IDT": "IDT",
    "IDENTICAL": "IDT",
    "等同": "IDT",
    "等同采用": "IDT",
    "MOD": "MOD",
    "MODIFIED": "MOD",
    "修改": "MOD",
    "修改采用": "MOD",
    # EQV (等效) was folded into MOD when GB/T 20000.2 replaced the old degrees.
    "EQV": "MOD",
    "等效": "MOD",
    "等效采用": "MOD",
    "NEQ": "NEQ",
    "非等效": "NEQ",
    "非等效采用": "NEQ",
    "UNKNOWN": "unknown",
}
_DEGREE = (
    r"(?:非等效采用|等同采用|修改采用|等效采用|非等效|等同|修改(?!单)|等效"
    r"|(?<![A-Za-z])(?i:IDT|MOD|NEQ|EQV|identical|modified|unknown)(?![A-Za-z]))"
)
_ADOPTION_TOKEN = re.compile(rf"(?P<ref>{_INTL.pattern})|(?P<deg>{_DEGREE})")


def degree_of(raw: object) -> str | None:
    text = clean_text(raw)
    return DEGREES.get(text.upper() if text and text.isascii() else text or "") if text else None


def parse_adoptions(text: object, degree_hint: object = None) -> list[tuple[str, str]]:
    """ISO/IEC/ITU standards a national standard adopts, with the degree of each:
    'ISO 9001:2015, IDT; IEC 60335-1:2020 MOD' or '等同采用ISO 8038-2:2001'. A degree stays with
    the reference it follows (or, written first, the one it precedes); ``degree_hint`` is a
    separate degree field (ADOPT_LEVEL, 采用程度) for references that carry none; the rest are
    'unknown'. Only ISO, IEC and ITU count as international adoptions (采用国际标准管理办法), so
    other bodies' numbers are not taken."""
    cleaned = clean_text(text)
    if not cleaned:
        return []
    cleaned = unicodedata.normalize("NFKC", cleaned).translate(_DASHES)
    found: list[list] = []
    pending = None
    previous_was_ref = False
    for token in _ADOPTION_TOKEN.finditer(cleaned):
        if token.group("ref"):
            found.append([international_reference(_INTL.match(token.group("ref"))), pending])
            pending, previous_was_ref = None, True
            continue
        degree = degree_of(token.group("deg"))
        if previous_was_ref and found[-1][1] is None:
            found[-1][1] = degree
        else:
            pending = degree
        previous_was_ref = False
    hints = [degree_of(h) for h in re.split(r"[,;，；、/\s]+", clean_text(degree_hint) or "") if h]
    hints = [h for h in hints if h]
    for index, item in enumerate(found):
        if item[1] is None and hints:
            item[1] = hints[index] if len(hints) == len(found) else hints[0]
    return list(dict.fromkeys((ref, degree or "unknown") for ref, degree in found))


# --- committees --------------------------------------------------------------------------------

_COMMITTEE = re.compile(
    r"(?<![A-Za-z/])(?:SAC ?/ ?)?(?P<kind>TC|SWG) ?(?P<tc>\d{1,4})(?:\s*/?\s*SC ?(?P<sc>\d{1,3}))?(?!\d)", re.I
)


def committee_ref(raw: object) -> str | None:
    """A Chinese technical committee as 'SAC/TC 253' or 'SAC/TC 46/SC 1', from 'TC253',
    'TC46SC1', 'SAC/TC 46/SC 1' or a text that mentions one (委托TC588（…）执行); None when
    the text names no committee code."""
    text = clean_text(raw)
    if not text:
        return None
    match = _COMMITTEE.search(unicodedata.normalize("NFKC", text))
    if not match:
        return None
    ref = f"SAC/{match.group('kind').upper()} {int(match.group('tc'))}"
    return f"{ref}/SC {int(match.group('sc'))}" if match.group("sc") else ref


_INTL_COMMITTEE = re.compile(
    r"(ISO/IEC JTC ?1|ISO|IEC|CISPR)\s*/\s*(TC|PC|JTC|SC)\s*(\d+[A-Z]?)(?:\s*/\s*SC\s*(\d+[A-Z]?))?"
)


def international_committees(raw: object) -> list[str]:
    """ISO/IEC committees named in a counterpart field ('ISO/TC 181、IEC/TC 61/SC 61B')."""
    text = clean_text(raw)
    if not text:
        return []
    refs = []
    for body, kind, number, sub in _INTL_COMMITTEE.findall(unicodedata.normalize("NFKC", text)):
        ref = f"{body.replace('JTC1', 'JTC 1')}/{kind} {number}"
        refs.append(f"{ref}/SC {sub}" if sub else ref)
    return list(dict.fromkeys(refs))


# --- catalog records to staging ----------------------------------------------------------------

# Canonical fields of one catalog record; every source maps its own names onto these.
FIELDS = (
    "reference",
    "title",
    "title_zh",
    "title_en",
    "status",
    "published_on",
    "implemented_on",
    "withdrawn_on",
    "confirmed_on",
    "replaces",
    "replaced_by",
    "adopts",
    "degree",
    "ics",
    "ccs",
    "committee",
    "responsible_unit",
    "department",
    "description",
    "plan_code",
)
DATE_FIELDS = ("published_on", "implemented_on", "withdrawn_on", "confirmed_on")
_ICS = re.compile(r"^\d{2}(\.\d{3}(\.\d{2})?)?$")
_CCS = re.compile(r"^[A-Z]\d{2}$")
_SPLIT_CODES = re.compile(r"[,;，；、/\s]+")
# A number written into the title cell because the code cell held only its prefix
# (biaozhun.org: 标准编号 "DB15/T", 标准名称 "4192-2025 旱地谷子…").
_NUMBER_IN_TITLE = re.compile(
    r"^(?P<number>(?:[(（][^()（）]{1,10}[)）] ?)?[A-Z]{0,4}\d[\w.－—\-/]*) +(?P<title>\S.*)$"
)
_PREFIX_ONLY = re.compile(rf"^{_PREFIX}$")
_STANDARD_COLUMNS = (
    "std_id",
    "publisher",
    "level",
    "reference",
    "base_ref",
    "year",
    "title_zh",
    "title_en",
    "status",
    "published_on",
    "implemented_on",
    "withdrawn_on",
    "confirmed_on",
    "committee_ref",
    "ccs",
    "plan_code",
    "department",
    "responsible_unit",
    "province",
    "origin",
)


def rejoin_split_number(code: object, title: object) -> tuple[str | None, str | None]:
    """(code, title) with a number that slipped into the title moved back after its prefix."""
    code_text, title_text = clean_text(code), clean_text(title)
    if not code_text or not title_text or not _PREFIX_ONLY.match(normalise_reference(code_text)):
        return code_text, title_text
    moved = _NUMBER_IN_TITLE.match(title_text)
    if not moved:
        return code_text, title_text
    return f"{code_text} {moved.group('number')}", moved.group("title")


@dataclass
class Batch:
    """Catalog records of one file, turned into canonical staging rows or quarantined with a
    reason. ``notes`` counts what was repaired or left out of records that were loaded; the run log
    gets one line per file with its counts."""

    path: Path
    ctx: LoadContext
    standards: list[dict] = field(default_factory=list)
    sectors: list[tuple[str, str]] = field(default_factory=list)
    links: list[tuple[str, str | None, str, str | None]] = field(default_factory=list)
    reversed_links: list[tuple[str, str]] = field(default_factory=list)
    notes: Counter = field(default_factory=Counter)
    remarks: list[str] = field(default_factory=list)  # said once per file, e.g. columns not used
    quarantined: int = 0

    def reject(self, number: int | None, reason: str, record: object) -> None:
        self.quarantined += 1
        self.ctx.quarantine(self.path, number, reason, json.dumps(record, ensure_ascii=False, default=str))

    def add(self, number: int, values: dict, record: object) -> None:
        """One record in canonical fields (see FIELDS); ``record`` is kept if it is refused."""
        titled_zh = values.get("title_zh") is not None
        code, title = values.get("reference"), clean_text(values.get("title_zh" if titled_zh else "title"))
        parsed, problem = check_number(code)
        if parsed is None and title:
            code, title = rejoin_split_number(code, title)
            parsed, problem = check_number(code)
        if parsed is None:
            self.reject(number, problem, record)
            return
        if parsed.amendment_of:
            self.links.append((parsed.reference, parsed.amendment_of, "amends", None))
            return
        dates: dict[str, str | None] = {}
        for name in DATE_FIELDS:
            day, trouble = parse_date(values.get(name))
            if trouble == "unreadable":
                self.reject(number, f"unreadable {name} {values.get(name)!r}", record)
                return
            if trouble:
                self.notes[f"{trouble} dates set to null"] += 1
            dates[name] = day.isoformat() if day else None
        if parsed.confirmed_year and not dates["confirmed_on"]:
            # Only the year of the confirmation is known; its first day keeps the age an upper bound.
            dates["confirmed_on"] = date(parsed.confirmed_year, 1, 1).isoformat()
        std_id = parsed.reference
        chinese = parsed.publisher != "JISC"
        title_zh, title_en = self._titles(title, clean_text(values.get("title_en")), titled_zh, chinese)
        if parsed.edition_mark and title_zh:
            title_zh = _EDITION_TITLE.sub("", title_zh)
        status = status_of(values.get("status"))
        if status is None and clean_text(values.get("status")):
            self.notes[f"unknown status {clean_text(values.get('status'))!r} left empty"] += 1
        self.standards.append(
            {
                "std_id": std_id,
                "publisher": parsed.publisher,
                "level": parsed.level,
                "reference": parsed.reference,
                "base_ref": parsed.base_ref,
                "year": parsed.year,
                "title_zh": title_zh,
                "title_en": title_en,
                "status": status,
                **dates,
                "committee_ref": committee_ref(values.get("committee"))
                or committee_ref(values.get("responsible_unit"))
                or _committee_in_description(values.get("description")),
                "ccs": self._ccs(values.get("ccs")),
                "plan_code": clean_text(values.get("plan_code")),
                "department": clean_text(values.get("department")),
                "responsible_unit": clean_text(values.get("responsible_unit")),
                "province": parsed.province,
                "origin": f"{self.path.name}#{number}",
            }
        )
        for code_text in _SPLIT_CODES.split(clean_text(values.get("ics")) or ""):
            if _ICS.match(code_text):
                self.sectors.append((std_id, code_text))
        self._add_links(std_id, values)

    def _titles(
        self, title: str | None, en: str | None, titled_zh: bool, chinese: bool
    ) -> tuple[str | None, str | None]:
        """A title field of known language is taken as it is; one of unknown language is split."""
        if looks_garbled(title):
            self.notes["garbled titles left empty"] += 1
            title = None
        if titled_zh:
            return (title if chinese else None), en
        zh, guessed = split_title(title, chinese=chinese)
        return zh, en or guessed

    def _ccs(self, raw: object) -> str | None:
        codes = [c for c in _SPLIT_CODES.split(unicodedata.normalize("NFKC", clean_text(raw) or "")) if _CCS.match(c)]
        return ",".join(dict.fromkeys(codes)) or None

    def _add_links(self, std_id: str, values: dict) -> None:
        for name, bare in (("replaces", "replaces"), ("replaced_by", "replaced_by")):
            found = parse_replacements(values.get(name), bare=bare)
            if found.ignored:
                self.notes[f"{name} texts naming no standard ignored"] += 1
            for ref in found.replaces:
                if ref != std_id:
                    self.links.append((std_id, ref, "replaces", None))
            for ref in found.replaced_by:
                if ref != std_id:
                    self.reversed_links.append((ref, std_id))
        adoptions = parse_adoptions(values.get("adopts"), values.get("degree"))
        # openstd's 采标情况 section sometimes lands in the replacement text.
        for name in ("replaces", "description"):
            text = clean_text(values.get(name)) or ""
            if "采标" in text or "采用国际标准" in text:
                adoptions += parse_adoptions(text[text.find("采") :])
        for ref, degree in dict.fromkeys(adoptions):
            self.links.append((std_id, ref, "adopts", degree))

    def flush(self, read: int) -> LoadResult:
        """Write the rows to staging; notes go to the run log."""
        self.write()
        return self.report(read)

    def absorb(self, other: Batch) -> None:
        """Take over the rows ``other`` (another file's batch) has not written yet, so that many
        small files are written together: each insert costs about as much as a thousand rows."""
        self.standards += other.standards
        self.sectors += other.sectors
        self.links += other.links
        self.reversed_links += other.reversed_links
        other.standards, other.sectors, other.links, other.reversed_links = [], [], [], []

    def write(self) -> None:
        """Write the rows held so far to staging, and let go of them."""
        con, source = self.ctx.con, self.ctx.source
        # Arrow tables with fixed types: built from the row dicts several times faster than a
        # DataFrame, and DuckDB scans them without converting Python objects.
        frames = {
            "stg_standard": (
                pa.Table.from_pylist(self.standards, schema=_STANDARD_SCHEMA),
                ", ".join(f"CAST({c} AS DATE) AS {c}" for c in DATE_FIELDS),
            ),
            "stg_standard_sector": (_columns(list(dict.fromkeys(self.sectors)), ("std_id", "ics_code")), ""),
            "stg_standard_link": (_columns(self.links, ("from_std", "to_ref", "kind", "degree")), ""),
        }
        for table, (frame, casts) in frames.items():
            if not frame.num_rows:
                continue
            con.register("batch_rows", frame)
            select = f"* REPLACE ({casts})" if casts else "*"
            con.execute(
                f"INSERT INTO {table} BY NAME SELECT ? AS source, {select} FROM batch_rows",  # noqa: S608 - fixed names
                [source],
            )
            con.unregister("batch_rows")
        if self.reversed_links:
            con.execute(
                "CREATE TEMP TABLE IF NOT EXISTS pending_replaced_by (source VARCHAR, newer VARCHAR, older VARCHAR)"
            )
            con.executemany(
                "INSERT INTO pending_replaced_by VALUES (?, ?, ?)", [(source, n, o) for n, o in self.reversed_links]
            )
        self.standards, self.sectors, self.links, self.reversed_links = [], [], [], []

    def report(self, read: int) -> LoadResult:
        """The file's counts, and its line in the run log."""
        from etl.sources import LoadResult

        details = "".join(f", {n} {what}" for what, n in sorted(self.notes.items()))
        self.ctx.notes.append(
            f"{self.path.name}: {read} read, {read - self.quarantined} loaded, {self.quarantined} quarantined"
            + details
            + "".join(f"; {remark}" for remark in self.remarks)
        )
        return LoadResult(
            rows_read=read,
            rows_loaded=read - self.quarantined,
            rows_quarantined=self.quarantined,
            bytes=self.path.stat().st_size,
        )


_STANDARD_SCHEMA = pa.schema([(c, pa.int32() if c == "year" else pa.string()) for c in _STANDARD_COLUMNS])


def _columns(rows: list[tuple], names: tuple[str, ...]) -> pa.Table:
    """Tuples as an Arrow table of strings."""
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in names]
    return pa.table({name: pa.array(values, pa.string()) for name, values in zip(names, columns, strict=True)})


def _committee_in_description(text: object) -> str | None:
    """SAMR's summary sentence "由339（工业和信息化部）归口，委托TC588（…）执行" names the TC."""
    cleaned = clean_text(text)
    if not cleaned:
        return None
    match = re.search(r"委托\s*((?:SAC\s*/\s*)?TC\s*\d+(?:\s*/?\s*SC\s*\d+)?)", cleaned)
    return committee_ref(match.group(1)) if match else None


def settle_replaced_by(ctx: LoadContext) -> None:
    """Links read as "X replaces this" can only start at X once X is known to be loaded: those whose
    newer standard was loaded by any source are kept, the others are counted in a note."""
    con = ctx.con
    exists = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'pending_replaced_by' AND temporary"
    ).fetchone()[0]
    if not exists:
        return
    con.execute(
        """INSERT INTO stg_standard_link (source, from_std, to_ref, to_std, kind, degree)
           SELECT DISTINCT p.source, p.newer, p.older, NULL, 'replaces', NULL
           FROM pending_replaced_by p
           WHERE p.source = ? AND p.newer IN (SELECT std_id FROM stg_standard)""",
        [ctx.source],
    )
    dropped = con.execute(
        """SELECT count(*) FROM pending_replaced_by
           WHERE source = ? AND newer NOT IN (SELECT std_id FROM stg_standard)""",
        [ctx.source],
    ).fetchone()[0]
    con.execute("DELETE FROM pending_replaced_by WHERE source = ?", [ctx.source])
    if dropped:
        ctx.notes.append(f"{dropped} 'replaced by' links to standards that were not loaded left out")
