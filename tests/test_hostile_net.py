"""Issue 11, items 3 and 11: one HTTP layer with total-time deadlines, byte caps and an
address policy (public addresses only unless relaxed); the store lock only for the write.

Only our own servers on 127.0.0.1; each test that fetches from them relaxes the policy."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from alliance_monitor import net
from alliance_monitor.cli import app
from alliance_monitor.datasets.fetch import fetch as dataset_fetch
from alliance_monitor.errors import AddressRefused, FetchError, TooLarge
from alliance_monitor.ingest import fetch_gdelt as fg
from alliance_monitor.ingest.text_fetch import fetch as text_fetch
from alliance_monitor.store import db
from hostile_server import body, drip, gzip_bomb, redirect, serve

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(net.ENV_ALLOW, "loopback")


def test_default_policy_refuses_loopback_link_local_and_private(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(net.ENV_ALLOW, raising=False)
    for url in ("http://127.0.0.1:9/", "http://169.254.169.254/latest/meta-data/",
                "http://10.0.0.1/", "http://192.168.1.1/", "http://[::1]/",
                "http://[::ffff:127.0.0.1]/", "http://100.64.0.1/", "http://0.0.0.0/"):
        with pytest.raises(AddressRefused, match="non-public address"):
            text_fetch(url, max_bytes=1000)
    with pytest.raises(FetchError, match="only http and https"):
        text_fetch("file:///etc/passwd", max_bytes=1000)


def test_redirect_to_metadata_address_is_refused(monkeypatch: pytest.MonkeyPatch,
                                                tmp_path: Path) -> None:
    with serve() as server:
        server.routes["/r"] = redirect("http://169.254.169.254/latest/meta-data/")
        monkeypatch.setenv(net.ENV_ALLOW, "127.0.0.0/8")  # our server only
        with pytest.raises(AddressRefused, match=r"169\.254\.169\.254"):
            text_fetch(server.url("/r"), max_bytes=1000)
        with pytest.raises(AddressRefused):
            dataset_fetch(server.url("/r"), tmp_path)


def test_bad_policy_value_is_explained(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(net.ENV_ALLOW, "localhost-please")
    with pytest.raises(FetchError, match="CIDR"):
        net.Policy.from_env()


def test_drip_feed_hits_the_total_deadline(loopback: None, tmp_path: Path) -> None:
    with serve() as server:
        server.routes["/drip"] = drip(10_000, 0.2)
        started = time.monotonic()
        with pytest.raises(FetchError, match="total-time limit"):
            text_fetch(server.url("/drip"), max_bytes=100_000, timeout=1.0, deadline=1.5)
        assert time.monotonic() - started < 4
        started = time.monotonic()
        with pytest.raises(FetchError, match="total-time limit"):
            dataset_fetch(server.url("/drip"), tmp_path, timeout=1.0, deadline=1.5)
        assert time.monotonic() - started < 4


def test_gzip_body_is_capped_after_inflation(loopback: None, tmp_path: Path) -> None:
    with serve() as server:
        server.routes["/bomb"] = gzip_bomb(5_000_000)
        server.routes["/bomb.csv"] = gzip_bomb(5_000_000, "text/csv")
        with pytest.raises(TooLarge):
            text_fetch(server.url("/bomb"), max_bytes=100_000)
        with pytest.raises(TooLarge):
            dataset_fetch(server.url("/bomb.csv"), tmp_path, max_bytes=100_000)
        assert not list(tmp_path.iterdir())  # nothing left behind


def _zip(stamp: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(f"{stamp}.export.CSV", "x" * 300_000)
    return buf.getvalue()


def test_gdelt_list_size_is_a_cap_no_hidden_retries_and_exit_code(loopback: None,
                                                                   tmp_path: Path) -> None:
    stamp = "20191024140000"
    with serve() as server:
        data = os.urandom(300_000)
        name = f"{stamp}.export.CSV.zip"
        server.routes[f"/gdeltv2/{name}"] = body(data, "application/zip")
        base = server.url("/gdeltv2/")
        listing = f"1000 {hashlib.md5(data).hexdigest()} {base}{name}\n"
        server.routes["/gdeltv2/masterfilelist.txt"] = body(listing.encode(), "text/plain")
        report = fg.fetch(tmp_path, dt.datetime(2019, 10, 24), dt.datetime(2019, 10, 25),
                          base_url=base, progress=False)
        assert report.all_failed and "file list gives" in report.failed[0][1]
        assert server.hits[f"/gdeltv2/{name}"] == 1  # reported at once, not retried
        assert sum(p.stat().st_size for p in tmp_path.rglob("*") if p.is_file()
                   and p.name != "masterfilelist.txt") == 0
        result = CliRunner().invoke(app, [
            "fetch", "gdelt", "--from", "2019-10-24", "--to", "2019-10-25", "--dest",
            str(tmp_path / "cli"), "--base-url", base, "--store", str(tmp_path / "s.duckdb"),
            "--silent"])
        assert result.exit_code == 1, result.output


def test_gdelt_fetches_only_from_the_list_host(loopback: None, tmp_path: Path) -> None:
    stamp = "20191024140000"
    data = _zip(stamp)
    with serve() as server:
        base = server.url("/gdeltv2/")
        other = base.replace("127.0.0.1", "localhost")
        listing = f"{len(data)} {hashlib.md5(data).hexdigest()} {other}{stamp}.export.CSV.zip\n"
        server.routes["/gdeltv2/masterfilelist.txt"] = body(listing.encode(), "text/plain")
        server.routes[f"/gdeltv2/{stamp}.export.CSV.zip"] = body(data, "application/zip")
        report = fg.fetch(tmp_path, dt.datetime(2019, 10, 24), dt.datetime(2019, 10, 25),
                          base_url=base, progress=False)
        assert report.all_failed and "not one this command fetches from" in report.failed[0][1]
        assert f"/gdeltv2/{stamp}.export.CSV.zip" not in server.hits


def test_ingest_url_downloads_before_taking_the_store_lock(tmp_path: Path,
                                                           built_store: Path) -> None:
    """While `alliance ingest URL` waits for a slow server, another process can write."""
    store = tmp_path / "s.duckdb"
    store.write_bytes(built_store.read_bytes())
    with serve() as server:
        page = (b"<html><body><p>" + b"Japan and the United States agreed. " * 20 +
                b"</p></body></html>")
        server.routes["/slow"] = _slow_then(page, 3.0)
        env = {**os.environ, net.ENV_ALLOW: "loopback"}
        proc = subprocess.Popen([sys.executable, "-m", "alliance_monitor.cli", "ingest",
                                 server.url("/slow"), "--store", str(store), "--silent"],
                                env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            deadline = time.monotonic() + 30
            while "/slow" not in server.hits and time.monotonic() < deadline:
                time.sleep(0.05)
            assert "/slow" in server.hits
            con = db.connect(store)  # would fail with "Could not set lock" on the old code
            con.close()
        finally:
            _, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err.decode()


def _slow_then(data: bytes, wait: float):  # type: ignore[no-untyped-def]
    def route(h):  # type: ignore[no-untyped-def]
        time.sleep(wait)
        body(data)(h)
    return route
