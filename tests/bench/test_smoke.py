"""The benchmarks that build databases run end to end at a hundredth of real volume: their
figures are not checked (timing belongs to the benchmarks), but that they measure what they say.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench"


def run(script: str, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, str(BENCH / script), "--factor", "0.01", *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_nightly_run_serves_unchanged_inputs_without_parsing_them(tmp_path: Path) -> None:
    out = run("nightly_run.py", "--repeat", "1", "--work", str(tmp_path))
    rows = {line.split("|")[2].strip(): line for line in out.splitlines() if line.startswith("| 0.01×")}
    assert set(rows) == {
        "first build (refresh --from)",
        "first download of ISO (200)",
        "no change, same day (--source iso: 304)",
        "no change, same day (--offline)",
        "no change, next day (--source iso: 304)",
    }
    for name, line in rows.items():
        if name.startswith("no change"):
            assert "iso:unchanged, samr:unchanged" in line
            assert re.search(r"; [1-9]\d* models reused", line), line
    assert "iso:ok" in rows["first build (refresh --from)"]


def test_full_build_reports_the_floor_and_the_build(tmp_path: Path) -> None:
    out = run("full_build.py", "--work", str(tmp_path))
    assert "floor: DuckDB read_json/read_csv" in out
    assert "full build (refresh --from)" in out
    assert "Phases of the build" in out
