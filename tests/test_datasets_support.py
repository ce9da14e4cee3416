"""Helpers shared by the data-set tests (imported as a module; its one test checks them).

The knowledge base used here is the core files plus the data-set files, so these tests do not
depend on curated facts other areas add in parallel.
"""

from __future__ import annotations

import http.server
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
INDICATORS = SHARED / "indicators"
KB_DIR = ROOT / "src" / "alliance_monitor" / "knowledge" / "data"
KB_FILES = ("actors_core.yaml", "alliances.yaml", "sources.yaml", "units.yaml",
            "attributes_core.yaml", "sources_datasets.yaml", "attributes_datasets.yaml")

needs_shared = pytest.mark.skipif(
    not INDICATORS.is_dir(),
    reason=f"the shared real data ({INDICATORS}) is not present; these tests read the real "
           f"official files")


def shared(relative: str) -> Path:
    path = INDICATORS / relative
    if not path.exists():
        pytest.skip(f"shared data file {path} is not present")
    return path


def kb_paths() -> list[Path]:
    return [KB_DIR / f for f in KB_FILES]


def build_store(path: Path) -> Path:
    """A store with the core knowledge base, the data-set sources and the bundled extracts."""
    from alliance_monitor.app import build_store as app_build_store

    app_build_store(path, data=kb_paths())
    return path


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


def table_counts(con: Any) -> dict[str, int]:
    tables = [r[0] for r in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'ds_%' OR "
        "table_name IN ('indicator_values', 'dataset_facts', 'dataset_loads')").fetchall()]
    return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in sorted(tables)}


def snapshot(con: Any) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the data-set tables, for 'nothing changed' checks (load times left out)."""
    out = {}
    for table in table_counts(con):
        cols = [r[0] for r in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
            "ORDER BY ordinal_position", [table]).fetchall() if r[0] != "loaded_at"]
        collist = ", ".join(f'"{c}"' for c in cols)
        out[table] = con.execute(f'SELECT {collist} FROM "{table}" ORDER BY ALL').fetchall()
    return out


class _Handler(http.server.BaseHTTPRequestHandler):
    """Serves ``server.files`` with Range support; ``server.behaviour`` breaks it on purpose."""

    server: FileServer

    def log_message(self, format: str, *args: Any) -> None:  # quiet test output
        return

    def do_GET(self) -> None:
        self.server.requests.append({"path": self.path, "range": self.headers.get("Range")})
        body = self.server.files.get(self.path)
        mode = self.server.behaviour.get(self.path)
        if mode == "slow":
            time.sleep(2.0)
        if body is None:
            self.send_error(404, "Not Found")
            return
        start = 0
        rng = self.headers.get("Range")
        if rng and rng.startswith("bytes=") and mode != "no-range":
            start = int(rng[6:].split("-")[0])
            if start >= len(body):
                self.send_response(416)
                self.send_header("Content-Range", f"bytes */{len(body)}")
                self.end_headers()
                return
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
        else:
            self.send_response(200)
        chunk = body[start:]
        self.send_header("Content-Length", str(len(chunk)))
        self.send_header("Content-Type", "text/csv")
        self.end_headers()
        if mode == "truncate" and not rng:
            self.wfile.write(chunk[: len(chunk) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        self.wfile.write(chunk)


class FileServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.files: dict[str, bytes] = {}
        self.behaviour: dict[str, str] = {}
        self.requests: list[dict[str, Any]] = []

    def handle_error(self, request: Any, client_address: Any) -> None:
        return  # a client that timed out or hung up on purpose is not a test failure

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}{path}"


@contextmanager
def file_server() -> Iterator[FileServer]:
    """A local HTTP server on 127.0.0.1 in a thread (the only network the tests use); the
    fetch address policy is relaxed to loopback while it runs."""
    server = FileServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    before = os.environ.get("ALLIANCE_FETCH_ALLOW")
    os.environ["ALLIANCE_FETCH_ALLOW"] = "loopback"
    try:
        yield server
    finally:
        if before is None:
            os.environ.pop("ALLIANCE_FETCH_ALLOW", None)
        else:
            os.environ["ALLIANCE_FETCH_ALLOW"] = before
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_support_paths_are_inside_the_project() -> None:
    """The knowledge-base subset exists; the shared data path is the project's sibling."""
    assert all(p.exists() for p in kb_paths())
    assert SHARED.parent.name == "shared" and SHARED.parent.parent == ROOT.parent
