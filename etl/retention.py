"""What a run may delete beside the served database, and what it never touches.

Only a run holding the lock prunes, so nothing it deletes can be in use by another run of the same
database:

- leftovers of runs that died (``build/<run>.duckdb`` and its WAL, ``build/<run>.inputs/``) and
  half-written downloads (``.*.part`` under ``cache/``) are removed when a run starts. Databases
  whose files share one folder also share ``build/`` and ``cache/``, so this waits while another
  database's lock in the folder is held;
- earlier served files are kept in ``previous/`` for a rollback, as hard links (no copy is made),
  and pruned to the newest ``[etl] keep_builds`` after each swap;
- with ``[etl] keep_cache_files = N`` (N > 0), dated snapshot files of a source beyond its newest N
  are removed, but only those not newer than the last snapshot the served database holds for the
  source: ``membership`` carries those forward from build to build. ``0`` keeps every snapshot, so
  the history can be rebuilt from the cache alone.

Every other cached file is an input of the next build and is never pruned.
"""

from __future__ import annotations

import fcntl
import logging
import os
import shutil
from datetime import date
from pathlib import Path
from types import ModuleType

from etl.settings import DataDirs, RunSettings

log = logging.getLogger("etl")


def _another_lock_held(dirs: DataDirs) -> bool:
    for lock in dirs.root.glob("*.lock"):
        if lock == dirs.lock:
            continue
        try:
            fd = os.open(lock, os.O_RDONLY)
        except OSError:
            continue
        try:
            # A shared probe: it never blocks the other database's run for more than this call.
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
            fcntl.flock(fd, fcntl.LOCK_UN)
        except BlockingIOError:
            return True
        finally:
            os.close(fd)
    return False


def _remove(path: Path) -> bool:
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
    except FileNotFoundError:
        return False
    except OSError as exc:
        log.warning("retention: could not remove %s: %s", path, exc)
        return False
    return True


def clean_leftovers(dirs: DataDirs, run_id: str) -> list[Path]:
    """Remove what killed runs left in ``build/`` and ``cache/``; returns what was removed."""
    if _another_lock_held(dirs):
        log.info("retention: another database in %s is being built; its build files are left alone", dirs.root)
        return []
    candidates = [p for p in dirs.build.iterdir() if not p.name.startswith(run_id)] if dirs.build.is_dir() else []
    if dirs.cache.is_dir():
        candidates += [p for p in dirs.cache.rglob(".*.part") if p.is_file()]
    removed = [p for p in candidates if _remove(p)]
    if removed:
        log.info(
            "retention: removed %d leftovers of interrupted runs: %s", len(removed), ", ".join(p.name for p in removed)
        )
    return removed


def keep_previous(dirs: DataDirs, label: str, settings: RunSettings) -> Path | None:
    """Keep the served file about to be replaced under ``previous/`` (a hard link: no copy, no extra
    disk until it is the only name left). Returns the kept path, None when nothing was kept."""
    if settings.keep_builds <= 0 or not dirs.db.exists():
        return None
    target = dirs.previous / f"{dirs.db.stem}-{label}.duckdb"
    try:
        dirs.previous.mkdir(parents=True, exist_ok=True)
        target.unlink(missing_ok=True)
        os.link(dirs.db, target)
    except OSError as exc:  # a filesystem without hard links: a rollback copy is not worth a full copy
        log.warning("retention: could not keep the previous database in %s: %s", dirs.previous, exc)
        return None
    return target


def prune(
    dirs: DataDirs,
    settings: RunSettings,
    sources: dict[str, ModuleType],
    held_snapshots: dict[str, date],
) -> list[Path]:
    """Prune ``previous/`` to ``keep_builds`` and, when ``keep_cache_files`` is set, dated snapshots
    that the served database already holds (``held_snapshots``: source → newest snapshot held)."""
    removed: list[Path] = []
    if dirs.previous.is_dir():
        kept = sorted(dirs.previous.glob(f"{dirs.db.stem}-*.duckdb"), key=lambda p: p.stat().st_mtime, reverse=True)
        removed += [p for p in kept[settings.keep_builds :] if _remove(p)]
    if settings.keep_cache_files > 0:
        for name, newest_held in held_snapshots.items():
            module, folder = sources.get(name), dirs.cache / name
            dating = getattr(module, "snapshot_date", None)
            if dating is None or not folder.is_dir():
                continue
            dated = []
            for path in folder.iterdir():
                if path.is_file() and module.recognises(path):
                    try:
                        when = dating(path)
                    except ValueError:
                        continue
                    if when is not None:
                        dated.append((when, path))
            dated.sort(reverse=True)
            for when, path in dated[settings.keep_cache_files :]:
                if when <= newest_held and _remove(path):
                    removed.append(path)
                    _remove(path.with_name(path.name + ".meta.json"))
    if removed:
        log.info("retention: pruned %s", ", ".join(p.name for p in removed))
    return removed
