"""Models whose inputs did not change since the served build are not run again.

Unit tests run a handful of small models through ModelRunner on a copy of a database, the way a
run whose inputs are unchanged starts from a copy of the served build; the build tests check that
such a run gives the very tables a full build gives.
"""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest

from etl import build
from etl.model_runner import ModelError, ModelRunner, previous_runs, read_models
from tests.conftest import DEMO_AS_OF, query

MODELS = {
    "100_item.sql": "CREATE TABLE item AS SELECT * FROM stg_item;",
    # scratch table dropped again: no output of the model, and not read by anyone
    "110_priced.sql": """CREATE TEMP TABLE scratch AS SELECT * FROM item;
        CREATE TEMP TABLE priced AS
        SELECT name, price * (SELECT value::DOUBLE FROM metric_config WHERE key = 'rate') AS price FROM scratch;
        DROP TABLE scratch;""",
    "120_mart_price.sql": "CREATE TABLE mart_price AS SELECT name, round(price, 2) AS price FROM priced;",
    "130_mart_count.sql": """-- reads mart_price only in this comment
        CREATE TABLE mart_count AS SELECT count(*) AS n FROM item;""",
    "140_mart_day.sql": """CREATE TABLE mart_day AS
        SELECT (SELECT value::DATE FROM metric_config WHERE key = 'as_of') AS as_of, count(*) AS n FROM item;""",
    # the same rows for every date of one year
    "150_in_year.sql": """CREATE TABLE in_year AS SELECT count(*) AS n FROM item
        WHERE year((SELECT value::DATE FROM metric_config WHERE key = 'as_of')) = 2026;""",
    "160_mart_in_year.sql": "CREATE TABLE mart_in_year AS SELECT 2 * n AS n2 FROM in_year;",
}


@pytest.fixture
def models(tmp_path: Path) -> list:
    folder = tmp_path / "models"
    folder.mkdir()
    for name, sql in MODELS.items():
        (folder / name).write_text(sql, encoding="utf-8")
    return read_models(sorted(folder.glob("*.sql")))


def first_build(path: Path, models: list) -> None:
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE TABLE stg_item AS SELECT * FROM (VALUES ('a', 1.0), ('b', 2.0)) t(name, price)")
        con.execute("CREATE TABLE metric_config (key VARCHAR, value VARCHAR)")
        con.executemany("INSERT INTO metric_config VALUES (?, ?)", [("rate", "1.5"), ("as_of", "2026-11-01")])
        runner = ModelRunner(con, models)
        runner.run()
        runner.record()
        assert runner.skipped == []


def next_run(path: Path, tmp_path: Path, models: list, *statements: str) -> ModelRunner:
    """Copy the build, change it with ``statements``, run the models on the copy against what it recorded."""
    copy = tmp_path / f"copy-{len(list(tmp_path.glob('copy-*')))}.duckdb"
    shutil.copyfile(path, copy)
    con = duckdb.connect(str(copy))
    for statement in statements:
        con.execute(statement)
    runner = ModelRunner(con, models, previous_runs(con))
    runner.run()
    runner.record()
    con.close()
    return runner


def test_models_read_what_they_name_in_code_not_in_comments(models: list) -> None:
    by_name = {m.name: m for m in models}
    assert by_name["110_priced.sql"].creates == {"priced": "table"}  # scratch was dropped again
    assert by_name["110_priced.sql"].temporary == frozenset({"priced"})
    assert by_name["110_priced.sql"].settings == ("rate",)
    assert "mart_price" not in by_name["130_mart_count.sql"].words


def test_nothing_runs_again_when_nothing_changed(tmp_path: Path, models: list) -> None:
    first_build(tmp_path / "a.duckdb", models)
    timed = "SELECT count(*) FILTER (WHERE seconds IS NOT NULL), count(*) FROM model_run"
    assert query(tmp_path / "a.duckdb", timed) == [(len(MODELS), len(MODELS))]
    runner = next_run(tmp_path / "a.duckdb", tmp_path, models)
    assert runner.ran == []
    assert len(runner.skipped) == len(MODELS)
    assert query(tmp_path / "copy-0.duckdb", timed) == [(0, len(MODELS))]  # reused: no time taken


def test_a_setting_reruns_the_models_reading_it_and_what_their_change_reaches(tmp_path: Path, models: list) -> None:
    first_build(tmp_path / "a.duckdb", models)
    runner = next_run(
        tmp_path / "a.duckdb", tmp_path, models, "UPDATE metric_config SET value = '2' WHERE key = 'rate'"
    )
    # 110 reads the rate; 120 reads what 110 made; 130 and 140 read neither
    assert runner.ran == ["110_priced.sql", "120_mart_price.sql"]
    assert query(tmp_path / "copy-0.duckdb", "SELECT name, price FROM mart_price ORDER BY name") == [
        ("a", 2.0),
        ("b", 4.0),
    ]


def test_a_skipped_producer_of_a_temp_table_runs_again_for_a_consumer_that_changed(
    tmp_path: Path, models: list
) -> None:
    first_build(tmp_path / "a.duckdb", models)
    changed = [m for m in models if m.name != "120_mart_price.sql"]
    changed += read_models_from(tmp_path, {"120_mart_price.sql": "CREATE TABLE mart_price AS SELECT name FROM priced;"})
    changed.sort(key=lambda m: m.name)
    runner = next_run(tmp_path / "a.duckdb", tmp_path, changed)
    assert runner.ran == ["110_priced.sql", "120_mart_price.sql"]
    assert "110_priced.sql" not in runner.skipped


def test_an_unchanged_result_stops_what_follows_from_running(tmp_path: Path, models: list) -> None:
    first_build(tmp_path / "a.duckdb", models)
    # the same staging rows in another order: same digest, so 100 does not run; a new date runs
    # what reads it, and 160 not, because 150 made the same rows for the new date
    runner = next_run(
        tmp_path / "a.duckdb",
        tmp_path,
        models,
        "CREATE OR REPLACE TABLE stg_item AS SELECT * FROM stg_item ORDER BY name DESC",
        "UPDATE metric_config SET value = '2026-11-02' WHERE key = 'as_of'",
    )
    assert runner.ran == ["140_mart_day.sql", "150_in_year.sql"]
    # a real change of the staging rows reaches every model reading them
    runner = next_run(tmp_path / "a.duckdb", tmp_path, models, "INSERT INTO stg_item VALUES ('c', 3.0)")
    assert runner.ran == [m.name for m in models]


def test_a_failing_model_is_named(tmp_path: Path, models: list) -> None:
    broken = read_models_from(tmp_path, {"100_item.sql": "CREATE TABLE item AS SELECT * FROM no_such_table;"})
    with duckdb.connect() as con, pytest.raises(ModelError, match="SQL model 100_item.sql failed"):
        ModelRunner(con, broken).run()


def read_models_from(tmp_path: Path, files: dict[str, str]) -> list:
    folder = tmp_path / f"more-{len(list(tmp_path.glob('more-*')))}"
    folder.mkdir()
    for name, sql in files.items():
        (folder / name).write_text(sql, encoding="utf-8")
    return read_models(sorted(folder.glob("*.sql")))


# -- through the build -------------------------------------------------------------------------


# Columns that name the run, or compare with the run before (which a first build has not).
OWN_COLUMNS = {"quarantine": "run_id", "mart_kpi": "previous_value"}


def tables(db: Path) -> dict[str, list]:
    """Every served table and view, its rows sorted, but the run's own records."""
    own = {"etl_run", "build_info", "kpi_history", "model_run"}
    with duckdb.connect(str(db), read_only=True) as con:
        names = [
            n
            for (n,) in con.execute(
                "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' "
                "UNION SELECT view_name FROM duckdb_views() WHERE NOT internal AND schema_name = 'main'"
            ).fetchall()
            if n not in own
        ]
        found = {}
        for name in names:
            columns = f"* EXCLUDE ({OWN_COLUMNS[name]})" if name in OWN_COLUMNS else "*"
            rows = con.execute(f'SELECT {columns} FROM "{name}"').fetchall()  # noqa: S608 - catalog names
            # floats rounded: parallel sums add in any order
            found[name] = sorted((tuple(round(v, 9) if isinstance(v, float) else v for v in r) for r in rows), key=repr)
        return found


def test_a_next_day_run_on_unchanged_inputs_gives_the_tables_of_a_full_build(tmp_path: Path) -> None:
    later = DEMO_AS_OF + timedelta(days=200)  # far enough for upcoming standards to come into force
    served = tmp_path / "served" / "standards.duckdb"
    build.demo(served, as_of=DEMO_AS_OF, progress="none", scale=0.1)
    summary = build.demo(served, as_of=later, progress="none", scale=0.1)
    assert {r.status for r in summary.sources} == {"unchanged"}
    message = query(served, "SELECT message FROM etl_run WHERE source = 'build' AND run_id = ?", [summary.run_id])
    assert "models unchanged since run" in message[0][0]

    fresh = tmp_path / "fresh" / "standards.duckdb"
    build.demo(fresh, as_of=later, progress="none", scale=0.1)
    assert tables(served) == tables(fresh)
    # the date did move statuses: the comparison is not of two copies of the first build
    statuses = "SELECT count(*) FROM standard WHERE status = 'current'"
    first = tmp_path / "first" / "standards.duckdb"
    build.demo(first, as_of=DEMO_AS_OF, progress="none", scale=0.1)
    assert query(served, statuses) != query(first, statuses)


def test_a_run_on_the_same_day_with_unchanged_inputs_reruns_only_what_reads_the_history(tmp_path: Path) -> None:
    served = tmp_path / "standards.duckdb"
    build.demo(served, as_of=date(2026, 11, 1), progress="none", scale=0.1)
    before = tables(served)
    summary = build.demo(served, as_of=date(2026, 11, 1), progress="none", scale=0.1)
    assert tables(served) == before
    models = {p.name for p in build.MODELS_DIR.glob("*.sql")} - {build.STAGING_MODEL}
    # the KPI model reads the KPI history, and membership the snapshots of the build before
    # (none for the first build): both grew, so those two ran again
    assert models - set(summary.models_reused) == {"150_membership.sql", "300_mart_kpi.sql"}
    runs = query(served, "SELECT count(DISTINCT run_id) FROM etl_run")
    assert runs == [(2,)]
