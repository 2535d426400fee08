"""The ISO source against a real HTTP server on loopback that serves the real files under the
official URL layout, reached through the source's normal base-URL setting."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from etl import build, http
from etl.build import BuildError
from etl.sources import iso
from tests.conftest import query, realdata
from tests.loopback import LoopbackServer

BASE = "/opendata/_latest"
DELIVERABLES = f"{BASE}/{iso.DOWNLOADS['iso_deliverables_metadata.jsonl']}"
COMMITTEES = f"{BASE}/{iso.DOWNLOADS['iso_technical_committees.jsonl']}"
ICS = f"{BASE}/{iso.DOWNLOADS['ICS.csv']}"
PUBLISHED = datetime(2025, 6, 11, 8, 0, tzinfo=UTC)  # Last-Modified of the served files


def publish(source: Path, target: Path) -> Path:
    """A copy of a real file, dated like a release."""
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    os.utime(target, (PUBLISHED.timestamp(), PUBLISHED.timestamp()))
    return target


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("release")
    return {
        DELIVERABLES: publish(realdata("iso", "reconstructed", "iso_deliverables_metadata.jsonl"), folder / "d.jsonl"),
        COMMITTEES: publish(
            realdata("iso", "metanorma_iso-data-importer", "iso_technical_committees.jsonl"), folder / "c.jsonl"
        ),
        ICS: publish(realdata("iso", "H3xano_iso-data-importer", "ICS.csv"), folder / "ICS.csv"),
    }


@pytest.fixture
def fast_http(monkeypatch: pytest.MonkeyPatch) -> None:
    """Short read timeout and backoff, so that stalls and retries cost fractions of a second."""
    monkeypatch.setattr(http, "TIMEOUT", (2.0, 0.5))
    monkeypatch.setattr(http, "STREAM_BACKOFF", 0.01)
    monkeypatch.setattr(http, "_SESSION", http.session(retries=2, backoff=0.01))


@contextmanager
def serve(routes: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> Iterator[LoopbackServer]:
    with LoopbackServer(routes, stall_seconds=3.0) as server:
        monkeypatch.setenv(iso.BASE_URL_ENV, server.url + BASE)
        yield server


@pytest.fixture
def server(release: dict[str, Path], monkeypatch: pytest.MonkeyPatch, fast_http: None) -> Iterator[LoopbackServer]:
    with serve(release, monkeypatch) as running:
        yield running


def test_the_live_urls_are_iso_open_data_by_default(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(iso.BASE_URL_ENV, raising=False)
    monkeypatch.setenv("STANDARDS_CONFIG", str(tmp_path / "absent.toml"))
    assert iso.base_url() == iso.DEFAULT_BASE_URL
    assert iso.URLS["iso_deliverables_metadata.jsonl"] == (
        "https://isopublicstorageprod.blob.core.windows.net/opendata/_latest/"
        "iso_deliverables_metadata/json/iso_deliverables_metadata.jsonl"
    )
    config = tmp_path / "standards.toml"
    config.write_text('[iso]\nbase_url = "http://mirror.example/opendata/_latest/"\n')
    assert iso.base_url(tmp_path / "cache" / "iso") == "http://mirror.example/opendata/_latest"
    monkeypatch.setenv(iso.BASE_URL_ENV, "http://other.example/x")
    assert iso.base_url(tmp_path / "cache" / "iso") == "http://other.example/x"


def test_nightly_refresh_downloads_then_finds_nothing_new(server: LoopbackServer, tmp_path: Path) -> None:
    server.fail("500", path=DELIVERABLES)  # a hiccup of the storage, retried
    server.fail("stall", path=ICS)  # a body that stops halfway, fetched again
    db = tmp_path / "standards.duckdb"
    build.refresh(db, sources=["iso"], as_of=date(2026, 1, 1), progress="none")

    assert [(s.path, s.status, s.fault) for s in server.seen if s.fault] == [
        (DELIVERABLES, 500, "500"),
        (ICS, 200, "stall"),
    ]
    cache = db.parent / "cache" / "iso"
    assert sorted(p.name for p in cache.iterdir()) == [
        "ICS.csv",
        "ICS.csv.meta.json",
        "iso_deliverables_metadata.jsonl",
        "iso_deliverables_metadata.jsonl.meta.json",
        "iso_technical_committees.jsonl",
        "iso_technical_committees.jsonl.meta.json",
    ]
    meta = json.loads((cache / "iso_technical_committees.jsonl.meta.json").read_text())
    assert meta["url"] == server.url + COMMITTEES and meta["etag"]
    assert query(db, "SELECT count(*) FROM standard") == [(49_535,)]
    # the snapshot is dated by the file's Last-Modified, not by the run
    assert query(db, "SELECT DISTINCT as_of FROM membership") == [(date(2025, 6, 11),)]

    seen = len(server.seen)
    build.refresh(db, sources=["iso"], as_of=date(2026, 1, 2), progress="none")
    assert sorted((s.path, s.status) for s in server.seen[seen:]) == sorted(
        [(DELIVERABLES, 304), (COMMITTEES, 304), (ICS, 304)]
    )
    runs = query(db, "SELECT status, rows_loaded FROM etl_run WHERE source = 'iso' ORDER BY finished_at")
    assert [status for status, _ in runs] == ["ok", "unchanged"] and runs[0][1] == runs[1][1]
    assert query(db, "SELECT count(*) FROM standard") == [(49_535,)]
    assert query(db, "SELECT DISTINCT as_of FROM membership") == [(date(2025, 6, 11),)]


def test_a_download_that_breaks_the_build_never_replaces_the_cached_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fast_http: None
) -> None:
    release = tmp_path / "release"
    routes = {
        DELIVERABLES: publish(realdata("iso", "metanorma_iso-data-importer", "88821-88915.jsonl"), release / "d.jsonl"),
        COMMITTEES: publish(
            realdata("iso", "metanorma_iso-data-importer", "iso_technical_committees.jsonl"), release / "c.jsonl"
        ),
        ICS: publish(realdata("iso", "H3xano_iso-data-importer", "ICS.csv"), release / "ICS.csv"),
    }
    with serve(routes, monkeypatch) as server:
        server.fail("truncate", path=COMMITTEES)  # cut off once, then whole
        db = tmp_path / "served" / "standards.duckdb"
        build.refresh(db, sources=["iso"], as_of=date(2026, 1, 1), progress="none")
        cache = db.parent / "cache" / "iso"
        good = {p.name: p.read_bytes() for p in cache.iterdir()}
        served = db.read_bytes()

        # a new release that downloads fine but holds no loadable deliverable
        routes[DELIVERABLES].write_text('{"id": 1}\n{"id": 2}\n')
        with pytest.raises(BuildError, match="standard is empty|standards fell"):
            build.refresh(db, sources=["iso"], as_of=date(2026, 1, 2), progress="none")
        assert {p.name: p.read_bytes() for p in cache.iterdir()} == good
        assert db.read_bytes() == served

        # an error page instead of the file
        server.fail("html", path=ICS, times=5)
        with pytest.raises(BuildError, match="HTML page"):
            build.refresh(db, sources=["iso"], as_of=date(2026, 1, 3), progress="none")
        assert {p.name: p.read_bytes() for p in cache.iterdir()} == good
        assert db.read_bytes() == served
        assert list((db.parent / "build").iterdir()) == []
