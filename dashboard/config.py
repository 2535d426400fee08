"""Dashboard options from standards.toml: sign-in and where metric definitions are published.

The ETL's settings module reads the sections it needs and ignores these, so they are read here
from the same file (``$STANDARDS_CONFIG``, else beside the database, else the project's)::

    [auth]
    required = true            # sign in with OIDC before seeing anything (default false)
    provider = "company"       # a named provider of .streamlit/secrets.toml (default: [auth] itself)

    [dashboard]
    docs_url = "https://git.example.org/standards/blob/main/docs/metrics.md"
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass

from dashboard import data
from etl import settings


class ConfigError(ValueError):
    """standards.toml cannot be read, or a dashboard key has the wrong type."""


@dataclass(frozen=True)
class Options:
    auth_required: bool = False
    auth_provider: str | None = None
    docs_url: str | None = None


def _typed(raw: dict, section: str, key: str, kind: type, where: object) -> object:
    value = raw.get(section, {}).get(key)
    if value is not None and not isinstance(value, kind):
        raise ConfigError(f"{where}: [{section}] {key} must be a {kind.__name__}, not {value!r}")
    return value


def options() -> Options:
    """The dashboard's options; raises ConfigError rather than guessing about sign-in."""
    path = settings.config_path(data.served_path())
    if path is None:
        return Options()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}") from exc
    if not all(isinstance(raw.get(section, {}), dict) for section in ("auth", "dashboard")):
        raise ConfigError(f"{path}: [auth] and [dashboard] must be tables")
    return Options(
        auth_required=bool(_typed(raw, "auth", "required", bool, path)),
        auth_provider=_typed(raw, "auth", "provider", str, path),  # type: ignore[arg-type]
        docs_url=_typed(raw, "dashboard", "docs_url", str, path),  # type: ignore[arg-type]
    )
