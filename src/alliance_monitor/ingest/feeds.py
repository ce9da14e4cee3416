"""RSS and Atom feeds: each entry becomes a document (link, title, date, author, text)."""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from typing import Any

from alliance_monitor.errors import DataError
from alliance_monitor.ingest.html_extract import html_to_text

_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF)[\s>]", re.I)


@dataclass
class FeedEntry:
    link: str | None
    title: str | None
    published: dt.date | None
    author: str | None
    text: str


class FeedError(DataError):
    """A feed that cannot be parsed."""


def looks_like_feed(data: bytes) -> bool:
    return bool(_FEED_ROOT.search(data[:2048]))


def _date(entry: Any) -> dt.date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            try:
                return dt.date(value.tm_year, value.tm_mon, value.tm_mday)
            except (ValueError, AttributeError):
                continue
    return None


def parse_feed(data: bytes) -> tuple[str | None, list[FeedEntry]]:
    """(feed title, entries). Raises :class:`FeedError` for a broken feed."""
    import feedparser

    # Bytes in a stream, never a string: feedparser would fetch a URL (bypassing the one HTTP
    # layer, alliance_monitor.net, and its address policy) or open a file path itself.
    if not isinstance(data, (bytes, bytearray)):
        raise FeedError("a feed is parsed from downloaded bytes only")
    parsed = feedparser.parse(io.BytesIO(bytes(data)))
    if parsed.get("bozo") and not parsed.get("entries"):
        raise FeedError(f"broken feed: {parsed.get('bozo_exception')}")
    if not parsed.get("entries") and not parsed.get("feed"):
        raise FeedError("broken feed: no channel and no entries")
    entries = []
    if parsed.get("bozo") and not any((e.get("summary") or e.get("content") or
                                       e.get("description")) for e in parsed.entries):
        raise FeedError(f"broken feed: {parsed.get('bozo_exception')}")
    for e in parsed.entries:
        body = ""
        if e.get("content"):
            body = " ".join(c.get("value", "") for c in e["content"])
        body = body or e.get("summary") or e.get("description") or ""
        text = html_to_text(body) if "<" in body else body.strip()
        title = (e.get("title") or "").strip() or None
        if title and not text.startswith(title[:40]):
            text = f"{title}\n\n{text}" if text else title
        entries.append(FeedEntry(link=e.get("link"), title=title, published=_date(e),
                                 author=e.get("author"), text=text))
    return (parsed.feed.get("title") if parsed.get("feed") else None), entries
