"""`alliance fetch gdelt` against a local HTTP server in GDELT's layout (no internet)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import threading
import zipfile
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from alliance_monitor.cli import app
from alliance_monitor.ingest import fetch_gdelt as fg
from alliance_monitor.store import db


def v2_line(gid: int, stamp: str) -> str:
    actor = ["USA", "UNITED STATES", "USA", "", "", "", "", "GOV", "", ""]
    other = ["JPN", "JAPAN", "JPN", "", "", "", "", "GOV", "", ""]
    geo = ["1", "Japan", "JA", "JA", "", "36", "138", "JA"]
    return "\t".join([str(gid), stamp[:8], stamp[:6], stamp[:4], "2019.8", *actor, *other,
                      "1", "042", "042", "04", "1", "1.9", "2", "2", "2", "1.0", *geo, *geo,
                      *geo, stamp, f"https://example.org/world/{gid}"])


def zipped(stamp: str, rows: int, first: int) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(f"{stamp}.export.CSV",
                    "\n".join(v2_line(first + i, stamp) for i in range(rows)) + "\n")
    return buf.getvalue()


class Site:
    """Files served under /gdeltv2/ with byte ranges, plus knobs to misbehave."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.cut_once: set[str] = set()  # send half the body, then drop the connection
        self.requests: list[tuple[str, str | None]] = []

    def publish(self, stamps: list[str], rows: int = 50) -> list[str]:
        lines = []
        for n, stamp in enumerate(stamps):
            name = f"{stamp}.export.CSV.zip"
            data = zipped(stamp, rows, 900_000_000 + n * 1000)
            self.files[name] = data
            lines.append(f"{len(data)} {hashlib.md5(data).hexdigest()} "
                         f"http://HOST/gdeltv2/{name}")
        return lines


@pytest.fixture
def site(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Site, str]]:
    monkeypatch.setenv("ALLIANCE_FETCH_ALLOW", "loopback")  # our own server on 127.0.0.1
    state = Site()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            name = self.path.rsplit("/", 1)[-1]
            state.requests.append((name, self.headers.get("Range")))
            body = state.files.get(name)
            if body is None:
                self.send_error(404)
                return
            start = 0
            rng = self.headers.get("Range")
            if rng and rng.startswith("bytes="):
                start = int(rng[6:].split("-")[0])
                if start >= len(body):
                    self.send_response(416)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
            part = body[start:]
            self.send_response(206 if start else 200)
            self.send_header("Content-Length", str(len(part)))
            self.end_headers()
            if name in state.cut_once:
                state.cut_once.discard(name)
                self.wfile.write(part[: len(part) // 2])
                self.wfile.flush()
                self.close_connection = True
                return
            self.wfile.write(part)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}/gdeltv2/"
    try:
        yield state, base
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def master(state: Site, base: str, lines: list[str]) -> None:
    text = "\n".join(line.replace("http://HOST/gdeltv2/", base) for line in lines) + "\n"
    state.files["masterfilelist.txt"] = text.encode()


def test_parse_list_skips_malformed_lines() -> None:
    entries, bad = fg.parse_list("12 0123456789abcdef0123456789abcdef http://x/"
                                 "20191024143000.export.CSV.zip\n\nbroken line\n")
    assert bad == 1 and entries[0].stamp == dt.datetime(2019, 10, 24, 14, 30)
    assert entries[0].kind == "export"


def test_fetch_range_verify_resume_and_idempotent(site: tuple[Site, str], tmp_path: Path
                                                  ) -> None:
    state, base = site
    stamps = ["20191024140000", "20191024141500", "20191024143000", "20191024144500"]
    lines = state.publish(stamps, rows=3000)
    master(state, base, lines)
    state.cut_once.add(f"{stamps[1]}.export.CSV.zip")
    start, end = dt.datetime(2019, 10, 24, 14, 15), dt.datetime(2019, 10, 24, 14, 30)
    report = fg.fetch(tmp_path, start, end, base_url=base, progress=False)
    assert [p.name for p in report.downloaded] == [f"{s}.export.CSV.zip" for s in stamps[1:3]]
    assert not report.failed
    for path in report.downloaded:  # verified copies, in GDELT's monthly folders
        assert path.parent.name == "201910"
        assert path.read_bytes() == state.files[path.name]
    ranges = [r for n, r in state.requests if n == f"{stamps[1]}.export.CSV.zip"]
    assert ranges[0] is None and ranges[1] is not None  # resumed with a range request
    assert not list(tmp_path.rglob("*.part"))
    again = fg.fetch(tmp_path, start, end, base_url=base, progress=False)
    assert again.downloaded == [] and len(again.present) == 2


def test_md5_mismatch_keeps_no_file(site: tuple[Site, str], tmp_path: Path) -> None:
    state, base = site
    lines = state.publish(["20191024140000"])
    size, _, url = lines[0].split()
    master(state, base, [f"{size} {'0' * 32} {url}"])
    report = fg.fetch(tmp_path, dt.datetime(2019, 10, 24), dt.datetime(2019, 10, 25),
                      base_url=base, progress=False)
    assert report.failed and "MD5" in report.failed[0][1]
    assert not list(tmp_path.rglob("*.zip")) and not list(tmp_path.rglob("*.part"))


def test_master_list_grows_by_range(site: tuple[Site, str], tmp_path: Path) -> None:
    state, base = site
    lines = state.publish(["20191024140000", "20191024141500"])
    master(state, base, lines[:1])
    fg.fetch(tmp_path, dt.datetime(2019, 10, 24), dt.datetime(2019, 10, 24, 14),
             base_url=base, progress=False)
    master(state, base, lines)
    report = fg.fetch(tmp_path, dt.datetime(2019, 10, 24), dt.datetime(2019, 10, 24, 23),
                      base_url=base, progress=False)
    assert len(report.files) == 2
    assert ("masterfilelist.txt", None) in state.requests
    assert any(n == "masterfilelist.txt" and r for n, r in state.requests)
    assert (tmp_path / "masterfilelist.txt").read_bytes() == state.files["masterfilelist.txt"]


def test_cli_fetch_ingests_and_follow_polls(site: tuple[Site, str], tmp_path: Path) -> None:
    state, base = site
    lines = state.publish(["20191024141500", "20191024143000"], rows=30)
    master(state, base, lines[:1])
    store = tmp_path / "store.duckdb"
    runner = CliRunner()
    result = runner.invoke(app, ["fetch", "gdelt", "--from", "2019-10-24T14:00", "--to",
                                 "2019-10-24T14:15", "--dest", str(tmp_path / "dl"),
                                 "--base-url", base, "--store", str(store), "--silent",
                                 "--format", "json"])
    assert result.exit_code == 0, result.output
    assert '"downloaded"' in result.output
    state.files["lastupdate.txt"] = "\n".join(
        line.replace("http://HOST/gdeltv2/", base) for line in lines[1:]).encode()
    result = runner.invoke(app, ["fetch", "gdelt", "--follow", "--polls", "1", "--interval",
                                 "0", "--dest", str(tmp_path / "dl"), "--base-url", base,
                                 "--store", str(store), "--silent"])
    assert result.exit_code == 0, result.output
    con = db.connect(store, read_only=True)
    assert con.execute("SELECT count(*) FROM gdelt_events").fetchall()[0][0] == 60
    assert con.execute("SELECT count(*) FROM event_files").fetchall()[0][0] == 2
    con.close()


def test_cli_fetch_needs_a_range() -> None:
    result = CliRunner().invoke(app, ["fetch", "gdelt", "--from", "2019-10-24"])
    assert result.exit_code == 2 and "--to" in result.output
