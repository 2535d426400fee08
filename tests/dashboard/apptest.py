"""Driving the app with Streamlit's AppTest: open a page with query parameters, read it back."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from streamlit.testing.v1 import AppTest

APP = Path(__file__).resolve().parents[2] / "streamlit_app.py"
PAGES = ("overview", "catalog", "lagging", "overlap", "adoption", "participation", "data_status")
TIMEOUT = 30  # seconds per script run; the first run imports plotly and pandas


def open_app(page: str = "overview", *, user: dict[str, Any] | None = None, **query: str | list[str]) -> AppTest:
    """Run the app as a browser would open ?query on page, and return the finished run.

    AppTest runs the entry script, which registers the pages with st.navigation; a page
    chosen with switch_page before the first run is the one that run renders, as a browser
    opening /<page>?query would. A list value repeats the parameter (?level=a&level=b); user
    is what st.user reads.
    """
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    if user is not None:
        at.user = user
    at.query_params.update(query)
    if page != "overview":
        at.switch_page(f"dashboard/pages/{page}.py")
    return at.run()


def texts(elements: Iterable[Any]) -> list[str]:
    """The values of AppTest elements (captions, warnings, titles …)."""
    return [element.value for element in elements]


def metrics(at: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in at.metric}


def charts(at: AppTest) -> list:
    return list(at.get("plotly_chart"))


def table_rows(at: AppTest) -> list[int]:
    """Row counts of the tables on the page, in page order."""
    return [len(frame.value) for frame in at.dataframe]


def assert_clean(at: AppTest) -> None:
    """No exception and no error box on the page."""
    assert not at.exception, texts(at.exception)
    assert not at.error, texts(at.error)
