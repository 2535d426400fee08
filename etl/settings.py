"""Where the data lives and the thresholds metrics are judged by.

Shared by the ETL and the dashboard: both resolve the served database the same way, and the
dashboard shows the same targets the models were computed with.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = PROJECT_ROOT / "data" / "standards.duckdb"
DB_ENV = "STANDARDS_DB"
CONFIG_ENV = "STANDARDS_CONFIG"
CONFIG_NAME = "standards.toml"
SAMR_URL_ENV = "SAMR_BASE_URL"


def db_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The served database: an explicit path, else $STANDARDS_DB, else data/standards.duckdb."""
    chosen = explicit or os.environ.get(DB_ENV) or DEFAULT_DB
    return Path(chosen).expanduser().resolve()


@dataclass(frozen=True)
class DataDirs:
    """Everything that belongs to one served database lives in that database's folder."""

    db: Path

    @property
    def root(self) -> Path:
        return self.db.parent

    @property
    def cache(self) -> Path:
        return self.root / "cache"

    @property
    def build(self) -> Path:
        return self.root / "build"

    @property
    def lock(self) -> Path:
        return self.root / f"{self.db.stem}.lock"

    @property
    def failures(self) -> Path:
        """Sidecar log of failed runs: a failed run never reaches the served file's etl_run."""
        return self.root / f"{self.db.stem}.failures.jsonl"

    @property
    def previous(self) -> Path:
        """Earlier served files, kept (as hard links, no copies) for a rollback; see etl/retention.py."""
        return self.root / "previous"


@dataclass(frozen=True)
class Thresholds:
    """Targets and thresholds of ARCHITECTURE §5; override in standards.toml under [metrics]."""

    review_years: float = 5.0
    severe_age_years: float = 10.0
    conversion_target: float = 0.85
    overlap_threshold: float = 0.8
    development_cycle_months: float = 18.0
    focus_member: str = "SAC"
    # Whose national standards the adoption and conversion rates measure; "" = every national
    # publisher loaded (a JIS catalog would otherwise dilute China's 采标率).
    national_publisher: str = "SAC"
    kpi_near_margin: float = 0.05


@dataclass(frozen=True)
class SamrSettings:
    """Paging of std.samr.gov.cn; override in standards.toml under [samr] ($SAMR_BASE_URL wins
    over base_url, e.g. for a mirror)."""

    base_url: str = "https://std.samr.gov.cn"
    catalogs: tuple[str, ...] = ("gb", "hb", "db")  # national, industry, local advanced searches
    committees: bool = True  # the technical-committee roster
    page_size: int = 50
    min_interval: float = 1.0  # seconds between two requests
    retries: int = 5  # per request, on connection errors, 429 and 5xx
    backoff: float = 2.0  # seconds, doubled on each retry
    # A whole crawl is ~4,000 pages; capping a run keeps the nightly job inside its time limit,
    # and the next run carries on from there. 0: no limit.
    max_pages_per_run: int = 3000


@dataclass(frozen=True)
class RunSettings:
    """How a run guards and reports; override in standards.toml under [etl] (docs: README, Operations)."""

    max_drop_share: float = 0.5  # a source losing more than this share of its standards is held back
    keep_builds: int = 2  # earlier served files kept in previous/ for a rollback; 0 keeps none
    keep_cache_files: int = 0  # dated snapshot files kept per source; 0: all (history can be rebuilt)
    on_failure: str = ""  # shell command run after a failed or partial run
    webhook: str = ""  # URL that receives a JSON POST after a failed or partial run
    hook_timeout: float = 30.0  # seconds; a hook that takes longer is abandoned


@dataclass(frozen=True)
class Config:
    metrics: Thresholds = field(default_factory=Thresholds)
    default_language: str = "zh"
    header_map: dict[str, str] = field(default_factory=dict)
    # Sources a plain `standards-etl refresh` fetches from the network (the nightly run).
    live_sources: tuple[str, ...] = ("iso", "samr")
    samr: SamrSettings = field(default_factory=SamrSettings)
    # Catalog files (paths or glob patterns) the catalog_file source copies in on each refresh.
    catalog_paths: tuple[str, ...] = ()
    run: RunSettings = field(default_factory=RunSettings)


def config_path(db: Path | None = None) -> Path | None:
    """$STANDARDS_CONFIG, else standards.toml beside the database, else the project's own."""
    candidates = [os.environ.get(CONFIG_ENV)]
    if db is not None:
        candidates.append(str(db.parent / CONFIG_NAME))
    candidates.append(str(PROJECT_ROOT / CONFIG_NAME))
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    return None


def load_config(db: Path | None = None) -> Config:
    path = config_path(db)
    raw: dict = tomllib.loads(path.read_text(encoding="utf-8")) if path else {}
    known = {f.name for f in fields(Thresholds)}
    metrics = raw.get("metrics", {})
    unknown = sorted(set(metrics) - known)
    if unknown:
        raise ValueError(f"{path}: unknown [metrics] keys {unknown}; known keys are {sorted(known)}")
    dashboard = raw.get("dashboard", {})
    language = dashboard.get("language", "zh")
    if language not in ("zh", "en"):
        raise ValueError(f"{path}: [dashboard] language must be 'zh' or 'en', not {language!r}")
    samr = raw.get("samr", {})
    known_samr = {f.name for f in fields(SamrSettings)}
    unknown = sorted(set(samr) - known_samr)
    if unknown:
        raise ValueError(f"{path}: unknown [samr] keys {unknown}; known keys are {sorted(known_samr)}")
    samr = {k: tuple(v) if isinstance(v, list) else v for k, v in samr.items()}
    if os.environ.get(SAMR_URL_ENV):
        samr["base_url"] = os.environ[SAMR_URL_ENV]
    catalog = raw.get("catalog_file", {})
    etl = raw.get("etl", {})
    known_etl = {"sources"} | {f.name for f in fields(RunSettings)}
    unknown = sorted(set(etl) - known_etl)
    if unknown:
        raise ValueError(f"{path}: unknown [etl] keys {unknown}; known keys are {sorted(known_etl)}")
    run = RunSettings(**{k: v for k, v in etl.items() if k != "sources"})
    for f in fields(RunSettings):
        value, wanted = getattr(run, f.name), (int, float) if isinstance(f.default, float) else type(f.default)
        if isinstance(value, bool) or not isinstance(value, wanted):
            raise ValueError(f"{path}: [etl] {f.name} must be of the kind of its default {f.default!r}, not {value!r}")
    if not 0 < run.max_drop_share <= 1 or run.keep_builds < 0 or run.keep_cache_files < 0:
        raise ValueError(
            f"{path}: [etl] max_drop_share must lie in (0, 1] (1 turns the gate off), keep_builds and "
            "keep_cache_files must be 0 or more"
        )
    return Config(
        metrics=Thresholds(**metrics),
        default_language=language,
        header_map=dict(catalog.get("header_map", {})),
        live_sources=tuple(raw.get("etl", {}).get("sources", Config.live_sources)),
        samr=SamrSettings(**samr),
        catalog_paths=tuple(catalog.get("paths", ())),
        run=run,
    )
