"""How a run reports to the operator: one log line per event that a journal can read, no secrets in
anything written, and the optional failure hook (``[etl] on_failure`` / ``[etl] webhook``).

Also the one test hook of the ETL, :func:`pause_point`, which the fault-injection suite uses to kill
a run at a known step.
"""

from __future__ import annotations

import json
import logging
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import requests

from etl.settings import Config, RunSettings

log = logging.getLogger("etl")

MASK = "***"
MIN_SECRET = 6  # shorter values would mask ordinary words and numbers all over a message
SECRET_NAME = re.compile(r"TOKEN|SECRET|PASSW|API_?KEY|AUTH|CREDENTIAL|SIGNATURE|PRIVATE", re.IGNORECASE)
_USERINFO = re.compile(r"(?<=://)[^/@\s]+@")
# Tokens ride in query strings (SAS signatures, API keys), and error texts quote URLs in every shape
# (requests writes "with url: /path?query"), so any query string is masked wherever it appears.
_QUERY = re.compile(r"\?[^\s#'\"<>?]*=[^\s#'\"<>]*")
_NEEDS_QUOTES = re.compile(r"[\s\"=]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
MAX_LINE = 4000  # characters of one log line


def _url_secrets(url: str) -> set[str]:
    parts = urlsplit(url)
    found = {parts.username or "", parts.password or "", *(value for _, value in parse_qsl(parts.query))}
    return {value for value in found if value}


class Redactor:
    """Masks what must never reach a log, the run log or a hook: credentials in URLs, query strings,
    the values of secret-looking environment variables and the configured webhook (whose path is
    often the secret itself)."""

    def __init__(self, config: Config | None = None, environ: Mapping[str, str] | None = None) -> None:
        environ = os.environ if environ is None else environ
        values = {value for name, value in environ.items() if SECRET_NAME.search(name)}
        urls = [value for name, value in environ.items() if name.endswith("_URL")]
        if config is not None:
            urls += [config.samr.base_url, config.run.webhook]
            webhook = urlsplit(config.run.webhook)
            values |= {config.run.webhook, webhook.path, webhook.netloc.rpartition("@")[0]}
        for url in urls:
            values |= _url_secrets(url)
        self._values = sorted((v for v in values if len(v) >= MIN_SECRET), key=len, reverse=True)

    def __call__(self, text: str) -> str:
        for value in self._values:
            text = text.replace(value, MASK)
        return _QUERY.sub("?" + MASK, _USERINFO.sub(MASK + "@", text))


def fields(**values: object) -> str:
    """``key=value`` pairs for a log line; a value with blanks or quotes is JSON-quoted."""
    pairs = []
    for key, value in values.items():
        if value is None:
            continue
        text = str(value)
        quoted = json.dumps(text, ensure_ascii=False) if _NEEDS_QUOTES.search(text) or not text else text
        pairs.append(f"{key}={quoted}")
    return " ".join(pairs)


# --- log lines ------------------------------------------------------------------------------

# syslog priorities: journald reads a "<N>" prefix on a service's stderr as the entry's priority.
_PRIORITY = {logging.DEBUG: 7, logging.INFO: 6, logging.WARNING: 4, logging.ERROR: 3, logging.CRITICAL: 2}


class _LineFormatter(logging.Formatter):
    """One record, one line: continuation lines (a list of failed checks, a traceback) are joined
    with " | " so a journal or a log file never separates an event from its details."""

    def __init__(self, redact: Redactor, journal: bool) -> None:
        super().__init__(
            "%(levelname)s %(name)s: %(message)s" if journal else "%(asctime)s %(levelname)s %(name)s: %(message)s"
        )
        self.redact = redact
        self.journal = journal

    def format(self, record: logging.LogRecord) -> str:
        text = " | ".join(line.strip() for line in super().format(record).splitlines() if line.strip())
        # journald stores a line with control characters as an unreadable blob.
        text = _CONTROL.sub("?", self.redact(text))
        if len(text) > MAX_LINE:
            text = text[:MAX_LINE] + "…"
        return f"<{_PRIORITY.get(record.levelno, 6)}>{text}" if self.journal else text


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is when a record arrives, not when the handler was made."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property
    def stream(self) -> Any:  # noqa: ANN401 - a text stream
        return sys.stderr

    @stream.setter
    def stream(self, value: Any) -> None:  # noqa: ANN401 - the base class assigns it
        pass


def stderr_is_journal() -> bool:
    """True when stderr is connected to the systemd journal ($JOURNAL_STREAM names its device and inode)."""
    try:
        device, inode = (int(part) for part in os.environ["JOURNAL_STREAM"].split(":"))
        stat = os.fstat(sys.stderr.fileno())
    except (KeyError, ValueError, OSError, AttributeError):
        return False
    return (stat.st_dev, stat.st_ino) == (device, inode)


def setup_logging(redact: Redactor) -> None:
    """Route every log record through one redacting, one-line handler on stderr (replacing the
    handler an earlier call installed, so repeated calls in one process do not repeat lines)."""
    root = logging.getLogger()
    for handler in [h for h in root.handlers if isinstance(h, _StderrHandler)]:
        root.removeHandler(handler)
    handler = _StderrHandler()
    handler.setFormatter(_LineFormatter(redact, stderr_is_journal()))
    root.addHandler(handler)
    root.setLevel(logging.INFO)


# --- the failure hook -----------------------------------------------------------------------


def notify_failure(settings: RunSettings, event: Mapping[str, Any], redact: Redactor) -> None:
    """Tell the configured command and webhook about a failed or partial run.

    The command runs with ``/bin/sh -c`` and gets the event as JSON on stdin and as
    ``STANDARDS_RUN_ID``, ``STANDARDS_RUN_STATUS``, ``STANDARDS_EXIT_CODE`` and ``STANDARDS_RUN_MESSAGE``
    in its environment (never spliced into the command line); the webhook gets it as a JSON POST.
    Neither can change the run's outcome: a hook that fails or times out is logged and left.
    """
    payload = {key: redact(value) if isinstance(value, str) else value for key, value in event.items()}
    if settings.on_failure:
        _run_command(settings.on_failure, payload, settings.hook_timeout)
    if settings.webhook:
        _post(settings.webhook, payload, settings.hook_timeout, redact)


def _run_command(command: str, payload: Mapping[str, Any], timeout: float) -> None:
    env = {
        **os.environ,
        "STANDARDS_RUN_ID": str(payload.get("run_id") or ""),
        "STANDARDS_RUN_STATUS": str(payload.get("status") or ""),
        "STANDARDS_EXIT_CODE": str(payload.get("exit_code") or ""),
        "STANDARDS_RUN_MESSAGE": str(payload.get("message") or ""),
    }
    try:
        # A session of its own, so that a timeout stops everything the command started.
        process = subprocess.Popen(  # noqa: S603 - the operator's own configured command
            ["/bin/sh", "-c", command],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=env,
            text=True,
            start_new_session=True,
        )
    except OSError as exc:
        log.warning("failure hook: the on_failure command could not start: %s", exc)
        return
    with process:
        try:
            _, stderr = process.communicate(json.dumps(payload, ensure_ascii=False), timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            log.warning("failure hook: the on_failure command did not finish within %g s and was stopped", timeout)
            return
    # The command itself is never logged: it may carry a credential.
    if process.returncode:
        tail = (stderr.strip().splitlines() or [""])[-1][:200]
        log.warning("failure hook: the on_failure command exited with %d %s", process.returncode, tail)
    else:
        log.info("failure hook: the on_failure command ran")


def _post(url: str, payload: Mapping[str, Any], timeout: float, redact: Redactor) -> None:
    try:
        response = requests.post(url, json=payload, timeout=(min(timeout, 10.0), timeout))
    except requests.RequestException as exc:
        log.warning("failure hook: the webhook could not be reached: %s", redact(str(exc)))
        return
    if response.status_code >= 400:
        log.warning("failure hook: the webhook answered HTTP %d", response.status_code)
    else:
        log.info("failure hook: the webhook answered HTTP %d", response.status_code)


# --- test hook ------------------------------------------------------------------------------

PAUSE_ENV = "STANDARDS_ETL_PAUSE_AT"
PAUSE_SECONDS = 60.0
_paused: set[str] = set()


def pause_point(name: str) -> None:
    """Test hook: with ``STANDARDS_ETL_PAUSE_AT=<name>`` (parse, models, swap) the run says so on
    stderr and sleeps here once, so the fault-injection suite can kill it at a known step. Unset, it
    costs one dictionary lookup."""
    if os.environ.get(PAUSE_ENV) != name or name in _paused:
        return
    _paused.add(name)
    log.warning("paused at %s (%s is set: a test hook)", name, PAUSE_ENV)
    time.sleep(PAUSE_SECONDS)
