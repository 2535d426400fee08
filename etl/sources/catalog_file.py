"""Standard catalogs exported as files: CSV, XLSX or JSON, with Chinese or English headers.

Columns are found by name through a header map (``HEADERS``: 标准号 / std_num / code → the
standard number, 标准名称 / title → the title …) that the operator extends in standards.toml::

    [catalog_file.header_map]
    "标准代号" = "reference"
    "Norm-Nr." = "reference"

A file is a catalog when one of its columns maps to the standard number. Files come in three ways:
``standards-etl import FILE`` (any name: judged by content), ``--from`` (by extension and header),
and ``[catalog_file] paths`` in standards.toml, copied in on every refresh. Every one is kept in
``cache/catalog_file/`` as ``catalog_<name>`` so later builds still include it.
"""

from __future__ import annotations

import csv
import filecmp
import glob
import io
import json
import logging
import re
import shutil
import unicodedata
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from etl import cn_normalize as cn
from etl.progress import items
from etl.sources import LoadContext, LoadResult, iso, samr

log = logging.getLogger(__name__)

NAME = "catalog_file"
CACHE_PREFIX = "catalog_"
SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".json")
# Official input names of the other sources: never taken for a catalog even if they would parse.
_OTHER_SOURCES = re.compile(r"^(?:iso_|ICS[._-]|samr_)", re.I)
HEADER_ROWS = 10  # exports may put a title or notes above the header row

# Canonical fields (cn_normalize.FIELDS) and the headers that mean them, compared case- and
# width-insensitively. "title" is a title of unknown language (split by script).
HEADERS: dict[str, tuple[str, ...]] = {
    "reference": (
        "标准号", "标准编号", "标准代号", "编号", "std_num", "std_code", "c_std_code", "code", "standard_number",
        "standard_no", "standard number", "national_reference", "gb_number", "reference", "document number",
    ),
    "title_zh": (
        "标准名称", "中文标准名称", "标准中文名称", "中文名称", "名称", "c_c_name", "chname", "title_zh", "name_zh",
    ),
    "title": ("title", "name", "national_title", "standard title"),
    "title_en": ("英文标准名称", "标准英文名称", "英文名称", "c_e_name", "title_en", "name_en", "english title"),
    "status": ("状态", "标准状态", "status", "state"),
    "published_on": (
        "发布日期", "批准日期", "publish_date", "publication_date", "issue_date", "issuedate",
        "national_publication_date", "published_on", "published",
    ),
    "implemented_on": (
        "实施日期", "implement_date", "implementdate", "act_date", "actdate", "effective_date", "implemented_on",
    ),
    "withdrawn_on": ("废止日期", "作废日期", "withdrawn_date", "withdrawn_on", "fzdate", "abolish_date", "abolishdate"),
    "confirmed_on": ("复审确认日期", "确认日期", "review_confirm_date", "confirmed_on"),
    "replaces": (
        "代替标准", "替代情况", "全部代替标准", "代替国标号", "replacement_raw", "replaces", "total_repe",
        "revisestdcodes",
    ),
    "replaced_by": ("被代替标准", "被代替国标号", "replacedby", "replaced_by"),
    "adopts": (
        "采用国际标准", "采用国际标准号", "采标号", "采标情况", "采标关系", "international_reference", "iso_number",
        "adopt_no", "adopts",
    ),
    "degree": ("采用程度", "采标程度", "degree", "adoption_type", "adopt_level", "adoption_degree"),
    "ics": ("ics", "ics分类", "ics号", "国际标准分类号", "国际标准分类号(ics)", "ics_code"),
    "ccs": ("ccs", "中标分类", "中国标准分类号", "中国标准分类号(ccs)", "ccs_code"),
    "committee": ("技术委员会", "tc_code", "ta_code", "committee", "committee_ref"),
    "responsible_unit": ("归口单位", "归口部门", "charge_dept_name", "ta_name"),
    "department": (
        "发布部门", "发布单位", "主管部门", "department", "publisher_or_dept", "issuedby", "issued_by", "publisher",
        "cd_name", "chargedept",
    ),
    "description": ("标准简介", "简介", "intro_raw", "description"),
    "plan_code": ("计划号", "计划编号", "plan_code", "c_plan_code"),
}  # fmt: skip

# Columns that make a table a list of ISO committees rather than of standards.
_COMMITTEE_COLUMNS = frozenset(
    {"secretariat.acronym", "secretariat", "pmembers.acronym", "omembers.acronym", "is_subcommittee", "parentid"}
)
# Where JSON exports keep their records.
_JSON_LISTS = ("standards", "rows", "records", "data", "items", "list", "results")


class NotACatalog(ValueError):
    """A file that is not a standard catalog; ``owner`` names the source it belongs to, if any."""

    def __init__(self, message: str, owner: str | None = None) -> None:
        super().__init__(message)
        self.owner = owner


@dataclass
class Table:
    """A catalog file read as records keyed by its own headers, with the header → field map."""

    path: Path
    headers: list[str]
    columns: dict[str, str]  # canonical field -> header
    records: list[dict]


def _key(header: object) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", str(header)).strip().lower().lstrip("\ufeff"))


def header_aliases(extra: dict[str, str] | None = None) -> dict[str, str]:
    """Header (normalised) → canonical field: the operator's map, then the built-in one."""
    aliases = {_key(h): name for name, headers in HEADERS.items() for h in headers}
    for header, name in (extra or {}).items():
        if name not in cn.FIELDS:
            raise ValueError(
                f"[catalog_file.header_map] {header!r} maps to {name!r}, which is not a field; "
                f"fields are {', '.join(cn.FIELDS)}"
            )
        aliases[_key(header)] = name
    return aliases


def map_columns(headers: list[str], aliases: dict[str, str]) -> dict[str, str]:
    """Canonical field → the first header that means it."""
    columns: dict[str, str] = {}
    for header in headers:
        name = aliases.get(_key(header))
        if name and name not in columns:
            columns[name] = header
    return columns


# --- recognising and reading files ------------------------------------------------------------


def recognises(path: Path) -> bool:
    """A cached catalog by its name; any other file by its extension and a standard-number header."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        return False
    if path.name.startswith(CACHE_PREFIX):
        return True
    # .txt files in a folder are mostly notes; a catalog saved as .txt comes in through `import`.
    if _OTHER_SOURCES.match(path.name) or suffix == ".txt":
        return False
    try:
        read_table(path, header_aliases(), header_only=True)
    except (NotACatalog, OSError, ValueError):
        return False
    return True


_EXTENSIONS = {"csv": (".csv", ".tsv", ".txt"), "xlsx": (".xlsx",), "json": (".json",)}


def cache_name(path: Path, as_of: date | None = None) -> str:
    """``catalog_<name>``, with the extension of the file's real format; a file imported again
    under the same name replaces the earlier copy."""
    name = path.name if path.name.startswith(CACHE_PREFIX) else CACHE_PREFIX + path.name
    fmt = file_format(path)
    return name if Path(name).suffix.lower() in _EXTENSIONS[fmt] else f"{name}{_EXTENSIONS[fmt][0]}"


def file_format(path: Path) -> str:
    """'xlsx', 'json' or 'csv', from the first bytes (any name)."""
    with path.open("rb") as fh:
        head = fh.read(512)
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"["):
        return "json"
    return "csv"


def check(path: Path, header_map: dict[str, str] | None = None) -> Table:
    """The header of a file to import, or NotACatalog saying what it is and which source takes it."""
    for source in (iso, samr):
        if source.recognises(path):
            raise NotACatalog(
                f"{path.name} is an input of the {source.NAME} source, not a standard catalog; "
                f"load it with: standards-etl refresh --source {source.NAME} --from {path}",
                source.NAME,
            )
    return read_table(path, header_aliases(header_map), header_only=True)


def read_table(path: Path, aliases: dict[str, str], *, header_only: bool = False) -> Table:
    """Records of a catalog file in any of its formats; NotACatalog when no column is a number."""
    fmt = file_format(path)
    if fmt == "xlsx":
        headers, records = _read_xlsx(path, aliases, header_only)
    elif fmt == "json":
        headers, records = _read_json(path)
    else:
        headers, records = _read_csv(path, aliases, header_only)
    keys = {_key(h) for h in headers}
    columns = map_columns(headers, aliases)
    if keys & _COMMITTEE_COLUMNS:
        raise NotACatalog(
            f"{path.name} lists ISO technical committees (columns {', '.join(sorted(keys & _COMMITTEE_COLUMNS))}), "
            "not standards; committees and memberships come from the iso source, which reads ISO Open Data's "
            "iso_technical_committees files (standards-etl refresh --source iso --from iso_technical_committees.jsonl)",
            "iso",
        )
    if "reference" not in columns:
        shown = ", ".join(map(str, headers[:12])) or "none"
        raise NotACatalog(
            f"{path.name} has no standard-number column (columns: {shown}); name it 标准号 or std_num, or map its "
            "header to 'reference' under [catalog_file.header_map] in standards.toml"
        )
    return Table(path, headers, columns, records)


def _decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValueError("neither UTF-8 nor GB18030 text")


def _find_header(rows: list[list], aliases: dict[str, str]) -> int | None:
    return next(
        (i for i, row in enumerate(rows[:HEADER_ROWS]) if "reference" in map_columns([str(c) for c in row], aliases)),
        None,
    )


def _read_csv(path: Path, aliases: dict[str, str], header_only: bool) -> tuple[list[str], list[dict]]:
    if header_only:
        with path.open("rb") as fh:
            raw = fh.read(64 * 1024)
        raw = raw[: raw.rfind(b"\n") + 1] or raw  # whole lines: a character may straddle the cut
    else:
        raw = path.read_bytes()
    text = _decode(raw)
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",\t;|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    head = [row for _, row in zip(range(HEADER_ROWS), reader, strict=False)]
    at = _find_header(head, aliases)
    if at is None:
        return (head[0] if head else []), []
    headers = [h.strip() for h in head[at]]
    if header_only:
        return headers, []
    rows = head[at + 1 :] + list(reader)
    return headers, [dict(zip(headers, row, strict=False)) for row in rows if any(cell.strip() for cell in row)]


def _read_xlsx(path: Path, aliases: dict[str, str], header_only: bool) -> tuple[list[str], list[dict]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError) as exc:
        raise ValueError(f"{path.name} is not a readable XLSX workbook: {exc}") from exc
    headers: list[str] = []
    records: list[dict] = []
    try:
        # Every sheet with a standard-number column is part of the catalog (exports split by level).
        for sheet in book.worksheets:
            rows = sheet.iter_rows(values_only=True)
            head = [list(r) for _, r in zip(range(HEADER_ROWS), rows, strict=False)]
            at = _find_header(head, aliases)
            if at is None:
                continue
            sheet_headers = [str(h).strip() if h is not None else "" for h in head[at]]
            headers = headers or sheet_headers
            if header_only:
                break
            for row in [*head[at + 1 :], *rows]:
                if any(cell not in (None, "") for cell in row):
                    records.append(dict(zip(sheet_headers, row, strict=False)))
    finally:
        book.close()
    return headers, records


def _read_json(path: Path) -> tuple[list[str], list[dict]]:
    try:
        payload = json.loads(_decode(path.read_bytes()))
    except ValueError as exc:
        raise ValueError(f"{path.name} is not valid JSON: {exc}") from exc
    records = _json_records(payload)
    headers = list(dict.fromkeys(k for record in records[:50] if isinstance(record, dict) for k in record))
    return headers, records


def _json_records(payload: object) -> list:
    if isinstance(payload, list):
        return payload
    if isinstance(payload, dict):
        for key in _JSON_LISTS:
            value = payload.get(key)
            if isinstance(value, list):
                return value
            if isinstance(value, dict):
                return _json_records(value)
    return []


# --- fetch and load ----------------------------------------------------------------------------


def fetch(cache_dir: Path, ctx: LoadContext, staged: Path | None = None) -> list[Path]:
    """Copy the catalog files configured under ``[catalog_file] paths`` in, when they changed."""
    copied = []
    for pattern in ctx.config.catalog_paths:
        matches = sorted(glob.glob(str(Path(pattern).expanduser())))
        if not matches:
            log.warning("[catalog_file] paths: nothing matches %s", pattern)
        for name in matches:
            path = Path(name)
            if not path.is_file():
                continue
            try:
                check(path, ctx.config.header_map)
            except (NotACatalog, ValueError) as exc:
                log.warning("[catalog_file] paths: %s skipped: %s", path, exc)
                continue
            cached = cache_dir / cache_name(path)
            if cached.exists() and filecmp.cmp(path, cached, shallow=False):
                continue
            target = (staged or cache_dir) / cached.name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
            copied.append(target)
    return copied


def load(files: list[Path], ctx: LoadContext) -> LoadResult:
    aliases = header_aliases(ctx.config.header_map)
    result = LoadResult()
    for path in sorted(files):
        result.add(load_file(path, ctx, aliases))
    cn.settle_replaced_by(ctx)
    return result


def load_file(path: Path, ctx: LoadContext, aliases: dict[str, str]) -> LoadResult:
    """One catalog file into canonical staging rows; records that are not one standard are
    quarantined with the reason."""
    table = read_table(path, aliases)
    batch = cn.Batch(path, ctx)
    unmapped = [h for h in table.headers if h and h not in table.columns.values()]
    if unmapped:
        batch.remarks.append(f"columns not used: {', '.join(map(str, unmapped))}")
    records = table.records
    for number, record in enumerate(items(records, len(records), path.name, ctx.progress), start=1):
        if not isinstance(record, dict):
            batch.reject(number, "record is not an object", record)
            continue
        batch.add(number, {name: record.get(header) for name, header in table.columns.items()}, record)
    return batch.flush(len(records))
