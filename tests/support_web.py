"""Helpers for the web and report tests: an in-process ASGI client and hostile knowledge."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx

#: Text an attacker would put into a user fact, a source or an ingested article.
HOSTILE = ('<script>alert("xss")</script><img src=x onerror=alert(1)> '
           '[click me](javascript:alert(1)) **bold** <b>html</b> | pipe `code`')
HOSTILE_URL = "javascript:alert(document.cookie)"

HOSTILE_KB = f"""
sources:
  - id: hostile-src
    title: {HOSTILE!r}
    publisher: {HOSTILE!r}
    author: {HOSTILE!r}
    url: {HOSTILE_URL!r}
    published: 2024-03-01
    kind: article
facts:
  - id: hostile.goal_convergence
    subject: USA-KOR
    attribute: goal_convergence
    value: 3
    unit: level_0_4
    valid_from: 2024-03-01
    source: {{ref: hostile-src, page: 1}}
    note: {{en: {HOSTILE!r}, de: {HOSTILE!r}}}
  - id: hostile.text
    subject: USA-KOR
    attribute: alignment_agreement
    value: {HOSTILE!r}
    valid_from: 2024-03-01
    source: {{ref: hostile-src}}
events:
  - id: hostile-2024-03-02-event
    date: 2024-03-02
    source: USA
    target: KOR
    category: CONSULT
    summary: {{en: {HOSTILE!r}, de: {HOSTILE!r}}}
    signals: [{{alliance: USA-KOR, measure: alignment, direction: 1, strength: 3}}]
    sources:
      - outlet: {HOSTILE!r}
        published: 2024-03-02
        url: "https://example.org/a?q=<script>"
        title: {HOSTILE!r}
"""


def write_hostile_kb(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "hostile.yaml").write_text(HOSTILE_KB, encoding="utf-8")
    return folder


class Client:
    """A synchronous wrapper over httpx's in-process ASGI transport (no network, no server)."""

    def __init__(self, asgi: Any) -> None:
        self.asgi = asgi

    def get(self, url: str, headers: dict[str, str] | None = None) -> httpx.Response:
        return self.request("GET", url, headers=headers)

    def post(self, url: str, content: bytes = b"",
             headers: dict[str, str] | None = None) -> httpx.Response:
        return self.request("POST", url, content=content, headers=headers)

    def request(self, method: str, url: str, *, content: bytes | None = None,
                headers: dict[str, str] | None = None) -> httpx.Response:
        # (starlette's TestClient warns about httpx, and warnings are errors here)
        async def go() -> httpx.Response:
            transport = httpx.ASGITransport(app=self.asgi)
            async with httpx.AsyncClient(transport=transport,
                                         base_url="http://127.0.0.1") as client:
                return await client.request(method, url, content=content, headers=headers)
        return asyncio.run(go())
