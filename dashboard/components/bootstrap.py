"""First start: when there is no served database yet, build the demo one through the ETL.

The ETL runs as a subprocess (the dashboard never writes the database itself) and reports
``progress <done>/<total> <label>`` lines on stdout, shown here as a progress bar. Exit code 3
means another ETL process holds the lock; its message is shown with a retry button.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import streamlit as st

from dashboard import data
from dashboard.components.i18n import t
from etl import settings

LOCKED_EXIT_CODE = 3
_PROGRESS = re.compile(r"^progress\s+(\d+)\s*/\s*(\d+)\s*(.*)$")
_OUTCOME_KEY = "_bootstrap_outcome"
_TAIL_LINES = 30
# One build per server process: other sessions that arrive meanwhile wait for it instead of
# starting a second ETL that would only find the lock taken.
_BUILD_LOCK = threading.Lock()


@dataclass
class BuildOutcome:
    command: list[str]
    returncode: int
    stderr_tail: list[str] = field(default_factory=list)
    stdout_tail: list[str] = field(default_factory=list)

    @property
    def locked(self) -> bool:
        return self.returncode == LOCKED_EXIT_CODE


def demo_build_command(path: Path) -> list[str]:
    """The ETL invocation that builds the demo database at path."""
    return [sys.executable, "-m", "etl", "demo", "--db", str(path), "--progress", "lines"]


def parse_progress(line: str) -> tuple[int, int, str] | None:
    """(done, total, label) from a 'progress 3/10 label' line, else None."""
    match = _PROGRESS.match(line.strip())
    if not match:
        return None
    return int(match[1]), int(match[2]), match[3].strip()


def run_demo_build(path: Path, on_progress: Callable[[int, int, str], None] = lambda *_: None) -> BuildOutcome:
    """Run the ETL's demo build, reporting progress lines as they arrive."""
    command = demo_build_command(path)
    stderr_tail: deque[str] = deque(maxlen=_TAIL_LINES)
    stdout_tail: deque[str] = deque(maxlen=_TAIL_LINES)
    try:
        process = subprocess.Popen(
            command,
            cwd=settings.PROJECT_ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            errors="replace",
            bufsize=1,
        )
    except OSError as exc:
        return BuildOutcome(command, -1, [str(exc)])
    # stderr is drained on its own thread so a chatty ETL cannot fill the pipe and stall.
    reader = threading.Thread(
        target=lambda: stderr_tail.extend(line.rstrip("\n") for line in process.stderr),
        daemon=True,
    )
    reader.start()
    for line in process.stdout:
        progress = parse_progress(line)
        if progress is None:
            stdout_tail.append(line.rstrip("\n"))
        else:
            on_progress(*progress)
    returncode = process.wait()
    reader.join(timeout=5)
    return BuildOutcome(command, returncode, list(stderr_tail), list(stdout_tail))


def _show_outcome(outcome: BuildOutcome) -> None:
    message = "\n".join(outcome.stderr_tail or outcome.stdout_tail)
    if outcome.locked:
        st.warning(t("bootstrap.locked"), icon=":material/lock_clock:")
        if message:
            st.code(message, language=None)
    else:
        st.error(t("bootstrap.failed", code=outcome.returncode), icon=":material/error:")
        if message:
            st.caption(t("bootstrap.stderr"))
            st.code(message, language=None)
        st.caption(t("bootstrap.by_hand"))
        st.code(shlex.join(outcome.command), language="bash")
    if st.button(t("bootstrap.retry"), icon=":material/refresh:", type="primary"):
        st.session_state.pop(_OUTCOME_KEY, None)
        st.rerun()


def ensure_served_database() -> None:
    """Return when the served database exists (pinned for this run); else build it or stop."""
    path = data.served_path()
    if path.exists():
        st.session_state.pop(_OUTCOME_KEY, None)
        data.pin_snapshot()
        return
    st.title(t("bootstrap.title"))
    outcome: BuildOutcome | None = st.session_state.get(_OUTCOME_KEY)
    if outcome is None:
        st.info(t("bootstrap.intro", path=path), icon=":material/construction:")
        if not _BUILD_LOCK.acquire(blocking=False):
            with st.spinner(t("bootstrap.waiting")):
                _BUILD_LOCK.acquire()
            _BUILD_LOCK.release()
            st.rerun()
        try:
            bar = st.progress(0.0, text=t("bootstrap.starting"))

            def on_progress(done: int, total: int, label: str) -> None:
                bar.progress(min(done / total, 1.0) if total else 0.0, text=f"{done}/{total} · {label}")

            outcome = run_demo_build(path, on_progress)
        finally:
            _BUILD_LOCK.release()
        if outcome.returncode == 0 and path.exists():
            st.rerun()
        st.session_state[_OUTCOME_KEY] = outcome
    _show_outcome(outcome)
    st.stop()
