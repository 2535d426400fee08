"""The ISO Open Data source on the real files of ../shared/realdata/iso and on small files that
carry each quirk of SOURCES.md."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import duckdb
import pytest

from etl import build, cli
from etl.build import MODELS_DIR, STAGING_MODEL, BuildError
from etl.sources import LoadContext, iso
from tests.conftest import query, realdata

AS_OF = date(2026, 1, 1)


@pytest.fixture
def staging() -> Iterator[LoadContext]:
    """An in-memory database with the staging tables, for parsing without a whole build."""
    con = duckdb.connect()
    con.execute((MODELS_DIR / STAGING_MODEL).read_text(encoding="utf-8"))
    iso._prepare(con)
    yield LoadContext(con=con, run_id="test-run", as_of=AS_OF, source="iso")
    con.close()


def rows(ctx: LoadContext, sql: str, params: list | None = None) -> list[tuple]:
    return ctx.con.execute(sql, params or []).fetchall()


def write_jsonl(path: Path, lines: list[object], prefix: str = "") -> Path:
    text = "".join((line if isinstance(line, str) else json.dumps(line, ensure_ascii=False)) + "\n" for line in lines)
    path.write_text(prefix + text, encoding="utf-8")
    return path


def record(id_: int, reference: str, stage: object, **extra: object) -> dict:
    return {
        "id": id_,
        "deliverableType": "IS",
        "supplementType": None,
        "reference": reference,
        "title": {"en": f"Title of {reference}", "fr": None},
        "publicationDate": "2020-01-15",
        "edition": 1,
        "icsCode": ["25.040.20"],
        "ownerCommittee": "ISO/TC 39",
        "currentStage": stage,
        "replaces": None,
        "replacedBy": None,
        "languages": ["en"],
        "pages": {"en": 10},
        "scope": {"en": None},
    } | extra


# --- The real files, end to end ---------------------------------------------------------------


CORE_QUERIES = {
    "standard": "SELECT * EXCLUDE (source) FROM standard ORDER BY std_id",
    "standard_sector": "SELECT * FROM standard_sector ORDER BY ALL",
    "standard_link": "SELECT * FROM standard_link ORDER BY ALL",
}


@pytest.fixture(scope="module")
def done_when_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The issue's "done when" command: the reconstructed folder (all three flavours), the 2025
    committees and ICS.csv, through the CLI."""
    reconstructed = realdata("iso", "reconstructed")
    committees = realdata("iso", "metanorma_iso-data-importer", "iso_technical_committees.jsonl")
    ics = realdata("iso", "H3xano_iso-data-importer", "ICS.csv")
    db = tmp_path_factory.mktemp("done_when") / "standards.duckdb"
    argv = ["refresh", "--source", "iso", "--from", str(reconstructed), "--from", str(committees)]
    argv += ["--from", str(ics), "--as-of", "2025-06-11", "--db", str(db), "--progress", "none"]
    assert cli.main(argv) == cli.EXIT_OK
    return db


def test_done_when_command_builds_what_the_dashboard_shows(done_when_db: Path) -> None:
    (read, loaded, quarantined, message), *_ = query(
        done_when_db, "SELECT rows_read, rows_loaded, rows_quarantined, message FROM etl_run WHERE source = 'iso'"
    )
    assert read == 54_818 + 785 + 1_381 and loaded + quarantined == read
    # the folder holds every flavour of the deliverables: one is loaded, the others are named
    assert "iso_deliverables_metadata.csv not loaded" in message and "parquet not loaded" in message
    for mart in ("mart_standard", "mart_kpi", "mart_conversion", "mart_participation", "mart_committee_members"):
        assert query(done_when_db, f"SELECT count(*) FROM {mart}")[0][0] > 0, mart  # noqa: S608
    # supplements are links, not standards
    assert query(done_when_db, "SELECT count(*) FROM standard WHERE reference LIKE '%/Amd %'") == [(0,)]
    amends = query(done_when_db, "SELECT to_ref, to_std, kind FROM standard_link WHERE from_std = 'iso:88915'")
    assert amends == [("ISO/IEC 19566-7:2022", "iso:78466", "amends")]
    iso9001 = query(done_when_db, "SELECT stage, status FROM standard WHERE std_id = 'iso:62085'")
    assert iso9001 == [("90.92", "current")]
    assert query(done_when_db, "SELECT to_be_revised FROM mart_standard WHERE std_id = 'iso:62085' LIMIT 1") == [
        (True,)
    ]
    replaced = query(
        done_when_db, "SELECT to_std FROM standard_link WHERE from_std = 'iso:62085' AND kind = 'replaces'"
    )
    assert ("iso:46486",) in replaced
    # committees, their sector from their standards, and the 2025 memberships
    assert query(done_when_db, "SELECT secretariat, sector FROM committee WHERE committee_ref = 'ISO/TC 176'") == [
        ("SCC", "03")
    ]
    assert dict(query(done_when_db, "SELECT role, count(*) FROM membership GROUP BY role")) == {
        "P": 16_663,
        "O": 13_954,
        "secretariat": 784,
    }


@pytest.mark.parametrize("flavour", ["csv", "parquet"])
def test_every_deliverables_flavour_gives_identical_core_tables(
    flavour: str, done_when_db: Path, tmp_path: Path
) -> None:
    db = tmp_path / "standards.duckdb"
    inputs = [
        realdata("iso", "reconstructed", f"iso_deliverables_metadata.{flavour}"),
        realdata("iso", "H3xano_iso-data-importer", "ICS.csv"),
    ]
    build.refresh(db, sources=["iso"], inputs=inputs, as_of=date(2025, 6, 11), progress="none")
    for table, sql in CORE_QUERIES.items():
        expected = query(done_when_db, sql)
        assert query(db, sql) == expected, table
        assert len(expected) > 0
    assert query(db, "SELECT count(*) FROM standard")[0][0] == 49_535


def test_committee_snapshots_make_a_participation_history(tmp_path: Path) -> None:
    """The 2026 CSV first, then the 2025 JSONL backfilled with its date."""
    deliverables = realdata("iso", "metanorma_iso-data-importer", "88821-88915.jsonl")
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    shutil.copy(deliverables, inputs / "iso_deliverables_metadata.jsonl")
    shutil.copy(realdata("iso", "H3xano_iso-data-importer", "ICS.csv"), inputs / "ICS.csv")
    db = tmp_path / "served" / "standards.duckdb"
    spring_2026 = realdata("iso", "sigma-standards_sigma-index", "iso_technical_committees.csv")
    june_2025 = realdata("iso", "metanorma_iso-data-importer", "iso_technical_committees.jsonl")
    build.refresh(db, sources=["iso"], inputs=[inputs, spring_2026], as_of=date(2026, 5, 2), progress="none")
    build.refresh(db, sources=["iso"], inputs=[june_2025], as_of=date(2025, 6, 11), progress="none")

    counts = query(db, "SELECT as_of, role, count(*) FROM membership GROUP BY ALL ORDER BY ALL")
    assert counts == [
        (date(2025, 6, 11), "O", 13_954),
        (date(2025, 6, 11), "P", 16_663),
        (date(2025, 6, 11), "secretariat", 784),
        (date(2026, 5, 2), "O", 14_271),
        (date(2026, 5, 2), "P", 17_211),
        (date(2026, 5, 2), "secretariat", 794),
    ]
    tc176 = query(
        db,
        "SELECT as_of, member FROM membership WHERE committee_ref = 'ISO/TC 176' AND role = 'secretariat' ORDER BY 1",
    )
    assert tc176 == [(date(2025, 6, 11), "SCC"), (date(2026, 5, 2), "SN")]
    # the committee table describes each committee as its latest snapshot does
    assert query(db, "SELECT secretariat FROM committee WHERE committee_ref = 'ISO/TC 176'") == [("SN",)]
    assert query(db, "SELECT count(*) FROM committee WHERE committee_ref = 'ISO/TC 352'") == [(1,)]
    sac = query(db, "SELECT as_of, p_count > 0, secretariat_tc > 0 FROM mart_participation WHERE member = 'SAC'")
    assert sorted(sac) == [(date(2025, 6, 11), True, True), (date(2026, 5, 2), True, True)]
    # both snapshot files stay in the cache under their dates
    cached = sorted(p.name for p in (db.parent / "cache" / "iso").glob("iso_technical_committees_*"))
    assert cached == ["iso_technical_committees_2025-06-11.jsonl", "iso_technical_committees_2026-05-02.csv"]


def test_the_2025_committee_csv_in_windows_1252_reads_like_the_jsonl(staging: LoadContext) -> None:
    iso.load([realdata("iso", "H3xano_iso-data-importer", "iso_technical_committees.csv")], staging)
    iso.load_committees(
        realdata("iso", "metanorma_iso-data-importer", "iso_technical_committees.jsonl"), date(2025, 6, 12), staging
    )
    assert any("Windows-1252" in note for note in staging.notes)
    columns = "committee_ref, publisher, title, parent_ref, secretariat, created_on, status"
    csv_rows = rows(staging, f"SELECT {columns} FROM stg_committee WHERE as_of = ? ORDER BY ALL", [AS_OF])  # noqa: S608
    jsonl_rows = rows(staging, f"SELECT {columns} FROM stg_committee WHERE as_of = ? ORDER BY ALL", [date(2025, 6, 12)])  # noqa: S608
    assert len(csv_rows) == 785 and csv_rows == jsonl_rows
    # one day apart, the two copies differ by a handful of P/O changes only
    differing = rows(
        staging,
        """SELECT count(*) FROM (
               (SELECT committee_ref, member, role FROM stg_membership WHERE as_of = ?
                EXCEPT SELECT committee_ref, member, role FROM stg_membership WHERE as_of = ?)
               UNION ALL
               (SELECT committee_ref, member, role FROM stg_membership WHERE as_of = ?
                EXCEPT SELECT committee_ref, member, role FROM stg_membership WHERE as_of = ?))""",
        [AS_OF, date(2025, 6, 12), date(2025, 6, 12), AS_OF],
    )[0][0]
    assert 0 < differing < 30


def test_ics_xml_and_csv_give_the_same_tree(staging: LoadContext) -> None:
    trees = []
    for path in (
        realdata("iso", "H3xano_iso-data-importer", "ICS.csv"),
        realdata("iso", "metanorma_iso-data-importer", "ICS-simple.xml"),
    ):
        staging.con.execute("DELETE FROM stg_sector")
        iso.load_ics(path, staging)
        trees.append(rows(staging, "SELECT code, parent, title_en, title_fr FROM stg_sector ORDER BY code"))
    assert len(trees[0]) == 1381 and trees[0] == trees[1]
    assert sum(parent is None for _, parent, _, _ in trees[0]) == 40


# --- Quirks, one small file each -------------------------------------------------------------------


def test_deliverable_quirks_of_the_jsonl(staging: LoadContext, tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "iso_deliverables_metadata.jsonl",
        [
            record(1, "ISO 1:2000", 98),  # 00.98 lost its leading zeros
            record(2, "ISO 2:2001", 0),
            record(3, "ISO 9001:2015", 9092, replaces=[4], replacedBy=[5, None]),
            record(4, "ISO 9001:2008", 9599),
            record(5, "ISO 9001:2026", 6000, icsCode=[None, " 03.120.10 ", ""]),
            record(
                6,
                "ISO/IEC/IEEE 8802-11:2012/Amd 1:2014",
                6060,
                supplementType="Amd",
            ),
            {k: v for k, v in record(7, "ISO 7:2010", 6060).items() if k != "title"} | {"newField": [1, 2]},
            record(
                8,
                "ISO 8:2010",
                6060,
                scope={
                    "en": '<p class="Mso">A&amp;B<!--[if x]--> &#8212; <b>bold</b></p>\n'
                    "<ul><li>one</li><li>two&nbsp;</li></ul>"
                },
            ),
            '{"id": 9, "reference": "ISO 9:2010", "currentStage": 60',  # cut off
            "",
            "[1, 2]",
            record(10, "ISO 10:2010", "9x"),
            record(11, "ISO 11:2010", 6060, publicationDate="June 2010"),
            record(12, "ISO 12:2010", "60.60", publicationDate="2010-06"),
        ],
        prefix="\ufeff",
    )
    result = iso.load([path], staging)
    assert (result.rows_read, result.rows_loaded, result.rows_quarantined) == (13, 9, 4)  # the blank line is none
    stages = dict(rows(staging, "SELECT std_id, stage || ' ' || status FROM stg_standard"))
    assert stages["iso:1"] == "00.98 withdrawn" and stages["iso:2"] == "00.00 in_development"
    assert stages["iso:3"] == "90.92 current" and stages["iso:4"] == "95.99 withdrawn"
    assert stages["iso:5"] == "60.00 upcoming" and stages["iso:12"] == "60.60 current"
    assert "iso:6" not in stages  # an amendment is no standard ...
    assert rows(staging, "SELECT to_ref, kind FROM stg_standard_link WHERE from_std = 'iso:6'") == [
        ("ISO/IEC/IEEE 8802-11:2012", "amends")  # ... but a link to its base
    ]
    links = rows(staging, "SELECT from_std, to_std FROM stg_standard_link WHERE kind = 'replaces' ORDER BY ALL")
    assert links == [("iso:3", "iso:4"), ("iso:5", "iso:3")]
    assert rows(staging, "SELECT ics_code FROM stg_standard_sector WHERE std_id = 'iso:5'") == [("03.120.10",)]
    assert rows(staging, "SELECT title_en, title_fr FROM stg_standard WHERE std_id = 'iso:7'") == [(None, None)]
    assert rows(staging, "SELECT scope_en FROM stg_standard WHERE std_id = 'iso:8'") == [("A&B — bold\none\ntwo",)]
    assert rows(staging, "SELECT published_on FROM stg_standard WHERE std_id = 'iso:12'") == [(date(2010, 6, 1),)]
    quarantined = rows(staging, "SELECT record_no, reason, record FROM quarantine ORDER BY record_no")
    assert [(n, reason) for n, reason, _ in quarantined] == [
        (9, "not valid JSON"),
        (11, "not a JSON object"),
        (12, "unreadable currentStage"),
        (13, "unreadable publicationDate"),
    ]
    assert quarantined[0][2].startswith('{"id": 9')


def test_deliverables_csv_with_python_lists_new_and_missing_columns(staging: LoadContext, tmp_path: Path) -> None:
    path = tmp_path / "iso_deliverables_metadata.csv"
    path.write_text(
        "id,deliverableType,supplementType,reference,title.en,publicationDate,edition,icsCode,ownerCommittee,"
        "currentStage,replaces,replacedBy,languages,pages.en,scope.en,newColumn\r\n"
        '1,IS,,ISO 1:2000,"One, with a comma",2000-01-01,1,"[\'01.040.25\', None]",ISO/TC 1,9093,,[2],'
        "\"['en', 'fr']\",,\"<p>Scope</p>\",x\r\n"
        "2,IS,,ISO 1:2010,Two,2010-01-01,2,['25.040'],ISO/TC 1,6060,[1],,['en'],,,y\r\n"
        '3,IS,,ISO 3:2010,"Three,extra,cells",2010-01-01,1,[],ISO/TC 1,6060,,,[],,,z,surplus\r\n'
        "4,IS,Cor,ISO 1:2010/Cor 1:2012,,2012-01-01,1,[],ISO/TC 1,6060,,,[],,,\r\n",
        encoding="utf-8",
    )
    result = iso.load([path], staging)
    assert (result.rows_read, result.rows_loaded, result.rows_quarantined) == (4, 3, 1)
    assert rows(staging, "SELECT std_id, title_en, title_fr, scope_en FROM stg_standard ORDER BY 1") == [
        ("iso:1", "One, with a comma", None, "Scope"),
        ("iso:2", "Two", None, None),
    ]
    assert rows(staging, "SELECT std_id, ics_code FROM stg_standard_sector ORDER BY 1") == [
        ("iso:1", "01.040.25"),
        ("iso:2", "25.040"),
    ]
    assert rows(staging, "SELECT from_std, to_ref, to_std, kind FROM stg_standard_link ORDER BY ALL") == [
        ("iso:2", None, "iso:1", "replaces"),
        ("iso:4", "ISO 1:2010", None, "amends"),
    ]
    ((line, reason),) = rows(staging, "SELECT record_no, reason FROM quarantine")
    assert line == 4 and reason.startswith("unreadable CSV row")


def test_committee_csv_lists_are_matched_by_position(staging: LoadContext, tmp_path: Path) -> None:
    path = tmp_path / "iso_technical_committees_2025-06-11.csv"
    header = (
        "id,reference,status,title.en,secretariat.id,secretariat.acronym,creationDate,scope.en,parentId,childrenId,"
        "pMembers.id,pMembers.acronym,oMembers.id,oMembers.acronym,committeeLiaisons.id,sortKey\n"
    )
    path.write_bytes(
        (
            header + '1,ISO/TC 1,Active,Screw threads – caf\u00e9\u2019s,1619,SCC,1947-01-01,"<p>x</p>",,[2],'
            '"[1511, 1619, 999]","[DIN, null, null]",[2064],[BSI],"[5, 6]",ISO/TC 001\n'
            '2,ISO/TC 1/SC 1,Active,Sub,1511,DIN,1990-01-01,,1,,"[1511, 2064]",[DIN],,,,ISO/TC 001/SC 1\n'
        ).encode("cp1252")
    )
    result = iso.load([path], staging)
    assert (result.rows_read, result.rows_loaded, result.rows_quarantined) == (2, 1, 1)
    assert any("Windows-1252" in note for note in staging.notes)
    assert rows(staging, "SELECT committee_ref, title, secretariat, as_of FROM stg_committee") == [
        ("ISO/TC 1", "Screw threads – café’s", "SCC", date(2025, 6, 11))
    ]
    # a null acronym takes the one its id has elsewhere; an unknown one is kept under its id
    assert rows(staging, "SELECT member, role FROM stg_membership ORDER BY ALL") == [
        ("BSI", "O"),
        ("DIN", "P"),
        ("SCC", "P"),
        ("SCC", "secretariat"),
        ("member/999", "P"),
    ]
    assert rows(staging, "SELECT reason FROM quarantine") == [("pMembers.id and pMembers.acronym differ in length",)]


def test_ics_rows_with_bad_identifiers_are_quarantined(staging: LoadContext, tmp_path: Path) -> None:
    path = tmp_path / "ICS.csv"
    path.write_text(
        "\ufeffidentifier,parent,titleEn,titleFr,scopeEn,scopeFr,addedLater\n"
        '"25","","Manufacturing engineering","Ingénierie","","","x"\n'
        '"25.040","","Industrial automation systems","","","","x"\n'
        '"","25","No code","","","","x"\n'
        '"25-040-20","25.040","Bad code","","","","x"\n',
        encoding="utf-8",
    )
    result = iso.load([path], staging)
    assert (result.rows_loaded, result.rows_quarantined) == (2, 2)
    assert rows(staging, "SELECT code, parent, title_fr FROM stg_sector ORDER BY 1") == [
        ("25", None, "Ingénierie"),
        ("25.040", "25", None),  # the parent follows from the code when the file leaves it out
    ]


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE fields [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<fields><field><identifier>01</identifier><title xml:lang="en">&lol4;</title></field></fields>
"""


def test_an_entity_expansion_payload_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "ICS-simple.xml"
    bad.write_text(BILLION_LAUGHS, encoding="utf-8")
    deliverables = write_jsonl(tmp_path / "iso_deliverables_metadata.jsonl", [record(1, "ISO 1:2000", 6060)])
    with pytest.raises(BuildError, match="ICS-simple.xml refused: XML with a DTD or entity declarations"):
        build.refresh(tmp_path / "db" / "standards.duckdb", inputs=[bad, deliverables], as_of=AS_OF, progress="none")
    assert not (tmp_path / "db" / "standards.duckdb").exists()


def test_an_html_page_under_a_data_file_name_fails_the_run_and_keeps_the_served_file(tmp_path: Path) -> None:
    good = write_jsonl(tmp_path / "iso_deliverables_metadata.jsonl", [record(1, "ISO 1:2000", 6060)])
    db = tmp_path / "db" / "standards.duckdb"
    build.refresh(db, inputs=[good], as_of=AS_OF, progress="none")
    before = db.read_bytes()
    (tmp_path / "bad").mkdir()
    html = tmp_path / "bad" / "iso_deliverables_metadata.jsonl"
    html.write_text("<!DOCTYPE html>\n<html><body>Service unavailable</body></html>\n")
    with pytest.raises(BuildError, match="is an HTML page, not a data file"):
        build.refresh(db, inputs=[html], as_of=AS_OF, progress="none")
    assert db.read_bytes() == before


# --- File names, snapshot dates and the choice between flavours -----------------------------------


def test_official_names_and_dated_snapshots_are_recognised(tmp_path: Path) -> None:
    accepted = [
        "iso_deliverables_metadata.jsonl",
        "iso_deliverables_metadata.csv",
        "iso_deliverables_metadata.parquet",
        "iso_technical_committees.jsonl",
        "iso_technical_committees.csv",
        "iso_technical_committees_2025-06-11.jsonl",
        "iso_technical_committees_20250611.csv",
        "ICS.csv",
        "ICS-simple.xml",
    ]
    refused = ["iso_deliverables_metadata.jsonl.meta.json", ".ICS.csv.x1.part", "iso_deliverables.xlsx", "ics.txt"]
    assert all(iso.recognises(Path(name)) for name in accepted)
    assert not any(iso.recognises(Path(name)) for name in refused)
    assert iso.cache_name(Path("iso_technical_committees.csv"), AS_OF) == "iso_technical_committees_2026-01-01.csv"
    assert (
        iso.cache_name(Path("iso_technical_committees_20250611.csv"), AS_OF)
        == "iso_technical_committees_2025-06-11.csv"
    )
    assert iso.cache_name(Path("ICS-simple.xml"), AS_OF) == "ICS-simple.xml"
    downloaded = tmp_path / "iso_technical_committees.jsonl"
    downloaded.write_text("{}\n")
    assert iso.snapshot_date(downloaded) is None
    (tmp_path / "iso_technical_committees.jsonl.meta.json").write_text(
        json.dumps({"last_modified": "Wed, 11 Jun 2025 08:00:00 GMT"})
    )
    assert iso.snapshot_date(downloaded) == date(2025, 6, 11)


def test_one_flavour_is_loaded_the_one_given_in_this_run_first(staging: LoadContext, tmp_path: Path) -> None:
    cached = tmp_path / "cache"
    given = tmp_path / f"{staging.run_id}.inputs"
    for folder in (cached, given):
        folder.mkdir()
    jsonl = write_jsonl(cached / "iso_deliverables_metadata.jsonl", [record(1, "ISO 1:2000", 6060)])
    csv_now = given / "iso_deliverables_metadata.csv"
    csv_now.write_text("id,reference,currentStage\n2,ISO 2:2000,6060\n")
    parquet_cached = cached / "iso_deliverables_metadata.parquet"
    parquet_cached.write_bytes(b"PAR1")
    assert iso._pick([jsonl, parquet_cached], staging) == [jsonl]
    assert iso._pick([jsonl, csv_now, parquet_cached], staging) == [csv_now]
    assert "iso_deliverables_metadata.jsonl not loaded" in staging.notes[-2]


# --- A run with nothing new -------------------------------------------------------------------------


def test_unchanged_inputs_are_not_parsed_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    for source, name in (
        (("metanorma_iso-data-importer", "88821-88915.jsonl"), "iso_deliverables_metadata.jsonl"),
        (
            ("metanorma_iso-data-importer", "iso_technical_committees.jsonl"),
            "iso_technical_committees_2025-06-11.jsonl",
        ),
        (("H3xano_iso-data-importer", "ICS.csv"), "ICS.csv"),
    ):
        shutil.copy(realdata("iso", *source), inputs / name)
    db = tmp_path / "served" / "standards.duckdb"
    build.refresh(db, sources=["iso"], inputs=[inputs], as_of=AS_OF, progress="none")
    tables = ("standard", "standard_link", "sector", "committee", "membership", "stg_standard", "stg_membership")
    before = {t: query(db, f"SELECT * FROM {t} ORDER BY ALL") for t in tables}  # noqa: S608

    def no_parsing(*args: object) -> None:
        raise AssertionError("the ISO files were parsed again")

    monkeypatch.setattr(iso, "load", no_parsing)
    build.refresh(db, sources=["iso"], inputs=[inputs], as_of=AS_OF, progress="none")  # the same files again
    build.refresh(db, offline=True, as_of=AS_OF, progress="none")  # the cached copies
    assert {t: query(db, f"SELECT * FROM {t} ORDER BY ALL") for t in tables} == before  # noqa: S608
    runs = query(db, "SELECT status, rows_loaded, message FROM etl_run WHERE source = 'iso' ORDER BY finished_at")
    assert [status for status, _, _ in runs] == ["ok", "unchanged", "unchanged"]
    assert runs[1][1] == runs[0][1] and "unchanged since run" in runs[1][2]

    monkeypatch.undo()
    (inputs / "iso_deliverables_metadata.jsonl").write_text(
        (inputs / "iso_deliverables_metadata.jsonl").read_text().splitlines()[0] + "\n"
    )
    build.refresh(db, sources=["iso"], inputs=[inputs], as_of=AS_OF, progress="none")
    assert query(db, "SELECT status FROM etl_run WHERE source = 'iso' ORDER BY finished_at DESC LIMIT 1") == [("ok",)]


# --- Member bodies ----------------------------------------------------------------------------------


def test_member_bodies_are_mapped_to_countries_and_unknown_ones_are_listed(
    done_when_db: Path, capsys: pytest.CaptureFixture
) -> None:
    mapping = query(done_when_db, "SELECT member, country, country_code FROM ref_member_bodies")
    assert len({m for m, _, _ in mapping}) == len(mapping)
    assert all(len(code) == 2 and code.isupper() for _, _, code in mapping)
    assert dict((m, c) for m, _, c in mapping)["SAC"] == "CN"
    known, total = query(done_when_db, "SELECT count(country), count(*) FROM member_body")[0]
    assert total == 161 and known / total > 0.9
    assert cli.main(["status", "--db", str(done_when_db)]) == cli.EXIT_OK
    out = capsys.readouterr().out
    unknown = [m for (m,) in query(done_when_db, "SELECT member FROM member_body WHERE country IS NULL ORDER BY 1")]
    assert unknown and f"member bodies without a known country ({len(unknown)}): {', '.join(unknown)}" in out
