"""Every label exists in Chinese and English, and every key the code asks for exists."""

from __future__ import annotations

import re
import string
from pathlib import Path

from dashboard.components import charts, i18n, kpi
from tests.dashboard.apptest import PAGES

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [ROOT / "streamlit_app.py", *sorted((ROOT / "dashboard").rglob("*.py"))]


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_both_languages_present_with_same_placeholders() -> None:
    incomplete = [key for key, (zh, en) in i18n.TEXT.items() if not (zh.strip() and en.strip())]
    mismatched = [key for key, (zh, en) in i18n.TEXT.items() if _fields(zh) != _fields(en)]
    assert incomplete == []
    assert mismatched == []


def test_every_literal_key_exists() -> None:
    used = set()
    for source in SOURCES:
        used |= set(re.findall(r"\bt\(\s*\"([a-z_]+\.[a-z_.]+)\"", source.read_text("utf-8")))
    assert used, "no t(...) calls found"
    assert sorted(used - set(i18n.TEXT)) == []


def test_every_built_key_exists() -> None:
    built = {f"page.{page}" for page in PAGES}
    built |= {f"kpi.{name}" for name in kpi.ORDER} | {f"kpi.{name}.help" for name in kpi.ORDER}
    built |= {f"status.{status}" for status in kpi.STATUS_COLOURS}
    built |= {f"level.{code}" for code in charts.LEVEL_COLOURS}
    built |= {f"degree.{code}" for code in charts.DEGREE_COLOURS}
    built |= {f"kind.{code}" for code in charts.KIND_COLOURS}
    built |= {f"run_status.{code}" for code in charts.RUN_STATUS_COLOURS}
    assert sorted(built - set(i18n.TEXT)) == []


def test_unknown_code_is_shown_as_itself() -> None:
    assert i18n.label("level", "supranational") == "supranational"
