"""Checks a build must pass before it may replace the served database."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import duckdb

from etl.settings import Config

# The contract of docs/data-model.md: the dashboard and later tools rely on these columns.
CONTRACT: dict[str, tuple[str, ...]] = {
    "sector": ("code", "parent", "depth", "title_en", "title_fr", "title_zh"),
    "standard": (
        "std_id",
        "publisher",
        "level",
        "reference",
        "base_ref",
        "year",
        "title_en",
        "title_zh",
        "status",
        "stage",
        "published_on",
        "implemented_on",
        "withdrawn_on",
        "committee_ref",
        "source",
    ),
    "standard_sector": ("std_id", "ics_code", "sector"),
    "standard_link": ("from_std", "to_ref", "to_std", "kind", "degree"),
    "committee": ("committee_ref", "publisher", "title", "parent_ref", "secretariat", "created_on", "status"),
    "member_body": ("member", "name", "country", "country_code"),
    "membership": ("as_of", "committee_ref", "member", "role"),
    "etl_run": (
        "run_id",
        "source",
        "started_at",
        "finished_at",
        "status",
        "rows_read",
        "rows_loaded",
        "rows_quarantined",
        "bytes",
        "etag",
        "message",
    ),
    "quarantine": ("run_id", "source", "reason", "record"),
    "mart_standard": (
        "std_id",
        "sector",
        "level",
        "publisher",
        "status",
        "year",
        "age_years",
        "overdue_review",
        "severely_aged",
        "to_be_revised",
    ),
    "mart_overlap": ("std_a", "std_b", "similarity", "kind", "sector", "level_a", "level_b"),
    "mart_adoption": (
        "std_id",
        "sector",
        "adopted_ref",
        "adopted_std_id",
        "degree",
        "counts_as_adoption",
        "adoption_delay_years",
        "lagging_adoption",
    ),
    "mart_conversion": ("std_id", "sector", "adopted", "best_degree"),
    "mart_participation": (
        "as_of",
        "member",
        "p_count",
        "o_count",
        "secretariat_tc",
        "secretariat_sc",
        "active_committees",
        "share_p",
        "joined",
        "left",
        "upgraded_o_to_p",
    ),
    "mart_committee_members": ("as_of", "committee_ref", "secretariat", "p_count", "o_count", "active"),
    "mart_kpi": ("kpi", "sector", "value", "target", "previous_value", "status", "unit"),
}

NOT_EMPTY = ("standard", "mart_standard", "mart_kpi")

UNIQUE_KEYS = {
    "standard": "std_id",
    "sector": "code",
    "committee": "committee_ref",
    "member_body": "member",
    "membership": "as_of, committee_ref, member, role",
    "mart_standard": "std_id, sector",
    "mart_overlap": "std_a, std_b",
    "mart_adoption": "std_id, adopted_ref",
    "mart_conversion": "std_id, sector",
    "mart_participation": "as_of, member",
    "mart_committee_members": "as_of, committee_ref",
    "mart_kpi": "kpi, sector",
}

# Columns of the mart contract that are never null (docs/metrics.md says what each holds).
NOT_NULL = {
    "mart_standard": ("std_id", "overdue_review", "severely_aged", "to_be_revised"),
    "mart_overlap": ("std_a", "std_b", "similarity", "kind"),
    "mart_adoption": ("std_id", "adopted_ref", "degree", "counts_as_adoption"),
    "mart_conversion": ("std_id", "adopted"),
    "mart_participation": (
        "as_of",
        "member",
        "p_count",
        "o_count",
        "secretariat_tc",
        "secretariat_sc",
        "active_committees",
    ),
    "mart_committee_members": ("as_of", "committee_ref", "p_count", "o_count", "active"),
    "mart_kpi": ("kpi", "status", "unit"),
}

# (description, query counting offending rows)
REFERENCES = (
    (
        "standard_sector.std_id not in standard",
        "SELECT count(*) FROM standard_sector WHERE std_id NOT IN (SELECT std_id FROM standard)",
    ),
    (
        "standard_sector.sector not in sector",
        "SELECT count(*) FROM standard_sector WHERE sector NOT IN (SELECT code FROM sector)",
    ),
    (
        "standard_link.from_std not in standard (replaces/adopts)",
        "SELECT count(*) FROM standard_link WHERE kind <> 'amends' AND from_std NOT IN (SELECT std_id FROM standard)",
    ),
    (
        "membership.member not in member_body",
        "SELECT count(*) FROM membership WHERE member NOT IN (SELECT member FROM member_body)",
    ),
    (
        "standard.status outside the canonical statuses",
        "SELECT count(*) FROM standard WHERE status IS NOT NULL "
        "AND status NOT IN ('current', 'upcoming', 'withdrawn', 'in_development')",
    ),
    (
        "standard.level outside the canonical levels",
        "SELECT count(*) FROM standard WHERE level NOT IN "
        "('international', 'national', 'industry', 'local', 'group', 'enterprise')",
    ),
)


def run_all(con: duckdb.DuckDBPyConnection, config: Config) -> list[str]:
    """Every problem found, in words an operator can act on; empty means the build may go live."""
    problems: list[str] = []
    columns: dict[str, set[str]] = {}
    for table, column in con.execute(
        "SELECT table_name, column_name FROM duckdb_columns() WHERE schema_name = 'main'"
    ).fetchall():
        columns.setdefault(table, set()).add(column)
    for table, required in CONTRACT.items():
        if table not in columns:
            problems.append(f"table {table} is missing")
            continue
        missing = [c for c in required if c not in columns[table]]
        if missing:
            problems.append(f"table {table} lacks columns {missing}")
    if problems:
        return problems
    for table in NOT_EMPTY:
        if con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0:  # noqa: S608 - constants
            problems.append(f"table {table} is empty: the inputs held no loadable records")
    for table, key in UNIQUE_KEYS.items():
        dupes = con.execute(
            f"SELECT count(*) FROM (SELECT {key} FROM {table} GROUP BY ALL HAVING count(*) > 1)"  # noqa: S608
        ).fetchone()[0]
        if dupes:
            problems.append(f"{table}: {dupes} duplicate keys ({key})")
    for table, not_null in NOT_NULL.items():
        for column in not_null:
            nulls = con.execute(f"SELECT count(*) FROM {table} WHERE {column} IS NULL").fetchone()[0]  # noqa: S608
            if nulls:
                problems.append(f"{table}.{column}: {nulls} null values")
    for description, query in REFERENCES:
        bad = con.execute(query).fetchone()[0]
        if bad:
            problems.append(f"{description}: {bad} rows")
    return problems


# The sanity gate: what it counts per source, in the build's staging and in the served build's.
# Staging holds what each source delivered before the models merge sources into one `standard`
# row, so a source is judged by its own output, before any model runs. Committees are counted
# across snapshots so that pruned snapshot files (etl/retention.py) never look like a drop.
GATED = (
    ("standards", "stg_standard", "count(DISTINCT std_id)"),
    ("committees", "stg_committee", "count(DISTINCT committee_ref)"),
)


@dataclass(frozen=True)
class Drop:
    source: str
    what: str
    before: int
    after: int
    max_share: float

    def __str__(self) -> str:
        return f"{self.what} fell from {self.before} to {self.after} (more than {self.max_share:.0%})"


def staging_drops(
    con: duckdb.DuckDBPyConnection, served_tables: Collection[str], sources: Collection[str], max_share: float
) -> list[Drop]:
    """Sources whose staging shrank by more than ``max_share`` against the served build, attached to
    ``con`` as ``served`` (``served_tables``: its table names). A sharp fall is more likely a broken
    input than a truly emptied catalog."""
    drops = []
    for what, table, measure in GATED:
        if table not in served_tables or not sources:
            continue
        rows = con.execute(
            f"""SELECT p.source, p.n, coalesce(c.n, 0)
                FROM (SELECT source, {measure} AS n FROM served.{table} GROUP BY source) p
                LEFT JOIN (SELECT source, {measure} AS n FROM main.{table} GROUP BY source) c USING (source)
                WHERE list_contains(?, p.source) ORDER BY p.source""",  # noqa: S608 - names from GATED
            [sorted(sources)],
        ).fetchall()
        drops += [
            Drop(s, what, before, after, max_share) for s, before, after in rows if after < before * (1 - max_share)
        ]
    return drops
