"""Read-only access to the served database: the only module of the dashboard that touches DuckDB.

Queries run on one read-only connection per process, opened for one file identity, kept while
queries keep coming and closed once idle for a moment. Opening costs about as much as a small
query, and a fresh connection starts with an empty buffer pool, so a page's dozen queries on one
connection take half the time of a connection each. DuckDB keeps one database instance per path
and process while any connection to it is open, and that instance keeps reading the file it
opened even after the ETL has swapped a new file in. Queries are therefore serialised within the
process, and a query for another identity than the held connection's closes it before opening
the path again, so every query reads the file its run pinned and nothing holds the old one.

Results are cached on the served file's identity (inode, mtime, size) plus SQL and parameters.
The identity is pinned once per script run, so a page is drawn from one file only; if the file
is swapped during a run, the query that notices raises :class:`SnapshotChanged` and the run
starts over against the new file.

SQL text is module constants; user choices reach it only as named parameters. What the user
filtered to travels as a :class:`Scope`; each query takes the parameters it names and ignores
the rest, so one scope fits every mart.
"""

from __future__ import annotations

import atexit
import json
import re
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import duckdb
import pandas as pd
import streamlit as st

from etl import settings

_QUERY_LOCK = threading.Lock()
_OPEN_ATTEMPTS = 5
_OPEN_PAUSE_SECONDS = 0.1
_PINNED_KEY = "_served_db_identity"
# A page's queries come within a second of each other, and a user's next click within a few;
# after that the connection (and the shared lock it holds on the served file) is given up.
IDLE_SECONDS = 5.0


class FileIdentity(NamedTuple):
    path: str
    inode: int
    mtime_ns: int
    size: int


class DataUnavailable(RuntimeError):
    """The served database cannot answer: missing file, or a table/column the page needs."""


class SnapshotChanged(RuntimeError):
    """The served file was replaced while a page was being drawn."""


def served_path() -> Path:
    """The served database, as the ETL resolves it ($STANDARDS_DB or data/standards.duckdb)."""
    return settings.db_path()


def _identity(path: Path) -> FileIdentity:
    stat = path.stat()
    return FileIdentity(str(path), stat.st_ino, stat.st_mtime_ns, stat.st_size)


def pin_snapshot() -> FileIdentity:
    """Fix which file this script run reads; call once at the top of every run."""
    try:
        identity = _identity(served_path())
    except FileNotFoundError as exc:
        raise DataUnavailable(f"served database not found: {served_path()}") from exc
    st.session_state[_PINNED_KEY] = identity
    return identity


def _pinned() -> FileIdentity:
    identity = st.session_state.get(_PINNED_KEY)
    if identity is None or identity.path != str(served_path()):
        identity = pin_snapshot()
    return identity


def _connect(path: str) -> duckdb.DuckDBPyConnection:
    """A read-only connection to path.

    A process that has the file open read-write (anyone but this dashboard) makes the open
    fail for a moment; a few short retries ride that out.
    """
    for attempt in range(_OPEN_ATTEMPTS):
        try:
            return duckdb.connect(path, read_only=True)
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower() or attempt == _OPEN_ATTEMPTS - 1:
                raise
            time.sleep(_OPEN_PAUSE_SECONDS * (attempt + 1))
    raise AssertionError("unreachable")


class _Held:
    """The process's one connection, the file identity it was opened for, and its last use."""

    connection: duckdb.DuckDBPyConnection | None = None
    identity: FileIdentity | None = None
    last_used = 0.0
    closer: threading.Timer | None = None


def _release_locked() -> None:
    if _Held.connection is not None:
        try:
            _Held.connection.close()
        finally:
            _Held.connection = _Held.identity = None


def release() -> None:
    """Close the held connection now (it also closes itself once idle)."""
    with _QUERY_LOCK:
        _release_locked()


# A connection still open at interpreter exit is torn down after the modules it needs.
atexit.register(release)


def _close_when_idle() -> None:
    with _QUERY_LOCK:
        idle = time.monotonic() - _Held.last_used
        if _Held.connection is None or idle >= IDLE_SECONDS:
            _release_locked()
            _Held.closer = None
            return
        # Used since this timer was set: look again when it will have been idle long enough.
        _Held.closer = threading.Timer(IDLE_SECONDS - idle, _close_when_idle)
        _Held.closer.daemon = True
        _Held.closer.start()


def _run_locked(identity: FileIdentity, sql: str, params: dict[str, Any]) -> pd.DataFrame:
    """sql on the held connection, (re)opened for identity; the caller holds _QUERY_LOCK."""
    if _Held.identity != identity:
        # Closed first: while any connection to the path is open, a new one would share the
        # database instance of the file it opened, not the file the path names now.
        _release_locked()
        _Held.connection = _connect(identity.path)
        _Held.identity = identity
    _Held.last_used = time.monotonic()
    if _Held.closer is None:
        _Held.closer = threading.Timer(IDLE_SECONDS, _close_when_idle)
        _Held.closer.daemon = True
        _Held.closer.start()
    assert _Held.connection is not None
    return _Held.connection.execute(sql, params).df()


@st.cache_data(show_spinner=False, max_entries=512)
def _cached_query(identity: FileIdentity, sql: str, params: tuple[tuple[str, Any], ...]) -> pd.DataFrame:
    with _QUERY_LOCK:
        path = Path(identity.path)
        try:
            if _identity(path) != identity:
                raise SnapshotChanged(identity.path)
            frame = _run_locked(identity, sql, dict(params))
            # The check after the query proves the rows came from the pinned file: the held
            # connection was opened (by this query or an earlier one) while no other connection
            # to the path was open in this process, and the path named this identity before and
            # after every query on it, so it reads this file.
            if _identity(path) != identity:
                raise SnapshotChanged(identity.path)
        except (duckdb.CatalogException, duckdb.BinderException) as exc:
            # A table or column this build lacks: the connection itself is sound.
            raise DataUnavailable(str(exc).splitlines()[0]) from exc
        except BaseException as exc:
            # Anything else may have left the connection unusable or on another file.
            _release_locked()
            if isinstance(exc, FileNotFoundError):
                raise SnapshotChanged(identity.path) from exc
            if isinstance(exc, duckdb.IOException):
                raise DataUnavailable(str(exc).splitlines()[0]) from exc
            raise
    return frame


_PARAMETER = re.compile(r"\$(\w+)")


def query(sql: str, params: Mapping[str, Any] | None = None) -> pd.DataFrame:
    """Run one of this module's SQL constants against the pinned served file.

    Only the parameters the SQL names are passed: DuckDB refuses unused ones, and a scope
    carries more filters than any one mart has columns for.
    """
    wanted = set(_PARAMETER.findall(sql))
    frozen = tuple(sorted((name, value) for name, value in (params or {}).items() if name in wanted))
    try:
        # st.cache_data hands out a fresh copy on every hit, so callers may modify it.
        return _cached_query(_pinned(), sql, frozen)
    except SnapshotChanged:
        # Draw the whole page again from the new file rather than mix two builds.
        st.session_state.pop(_PINNED_KEY, None)
        st.rerun()
        raise  # st.rerun() raises; this keeps type checkers and readers honest


# --- bookkeeping -------------------------------------------------------------------------

SQL_BUILD_INFO = "SELECT run_id, as_of, built_at, is_demo, sources FROM build_info LIMIT 1"

SQL_METRIC_CONFIG = "SELECT key, CAST(value AS VARCHAR) AS value FROM metric_config"

# Sector filter choices: ICS fields that any mart actually uses, titled from `sector`.
SQL_SECTORS = """
WITH used AS (
    SELECT sector AS code FROM mart_standard WHERE sector IS NOT NULL
    UNION SELECT sector FROM mart_conversion WHERE sector IS NOT NULL
    UNION SELECT sector FROM mart_committee_members WHERE sector IS NOT NULL
)
SELECT used.code, s.title_en, s.title_zh
FROM used LEFT JOIN sector AS s ON s.code = used.code AND s.depth = 1
ORDER BY used.code
"""

SQL_ETL_RUNS = """
SELECT run_id, source, started_at, finished_at,
       round(date_diff('millisecond', started_at, finished_at) / 1000, 1) AS duration_seconds,
       status, rows_read, rows_loaded, rows_quarantined, bytes, etag, as_of, message
FROM etl_run ORDER BY started_at DESC, run_id DESC, source LIMIT 1000
"""

# 'unchanged' means the source was checked and had not changed, so the data is as fresh.
SQL_FRESHNESS = """
SELECT source,
       max(finished_at) FILTER (WHERE status IN ('ok', 'unchanged')) AS last_ok,
       arg_max(status, started_at) AS last_status,
       max(started_at) AS last_attempt
FROM etl_run WHERE source <> 'build'
GROUP BY source ORDER BY source
"""

# Sector groups (ICS depth 2) that standards are filed under: the drill below a field.
SQL_SECTOR_GROUPS = """
SELECT g.code, g.field, g.title_en, g.title_zh
FROM sector AS g
WHERE g.depth = 2 AND g.code IN (SELECT DISTINCT substr(ics_code, 1, 6) FROM standard_sector)
ORDER BY g.code
"""

# Every value the level, publisher, status and year filters can take (which also tells whether
# a national catalog is loaded at all). Every page's sidebar asks, so it counts nothing: a count
# of distinct standards per combination made it the costliest query of most pages.
SQL_STANDARD_FACETS = """
SELECT level, publisher, status, min(year) AS year_min, max(year) AS year_max
FROM mart_standard GROUP BY level, publisher, status ORDER BY level, publisher, status
"""

SQL_MEMBERS = "SELECT DISTINCT member FROM mart_participation WHERE member IS NOT NULL ORDER BY member"

SQL_QUARANTINE_BY_REASON = """
SELECT source, reason, count(*) AS records
FROM quarantine GROUP BY source, reason ORDER BY records DESC, source, reason
"""

SQL_QUARANTINE_SAMPLE = """
SELECT run_id, source, file, record_no, reason, record
FROM quarantine ORDER BY run_id DESC, source, record_no LIMIT 200
"""


def build_info() -> dict[str, Any] | None:
    """The one build_info row, or None when the build left it empty."""
    frame = query(SQL_BUILD_INFO)
    return None if frame.empty else frame.iloc[0].to_dict()


def metric_config() -> dict[str, str]:
    """Thresholds the marts were computed with, as stored in the build."""
    frame = query(SQL_METRIC_CONFIG)
    return dict(zip(frame["key"], frame["value"], strict=True))


def sectors() -> pd.DataFrame:
    """Sector filter choices: code, title_en, title_zh."""
    return query(SQL_SECTORS)


def sector_groups() -> pd.DataFrame:
    """ICS groups in use: code, field, title_en, title_zh."""
    return query(SQL_SECTOR_GROUPS)


def standard_facets() -> pd.DataFrame:
    """level, publisher, status, year_min, year_max: one row per combination present."""
    return query(SQL_STANDARD_FACETS)


def national_catalog_loaded() -> bool:
    """Whether any national standard is loaded: adoption and conversion mean nothing without."""
    return bool((standard_facets()["level"] == "national").any())


def members() -> list[str]:
    """Member bodies that appear in any participation snapshot."""
    return query(SQL_MEMBERS)["member"].tolist()


def etl_runs() -> pd.DataFrame:
    return query(SQL_ETL_RUNS)


def source_freshness() -> pd.DataFrame:
    return query(SQL_FRESHNESS)


def quarantine_by_reason() -> pd.DataFrame:
    return query(SQL_QUARANTINE_BY_REASON)


def quarantine_sample() -> pd.DataFrame:
    return query(SQL_QUARANTINE_SAMPLE)


FAILURE_COLUMNS = ["run_id", "started_at", "finished_at", "status", "message"]


def failed_runs(limit: int = 200) -> pd.DataFrame:
    """Failed runs from the sidecar log beside the served file, newest first.

    A failed run never reaches the served file, so this log is the only trace of it. Lines
    that are not JSON objects (a run killed mid-write) are skipped, not fatal.
    """
    path = settings.DataDirs(served_path()).failures
    rows: list[dict[str, Any]] = []
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            for line in handle:
                try:
                    record = json.loads(line)
                except ValueError:
                    continue
                if isinstance(record, dict):
                    rows.append({key: record.get(key) for key in FAILURE_COLUMNS})
    except FileNotFoundError:
        pass
    frame = pd.DataFrame(rows, columns=FAILURE_COLUMNS)
    for column in ("started_at", "finished_at"):
        frame[column] = pd.to_datetime(frame[column], errors="coerce")
    return frame.iloc[::-1].head(limit).reset_index(drop=True)


def run_timeline() -> pd.DataFrame:
    """Every run per source, plus failed runs from the sidecar on the 'build' row.

    Columns: run_id, source, started_at, status, rows_loaded, rows_quarantined, message.
    """
    columns = ["run_id", "source", "started_at", "status", "rows_loaded", "rows_quarantined",
               "message"]  # fmt: skip
    parts = [etl_runs()[columns], failed_runs().assign(source="build")]
    parts = [part.reindex(columns=columns) for part in parts if not part.empty]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)


# --- scope ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """What the user filtered to. Empty fields mean no restriction.

    sector is an ICS field (two digits) and group an ICS group within it ("25.080"); levels,
    publishers and statuses are stored codes; years bound the publication year.
    """

    sector: str | None = None
    group: str | None = None
    levels: tuple[str, ...] = ()
    publishers: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    year_from: int | None = None
    year_to: int | None = None

    @property
    def narrowed(self) -> bool:
        """Anything beyond the sector field: marts with only a sector column need mart_standard."""
        return bool(self.group or self.levels or self.publishers or self.statuses) or (
            self.year_from is not None or self.year_to is not None
        )

    def params(self) -> dict[str, Any]:
        return {
            "sector": self.sector,
            "group": self.group,
            "levels": list(self.levels),
            "publishers": list(self.publishers),
            "statuses": list(self.statuses),
            "year_from": self.year_from,
            "year_to": self.year_to,
        }


EVERYTHING = Scope()

# mart_standard rows in scope. The ICS group is the one filter no mart carries: standards are
# matched to it through the core table standard_sector (a mart column is requested instead).
_IN_SCOPE = """($sector::VARCHAR IS NULL OR sector = $sector::VARCHAR)
  AND ($group::VARCHAR IS NULL OR std_id IN (
      SELECT std_id FROM standard_sector WHERE starts_with(ics_code || '.', $group::VARCHAR || '.')))
  AND (len($levels::VARCHAR[]) = 0 OR list_contains($levels::VARCHAR[], level))
  AND (len($publishers::VARCHAR[]) = 0 OR list_contains($publishers::VARCHAR[], publisher))
  AND (len($statuses::VARCHAR[]) = 0 OR list_contains($statuses::VARCHAR[], status))
  AND ($year_from::INTEGER IS NULL OR year >= $year_from::INTEGER)
  AND ($year_to::INTEGER IS NULL OR year <= $year_to::INTEGER)"""

# Marts keyed by a standard and a sector of their own (adoption, conversion, overlap): their
# sector column for the sector, mart_standard for everything else.
_IN_SECTOR = "($sector::VARCHAR IS NULL OR sector = $sector::VARCHAR)"
_SCOPED_STANDARDS = f"(SELECT std_id FROM mart_standard WHERE {_IN_SCOPE})"  # noqa: S608 - constant
_STD_IN_SCOPE = f"{_IN_SECTOR} AND std_id IN {_SCOPED_STANDARDS}"  # noqa: S608 - constant
_PAIR_IN_SCOPE = f"{_IN_SECTOR} AND (std_a IN {_SCOPED_STANDARDS} OR std_b IN {_SCOPED_STANDARDS})"  # noqa: S608
_SCOPE = "/* scope */"  # where ByScope puts the one condition or the other


class ByScope(NamedTuple):
    """One query in two forms: by sector only, and narrowed further through mart_standard.

    DuckDB builds the subquery over mart_standard even when a condition makes it moot, which
    costs more than the rest of these queries together; so a scope that does not narrow gets
    SQL without it.
    """

    sector_only: str
    narrowed: str

    def sql(self, scope: Scope) -> str:
        return self.narrowed if scope.narrowed else self.sector_only


def _by_scope(template: str, narrowed: str = _STD_IN_SCOPE) -> ByScope:
    return ByScope(template.replace(_SCOPE, _IN_SECTOR), template.replace(_SCOPE, narrowed))


# --- counts ------------------------------------------------------------------------------
# mart_standard has one row per standard and sector, so counts are of distinct std_id: a
# standard filed under two sectors counts once in "all sectors". Counts grouped by sector, or
# of the rows of one sector, are of unique rows already: they take count(*), which costs a
# fraction of count(DISTINCT std_id) at this volume.

# Every column: builds add some (higher_is_better) that older builds lack, and tiles use
# what is there.
SQL_KPIS = """
SELECT * EXCLUDE (sector)
FROM mart_kpi WHERE sector IS NOT DISTINCT FROM $sector::VARCHAR
"""

# Earlier builds of the same kind (demo or real) give each headline figure its history.
SQL_KPI_HISTORY = """
SELECT kpi, as_of, run_id, value
FROM kpi_history
WHERE sector IS NOT DISTINCT FROM $sector::VARCHAR
  AND is_demo IS NOT DISTINCT FROM (SELECT is_demo FROM build_info LIMIT 1)
ORDER BY kpi, as_of, run_id
"""

SQL_CURRENT_BY_LEVEL = f"""
SELECT level, count(DISTINCT std_id) AS standards
FROM mart_standard WHERE status = 'current' AND {_IN_SCOPE}
GROUP BY level ORDER BY standards DESC, level
"""  # noqa: S608 - constant fragment, no user input

SQL_CURRENT_BY_SECTOR_LEVEL = f"""
SELECT sector, level, publisher, count(*) AS standards
FROM mart_standard WHERE status = 'current' AND {_IN_SCOPE}
GROUP BY sector, level, publisher ORDER BY sector, level, publisher
"""  # noqa: S608 - constant fragment, no user input

SQL_PUBLICATIONS_PER_YEAR = f"""
SELECT year, level, count(DISTINCT std_id) AS standards
FROM mart_standard WHERE year IS NOT NULL AND {_IN_SCOPE}
GROUP BY year, level ORDER BY year, level
"""  # noqa: S608 - constant fragment, no user input

# The standards shown are picked first, so that only their rows are aggregated: building every
# standard's row (string_agg) to keep the first 10,000 took most of the page's time at real volume.
SQL_STANDARD_LIST = f"""
WITH scoped AS (SELECT * FROM mart_standard WHERE {_IN_SCOPE}),
shown AS (SELECT std_id FROM scoped GROUP BY std_id ORDER BY any_value(reference), std_id LIMIT $limit)
SELECT any_value(reference) AS reference, any_value(title_zh) AS title_zh,
       any_value(title_en) AS title_en, any_value(level) AS level,
       any_value(publisher) AS publisher, any_value(status) AS status,
       any_value(year) AS year, any_value(age_years) AS age_years,
       string_agg(sector, ', ' ORDER BY sector) AS sectors,
       any_value(committee_ref) AS committee_ref
FROM scoped
WHERE std_id IN (SELECT std_id FROM shown)
GROUP BY std_id ORDER BY reference, std_id LIMIT $limit
"""  # noqa: S608 - constant fragment, no user input

LIST_LIMIT = 10_000  # rows of a standard list; more is a download, not a screen

SQL_STANDARDS_BY_ID = """
SELECT std_id, any_value(reference) AS reference, any_value(title_zh) AS title_zh,
       any_value(title_en) AS title_en, any_value(level) AS level,
       any_value(publisher) AS publisher, any_value(status) AS status, any_value(year) AS year,
       any_value(published_on) AS published_on, any_value(age_years) AS age_years,
       string_agg(sector, ', ' ORDER BY sector) AS sectors, any_value(committee_ref) AS committee_ref
FROM mart_standard WHERE list_contains($ids::VARCHAR[], std_id)
GROUP BY std_id
"""


def kpis(sector: str | None) -> pd.DataFrame:
    """mart_kpi rows for one sector; None = the all-sectors rows."""
    return query(SQL_KPIS, {"sector": sector})


def kpi_history(sector: str | None) -> pd.DataFrame:
    """kpi, as_of, run_id, value of every build so far (this one included), oldest first."""
    return query(SQL_KPI_HISTORY, {"sector": sector})


def current_by_level(scope: Scope) -> pd.DataFrame:
    return query(SQL_CURRENT_BY_LEVEL, scope.params())


def current_by_sector_level(scope: Scope) -> pd.DataFrame:
    """Current standards by sector, level and publisher (a standard counts in each sector)."""
    return query(SQL_CURRENT_BY_SECTOR_LEVEL, scope.params())


def publications_per_year(scope: Scope) -> pd.DataFrame:
    return query(SQL_PUBLICATIONS_PER_YEAR, scope.params())


def standard_list(scope: Scope) -> pd.DataFrame:
    """One row per standard in scope, at most LIST_LIMIT."""
    return query(SQL_STANDARD_LIST, scope.params() | {"limit": LIST_LIMIT})


def standards_by_id(ids: Sequence[str]) -> pd.DataFrame:
    """Details of a few standards, for showing them side by side."""
    return query(SQL_STANDARDS_BY_ID, {"ids": list(ids)})


# --- lagging -----------------------------------------------------------------------------

# Per group of one sector's rows (or per sector): each standard has one row there, so count(*).
_LAGGING_COUNTS = """
       count(*) AS current,
       count(*) FILTER (WHERE overdue_review) AS overdue,
       count(*) FILTER (WHERE severely_aged) AS severely_aged,
       coalesce(count(*) FILTER (WHERE overdue_review) / nullif(count(*), 0), 0) AS overdue_share,
       coalesce(count(*) FILTER (WHERE severely_aged) / nullif(count(*), 0), 0) AS severe_share"""

# The flags belong to the standard, not to its sector row: one row per standard, then count.
SQL_LAGGING_SUMMARY = f"""
WITH current AS (
    SELECT DISTINCT std_id, overdue_review, severely_aged, to_be_revised
    FROM mart_standard WHERE status = 'current' AND {_IN_SCOPE}
)
SELECT {_LAGGING_COUNTS},
       count(*) FILTER (WHERE to_be_revised) AS to_be_revised
FROM current
"""  # noqa: S608 - constant fragment, no user input

# Current standards per level and whole year of age: the histogram's bars, counted here rather
# than by shipping every standard's age to the browser (a quarter of a million at real volume).
SQL_AGE_DISTRIBUTION = f"""
SELECT level, floor(age_years)::INTEGER AS age, count(DISTINCT std_id) AS standards
FROM mart_standard WHERE status = 'current' AND age_years IS NOT NULL AND {_IN_SCOPE}
GROUP BY level, age ORDER BY age, level
"""  # noqa: S608 - constant fragment, no user input

SQL_LAGGING_BY_SECTOR = f"""
SELECT sector AS "group", {_LAGGING_COUNTS}
FROM mart_standard WHERE status = 'current' AND sector IS NOT NULL AND {_IN_SCOPE}
GROUP BY 1 ORDER BY 1
"""  # noqa: S608 - constant fragment, no user input

# Only asked within one sector (lagging_shares), where each standard has one row.
SQL_LAGGING_BY_LEVEL = f"""
SELECT level AS "group", {_LAGGING_COUNTS}
FROM mart_standard WHERE status = 'current' AND sector = $sector::VARCHAR AND {_IN_SCOPE}
GROUP BY 1 ORDER BY 1
"""  # noqa: S608 - constant fragment, no user input

# Where the severely aged standards concentrate: the sector and level with most of them.
SQL_SEVERELY_AGED_HOTSPOT = f"""
SELECT sector, level, count(*) AS standards
FROM mart_standard
WHERE status = 'current' AND severely_aged AND sector IS NOT NULL AND {_IN_SCOPE}
GROUP BY sector, level ORDER BY standards DESC, sector, level LIMIT 1
"""  # noqa: S608 - constant fragment, no user input

# The oldest standards are picked first on two narrow columns; only their rows are aggregated.
SQL_OVERDUE_CURRENT = f"""
WITH scoped AS (
    SELECT * FROM mart_standard
    WHERE status = 'current' AND (overdue_review OR to_be_revised) AND {_IN_SCOPE}
),
shown AS (
    SELECT std_id FROM scoped GROUP BY std_id
    ORDER BY any_value(age_years) DESC NULLS LAST, any_value(reference), std_id LIMIT $limit
)
SELECT reference, any_value(title_zh) AS title_zh, any_value(title_en) AS title_en,
       any_value(level) AS level, any_value(publisher) AS publisher,
       any_value(published_on) AS published_on, any_value(age_years) AS age_years,
       bool_or(severely_aged) AS severely_aged, bool_or(to_be_revised) AS to_be_revised,
       any_value(committee_ref) AS committee_ref
FROM scoped WHERE std_id IN (SELECT std_id FROM shown)
GROUP BY std_id, reference ORDER BY age_years DESC NULLS LAST, reference, std_id LIMIT $limit
"""  # noqa: S608 - constant fragment, no user input

SQL_LAGGING_ADOPTIONS = _by_scope(f"""
SELECT reference, title, publisher, adopted_ref, degree, adoption_delay_years, sector
FROM mart_adoption WHERE lagging_adoption AND {_SCOPE}
ORDER BY reference, adopted_ref, sector LIMIT $limit
""")  # noqa: S608 - constant fragment, no user input


def lagging_summary(scope: Scope) -> dict[str, float]:
    """Current, overdue, severely aged and to-be-revised counts, and the two shares."""
    row = query(SQL_LAGGING_SUMMARY, scope.params()).iloc[0]
    return {key: float(value) for key, value in row.items()}


def age_distribution(scope: Scope) -> pd.DataFrame:
    """Current standards per level and whole year of age: level, age, standards."""
    return query(SQL_AGE_DISTRIBUTION, scope.params())


def lagging_shares(scope: Scope) -> pd.DataFrame:
    """Overdue and severely aged per sector, or per level within the chosen sector.

    Columns: group, current, overdue, severely_aged, overdue_share, severe_share.
    """
    return query(SQL_LAGGING_BY_SECTOR if scope.sector is None else SQL_LAGGING_BY_LEVEL, scope.params())


def severely_aged_hotspot(scope: Scope) -> dict[str, Any] | None:
    """The sector and level with most severely aged current standards: sector, level, standards."""
    frame = query(SQL_SEVERELY_AGED_HOTSPOT, scope.params())
    return None if frame.empty else frame.iloc[0].to_dict()


def overdue_current(scope: Scope) -> pd.DataFrame:
    """Current standards overdue for review or marked to be revised, oldest first."""
    return query(SQL_OVERDUE_CURRENT, scope.params() | {"limit": LIST_LIMIT})


def lagging_adoptions(scope: Scope) -> pd.DataFrame:
    """National adoptions of superseded international editions, at most LIST_LIMIT rows."""
    return query(SQL_LAGGING_ADOPTIONS.sql(scope), scope.params() | {"limit": LIST_LIMIT})


# --- overlap -----------------------------------------------------------------------------

SQL_OVERLAP_BY_KIND = _by_scope(
    f"""
SELECT kind, count(*) AS pairs
FROM mart_overlap WHERE similarity >= $min_similarity AND {_SCOPE}
GROUP BY kind ORDER BY pairs DESC, kind
""",  # noqa: S608 - constant fragment, no user input
    _PAIR_IN_SCOPE,
)

SQL_OVERLAP_PAIRS = _by_scope(
    f"""
SELECT similarity, kind, ref_a, title_a, ref_b, title_b, level_a, level_b,
       publisher_a, publisher_b, sector, std_a, std_b
FROM mart_overlap
WHERE similarity >= $min_similarity AND {_SCOPE}
  AND (len($kinds::VARCHAR[]) = 0 OR list_contains($kinds::VARCHAR[], kind))
ORDER BY similarity DESC, ref_a, ref_b LIMIT 5000
""",  # noqa: S608 - constant fragment, no user input
    _PAIR_IN_SCOPE,
)


def overlap_by_kind(scope: Scope, min_similarity: float) -> pd.DataFrame:
    return query(SQL_OVERLAP_BY_KIND.sql(scope), scope.params() | {"min_similarity": min_similarity})


def overlap_pairs(scope: Scope, min_similarity: float, kinds: Sequence[str] = ()) -> pd.DataFrame:
    return query(
        SQL_OVERLAP_PAIRS.sql(scope),
        scope.params() | {"min_similarity": min_similarity, "kinds": list(kinds)},
    )


# --- adoption ----------------------------------------------------------------------------

SQL_DEGREE_MIX = _by_scope(f"""
SELECT degree, count(DISTINCT std_id) AS standards
FROM mart_adoption WHERE {_SCOPE}
GROUP BY degree ORDER BY degree
""")  # noqa: S608 - constant fragment, no user input

SQL_ADOPTION_LIST = _by_scope(f"""
SELECT reference, title, publisher, adopted_ref, degree, adoption_delay_years,
       lagging_adoption, sector
FROM mart_adoption
WHERE {_SCOPE} AND (len($degrees::VARCHAR[]) = 0 OR list_contains($degrees::VARCHAR[], degree))
ORDER BY reference, adopted_ref LIMIT $limit
""")  # noqa: S608 - constant fragment, no user input

_CONVERSION_COUNTS = """
       count(DISTINCT std_id) AS international,
       count(DISTINCT std_id) FILTER (WHERE adopted) AS adopted,
       count(DISTINCT std_id) FILTER (WHERE adopted) / count(DISTINCT std_id) AS rate"""

# Both rates per sector, from the marts' own flags: mart_conversion.adopted for conversion,
# mart_adoption.counts_as_adoption over current national standards for adoption. mart_conversion
# has one row per standard and sector, mart_standard too, and adopting one per standard, so the
# counts per sector are of unique rows.
SQL_RATES_BY_SECTOR = _by_scope(f"""
WITH conversion AS (
    SELECT sector, count(*) AS international, count(*) FILTER (WHERE adopted) AS adopted
    FROM mart_conversion WHERE sector IS NOT NULL AND {_SCOPE}
    GROUP BY sector
),
adopting AS (SELECT DISTINCT std_id, true AS adopts FROM mart_adoption WHERE counts_as_adoption),
national AS (
    SELECT sector, count(*) AS national, count(*) FILTER (WHERE adopts) AS adopting
    FROM mart_standard LEFT JOIN adopting USING (std_id)
    WHERE level = 'national' AND status = 'current' AND sector IS NOT NULL AND {_IN_SCOPE}
    GROUP BY sector
)
SELECT sector AS "group", coalesce(international, 0) AS international, coalesce(adopted, 0) AS adopted,
       adopted / nullif(international, 0) AS conversion_rate,
       coalesce(national, 0) AS national, coalesce(adopting, 0) AS adopting,
       adopting / nullif(national, 0) AS adoption_rate
FROM conversion FULL JOIN national USING (sector)
ORDER BY 1
""")  # noqa: S608 - constant fragment, no user input

SQL_CONVERSION_BY_COMMITTEE = _by_scope(f"""
SELECT coalesce(committee_ref, '—') AS "group", {_CONVERSION_COUNTS}
FROM mart_conversion WHERE {_SCOPE}
GROUP BY 1 ORDER BY 1
""")  # noqa: S608 - constant fragment, no user input

SQL_CONVERSION_SUMMARY = _by_scope(f"""
SELECT count(DISTINCT std_id) AS international,
       count(DISTINCT std_id) FILTER (WHERE adopted) AS adopted,
       count(DISTINCT std_id) FILTER (WHERE NOT adopted) AS not_adopted
FROM mart_conversion WHERE {_SCOPE}
""")  # noqa: S608 - constant fragment, no user input

# Per sector mart_conversion has one row per standard: count(*).
SQL_CONVERSION_GAP_HOTSPOT = _by_scope(f"""
SELECT sector, count(*) FILTER (WHERE NOT adopted) AS not_adopted, count(*) AS international
FROM mart_conversion WHERE sector IS NOT NULL AND {_SCOPE}
GROUP BY sector HAVING not_adopted > 0 ORDER BY not_adopted DESC, sector LIMIT 1
""")  # noqa: S608 - constant fragment, no user input

SQL_CONVERSION_GAPS = _by_scope(f"""
SELECT reference, title_en, committee_ref, publisher, string_agg(sector, ', ' ORDER BY sector) AS sectors
FROM mart_conversion WHERE NOT adopted AND {_SCOPE}
GROUP BY std_id, reference, title_en, committee_ref, publisher
ORDER BY committee_ref, reference LIMIT $limit
""")  # noqa: S608 - constant fragment, no user input


def degree_mix(scope: Scope) -> pd.DataFrame:
    """National standards per adoption degree (IDT, MOD, NEQ, unknown)."""
    return query(SQL_DEGREE_MIX.sql(scope), scope.params())


def adoption_list(scope: Scope, degrees: Sequence[str] = ()) -> pd.DataFrame:
    """National standards and the international ones they adopt; empty degrees = every degree."""
    return query(SQL_ADOPTION_LIST.sql(scope), scope.params() | {"degrees": list(degrees), "limit": LIST_LIMIT})


def rates_by_sector(scope: Scope) -> pd.DataFrame:
    """Per sector: international, adopted, conversion_rate, national, adopting, adoption_rate."""
    return query(SQL_RATES_BY_SECTOR.sql(scope), scope.params())


def conversion_by_committee(scope: Scope) -> pd.DataFrame:
    """Per committee: group, international, adopted, rate."""
    return query(SQL_CONVERSION_BY_COMMITTEE.sql(scope), scope.params())


def conversion_summary(scope: Scope) -> dict[str, int]:
    """international, adopted and not_adopted current ISO/IEC standards in scope."""
    row = query(SQL_CONVERSION_SUMMARY.sql(scope), scope.params()).iloc[0]
    return {key: int(value) for key, value in row.items()}


def conversion_gap_hotspot(scope: Scope) -> dict[str, Any] | None:
    """The sector with most international standards not yet adopted."""
    frame = query(SQL_CONVERSION_GAP_HOTSPOT.sql(scope), scope.params())
    return None if frame.empty else frame.iloc[0].to_dict()


def conversion_gaps(scope: Scope) -> pd.DataFrame:
    """Current international standards without a current national IDT/MOD adoption."""
    return query(SQL_CONVERSION_GAPS.sql(scope), scope.params() | {"limit": LIST_LIMIT})


# --- participation -----------------------------------------------------------------------
# mart_participation has no sector, so a sector view is counted from the committees of that
# sector in mart_committee_members (which lists each committee's P- and O-members).

SQL_PARTICIPATION = """
SELECT as_of, member, country, p_count, o_count,
       secretariat_tc + secretariat_sc AS secretariats, secretariat_tc, secretariat_sc,
       active_committees, share_p, joined, "left", upgraded_o_to_p
FROM mart_participation ORDER BY as_of, member
"""

SQL_PARTICIPATION_IN_SECTOR = """
WITH c AS (SELECT * FROM mart_committee_members WHERE sector = $sector::VARCHAR),
roles AS (
    SELECT as_of, unnest(p_members) AS member, 1 AS p, 0 AS o, 0 AS s FROM c
    UNION ALL SELECT as_of, unnest(o_members), 0, 1, 0 FROM c
    UNION ALL SELECT as_of, secretariat, 0, 0, 1 FROM c WHERE secretariat IS NOT NULL
)
SELECT roles.as_of, roles.member, any_value(bodies.country) AS country,
       sum(p)::INTEGER AS p_count, sum(o)::INTEGER AS o_count, sum(s)::INTEGER AS secretariats
FROM roles
LEFT JOIN (SELECT member, any_value(country) AS country FROM mart_participation GROUP BY member)
    AS bodies USING (member)
GROUP BY roles.as_of, roles.member ORDER BY roles.as_of, roles.member
"""

SQL_COMMITTEES_LATEST = """
SELECT as_of, committee_ref, title, sector, secretariat, p_count, o_count,
       p_members, o_members
FROM mart_committee_members
WHERE as_of = (SELECT max(as_of) FROM mart_committee_members)
  AND ($sector::VARCHAR IS NULL OR sector = $sector::VARCHAR)
ORDER BY committee_ref
"""


def participation(sector: str | None) -> pd.DataFrame:
    """Member bodies per snapshot: as_of, member, country, p_count, o_count, secretariats.

    All sectors: the full mart_participation rows. One sector: counted over that sector's
    committees.
    """
    if sector is None:
        return query(SQL_PARTICIPATION)
    return query(SQL_PARTICIPATION_IN_SECTOR, {"sector": sector})


def committees_latest(sector: str | None) -> pd.DataFrame:
    return query(SQL_COMMITTEES_LATEST, {"sector": sector})


def served_file_status() -> dict[str, Any]:
    """Where the served file is and how big, for the data status page."""
    path = served_path()
    stat = path.stat()
    return {"path": str(path), "bytes": stat.st_size, "modified_ns": stat.st_mtime_ns}
