"""Corrupt, truncated, wrong-encoding, missing-column and empty input files: each ends in
quarantine or in a clear error, never in a crash without a message, and a failed run never
changes the served database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from etl import cli
from tests.conftest import deliverable, query, sha256
from tests.etl.test_iso import BILLION_LAUGHS
from tests.ops.conftest import AS_OF

TINY_ICS = '"25",,"Manufacturing engineering","Ingénierie",,\n'
SAMR_PAGE = {
    "total": 1,
    "rows": [{"id": "a1", "C_STD_CODE": "GB/T 4413—2015", "C_C_NAME": "液压传动", "STATE": "现行"}],
}

# name -> (file name, content, what stderr says)
REFUSED = {
    "corrupt bytes": (
        "iso_deliverables_metadata.jsonl",
        bytes(range(1, 256)) * 8 + b"\n",
        "iso_deliverables_metadata.jsonl",
    ),
    "corrupt parquet": ("iso_deliverables_metadata.parquet", b"PAR1" + b"\x13\x37" * 100 + b"PAR1", ".parquet"),
    "truncated csv": (
        "iso_technical_committees.csv",
        b'id,reference,status\n10,"ISO/TC 39",Active\n11,"ISO/TC 3',
        "ends in the middle of a record: the file is truncated",
    ),
    "utf-16 csv": (
        "ICS.csv",
        ("identifier,parent,titleEn,titleFr,scopeEn,scopeFr\n" + TINY_ICS).encode("utf-16"),
        "ICS.csv holds NUL bytes",
    ),
    "gb18030 json": (
        "samr_search_p0001.json",
        json.dumps(SAMR_PAGE, ensure_ascii=False).encode("gb18030"),
        "is not a std.samr JSON page",
    ),
    "utf-16 catalog": (
        "catalog_list.csv",
        "标准号,标准名称\nGB/T 1-2020,标准\n".encode("utf-16"),
        "neither UTF-8 nor GB18030 text (reading catalog_list.csv)",
    ),
    "missing column": (
        "iso_deliverables_metadata.csv",
        b"id,currentStage,publicationDate\n1,6060,2020-01-01\n2,6060,2021-01-01\n",
        "standards fell from 5 to 0",
    ),
    "empty csv": ("ICS.csv", b"", "ICS.csv is empty"),
    "empty jsonl": ("iso_deliverables_metadata.jsonl", b"", "iso_deliverables_metadata.jsonl is empty"),
    "empty json": ("samr_search_p0001.json", b"", "samr_search_p0001.json is not a std.samr JSON page"),
    "entity expansion": ("ICS-simple.xml", BILLION_LAUGHS.encode(), "XML with a DTD or entity declarations"),
}


def refresh_from(db: Path, file: Path) -> int:
    return cli.main(
        ["refresh", "--from", str(file), "--db", str(db), "--as-of", AS_OF.isoformat(), "--progress", "none"]
    )


@pytest.mark.parametrize("case", REFUSED)
def test_a_bad_file_fails_the_run_with_a_message_and_the_served_file_stays(
    case: str, served_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    name, content, says = REFUSED[case]
    bad = tmp_path / "bad" / name
    bad.parent.mkdir()
    bad.write_bytes(content)
    before = sha256(served_db)

    assert refresh_from(served_db, bad) == cli.EXIT_FAILED

    err = capsys.readouterr().err
    assert says in err and "is unchanged" in err
    assert "Traceback" not in err
    assert sha256(served_db) == before
    assert not (served_db.parent / "cache" / bad.parent.name).exists()
    assert not any(p.name == name and p.read_bytes() == content for p in (served_db.parent / "cache").rglob("*"))


def test_records_missing_a_field_are_quarantined_and_the_rest_loads(
    served_db: Path, tiny_inputs: Path, tmp_path: Path
) -> None:
    given = tmp_path / "given" / "iso_deliverables_metadata.jsonl"
    given.parent.mkdir()
    no_reference = deliverable(8, "ISO 9999:2020", 6060)
    del no_reference["reference"]
    given.write_text(
        (tiny_inputs / "iso_deliverables_metadata.jsonl").read_text(encoding="utf-8") + json.dumps(no_reference) + "\n",
        encoding="utf-8",
    )

    assert refresh_from(served_db, given) == cli.EXIT_OK

    run_id = query(served_db, "SELECT run_id FROM build_info")[0][0]
    reasons = query(served_db, "SELECT reason FROM quarantine WHERE run_id = ? ORDER BY ALL", [run_id])
    assert ("deliverable without reference",) in reasons


def test_a_file_without_the_key_column_is_quarantined_row_by_row(served_db: Path, tmp_path: Path) -> None:
    ics = tmp_path / "given" / "ICS.csv"
    ics.parent.mkdir()
    ics.write_text("parent,titleEn\n,Generalities\n,Health care technology\n", encoding="utf-8")

    assert refresh_from(served_db, ics) == cli.EXIT_OK

    run_id = query(served_db, "SELECT run_id FROM build_info")[0][0]
    assert query(served_db, "SELECT file, reason FROM quarantine WHERE run_id = ? AND file = 'ICS.csv'", [run_id]) == [
        ("ICS.csv", "ICS row without identifier"),
        ("ICS.csv", "ICS row without identifier"),
    ]
