"""Ingest news documents: plain text, HTML pages, RSS/Atom feeds, directories, URLs and stdin.

Every item is read, decoded (declared charset, UTF-8, else detected: Shift-JIS, EUC-KR,
cp1252 …), classified (feed, HTML, text), stripped to its article text, given a language
(offline) and a published date, de-duplicated by URL and by a hash of its normalised text, and
coded into events (``alliance_monitor.coding``). A bad item — binary, empty, over the size limit,
a broken feed, undecodable, unreachable — is recorded in ``ingest_bad_items`` with its reason and
the batch goes on. The whole batch is one transaction: a crash leaves the store as it was.
Re-ingesting the same items changes nothing.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import urlparse

import duckdb

from alliance_monitor.errors import DataError
from alliance_monitor.ingest.dates import document_date
from alliance_monitor.ingest.feeds import FeedError, looks_like_feed, parse_feed
from alliance_monitor.ingest.html_extract import extract
from alliance_monitor.ingest.paths import display, walk
from alliance_monitor.ingest.report import BadItem, IngestReport
from alliance_monitor.ingest.text import normalize
from alliance_monitor.ingest.text_decode import (
    DecodeError,
    binary_reason,
    declared_charset,
    decode,
    detect_language,
    normalized_hash,
)
from alliance_monitor.ingest.text_fetch import Fetched, FetchError, fetch

#: Largest item read (bytes); bigger files and responses are recorded as bad items.
MAX_BYTES = int(os.environ.get("ALLIANCE_MAX_DOCUMENT_BYTES", 5_000_000))


@dataclass
class ParsedDocument:
    """One document ready for the store (and for coding)."""

    item: str
    kind: str  # text | html | feed-entry
    text: str
    url: str | None = None
    outlet: str | None = None
    language: str | None = None
    published: dt.date | None = None
    title: str | None = None
    author: str | None = None
    encoding: str | None = None

    @property
    def content_hash(self) -> str:
        return normalized_hash(self.text)

    @property
    def doc_id(self) -> str:
        return "doc:" + self.content_hash[:16]


Fetcher = Callable[[str], Fetched]


def _is_url(item: str) -> bool:
    return item.startswith(("http://", "https://"))


def _outlet(url: str | None) -> str | None:
    if not url:
        return None
    host = urlparse(url).netloc.lower()
    return host[4:] if host.startswith("www.") else host or None


STDIN = "-"


def is_stdin(item: str) -> bool:
    """'-' and its repeats '-#2', '-#3' … (each keeps its own name and bad-item reason)."""
    return item == STDIN or (item.startswith(STDIN + "#") and item[2:].isdigit())


def sources(items: list[str]) -> list[str]:
    """Expand directories (:func:`paths.walk`: hidden files, ``.git``, ``*.wal`` … skipped);
    keep files and URLs; a repeated '-' (stdin) becomes '-#2', '-#3' …"""
    out: list[str] = []
    stdin_seen = 0
    for item in items:
        if item == STDIN:
            stdin_seen += 1
            out.append(STDIN if stdin_seen == 1 else f"{STDIN}#{stdin_seen}")
            continue
        path = Path(item)
        if _is_url(item) or not path.is_dir():
            out.append(item)
            continue
        out.extend(str(f) for f in walk(path))
    return out


def _read_limited(stream: BinaryIO, max_bytes: int) -> bytes:
    return stream.read(max_bytes + 1)


def read_item(item: str, *, max_bytes: int = MAX_BYTES, fetcher: Fetcher | None = None,
              stdin: BinaryIO | None = None) -> Iterator[ParsedDocument | BadItem]:
    """The document(s) in one item (a feed yields one per entry), or why there are none."""
    url = None
    charset = None
    try:
        if is_stdin(item):
            data = _read_limited(stdin or sys.stdin.buffer, max_bytes)
        elif _is_url(item):
            got = (fetcher or (lambda u: fetch(u, max_bytes=max_bytes)))(item)
            data, url, charset = got.data, got.final_url, got.charset
        else:
            path = Path(item)
            if not path.exists():
                yield BadItem(item, "not found: no such file, directory or URL")
                return
            size = path.stat().st_size
            if size > max_bytes:
                yield BadItem(item, f"too large: {size} bytes > limit {max_bytes}")
                return
            data = path.read_bytes()
    except FetchError as exc:
        yield BadItem(item, str(exc))
        return
    except OSError as exc:
        yield BadItem(item, f"cannot read: {exc.strerror or exc}")
        return
    yield from parse_bytes(item, data, url=url, charset=charset, max_bytes=max_bytes)


def parse_bytes(item: str, data: bytes, *, url: str | None = None, charset: str | None = None,
                max_bytes: int = MAX_BYTES) -> Iterator[ParsedDocument | BadItem]:
    """Classify and parse raw bytes: feed, HTML page or plain text."""
    if len(data) > max_bytes:
        yield BadItem(item, f"too large: more than {max_bytes} bytes")
        return
    if not data.strip():
        yield BadItem(item, "empty: no text")
        return
    reason = binary_reason(data)
    if reason:
        yield BadItem(item, reason)
        return
    if looks_like_feed(data):
        try:
            title, entries = parse_feed(data)
        except FeedError as exc:
            yield BadItem(item, str(exc))
            return
        if not entries:
            yield BadItem(item, "empty feed: no entries")
            return
        for n, e in enumerate(entries, 1):
            if not e.text.strip():
                yield BadItem(f"{item}#{n}", "empty: feed entry without text")
                continue
            yield ParsedDocument(item=f"{item}#{n}", kind="feed-entry", text=e.text,
                                 url=e.link, outlet=_outlet(e.link) or title,
                                 language=detect_language(e.text), published=e.published,
                                 title=e.title, author=e.author, encoding="feed")
        return
    try:
        text, encoding = decode(data, charset or declared_charset(data))
    except DecodeError as exc:
        yield BadItem(item, str(exc))
        return
    head = text[:2048].lstrip().lower()
    if head.startswith(("<!doctype html", "<html")) or "<html" in head[:512] or \
            ("<body" in head and "</" in head):
        page = extract(text, url)
        if not page.text.strip():
            yield BadItem(item, "empty: no article text in the HTML page")
            return
        yield ParsedDocument(item=item, kind="html", text=page.text, url=url,
                             outlet=page.outlet or _outlet(url),
                             language=detect_language(page.text), published=page.published,
                             title=page.title, author=page.author, encoding=encoding)
        return
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        yield BadItem(item, "empty: no text")
        return
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    yield ParsedDocument(item=item, kind="text", text=text, url=url, outlet=_outlet(url),
                         language=detect_language(text), published=document_date(normalize(text)),
                         title=first[:200] if len(first) <= 200 else None, encoding=encoding)


def read_items(items: list[str], *, max_bytes: int = MAX_BYTES, fetcher: Fetcher | None = None,
               stdin: BinaryIO | None = None) -> Iterator[ParsedDocument | BadItem]:
    for item in sources(items):
        yield from read_item(item, max_bytes=max_bytes, fetcher=fetcher, stdin=stdin)


def _isolated(item: str, parsed: Iterator[ParsedDocument | BadItem]
              ) -> Iterator[ParsedDocument | BadItem]:
    """Per-item isolation: whatever goes wrong while reading one item (a parser bug, a
    pathological file) becomes that item's bad-item line, and the batch goes on."""
    try:
        yield from parsed
    except (DataError, OSError, ValueError, RecursionError, MemoryError, LookupError) as exc:
        what = str(exc).splitlines()[0] if str(exc) else ""
        yield BadItem(display(item), f"cannot be read ({type(exc).__name__}{': ' if what else ''}"
                                     f"{what[:200]})")


def _known(con: duckdb.DuckDBPyConnection, doc: ParsedDocument) -> bool:
    row = con.execute("SELECT 1 FROM documents WHERE content_hash = ? OR (? IS NOT NULL AND "
                      "url = ?) LIMIT 1", [doc.content_hash, doc.url, doc.url]).fetchone()
    return row is not None


def _known_url(con: duckdb.DuckDBPyConnection, url: str) -> bool:
    return con.execute("SELECT 1 FROM documents WHERE url = ? LIMIT 1", [url]).fetchone() \
        is not None


def store_document(con: duckdb.DuckDBPyConnection, doc: ParsedDocument) -> str:
    con.execute(
        """INSERT INTO documents (doc_id, url, item, kind, outlet, language, published, title,
           author, encoding, text, content_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        [doc.doc_id, doc.url, display(doc.item), doc.kind, doc.outlet, doc.language, doc.published,
         doc.title, doc.author, doc.encoding, doc.text, doc.content_hash])
    return doc.doc_id


def _record_bad(con: duckdb.DuckDBPyConnection, bad: BadItem) -> None:
    con.execute("INSERT INTO ingest_bad_items (item, reason) VALUES (?, ?) ON CONFLICT (item) DO "
                "UPDATE SET reason = excluded.reason, recorded_at = now()",
                [display(bad.item), bad.reason])


def ingest_documents(con: duckdb.DuckDBPyConnection, items: list[str], progress: bool = True,
                     *, max_bytes: int = MAX_BYTES, code: bool = True,
                     fetcher: Fetcher | None = None, stdin: BinaryIO | None = None
                     ) -> IngestReport:
    """Read, de-duplicate and store documents; bad items are recorded, not fatal. Coding is
    the next stage's work: the new document ids are in ``details["documents"]``."""
    from alliance_monitor.store.db import transaction

    report = IngestReport(kind="documents")
    added_ids: list[str] = []
    todo = sources(items)
    with transaction(con), _progress(progress, len(todo)) as advance:
        for item in todo:
            if _is_url(item) and _known_url(con, item):
                report.unchanged += 1
                advance()
                continue
            for got in _isolated(item, read_item(item, max_bytes=max_bytes, fetcher=fetcher,
                                                 stdin=stdin)):
                if isinstance(got, BadItem):
                    _record_bad(con, got)
                    report.bad.append(got)
                    continue
                if _known(con, got):
                    report.unchanged += 1
                    continue
                doc_id = store_document(con, got)
                added_ids.append(doc_id)
                report.added += 1
            advance()
    report.details["documents"] = added_ids
    return report


class _progress:
    """A rich progress bar on stderr (or nothing when progress is off)."""

    def __init__(self, enabled: bool, total: int):
        self.enabled = enabled and total > 1
        self.total = total
        self._bar: Any = None

    def __enter__(self) -> Callable[[], None]:
        if not self.enabled:
            return lambda: None
        from rich.console import Console
        from rich.progress import Progress

        self._bar = Progress(console=Console(stderr=True), transient=True)
        self._bar.__enter__()
        task = self._bar.add_task("ingest", total=self.total)
        bar = self._bar
        return lambda: bar.advance(task)

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
