"""First start: no served database yet, so the app builds the demo one through the ETL.

The ETL is replaced by small scripts that behave like it does (progress lines, exit codes),
so these tests exercise the dashboard's side of the contract without a full build.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from dashboard.components import bootstrap
from tests.dashboard.apptest import assert_clean, metrics, open_app, texts


def _fake_etl(monkeypatch: pytest.MonkeyPatch, script: str, *args: str) -> None:
    monkeypatch.setattr(
        bootstrap,
        "demo_build_command",
        lambda path: [sys.executable, "-c", script, str(path), *args],
    )


COPY_FIXTURE = """
import shutil, sys
print("progress 0/2 generating demo inputs", flush=True)
print("some other output", flush=True)
print("progress 1/2 building marts", flush=True)
shutil.copyfile(sys.argv[2], sys.argv[1])
print("progress 2/2 done", flush=True)
"""

LOCKED = """
import sys
print("standards-etl: another run holds the lock: pid 4242 (standards-etl refresh) since "
      "2025-06-30T02:00:00", file=sys.stderr)
sys.exit(3)
"""

FAILS = """
import sys
print("progress 0/3 generating demo inputs", flush=True)
print("Traceback (most recent call last):\\nRuntimeError: demo generator exploded",
      file=sys.stderr)
sys.exit(1)
"""


@pytest.fixture
def missing_db(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    path = tmp_path / "fresh" / "standards.duckdb"
    path.parent.mkdir()
    monkeypatch.setenv("STANDARDS_DB", str(path))
    return path


def test_first_start_builds_then_shows_the_dashboard(
    monkeypatch: pytest.MonkeyPatch, missing_db: Path, fixture_db: Path
) -> None:
    _fake_etl(monkeypatch, COPY_FIXTURE, str(fixture_db))

    at = open_app("overview", lang="en")

    assert missing_db.exists()
    assert_clean(at)
    assert texts(at.title) == ["Overview"]
    assert metrics(at)["Current standards"] == "9"


def test_lock_held_elsewhere_shows_holder_and_retry(
    monkeypatch: pytest.MonkeyPatch, missing_db: Path, fixture_db: Path
) -> None:
    _fake_etl(monkeypatch, LOCKED)

    at = open_app("overview", lang="en")

    assert not at.exception
    assert "Another ETL process is running" in texts(at.warning)[0]
    assert any("pid 4242" in block for block in texts(at.code))
    assert [button.label for button in at.button] == ["Retry"]

    # The other run finishes; retrying now builds and opens the dashboard.
    _fake_etl(monkeypatch, COPY_FIXTURE, str(fixture_db))
    at.button[0].click().run()

    assert_clean(at)
    assert metrics(at)["Current standards"] == "9"


def test_failed_build_shows_stderr_and_command(monkeypatch: pytest.MonkeyPatch, missing_db: Path) -> None:
    _fake_etl(monkeypatch, FAILS)

    at = open_app("overview", lang="en")

    assert not at.exception
    assert texts(at.error) == ["Building the demo database failed (exit code 1)."]
    blocks = texts(at.code)
    assert any("demo generator exploded" in block for block in blocks)
    assert any(str(missing_db) in block and " -c " in block for block in blocks)
    assert not missing_db.exists()

    # Without a click the failure stays on screen; the build is not retried on every rerun.
    at.run()
    assert texts(at.error) == ["Building the demo database failed (exit code 1)."]


def test_real_command_is_the_documented_one(tmp_path: Path) -> None:
    path = tmp_path / "standards.duckdb"

    assert bootstrap.demo_build_command(path) == [
        sys.executable, "-m", "etl", "demo", "--db", str(path), "--progress", "lines",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("progress 3/10 loading ISO deliverables\n", (3, 10, "loading ISO deliverables")),
        ("progress 10/10 done", (10, 10, "done")),
        ("progress 0/4", (0, 4, "")),
        ("Progress bar 3/10", None),
        ("loaded 3/10 files", None),
    ],
)
def test_progress_lines(line: str, expected: tuple[int, int, str] | None) -> None:
    assert bootstrap.parse_progress(line) == expected


def test_progress_is_reported_in_order(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fixture_db: Path) -> None:
    _fake_etl(monkeypatch, COPY_FIXTURE, str(fixture_db))
    seen: list[tuple[int, int, str]] = []

    outcome = bootstrap.run_demo_build(tmp_path / "standards.duckdb", lambda *s: seen.append(s))

    assert outcome.returncode == 0
    assert seen == [(0, 2, "generating demo inputs"), (1, 2, "building marts"), (2, 2, "done")]
    assert outcome.stdout_tail == ["some other output"]
