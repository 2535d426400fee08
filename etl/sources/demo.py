"""Demo data: generated inputs in the real source formats, loaded through the real parsers.

Nothing here is real. Every page of the dashboard says so when the served database came from
this source (``build_info.is_demo``).
"""

from __future__ import annotations

from pathlib import Path

from etl.sources import LoadContext, LoadResult, iso, samr

NAME = "demo"
SEED = 2026


def recognises(path: Path) -> bool:
    return False  # demo inputs are generated, never given with --from


def cache_name(path: Path, as_of) -> str:  # noqa: ANN001 - same signature as every source
    return path.name


def fetch(cache_dir: Path, ctx: LoadContext, scale: float = 1.0) -> list[Path]:
    from etl.sources.demo_inputs import write_demo_inputs

    return write_demo_inputs(cache_dir, seed=SEED, scale=scale)


def load(files: list[Path], ctx: LoadContext) -> LoadResult:
    result = LoadResult()
    result.add(iso.load([f for f in files if iso.recognises(f)], ctx))
    result.add(samr.load([f for f in files if samr.recognises(f)], ctx))
    return result
