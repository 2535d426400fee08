"""Sources are plugins: one module each, with the same small surface.

A source module defines:
- ``NAME``: the value written to ``standard.source``;
- ``recognises(path) -> bool``: whether a file given with ``--from`` is one of its inputs,
  judged by the official file name (catalog files, which have none: by extension and header);
- ``cache_name(path, as_of) -> str``: the name the file is kept under in ``cache/<NAME>/``
  (snapshot files get their as-of date in the name so that history accumulates);
- ``fetch(cache_dir, ctx) -> list[Path]``: bring the default (live) inputs into the cache
  (``ctx.config`` holds the configuration, e.g. ``[samr]`` for std.samr);
- ``load(files, ctx) -> LoadResult``: parse cached files into the canonical staging tables.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import ModuleType

import duckdb

from etl.progress import Mode
from etl.settings import Config


@dataclass
class LoadContext:
    con: duckdb.DuckDBPyConnection
    run_id: str
    as_of: date
    source: str
    progress: Mode = "none"
    notes: list[str] = field(default_factory=list)
    config: Config = field(default_factory=Config)

    def quarantine(self, file: Path | str, record_no: int | None, reason: str, record: str) -> None:
        self.con.execute(
            "INSERT INTO quarantine VALUES (?, ?, ?, ?, ?, ?)",
            [self.run_id, self.source, str(Path(file).name), record_no, reason, record[:2000]],
        )


@dataclass
class LoadResult:
    rows_read: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    bytes: int = 0
    fingerprint: str = ""

    def add(self, other: LoadResult) -> None:
        self.rows_read += other.rows_read
        self.rows_loaded += other.rows_loaded
        self.rows_quarantined += other.rows_quarantined
        self.bytes += other.bytes


def fingerprint(files: list[Path]) -> str:
    """sha256 over names and contents: equal fingerprints mean nothing changed."""
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.name.encode())
        with path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
    return digest.hexdigest()


def registry() -> dict[str, ModuleType]:
    """Every source by name. Imported lazily so a broken source names itself when used."""
    from etl.sources import catalog_file, demo, iso, samr

    # Order matters: a file goes to the first source that recognises it, and catalog_file, which
    # judges by content, loads last so that its "replaced by" links can find every standard.
    return {module.NAME: module for module in (iso, samr, catalog_file, demo)}
