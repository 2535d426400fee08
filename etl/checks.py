"""Checks a build must pass before it may replace the served database."""

from __future__ import annotations

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
    "mart_committee_members": ("as_of", "committee_ref", "secretariat", "p_count", "o_count"),
    "mart_kpi": ("kpi", "sector", "value", "target", "previous_value", "status"),
}

NOT_EMPTY = ("standard", "mart_standard", "mart_kpi")

UNIQUE_KEYS = {
    "standard": "std_id",
    "sector": "code",
    "committee": "committee_ref",
    "member_body": "member",
    "membership": "as_of, committee_ref, member, role",
    "mart_overlap": "std_a, std_b, kind",
    "mart_kpi": "kpi, sector",
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

MAX_DROP_SHARE = 0.5


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
    for description, query in REFERENCES:
        bad = con.execute(query).fetchone()[0]
        if bad:
            problems.append(f"{description}: {bad} rows")
    problems.extend(_row_drops(con))
    return problems


def _row_drops(con: duckdb.DuckDBPyConnection) -> list[str]:
    """A source whose standards shrink sharply against the served build is more likely broken
    than truly emptied."""
    if not con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'prev_standard_count'").fetchone()[0]:
        return []
    rows = con.execute(
        """SELECT p.source, p.n, coalesce(c.n, 0) FROM prev_standard_count p
           LEFT JOIN (SELECT source, count(*) AS n FROM standard GROUP BY source) c USING (source)
           WHERE p.source IN (SELECT DISTINCT source FROM stg_standard)"""
    ).fetchall()
    return [
        f"source {source}: standards fell from {before} to {after} (more than {MAX_DROP_SHARE:.0%}); "
        "check the inputs, the served database is kept"
        for source, before, after in rows
        if before and after < before * (1 - MAX_DROP_SHARE)
    ]
