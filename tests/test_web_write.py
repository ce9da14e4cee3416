"""The optional write API of the dashboard: read-only by default, a bearer token to ingest or
rebuild, and what an ingested document brings stays data. Texts here were written for it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from support_web import HOSTILE, Client

TOKEN = "test-token-3b8f0c2e9d"
AT = "2024-06-30"
HTML = {"Content-Type": "text/html; charset=utf-8"}

ARTICLE = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{HOSTILE}</title>
<meta property="og:title" content='Allies widen drills {HOSTILE}'>
<meta property="og:site_name" content='The Test Courier {HOSTILE}'>
<meta property="article:published_time" content="2024-04-10T09:30:00+09:00">
</head><body><article><h1>Allies widen drills</h1>
<p>WASHINGTON - The United States and Japan agreed on Wednesday to expand their joint military
exercises and to modernise the command-and-control arrangements of their forces, officials of
both governments said after talks at the White House.</p>
<p>The two governments also said they would deepen cooperation on missile defence.</p>
<p>{HOSTILE}</p></article></body></html>"""


@pytest.fixture
def writable(store_copy: Path) -> Iterator[Any]:
    import alliance_monitor.cli  # noqa: F401  (plugins load in their usual order)
    from alliance_monitor.app import App

    with App(store_copy, auto_build=False) as application:
        yield application


def _client(application: Any, token: str | None) -> Client:
    """An in-process client (httpx's ASGI transport, as FastAPI's TestClient uses)."""
    from alliance_monitor.web.server import create_app

    return Client(create_app(application, write_token=token))


def test_read_only_by_default(app: Any) -> None:
    client = _client(app, None)
    for path in ("/api/v1/ingest", "/api/v1/build"):
        r = client.post(path, content=b"x", headers={"Authorization": f"Bearer {TOKEN}"})
        assert r.status_code == 403
        assert "read-only" in r.json()["error"] and "--write-token" in r.json()["error"]
    spec = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/ingest" not in spec["paths"]  # not offered when it cannot be used


def test_missing_or_wrong_token_is_refused(writable: Any) -> None:
    client = _client(writable, TOKEN)
    before = writable.documents()
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN},
                    {"Authorization": f"Basic {TOKEN}"},
                    {"Authorization": f"Bearer {TOKEN}x"}):
        r = client.post("/api/v1/ingest", content=ARTICLE.encode(),
                        headers={**HTML, **headers})
        assert r.status_code == 401, headers
        assert r.headers["www-authenticate"].startswith("Bearer")
        assert TOKEN not in r.text
        assert client.post("/api/v1/build", headers=dict(headers)).status_code == 401
    assert writable.documents() == before
    # a cookie is no credential: the only way in is the Authorization header
    assert client.post("/api/v1/build", headers={"Cookie": f"token={TOKEN}"}
                       ).status_code == 401


def test_right_token_ingests_and_the_document_shows_up(writable: Any) -> None:
    client = _client(writable, TOKEN)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    page = client.get(f"/alliance/usa-jpn.json?at={AT}").json()  # cached before the write
    r = client.post("/api/v1/ingest", content=ARTICLE.encode(), headers={**HTML,
                                                                         **auth})
    assert r.status_code == 201, r.text
    assert r.json()["added"] == 1 and r.json()["events"] >= 1
    docs = client.get("/api/v1/documents").json()
    [doc] = [d for d in docs if d["published"] == "2024-04-10"]
    assert HOSTILE in doc["title"] and doc["events"] >= 1  # data stays data in JSON
    # the coded event is evidence now, and the cached page was renewed
    after = client.get(f"/alliance/usa-jpn.json?at={AT}").json()
    news = [e for b in after["blocks"] for e in b["evidence"] if e.get("origin") == "news"]
    assert len(news) > len([e for b in page["blocks"] for e in b["evidence"]
                            if e.get("origin") == "news"])
    # the same document again is recognised, not stored twice
    again = client.post("/api/v1/ingest", content=ARTICLE.encode(),
                        headers={**HTML, **auth})
    assert again.status_code == 200 and again.json()["unchanged"] == 1
    # a store already current needs no rebuild
    built = client.post("/api/v1/build", headers=auth)
    assert built.status_code == 200 and built.json()["changed"] is False


def test_hostile_ingested_document_stays_inert(writable: Any) -> None:
    client = _client(writable, TOKEN)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    assert client.post("/api/v1/ingest", content=ARTICLE.encode(),
                       headers={**HTML, **auth}).status_code == 201
    for lang in ("en", "de"):
        html = client.get(f"/alliance/usa-jpn?at={AT}&lang={lang}&change_from=2024-01-01"
                          ).text
        low = html.lower()
        assert "&lt;script&gt;alert(" in html  # shown, as text
        assert "<script" not in low and "<img src=x" not in low and "<b>html</b>" not in low
        assert 'href="javascript:' not in low
        assert not re.search(r"<[^>]+\son\w+=", html)
    r = client.get("/api/v1/documents")
    assert r.headers["content-type"].startswith("application/json")
    assert "nosniff" in r.headers["x-content-type-options"]
    csv_text = client.get("/api/v1/documents?format=csv").text
    assert "\n=" not in csv_text and ",=" not in csv_text


def test_uploads_are_checked(writable: Any) -> None:
    client = _client(writable, TOKEN)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    assert client.post("/api/v1/ingest", content=b"https://example.org/a",
                       headers={**auth, "Content-Type": "application/json"}
                       ).status_code == 415
    assert client.post("/api/v1/ingest", content=b"   ",
                       headers={**auth, "Content-Type": "text/plain"}).status_code == 400
    bad = client.post("/api/v1/ingest", content=b"\x00\x01\x02" * 50,
                      headers={**auth, "Content-Type": "text/plain"})
    assert bad.status_code == 422 and bad.json()["bad"]
    from alliance_monitor.ingest.documents import MAX_BYTES

    big = client.post("/api/v1/ingest", content=b"a" * (MAX_BYTES + 10),
                      headers={**auth, "Content-Type": "text/plain"})
    assert big.status_code == 413


def test_serve_reads_the_token_from_the_environment_and_never_prints_it(
        monkeypatch: pytest.MonkeyPatch, store_copy: Path) -> None:
    from typer.testing import CliRunner

    import alliance_monitor.web.server as server
    from alliance_monitor.cli import app as cli

    seen: dict[str, Any] = {}

    def fake_create_app(application: Any, **kwargs: Any) -> object:
        seen.update(kwargs)
        return object()

    import uvicorn

    monkeypatch.setattr(server, "create_app", fake_create_app)
    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: seen.update(run=k))
    monkeypatch.setenv("ALLIANCE_WRITE_TOKEN", TOKEN)
    result = CliRunner().invoke(cli, ["serve", "--store", str(store_copy)])
    assert result.exit_code == 0, result.output
    assert seen["write_token"] == TOKEN and seen["run"]["access_log"] is False
    assert TOKEN not in result.output and "write API enabled" in result.output
    assert "unencrypted" not in result.output
    result = CliRunner().invoke(cli, ["serve", "--store", str(store_copy), "--host", "0.0.0.0"])
    assert "unencrypted" in result.output and TOKEN not in result.output
    monkeypatch.delenv("ALLIANCE_WRITE_TOKEN")
    result = CliRunner().invoke(cli, ["serve", "--store", str(store_copy)])
    assert seen["write_token"] is None and "write API" not in result.output
