"""Chinese catalog values to canonical ones: standard numbers, level and publisher, status,
dates, replacement and adoption strings. Shared by every source that reads Chinese catalogs."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime

_DASHES = str.maketrans({"—": "-", "–": "-", "－": "-", "―": "-", "‐": "-", "一": "-"})
_TAG = re.compile(r"<[^>]{1,40}>")
_SPACE = re.compile(r"\s+")

# Prefix of a standard number, in the order they must be tried (longest first).
_PREFIX = re.compile(
    r"""^(?P<prefix>
        GB/T|GB/Z|GBJ|GB
      | DB\d{2,6}/T|DB\d{2,6}/Z|DB\d{2,6}/?
      | T/[A-Z0-9]+
      | Q/\S+?
      | JJ[FG](?:\([^)]{1,8}\))?
      | [A-Z]{1,4}/T|[A-Z]{1,4}/Z|[A-Z]{1,4}
    )\s?(?P<number>[A-Z]*\d.*)$""",
    re.X,
)
_YEAR = re.compile(r"-(\d{4}|\d{2})$")
_AMENDMENT_SHEET = re.compile(r"/XG(\d+)-(\d{4})$")
_ENGLISH_EDITION = re.compile(r"(?<=\d{4})\s*(?:E|\(E\)|\(英文版\)|英文版)$")

# Province codes of local standards (DBxx): the two leading digits of the administrative code.
PROVINCES = {
    "11": "北京",
    "12": "天津",
    "13": "河北",
    "14": "山西",
    "15": "内蒙古",
    "21": "辽宁",
    "22": "吉林",
    "23": "黑龙江",
    "31": "上海",
    "32": "江苏",
    "33": "浙江",
    "34": "安徽",
    "35": "福建",
    "36": "江西",
    "37": "山东",
    "41": "河南",
    "42": "湖北",
    "43": "湖南",
    "44": "广东",
    "45": "广西",
    "46": "海南",
    "50": "重庆",
    "51": "四川",
    "52": "贵州",
    "53": "云南",
    "54": "西藏",
    "61": "陕西",
    "62": "甘肃",
    "63": "青海",
    "64": "宁夏",
    "65": "新疆",
}

STATUS = {
    "现行": "current",
    "确认有效": "current",
    "有效": "current",
    "current": "current",
    "valid": "current",
    "published": "current",
    "即将实施": "upcoming",
    "尚未实施": "upcoming",
    "upcoming": "upcoming",
    "tobeimp": "upcoming",
    "废止": "withdrawn",
    "作废": "withdrawn",
    "已作废": "withdrawn",
    "被代替": "withdrawn",
    "有更新版": "withdrawn",
    "withdrawn": "withdrawn",
    "replaced": "withdrawn",
    "制定中": "in_development",
    "正在起草": "in_development",
    "征求意见": "in_development",
}

DEGREES = {
    "IDT": "IDT",
    "等同": "IDT",
    "等同采用": "IDT",
    "MOD": "MOD",
    "修改": "MOD",
    "修改采用": "MOD",
    "EQV": "MOD",
    "等效": "MOD",
    "NEQ": "NEQ",
    "非等效": "NEQ",
    "非等效采用": "NEQ",
}


@dataclass(frozen=True)
class StandardNumber:
    reference: str  # canonical spelling, e.g. "GB/T 9832-2026"
    base_ref: str  # without the year, e.g. "GB/T 9832"
    year: int | None
    level: str
    publisher: str
    amendment_of: str | None = None  # for /XG amendment sheets: the amended reference


def clean_text(value: object) -> str | None:
    """Strip search-highlight tags and surrounding space; empty becomes None."""
    if value is None:
        return None
    text = _TAG.sub("", str(value)).strip()
    return text or None


def normalise_reference(raw: str) -> str:
    text = unicodedata.normalize("NFKC", _TAG.sub("", raw)).translate(_DASHES)
    text = _SPACE.sub(" ", text).strip()
    text = re.sub(r"\s*([/-])\s*", r"\1", text)  # "DB13/ 6187 - 2025" -> "DB13/6187-2025"
    text = re.sub(r"^DB\s+(\d)", r"DB\1", text)  # "DB 37/T" -> "DB37/T"
    text = _ENGLISH_EDITION.sub("", text)
    match = _PREFIX.match(text)
    # One space between prefix and number; group and enterprise codes (T/…, Q/…) and
    # mandatory local codes ("DB13/…") keep their own form.
    if match and not match.group("prefix").startswith(("T/", "Q/")) and not match.group("prefix").endswith("/"):
        text = f"{match.group('prefix')} {match.group('number')}"
    return text


def parse_number(raw: str) -> StandardNumber | None:
    """Parse a standard number; None when it is not one (the caller quarantines the row)."""
    if not raw or not raw.strip():
        return None
    reference = normalise_reference(raw)
    amendment_of = None
    sheet = _AMENDMENT_SHEET.search(reference)
    if sheet:
        amendment_of = reference[: sheet.start()]
    match = _PREFIX.match(reference)
    if not match:
        return None
    prefix = match.group("prefix").rstrip("/")
    year_match = _YEAR.search(amendment_of or reference)
    year = None
    if year_match:
        digits = year_match.group(1)
        year = int(digits) if len(digits) == 4 else (1900 + int(digits) if int(digits) > 30 else 2000 + int(digits))
    base_ref = (amendment_of or reference)[: year_match.start()] if year_match else (amendment_of or reference)
    level, publisher = classify_prefix(prefix)
    return StandardNumber(reference, base_ref, year, level, publisher, amendment_of)


def classify_prefix(prefix: str) -> tuple[str, str]:
    """Level and publisher from a number's prefix (GB → national/SAC, JB → industry/JB …)."""
    if prefix in ("GB", "GB/T", "GB/Z", "GBJ"):
        return "national", "SAC"
    if prefix.startswith("DB"):
        code = re.match(r"DB(\d+)", prefix).group(1)
        return "local", f"DB{code}"
    if prefix.startswith("T/"):
        return "group", prefix
    if prefix.startswith("Q/"):
        return "enterprise", "Q"
    if prefix.startswith(("JJF", "JJG")):
        return ("industry", prefix) if "(" in prefix else ("national", prefix)
    return "industry", prefix.split("/")[0]


def province_of(publisher: str) -> str | None:
    return PROVINCES.get(publisher[2:4]) if publisher.startswith("DB") else None


def status_of(raw: object) -> str | None:
    text = clean_text(raw)
    return STATUS.get(text.lower() if text and text.isascii() else text) if text else None


def parse_date(value: object) -> tuple[date | None, str | None]:
    """A date in any format the catalogs use. Returns (date, problem); problem is
    'placeholder' for dummy dates such as 1900-01-01 and 'unreadable' for garbage."""
    if value is None or value == "":
        return None, None
    if isinstance(value, int | float):
        parsed = datetime.fromtimestamp(value / 1000, tz=UTC).date()
    else:
        text = clean_text(value)
        if text is None:
            return None, None
        if text.isdigit() and len(text) >= 11:
            return parse_date(int(text))
        match = re.match(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})", text)
        if not match:
            return None, "unreadable"
        try:
            parsed = date(*map(int, match.groups()))
        except ValueError:
            return None, "unreadable"
    if parsed.year < 1950:
        return None, "placeholder"
    return parsed, None


_REF_SPLIT = re.compile(r"[、，,;；\s]+(?=[A-Z])")


def split_references(text: object) -> list[str]:
    """'代替GB/T 1-2000、GB/T 2-2001' -> ['GB/T 1-2000', 'GB/T 2-2001'] (invalid parts dropped)."""
    cleaned = clean_text(text)
    if not cleaned:
        return []
    cleaned = re.split(r"主管部门|归口", cleaned)[0]
    cleaned = re.sub(r"(部分)?代替|替代|被代替", " ", cleaned)
    refs = []
    for part in _REF_SPLIT.split(cleaned.strip()):
        number = parse_number(part.strip(" ；;，,、"))
        if number and number.year:
            refs.append(number.reference)
    return refs


_ADOPTION = re.compile(
    r"(?P<ref>(?:ISO|IEC|ITU|EN|ASTM|JIS)[A-Z/ ]*?\s?[\d][\w.\-:/ ]*?)\s*[,，(（]?\s*"
    r"(?P<degree>IDT|MOD|NEQ|EQV|等同采用|修改采用|非等效采用|等同|修改|非等效|等效)?[)）]?\s*(?=$|[;；、]|\s(?:ISO|IEC))",
)


def parse_adoptions(text: object, degree_hint: object = None) -> list[tuple[str, str]]:
    """'ISO 9001:2015, IDT; IEC 60335-1:2020 MOD' -> [(ref, degree), …]; degree 'unknown' when
    neither the string nor the separate degree field says."""
    cleaned = clean_text(text)
    if not cleaned:
        return []
    cleaned = unicodedata.normalize("NFKC", cleaned).translate(_DASHES)
    hint = DEGREES.get((clean_text(degree_hint) or "").upper()) or DEGREES.get(clean_text(degree_hint) or "")
    found = []
    for match in _ADOPTION.finditer(cleaned):
        ref = _SPACE.sub(" ", match.group("ref")).strip(" ,")
        degree = DEGREES.get(match.group("degree") or "", None) or hint or "unknown"
        found.append((ref, degree))
    return found
