"""Downloads against a real HTTP server on loopback serving a real ISO file: conditional GET,
retries, timeouts, and bodies that must never reach the cache."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
import urllib3

from etl import http
from etl.http import DownloadError, download
from etl.sources.iso import check_payload
from tests.conftest import realdata
from tests.loopback import LoopbackServer

ROUTE = "/opendata/_latest/iso_ics/csv/ICS.csv"
FAST = {"timeout": (2.0, 0.5), "backoff": 0.01}  # read timeout well below the server's stall


@pytest.fixture
def ics() -> Path:
    return realdata("iso", "H3xano_iso-data-importer", "ICS.csv")


@pytest.fixture
def server(ics: Path) -> Iterator[LoopbackServer]:
    with LoopbackServer({ROUTE: ics}, stall_seconds=3.0) as running:
        yield running


@pytest.fixture
def client() -> requests.Session:
    return http.session(retries=2, backoff=0.01)


def fetch(server: LoopbackServer, target: Path, client: requests.Session, **options: object) -> Path:
    return download(server.url + ROUTE, target, http=client, validate=check_payload, **{**FAST, **options})


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


def test_download_then_304_keeps_the_cached_file(server: LoopbackServer, ics: Path, tmp_path: Path, client) -> None:
    target = tmp_path / "ICS.csv"
    assert fetch(server, target, client) == target
    assert target.read_bytes() == ics.read_bytes()
    meta = json.loads((tmp_path / "ICS.csv.meta.json").read_text())
    assert meta["etag"] and meta["last_modified"] and meta["bytes"] == ics.stat().st_size
    mtime = target.stat().st_mtime_ns

    assert fetch(server, target, client) == target
    second = server.seen[-1]
    assert second.status == 304 and second.headers["If-None-Match"] == meta["etag"]
    assert second.headers["If-Modified-Since"] == meta["last_modified"]
    assert target.stat().st_mtime_ns == mtime


def test_a_new_body_goes_to_the_target_and_a_304_returns_the_cached_copy(
    server: LoopbackServer, tmp_path: Path, client
) -> None:
    cache, staged = tmp_path / "cache", tmp_path / "staged"
    cached = fetch(server, cache / "ICS.csv", client)
    assert fetch(server, staged / "ICS.csv", client, cached=cached) == cached  # 304
    assert not (staged / "ICS.csv").exists()
    (cache / "ICS.csv.meta.json").write_text(json.dumps({"etag": '"an older release"'}))
    assert fetch(server, staged / "ICS.csv", client, cached=cached) == staged / "ICS.csv"
    assert (staged / "ICS.csv.meta.json").exists()


def test_server_error_then_success_is_retried(server: LoopbackServer, ics: Path, tmp_path: Path, client) -> None:
    server.fail("500")
    target = fetch(server, tmp_path / "ICS.csv", client)
    assert target.read_bytes() == ics.read_bytes()
    assert [s.status for s in server.seen] == [500, 200]


def test_retry_after_is_honoured(server: LoopbackServer, tmp_path: Path, client) -> None:
    server.fail("429")
    start = time.monotonic()
    fetch(server, tmp_path / "ICS.csv", client)
    assert time.monotonic() - start >= 0.9  # the server asked for 1 s
    assert [s.status for s in server.seen] == [429, 200]


def test_persistent_errors_fail_without_touching_the_cache(server: LoopbackServer, tmp_path: Path, client) -> None:
    target = tmp_path / "ICS.csv"
    target.write_text("the cached copy\n")
    server.fail("503", times=10)
    with pytest.raises(DownloadError, match="HTTP 503"):
        fetch(server, target, client)
    assert target.read_text() == "the cached copy\n"
    assert len(server.seen) == 3  # the first try and two retries


def test_a_stall_past_the_read_timeout_is_retried(server: LoopbackServer, ics: Path, tmp_path: Path, client) -> None:
    server.fail("stall")
    start = time.monotonic()
    target = fetch(server, tmp_path / "ICS.csv", client)
    assert target.read_bytes() == ics.read_bytes()
    assert time.monotonic() - start < 2.5  # gave up on the stalled body long before the server woke
    assert [s.fault for s in server.seen] == ["stall", None]
    assert leftovers(tmp_path) == []


def test_a_body_that_keeps_stalling_is_refused(server: LoopbackServer, tmp_path: Path, client) -> None:
    server.fail("stall", times=3)
    with pytest.raises(DownloadError, match="after 3 attempts"):
        fetch(server, tmp_path / "ICS.csv", client)
    assert not (tmp_path / "ICS.csv").exists() and leftovers(tmp_path) == []


def test_a_truncated_body_never_replaces_the_cached_file(server: LoopbackServer, tmp_path: Path, client) -> None:
    target = tmp_path / "ICS.csv"
    target.write_text("the cached copy\n")
    server.fail("truncate", times=3)
    with pytest.raises(DownloadError):
        fetch(server, target, client)
    assert target.read_text() == "the cached copy\n" and leftovers(tmp_path) == []


def test_a_truncated_body_without_length_is_caught_by_the_content_check(
    server: LoopbackServer, tmp_path: Path, client
) -> None:
    target = tmp_path / "ICS.csv"
    server.fail("truncate_unsized")
    with pytest.raises(DownloadError, match="truncated"):
        fetch(server, target, client)
    assert not target.exists() and leftovers(tmp_path) == []


def test_an_html_error_page_is_refused(server: LoopbackServer, tmp_path: Path, client) -> None:
    server.fail("html")
    with pytest.raises(DownloadError, match="HTML page"):
        fetch(server, tmp_path / "ICS.csv", client)
    assert not (tmp_path / "ICS.csv").exists()


def test_a_body_over_the_size_cap_is_refused(server: LoopbackServer, tmp_path: Path, client) -> None:
    with pytest.raises(DownloadError, match="cap"):
        fetch(server, tmp_path / "ICS.csv", client, max_bytes=1000)
    assert not (tmp_path / "ICS.csv").exists()


def test_a_304_with_nothing_cached_is_an_error(server: LoopbackServer, tmp_path: Path, client) -> None:
    server.fail("304")
    with pytest.raises(DownloadError, match="no copy of it is cached"):
        fetch(server, tmp_path / "ICS.csv", client)


def test_a_missing_file_is_an_error(server: LoopbackServer, tmp_path: Path, client) -> None:
    with pytest.raises(DownloadError, match="HTTP 404"):
        download(server.url + "/nothing/here.csv", tmp_path / "ICS.csv", http=client, **FAST)


def test_retry_after_is_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(http, "MAX_RETRY_AFTER", 2.0)
    response = urllib3.HTTPResponse(headers={"Retry-After": "3600"}, status=429)
    assert http._Retry(total=1).get_retry_after(response) == 2.0
