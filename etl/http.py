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
from pathlib import Path

import requests
from requests.adapters import HTTPAdapter
from tqdm import tqdm
from urllib3.util.retry import Retry

from etl.progress import Mode

log = logging.getLogger(__name__)

TIMEOUT = (10.0, 60.0)  # connect, read (seconds between bytes)
MAX_BYTES = 2 * 1024**3
USER_AGENT = "standards-dashboard-etl/0.1 (+https://www.iso.org/open-data.html consumer)"
STREAM_ATTEMPTS = 3


class DownloadError(RuntimeError):
    """A download that cannot be trusted: nothing was written to the cache."""


def session(retries: int = 5, backoff: float = 1.0) -> requests.Session:
    """Retries connection errors, 429 and 5xx with exponential backoff, honouring Retry-After."""
    retry = Retry(
        total=retries,
        connect=retries,
        read=retries,
        status=retries,
        backoff_factor=backoff,
        status_forcelist=(429, 500, 502, 503, 504),
        allowed_methods=frozenset({"GET", "HEAD", "POST"}),
        respect_retry_after_header=True,
        raise_on_status=False,
    )
    s = requests.Session()
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
    path = _meta_path(target)
    if not (target.exists() and path.exists()):
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        return {}


def download(
    url: str,
    target: Path,
    *,
    progress: Mode = "none",
    timeout: tuple[float, float] = TIMEOUT,
    max_bytes: int = MAX_BYTES,
    http: requests.Session | None = None,
) -> Path:
    """Fetch url into target, conditionally: a 304 keeps the cached file as it is.

    The body streams to a temporary file beside the target and is moved into place only when
    it is complete (Content-Length matched, not an HTML error page, under the size cap).
    """
    http = http or shared_session()
    target.parent.mkdir(parents=True, exist_ok=True)
    last_error: Exception | None = None
    for attempt in range(1, STREAM_ATTEMPTS + 1):
        try:
            return _download_once(url, target, progress, timeout, max_bytes, http)
        except (requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError) as exc:
            # urllib3 retries the request; a stall in the middle of the body lands here instead.
            last_error = exc
            log.warning("download of %s interrupted (attempt %d): %s", url, attempt, exc)
            time.sleep(min(2**attempt, 10) * 0.5)
    raise DownloadError(f"could not download {url} after {STREAM_ATTEMPTS} attempts: {last_error}")


def _download_once(
    url: str,
    target: Path,
    progress: Mode,
    timeout: tuple[float, float],
    max_bytes: int,
    http: requests.Session,
) -> Path:
    meta = cached_meta(target)
    headers = {}
    if meta.get("etag"):
        headers["If-None-Match"] = meta["etag"]
    if meta.get("last_modified"):
        headers["If-Modified-Since"] = meta["last_modified"]
    with http.get(url, headers=headers, stream=True, timeout=timeout) as response:
        if response.status_code == 304 and target.exists():
            log.info("%s not modified; keeping %s", url, target.name)
            return target
        if response.status_code >= 400:
            raise DownloadError(f"{url} answered HTTP {response.status_code} {response.reason}")
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
            os.replace(tmp, target)
        finally:
            tmp.unlink(missing_ok=True)
        _meta_path(target).write_text(
            json.dumps(
                {
                    "url": url,
                    "etag": response.headers.get("ETag"),
                    "last_modified": response.headers.get("Last-Modified"),
                    "sha256": digest.hexdigest(),
                    "bytes": size,
                }
            ),
            encoding="utf-8",
        )
    return target
