"""China's national standard information platform (std.samr.gov.cn): the advanced-search JSON.

Each cached page is one response, ``{"total": N, "rows": [...]}``, named ``samr_*.json``.
Row fields: shared/realdata/cn/NOTES_endpoints_kpis.md §1b.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd

from etl import cn_normalize as cn
from etl.progress import items
from etl.sources import LoadContext, LoadResult

NAME = "samr"
SEARCH_URL = "https://std.samr.gov.cn/gb/search/gbAdvancedSearchPage"

_PAGE = re.compile(r"^samr_.*\.json$")
_ICS_SPLIT = re.compile(r"[,;，；\s]+")


def recognises(path: Path) -> bool:
    return bool(_PAGE.match(path.name))


def cache_name(path: Path, as_of) -> str:  # noqa: ANN001 - same signature as every source
    return path.name


def fetch(cache_dir: Path, ctx: LoadContext) -> list[Path]:
    raise NotImplementedError("live paging of std.samr.gov.cn is not available yet; load cached pages with --from DIR")


def load(files: list[Path], ctx: LoadContext) -> LoadResult:
    result = LoadResult()
    for path in sorted(files):
        result.add(load_page(path, ctx))
    return result


def load_page(path: Path, ctx: LoadContext) -> LoadResult:
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ValueError(f"{path.name} is not a std.samr JSON page: {exc}") from exc
    rows = payload.get("rows") if isinstance(payload, dict) else None
    if rows is None:
        raise ValueError(f"{path.name} has no 'rows' list: not a std.samr search response")
    page = _Page(path, ctx)
    for number, row in enumerate(items(rows, len(rows), path.name, ctx.progress), start=1):
        page.add(number, row)
    return page.flush(len(rows))


class _Page:
    """Rows of one page, turned into canonical staging rows or quarantined with a reason."""

    def __init__(self, path: Path, ctx: LoadContext) -> None:
        self.path, self.ctx = path, ctx
        self.standards: list[dict] = []
        self.sectors: list[tuple[str, str]] = []
        self.links: list[tuple[str, str | None, str, str | None]] = []
        self.placeholders = 0
        self.quarantined = 0

    def reject(self, number: int, reason: str, row: object) -> None:
        self.quarantined += 1
        self.ctx.quarantine(self.path, number, reason, json.dumps(row, ensure_ascii=False, default=str))

    def add(self, number: int, row: object) -> None:
        if not isinstance(row, dict):
            self.reject(number, "row is not a JSON object", row)
            return
        raw_code = cn.clean_text(row.get("C_STD_CODE") or row.get("STD_CODE"))
        parsed = cn.parse_number(raw_code or "")
        if parsed is None:
            reason = "no standard number" if not raw_code else f"unrecognised standard number {raw_code!r}"
            self.reject(number, reason, row)
            return
        dates = {}
        for column, field in (("published_on", "ISSUE_DATE"), ("implemented_on", "ACT_DATE")):
            value, problem = cn.parse_date(row.get(field))
            if problem == "unreadable":
                self.reject(number, f"unreadable {field} {row.get(field)!r}", row)
                return
            self.placeholders += problem == "placeholder"
            dates[column] = value
        std_id = parsed.reference
        if parsed.amendment_of:
            self.links.append((std_id, parsed.amendment_of, "amends", None))
            return
        self.standards.append(
            {
                "std_id": std_id,
                "publisher": parsed.publisher,
                "level": parsed.level,
                "reference": parsed.reference,
                "base_ref": parsed.base_ref,
                "year": parsed.year,
                "title_zh": cn.clean_text(row.get("C_C_NAME") or row.get("C_NAME")),
                "title_en": cn.clean_text(row.get("C_E_NAME") or row.get("E_NAME")),
                "status": cn.status_of(row.get("STATE") or row.get("STATE2")),
                "committee_ref": cn.clean_text(row.get("TA_CODE")),
                **dates,
            }
        )
        for code in _ICS_SPLIT.split(cn.clean_text(row.get("ICS")) or ""):
            if re.match(r"^\d{2}(\.\d{3}(\.\d{2})?)?$", code):
                self.sectors.append((std_id, code))
        for replaced in cn.split_references(row.get("TOTAL_REPE")):
            self.links.append((std_id, replaced, "replaces", None))
        for adopted, degree in cn.parse_adoptions(row.get("ADOPT_NO"), row.get("ADOPT_LEVEL")):
            self.links.append((std_id, adopted, "adopts", degree))

    def flush(self, read: int) -> LoadResult:
        con, source = self.ctx.con, self.ctx.source
        frames = {
            "stg_standard": pd.DataFrame(self.standards),
            "stg_standard_sector": pd.DataFrame(self.sectors, columns=["std_id", "ics_code"]),
            "stg_standard_link": pd.DataFrame(self.links, columns=["from_std", "to_ref", "kind", "degree"]).assign(
                to_std=None
            ),
        }
        for table, frame in frames.items():
            if not frame.empty:
                con.register("page_rows", frame.assign(source=source))
                con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM page_rows")  # noqa: S608 - fixed names
                con.unregister("page_rows")
        if self.placeholders:
            self.ctx.notes.append(f"{self.path.name}: {self.placeholders} placeholder dates set to null")
        return LoadResult(
            rows_read=read,
            rows_loaded=read - self.quarantined,
            rows_quarantined=self.quarantined,
            bytes=self.path.stat().st_size,
        )
