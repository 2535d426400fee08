"""The data layer: read-only, parameterised, cached per served file, safe across a swap."""

from __future__ import annotations

import os
import re
from pathlib import Path

import duckdb
import pytest

from dashboard import data
from tests.dashboard.apptest import assert_clean, metrics, open_app
from tests.dashboard.fixture_db import build_fixture_db


def _rebuild_with_current_standards(path: Path, value: int) -> Path:
    build_fixture_db(path, with_failures=False)
    with duckdb.connect(str(path)) as con:
        con.execute(
            "UPDATE mart_kpi SET value = ? WHERE kpi = 'current_standards' AND sector IS NULL",
            [value],
        )
    return path


def test_swapped_file_shows_new_data_on_next_run(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    served = _rebuild_with_current_standards(tmp_path / "standards.duckdb", 9)
    monkeypatch.setenv("STANDARDS_DB", str(served))
    at = open_app("overview", lang="en")
    assert metrics(at)["Current standards"] == "9"

    # What the ETL does: build elsewhere, then rename over the served file.
    fresh = _rebuild_with_current_standards(tmp_path / "build" / "next.duckdb", 42)
    os.replace(fresh, served)
    at.run()

    assert_clean(at)
    assert metrics(at)["Current standards"] == "42"


def test_stale_identity_is_refused(monkeypatch: pytest.MonkeyPatch, fixture_db: Path) -> None:
    monkeypatch.setenv("STANDARDS_DB", str(fixture_db))
    real = data._identity(fixture_db)
    stale = real._replace(mtime_ns=real.mtime_ns - 1)

    with pytest.raises(data.SnapshotChanged):
        data._cached_query(stale, data.SQL_BUILD_INFO, ())


def test_connections_are_read_only(monkeypatch: pytest.MonkeyPatch, fixture_db: Path) -> None:
    monkeypatch.setenv("STANDARDS_DB", str(fixture_db))
    identity = data._identity(fixture_db)

    with pytest.raises(duckdb.InvalidInputException, match="read-only"):
        data._cached_query(identity, "DELETE FROM mart_kpi", ())
    assert data._identity(fixture_db) == identity


@pytest.mark.parametrize("hostile", ["25' OR 1=1 --", '25"; DROP TABLE mart_kpi; --', "%"])
def test_user_values_are_parameters_not_sql(monkeypatch: pytest.MonkeyPatch, fixture_db: Path, hostile: str) -> None:
    monkeypatch.setenv("STANDARDS_DB", str(fixture_db))

    assert data.kpis(hostile).empty
    assert data.standard_list(data.Scope(levels=(hostile,))).empty
    assert data.standard_list(data.Scope(group=hostile)).empty
    assert data.overlap_pairs(data.Scope(sector=hostile), 0.0, [hostile]).empty
    assert data.conversion_gaps(data.Scope(publishers=(hostile,))).empty
    assert len(data.kpis(None)) == 7  # nothing was changed


def test_sql_is_never_built_from_input() -> None:
    """Every query the pages can run is a module constant with only named parameters."""
    source = Path(data.__file__).read_text(encoding="utf-8")
    calls = re.findall(r"(?<![\w])(?<!def )query\(\s*(\w+)", source)
    assert calls, "no query calls found"
    assert set(calls) <= {name for name in dir(data) if name.startswith("SQL_")}


def test_failed_runs_skip_torn_lines(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    served = build_fixture_db(tmp_path / "standards.duckdb")
    monkeypatch.setenv("STANDARDS_DB", str(served))
    sidecar = tmp_path / "standards.failures.jsonl"
    sidecar.write_text(
        sidecar.read_text(encoding="utf-8")
        + '["a list, not a record"]\n'
        + '{"run_id": "r-0004", "status": "failed", "message": "newest", "extra": 1}\n',
        encoding="utf-8",
    )

    failures = data.failed_runs()

    assert failures["run_id"].tolist() == ["r-0004", "r-0003"]
    assert list(failures.columns) == data.FAILURE_COLUMNS


def test_no_sidecar_means_no_failures(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    served = build_fixture_db(tmp_path / "standards.duckdb", with_failures=False)
    monkeypatch.setenv("STANDARDS_DB", str(served))

    assert data.failed_runs().empty


def test_missing_table_is_reported_as_unavailable(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    served = build_fixture_db(tmp_path / "standards.duckdb")
    with duckdb.connect(str(served)) as con:
        con.execute("DROP TABLE mart_conversion")
    monkeypatch.setenv("STANDARDS_DB", str(served))

    with pytest.raises(data.DataUnavailable, match="mart_conversion"):
        data.conversion_gaps(data.EVERYTHING)
