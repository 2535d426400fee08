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


@dataclass(frozen=True)
class Thresholds:
    """Targets and thresholds of ARCHITECTURE §5; override in standards.toml under [metrics]."""

    review_years: float = 5.0
    severe_age_years: float = 10.0
    conversion_target: float = 0.85
    overlap_threshold: float = 0.8
    development_cycle_months: float = 18.0
    focus_member: str = "SAC"
    kpi_near_margin: float = 0.05


@dataclass(frozen=True)
class Config:
    metrics: Thresholds = field(default_factory=Thresholds)
    default_language: str = "zh"
    header_map: dict[str, str] = field(default_factory=dict)
    # Sources a plain `standards-etl refresh` fetches from the network (the nightly run).
    live_sources: tuple[str, ...] = ("iso",)


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
    return Config(
        metrics=Thresholds(**metrics),
        default_language=language,
        header_map=dict(raw.get("catalog_file", {}).get("header_map", {})),
        live_sources=tuple(raw.get("etl", {}).get("sources", Config.live_sources)),
    )
