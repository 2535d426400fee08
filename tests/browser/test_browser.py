"""The dashboard in a real browser: serve the demo database, open the Overview, screenshot it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOT = ROOT / "docs" / "screenshots" / "overview.png"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
STARTUP_SECONDS = 60
CHART_MS = 60_000

pytestmark = [
    pytest.mark.browser,
    # Checked before any fixture runs, so a machine without chromium does not build the demo.
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is absent: install Debian's chromium"),
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_healthy(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"streamlit exited with {server.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)  # polling a health endpoint, not waiting for the page
    pytest.fail(f"streamlit not healthy after {STARTUP_SECONDS}s:\n{log.read_text()[-3000:]}")


@pytest.fixture
def dashboard_url(demo_db: Path, tmp_path: Path) -> Iterator[str]:
    """A streamlit server on a free loopback port serving the demo database."""
    port = _free_port()
    log = tmp_path / "streamlit.log"
    env = {**os.environ, "STANDARDS_DB": str(demo_db)}
    command = [
        sys.executable, "-m", "streamlit", "run", str(ROOT / "streamlit_app.py"),
        "--server.headless", "true",
        "--server.address", "127.0.0.1",
        "--server.port", str(port),
        "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
        "--client.toolbarMode", "viewer",
    ]  # fmt: skip
    with log.open("wb") as sink:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=sink, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}"
        _wait_healthy(url, server, log)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


def test_overview_renders_chart_and_screenshot(dashboard_url: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            # English, like the README the screenshot illustrates.
            page.goto(f"{dashboard_url}/?lang=en", wait_until="domcontentloaded")
            chart = page.locator('[data-testid="stPlotlyChart"] .main-svg').first
            chart.wait_for(state="visible", timeout=CHART_MS)
            page.locator('[data-testid="stMetric"]').first.wait_for(state="visible")
            page.get_by_text("Data as of").first.wait_for(state="visible")
            # Plotly draws bars after the svg appears; wait for them rather than a fixed time.
            page.locator('[data-testid="stPlotlyChart"] .point path, '
                         '[data-testid="stPlotlyChart"] .bars path').first.wait_for(
                state="attached", timeout=CHART_MS
            )  # fmt: skip
            assert page.locator('[data-testid="stException"]').count() == 0
            SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOT), full_page=False)
        finally:
            browser.close()
    assert SCREENSHOT.stat().st_size > 10_000
