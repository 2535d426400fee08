"""The thresholds and targets the marts were computed with.

The build stores them in ``metric_config``; those values win, because they are what the numbers
on screen mean. Configured values (standards.toml, then the defaults) fill any gap.
"""

from __future__ import annotations

from dataclasses import fields, replace

from dashboard import data
from etl import settings


def current() -> settings.Thresholds:
    try:
        base = settings.load_config(data.served_path()).metrics
    except (ValueError, OSError):
        base = settings.Thresholds()
    try:
        stored = data.metric_config()
    except data.DataUnavailable:
        stored = {}
    updates: dict[str, object] = {}
    for spec in fields(settings.Thresholds):
        raw = stored.get(spec.name)
        if raw is None:
            continue
        kind = type(getattr(base, spec.name))
        try:
            updates[spec.name] = kind(raw)
        except (TypeError, ValueError):
            continue  # an unreadable stored value: the configured one is the best guess
    return replace(base, **updates)


def years(value: float) -> str:
    """5.0 → '5', 7.5 → '7.5' for captions."""
    return f"{value:g}"


def percent(value: float, digits: int = 0) -> str:
    return f"{value * 100:.{digits}f}%"
