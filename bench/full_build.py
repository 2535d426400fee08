"""Benchmark: a full build from scaled inputs, against a plain DuckDB ingest of the same files.

    python bench/full_build.py [--factor 1] [--factor 10] [--iso X --cn Y] [--repeat N] [--work DIR]

For each mix (see scale_inputs.py; default 1× real volume) it prints:

- the floor: a fresh DuckDB file that reads every input as it is (read_json / read_csv, no
  parsing, no models) and checkpoints;
- the build: ``python -m etl refresh --from <inputs>`` into an empty database folder (fetch of
  the files into the cache, parse, staging, every SQL model, checks, swap), with its phases from
  the build's own ``etl_run``;
- wall time, peak resident memory (ru_maxrss of that process alone), input records per second,
  and the build's ratio to the floor.

Both run in their own subprocess, one after the other; figures are medians over --repeat runs.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
from pathlib import Path

import duckdb
from _common import Measured, mib, print_header, python_command, run_measured, table
from scale_inputs import Mix, add_mix_arguments, build_database, input_counts, parse_mixes

DEFAULT_FACTORS = [1.0]

# The floor: every input file into a table as DuckDB reads it, nothing else.
FLOOR_SQL = """
CREATE TABLE ics AS SELECT * FROM read_csv('{d}/ICS.csv', header = true);
CREATE TABLE deliverables AS
    SELECT * FROM read_json('{d}/iso_deliverables_metadata.jsonl', format = 'newline_delimited');
CREATE TABLE committees AS
    SELECT * FROM read_json('{d}/iso_technical_committees_*.jsonl', format = 'newline_delimited',
                            union_by_name = true, filename = true);
CREATE TABLE cn AS
    SELECT unnest(rows, recursive := true) FROM read_json('{d}/samr_search_p*.json');
CHECKPOINT;
"""


def floor_ingest(inputs: Path, db: Path) -> None:
    """Run inside the floor's own subprocess (see --floor)."""
    with duckdb.connect(str(db)) as con:
        con.execute(FLOOR_SQL.format(d=inputs.as_posix()))
        rows = sum(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("deliverables", "committees", "cn"))  # noqa: S608 - fixed names
    print(rows)


def measure_floor(inputs: Path, work: Path) -> Measured:
    db = work / "floor.duckdb"
    db.unlink(missing_ok=True)
    try:
        return run_measured(python_command(__file__, "--floor", str(inputs), str(db)))
    finally:
        db.unlink(missing_ok=True)


def measure_build(mix: Mix, inputs: Path, work: Path) -> tuple[Measured, dict[str, float], dict[str, float]]:
    """One build into an empty database folder; wall time, peak memory, its phases and its models
    in seconds. The first database built from a mix is kept for dashboard_pages.py (a 10× build takes a while)."""
    folder = work / "build"
    measured, db = build_database(mix, inputs, folder)
    with duckdb.connect(str(db), read_only=True) as con:
        phases = dict(
            con.execute(
                """SELECT source, date_diff('millisecond', started_at, finished_at) / 1000 FROM etl_run
                   WHERE run_id = (SELECT run_id FROM build_info)"""
            ).fetchall()
        )
        models = dict(
            con.execute("SELECT model, any_value(seconds) FROM model_run GROUP BY model ORDER BY model").fetchall()
        )
    phases["models"] = sum(models.values())
    phases["the rest: inputs, checks, swap"] = phases.pop("build") - sum(phases.values())
    kept = mix.database(work)
    if not kept.exists():
        kept.parent.mkdir(parents=True, exist_ok=True)
        (kept.parent / "standards.toml").write_text(mix.config(), encoding="utf-8")
        db.rename(kept)
    shutil.rmtree(folder, ignore_errors=True)
    return measured, phases, models


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--floor":
        floor_ingest(Path(sys.argv[2]), Path(sys.argv[3]))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_mix_arguments(parser, DEFAULT_FACTORS)
    parser.add_argument("--repeat", type=int, default=1, help="runs of each measurement; the median is shown")
    args, inputs = parse_mixes(parser, DEFAULT_FACTORS)
    print_header("Full build")
    rows, phase_rows, model_rows = [], [], {}
    for mix in inputs:
        counts = input_counts(inputs[mix])
        records = counts["iso_deliverables"] + counts["cn_rows"] + counts["committee_rows"]
        floors = [measure_floor(inputs[mix], args.work) for _ in range(args.repeat)]
        builds = [measure_build(mix, inputs[mix], args.work) for _ in range(args.repeat)]
        floor_s = statistics.median(m.seconds for m in floors)
        build_s = statistics.median(m.seconds for m, _, _ in builds)
        rows.append(_row(mix, "floor: DuckDB read_json/read_csv", counts, records, floor_s, floors))
        rows.append(_row(mix, "full build (refresh --from)", counts, records, build_s, [m for m, _, _ in builds]))
        rows[-1][-1] = f"{build_s / floor_s:.1f}×"
        phases = {name: statistics.median(p[name] for _, p, _ in builds) for name in builds[0][1]}
        phase_rows.append([mix.label, *(f"{phases[name]:.1f}" for name in phases)])
        for name in builds[0][2]:
            model_rows.setdefault(name, [name]).append(f"{statistics.median(m[name] for _, _, m in builds):.1f}")
    print(
        table(
            ["scale", "run", "inputs", "records", "wall s", "peak RSS MiB", "records/s", "ratio to floor"],
            rows,
        )
    )
    print()
    print("Phases of the build (seconds, from etl_run):")
    print(table(["scale", *builds[0][1]], phase_rows))
    print()
    print("SQL models (seconds, from model_run):")
    print(table(["model", *(mix.label for mix in inputs)], list(model_rows.values())))


def _row(mix: Mix, name: str, counts: dict[str, int], records: int, seconds: float, runs: list[Measured]) -> list:
    size = f"{counts['iso_deliverables']:,} ISO + {counts['cn_rows']:,} CN + {counts['committee_rows']:,} TC rows"
    peak = max(m.peak_rss_bytes for m in runs)
    return [mix.label, name, size, records, seconds, round(mib(peak)), round(records / seconds), ""]


if __name__ == "__main__":
    main()
