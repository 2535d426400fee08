"""Fixtures of the operations suite: a served database built from the tiny inputs, the ETL run as
a separate process (so it can be killed), and a loopback receiver for the failure webhook."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from etl import build, hooks, settings
from tests.conftest import deliverable, query, write_tiny_inputs

ROOT = Path(__file__).resolve().parents[2]
AS_OF = date(2026, 1, 1)


def served_run_id(db: Path) -> str:
    return query(db, "SELECT run_id FROM build_info")[0][0]


@pytest.fixture(autouse=True)
def _no_stray_config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Every test starts from the defaults, whatever standards.toml lies around; tests that need
    settings write this file."""
    config = tmp_path / "standards.toml"
    config.write_text("", encoding="utf-8")
    monkeypatch.setenv(settings.CONFIG_ENV, str(config))
    monkeypatch.delenv(hooks.PAUSE_ENV, raising=False)
    return config


@pytest.fixture
def config_file(_no_stray_config: Path) -> Path:
    """The configuration the run under test reads ($STANDARDS_CONFIG)."""
    return _no_stray_config


@pytest.fixture(scope="session")
def _seed_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("seed")
    (root / "standards.toml").write_text("", encoding="utf-8")
    db = root / "served" / "standards.duckdb"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(settings.CONFIG_ENV, str(root / "standards.toml"))
        build.refresh(db, inputs=[write_tiny_inputs(root)], as_of=AS_OF, progress="none")
    return db


@pytest.fixture
def served_db(tmp_path: Path, _seed_db: Path) -> Path:
    """A served database built from the tiny inputs (ISO and std.samr), its inputs in its cache:
    built once, copied for each test."""
    shutil.copytree(_seed_db.parent, tmp_path / "served")
    return tmp_path / "served" / _seed_db.name


@pytest.fixture
def newer_inputs(tmp_path: Path, tiny_inputs: Path) -> Path:
    """The ISO deliverables of the tiny inputs with one more standard: a run that must parse."""
    folder = tmp_path / "newer"
    folder.mkdir()
    lines = (tiny_inputs / "iso_deliverables_metadata.jsonl").read_text(encoding="utf-8")
    extra = deliverable(7, "ISO 10791-7:2020", 6060, publicationDate="2020-05-01")
    (folder / "iso_deliverables_metadata.jsonl").write_text(lines + json.dumps(extra) + "\n", encoding="utf-8")
    return folder


@dataclass
class EtlProcess:
    """`python -m etl …` in its own process, its stderr collected line by line as it arrives."""

    process: subprocess.Popen
    lines: list[str] = field(default_factory=list)

    def wait_for(self, text: str, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(text in line for line in self.lines):
                return
            if self.process.poll() is not None:
                time.sleep(0.1)  # let the reader drain the last lines
                break
            time.sleep(0.02)
        raise AssertionError(f"no {text!r} on stderr; exit {self.process.poll()}; stderr: {self.lines}")

    def kill9(self) -> None:
        self.process.kill()  # SIGKILL: no handler, no cleanup, no flush
        self.process.wait(timeout=10)

    def finish(self, timeout: float = 60.0) -> int:
        return self.process.wait(timeout=timeout)


@pytest.fixture
def start_etl() -> Iterator:
    """Start the ETL CLI as a process; ``pause_at`` stops it at a named step (etl.hooks.pause_point)."""
    started: list[EtlProcess] = []

    def start(*args: str, pause_at: str | None = None, env: dict[str, str] | None = None) -> EtlProcess:
        environ = {**os.environ, **(env or {})}
        if pause_at:
            environ[hooks.PAUSE_ENV] = pause_at
        process = subprocess.Popen(
            [sys.executable, "-m", "etl", *args],
            cwd=ROOT,
            env=environ,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        running = EtlProcess(process)
        threading.Thread(target=lambda: running.lines.extend(process.stderr), daemon=True).start()
        started.append(running)
        return running

    yield start
    for running in started:
        if running.process.poll() is None:
            running.kill9()


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: dict


class HookReceiver:
    """An HTTP server on loopback that records POSTs, as a webhook endpoint would."""

    def __init__(self) -> None:
        self.received: list[Received] = []
        received = self.received

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
                pass

            def do_POST(self) -> None:  # noqa: N802 - the base class's name
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                received.append(Received(self.path, dict(self.headers), json.loads(body)))
                self.send_response(204)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
        self.thread.start()

    @property
    def port(self) -> int:
        return self.server.server_address[1]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def hook_receiver() -> Iterator[HookReceiver]:
    receiver = HookReceiver()
    yield receiver
    receiver.close()
