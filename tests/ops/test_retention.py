"""Retention: leftovers of killed runs go, earlier builds are kept for a rollback up to a cap,
and snapshot files are pruned only once the served database holds their history."""

from __future__ import annotations

import json
import os
from pathlib import Path

from etl import build, retention
from etl.lock import RunLock
from etl.settings import DataDirs, load_config
from tests.conftest import committee, query
from tests.ops.conftest import AS_OF, served_run_id


def leftovers(db: Path) -> list[Path]:
    """What a run killed mid-way leaves: its build file and WAL, staged inputs, a half download."""
    build_dir, cache = db.parent / "build", db.parent / "cache" / "iso"
    build_dir.mkdir(exist_ok=True)
    made = [
        build_dir / "20250101T000000Z-dead00.duckdb",
        build_dir / "20250101T000000Z-dead00.duckdb.wal",
        build_dir / "20250101T000000Z-dead00.inputs" / "iso" / ".ICS.csv.k3j2.part",
        cache / ".iso_deliverables_metadata.jsonl.x1y2.part",
    ]
    for path in made:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"half")
    return made


def test_leftovers_of_killed_runs_are_removed_by_the_next_run(served_db: Path) -> None:
    made = leftovers(served_db)

    build.refresh(served_db, offline=True, as_of=AS_OF, progress="none")

    assert not [p for p in made if p.exists()]
    assert list((served_db.parent / "build").iterdir()) == []


def test_leftovers_stay_while_another_database_in_the_folder_is_being_built(served_db: Path) -> None:
    made = leftovers(served_db)
    other = DataDirs(served_db.with_name("other.duckdb"))

    with RunLock(other.lock, "refresh"):
        assert retention.clean_leftovers(DataDirs(served_db), "20260101T000000Z-abcdef") == []
    assert all(p.exists() for p in made)
    assert len(retention.clean_leftovers(DataDirs(served_db), "20260101T000000Z-abcdef")) == len(made)


def test_earlier_builds_are_kept_for_a_rollback_up_to_keep_builds(served_db: Path, config_file: Path) -> None:
    config_file.write_text("[etl]\nkeep_builds = 2\n", encoding="utf-8")
    served = []
    for _ in range(3):
        served.append((served_run_id(served_db), os.stat(served_db).st_ino))
        build.refresh(served_db, offline=True, as_of=AS_OF, progress="none")

    # oldest first; not by name: run ids of runs within one second do not sort in run order
    kept = sorted((served_db.parent / "previous").iterdir(), key=lambda p: p.stat().st_mtime_ns)
    assert [p.name for p in kept] == [f"standards-{run_id}.duckdb" for run_id, _ in served[1:]]
    # the very files that were served (hard links: no copy), and each opens as it was
    assert [os.stat(p).st_ino for p in kept] == [inode for _, inode in served[1:]]
    assert [served_run_id(p) for p in kept] == [run_id for run_id, _ in served[1:]]

    config_file.write_text("[etl]\nkeep_builds = 0\n", encoding="utf-8")
    build.refresh(served_db, offline=True, as_of=AS_OF, progress="none")
    assert list((served_db.parent / "previous").iterdir()) == []


def snapshot(folder: Path, day: str, p_members: list[str]) -> Path:
    path = folder / f"iso_technical_committees_{day}.jsonl"
    path.write_text(json.dumps(committee(10, "ISO/TC 39", "SAC", p_members, [])) + "\n", encoding="utf-8")
    return path


def test_snapshot_files_are_pruned_only_when_the_served_database_holds_them(
    served_db: Path, tmp_path: Path, config_file: Path
) -> None:
    given = tmp_path / "snapshots"
    given.mkdir()
    snapshot(given, "2025-06-01", ["SAC"])
    snapshot(given, "2026-03-01", ["SAC", "DIN", "BSI"])
    cache = served_db.parent / "cache" / "iso"
    (cache / "iso_technical_committees_2026-01-01.jsonl.meta.json").write_text("{}", encoding="utf-8")
    build.refresh(served_db, inputs=[given], as_of=AS_OF, progress="none")
    dates = query(served_db, "SELECT DISTINCT as_of FROM membership ORDER BY 1")
    assert len(dates) == 3
    snapshots = sorted(p.name for p in cache.glob("iso_technical_committees_*.jsonl"))
    assert len(snapshots) == 3  # keep_cache_files = 0 (the default) keeps every snapshot

    config_file.write_text("[etl]\nkeep_cache_files = 1\n", encoding="utf-8")
    assert load_config(served_db).run.keep_cache_files == 1
    build.refresh(served_db, offline=True, as_of=AS_OF, progress="none")

    assert sorted(p.name for p in cache.glob("iso_technical_committees*")) == [
        "iso_technical_committees_2026-03-01.jsonl"
    ]
    assert (cache / "iso_deliverables_metadata.jsonl").exists() and (cache / "ICS.csv").exists()
    # the history lives on in the database: the next build still has every snapshot
    build.refresh(served_db, offline=True, as_of=AS_OF, progress="none")
    assert query(served_db, "SELECT DISTINCT as_of FROM membership ORDER BY 1") == dates
