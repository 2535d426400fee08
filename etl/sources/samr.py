"""China's national standard information platform, std.samr.gov.cn (全国标准信息公共服务平台).

Two inputs, both cached as JSON in the shape of one search response ``{"total": N, "rows": [...]}``:

- the advanced search (``gbAdvancedSearchPage``) of national (GB, tid 2), industry (HB, tid 3) and
  local (DB, tid 4) standards. A finished crawl of one catalog is kept as ``samr_<gb|hb|db>.json``;
  any other ``samr_*.json`` is a single page of the same shape (the demo data, pages saved by hand).
  Row fields: shared/realdata/cn/NOTES_endpoints_kpis.md §1b.
- the technical-committee roster (``orgPage`` over ``BV_COMMITEE_INFO``, HTML list pages), kept as
  ``samr_committees.json`` with one row per committee: code, name, name_en, scope, counterpart,
  secretariat, location.

A crawl goes page by page, politely (``[samr]`` settings: an interval between requests, retries
with backoff), and keeps every page in ``cache/samr/crawl/`` as it arrives, so a run that stops
(a network failure, ``max_pages_per_run``) resumes on the next run from the pages it has. A
catalog replaces its cached copy only once all its pages are in.
"""

from __future__ import annotations

import json
import logging
import math
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import requests

from etl import cn_normalize as cn
from etl.http import TIMEOUT, DownloadError, session
from etl.progress import items
from etl.settings import SamrSettings
from etl.sources import LoadContext, LoadResult

log = logging.getLogger(__name__)

NAME = "samr"
SEARCH_PATH = "/gb/search/gbAdvancedSearchPage"
ROSTER_PATH = "/search/orgPage"
SEARCH_URL = "https://std.samr.gov.cn" + SEARCH_PATH
CATALOGS = {"gb": 2, "hb": 3, "db": 4}  # tid of each catalog in the advanced search
ROSTER = "committees"
ROSTER_FILE = f"samr_{ROSTER}.json"
ROSTER_PAGE_SIZE = 10  # fixed by the site

_PAGE = re.compile(r"^samr_.*\.json$")

# Canonical record fields (cn_normalize.FIELDS) and the search-row fields that carry them, in
# order of preference.
ROW_FIELDS = {
    "reference": ("C_STD_CODE", "STD_CODE"),
    "title_zh": ("C_C_NAME", "C_NAME"),
    "title_en": ("C_E_NAME", "E_NAME"),
    "status": ("STATE", "STATE2"),
    "published_on": ("ISSUE_DATE",),
    "implemented_on": ("ACT_DATE",),
    "replaces": ("TOTAL_REPE",),
    "adopts": ("ADOPT_NO",),
    "degree": ("ADOPT_LEVEL",),
    "ics": ("ICS",),
    "ccs": ("CCS",),
    "committee": ("TM_CODE", "TA_CODE"),  # the executing SC is the more precise owner
    "responsible_unit": ("TA_NAME",),
    "department": ("CD_NAME",),
    "plan_code": ("C_PLAN_CODE", "PLAN_CODE"),
}

# Labels of the roster's list panels and detail pages, to roster fields.
ROSTER_LABELS = {
    "编号": "code",
    "委员会编号": "code",
    "名称": "name",
    "委员会名称": "name",
    "委员会全称": "name",
    "英文名称": "name_en",
    "英文全称": "name_en",
    "专业范围": "scope",
    "负责专业范围": "scope",
    "对口/相关联国际组织": "counterpart",
    "对口国际组织": "counterpart",
    "相关联国际组织": "counterpart",
    "秘书处承担单位": "secretariat",
    "秘书处所在单位": "secretariat",
    "秘书处所在地": "location",
    "所在省（市）": "location",
}


def recognises(path: Path) -> bool:
    return bool(_PAGE.match(path.name))


def cache_name(path: Path, as_of) -> str:  # noqa: ANN001 - same signature as every source
    return path.name


# --- fetch -------------------------------------------------------------------------------------


def fetch(cache_dir: Path, ctx: LoadContext, staged: Path | None = None) -> list[Path]:
    """Crawl the configured catalogs and the roster, resuming from pages already cached.

    Finished catalogs are written to ``staged`` when given (they join the cache only if the build
    goes live), else straight into the cache. Raises DownloadError when the site keeps failing;
    the pages fetched so far stay for the next run.
    """
    settings = ctx.config.samr
    unknown = sorted(set(settings.catalogs) - set(CATALOGS))
    if unknown:
        raise ValueError(f"[samr] catalogs {unknown} unknown; choose from {sorted(CATALOGS)}")
    crawler = Crawler(settings, cache_dir / "crawl")
    target = staged or cache_dir
    written = []
    for part in [*settings.catalogs, *([ROSTER] if settings.committees else [])]:
        finished = crawler.roster() if part == ROSTER else crawler.catalog(part)
        if not finished:
            log.warning(
                "std.samr crawl paused after %d new pages (max_pages_per_run); the next run resumes it",
                crawler.fetched,
            )
            return written
        # A finished part replaces its cached catalog now: the rest of the crawl may take more runs.
        written.append(crawler.finish(part, target))
    crawler.complete()
    return written


class Crawler:
    """Pages of one crawl in ``folder/<part>/``; a page on disk is not fetched again until the
    whole crawl has finished, after which the next crawl starts afresh to see today's catalog."""

    def __init__(self, settings: SamrSettings, folder: Path) -> None:
        self.settings = settings
        self.folder = folder
        if (folder / ".complete").exists():
            shutil.rmtree(folder)
        self.base = settings.base_url.rstrip("/")
        self.http = session(retries=settings.retries, backoff=settings.backoff)
        self.http.headers["Referer"] = f"{self.base}/gb/search/gbAdvancedSearch"
        self.fetched = 0
        self._last_request = 0.0

    def _part_folder(self, part: str) -> Path:
        folder = self.folder / part
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def complete(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / ".complete").touch()

    def catalog(self, part: str) -> bool:
        """Every page of one catalog on disk; False when the page budget ran out first."""
        folder = self._part_folder(part)
        size = self.settings.page_size
        number, pages = 1, None
        while pages is None or number <= pages:
            page = folder / f"p{number:05d}.json"
            if not page.exists():
                if self._budget_spent():
                    return False
                params = {"tid": CATALOGS[part], "pageNumber": number, "pageSize": size}
                payload = self._json(self._get(SEARCH_PATH, params), params)
                _write_atomically(page, json.dumps(payload, ensure_ascii=False).encode("utf-8"))
            payload = json.loads(page.read_text(encoding="utf-8"))
            total = str(payload.get("total", ""))
            if pages is None and total.isdigit():
                pages = math.ceil(int(total) / size)
            if pages is None and not payload["rows"]:
                break  # no total to go by: an empty page is the end
            number += 1
        return True

    def roster(self) -> bool:
        """Every list page of the committee roster on disk; False when the budget ran out."""
        folder = self._part_folder(ROSTER)
        number, pages = 1, None
        while pages is None or number <= pages:
            page = folder / f"p{number:05d}.html"
            if not page.exists():
                if self._budget_spent():
                    return False
                params = {"q": "", "op": 'TABLE_NAME:"BV_COMMITEE_INFO"', "pageNo": number}
                response = self._get(ROSTER_PATH, params)
                _write_atomically(page, response.content)
            text = page.read_text(encoding="utf-8", errors="replace")
            total = roster_total(text)
            if number == 1 and total is None and not parse_roster(text):
                page.unlink()
                raise DownloadError(f"{self.base}{ROSTER_PATH} lists no committees (a block page?): {text[:80]!r}")
            if pages is None and total is not None:
                pages = math.ceil(total / ROSTER_PAGE_SIZE)
            if pages is None and not parse_roster(text):
                break
            number += 1
        return True

    def finish(self, part: str, target: Path) -> Path:
        """The crawl of one part as one cached input, written atomically."""
        folder = self.folder / part
        target.mkdir(parents=True, exist_ok=True)
        out = target / f"samr_{part}.json"
        if part == ROSTER:
            rows = [
                row
                for page in sorted(folder.glob("p*.html"))
                for row in parse_roster(page.read_text(encoding="utf-8", errors="replace"))
            ]
        else:
            rows = [row for page in sorted(folder.glob("p*.json")) for row in _page_rows(page)]
        _write_atomically(out, json.dumps({"total": len(rows), "rows": rows}, ensure_ascii=False).encode("utf-8"))
        log.info("std.samr %s: %d rows from %d pages", part, len(rows), len(list(folder.glob("p*"))))
        return out

    def _budget_spent(self) -> bool:
        limit = self.settings.max_pages_per_run
        return bool(limit) and self.fetched >= limit

    def _get(self, path: str, params: dict) -> requests.Response:
        wait = self.settings.min_interval - (time.monotonic() - self._last_request)
        if wait > 0:
            time.sleep(wait)
        url = self.base + path
        try:
            response = self.http.get(url, params=params, timeout=TIMEOUT)
        except requests.RequestException as exc:
            raise DownloadError(f"{url} {params}: {exc}; pages fetched so far are kept for the next run") from exc
        finally:
            self._last_request = time.monotonic()
        if response.status_code >= 400:
            raise DownloadError(
                f"{url} {params} answered HTTP {response.status_code} after {self.settings.retries} retries; "
                "pages fetched so far are kept for the next run"
            )
        self.fetched += 1
        return response

    @staticmethod
    def _json(response: requests.Response, params: dict) -> dict:
        try:
            payload = response.json()
        except ValueError:
            payload = None
        if not isinstance(payload, dict) or not isinstance(payload.get("rows"), list):
            head = response.text[:80].replace("\n", " ")
            raise DownloadError(f"{response.url} {params} is not a search response (a block page?): {head!r}")
        return payload


def _page_rows(page: Path) -> list:
    return json.loads(page.read_text(encoding="utf-8"))["rows"]


def _write_atomically(target: Path, body: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(body)
        os.replace(tmp, target)
    finally:
        Path(tmp).unlink(missing_ok=True)


# --- the roster's HTML ---------------------------------------------------------------------------


class _Panels(HTMLParser):
    """Text of each list panel (``div.panel``), one line per block element."""

    BLOCKS = frozenset({"p", "div", "li", "dt", "dd", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "br"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.panels: list[str] = []
        self._divs: list[bool] = []  # per open div: whether it opened a panel
        self._text: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "div":
            opens = self._text is None and "panel" in (dict(attrs).get("class") or "").split()
            self._divs.append(opens)
            if opens:
                self._text = []
        if tag in self.BLOCKS and self._text is not None:
            self._text.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.BLOCKS and self._text is not None:
            self._text.append("\n")
        if tag == "div" and self._divs and self._divs.pop():
            self.panels.append("".join(self._text or []))
            self._text = None

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data)


_LABEL = re.compile(r"^(?P<label>[^：:]{1,12}?)\s*[：:]\s*(?P<value>.*)$")


def parse_roster(html: str) -> list[dict]:
    """Committees of one roster list page, by the labels of each panel (markup may change; the
    labels are what the site shows to people)."""
    parser = _Panels()
    parser.feed(html)
    rows = []
    for text in parser.panels:
        lines = [line.strip() for line in text.split("\n") if line.strip()]
        row: dict[str, str] = {}
        unlabelled = []
        for index, line in enumerate(lines):
            match = _LABEL.match(line)
            field = ROSTER_LABELS.get(match.group("label").strip()) if match else None
            if field is None:
                unlabelled.append(line)
                continue
            value = match.group("value").strip()
            if not value and index + 1 < len(lines) and not _LABEL.match(lines[index + 1]):
                value = lines[index + 1]
            row.setdefault(field, value)
        # A panel heading often carries the name (and code) without a label.
        heading = next((line for line in unlabelled if line not in row.values()), None)
        if heading:
            row.setdefault("name", re.sub(r"^\s*(?:SAC\s*/\s*)?(?:TC|SWG)\s*\d+\S*\s*", "", heading) or heading)
            row.setdefault("code", heading if cn.committee_ref(heading) else "")
        if any(row.values()):
            rows.append(row)
    return rows


def roster_total(html: str) -> int | None:
    """The number of committees a roster page says it has ('共 1338 条' or the .nums counter)."""
    match = re.search(r'class="[^"]*\bnums\b[^"]*"[^>]*>.*?<span[^>]*>\s*([\d,]+)', html, re.S) or re.search(
        r"共\s*([\d,]+)\s*条", html
    )
    return int(match.group(1).replace(",", "")) if match else None


# --- load --------------------------------------------------------------------------------------


# Rows of many pages go to staging together: one insert costs about as much as a thousand rows,
# and the demo and hand-saved inputs are pages of a thousand rows or fewer.
WRITE_ROWS = 50_000


def load(files: list[Path], ctx: LoadContext) -> LoadResult:
    result = LoadResult()
    pending: cn.Batch | None = None
    for path in sorted(files):
        if path.name == ROSTER_FILE:
            result.add(load_committees(path, ctx))
            continue
        batch, read = _parse_page(path, ctx)
        result.add(batch.report(read))
        if pending is None:
            pending = batch
        else:
            pending.absorb(batch)
        if len(pending.standards) >= WRITE_ROWS:
            pending.write()
            pending = None
    if pending is not None:
        pending.write()
    return result


def _read_rows(path: Path) -> list:
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ValueError(f"{path.name} is not a std.samr JSON page: {exc}") from exc
    rows = payload.get("rows") if isinstance(payload, dict) else None
    if not isinstance(rows, list):
        raise ValueError(f"{path.name} has no 'rows' list: not a std.samr search response")
    return rows


def _parse_page(path: Path, ctx: LoadContext) -> tuple[cn.Batch, int]:
    """One search response (a page, or a whole crawl) parsed into canonical rows, bad ones
    quarantined, not yet written; and how many rows it holds."""
    rows = _read_rows(path)
    batch = cn.Batch(path, ctx)
    for number, row in enumerate(items(rows, len(rows), path.name, ctx.progress), start=1):
        if not isinstance(row, dict):
            batch.reject(number, "row is not a JSON object", row)
            continue
        batch.add(number, {name: _first(row, keys) for name, keys in ROW_FIELDS.items()}, row)
    return batch, len(rows)


def _first(row: dict, keys: tuple[str, ...]) -> object:
    for key in keys:  # a plain loop: this runs 15 times per row
        value = row.get(key)
        if value is not None and value != "":
            return value
    return None


def load_committees(path: Path, ctx: LoadContext) -> LoadResult:
    """The roster into stg_committee (SAC/TC and SC codes, secretariat unit) and the ISO/IEC
    committees each one mirrors into stg_committee_counterpart."""
    rows = _read_rows(path)
    committees, counterparts, refused = [], [], 0
    for number, row in enumerate(rows, start=1):
        ref = cn.committee_ref(row.get("code")) if isinstance(row, dict) else None
        if ref is None:
            refused += 1
            reason = "no committee code" if isinstance(row, dict) else "row is not a JSON object"
            ctx.quarantine(path, number, reason, json.dumps(row, ensure_ascii=False, default=str))
            continue
        parent = ref.rsplit("/SC ", 1)[0] if "/SC " in ref else None
        committees.append(
            (ctx.source, ref, "SAC", cn.clean_text(row.get("name")), parent, cn.clean_text(row.get("secretariat")))
        )
        counterparts.extend((ctx.source, ref, c) for c in cn.international_committees(row.get("counterpart")))
    if committees:
        ctx.con.executemany(
            """INSERT INTO stg_committee (source, committee_ref, publisher, title, parent_ref, secretariat,
                                         created_on, status, as_of)
               VALUES (?, ?, ?, ?, ?, ?, NULL, 'Active', ?)""",
            [(*c, ctx.as_of) for c in _unique_committees(committees)],
        )
    if counterparts:
        ctx.con.executemany("INSERT INTO stg_committee_counterpart VALUES (?, ?, ?)", list(dict.fromkeys(counterparts)))
    return LoadResult(len(rows), len(rows) - refused, refused, path.stat().st_size)


def _unique_committees(committees: list[tuple]) -> Iterator[tuple]:
    """One row per committee: a code listed twice (pages shifting during a crawl) counts once."""
    seen = set()
    for committee in committees:
        if committee[1] not in seen:
            seen.add(committee[1])
            yield committee
