"""Fetching article and feed URLs through the one HTTP layer (:mod:`alliance_monitor.net`):
total-time deadline, byte cap, address policy, bounded redirects, and a content-type check.
Every failure is a :class:`FetchError` with a reason a person can act on; ingest records it
and goes on with the next item."""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from alliance_monitor import net
from alliance_monitor.errors import FetchError

ALLOWED_TYPES = frozenset({
    "text/html", "application/xhtml+xml", "text/plain", "application/rss+xml",
    "application/atom+xml", "application/xml", "text/xml", "application/rdf+xml",
})
#: Seconds for a whole article or feed download, redirects included.
DEADLINE = 30.0


@dataclass
class Fetched:
    url: str
    final_url: str
    data: bytes
    content_type: str | None
    charset: str | None


def fetch(url: str, *, max_bytes: int, timeout: float = 10.0, max_redirects: int = 5,
          deadline: float = DEADLINE, policy: net.Policy | None = None,
          client: httpx.Client | None = None) -> Fetched:
    """GET ``url``; raises :class:`FetchError` on anything but a usable text response.

    ``timeout`` bounds each read, ``deadline`` the whole transfer."""
    limits = net.Limits(max_bytes=max_bytes, deadline=deadline, read_timeout=timeout,
                        connect_timeout=min(timeout, 5.0), max_redirects=max_redirects)
    with net.open_stream(url, limits=limits, policy=policy, client=client) as stream:
        if stream.status >= 400:
            raise FetchError(f"HTTP {stream.status} {stream.response.reason_phrase}")
        ctype = stream.headers.get("content-type", "")
        mime = ctype.split(";")[0].strip().lower()
        if mime and mime not in ALLOWED_TYPES:
            raise FetchError(f"content type '{mime}' is not text, HTML or a feed")
        length = stream.headers.get("content-length", "")
        if length.isdigit() and int(length) > max_bytes:
            raise FetchError(f"too large: {int(length)} bytes > limit {max_bytes}")
        data = stream.read()
        return Fetched(url, stream.final_url, data, mime or None,
                       stream.response.charset_encoding)
