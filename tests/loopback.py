"""A real HTTP server on 127.0.0.1 for tests: serves files with ETag and Last-Modified, answers
conditional requests with 304, and misbehaves on request.

    with LoopbackServer({"/opendata/_latest/iso_ics/csv/ICS.csv": path}) as server:
        server.fail("500")              # the next request gets a 500, the one after the file
        server.fail("stall", times=3)   # the next three stall mid-body longer than any read timeout
        download(server.url + "/opendata/_latest/iso_ics/csv/ICS.csv", target)

Fault modes, each used up by one request (``times`` requests in all):
- ``500``, ``503``: an error status with a short text body;
- ``429``: Too Many Requests with ``Retry-After: <retry_after>``;
- ``stall``: headers and the first half of the body, then silence for ``stall_seconds``;
- ``truncate``: Content-Length of the whole file, half of it, then the connection closes;
- ``truncate_unsized``: no Content-Length, half of the file, then the connection closes;
- ``html``: 200 with an HTML error page;
- ``304``: Not Modified whatever the request said.
"""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass, field
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

CONTENT_TYPES = {".csv": "text/csv", ".xml": "application/xml", ".jsonl": "application/x-ndjson"}
HTML_ERROR = b"<!DOCTYPE html><html><body><h1>Service temporarily unavailable</h1></body></html>"


@dataclass
class Seen:
    """One request as the server saw it."""

    path: str
    headers: dict[str, str]
    status: int
    fault: str | None


@dataclass
class _Fault:
    mode: str
    remaining: int
    path: str | None


@dataclass
class _State:
    routes: dict[str, Path]
    faults: deque[_Fault] = field(default_factory=deque)
    seen: list[Seen] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    released: threading.Event = field(default_factory=threading.Event)
    stall_seconds: float = 5.0
    retry_after: int = 1


class LoopbackServer:
    """``routes`` maps URL paths to files; see the module docstring for fault modes."""

    def __init__(self, routes: dict[str, Path], *, stall_seconds: float = 5.0, retry_after: int = 1) -> None:
        self.state = _State(dict(routes), stall_seconds=stall_seconds, retry_after=retry_after)
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        assert self._server is not None, "the server is not running"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def seen(self) -> list[Seen]:
        with self.state.lock:
            return list(self.state.seen)

    def fail(self, mode: str, *, times: int = 1, path: str | None = None) -> None:
        """The next ``times`` requests (for ``path``, or any) get fault ``mode``."""
        if mode not in _FAULTS:
            raise ValueError(f"unknown fault mode {mode!r}; known: {sorted(_FAULTS)}")
        with self.state.lock:
            self.state.faults.append(_Fault(mode, times, path))

    def __enter__(self) -> LoopbackServer:
        handler = type("Handler", (_Handler,), {"state": self.state})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, name="loopback-http", daemon=True
        )
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.state.released.set()  # wakes stalled handlers
        assert self._server is not None and self._thread is not None
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


def etag(path: Path) -> str:
    stat = path.stat()
    return f'"{stat.st_size:x}-{stat.st_mtime_ns:x}"'


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    state: _State

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass

    def do_GET(self) -> None:  # noqa: N802 - the base class's name
        path = self.path.split("?", 1)[0]
        file = self.state.routes.get(path)
        fault = self._take_fault(path) if file is not None and file.is_file() else None
        # Recorded on arrival, the status as it is sent: a client may finish before the handler does.
        self._seen = Seen(path, dict(self.headers), 0, fault)
        with self.state.lock:
            self.state.seen.append(self._seen)
        try:
            getattr(self, _FAULTS[fault])(file) if fault else self._serve(file)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up, as a client may
            pass

    def send_response(self, code: int, message: str | None = None) -> None:
        self._seen.status = code
        super().send_response(code, message)

    def _take_fault(self, path: str) -> str | None:
        with self.state.lock:
            for fault in self.state.faults:
                if fault.path in (None, path):
                    fault.remaining -= 1
                    if fault.remaining <= 0:
                        self.state.faults.remove(fault)
                    return fault.mode
        return None

    # -- normal answers ----------------------------------------------------------------

    def _serve(self, file: Path | None) -> int:
        if file is None or not file.is_file():
            return self._text(404, b"not found")
        tag = etag(file)
        modified = file.stat().st_mtime
        if self._not_modified(tag, modified):
            self.send_response(304)
            self.send_header("ETag", tag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return 304
        body = file.read_bytes()
        self._headers(200, file, len(body))
        self.wfile.write(body)
        return 200

    def _not_modified(self, tag: str, modified: float) -> bool:
        if "If-None-Match" in self.headers:
            return tag in [t.strip() for t in self.headers["If-None-Match"].split(",")]
        since = self.headers.get("If-Modified-Since")
        if since:
            try:
                return int(modified) <= parsedate_to_datetime(since).timestamp()
            except (TypeError, ValueError):
                return False
        return False

    def _headers(self, status: int, file: Path, length: int | None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", CONTENT_TYPES.get(file.suffix, "application/octet-stream"))
        self.send_header("ETag", etag(file))
        self.send_header("Last-Modified", formatdate(file.stat().st_mtime, usegmt=True))
        if length is not None:
            self.send_header("Content-Length", str(length))
        else:
            self.send_header("Connection", "close")
        self.end_headers()

    def _text(self, status: int, body: bytes, content_type: str = "text/plain", **headers: str) -> int:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)
        return status

    # -- faults (only for routed files) --------------------------------------------------

    def _fault_500(self, file: Path) -> int:
        return self._text(500, b"server error")

    def _fault_503(self, file: Path) -> int:
        return self._text(503, b"unavailable")

    def _fault_429(self, file: Path) -> int:
        return self._text(429, b"slow down", Retry_After=str(self.state.retry_after))

    def _fault_stall(self, file: Path) -> int:
        body = file.read_bytes()
        self._headers(200, file, len(body))
        self.wfile.write(body[: len(body) // 2])
        self.wfile.flush()
        self.state.released.wait(self.state.stall_seconds)
        self.close_connection = True
        return 200

    def _fault_truncate(self, file: Path, sized: bool = True) -> int:
        body = file.read_bytes()
        self._headers(200, file, len(body) if sized else None)
        self.wfile.write(body[: len(body) // 2])
        self.wfile.flush()
        self.close_connection = True
        return 200

    def _fault_truncate_unsized(self, file: Path) -> int:
        return self._fault_truncate(file, sized=False)

    def _fault_html(self, file: Path) -> int:
        return self._text(200, HTML_ERROR, "text/html; charset=utf-8")

    def _fault_304(self, file: Path) -> int:
        self.send_response(304)
        self.send_header("Content-Length", "0")
        self.end_headers()
        return 304


_FAULTS = {
    mode: f"_fault_{mode}" for mode in ("500", "503", "429", "stall", "truncate", "truncate_unsized", "html", "304")
}
