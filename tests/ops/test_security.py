"""Security: link parameters never reach SQL as text, titles are shown as text, downloads are
size-capped, and no secret reaches a log, the run log, the failure log or a hook."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
import requests
from streamlit.testing.v1 import AppTest

from dashboard.components import filters
from etl import cli, http, settings
from tests.conftest import query, sha256
from tests.dashboard.apptest import PAGES, assert_clean, open_app
from tests.dashboard.fixture_db import build_fixture_db
from tests.loopback import LoopbackServer
from tests.ops.conftest import AS_OF, HookReceiver

# Every parameter a link can carry: the filters the dashboard declares, and those the issue names.
PARAMETERS = sorted(
    {
        *getattr(filters, "FILTER_PARAMS", ()),
        filters.LANG_KEY,
        "sector",
        "level",
        "publisher",
        "status",
        "from",
        "to",
        "member",
        "lang",
    }
)
INJECTIONS = (
    "25' OR 1=1 --",
    "1; DROP TABLE standard",
    "25') UNION SELECT run_id, run_id FROM etl_run --",
    "<script>alert(1)</script>",
)
TITLE = "<script>alert(1)</script><b>x</b>"


@pytest.fixture(scope="module")
def attacked_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The dashboard's fixture database with a title full of HTML in every mart that shows titles."""
    db = build_fixture_db(tmp_path_factory.mktemp("attacked") / "standards.duckdb")
    with duckdb.connect(str(db)) as con:
        for table, changes in (
            ("mart_standard", f"title_zh = '{TITLE}', title_en = '{TITLE}', reference = '<b>0</b>', age_years = 999"),
            ("mart_overlap", f"title_a = '{TITLE}', title_b = '{TITLE}', similarity = 1.0"),
            ("mart_conversion", f"title_en = '{TITLE}', adopted = false"),
            ("mart_adoption", f"title = '{TITLE}'"),
            ("mart_committee_members", f"title = '{TITLE}'"),
        ):
            con.execute(f"UPDATE {table} SET {changes} WHERE rowid = (SELECT min(rowid) FROM {table})")  # noqa: S608 - test constants
        con.execute("CHECKPOINT")
    return db


@pytest.fixture
def serving(attacked_db: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv(settings.DB_ENV, str(attacked_db))
    before = sha256(attacked_db)
    yield attacked_db
    assert sha256(attacked_db) == before, "a page changed the served database"


def url_values(at: AppTest) -> list[str]:
    """Every value left in the page's URL."""
    return [v for value in at.query_params.values() for v in ([value] if isinstance(value, str) else value)]


@pytest.mark.parametrize("page", PAGES)
def test_injection_strings_in_every_parameter_are_refused_on_every_page(serving: Path, page: str) -> None:
    # First every classic payload in one value of every parameter, then each payload as a value of
    # its own in a repeated parameter (?sector=a&sector=b), for filters that read them all.
    for values in ("".join(INJECTIONS), list(INJECTIONS)):
        at = open_app(page, **dict.fromkeys(PARAMETERS, values))
        assert_clean(at)
        assert not [v for v in url_values(at) if any(p in v for p in INJECTIONS)]
    assert query(serving, "SELECT count(*) > 0 FROM mart_standard") == [(True,)]


def _elements(node: object) -> Iterator[object]:
    children = getattr(node, "children", None)
    if children is None:
        yield node
        return
    for child in children.values():
        yield from _elements(child)


@pytest.mark.parametrize("page", ["catalog", "lagging", "overlap", "adoption", "participation"])
def test_titles_with_html_are_shown_as_text(serving: Path, page: str) -> None:
    at = open_app(page, lang="en")

    assert_clean(at)
    shown = [e for root in (at.main, at.sidebar) for e in _elements(root)]
    for element in shown:
        value = getattr(element, "value", None)
        text = value if isinstance(value, str) else str(getattr(getattr(element, "proto", None), "body", ""))
        if "<script>" in text:
            assert element.type not in ("html", "iframe"), f"{page}: a title reaches the page as HTML"
            assert not getattr(element, "allow_html", False), f"{page}: a title is rendered with unsafe_allow_html"
    if page == "catalog":
        assert any(table.value.isin([TITLE]).any().any() for table in at.dataframe), "the title is not in a table"


def test_whole_body_answers_are_size_capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "page.json"
    big.write_bytes(b'{"rows": [' + b'"x",' * 5000 + b'"x"]}')
    monkeypatch.setattr(http, "MAX_BYTES", 4096)
    with LoopbackServer({"/page": big, "/chunked": big}) as server:
        with pytest.raises(http.DownloadError, match="4096-byte cap"):
            http.session(retries=0).get(server.url + "/page", timeout=5)
        server.fail("truncate_unsized", path="/chunked")  # no Content-Length: the cap counts what arrives
        with pytest.raises((http.DownloadError, requests.exceptions.ChunkedEncodingError)):
            http.session(retries=0).get(server.url + "/chunked", timeout=5)
        # under the cap, an answer reads as usual
        monkeypatch.setattr(http, "MAX_BYTES", 1 << 20)
        assert len(http.session(retries=0).get(server.url + "/page", timeout=5).json()["rows"]) == 5001


SECRETS = ("hookpass-123", "T0SECRETPATH", "tok-SECRET-42", "isopass-777", "sig-SECRET-99", "env-SECRET-123")


@pytest.fixture
def fast_http(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(http, "STREAM_ATTEMPTS", 1)
    monkeypatch.setattr(http, "_SESSION", http.session(retries=0, backoff=0.01))


def test_no_secret_reaches_a_log_the_run_log_or_a_hook(
    served_db: Path,
    tiny_inputs: Path,
    tmp_path: Path,
    config_file: Path,
    hook_receiver: HookReceiver,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture,
    fast_http: None,
) -> None:
    hook_out = tmp_path / "hook.out"
    config_file.write_text(
        "[etl]\n"
        f'webhook = "http://hook:hookpass-123@127.0.0.1:{hook_receiver.port}/hook/T0SECRETPATH?token=tok-SECRET-42"\n'
        f"on_failure = 'cat > {hook_out}; echo \"$STANDARDS_RUN_STATUS $STANDARDS_EXIT_CODE\" >> {hook_out}'\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("STANDARDS_API_TOKEN", "env-SECRET-123")
    # A mirror URL with credentials, a token in its query and the env token in its path: every
    # shape a secret takes in an error message. Port 9 refuses the connection.
    monkeypatch.setenv("ISO_OPENDATA_BASE_URL", "http://iso:isopass-777@127.0.0.1:9/env-SECRET-123/x?sig=sig-SECRET-99")
    common = ["--db", str(served_db), "--as-of", AS_OF.isoformat(), "--progress", "none"]

    samr_page = tiny_inputs / "samr_search_p0001.json"
    partial = cli.main(["refresh", "--source", "iso", "--source", "samr", "--from", str(samr_page), *common])
    failed = cli.main(["refresh", "--source", "iso", *common])

    assert (partial, failed) == (cli.EXIT_PARTIAL, cli.EXIT_FAILED)
    out, err = capsys.readouterr()
    assert "download failed" in err
    written = {
        "stderr": err,
        "stdout": out,
        "etl_run": json.dumps(query(served_db, "SELECT * FROM etl_run"), default=str),
        "failures": (served_db.parent / "standards.failures.jsonl").read_text(encoding="utf-8"),
        "webhook": json.dumps([r.body for r in hook_receiver.received]),
        "command": hook_out.read_text(encoding="utf-8"),
    }
    leaks = {where: [s for s in SECRETS if s in text] for where, text in written.items()}
    assert not any(leaks.values()), leaks
    # and the hooks did hear of both runs
    assert [(r.path.split("?")[0], r.body["status"], r.body["exit_code"]) for r in hook_receiver.received] == [
        ("/hook/T0SECRETPATH", "partial", 2),
        ("/hook/T0SECRETPATH", "failed", 1),
    ]
    assert "iso" in hook_receiver.received[1].body["message"]
    assert written["command"].rstrip().endswith("failed 1")


def test_a_hook_that_fails_or_hangs_never_changes_the_outcome(
    served_db: Path, tmp_path: Path, config_file: Path, capsys: pytest.CaptureFixture
) -> None:
    config_file.write_text(
        '[etl]\nwebhook = "http://127.0.0.1:9/hook"\non_failure = "sleep 5"\nhook_timeout = 0.5\n', encoding="utf-8"
    )
    bad = tmp_path / "bad" / "ICS.csv"
    bad.parent.mkdir()
    bad.write_bytes(b"")

    code = cli.main(["refresh", "--from", str(bad), "--db", str(served_db), "--progress", "none"])

    assert code == cli.EXIT_FAILED
    err = capsys.readouterr().err
    assert "the on_failure command did not finish within 0.5 s" in err
    assert "the webhook could not be reached" in err
