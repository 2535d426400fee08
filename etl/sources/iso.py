"""ISO Open Data: deliverables, technical committees (with P/O members) and the ICS tree.

Licence ODC-By 1.0: "Contains information from ISO Open Data, made available under the ODC
Attribution License." Field names and quirks: shared/realdata/iso/SOURCES.md.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from etl.sources import LoadContext, LoadResult

NAME = "iso"

BASE_URL = "https://isopublicstorageprod.blob.core.windows.net/opendata/_latest"
URLS = {
    "iso_deliverables_metadata.jsonl": f"{BASE_URL}/iso_deliverables_metadata/json/iso_deliverables_metadata.jsonl",
    "iso_technical_committees.jsonl": f"{BASE_URL}/iso_technical_committees/json/iso_technical_committees.jsonl",
    "ICS.csv": f"{BASE_URL}/iso_ics/csv/ICS.csv",
}

_DELIVERABLES = re.compile(r"^iso_deliverables_metadata.*\.jsonl$")
_COMMITTEES = re.compile(r"^iso_technical_committees(?:_(\d{4}-\d{2}-\d{2}))?.*\.jsonl$")
_ICS = re.compile(r"^ICS.*\.csv$")


def recognises(path: Path) -> bool:
    return any(p.match(path.name) for p in (_DELIVERABLES, _COMMITTEES, _ICS))


def snapshot_date(path: Path) -> date | None:
    """The as-of date a committee snapshot carries in its cached name."""
    match = _COMMITTEES.match(path.name)
    return date.fromisoformat(match.group(1)) if match and match.group(1) else None


def cache_name(path: Path, as_of: date) -> str:
    """Committee files are snapshots: each as-of date is kept, so history can be rebuilt."""
    if _COMMITTEES.match(path.name) and snapshot_date(path) is None:
        return f"iso_technical_committees_{as_of.isoformat()}{path.suffix}"
    return path.name


def fetch(cache_dir: Path, ctx: LoadContext) -> list[Path]:
    from etl.http import download

    fetched = []
    for name, url in URLS.items():
        target = cache_dir / cache_name(Path(name), ctx.as_of)
        fetched.append(download(url, target, progress=ctx.progress))
    return fetched


def load(files: list[Path], ctx: LoadContext) -> LoadResult:
    result = LoadResult()
    for path in sorted(files):
        if _ICS.match(path.name):
            result.add(load_ics(path, ctx))
        elif _DELIVERABLES.match(path.name):
            result.add(load_deliverables(path, ctx))
        elif _COMMITTEES.match(path.name):
            result.add(load_committees(path, snapshot_date(path) or ctx.as_of, ctx))
    return result


def _count(ctx: LoadContext, sql: str, params: list | None = None) -> int:
    # fetchall, not fetchone: an unfinished result blocks later register() calls on the connection
    return ctx.con.execute(sql, params or []).fetchall()[0][0]


# --- ICS ---------------------------------------------------------------------------------


def load_ics(path: Path, ctx: LoadContext) -> LoadResult:
    ctx.con.execute(
        "CREATE OR REPLACE TEMP TABLE raw_ics AS SELECT * FROM read_csv(?, all_varchar = true, header = true)",
        [str(path)],
    )
    read = _count(ctx, "SELECT count(*) FROM raw_ics")
    ctx.con.execute(
        """INSERT INTO quarantine
           SELECT ?, ?, ?, row_number() OVER (), 'ICS row without identifier', to_json(r)::VARCHAR
           FROM raw_ics r WHERE coalesce(trim(identifier), '') = ''""",
        [ctx.run_id, ctx.source, path.name],
    )
    ctx.con.execute(
        """INSERT INTO stg_sector
           SELECT ?, trim(identifier), nullif(trim(parent), ''), titleEn, titleFr, NULL
           FROM raw_ics WHERE coalesce(trim(identifier), '') <> ''""",
        [ctx.source],
    )
    loaded = _count(ctx, "SELECT count(*) FROM raw_ics WHERE coalesce(trim(identifier), '') <> ''")
    return LoadResult(read, loaded, read - loaded, path.stat().st_size)


# --- Deliverables ------------------------------------------------------------------------

_DELIVERABLE_COLUMNS = """{
    id: 'BIGINT', deliverableType: 'VARCHAR', supplementType: 'VARCHAR', reference: 'VARCHAR',
    title: 'STRUCT(en VARCHAR, fr VARCHAR)', publicationDate: 'VARCHAR', edition: 'INTEGER',
    icsCode: 'VARCHAR[]', ownerCommittee: 'VARCHAR', currentStage: 'INTEGER',
    replaces: 'BIGINT[]', replacedBy: 'BIGINT[]'
}"""

# Why each record may be refused; the first reason that applies is recorded.
_DELIVERABLE_PROBLEM = """CASE
    WHEN id IS NULL THEN 'deliverable without id'
    WHEN coalesce(trim(reference), '') = '' THEN 'deliverable without reference'
    WHEN currentStage IS NULL THEN 'deliverable without currentStage'
    WHEN currentStage < 0 OR currentStage > 9999 THEN 'currentStage out of range'
    WHEN publicationDate IS NOT NULL AND try_cast(publicationDate AS DATE) IS NULL
        THEN 'unreadable publicationDate'
    END"""


def load_deliverables(path: Path, ctx: LoadContext) -> LoadResult:
    con = ctx.con
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE raw_deliverables AS
            SELECT *, {_DELIVERABLE_PROBLEM} AS problem,
                   substr(lpad(currentStage::VARCHAR, 4, '0'), 1, 2) || '.' ||
                   substr(lpad(currentStage::VARCHAR, 4, '0'), 3, 2) AS stage,
                   trim(regexp_replace(reference, ':\\d{{4}}.*$', '')) AS base_ref,
                   try_cast(regexp_extract(reference, ':(\\d{{4}})', 1) AS INTEGER) AS ref_year,
                   regexp_extract(reference, '^([A-Z]+(?:/[A-Z]+)?)', 1) AS prefix
            FROM read_json(?, format = 'newline_delimited', columns = {_DELIVERABLE_COLUMNS})""",  # noqa: S608 - constants only
        [str(path)],
    )
    read = _count(ctx, "SELECT count(*) FROM raw_deliverables")
    con.execute(
        """INSERT INTO quarantine
           SELECT ?, ?, ?, NULL, problem, to_json(r)::VARCHAR
           FROM raw_deliverables r WHERE problem IS NOT NULL""",
        [ctx.run_id, ctx.source, path.name],
    )
    con.execute(
        """CREATE OR REPLACE TEMP TABLE ok_deliverables AS
           SELECT * FROM raw_deliverables WHERE problem IS NULL"""
    )
    # Supplements (Amd, Cor …) are not standards: they amend their base document.
    con.execute(
        """INSERT INTO stg_standard_link
           SELECT ?, 'iso:' || id, regexp_extract(reference, '^([^/]+(?:/[A-Z]+ [^/]+)?)/', 1),
                  NULL, 'amends', NULL
           FROM ok_deliverables WHERE supplementType IS NOT NULL""",
        [ctx.source],
    )
    con.execute(
        """INSERT INTO stg_standard BY NAME
           SELECT ? AS source, 'iso:' || id AS std_id,
                  CASE WHEN prefix LIKE 'ISO/IEC%' OR prefix LIKE 'IEC/ISO%' THEN 'ISO/IEC'
                       WHEN prefix LIKE 'IEC%' THEN 'IEC' ELSE 'ISO' END AS publisher,
                  'international' AS level, trim(reference) AS reference, base_ref,
                  coalesce(ref_year, year(try_cast(publicationDate AS DATE))) AS year,
                  title.en AS title_en, title.fr AS title_fr,
                  stage_status(stage) AS status, stage,
                  try_cast(publicationDate AS DATE) AS published_on,
                  ownerCommittee AS committee_ref, deliverableType AS deliverable_type
           FROM ok_deliverables WHERE supplementType IS NULL""",
        [ctx.source],
    )
    con.execute(
        """INSERT INTO stg_standard_sector
           SELECT DISTINCT ?, 'iso:' || id, trim(code)
           FROM (SELECT id, unnest(icsCode) AS code FROM ok_deliverables WHERE supplementType IS NULL)
           WHERE code IS NOT NULL AND trim(code) <> ''""",
        [ctx.source],
    )
    # replaces/replacedBy name ids; both directions describe the same edge.
    con.execute(
        """INSERT INTO stg_standard_link
           SELECT DISTINCT ?, from_std, NULL, to_std, 'replaces', NULL FROM (
               SELECT 'iso:' || id AS from_std, 'iso:' || unnest(replaces) AS to_std
               FROM ok_deliverables WHERE supplementType IS NULL
               UNION ALL
               SELECT 'iso:' || unnest(replacedBy), 'iso:' || id
               FROM ok_deliverables WHERE supplementType IS NULL)
           WHERE to_std IS NOT NULL
             AND from_std IN (SELECT 'iso:' || id FROM ok_deliverables WHERE supplementType IS NULL)""",
        [ctx.source],
    )
    loaded = _count(ctx, "SELECT count(*) FROM ok_deliverables")
    return LoadResult(read, loaded, read - loaded, path.stat().st_size)


# --- Technical committees ----------------------------------------------------------------

_COMMITTEE_COLUMNS = """{
    id: 'BIGINT', reference: 'VARCHAR', status: 'VARCHAR', title: 'STRUCT(en VARCHAR, fr VARCHAR)',
    secretariat: 'STRUCT(id BIGINT, acronym VARCHAR)', creationDate: 'VARCHAR', parentId: 'BIGINT',
    pMembers: 'STRUCT(id BIGINT, acronym VARCHAR)[]', oMembers: 'STRUCT(id BIGINT, acronym VARCHAR)[]'
}"""


def load_committees(path: Path, as_of: date, ctx: LoadContext) -> LoadResult:
    con = ctx.con
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE raw_committees AS
            SELECT *, CASE WHEN coalesce(trim(reference), '') = '' THEN 'committee without reference'
                           WHEN id IS NULL THEN 'committee without id' END AS problem
            FROM read_json(?, format = 'newline_delimited', columns = {_COMMITTEE_COLUMNS})""",  # noqa: S608 - constants only
        [str(path)],
    )
    read = _count(ctx, "SELECT count(*) FROM raw_committees")
    con.execute(
        """INSERT INTO quarantine
           SELECT ?, ?, ?, NULL, problem, to_json(r)::VARCHAR FROM raw_committees r
           WHERE problem IS NOT NULL""",
        [ctx.run_id, ctx.source, path.name],
    )
    con.execute(
        """INSERT INTO stg_committee
           SELECT ?, trim(c.reference), split_part(trim(c.reference), '/', 1), c.title.en,
                  p.reference, c.secretariat.acronym, try_cast(c.creationDate AS DATE), c.status, ?
           FROM raw_committees c LEFT JOIN raw_committees p ON p.id = c.parentId
           WHERE c.problem IS NULL""",
        [ctx.source, as_of],
    )
    con.execute(
        """INSERT INTO stg_membership
           SELECT DISTINCT ?, ?, reference, member, role FROM (
               SELECT trim(reference) AS reference, secretariat.acronym AS member, 'secretariat' AS role
               FROM raw_committees WHERE problem IS NULL
               UNION ALL
               SELECT trim(reference), unnest(pMembers).acronym, 'P' FROM raw_committees WHERE problem IS NULL
               UNION ALL
               SELECT trim(reference), unnest(oMembers).acronym, 'O' FROM raw_committees WHERE problem IS NULL)
           WHERE member IS NOT NULL AND trim(member) <> ''""",
        [ctx.source, as_of],
    )
    con.execute(
        """INSERT INTO stg_member_body
           SELECT DISTINCT ?, trim(member), NULL, NULL, NULL FROM (
               SELECT secretariat.acronym AS member FROM raw_committees
               UNION ALL SELECT unnest(pMembers).acronym FROM raw_committees
               UNION ALL SELECT unnest(oMembers).acronym FROM raw_committees)
           WHERE member IS NOT NULL AND trim(member) <> ''""",
        [ctx.source],
    )
    loaded = _count(ctx, "SELECT count(*) FROM raw_committees WHERE problem IS NULL")
    return LoadResult(read, loaded, read - loaded, path.stat().st_size)
