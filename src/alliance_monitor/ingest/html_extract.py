"""HTML news pages: main text, title, author, outlet and published date.

trafilatura finds the article body and most metadata; the page's own metadata (Open Graph /
``article:published_time``, ``<meta name="date">``, ``<time datetime>``, JSON-LD
``datePublished``) is read here as well, because the published date is the reference date for
every relative date in the article and must not be missed.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Any

import lxml.html

_DATE_META = ("article:published_time", "og:published_time", "published_time", "pubdate",
              "publishdate", "date", "dc.date", "dc.date.issued", "dcterms.created",
              "sailthru.date", "parsely-pub-date", "datepublished", "article.published")


@dataclass
class HtmlDoc:
    text: str
    title: str | None
    author: str | None
    published: dt.date | None
    outlet: str | None


def parse_date(value: Any) -> dt.date | None:
    """A date from ISO 8601 text ('2025-06-26T09:30:00+02:00', '2025-06-26')."""
    if not value:
        return None
    m = re.search(r"((?:19|20)\d\d)-(\d{1,2})-(\d{1,2})", str(value))
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _jsonld_dates(tree: Any) -> list[dt.date]:
    out = []
    for node in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(node.text_content())
        except (ValueError, TypeError):
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                for key in ("datePublished", "dateCreated", "uploadDate"):
                    day = parse_date(item.get(key))
                    if day:
                        out.append(day)
                stack.extend(v for v in item.values() if isinstance(v, (dict, list)))
    return out


def metadata(html: str) -> dict[str, Any]:
    """Title, author, outlet and published date from the page's own markup."""
    try:
        tree = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return {}
    meta: dict[str, str] = {}
    for node in tree.xpath("//meta"):
        key = (node.get("property") or node.get("name") or node.get("itemprop") or "").lower()
        if key and node.get("content") and key not in meta:
            meta[key] = node.get("content").strip()
    published = None
    for key in _DATE_META:
        published = parse_date(meta.get(key))
        if published:
            break
    if published is None:
        dates = _jsonld_dates(tree)
        published = dates[0] if dates else None
    if published is None:
        for node in tree.xpath("//time[@datetime]"):
            published = parse_date(node.get("datetime"))
            if published:
                break
    titles = tree.xpath("//title/text()")
    return {"published": published,
            "title": meta.get("og:title") or (titles[0].strip() if titles else None),
            "author": meta.get("author") or meta.get("article:author"),
            "outlet": meta.get("og:site_name")}


def html_to_text(html: str) -> str:
    """Plain text of a fragment (feed summaries): paragraphs kept, markup dropped."""
    try:
        tree = lxml.html.fromstring(f"<div>{html}</div>")
    except (ValueError, lxml.etree.ParserError):
        return re.sub(r"<[^>]+>", " ", html)
    for br in tree.xpath("//br"):
        br.tail = "\n" + (br.tail or "")
    for block in tree.xpath("//p|//div|//li|//h1|//h2|//h3"):
        block.tail = "\n" + (block.tail or "")
    text = tree.text_content()
    return "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())


def extract(html: str, url: str | None = None) -> HtmlDoc:
    """The article in an HTML page (empty text when the page has none)."""
    import trafilatura

    meta = metadata(html)
    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                      include_tables=False)
    found: dict[str, Any] = {}
    if doc is not None:
        found = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    text = (found.get("text") or "").strip()
    if not text:
        text = html_to_text(html)
    title = meta.get("title") or found.get("title")
    published = meta.get("published") or parse_date(found.get("date"))
    if title and not text.startswith(title[:40]):
        text = f"{title}\n\n{text}"
    return HtmlDoc(text=text, title=title, author=meta.get("author") or found.get("author"),
                   published=published, outlet=meta.get("outlet") or found.get("sitename"))
