"""A stand-in for the GitHub REST API on 127.0.0.1, for running the workflows' scripts for real.

Routes are exact (method, path-with-query) pairs answering canned JSON; every request is
recorded with its headers and decoded body, and an unknown route answers 404 like GitHub.
"""

from __future__ import annotations

import dataclasses
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any


@dataclasses.dataclass(frozen=True, slots=True)
class Request:
    """One request the fake received."""

    method: str
    path: str
    headers: dict[str, str]
    body: Any


class FakeGitHub:
    """`with FakeGitHub() as api: api.on("GET", "/repos/o/r/pulls/7", {...})`; then `api.url`."""

    def __init__(self) -> None:
        self.routes: dict[tuple[str, str], tuple[int, Any]] = {}
        self.requests: list[Request] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())

    @property
    def url(self) -> str:
        """Base URL, to use as GITHUB_API_URL."""
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def on(self, method: str, path: str, response: Any = None, status: int = 200) -> None:
        """Answer `method path` with `response` as JSON (no body for 204)."""
        self.routes[(method, path)] = (status, response)

    def writes(self) -> list[Request]:
        """Requests that would change something on GitHub."""
        return [r for r in self.requests if r.method != "GET"]

    def __enter__(self) -> FakeGitHub:
        threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                body = json.loads(raw) if raw else None
                fake.requests.append(Request(self.command, self.path, dict(self.headers.items()), body))
                status, response = fake.routes.get((self.command, self.path), (404, {"message": "Not Found"}))
                payload = b"" if status == 204 else json.dumps(response).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def do_GET(self) -> None:
                self._answer()

            def do_POST(self) -> None:
                self._answer()

            def do_PATCH(self) -> None:
                self._answer()

            def log_message(self, format: str, *args: Any) -> None:
                """Keep test output quiet."""

        return Handler
