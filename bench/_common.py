"""What every benchmark script shares: the machine it ran on, the commit, timed subprocesses with
their peak memory, and plain-text tables.

Each figure that matters is taken in a subprocess of its own, so its peak memory is that of the
work measured (``ru_maxrss`` of that one child, from ``os.wait4``), not of the script around it.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_WORK = Path(os.environ.get("BENCH_WORK", Path(tempfile.gettempdir()) / "standards-bench"))
# The demo's committee snapshots and catalog states describe this day; every benchmark builds as of it.
AS_OF = "2026-11-01"


def machine() -> dict[str, str]:
    """CPU, cores, memory, OS and library versions, as a benchmark report names them."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024**2:.1f} GiB"
                break
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "memory": memory,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
    }


def load_average() -> str:
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:
        return "?"
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def commit() -> str:
    """HEAD, marked ``+changes`` when the working tree differs from it (figures then describe the tree)."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short=12", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + (" +changes" if dirty else "")


def print_header(title: str) -> None:
    """Machine, date, commit and load average: the context every figure needs."""
    info = machine()
    print(f"# {title}")
    print(f"date     {datetime.now(UTC).isoformat(timespec='seconds')}")
    print(f"commit   {commit()}")
    print(f"machine  {info['cpu']}, {info['cores']} cores, {info['memory']}, {info['os']}")
    print(f"software python {info['python']}, duckdb {info['duckdb']}")
    print(f"load     {load_average()} (1, 5, 15 min) at start")
    print()


@dataclass
class Measured:
    seconds: float
    peak_rss_bytes: int  # ru_maxrss of the child process alone
    returncode: int
    stdout: str
    stderr: str


def run_measured(
    command: Sequence[str], *, env: dict[str, str] | None = None, cwd: Path = ROOT, check: bool = True
) -> Measured:
    """Run ``command`` to completion: wall time and the peak resident memory of that process.

    ``os.wait4`` reports the rusage of exactly this child (its own children, if any, are not in it;
    the ETL runs in one process). Linux starts a child's peak from what the parent had resident
    when it forked, so the scripts do their heavy preparation in processes of their own.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env={**os.environ, **(env or {})}, stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        measured = Measured(
            seconds,
            usage.ru_maxrss * 1024,  # kilobytes on Linux
            process.returncode,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
        )
    if check and measured.returncode != 0:
        tail = "\n".join(measured.stderr.splitlines()[-15:])
        raise SystemExit(f"{' '.join(map(str, command))} exited {measured.returncode}:\n{tail}")
    return measured


def python_command(*args: str) -> list[str]:
    """The interpreter running this script, so that a benchmark uses the project's own environment."""
    return [sys.executable, *args]


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A Markdown table, aligned for reading in a terminal too."""
    cells = [[str(h) for h in headers], *[[_cell(v) for v in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]

    def line(row: list[str]) -> str:
        return "| " + " | ".join(value.ljust(width) for value, width in zip(row, widths, strict=True)) + " |"

    rule = "|" + "|".join("-" * (width + 2) for width in widths) + "|"
    return "\n".join([line(cells[0]), rule, *(line(row) for row in cells[1:])])


def _cell(value: object) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}" if abs(value) < 100 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def mib(size: int) -> float:
    return size / 1024**2


def verdict(value: float, target: float) -> str:
    return "met" if value < target else "MISSED"
