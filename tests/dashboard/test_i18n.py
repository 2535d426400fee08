"""Every label exists in Chinese and English, and every key the code asks for exists."""

from __future__ import annotations

import re
import string
from pathlib import Path

from dashboard.components import charts, filters, i18n, kpi
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
    built |= {f"measure.{code}" for code in charts.MEMBERSHIP_COLOURS}
    built |= {f"kpi.{name}.short" for name in kpi.ORDER}
    built |= {f"level_word.{code}" for code in charts.LEVEL_COLOURS}
    built |= {f"std_status.{code}" for code in filters.STATUS_ORDER}
    built |= {f"filter.name.{name}" for name in filters.DIMENSIONS}
    built |= {f"def.{metric}" for metric in charts.METRICS} | {f"def.{metric}.name" for metric in charts.METRICS}
    assert sorted(built - set(i18n.TEXT)) == []


def test_definitions_name_their_anchor_plainly() -> None:
    """Anchors are the metric names themselves: lowercase words joined by underscores."""
    assert all(metric.replace("_", "").isalpha() and metric.islower() for metric in charts.METRICS)


def test_every_explained_metric_has_a_definition() -> None:
    used = set()
    for source in SOURCES:
        used |= set(re.findall(r"\.explain\(.*?,\s*\"([a-z_]+)\"\)", source.read_text("utf-8"), re.S))
    assert used, "no explain(...) calls found"
    assert sorted(used - set(charts.METRICS)) == []


def test_dates_are_written_the_readers_way(monkeypatch) -> None:
    monkeypatch.setattr(i18n, "current_lang", lambda: "zh")
    assert i18n.date_text("2025-06-30") == "2025年6月30日"
    monkeypatch.setattr(i18n, "current_lang", lambda: "en")
    assert i18n.date_text("2025-06-30") == "30 Jun 2025"
    assert i18n.moment_text("2025-06-30 02:15:09") == "30 Jun 2025 02:15"
    assert i18n.date_text(None) == "—"


def test_unknown_code_is_shown_as_itself() -> None:
    assert i18n.label("level", "supranational") == "supranational"
