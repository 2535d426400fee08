"""Build, then swap: what a run leaves behind when it succeeds, fails or meets another run."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from etl import build, cli
from etl.build import BuildError
from tests.conftest import committee, query, sha256

AS_OF = date(2026, 1, 1)


@pytest.fixture
def built(tmp_path: Path, tiny_inputs: Path) -> Path:
    db = tmp_path / "served" / "standards.duckdb"
    build.refresh(db, inputs=[tiny_inputs], as_of=AS_OF, progress="none")
    return db


def test_build_loads_every_record_or_quarantines_it(built: Path) -> None:
    assert query(built, "SELECT count(*) FROM standard")[0][0] == 8
    reasons = sorted(r for (r,) in query(built, "SELECT reason FROM quarantine"))
    assert reasons == ["deliverable without id", "no standard number"]
    by_source = dict(query(built, "SELECT source, rows_quarantined FROM etl_run WHERE source <> 'build'"))
    assert by_source == {"iso": 1, "samr": 1}


def test_build_keeps_inputs_and_build_folder_beside_the_database(built: Path) -> None:
    folder = built.parent
    assert (folder / "cache" / "iso" / "iso_deliverables_metadata.jsonl").exists()
    assert (folder / "cache" / "iso" / "iso_technical_committees_2026-01-01.jsonl").exists()
    assert (folder / "cache" / "samr" / "samr_search_p0001.json").exists()
    assert list((folder / "build").iterdir()) == []  # the finished build was moved, not copied


def test_failing_model_leaves_served_file_byte_identical(built: Path, tmp_path: Path) -> None:
    before = sha256(built)
    models = tmp_path / "models"
    shutil.copytree(build.MODELS_DIR, models)
    (models / "275_broken.sql").write_text("CREATE TABLE broken AS SELECT * FROM no_such_table;")
    with pytest.raises(BuildError, match="275_broken.sql"):
        build.refresh(built, as_of=AS_OF, progress="none", offline=True, models_dir=models)
    assert sha256(built) == before
    assert list((built.parent / "build").iterdir()) == []
    failure = json.loads((built.parent / "standards.failures.jsonl").read_text().splitlines()[-1])
    assert failure["status"] == "failed" and "275_broken.sql" in failure["message"]


def test_cli_failure_says_what_failed_and_exits_non_zero(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    db = tmp_path / "standards.duckdb"
    code = cli.main(["refresh", "--from", str(tmp_path / "missing"), "--db", str(db)])
    assert code == cli.EXIT_FAILED
    err = capsys.readouterr().err
    assert "no such file or directory" in err and "unchanged" in err
    assert not db.exists()


def test_second_concurrent_run_is_refused_naming_the_holder(
    built: Path, tiny_inputs: Path, capsys: pytest.CaptureFixture
) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from etl.lock import RunLock\n"
            f"with RunLock(Path({str(built.parent / 'standards.lock')!r}), 'nightly refresh'):\n"
            "    print('held', flush=True); time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        before = sha256(built)
        code = cli.main(["refresh", "--from", str(tiny_inputs), "--db", str(built)])
        assert code == cli.EXIT_LOCKED
        err = capsys.readouterr().err
        assert f"pid {holder.pid}" in err and "nightly refresh" in err
        assert sha256(built) == before
    finally:
        holder.kill()
        holder.wait()


def test_lock_is_released_when_the_holder_is_killed(built: Path, tiny_inputs: Path) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import time; from pathlib import Path; from etl.lock import RunLock\n"
            f"RunLock(Path({str(built.parent / 'standards.lock')!r}), 'x').__enter__(); print('held', flush=True)\n"
            "time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "held"
    holder.kill()
    holder.wait()
    time.sleep(0.1)
    build.refresh(built, inputs=[tiny_inputs], as_of=AS_OF, progress="none")


def test_history_is_carried_forward_and_identical_snapshots_add_nothing(built: Path, tmp_path: Path) -> None:
    later = tmp_path / "later"
    later.mkdir()
    (later / "iso_technical_committees.jsonl").write_text(
        json.dumps(committee(10, "ISO/TC 39", "SAC", ["SAC", "DIN", "ANSI", "BSI"], []))
        + "\n"
        + json.dumps(committee(11, "ISO/TC 39/SC 2", "SAC", ["DIN", "SAC", "ANSI"], [], parent=10))
        + "\n"
    )
    build.refresh(built, inputs=[later], as_of=date(2026, 6, 1), progress="none")
    # the same committees again, a month later: nothing new to record
    build.refresh(built, inputs=[later / "iso_technical_committees.jsonl"], as_of=date(2026, 7, 1), progress="none")
    snapshots = [d for (d,) in query(built, "SELECT DISTINCT as_of FROM membership ORDER BY 1")]
    assert snapshots == [date(2026, 1, 1), date(2026, 6, 1)]
    assert query(built, "SELECT count(*) FROM etl_run WHERE source = 'build'")[0][0] == 3
    # participation changes between the two snapshots, from the mart
    bsi = query(
        built,
        "SELECT joined, upgraded_o_to_p, p_count FROM mart_participation "
        "WHERE member = 'BSI' AND as_of = DATE '2026-06-01'",
    )
    assert bsi == [(0, 1, 1)]
    ansi = query(
        built,
        "SELECT upgraded_o_to_p, secretariat_sc FROM mart_participation "
        "WHERE member = 'ANSI' AND as_of = DATE '2026-06-01'",
    )
    assert ansi == [(1, 0)]
    sac = query(
        built,
        "SELECT secretariat_tc, secretariat_sc FROM mart_participation "
        "WHERE member = 'SAC' AND as_of = DATE '2026-06-01'",
    )
    assert sac == [(1, 1)]


def test_history_survives_a_failed_run(built: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "samr_search_p0001.json").write_text("<html>Service unavailable</html>")
    with pytest.raises(BuildError, match="not a std.samr JSON page"):
        build.refresh(built, inputs=[bad], as_of=AS_OF, progress="none")
    assert query(built, "SELECT count(*) FROM etl_run WHERE source = 'build'")[0][0] == 1


def test_status_reports_runs_counts_and_freshness(built: Path, capsys: pytest.CaptureFixture) -> None:
    assert cli.main(["status", "--db", str(built)]) == cli.EXIT_OK
    out = capsys.readouterr().out
    assert "freshness per source" in out and "iso" in out and "samr" in out
    assert "standard " in out and "mart_kpi" in out


def test_a_file_that_breaks_a_run_does_not_enter_the_cache(built: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "samr_search_p0001.json").write_text("<html>Service unavailable</html>")
    with pytest.raises(BuildError):
        build.refresh(built, inputs=[bad], as_of=AS_OF, progress="none")
    build.refresh(built, as_of=AS_OF, progress="none", offline=True)  # the cached inputs still build
    assert query(built, "SELECT count(*) FROM standard")[0][0] == 8
