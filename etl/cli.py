"""`standards-etl` / `python -m etl`: refresh, demo, status.

Exit codes: 0 success, 1 failed (served database unchanged), 2 usage error, 3 another run holds
the lock.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from datetime import date
from pathlib import Path

import duckdb

from etl.build import BuildError, RunSummary, demo, refresh
from etl.lock import LockedError
from etl.settings import DataDirs, db_path

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_LOCKED = 0, 1, 2, 3


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date in the form YYYY-MM-DD") from None


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="standards-etl",
        description="Load standard catalogs and ISO membership data into the dashboard's DuckDB file.",
    )
    sub = p.add_subparsers(dest="command", required=True)

    def common(cmd: argparse.ArgumentParser) -> None:
        cmd.add_argument("--db", help="served database (default: $STANDARDS_DB or data/standards.duckdb)")
        cmd.add_argument(
            "--progress",
            choices=("bar", "lines", "none"),
            default=None,
            help="progress display (default: a bar on a terminal, none otherwise)",
        )

    r = sub.add_parser("refresh", help="build a new database from the sources and swap it in")
    r.add_argument(
        "--source",
        action="append",
        default=[],
        metavar="NAME",
        help="source to refresh (iso, samr); may repeat; default: every source given by --from",
    )
    r.add_argument(
        "--from",
        dest="inputs",
        action="append",
        default=[],
        metavar="PATH",
        type=Path,
        help="input file or directory instead of the network; may repeat",
    )
    r.add_argument("--as-of", type=_date, help="date the data describes (YYYY-MM-DD); default today")
    r.add_argument("--offline", action="store_true", help="fetch nothing; rebuild from the cached inputs")
    common(r)

    d = sub.add_parser("demo", help="build the database from generated demo data")
    d.add_argument("--as-of", type=_date, help="evaluation date (YYYY-MM-DD); default today")
    d.add_argument("--scale", type=float, default=1.0, help="size factor of the demo data (default 1)")
    common(d)

    s = sub.add_parser("status", help="runs, row counts per table and freshness per source")
    s.add_argument("--db", help="served database (default: $STANDARDS_DB or data/standards.duckdb)")
    s.add_argument("--json", action="store_true", help="machine-readable output")
    return p


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    try:
        args = parser().parse_args(argv)
    except SystemExit as exc:
        return EXIT_USAGE if exc.code else EXIT_OK
    db = db_path(args.db)
    if args.command == "status":
        return status(db, as_json=args.json)
    progress = args.progress or ("bar" if sys.stderr.isatty() else "none")
    try:
        if args.command == "demo":
            summary = demo(db, as_of=args.as_of, progress=progress, scale=args.scale)
        else:
            summary = refresh(
                db, sources=args.source, inputs=args.inputs, as_of=args.as_of, progress=progress, offline=args.offline
            )
    except LockedError as exc:
        print(f"standards-etl: refused: {exc}", file=sys.stderr)
        return EXIT_LOCKED
    except BuildError as exc:
        print(
            f"standards-etl: run failed, the served database {db} is unchanged.\n{exc}\n"
            f"Details of failed runs: {DataDirs(db).failures}",
            file=sys.stderr,
        )
        return EXIT_FAILED
    _report(summary)
    return EXIT_OK


def _report(summary: RunSummary) -> None:
    print(f"run {summary.run_id}: {summary.db} as of {summary.as_of} built in {summary.seconds:.1f} s")
    for run in summary.sources:
        r = run.result
        print(
            f"  {run.name:<12} read {r.rows_read:>8}  loaded {r.rows_loaded:>8}  "
            f"quarantined {r.rows_quarantined:>6}  {run.message}"
        )
    for table in ("standard", "standard_link", "committee", "membership", "mart_overlap"):
        if table in summary.counts:
            print(f"  {table:<20} {summary.counts[table]:>9} rows")


def status(db: Path, *, as_json: bool = False) -> int:
    if not db.exists():
        print(f"no database at {db}: run `standards-etl demo` or `standards-etl refresh --from PATH`", file=sys.stderr)
        return EXIT_FAILED
    with duckdb.connect(str(db), read_only=True) as con:
        info = con.execute("SELECT run_id, as_of, built_at, is_demo FROM build_info").fetchone()
        runs = con.execute(
            """SELECT run_id, source, started_at, finished_at, status, rows_read, rows_loaded,
                      rows_quarantined, message
               FROM etl_run WHERE source = 'build' ORDER BY started_at DESC LIMIT 10"""
        ).fetchall()
        freshness = con.execute(
            """SELECT source, max(finished_at) AS last_ok, arg_max(as_of, finished_at) AS as_of,
                      arg_max(rows_loaded, finished_at) AS rows
               FROM etl_run WHERE source <> 'build' AND status IN ('ok', 'unchanged')
               GROUP BY source ORDER BY source"""
        ).fetchall()
        tables = con.execute(
            """SELECT table_name, estimated_size FROM duckdb_tables()
               WHERE schema_name = 'main' ORDER BY table_name"""
        ).fetchall()
        unknown = [
            m for (m,) in con.execute("SELECT member FROM member_body WHERE country IS NULL ORDER BY member").fetchall()
        ]
    failures_file = DataDirs(db).failures
    failures = failures_file.read_text(encoding="utf-8").splitlines()[-5:] if failures_file.exists() else []
    if as_json:
        print(
            json.dumps(
                {
                    "db": str(db),
                    "run_id": info[0],
                    "as_of": str(info[1]),
                    "built_at": str(info[2]),
                    "is_demo": info[3],
                    "tables": dict(tables),
                    "freshness": {s: {"last_ok": str(t), "as_of": str(a), "rows": n} for s, t, a, n in freshness},
                    "unknown_member_bodies": unknown,
                    "recent_failures": [json.loads(line) for line in failures],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return EXIT_OK
    print(f"database  {db}")
    print(
        f"as of     {info[1]}   built {info[2]:%Y-%m-%d %H:%M} UTC   run {info[0]}"
        + ("   [DEMO DATA]" if info[3] else "")
    )
    print("\nruns (newest first)")
    for run_id, _, started, finished, state, read, loaded, quarantined, message in runs:
        seconds = (finished - started).total_seconds()
        print(
            f"  {started:%Y-%m-%d %H:%M}  {state:<8} {seconds:7.1f} s  read {read:>8}  "
            f"loaded {loaded:>8}  quarantined {quarantined:>6}  {run_id}  {message}"
        )
    if failures:
        print("\nrecent failed runs (served database was kept)")
        for line in failures:
            rec = json.loads(line)
            print(f"  {rec['started_at']}  {rec['run_id']}  {rec['message'].splitlines()[0][:120]}")
    print("\nfreshness per source")
    for source, last_ok, as_of, rows in freshness:
        print(f"  {source:<14} last ok {last_ok:%Y-%m-%d %H:%M}  data as of {as_of}  rows {rows}")
    print("\nrows per table")
    for table, rows in tables:
        print(f"  {table:<26} {rows:>10}")
    if unknown:
        print(f"\nmember bodies without a known country ({len(unknown)}): {', '.join(unknown)}")
        print("  add them to etl/data/member_bodies.csv")
    return EXIT_OK
