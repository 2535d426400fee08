"""Optional sign-in: off by default; when standards.toml requires it, nothing shows before it."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl import settings
from tests.dashboard.apptest import assert_clean, metrics, open_app, texts

SIGNED_OUT = {"is_logged_in": False}
SIGNED_IN = {"is_logged_in": True, "name": "Li Wei", "email": "li.wei@example.org"}


@pytest.fixture
def config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    def write(text: str) -> Path:
        path = tmp_path / "standards.toml"
        path.write_text(text, encoding="utf-8")
        monkeypatch.setenv(settings.CONFIG_ENV, str(path))
        return path

    return write


def test_off_by_default_nothing_changes(served: Path) -> None:
    at = open_app("overview", lang="en", user=SIGNED_OUT)

    assert_clean(at)
    assert metrics(at)["Current standards"] == "9"
    assert not [button for button in at.button if button.label in ("Sign in", "Sign out")]


def test_required_sign_in_shows_only_the_prompt(served: Path, config) -> None:
    config("[auth]\nrequired = true\n")

    at = open_app("catalog", lang="en", user=SIGNED_OUT, sector="25")

    assert_clean(at)
    assert texts(at.title) == ["Standardization metrics"]
    assert any("for signed-in users" in i for i in texts(at.info))
    assert not metrics(at) and not at.dataframe and not at.get("plotly_chart")
    assert [button.label for button in at.button] == ["Sign in"]


def test_sign_in_without_provider_setup_says_what_is_missing(served: Path, config) -> None:
    config("[auth]\nrequired = true\n")
    at = open_app("overview", lang="en", user=SIGNED_OUT)

    at.button(key="auth-sign-in").click().run()

    assert not at.exception, texts(at.exception)
    assert any("Sign-in is not set up" in e and "secrets.toml" in e for e in texts(at.error))
    assert not metrics(at)


def test_signed_in_user_sees_the_dashboard(served: Path, config) -> None:
    config('[auth]\nrequired = true\nprovider = "company"\n')

    at = open_app("overview", lang="en", user=SIGNED_IN)

    assert_clean(at)
    assert metrics(at)["Current standards"] == "9"
    assert "Signed in as Li Wei" in texts(at.sidebar.caption)
    assert at.button(key="auth-sign-out").label == "Sign out"


@pytest.mark.parametrize("text", ['[auth]\nrequired = "yes"\n', "[auth\nrequired = true\n"])
def test_unreadable_auth_setting_keeps_the_dashboard_closed(served: Path, config, text: str) -> None:
    config(text)

    at = open_app("overview", lang="en", user=SIGNED_IN)

    assert not at.exception
    assert any("configuration cannot be read" in e for e in texts(at.error))
    assert not metrics(at)
