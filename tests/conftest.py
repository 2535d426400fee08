"""Fixtures shared by the whole suite."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

import duckdb
import pytest

from etl import build

SHARED = Path(__file__).resolve().parents[2] / "shared"
REALDATA = SHARED / "realdata"
DEMO_AS_OF = date(2026, 11, 15)


def query(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    """A read through a fresh read-only connection, as the dashboard reads."""
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def realdata(*parts: str) -> Path:
    """A file of the real-data folder beside the project, or a skip that says why."""
    path = REALDATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"real data not available: {path} is absent (it lives in ../shared/realdata)")
    return path


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The full demo database, built once for the session through the real ETL."""
    db = tmp_path_factory.mktemp("demo") / "standards.duckdb"
    build.demo(db, as_of=DEMO_AS_OF, progress="none")
    return db


def _jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def deliverable(id_: int, reference: str, stage: int, **extra: object) -> dict:
    record = {
        "id": id_,
        "deliverableType": "IS",
        "supplementType": None,
        "reference": reference,
        "title": {"en": f"Title of {reference}", "fr": None},
        "publicationDate": None,
        "edition": 1,
        "icsCode": ["25.040.20"],
        "ownerCommittee": "ISO/TC 39",
        "currentStage": stage,
        "replaces": None,
        "replacedBy": None,
        "languages": ["en"],
        "pages": {"en": 10},
        "scope": {"en": None},
    }
    record.update(extra)
    return record


def committee(
    id_: int, reference: str, secretariat: str, p: list[str], o: list[str], parent: int | None = None
) -> dict:
    return {
        "id": id_,
        "reference": reference,
        "status": "Active",
        "title": {"en": f"Committee {reference}"},
        "secretariat": {"id": 1, "acronym": secretariat},
        "creationDate": "2000-01-01",
        "scope": {"en": None},
        "parentId": parent,
        "childrenId": None,
        "pMembers": [{"id": 1, "acronym": m} for m in p],
        "oMembers": [{"id": 2, "acronym": m} for m in o] or None,
        "committeeLiaisons": None,
        "organizationLiaisons": None,
        "sortKey": reference,
    }


@pytest.fixture
def tiny_inputs(tmp_path: Path) -> Path:
    """A small, hand-checkable set of inputs in the official formats (ISO + std.samr)."""
    return write_tiny_inputs(tmp_path)


def write_tiny_inputs(parent: Path) -> Path:
    """The tiny inputs in ``parent/inputs``, for fixtures of a wider scope than one test."""
    folder = parent / "inputs"
    folder.mkdir()
    (folder / "ICS.csv").write_text(
        "\ufeffidentifier,parent,titleEn,titleFr,scopeEn,scopeFr\n"
        '"25",,"Manufacturing engineering","Ingénierie",,\n'
        '"25.040",25,"Industrial automation systems","Systèmes",,\n'
        '"25.040.20",25.040,"Numerically controlled machines","Machines",,\n'
        '"91",,"Construction materials and building","Matériaux",,\n',
        encoding="utf-8",
    )
    _jsonl(
        folder / "iso_deliverables_metadata.jsonl",
        [
            deliverable(1, "ISO 4413:1998", 9599, publicationDate="1998-06-01", replacedBy=[2]),
            deliverable(2, "ISO 4413:2010", 9093, publicationDate="2010-10-01", replaces=[1]),
            deliverable(3, "ISO 230-1:2012", 6060, publicationDate="2012-03-01"),
            deliverable(4, "ISO 16090-1:2017", 9092, publicationDate="2017-12-01", icsCode=["91.010"]),
            deliverable(5, "ISO 4413:2010/Amd 1:2018", 6060, supplementType="Amd", publicationDate="2018-01-01"),
            deliverable(6, "ISO/DIS 99999", 4020),
            {"id": None, "reference": "ISO 1:2000", "currentStage": 6060},
        ],
    )
    _jsonl(
        folder / "iso_technical_committees.jsonl",
        [
            committee(10, "ISO/TC 39", "SAC", ["SAC", "DIN", "ANSI"], ["BSI"]),
            committee(11, "ISO/TC 39/SC 2", "DIN", ["DIN", "SAC"], ["ANSI"], parent=10),
        ],
    )
    page = {
        "total": 4,
        "rows": [
            {
                "id": "a1",
                "C_STD_CODE": "GB/T 4413—2015",
                "C_C_NAME": "液压传动 系统及其元件的通用规则和安全要求",
                "STATE": "现行",
                "ISSUE_DATE": "2015-05-15",
                "ACT_DATE": "2016-01-01",
                "ICS": "25.040.20",
                "ADOPT_NO": "ISO 4413:1998",
                "ADOPT_LEVEL": "IDT",
                "TOTAL_REPE": "GB/T 4413-2000",
            },
            {
                "id": "a2",
                "C_STD_CODE": "JB/T 9999-2010",
                "C_C_NAME": "液压传动 系统及其元件的通用规则和安全要求",
                "STATE": "现行",
                "ISSUE_DATE": 1262304000000,
                "ICS": "25.040.20",
            },
            {"id": "a3", "C_STD_CODE": "", "C_C_NAME": "无编号", "STATE": "现行"},
            {
                "id": "a4",
                "C_STD_CODE": "GB/T 230.1-2018",
                "C_C_NAME": "机床检验通则 第1部分",
                "STATE": "现行",
                "ISSUE_DATE": "2018-09-17",
                "ICS": "25.040.20",
                "ADOPT_NO": "ISO 230-1:2012",
                "ADOPT_LEVEL": "MOD",
            },
        ],
    }
    (folder / "samr_search_p0001.json").write_text(json.dumps(page, ensure_ascii=False), encoding="utf-8")
    return folder
