"""kill -9 at every step of a run, a second run while one holds the lock, and readers querying
the served file while a run swaps a new one in."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from etl import build
from etl.sources import iso
from tests.conftest import query, sha256
from tests.loopback import LoopbackServer
from tests.ops.conftest import AS_OF, ROOT, served_run_id

BASE = "/opendata/_latest"


def assert_intact(db: Path, sha: str, run_id: str) -> None:
    """Byte for byte the file it was, and readable the way the dashboard reads it."""
    assert sha256(db) == sha
    assert served_run_id(db) == run_id
    assert query(db, "SELECT count(*) FROM mart_standard")[0][0] > 0


def assert_next_run_succeeds_and_cleans_up(db: Path, inputs: list[Path], **options: object) -> None:
    before = served_run_id(db)
    summary = build.refresh(db, inputs=inputs, as_of=AS_OF, progress="none", **options)
    assert summary.status == "ok" and served_run_id(db) == summary.run_id != before
    assert list((db.parent / "build").iterdir()) == []  # the killed run's leftovers are gone
    assert not list((db.parent / "cache").rglob(".*.part"))


@pytest.mark.parametrize("step", ["parse", "models", "swap"])
def test_kill_9_at_a_step_leaves_the_served_file_intact(
    step: str, served_db: Path, newer_inputs: Path, start_etl
) -> None:
    sha, run_id = sha256(served_db), served_run_id(served_db)
    run = start_etl("refresh", "--from", str(newer_inputs), "--db", str(served_db), "--progress", "none", pause_at=step)
    run.wait_for(f"paused at {step}")

    run.kill9()

    assert_intact(served_db, sha, run_id)
    assert list((served_db.parent / "build").iterdir()), "the killed run left nothing to clean up"
    assert_next_run_succeeds_and_cleans_up(served_db, [newer_inputs])
    assert query(served_db, "SELECT count(*) FROM standard WHERE reference = 'ISO 10791-7:2020'") == [(1,)]


def test_kill_9_during_a_download_leaves_the_served_file_intact(
    served_db: Path, tiny_inputs: Path, start_etl, monkeypatch: pytest.MonkeyPatch
) -> None:
    sha, run_id = sha256(served_db), served_run_id(served_db)
    routes = {
        f"{BASE}/{iso.DOWNLOADS['iso_deliverables_metadata.jsonl']}": tiny_inputs / "iso_deliverables_metadata.jsonl",
        f"{BASE}/{iso.DOWNLOADS['iso_technical_committees.jsonl']}": tiny_inputs / "iso_technical_committees.jsonl",
        f"{BASE}/{iso.DOWNLOADS['ICS.csv']}": tiny_inputs / "ICS.csv",
    }
    with LoopbackServer(routes, stall_seconds=30.0) as server:
        server.fail("stall")  # the first download sends half its body, then nothing
        monkeypatch.setenv(iso.BASE_URL_ENV, server.url + BASE)
        run = start_etl("refresh", "--source", "iso", "--db", str(served_db), "--progress", "none")
        deadline = time.monotonic() + 30
        while not list((served_db.parent / "build").rglob(".*.part")):
            assert time.monotonic() < deadline and run.process.poll() is None, run.lines
            time.sleep(0.02)

        run.kill9()

        assert [s.fault for s in server.seen] == ["stall"]
        assert_intact(served_db, sha, run_id)
        assert_next_run_succeeds_and_cleans_up(served_db, [], sources=["iso"])


def test_a_second_run_is_refused_naming_the_holder(
    served_db: Path, newer_inputs: Path, start_etl, capsys: pytest.CaptureFixture
) -> None:
    from etl import cli

    first = start_etl(
        "refresh", "--from", str(newer_inputs), "--db", str(served_db), "--progress", "none", pause_at="models"
    )
    first.wait_for("paused at models")
    sha = sha256(served_db)

    code = cli.main(["refresh", "--offline", "--db", str(served_db), "--progress", "none"])

    assert code == cli.EXIT_LOCKED
    err = capsys.readouterr().err
    assert f"pid {first.process.pid}" in err and "(refresh: " in err and str(newer_inputs) in err
    assert sha256(served_db) == sha


READER = """
import json, sys, time
from pathlib import Path
# The dashboard's own read path: each page run pins the file's identity, and its queries go
# through the one read-only connection held for that identity.
from dashboard.data import SnapshotChanged, _cached_query, _identity

db, stop = sys.argv[1], Path(sys.argv[2])
seen, errors, reads = [], [], 0
print("reading", flush=True)
deadline = time.monotonic() + 60
while not stop.exists() and time.monotonic() < deadline:
    try:
        identity = _identity(Path(db))
        run_id = _cached_query(identity, "SELECT run_id FROM build_info", ())["run_id"].iloc[0]
        # A parameter of its own per read, so every read reaches the database, not the cache.
        _cached_query(identity, "SELECT count(*) + $n AS n FROM mart_kpi", (("n", reads),))
        reads += 1
        if not seen or seen[-1] != run_id:
            seen.append(run_id)
            print("seen", run_id, flush=True)
    except SnapshotChanged:
        continue  # swapped mid-page: the dashboard draws the page again from the new file
    except Exception as exc:
        errors.append(f"{type(exc).__name__}: {exc}")
print(json.dumps({"seen": seen, "errors": errors, "reads": reads}))
"""


def test_a_reader_sees_no_error_and_the_new_build_after_the_swap(
    served_db: Path, newer_inputs: Path, tmp_path: Path
) -> None:
    old = served_run_id(served_db)
    stop = tmp_path / "stop"
    with (tmp_path / "reader.err").open("w") as errors:
        reader = subprocess.Popen(
            [sys.executable, "-c", READER, str(served_db), str(stop)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
        )
        try:
            assert reader.stdout.readline().split() == ["reading"]
            assert reader.stdout.readline().split() == ["seen", old]
            new = build.refresh(served_db, inputs=[newer_inputs], as_of=AS_OF, progress="none").run_id
            # Blocks until the reader has read the new build (or it gives up after its 60 s).
            assert reader.stdout.readline().split() == ["seen", new]
        finally:
            stop.touch()
        out, _ = reader.communicate(timeout=30)
    result = json.loads(out)
    assert result["errors"] == [], result["errors"][:5]
    assert result["seen"] == [old, new]
    assert result["reads"] > 5
