"""Benchmark: the full ISO load of the deliverables JSONL, end to end, against the floor of a
plain DuckDB read_json of the same file.

    python bench/iso_load.py [--deliverables PATH] [--repeat N]

Defaults to ../shared/realdata/iso/reconstructed/iso_deliverables_metadata.jsonl (54,818 rows).
Prints wall times, rows per second and the ratio to the floor.
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


def full_load(path: Path) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        build.refresh(Path(tmp) / "standards.duckdb", inputs=[path], as_of=date(2025, 6, 2), progress="none")
        return time.perf_counter() - start


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
    load_s = statistics.median(full_load(args.deliverables) for _ in range(args.repeat))
    print(f"file            {args.deliverables.name} ({args.deliverables.stat().st_size / 1e6:.1f} MB, {rows} rows)")
    print(f"floor read_json {floor_s:8.2f} s  {rows / floor_s:10.0f} rows/s")
    print(f"full ISO load   {load_s:8.2f} s  {rows / load_s:10.0f} rows/s  (parse, models, checks, swap)")
    print(f"ratio           {load_s / floor_s:8.2f} x the floor")


if __name__ == "__main__":
    main()
