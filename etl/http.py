"""One HTTP session for every source: timeouts, retries with backoff, conditional GET, and
downloads that either arrive whole in the cache or not at all."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import requests
from requests.adapters import HTTPAdapter
from tqdm import tqdm
from urllib3.util.retry import Retry

from etl.progress import Mode

log = logging.getLogger(__name__)

TIMEOUT = (10.0, 60.0)  # connect, read (seconds between bytes)
MAX_BYTES = 2 * 1024**3
MAX_RETRY_AFTER = 300.0  # seconds; a longer Retry-After would stall a nightly run for hours
USER_AGENT = "standards-dashboard-etl/0.1 (+https://www.iso.org/open-data.html consumer)"
STREAM_ATTEMPTS = 3
STREAM_BACKOFF = 1.0  # seconds before the second attempt at a cut-off body, doubled after
RETRY_STATUSES = (429, 500, 502, 503, 504)


class DownloadError(RuntimeError):
    """A download that cannot be trusted: nothing was written to the cache."""


class _Retry(Retry):
    """urllib3's Retry, honouring Retry-After only up to MAX_RETRY_AFTER."""

    def get_retry_after(self, response: object) -> float | None:
        seconds = super().get_retry_after(response)
        return None if seconds is None else min(seconds, MAX_RETRY_AFTER)


class _CappedSession(requests.Session):
    """A session whose answers read whole (``stream=False``: search pages, HTML rosters) stop at
    MAX_BYTES, so a misbehaving server cannot make a run hold an unbounded body in memory. Streamed
    answers are left to their reader: :func:`download` caps them as it writes them."""

    def send(self, request: requests.PreparedRequest, **kwargs: object) -> requests.Response:
        if kwargs.get("stream"):
            return super().send(request, **kwargs)
        response = super().send(request, **{**kwargs, "stream": True})
        cap = MAX_BYTES
        body = bytearray()
        try:
            if int(response.headers.get("Content-Length") or 0) > cap:
                raise DownloadError(f"{request.url} announces more than the {cap}-byte cap")
            for chunk in response.iter_content(chunk_size=1 << 16):
                body += chunk
                if len(body) > cap:
                    raise DownloadError(f"{request.url} exceeded the {cap}-byte cap")
        except BaseException:
            response.close()
            raise
        # What Response.content would have read, now bounded; requests keeps the body in these two.
        response._content = bytes(body)
        response._content_consumed = True
        return response


def session(retries: int = 5, backoff: float = 1.0) -> requests.Session:
    """Retries connection errors, read timeouts before the headers, 429 and 5xx with exponential
    backoff (``backoff`` × 2ⁿ seconds), honouring Retry-After. Bodies are size-capped (MAX_BYTES)."""
    retry = _Retry(
        total=retries,
        connect=retries,
        read=retries,
        status=retries,
        backoff_factor=backoff,
        status_forcelist=RETRY_STATUSES,
        allowed_methods=frozenset({"GET", "HEAD"}),
        respect_retry_after_header=True,
        raise_on_status=False,
    )
    s = _CappedSession()
    s.headers["User-Agent"] = USER_AGENT
    adapter = HTTPAdapter(max_retries=retry)
    s.mount("http://", adapter)
    s.mount("https://", adapter)
    return s


_SESSION: requests.Session | None = None


def shared_session() -> requests.Session:
    global _SESSION
    if _SESSION is None:
        _SESSION = session()
    return _SESSION


def _meta_path(target: Path) -> Path:
    return target.with_name(target.name + ".meta.json")


def cached_meta(target: Path) -> dict:
    """What the last successful download of ``target`` recorded: url, etag, last_modified,
    sha256, bytes. Empty when there is no such download."""
    path = _meta_path(target)
    if not (target.exists() and path.exists()):
        return {}
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        return {}
    return meta if isinstance(meta, dict) else {}


def download(
    url: str,
    target: Path,
    *,
    cached: Path | None = None,
    progress: Mode = "none",
    timeout: tuple[float, float] | None = None,
    max_bytes: int = MAX_BYTES,
    validate: Callable[[Path, str], None] | None = None,
    http: requests.Session | None = None,
    attempts: int | None = None,
    backoff: float | None = None,
) -> Path:
    """Fetch ``url`` into ``target`` and return the path of the current copy.

    ``cached`` (default: ``target``) is the copy already held: its ETag and Last-Modified make the
    request conditional, and a 304 returns it untouched. A new body streams to a temporary file
    beside ``target`` and is moved into place only when it is whole: status below 400, not an HTML
    page, under ``max_bytes``, as long as Content-Length says, and accepted by ``validate(path,
    name)``. A body cut off mid-stream is fetched again, up to ``attempts`` times. Unset timeouts,
    attempts and backoff take the module's settings at call time.
    """
    http = http or shared_session()
    cached = cached or target
    timeout = timeout or TIMEOUT
    attempts = attempts or STREAM_ATTEMPTS
    backoff = STREAM_BACKOFF if backoff is None else backoff
    target.parent.mkdir(parents=True, exist_ok=True)
    last_error: Exception | None = None
    for attempt in range(1, attempts + 1):
        try:
            return _download_once(url, target, cached, progress, timeout, max_bytes, validate, http)
        except (requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError) as exc:
            # urllib3 retries the request itself; a stall or a cut in the middle of the body lands here.
            last_error = exc
            log.warning("download of %s interrupted (attempt %d of %d): %s", url, attempt, attempts, exc)
            if attempt < attempts:
                time.sleep(min(backoff * 2 ** (attempt - 1), 30.0))
    raise DownloadError(f"could not download {url} after {attempts} attempts: {last_error}")


def _download_once(
    url: str,
    target: Path,
    cached: Path,
    progress: Mode,
    timeout: tuple[float, float],
    max_bytes: int,
    validate: Callable[[Path, str], None] | None,
    http: requests.Session,
) -> Path:
    meta = cached_meta(cached)
    headers = {}
    if meta.get("url") in (None, url):
        if meta.get("etag"):
            headers["If-None-Match"] = meta["etag"]
        if meta.get("last_modified"):
            headers["If-Modified-Since"] = meta["last_modified"]
    with http.get(url, headers=headers, stream=True, timeout=timeout) as response:
        if response.status_code == 304:
            if not cached.exists():
                raise DownloadError(f"{url} answered 304 Not Modified, but no copy of it is cached")
            log.info("%s not modified; keeping %s", url, cached)
            return cached
        if response.status_code >= 400:
            raise DownloadError(f"{url} answered HTTP {response.status_code} {response.reason}")
        if response.status_code != 200:
            raise DownloadError(f"{url} answered HTTP {response.status_code} {response.reason}, not the file")
        expected = int(response.headers.get("Content-Length") or 0) or None
        if expected and expected > max_bytes:
            raise DownloadError(f"{url} is {expected} bytes, over the {max_bytes}-byte cap")
        if "text/html" in response.headers.get("Content-Type", "") and target.suffix != ".html":
            raise DownloadError(f"{url} answered with an HTML page, not a data file")
        digest = hashlib.sha256()
        size = 0
        fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
        tmp = Path(tmp_name)
        try:
            with (
                os.fdopen(fd, "wb") as out,
                tqdm(
                    total=expected,
                    unit="B",
                    unit_scale=True,
                    desc=target.name,
                    file=sys.stderr,
                    disable=progress != "bar",
                    leave=False,
                ) as bar,
            ):
                for chunk in response.iter_content(chunk_size=1 << 16):
                    if size == 0 and chunk.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html")):
                        raise DownloadError(f"{url} answered with an HTML page, not a data file")
                    size += len(chunk)
                    if size > max_bytes:
                        raise DownloadError(f"{url} exceeded the {max_bytes}-byte cap")
                    digest.update(chunk)
                    out.write(chunk)
                    bar.update(len(chunk))
            if expected is not None and size != expected:
                raise DownloadError(f"{url} was truncated: {size} of {expected} bytes arrived")
            if size == 0:
                raise DownloadError(f"{url} answered with an empty body")
            if validate is not None:
                try:
                    validate(tmp, target.name)
                except ValueError as exc:
                    raise DownloadError(f"{url} refused: {exc}") from exc
            os.replace(tmp, target)
        finally:
            tmp.unlink(missing_ok=True)
        # Written after the body: a crash in between leaves an old ETag, which only costs a re-download.
        _write_atomically(
            _meta_path(target),
            json.dumps(
                {
                    "url": url,
                    "etag": response.headers.get("ETag"),
                    "last_modified": response.headers.get("Last-Modified"),
                    "sha256": digest.hexdigest(),
                    "bytes": size,
                }
            ),
        )
    return target


def _write_atomically(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.part")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
