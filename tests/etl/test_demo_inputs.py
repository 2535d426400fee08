"""The demo generator: real source formats, deterministic output, planted findings present."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from etl.sources.demo_inputs import DEMO_SNAPSHOTS, write_demo_inputs

DELIVERABLE_KEYS = [
    "id",
    "deliverableType",
    "supplementType",
    "reference",
    "title",
    "publicationDate",
    "edition",
    "icsCode",
    "ownerCommittee",
    "currentStage",
    "replaces",
    "replacedBy",
    "languages",
    "pages",
    "scope",
]
COMMITTEE_KEYS = [
    "id",
    "reference",
    "status",
    "title",
    "secretariat",
    "creationDate",
    "scope",
    "parentId",
    "childrenId",
    "pMembers",
    "oMembers",
    "committeeLiaisons",
    "organizationLiaisons",
    "sortKey",
]
SAMR_KEYS = {
    "id",
    "C_STD_CODE",
    "C_C_NAME",
    "C_E_NAME",
    "STATE",
    "STD_NATURE",
    "STD_DOMAIN",
    "TABLE_NAME",
    "ICS",
    "CCS",
    "ISSUE_DATE",
    "ACT_DATE",
    "TOTAL_REPE",
    "ADOPT_NO",
    "ADOPT_LEVEL",
    "TA_CODE",
    "TA_NAME",
    "CD_NAME",
    "PLAN_CODE",
}
STAGE = re.compile(r"^(00|10|20|30|40|50|60|90|95)\d\d$")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo_inputs")
    paths = write_demo_inputs(out)
    assert paths == sorted(paths)
    assert all(p.parent == out and p.is_file() for p in paths)
    return out


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def _deliverables(folder: Path) -> list[dict]:
    with (folder / "iso_deliverables_metadata.jsonl").open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def _committees(folder: Path, as_of: str) -> list[dict]:
    with (folder / f"iso_technical_committees_{as_of}.jsonl").open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def _samr_pages(folder: Path) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("samr_search_p*.json"))]


def _samr_rows(folder: Path) -> list[dict]:
    return [row for page in _samr_pages(folder) for row in page["rows"]]


def _normalised_title(title: str) -> str:
    """Highlight tags, full-width forms, spaces and punctuation removed."""
    text = unicodedata.normalize("NFKC", re.sub(r"<[^>]+>", "", title))
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LN")


def test_same_seed_and_scale_give_byte_identical_files(demo: Path, tmp_path: Path) -> None:
    write_demo_inputs(tmp_path / "again")
    assert _digests(tmp_path / "again") == _digests(demo)


def test_another_seed_gives_other_data(tmp_path: Path) -> None:
    write_demo_inputs(tmp_path / "a", seed=1, scale=0.1)
    write_demo_inputs(tmp_path / "b", seed=2, scale=0.1)
    a, b = _digests(tmp_path / "a"), _digests(tmp_path / "b")
    assert a["iso_deliverables_metadata.jsonl"] != b["iso_deliverables_metadata.jsonl"]


def test_file_names_are_the_contract(demo: Path) -> None:
    names = sorted(p.name for p in demo.iterdir())
    pages = [n for n in names if n.startswith("samr_search_p")]
    assert names == sorted(
        ["ICS.csv", "iso_deliverables_metadata.jsonl"]
        + [f"iso_technical_committees_{d}.jsonl" for d in DEMO_SNAPSHOTS]
        + pages
    )
    assert pages == [f"samr_search_p{i:04d}.json" for i in range(1, len(pages) + 1)]


def test_ics_csv_has_bom_quoted_values_and_the_40_fields(demo: Path) -> None:
    raw = (demo / "ICS.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfidentifier,parent,titleEn,titleFr,scopeEn,scopeFr\n")
    text = raw.decode("utf-8-sig")
    for line in text.splitlines()[1:]:
        # Every non-empty value is double-quoted, empty ones are bare.
        assert re.fullmatch(r'(?:"(?:[^"]|"")*"|)(?:,(?:"(?:[^"]|"")*"|)){5}', line), line
    rows = list(csv.DictReader(io.StringIO(text)))
    fields = [r for r in rows if not r["parent"]]
    assert len(fields) == 40
    assert {r["identifier"] for r in fields} >= {"01", "25", "35", "97"}
    assert next(r for r in fields if r["identifier"] == "25")["titleEn"] == "Manufacturing engineering"
    codes = {r["identifier"] for r in rows}
    assert all(r["parent"] in codes for r in rows if r["parent"])
    depth = Counter(r["identifier"].count(".") for r in rows)
    assert 320 <= depth[1] <= 480 and depth[2] > 50
    assert any('""' in line for line in text.splitlines())  # quote escaping is exercised


def test_deliverables_follow_the_official_jsonl_schema(demo: Path) -> None:
    records = _deliverables(demo)
    assert 19_000 <= len(records) <= 21_000
    ids = {r["id"] for r in records}
    assert len(ids) == len(records)
    for record in records:
        assert list(record) == DELIVERABLE_KEYS
        assert isinstance(record["currentStage"], int) and len(str(record["currentStage"])) <= 4
        assert STAGE.match(f"{record['currentStage']:04d}"), record["reference"]
        assert set(record["title"]) == {"en", "fr"} and set(record["pages"]) == {"en"}
        assert all(i in ids for i in (record["replaces"] or []) + (record["replacedBy"] or []))
        if record["supplementType"]:
            assert re.search(r"/(Amd|Cor) \d+:\d{4}$", record["reference"])
    stages = Counter(r["currentStage"] for r in records)
    assert {6060, 9093, 9092, 9599, 4020, 5020} <= set(stages)
    assert any(stage < 100 for stage in stages)  # stage 00.xx lost its leading zeros
    published = [r for r in records if r["publicationDate"]]
    assert all(1975 <= int(r["publicationDate"][:4]) <= 2026 for r in published)
    iec = sum(r["reference"].startswith("IEC ") for r in records)
    assert 0.12 <= iec / len(records) <= 0.28


def test_owner_committees_and_ics_codes_resolve(demo: Path) -> None:
    records = _deliverables(demo)
    ics = {row["identifier"] for row in csv.DictReader(io.StringIO((demo / "ICS.csv").read_text("utf-8-sig")))}
    for as_of in DEMO_SNAPSHOTS:
        references = {c["reference"] for c in _committees(demo, as_of)}
        assert {r["ownerCommittee"] for r in records} <= references
    assert {code for r in records for code in r["icsCode"] or []} <= ics
    assert {row["ICS"] for row in _samr_rows(demo) if row["ICS"]} <= ics


def test_committee_snapshots_evolve(demo: Path) -> None:
    snapshots = {as_of: _committees(demo, as_of) for as_of in DEMO_SNAPSHOTS}
    sac_secretariats = []
    for committees in snapshots.values():
        assert 700 <= len(committees) <= 900
        by_id = {c["id"]: c for c in committees}
        for committee in committees:
            assert list(committee) == COMMITTEE_KEYS
            assert committee["secretariat"]["id"] in {m["id"] for m in committee["pMembers"]}
            assert 5 <= len(committee["pMembers"]) <= 61
            if committee["parentId"]:
                assert committee["id"] in by_id[committee["parentId"]]["childrenId"]
            for child in committee["childrenId"] or []:
                assert by_id[child]["parentId"] == committee["id"]
        members = {m["acronym"] for c in committees for m in c["pMembers"] + (c["oMembers"] or [])}
        assert 150 <= len(members) <= 180
        sac_secretariats.append(sum(c["secretariat"]["acronym"] == "SAC" for c in committees))
        tc306 = next(c for c in committees if c["reference"] == "ISO/TC 306")
        assert (tc306["title"]["en"], tc306["secretariat"]["acronym"]) == ("Foundry machinery", "SAC")
    assert sac_secretariats == sorted(sac_secretariats) and sac_secretariats[-1] - sac_secretariats[0] >= 20
    for earlier, later in zip(DEMO_SNAPSHOTS, DEMO_SNAPSHOTS[1:], strict=False):
        assert snapshots[earlier] != snapshots[later]


def test_samr_pages_carry_the_grand_total(demo: Path) -> None:
    pages = _samr_pages(demo)
    rows = [row for page in pages for row in page["rows"]]
    assert {page["total"] for page in pages} == {len(rows)} and len(rows) == 30_000
    assert all(len(page["rows"]) == 1000 for page in pages[:-1]) and 0 < len(pages[-1]["rows"]) <= 1000
    assert all(SAMR_KEYS <= set(row) for row in rows)
    assert len({row["id"] for row in rows}) == len(rows)
    levels = Counter(row["STD_DOMAIN"] for row in rows)
    assert levels == {"国家标准": 12_000, "行业标准": 9_000, "地方标准": 5_000, "团体标准": 4_000}
    assert all("PROVINCE" in row for row in rows if row["TABLE_NAME"] == "BV_DB")
    assert 0.03 <= sum(isinstance(row["ISSUE_DATE"], int) for row in rows) / len(rows) <= 0.08


def test_samr_rows_include_odd_and_malformed_values(demo: Path) -> None:
    rows = _samr_rows(demo)
    codes = [row["C_STD_CODE"] for row in rows]
    assert 3 <= codes.count("") <= 10
    assert any("—" in code for code in codes)
    assert any(re.match(r"^DB\d+/ \d", code) for code in codes)
    assert any("<sacinfo>" in row["C_C_NAME"] for row in rows)
    assert any(row["ISSUE_DATE"] == "1900-01-01" for row in rows)
    assert 3 <= sum("2020-13-45" in (row["ISSUE_DATE"], row["ACT_DATE"]) for row in rows) <= 10


def test_adoptions_reference_existing_deliverables(demo: Path) -> None:
    by_reference = {r["reference"]: r for r in _deliverables(demo)}
    rows = _samr_rows(demo)
    adopting = [row for row in rows if row["ADOPT_NO"]]
    resolved = [row for row in adopting if row["ADOPT_NO"] in by_reference]
    assert len(resolved) >= 0.95 * len(adopting)
    national = [row for row in rows if row["STD_DOMAIN"] == "国家标准"]
    assert 0.28 <= sum(bool(row["ADOPT_NO"]) for row in national) / len(national) <= 0.42
    degrees = Counter(row["ADOPT_LEVEL"] for row in adopting)
    assert degrees["IDT"] > degrees["MOD"] > degrees["NEQ"] > 0
    current = [row for row in resolved if row["STATE"] in ("现行", "即将实施")]
    lagging = [row for row in current if by_reference[row["ADOPT_NO"]]["currentStage"] == 9599]
    assert 0.08 <= len(lagging) / len(current) <= 0.25


def test_planted_overlaps_and_double_current_editions(demo: Path) -> None:
    rows = [row for row in _samr_rows(demo) if row["STATE"] == "现行" and row["C_STD_CODE"]]
    by_title: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        by_title[_normalised_title(row["C_C_NAME"])].append(row["STD_DOMAIN"])
    cross_level_pairs = sum(
        levels[i] != levels[j] for levels in by_title.values() for i in range(len(levels)) for j in range(i)
    )
    assert cross_level_pairs >= 100
    editions: dict[str, int] = Counter(re.sub(r"-\d{4}$", "", row["C_STD_CODE"]) for row in rows)
    assert sum(count > 1 for base, count in editions.items() if base.startswith("GB")) >= 20


def test_scale_multiplies_standards_but_not_committees(demo: Path, tmp_path: Path) -> None:
    small = tmp_path / "small"
    write_demo_inputs(small, scale=0.1)
    assert 0.08 <= len(_deliverables(small)) / len(_deliverables(demo)) <= 0.12
    assert _samr_pages(small)[0]["total"] == 3_000
    full, reduced = _digests(demo), _digests(small)
    for name in ["ICS.csv", *(f"iso_technical_committees_{d}.jsonl" for d in DEMO_SNAPSHOTS)]:
        assert reduced[name] == full[name]


def test_scale_must_be_positive(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        write_demo_inputs(tmp_path, scale=0)
