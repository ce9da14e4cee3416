"""Ingesting documents: text, HTML, feeds, directories, URLs (127.0.0.1 only) and stdin;
encodings, bad items, idempotency. All texts here were written for these tests."""

from __future__ import annotations

import datetime as dt
import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from alliance_monitor.cli import app
from alliance_monitor.ingest.documents import read_items
from alliance_monitor.ingest.report import BadItem
from alliance_monitor.ingest.text_fetch import FetchError, fetch
from alliance_monitor.store import db
from support_pipeline import ingest_and_code as ingest_documents

ARTICLE_DE = ("Bündnis-Nachrichten\n\n"
              "Japans Regierungschef sagte am Dienstag seine Teilnahme am NATO-Gipfel ab. "
              "Auch der südkoreanische Präsident wird nicht nach Europa reisen.\n")
ARTICLE_JA = "日本政府は24日、首相がNATO首脳会議を欠席すると発表した。"
ARTICLE_KO = "한국 정부는 24일 대통령이 나토 정상회의에 불참한다고 밝혔다."

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Allies agree on exercises | The Example Ledger</title>
<meta property="og:title" content="Allies agree to expand joint exercises">
<meta property="og:site_name" content="The Example Ledger">
<meta property="article:published_time" content="2024-04-10T09:30:00+09:00">
<meta name="author" content="A. Writer">
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Allies agree to expand joint exercises", "datePublished": "2024-04-10T09:30:00+09:00"}
</script></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article><h1>Allies agree to expand joint exercises</h1>
<p>WASHINGTON - The United States and Japan agreed on Wednesday to expand their joint military
exercises and to modernise the command-and-control arrangements of their forces, officials of
both governments said after talks at the White House.</p>
<p>The two governments also said they would deepen cooperation on missile defence and hold
regular consultations of their foreign and defence ministers in the coming year.</p>
<p>Analysts said the steps were meant to show that the alliance remains strong.</p></article>
<footer>Copyright The Example Ledger. All rights reserved. Subscribe to our newsletter.</footer>
</body></html>"""

FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Example Wire</title><link>https://news.example.org/</link>
<item><title>Seoul and Tokyo restore intelligence pact</title>
<link>https://news.example.org/a1</link><pubDate>Thu, 16 Mar 2023 08:00:00 GMT</pubDate>
<description>South Korea and Japan agreed on Thursday to fully restore their intelligence-sharing
pact, officials said.</description></item>
<item><title>Trade talks</title><link>https://news.example.org/a2</link>
<pubDate>Fri, 17 Mar 2023 08:00:00 GMT</pubDate>
<description>Officials met to discuss supply chains.</description></item>
</channel></rss>"""


def _db(path: Path) -> duckdb.DuckDBPyConnection:
    return db.connect(path)


def test_plain_text_html_and_feed(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE_DE, encoding="utf-8")
    (tmp_path / "p.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "f.xml").write_text(FEED, encoding="utf-8")
    docs = [d for d in read_items([str(tmp_path)]) if not isinstance(d, BadItem)]
    by_kind = {d.kind: d for d in docs}
    assert by_kind["text"].language == "de"
    page = by_kind["html"]
    assert page.published == dt.date(2024, 4, 10)
    assert page.title == "Allies agree to expand joint exercises"
    assert page.outlet == "The Example Ledger"
    assert "command-and-control" in page.text and "Subscribe" not in page.text
    entries = [d for d in docs if d.kind == "feed-entry"]
    assert [e.url for e in entries] == ["https://news.example.org/a1",
                                        "https://news.example.org/a2"]
    assert entries[0].published == dt.date(2023, 3, 16)
    assert entries[0].outlet == "news.example.org"


@pytest.mark.parametrize("text,encoding,lang", [
    (ARTICLE_JA, "shift_jis", "ja"), (ARTICLE_JA, "euc_jp", "ja"),
    (ARTICLE_KO, "euc_kr", "ko"), (ARTICLE_DE, "cp1252", "de"),
])
def test_encodings_are_detected(tmp_path: Path, text: str, encoding: str, lang: str) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(text.encode(encoding))
    [doc] = list(read_items([str(path)]))
    assert not isinstance(doc, BadItem), doc
    assert doc.text == text
    assert doc.language == lang


def test_bad_items_are_recorded_and_the_batch_goes_on(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(ARTICLE_DE, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("  \n", encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (tmp_path / "report.pdf").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    (tmp_path / "big.txt").write_text("Japan " * 400, encoding="utf-8")
    (tmp_path / "broken.xml").write_text("<rss><channel><item><title>cut o", encoding="utf-8")
    (tmp_path / "latin.txt").write_bytes(bytes(range(128, 256)) * 3)
    con = _db(tmp_path / "s.duckdb")
    report = ingest_documents(con, [str(tmp_path), str(tmp_path / "missing.txt")],
                              progress=False, max_bytes=1000)
    reasons = {Path(b.item.split("#")[0]).name: b.reason for b in report.bad}
    assert report.added == 1
    assert reasons["empty.txt"].startswith("empty")
    assert "PNG" in reasons["image.png"] and "PDF" in reasons["report.pdf"]
    assert reasons["big.txt"].startswith("too large")
    assert reasons["broken.xml"].startswith(("broken feed", "empty"))
    assert reasons["missing.txt"].startswith("not found")
    assert "latin.txt" in reasons or report.added == 1
    stored = dict(con.execute("SELECT item, reason FROM ingest_bad_items").fetchall())
    assert {Path(i.split("#")[0]).name for i in stored} >= {"empty.txt", "image.png", "big.txt"}


def test_ingest_is_idempotent_and_deduplicates_content(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE_DE, encoding="utf-8")
    (tmp_path / "copy.txt").write_text(ARTICLE_DE.replace("\n", "\r\n").upper(), encoding="utf-8")
    con = _db(tmp_path / "s.duckdb")
    first = ingest_documents(con, [str(tmp_path)], progress=False)
    assert (first.added, first.unchanged) == (1, 1)
    counts = con.execute("SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM events),"
                         " (SELECT count(*) FROM event_mentions)").fetchone()
    again = ingest_documents(con, [str(tmp_path)], progress=False)
    assert (again.added, again.unchanged, again.events) == (0, 2, 0)
    assert con.execute("SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM events),"
                       " (SELECT count(*) FROM event_mentions)").fetchone() == counts
    row = con.execute("SELECT source, target, category, disputed FROM events "
                      "WHERE source = 'JPN'").fetchone()
    assert row == ("JPN", "NATO", "REJECT", False)


def test_cli_ingest_directory_and_stdin(tmp_path: Path) -> None:
    runner = CliRunner()
    store = tmp_path / "s.duckdb"
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text(ARTICLE_DE, encoding="utf-8")
    (tmp_path / "docs" / "b.bin").write_bytes(b"\x00\x01\x02" * 10)
    result = runner.invoke(app, ["ingest", str(tmp_path / "docs"), "--store", str(store),
                                 "--silent", "--format", "json"])
    assert result.exit_code == 0, result.output
    [report] = json.loads(result.stdout)
    assert report["added"] == 1 and len(report["bad"]) == 1
    assert "binary" in report["bad"][0]["reason"]
    result = runner.invoke(app, ["ingest", "-", "--store", str(store), "--silent",
                                 "--format", "json"], input=ARTICLE_KO.encode("utf-8"))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["added"] == 1
    con = duckdb.connect(str(store), read_only=True)
    assert con.execute("SELECT count(*) FROM documents WHERE language = 'ko'").fetchone() == (1,)


# ------------------------------------------------------------------------- URLs, local only

class _Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:  # keep test output clean
        pass

    def do_GET(self) -> None:
        routes = {
            "/article.html": (200, "text/html; charset=utf-8", PAGE.encode()),
            "/feed.xml": (200, "application/rss+xml", FEED.encode()),
            "/image": (200, "image/png", b"\x89PNG\r\n\x1a\n"),
            "/big": (200, "text/plain", b"x" * 5000),
        }
        if self.path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.end_headers()
            return
        if self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/article.html")
            self.end_headers()
            return
        status, ctype, body = routes.get(self.path, (404, "text/plain", b"not here"))
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy",
                "all_proxy"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("ALLIANCE_FETCH_ALLOW", "loopback")  # our own server on 127.0.0.1
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_fetch_rules(server: str) -> None:
    got = fetch(f"{server}/moved", max_bytes=100_000)
    assert got.final_url.endswith("/article.html") and got.content_type == "text/html"
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch(f"{server}/nothing", max_bytes=1000)
    with pytest.raises(FetchError, match="content type 'image/png'"):
        fetch(f"{server}/image", max_bytes=1000)
    with pytest.raises(FetchError, match="too large"):
        fetch(f"{server}/big", max_bytes=1000)
    with pytest.raises(FetchError, match="redirects"):
        fetch(f"{server}/loop", max_bytes=1000, max_redirects=3)


def test_ingest_urls(server: str, tmp_path: Path) -> None:
    con = _db(tmp_path / "s.duckdb")
    report = ingest_documents(con, [f"{server}/article.html", f"{server}/feed.xml",
                                    f"{server}/image"], progress=False)
    assert report.added == 3  # the page and two feed entries
    assert [b.reason for b in report.bad] == ["content type 'image/png' is not text, HTML or "
                                              "a feed"]
    page = con.execute("SELECT published, outlet, url FROM documents WHERE kind = 'html'"
                       ).fetchone()
    assert page == (dt.date(2024, 4, 10), "The Example Ledger", f"{server}/article.html")
    again = ingest_documents(con, [f"{server}/article.html"], progress=False)
    assert (again.added, again.unchanged) == (0, 1)  # known URL: not even fetched again
    signals = con.execute("SELECT DISTINCT alliance, criterion, direction FROM event_signals"
                          ).fetchall()
    assert ("USA-JPN", "contributions", 1) in signals
    assert ("JPN-KOR", "contributions", 1) in signals


def test_a_page_without_a_stated_date_has_no_guessed_date() -> None:
    """Only the page's markup dates it: a year in the body is no publication date (issue 10)."""
    from alliance_monitor.ingest.html_extract import extract

    page = PAGE.replace('<meta property="article:published_time" '
                        'content="2024-04-10T09:30:00+09:00">', "")
    page = page.replace('"datePublished": "2024-04-10T09:30:00+09:00"', '"x": 1')
    page = page.replace("in the coming year.", "in the coming year, as they did in 2019.")
    assert extract(page).published is None
