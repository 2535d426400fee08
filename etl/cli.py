"""`standards-etl` / `python -m etl`: refresh, import, demo, status.

Exit codes (README, Operations):

- 0  ok: every source came through and the new build is served;
- 1  failed: the served database is unchanged (the run is in ``<db>.failures.jsonl``);
- 2  partial: the new build is served, but some sources failed or were held back by the sanity
     gate and kept their previous data (``etl_run`` says which and why);
- 3  locked: another run holds the lock; this one did nothing (not a failure);
- 64 usage: the command line or the configuration is wrong; nothing was run.

Log lines go to stderr, one per event, with secrets masked (etl/hooks.py); the run summary goes to
stdout.
"""

from __future__ import annotations

import argparse
import json
import logging
import shutil
import socket
import sys
import tempfile
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb

from etl import hooks
from etl.build import BuildError, RunSummary, demo, refresh
from etl.lock import LockedError
from etl.progress import Mode
from etl.settings import Config, DataDirs, db_path, load_config

EXIT_OK, EXIT_FAILED, EXIT_PARTIAL, EXIT_LOCKED, EXIT_USAGE = 0, 1, 2, 3, 64

log = logging.getLogger("etl")


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

    def guards(cmd: argparse.ArgumentParser) -> None:
        cmd.add_argument(
            "--strict",
            action="store_true",
            help="fail the run (exit 1, nothing served) when any source fails or is held back, "
            "instead of keeping that source's previous data (exit 2)",
        )
        cmd.add_argument(
            "--accept-drops",
            action="store_true",
            help="let a source through whose row count fell by more than [etl] max_drop_share",
        )

    r = sub.add_parser("refresh", help="build a new database from the sources and swap it in")
    r.add_argument(
        "--source",
        action="append",
        default=[],
        metavar="NAME",
        help="source to refresh (iso, samr, catalog_file); may repeat; default: every source given by --from",
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
    guards(r)
    common(r)

    i = sub.add_parser(
        "import",
        help="add standard catalog files (CSV, XLSX, JSON) and rebuild",
        description="Keep catalog files with the other inputs (later builds include them too) and rebuild. "
        "A FILE may have any name; a folder adds the catalogs it holds and skips other files.",
    )
    i.add_argument("files", nargs="+", type=Path, metavar="FILE", help="catalog file or folder")
    i.add_argument("--as-of", type=_date, help="date the data describes (YYYY-MM-DD); default today")
    guards(i)
    common(i)

    d = sub.add_parser("demo", help="build the database from generated demo data")
    d.add_argument("--as-of", type=_date, help="evaluation date (YYYY-MM-DD); default today")
    d.add_argument("--scale", type=float, default=1.0, help="size factor of the demo data (default 1)")
    common(d)

    s = sub.add_parser("status", help="runs, row counts per table and freshness per source")
    s.add_argument("--db", help="served database (default: $STANDARDS_DB or data/standards.duckdb)")
    s.add_argument("--json", action="store_true", help="machine-readable output")
    return p


def main(argv: list[str] | None = None) -> int:
    hooks.setup_logging(hooks.Redactor())
    try:
        args = parser().parse_args(argv)
    except SystemExit as exc:
        return EXIT_USAGE if exc.code else EXIT_OK
    db = db_path(args.db)
    if args.command == "status":
        return status(db, as_json=args.json)
    try:
        config = load_config(db)
    except (ValueError, OSError) as exc:
        log.error("configuration error, nothing was run: %s", exc)
        return EXIT_USAGE
    redact = hooks.Redactor(config)
    hooks.setup_logging(redact)
    progress = args.progress or ("bar" if sys.stderr.isatty() else "none")
    guarded = {"strict": args.strict, "accept_drops": args.accept_drops} if args.command != "demo" else {}
    try:
        if args.command == "demo":
            summary = demo(db, as_of=args.as_of, progress=progress, scale=args.scale)
        elif args.command == "import":
            summary = import_catalogs(db, args.files, as_of=args.as_of, progress=progress, **guarded)
        else:
            summary = refresh(
                db,
                sources=args.source,
                inputs=args.inputs,
                as_of=args.as_of,
                progress=progress,
                offline=args.offline,
                **guarded,
            )
    except ImportRefused as exc:
        log.error("nothing was imported: %s", "; ".join(exc.reasons))
        return EXIT_USAGE
    except LockedError as exc:
        log.warning("refused: %s", exc)
        return EXIT_LOCKED
    except BuildError as exc:
        log.error(
            "%s | %s | the served database %s is unchanged; failed runs are listed in %s",
            hooks.fields(run=exc.run_id, status="failed", exit=EXIT_FAILED),
            exc,
            db,
            DataDirs(db).failures,
        )
        _notify(config, redact, db, exc.run_id, "failed", EXIT_FAILED, str(exc))
        return EXIT_FAILED
    except OSError as exc:  # the database folder or its lock cannot be written: no run took place
        log.error("cannot run on %s: %s", db, exc)
        _notify(config, redact, db, None, "failed", EXIT_FAILED, str(exc))
        return EXIT_FAILED
    _report(summary)
    code = EXIT_PARTIAL if summary.status == "partial" else EXIT_OK
    log.info(
        "%s",
        hooks.fields(
            run=summary.run_id,
            status=summary.status,
            exit=code,
            seconds=f"{summary.seconds:.1f}",
            sources=",".join(f"{r.name}:{r.status}" for r in summary.sources),
        ),
    )
    if summary.problems:
        log.warning("run %s is partial: %s", summary.run_id, "; ".join(summary.problems))
        _notify(config, redact, db, summary.run_id, summary.status, code, "; ".join(summary.problems))
    return code


def _notify(
    config: Config, redact: hooks.Redactor, db: Path, run_id: str | None, state: str, code: int, message: str
) -> None:
    event = {
        "run_id": run_id,
        "status": state,
        "exit_code": code,
        "message": message,
        "db": str(db),
        "host": socket.gethostname(),
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    hooks.notify_failure(config.run, event, redact)


class ImportRefused(Exception):
    """Files an import cannot take; nothing is imported."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = reasons


def import_catalogs(
    db: Path,
    paths: list[Path],
    *,
    as_of: date | None = None,
    progress: Mode = "none",
    strict: bool = False,
    accept_drops: bool = False,
) -> RunSummary:
    """Copy catalog files in through the ordinary input path (they join the cache when the build
    goes live) and rebuild. Every FILE must be a catalog, else nothing is imported."""
    from etl.sources import catalog_file

    try:
        header_map = load_config(db).header_map
    except ValueError as exc:
        raise ImportRefused([str(exc)]) from exc
    chosen, refused = [], []
    for path in paths:
        if path.is_dir():
            for file in sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in catalog_file.SUFFIXES):
                try:
                    catalog_file.check(file, header_map)
                    chosen.append(file)
                except (ValueError, OSError) as exc:
                    print(f"standards-etl: skipped {file}: {exc}", file=sys.stderr)
            continue
        try:
            catalog_file.check(path, header_map)
            chosen.append(path)
        except FileNotFoundError:
            refused.append(f"{path}: no such file or directory")
        except (ValueError, OSError) as exc:
            refused.append(str(exc))
    names = Counter(catalog_file.cache_name(p) for p in chosen)
    refused += [f"several files would be kept as {name}: rename all but one" for name, n in names.items() if n > 1]
    if refused or not chosen:
        raise ImportRefused(refused or ["no catalog files in " + ", ".join(map(str, paths))])
    with tempfile.TemporaryDirectory(prefix="standards-import-") as folder:
        # Copies under their cache names: any file name is accepted, and none is mistaken for
        # another source's input (iso_*, samr_*).
        copies = [Path(shutil.copy2(p, Path(folder) / catalog_file.cache_name(p))) for p in chosen]
        return refresh(
            db,
            sources=[catalog_file.NAME],
            inputs=copies,
            as_of=as_of,
            progress=progress,
            strict=strict,
            accept_drops=accept_drops,
        )


def _report(summary: RunSummary) -> None:
    print(
        f"run {summary.run_id}: {summary.db} as of {summary.as_of} built in {summary.seconds:.1f} s"
        + (" (partial: some sources kept their previous data)" if summary.status == "partial" else "")
    )
    for run in summary.sources:
        r = run.result
        print(
            f"  {run.name:<12} {run.status:<9} read {r.rows_read:>8}  loaded {r.rows_loaded:>8}  "
            f"quarantined {r.rows_quarantined:>6}  {run.message}"
        )
    if summary.models_reused:
        print(f"  models       {len(summary.models_reused)} unchanged since the served build, reused")
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
