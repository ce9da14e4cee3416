"""A misbehaving HTTP server on 127.0.0.1 for the hostile-input tests (no other network)."""

from __future__ import annotations

import contextlib
import gzip
import http.server
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

Route = Callable[[http.server.BaseHTTPRequestHandler], None]


def drip(total: int, every: float, ctype: str = "text/html") -> Route:
    """One byte every ``every`` seconds (the per-read timeout never fires)."""
    def route(h: http.server.BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", ctype)
        h.send_header("Content-Length", str(total))
        h.end_headers()
        try:
            for _ in range(total):
                h.wfile.write(b"x")
                h.wfile.flush()
                time.sleep(every)
        except OSError:
            pass
    return route


def body(data: bytes, ctype: str = "text/html", status: int = 200,
         headers: dict[str, str] | None = None) -> Route:
    def route(h: http.server.BaseHTTPRequestHandler) -> None:
        h.send_response(status)
        h.send_header("Content-Type", ctype)
        h.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            h.send_header(k, v)
        h.end_headers()
        with contextlib.suppress(OSError):
            h.wfile.write(data)
    return route


def gzip_bomb(inflated: int, ctype: str = "text/html") -> Route:
    """A small gzip-encoded body that inflates to ``inflated`` bytes."""
    return body(gzip.compress(b"a" * inflated, 9), ctype, headers={"Content-Encoding": "gzip"})


def redirect(location: str) -> Route:
    def route(h: http.server.BaseHTTPRequestHandler) -> None:
        h.send_response(302)
        h.send_header("Location", location)
        h.send_header("Content-Length", "0")
        h.end_headers()
    return route


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: dict[str, int] = {}
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                path = self.path.split("?")[0]
                server.hits[path] = server.hits.get(path, 0) + 1
                route = server.routes.get(path)
                if route is None:
                    self.send_error(404)
                    return
                route(self)

        super().__init__(("127.0.0.1", 0), Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        return

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}{path}"


@contextmanager
def serve() -> Iterator[Server]:
    server = Server()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
