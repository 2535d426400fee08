"""Fixtures for the dashboard: a hand-written served database and its isolation."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.components.v2 import manifest_scanner

from dashboard import data
from etl import settings
from tests.dashboard.fixture_db import build_fixture_db


@pytest.fixture(scope="session", autouse=True)
def _scan_installed_components_once() -> Iterator[None]:
    """AppTest looks for custom components in every installed package on every run (~0.15 s).

    The installed packages do not change during a test session, so one scan serves them all.
    """
    original = manifest_scanner.scan_component_manifests
    manifest_scanner.scan_component_manifests = functools.cache(original)
    try:
        yield
    finally:
        manifest_scanner.scan_component_manifests = original


@pytest.fixture(scope="session")
def fixture_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture database, built once; tests only read it."""
    return build_fixture_db(tmp_path_factory.mktemp("served") / "standards.duckdb")


@pytest.fixture(autouse=True)
def _no_connection_between_tests() -> Iterator[None]:
    """Each test starts without the read connection an earlier test's queries left open."""
    data.release()
    yield
    data.release()


@pytest.fixture(autouse=True)
def _isolated_config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Thresholds and language come from the database under test, not a stray config file."""
    empty = tmp_path / "standards.toml"
    empty.write_text("", encoding="utf-8")
    monkeypatch.setenv(settings.CONFIG_ENV, str(empty))


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch, fixture_db: Path) -> Path:
    """Serve the fixture database to the app under test."""
    monkeypatch.setenv(settings.DB_ENV, str(fixture_db))
    return fixture_db
