"""The dashboard in a real browser (Debian's chromium): links, language, downloads, chart clicks.

One streamlit server serves the demo database to every test of this module. Each page is
screenshotted into docs/screenshots/, which the README shows.
"""

from __future__ import annotations

import csv
import io
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = ROOT / "docs" / "screenshots"
PAGE_TITLES = {
    "overview": "Overview",
    "catalog": "Catalog",
    "lagging": "Lagging",
    "overlap": "Overlap",
    "adoption": "Adoption",
    "participation": "Participation",
    "data_status": "Data status",
}
PAGES = tuple(PAGE_TITLES)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1400, "height": 1000}
SCREENSHOT_SIZE = {"width": 1400, "height": 1600}
STARTUP_SECONDS = 60
RENDER_MS = 60_000
FOOTER = "Contains information from ISO Open Data"

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


@pytest.fixture(scope="module")
def dashboard_url(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A streamlit server on a free loopback port serving the demo database."""
    folder = tmp_path_factory.mktemp("browser")
    port = _free_port()
    log = folder / "streamlit.log"
    config = folder / "standards.toml"  # defaults only: a stray standards.toml must not leak in
    config.write_text("", encoding="utf-8")
    env = {**os.environ, "STANDARDS_DB": str(demo_db), "STANDARDS_CONFIG": str(config)}
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


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True, color_scheme="light")
    try:
        yield context.new_page()
    finally:
        context.close()


def settle(page: object, footer: str = FOOTER, charts: bool = True) -> None:
    """Wait until the script run has finished (the footer is drawn last) and its charts are drawn.

    Plotly's code loads on demand, so a chart can appear after the footer: the first chart's
    svg is awaited, then every chart's.
    """
    if charts:
        page.locator('[data-testid="stPlotlyChart"] .main-svg').first.wait_for(state="visible", timeout=RENDER_MS)
    page.get_by_text(footer).first.wait_for(state="visible", timeout=RENDER_MS)
    page.wait_for_function(
        """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
                 .every(chart => chart.querySelector('.main-svg .infolayer'))""",
        timeout=RENDER_MS,
    )
    assert page.locator('[data-testid="stException"]').count() == 0


def open_page(page: object, url: str, footer: str = FOOTER) -> None:
    page.goto(url, wait_until="domcontentloaded")
    settle(page, footer)


def query_demo(demo_db: Path, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(demo_db), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def _screenshot(page: object, name: str) -> Path:
    """The top of the page, tall enough to show its first charts, with the pointer out of the way."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.mouse.move(VIEWPORT["width"] - 5, VIEWPORT["height"] - 5)
    page.set_viewport_size(SCREENSHOT_SIZE)
    try:
        page.wait_for_timeout(400)  # the layout follows the new height; nothing else to wait on
        page.screenshot(path=str(path))
    finally:
        page.set_viewport_size(VIEWPORT)
    assert path.stat().st_size > 20_000
    return path


def location(page: object) -> str:
    """The address bar: Streamlit rewrites it with replaceState, which page.url does not follow."""
    return page.evaluate("location.href")


def wait_for_param(page: object, fragment: str) -> None:
    page.wait_for_function("f => location.search.includes(f)", arg=fragment, timeout=RENDER_MS)


# --- every page, screenshotted --------------------------------------------------------------


def test_every_page_renders_and_is_screenshotted(dashboard_url: str, page: object) -> None:
    """Open the Overview, then walk the sidebar's pages as a reader would; screenshot each."""
    # English, like the README the screenshots illustrate.
    open_page(page, f"{dashboard_url}/?lang=en")
    for name in PAGES:
        if name != "overview":
            page.locator('[data-testid="stSidebarNav"] a', has_text=PAGE_TITLES[name]).click()
            page.get_by_role("heading", name=PAGE_TITLES[name]).wait_for(timeout=RENDER_MS)
            settle(page)
        assert page.locator('[data-testid="stPlotlyChart"]').count() >= 1, name
        assert page.get_by_text("Demo data: generated, not real standards").is_visible()
        assert "lang=en" in location(page)  # the language survives page changes
        _screenshot(page, name)


def test_overview_in_chinese_and_dark(dashboard_url: str, browser: object) -> None:
    context = browser.new_context(viewport=VIEWPORT, color_scheme="dark")
    try:
        page = context.new_page()
        open_page(page, f"{dashboard_url}/", footer="含有来自 ISO 开放数据的信息")
        assert page.get_by_role("heading", name="概览").is_visible()
        # Streamlit follows the system's dark scheme; the charts follow Streamlit.
        background = page.evaluate(
            "() => getComputedStyle(document.querySelector('[data-testid=\"stApp\"]')).backgroundColor"
        )
        red, green, blue = map(int, re.findall(r"\d+", background)[:3])
        assert red + green + blue < 150, background
        _screenshot(page, "overview_zh_dark")
    finally:
        context.close()


# --- the flows of the issue -----------------------------------------------------------------


def test_shared_link_opens_the_filtered_view(dashboard_url: str, page: object, demo_db: Path) -> None:
    ((current,),) = query_demo(
        demo_db,
        "SELECT count(DISTINCT std_id) FROM mart_standard WHERE status = 'current' AND sector = '25' "
        "AND level = 'national'",
    )

    open_page(page, f"{dashboard_url}/lagging?lang=en&sector=25&level=national")

    assert page.get_by_text("Scope: 25 Manufacturing engineering · National").first.is_visible()
    tile = page.locator('[data-testid="stMetric"]', has_text="Current standards")
    assert tile.locator('[data-testid="stMetricValue"]').inner_text() == f"{current:,}"
    # The share chart is drawn per level within the sector, and only the chosen level is there.
    chart = page.locator(".st-key-lagging-shares-level")
    assert [tick.text_content() for tick in chart.locator(".ytick text").all()] == ["National"]
    assert "sector=25&level=national" in location(page)


def test_download_csv_then_switch_language(dashboard_url: str, page: object, demo_db: Path, tmp_path: Path) -> None:
    expected = query_demo(
        demo_db,
        "SELECT DISTINCT reference FROM mart_standard WHERE sector = '25' AND level = 'national' "
        "AND status = 'current'",
    )
    open_page(page, f"{dashboard_url}/catalog?lang=en&sector=25&level=national&status=current")

    with page.expect_download() as event:
        page.get_by_role("button", name="Download CSV").first.click()
    saved = tmp_path / event.value.suggested_filename
    event.value.save_as(saved)

    assert saved.name == "standards.csv"
    rows = list(csv.DictReader(io.StringIO(saved.read_text(encoding="utf-8-sig"))))
    assert sorted(row["Reference"] for row in rows) == sorted(reference for (reference,) in expected)
    assert {row["Level"] for row in rows} == {"National"}

    page.locator('[data-testid="stSidebar"]').get_by_text("中文", exact=True).click()
    page.get_by_role("heading", name="标准目录").wait_for(timeout=RENDER_MS)
    settle(page, footer="含有来自 ISO 开放数据的信息")

    assert page.get_by_text("范围：25 机械制造 · 国家标准 · 现行").first.is_visible()
    assert page.get_by_role("button", name="下载 CSV").first.is_visible()
    # Chinese is the default, so the link drops lang= and keeps the filters.
    assert "lang=" not in location(page) and "sector=25" in location(page)


def test_clicking_a_bar_filters_by_its_sector(dashboard_url: str, page: object, demo_db: Path) -> None:
    # The worst sector is the chart's first bar.
    ((worst, name),) = query_demo(
        demo_db,
        """SELECT m.sector, any_value(s.title_en)
           FROM mart_standard m JOIN sector s ON s.code = m.sector AND s.depth = 1
           WHERE m.status = 'current' GROUP BY m.sector
           ORDER BY count(DISTINCT std_id) FILTER (WHERE overdue_review) / count(DISTINCT std_id) DESC,
                    m.sector LIMIT 1""",
    )
    open_page(page, f"{dashboard_url}/lagging?lang=en")
    first_bar = page.locator(".st-key-lagging-shares-sector .trace.bars .point path").first
    # Centred, clear of the app's header that covers the top of the window.
    first_bar.evaluate("bar => bar.scrollIntoView({block: 'center'})")
    box = first_bar.bounding_box()

    # A click on the plot goes to plotly's drag layer above the bars, as a user's does.
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    wait_for_param(page, f"sector={worst}")
    page.locator(".st-key-lagging-shares-level").wait_for(timeout=RENDER_MS)
    settle(page)

    assert page.get_by_text(f"Scope: {worst} {name}").first.is_visible()
