"""The deploy files run what the README says, the way the exit codes mean it."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from etl import cli
from tests.ops.conftest import ROOT

DEPLOY = ROOT / "deploy"


def unit(name: str) -> dict[str, dict[str, list[str]]]:
    """A systemd unit file as section -> key -> values (keys may repeat)."""
    sections: dict[str, dict[str, list[str]]] = {}
    current = None
    for line in (DEPLOY / name).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            current = sections.setdefault(line.strip("[]"), {})
        else:
            key, _, value = line.partition("=")
            current.setdefault(key.strip(), []).append(value.strip())
    return sections


def test_the_service_runs_a_refresh_and_counts_only_locked_as_success() -> None:
    service = unit("standards-etl.service")["Service"]
    assert service["Type"] == ["oneshot"]
    assert service["ExecStart"][0].endswith("standards-etl refresh --progress none")
    assert service["SuccessExitStatus"] == [str(cli.EXIT_LOCKED)]
    assert service["UMask"] == ["0027"]
    assert service["User"] != unit("standards-dashboard.service")["Service"]["User"]
    assert service["Group"] == unit("standards-dashboard.service")["Service"]["Group"]


def test_the_timer_is_nightly_and_catches_up() -> None:
    timer = unit("standards-etl.timer")["Timer"]
    assert re.fullmatch(r"\*-\*-\* \d\d:\d\d:\d\d", timer["OnCalendar"][0])
    assert timer["Persistent"] == ["true"]


def test_the_cron_line_runs_the_same_refresh() -> None:
    lines = [
        line
        for line in (DEPLOY / "crontab").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    assert len(lines) == 1
    minute, hour, *_ = lines[0].split()
    assert minute.isdigit() and hour.isdigit()
    assert "standards-etl refresh --progress none" in lines[0] and "umask 027" in lines[0]


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
def test_systemd_accepts_the_units(tmp_path: Path) -> None:
    units = tmp_path / "units"
    units.mkdir()
    for path in [*DEPLOY.glob("*.service"), *DEPLOY.glob("*.timer")]:
        shutil.copy(path, units)
    done = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", *sorted(str(p) for p in units.iterdir())],
        capture_output=True,
        text=True,
        timeout=60,
    )
    # The programs live on the deployment host, not here; anything else is a fault in the units.
    problems = [line for line in done.stderr.splitlines() if line and "is not executable" not in line]
    assert problems == []


def test_the_readme_and_the_cli_agree_on_the_exit_codes() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    operations = readme[readme.index("## Operations") :]
    codes = {cli.EXIT_OK: "ok", cli.EXIT_FAILED: "failed", cli.EXIT_PARTIAL: "partial", cli.EXIT_LOCKED: "locked"}
    codes[cli.EXIT_USAGE] = "usage"
    for code, word in codes.items():
        assert re.search(rf"^\| `{code}` \| {word}\b", operations, re.MULTILINE), f"exit code {code} ({word})"
        assert re.search(rf"^- {code} +{word}", cli.__doc__, re.MULTILINE), f"cli docstring: {code} ({word})"
