"""Benchmark: server-side time of each dashboard page, cold and warm cache.

    python bench/dashboard_pages.py [--factor 1] [--factor 10] [--repeat N] [--db PATH] [--work DIR]

Each page runs in Streamlit's ``AppTest`` (the whole script a browser request triggers: the entry
script with its sidebar filters, then the page) against a database built from the scaled inputs
(see scale_inputs.py; built once per scale and kept in the work folder), or against --db.

Every page is measured in a process of its own:

- first run: the process's first run of the page; imports of streamlit, plotly and pandas
  included (what the first visitor after a server start waits for);
- cold: ``st.cache_data`` cleared, the dashboard's DuckDB connection closed, a new session
  (what a visitor waits for right after a new build has been swapped in: every query goes to
  DuckDB, on a new connection to the new file);
- warm: a new session with the cache filled (what every later visitor waits for).

Time is the wall clock of ``AppTest.run()``. AppTest scans the installed packages for custom
components on every run (about 0.15 s); a server does that once at start, so the scan is cached
here as in the test suite. Targets at 1×: cold < 1 s and warm < 200 ms; at 10×: cold < 3 s.
"""

from __future__ import annotations

import argparse
import functools
import json
import statistics
import sys
import time
from pathlib import Path

from _common import ROOT, print_header, python_command, run_measured, table, verdict
from scale_inputs import Mix, add_mix_arguments, build_database, ensure_inputs, mixes

PAGES = ("overview", "catalog", "lagging", "overlap", "adoption", "participation", "data_status")
APP = ROOT / "streamlit_app.py"
TARGETS = {1.0: (1.0, 0.2), 10.0: (3.0, None)}  # factor: (cold, warm) in seconds
TIMEOUT = 120  # seconds per script run


def measure_page(page: str, repeat: int) -> dict[str, object]:
    """Inside the page's own process: first, cold and warm run times in seconds."""
    import streamlit as st
    from streamlit.components.v2 import manifest_scanner
    from streamlit.testing.v1 import AppTest

    from dashboard import data

    manifest_scanner.scan_component_manifests = functools.cache(manifest_scanner.scan_component_manifests)

    def run() -> tuple[float, list[str]]:
        at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
        if page != "overview":
            at.switch_page(f"dashboard/pages/{page}.py")
        start = time.perf_counter()
        at.run()
        seconds = time.perf_counter() - start
        problems = [str(e.value) for e in at.exception] + [str(e.value) for e in at.error]
        return seconds, problems

    first, problems = run()
    cold, warm = [], []
    for _ in range(repeat):
        st.cache_data.clear()
        data.release()  # as after a swap: a new connection, its buffer pool empty
        seconds, more = run()
        cold.append(seconds)
        warm.append(run()[0])
        problems += more
    return {"first": first, "cold": statistics.median(cold), "warm": statistics.median(warm), "problems": problems}


def built_database(work: Path, mix: Mix, inputs: Path) -> Path:
    """The database of ``mix``, built once through the ETL and kept for later runs."""
    db = mix.database(work)
    if not db.exists():
        print(f"building the {mix.label} database in {db.parent} …", flush=True)
        build_database(mix, inputs, db.parent)
    return db


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--page":
        print(json.dumps(measure_page(sys.argv[2], int(sys.argv[3]))))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_mix_arguments(parser, [1.0])
    parser.add_argument("--db", type=Path, help="served database to measure instead of building one")
    parser.add_argument("--repeat", type=int, default=3, help="cold and warm runs per page; the median is shown")
    parser.add_argument("--page", action="append", choices=PAGES, help="pages to measure (default: all)")
    args = parser.parse_args()
    targets = [(args.db.name, args.db, None)] if args.db else []
    if not args.db:
        for mix in mixes(args, [1.0]):
            db = built_database(args.work, mix, ensure_inputs(args.work, mix))
            targets.append((mix.label, db, mix.factor))
    print_header("Dashboard pages (server side, AppTest)")
    rows = []
    for label, db, factor in targets:
        config = db.parent / "bench-standards.toml"
        config.write_text("", encoding="utf-8")
        cold_target, warm_target = TARGETS.get(factor, (None, None))
        print(f"{label}: {db} ({db.stat().st_size / 1e6:,.0f} MB)")
        for page in args.page or PAGES:
            measured = run_measured(
                python_command(__file__, "--page", page, str(args.repeat)),
                env={"STANDARDS_DB": str(db), "STANDARDS_CONFIG": str(config)},
            )
            result = json.loads(measured.stdout.strip().splitlines()[-1])
            rows.append(
                [
                    label,
                    page,
                    round(result["first"] * 1000),
                    round(result["cold"] * 1000),
                    round(result["warm"] * 1000),
                    verdict(result["cold"], cold_target) if cold_target else "",
                    verdict(result["warm"], warm_target) if warm_target else "",
                    "; ".join(dict.fromkeys(result["problems"]))[:120] or "",
                ]
            )
    print(
        table(["scale", "page", "first run ms", "cold ms", "warm ms", "cold target", "warm target", "problems"], rows)
    )


if __name__ == "__main__":
    main()
