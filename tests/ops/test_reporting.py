"""Log lines a journal can read: one line per event, with the journal's priority when stderr is
the journal, secrets masked, key=value pairs quoted where needed."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

import pytest

from etl import hooks

log = logging.getLogger("etl.test")


def emit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, journal: bool) -> list[str]:
    sink = tmp_path / "stderr.log"
    with sink.open("w", encoding="utf-8") as stream, monkeypatch.context() as patch:
        patch.setattr(sys, "stderr", stream)
        stat = os.fstat(stream.fileno())
        patch.setenv("JOURNAL_STREAM", f"{stat.st_dev}:{stat.st_ino}" if journal else "0:0")
        hooks.setup_logging(hooks.Redactor(environ={"SAMR_API_TOKEN": "tok-abcdef"}))
        log.error("checks failed:\n  - table standard is empty\n  - key tok-abcdef\x1b[31m")
        log.info(hooks.fields(run="r1", source="iso", status="held_back", message="standards fell from 5 to 1"))
    hooks.setup_logging(hooks.Redactor())  # the journal check is made once, when logging is set up
    return sink.read_text(encoding="utf-8").splitlines()


def test_under_the_journal_each_event_is_one_line_with_its_priority(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = emit(tmp_path, monkeypatch, journal=True)

    assert lines == [
        "<3>ERROR etl.test: checks failed: | - table standard is empty | - key ***?[31m",
        '<6>INFO etl.test: run=r1 source=iso status=held_back message="standards fell from 5 to 1"',
    ]


def test_elsewhere_each_event_is_one_timestamped_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lines = emit(tmp_path, monkeypatch, journal=False)

    assert len(lines) == 2
    assert lines[0][:4].isdigit() and " ERROR etl.test: checks failed: | - table standard is empty" in lines[0]
    assert "tok-abcdef" not in lines[0]
