"""Fetching URLs politely and safely: timeouts, a size limit, a content-type check and a
bounded number of redirects. Every failure is a :class:`FetchError` with a reason a person can
act on; ingest records it and goes on with the next item."""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from alliance_monitor.errors import FetchError

ALLOWED_TYPES = frozenset({
    "text/html", "application/xhtml+xml", "text/plain", "application/rss+xml",
    "application/atom+xml", "application/xml", "text/xml", "application/rdf+xml",
})
USER_AGENT = "AllianceMonitor/0.1 (news coding for research; +https://example.org/alliance-monitor)"


@dataclass
class Fetched:
    url: str
    final_url: str
    data: bytes
    content_type: str | None
    charset: str | None


def fetch(url: str, *, max_bytes: int, timeout: float = 10.0, max_redirects: int = 5,
          transport: httpx.BaseTransport | None = None) -> Fetched:
    """GET ``url``; raises :class:`FetchError` on anything but a usable text response."""
    try:
        with httpx.Client(follow_redirects=True, max_redirects=max_redirects,
                          timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)),
                          headers={"User-Agent": USER_AGENT}, transport=transport) as client, \
                client.stream("GET", url) as response:
                if response.status_code >= 400:
                    raise FetchError(f"HTTP {response.status_code} {response.reason_phrase}")
                ctype = response.headers.get("content-type", "")
                mime = ctype.split(";")[0].strip().lower()
                if mime and mime not in ALLOWED_TYPES:
                    raise FetchError(f"content type '{mime}' is not text, HTML or a feed")
                length = response.headers.get("content-length")
                if length and length.isdigit() and int(length) > max_bytes:
                    raise FetchError(f"too large: {int(length)} bytes > limit {max_bytes}")
                buf = bytearray()
                for chunk in response.iter_bytes():
                    buf.extend(chunk)
                    if len(buf) > max_bytes:
                        raise FetchError(f"too large: more than {max_bytes} bytes")
                return Fetched(url, str(response.url), bytes(buf), mime or None,
                               response.charset_encoding)
    except httpx.TooManyRedirects as exc:
        raise FetchError(f"more than {max_redirects} redirects") from exc
    except httpx.TimeoutException as exc:
        raise FetchError(f"timed out after {timeout:g} s") from exc
    except httpx.InvalidURL as exc:
        raise FetchError(f"invalid URL: {exc}") from exc
    except httpx.HTTPError as exc:
        raise FetchError(f"network error: {exc}") from exc
