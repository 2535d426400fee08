"""The data layer: read-only, parameterised, cached per served file, safe across a swap."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import duckdb
import pandas as pd
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


def test_queries_share_one_connection_until_the_file_is_swapped(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    served = _rebuild_with_current_standards(tmp_path / "standards.duckdb", 9)
    monkeypatch.setenv("STANDARDS_DB", str(served))
    opened: list[str] = []
    connect = data._connect
    monkeypatch.setattr(data, "_connect", lambda path: opened.append(path) or connect(path))

    data.kpis(None)
    data.kpi_history(None)
    data.build_info()
    assert len(opened) == 1  # one connection for every query of a page

    fresh = _rebuild_with_current_standards(tmp_path / "build" / "next.duckdb", 42)
    os.replace(fresh, served)
    data.pin_snapshot()  # what the next script run does

    assert data.kpis(None).set_index("kpi").loc["current_standards", "value"] == 42
    assert len(opened) == 2  # the old file's connection was given up for the new file


def test_a_stale_pin_gives_up_the_connection(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    served = _rebuild_with_current_standards(tmp_path / "standards.duckdb", 9)
    monkeypatch.setenv("STANDARDS_DB", str(served))
    identity = data._identity(served)
    data._cached_query(identity, data.SQL_BUILD_INFO, ())
    assert data._Held.identity == identity

    os.replace(_rebuild_with_current_standards(tmp_path / "build" / "next.duckdb", 42), served)

    with pytest.raises(data.SnapshotChanged):
        data._cached_query(identity, data.SQL_KPIS, (("sector", None),))
    assert data._Held.connection is None


def test_an_idle_connection_is_closed(monkeypatch: pytest.MonkeyPatch, fixture_db: Path) -> None:
    monkeypatch.setenv("STANDARDS_DB", str(fixture_db))
    monkeypatch.setattr(data, "IDLE_SECONDS", 0.05)

    data._cached_query(data._identity(fixture_db), "SELECT 'idle' AS probe", ())
    assert data._Held.connection is not None

    deadline = time.monotonic() + 5
    while data._Held.connection is not None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert data._Held.connection is None


@pytest.mark.parametrize("scope", [data.EVERYTHING, data.Scope(sector="25"), data.Scope(sector="77")])
def test_sector_only_queries_match_their_narrowed_form(fixture_db: Path, scope: data.Scope) -> None:
    """A scope that does not narrow skips the subquery over mart_standard; the rows are the same."""
    params = scope.params() | {"min_similarity": 0.0, "kinds": [], "degrees": [], "limit": data.LIST_LIMIT}
    forms = {name: value for name, value in vars(data).items() if isinstance(value, data.ByScope)}
    assert len(forms) >= 10

    def read(sql: str) -> pd.DataFrame:
        wanted = set(re.findall(r"\$(\w+)", sql))
        with duckdb.connect(str(fixture_db), read_only=True) as con:
            return con.execute(sql, {k: v for k, v in params.items() if k in wanted}).df()

    for name, form in forms.items():
        both = [read(form.sector_only), read(form.narrowed)]
        assert both[0].equals(both[1]), name
        assert form.sql(scope) == form.sector_only and form.sql(data.Scope(levels=("national",))) == form.narrowed


def test_a_standard_in_two_sectors_counts_once_overall_and_once_in_each(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Per-sector counts take count(*); that must stay a count of standards."""
    served = build_fixture_db(tmp_path / "standards.duckdb")
    with duckdb.connect(str(served)) as con:
        # ISO 230-1 (iso:1, sector 25, 13.3 years old) is also filed under 77.
        con.execute(
            "INSERT INTO mart_standard SELECT * REPLACE ('77' AS sector) FROM mart_standard WHERE std_id = 'iso:1'"
        )
    monkeypatch.setenv("STANDARDS_DB", str(served))

    assert data.lagging_summary(data.EVERYTHING)["current"] == 9
    assert data.lagging_summary(data.EVERYTHING)["severely_aged"] == 2
    by_sector = data.lagging_shares(data.EVERYTHING).set_index("group")
    assert by_sector.loc["77", "current"] == 4 and by_sector.loc["25", "current"] == 5
    assert data.lagging_shares(data.Scope(sector="77")).set_index("group").loc["international", "current"] == 2
    assert data.current_by_level(data.EVERYTHING).set_index("level").loc["international", "standards"] == 3
    ages = data.age_distribution(data.EVERYTHING)
    assert ages["standards"].sum() == 9
    assert ages.loc[(ages["level"] == "international") & (ages["age"] == 13), "standards"].tolist() == [1]
    listed = data.standard_list(data.EVERYTHING)
    assert listed.loc[listed["reference"] == "ISO 230-1:2012", "sectors"].tolist() == ["25, 77"]
    assert data.overdue_current(data.EVERYTHING)["reference"].is_unique


def test_age_distribution_counts_whole_years(monkeypatch: pytest.MonkeyPatch, fixture_db: Path) -> None:
    monkeypatch.setenv("STANDARDS_DB", str(fixture_db))

    ages = data.age_distribution(data.EVERYTHING)

    # Current standards aged 1.5, 2.9, 4.1, 5.7, 6.2, 7.2, 9.8, 13.3 and 19.4 years.
    assert sorted(ages["age"]) == [1, 2, 4, 5, 6, 7, 9, 13, 19]
    assert set(ages["standards"]) == {1}
    assert ages.loc[ages["age"] == 19, "level"].tolist() == ["national"]
