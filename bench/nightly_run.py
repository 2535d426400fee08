"""Benchmark: the nightly run on a day when nothing changed.

    python bench/nightly_run.py [--factor 1] [--repeat N] [--work DIR]

A database folder is built from the scaled inputs (see scale_inputs.py; default 1× real volume),
as an operator's first import would. Then ISO Open Data is served from a local HTTP server that
answers conditional requests (If-Modified-Since) with 304, the way ISO's storage does, and the
measured runs are:

- ``refresh --source iso``, same day: ISO answers 304 for every file and std.samr's cached
  catalog is unchanged, with the as-of date of the build before it (a second run on one day);
- ``refresh --offline``, same day: nothing is fetched; every source's cached inputs are unchanged;
- ``refresh --source iso``, next day: as the first, with the as-of date one day later each time (a
  real nightly run: ages and in-force dates move with the date, so the marts are evaluated anew).

std.samr has no conditional requests: its crawl resumes from the pages it has, so "unchanged"
here means the cached catalog is the one the served build was made from.

Each run is a subprocess, timed wall clock (interpreter start included); the median over
--repeat runs is shown. Target: under 5 s at 1×.
"""

from __future__ import annotations

import argparse
import functools
import os
import re
import shutil
import statistics
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import duckdb
from _common import AS_OF, Measured, mib, print_header, python_command, run_measured, table, verdict
from scale_inputs import add_mix_arguments, build_database, parse_mixes

from etl.sources import iso

DEFAULT_FACTORS = [1.0]
TARGET_SECONDS = 5.0
URL_ROOT = "opendata/_latest"
REUSED = re.compile(r"(\d+) models unchanged")


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


@contextmanager
def iso_server(inputs: Path, root: Path) -> Iterator[str]:
    """ISO's three default downloads (deliverables, the latest committee snapshot, ICS) under the
    official paths, with Last-Modified at the as-of date; yields the base URL."""
    latest = sorted(inputs.glob("iso_technical_committees_*.jsonl"))[-1]
    sources = {
        "iso_deliverables_metadata.jsonl": inputs / "iso_deliverables_metadata.jsonl",
        "iso_technical_committees.jsonl": latest,
        "ICS.csv": inputs / "ICS.csv",
    }
    stamp = datetime.combine(date.fromisoformat(AS_OF), time(6)).timestamp()
    for name, path in iso.DOWNLOADS.items():
        target = root / URL_ROOT / path
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(sources[name], target)
        os.utime(target, (stamp, stamp))
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host}:{port}/{URL_ROOT}"
    finally:
        server.shutdown()
        server.server_close()


def refresh(db: Path, env: dict[str, str], *args: str) -> Measured:
    return run_measured(python_command("-m", "etl", "refresh", "--db", str(db), "--progress", "none", *args), env=env)


def statuses(db: Path) -> str:
    """What the last run did per source, as its etl_run rows say, and how many models it reused."""
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(
            """SELECT source, status, message FROM etl_run
               WHERE run_id = (SELECT arg_max(run_id, started_at) FROM etl_run) ORDER BY source"""
        ).fetchall()
    reused = next((m for source, _, message in rows if source == "build" for m in REUSED.findall(message)), "0")
    return ", ".join(f"{source}:{status}" for source, status, _ in rows) + f"; {reused} models reused"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_mix_arguments(parser, DEFAULT_FACTORS)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each kind; the median is shown")
    args, inputs = parse_mixes(parser, DEFAULT_FACTORS)
    print_header("No-change nightly run")
    rows = []
    for mix in inputs:
        folder = args.work / "nightly"
        shutil.rmtree(folder, ignore_errors=True)
        with iso_server(inputs[mix], folder / "www") as url:
            first, db = build_database(mix, inputs[mix], folder / "db", {iso.BASE_URL_ENV: url})
            env = {"STANDARDS_CONFIG": str(db.parent / "standards.toml"), iso.BASE_URL_ENV: url}
            rows.append([mix.label, "first build (refresh --from)", first.seconds, round(mib(first.peak_rss_bytes)),
                         statuses(db), ""])  # fmt: skip
            # The first download stores ETag/Last-Modified beside each cached file; from then on ISO answers 304.
            download = refresh(db, env, "--source", "iso", "--as-of", AS_OF)
            rows.append([mix.label, "first download of ISO (200)", download.seconds,
                         round(mib(download.peak_rss_bytes)), statuses(db), ""])  # fmt: skip
            # Each next-day run moves the date once more, so that none of them finds its own date served.
            days = [(date.fromisoformat(AS_OF) + timedelta(days=k)).isoformat() for k in range(1, args.repeat + 1)]
            kinds = (
                ("no change, same day (--source iso: 304)", [("--source", "iso", "--as-of", AS_OF)] * args.repeat),
                ("no change, same day (--offline)", [("--offline", "--as-of", AS_OF)] * args.repeat),
                ("no change, next day (--source iso: 304)", [("--source", "iso", "--as-of", day) for day in days]),
            )
            for name, commands in kinds:
                runs = [refresh(db, env, *command) for command in commands]
                seconds = statistics.median(r.seconds for r in runs)
                peak = max(r.peak_rss_bytes for r in runs)
                rows.append([mix.label, name, seconds, round(mib(peak)), statuses(db),
                             verdict(seconds, TARGET_SECONDS)])  # fmt: skip
        shutil.rmtree(folder, ignore_errors=True)
    print(table(["scale", "run", "wall s", "peak RSS MiB", "sources", f"target < {TARGET_SECONDS:g} s"], rows))


if __name__ == "__main__":
    main()
