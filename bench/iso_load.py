"""Benchmark: the full ISO load of the deliverables JSONL, end to end, against the floor of a
plain DuckDB read_json of the same file.

    python bench/iso_load.py [--deliverables PATH] [--repeat N]

Defaults to ../shared/realdata/iso/reconstructed/iso_deliverables_metadata.jsonl (54,818 rows).
Prints wall times, rows per second and the ratio to the floor, then the time of a second refresh
that finds the file unchanged (the nightly run on a day without a new release).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

import duckdb

from etl import build

DEFAULT = Path(__file__).resolve().parents[2] / "shared/realdata/iso/reconstructed/iso_deliverables_metadata.jsonl"


def floor(path: Path) -> tuple[float, int]:
    start = time.perf_counter()
    with duckdb.connect() as con:
        con.execute("CREATE TABLE t AS SELECT * FROM read_json(?, format = 'newline_delimited')", [str(path)])
        rows = con.execute("SELECT count(*) FROM t").fetchone()[0]
    return time.perf_counter() - start, rows


def full_load(path: Path) -> tuple[float, float]:
    """Seconds for a first refresh from the file, then for a second one that finds it unchanged."""
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "standards.duckdb"
        times = []
        for _ in range(2):
            start = time.perf_counter()
            build.refresh(db, sources=["iso"], inputs=[path], as_of=date(2025, 6, 2), progress="none")
            times.append(time.perf_counter() - start)
        return times[0], times[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deliverables", type=Path, default=DEFAULT)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not args.deliverables.exists():
        raise SystemExit(f"{args.deliverables} not found; pass --deliverables PATH")
    floors = [floor(args.deliverables) for _ in range(args.repeat)]
    rows = floors[0][1]
    floor_s = statistics.median(t for t, _ in floors)
    loads = [full_load(args.deliverables) for _ in range(args.repeat)]
    load_s = statistics.median(first for first, _ in loads)
    rerun_s = statistics.median(again for _, again in loads)
    print(f"file            {args.deliverables.name} ({args.deliverables.stat().st_size / 1e6:.1f} MB, {rows} rows)")
    print(f"floor read_json {floor_s:8.2f} s  {rows / floor_s:10.0f} rows/s")
    print(f"full ISO load   {load_s:8.2f} s  {rows / load_s:10.0f} rows/s  (parse, models, checks, swap)")
    print(f"ratio           {load_s / floor_s:8.2f} x the floor")
    print(f"no-change rerun {rerun_s:8.2f} s  (file unchanged: staging reused, models, checks, swap)")


if __name__ == "__main__":
    main()
