"""Per-source isolation and the sanity gate: a source that fails or shrinks sharply keeps its
previous data, the others go live, and the run says so (status partial, exit code 2)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from etl import cli
from tests.conftest import query, sha256
from tests.loopback import LoopbackServer
from tests.ops.conftest import AS_OF, served_run_id

ISO_STANDARDS = "SELECT * FROM standard WHERE source = 'iso' ORDER BY ALL"


def samr_page(tiny_inputs: Path, folder: Path, *, extra: bool = True) -> Path:
    """The tiny std.samr page, with one more standard when ``extra``: a source that comes through."""
    page = json.loads((tiny_inputs / "samr_search_p0001.json").read_text(encoding="utf-8"))
    if extra:
        page["rows"].append(
            {"id": "a5", "C_STD_CODE": "GB/T 5226.1-2019", "C_C_NAME": "机械电气安全", "STATE": "现行", "ICS": "25.040"}
        )
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "samr_search_p0001.json"
    path.write_text(json.dumps(page, ensure_ascii=False), encoding="utf-8")
    return path


def truncated_deliverables(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "iso_deliverables_metadata.jsonl"
    path.write_text('{"id": 1, "reference": "ISO 1:2000", "currentStage": 6060}\n{"id": 2, "refer', encoding="utf-8")
    return path


def refresh(db: Path, *args: str) -> int:
    return cli.main(["refresh", "--db", str(db), "--as-of", AS_OF.isoformat(), "--progress", "none", *args])


def runs(db: Path, run_id: str) -> dict[str, tuple[str, str]]:
    rows = query(db, "SELECT source, status, message FROM etl_run WHERE run_id = ?", [run_id])
    return {source: (status, message) for source, status, message in rows}


def test_a_failing_source_keeps_its_previous_data_and_the_run_is_partial(
    served_db: Path, tiny_inputs: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    iso_before = query(served_db, ISO_STANDARDS)
    cached = (served_db.parent / "cache" / "iso" / "iso_deliverables_metadata.jsonl").read_bytes()
    given = tmp_path / "given"
    truncated_deliverables(given)
    samr_page(tiny_inputs, given)

    assert refresh(served_db, "--from", str(given)) == cli.EXIT_PARTIAL

    run_id = served_run_id(served_db)
    logged = runs(served_db, run_id)
    assert logged["iso"][0] == "failed" and "truncated" in logged["iso"][1]
    assert "previous data is kept" in logged["iso"][1]
    assert logged["samr"][0] == "ok"
    assert logged["build"][0] == "partial" and "source iso failed" in logged["build"][1]
    assert query(served_db, ISO_STANDARDS) == iso_before
    assert query(served_db, "SELECT count(*) FROM standard WHERE reference = 'GB/T 5226.1-2019'") == [(1,)]
    # the file that broke the source never reaches the cache
    assert (served_db.parent / "cache" / "iso" / "iso_deliverables_metadata.jsonl").read_bytes() == cached
    err = capsys.readouterr().err
    assert "status=partial exit=2" in err and "is partial: source iso failed" in err


def test_strict_fails_the_whole_run_instead(served_db: Path, tiny_inputs: Path, tmp_path: Path) -> None:
    before = sha256(served_db)
    given = tmp_path / "given"
    truncated_deliverables(given)
    samr_page(tiny_inputs, given)

    assert refresh(served_db, "--from", str(given), "--strict") == cli.EXIT_FAILED

    assert sha256(served_db) == before
    failure = json.loads((served_db.parent / "standards.failures.jsonl").read_text().splitlines()[-1])
    assert failure["status"] == "failed" and "truncated" in failure["message"]
    assert failure["sources"] == ["iso", "samr"]


def test_a_failing_source_without_previous_data_does_not_stop_the_others(tiny_inputs: Path, tmp_path: Path) -> None:
    db = tmp_path / "fresh" / "standards.duckdb"
    (tiny_inputs / "samr_search_p0001.json").write_text("", encoding="utf-8")

    assert refresh(db, "--from", str(tiny_inputs)) == cli.EXIT_PARTIAL

    logged = runs(db, served_run_id(db))
    assert logged["samr"][0] == "failed" and "it has no previous data" in logged["samr"][1]
    assert query(db, "SELECT DISTINCT source FROM standard") == [("iso",)]


def test_a_run_in_which_no_asked_for_source_comes_through_fails(served_db: Path, tmp_path: Path) -> None:
    before = sha256(served_db)

    assert refresh(served_db, "--from", str(truncated_deliverables(tmp_path / "given"))) == cli.EXIT_FAILED

    assert sha256(served_db) == before


def test_a_failed_download_keeps_the_source_on_its_cached_inputs(
    served_db: Path, tiny_inputs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    iso_before = query(served_db, ISO_STANDARDS)
    with LoopbackServer({}) as server:  # nothing published: every ISO file answers 404
        monkeypatch.setenv("ISO_OPENDATA_BASE_URL", server.url + "/opendata/_latest")
        code = refresh(
            served_db, "--source", "iso", "--source", "samr", "--from", str(samr_page(tiny_inputs, tmp_path))
        )

    assert code == cli.EXIT_PARTIAL
    status, message = runs(served_db, served_run_id(served_db))["iso"]
    assert status == "failed" and "download failed" in message and "HTTP 404" in message
    assert "cached inputs were loaded instead" in message
    assert query(served_db, ISO_STANDARDS) == iso_before


def test_a_source_that_cannot_download_and_has_no_cache_is_still_in_the_run_log(
    tiny_inputs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "fresh" / "standards.duckdb"
    with LoopbackServer({}) as server:
        monkeypatch.setenv("ISO_OPENDATA_BASE_URL", server.url + "/opendata/_latest")
        code = refresh(db, "--source", "iso", "--source", "samr", "--from", str(samr_page(tiny_inputs, tmp_path)))

    assert code == cli.EXIT_PARTIAL
    status, message = runs(db, served_run_id(db))["iso"]
    assert status == "failed" and "it has no earlier inputs" in message


def shrunk_deliverables(tiny_inputs: Path, folder: Path) -> Path:
    """The tiny deliverables cut down to one standard: 5 ISO standards fall to 1."""
    folder.mkdir(parents=True, exist_ok=True)
    first = (tiny_inputs / "iso_deliverables_metadata.jsonl").read_text(encoding="utf-8").splitlines()[0]
    path = folder / "iso_deliverables_metadata.jsonl"
    path.write_text(first + "\n", encoding="utf-8")
    return path


def test_a_source_that_shrinks_sharply_is_held_back(served_db: Path, tiny_inputs: Path, tmp_path: Path) -> None:
    iso_before = query(served_db, ISO_STANDARDS)
    given = tmp_path / "given"
    shrunk_deliverables(tiny_inputs, given)
    samr_page(tiny_inputs, given)

    assert refresh(served_db, "--from", str(given)) == cli.EXIT_PARTIAL

    status, message = runs(served_db, served_run_id(served_db))["iso"]
    assert status == "held_back"
    assert "standards fell from 5 to 1 (more than 50%)" in message and "--accept-drops" in message
    assert query(served_db, ISO_STANDARDS) == iso_before
    assert query(served_db, "SELECT count(*) FROM standard WHERE reference = 'GB/T 5226.1-2019'") == [(1,)]

    # the operator confirms the fall is real
    assert refresh(served_db, "--from", str(given), "--accept-drops") == cli.EXIT_OK
    assert query(served_db, "SELECT count(*) FROM standard WHERE source = 'iso'") == [(1,)]
    assert runs(served_db, served_run_id(served_db))["iso"][0] == "ok"


def test_the_share_that_trips_the_gate_is_configurable(
    served_db: Path, tiny_inputs: Path, tmp_path: Path, config_file: Path
) -> None:
    config_file.write_text("[etl]\nmax_drop_share = 0.9\n", encoding="utf-8")

    assert refresh(served_db, "--from", str(shrunk_deliverables(tiny_inputs, tmp_path / "given"))) == cli.EXIT_OK

    assert query(served_db, "SELECT count(*) FROM standard WHERE source = 'iso'") == [(1,)]


def test_strict_turns_a_hold_back_into_a_failed_run(served_db: Path, tiny_inputs: Path, tmp_path: Path) -> None:
    before = sha256(served_db)
    given = tmp_path / "given"
    shrunk_deliverables(tiny_inputs, given)
    samr_page(tiny_inputs, given)

    assert refresh(served_db, "--from", str(given), "--strict") == cli.EXIT_FAILED

    assert sha256(served_db) == before


def test_a_broken_configuration_is_a_usage_error(
    served_db: Path, config_file: Path, capsys: pytest.CaptureFixture
) -> None:
    config_file.write_text("[etl]\nmax_drop_shares = 0.9\n", encoding="utf-8")

    assert refresh(served_db, "--offline") == cli.EXIT_USAGE

    assert "unknown [etl] keys ['max_drop_shares']" in capsys.readouterr().err
