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


#: Elements whose content is never article text (and so is never coded into events).
NOT_TEXT = ("script", "style", "noscript", "template", "iframe", "object", "svg", "math")
_NOT_TEXT_RX = re.compile(r"<(" + "|".join(NOT_TEXT) + r")\b[^>]*>.*?(</\1\s*>|\Z)",
                          re.I | re.S)
#: HTML parsers give up below a few hundred levels (libxml2: 256) and drop the rest; deeper
#: pages are flattened first so their text survives.
MAX_DEPTH = 200
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)[^>]*?(/?)>")
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
         "source", "track", "wbr", "p", "li", "option", "dt", "dd", "tr", "td", "th"}
_BLOCK = re.compile(r"</?(p|div|br|li|h[1-6]|section|article|blockquote|tr|table|ul|ol|pre)"
                    r"\b[^>]*>", re.I)


def depth(html: str) -> int:
    """The deepest element nesting in ``html`` (approximate, from the tags alone)."""
    level = deepest = 0
    for close, name, self_closing in _TAG.findall(html):
        if name.lower() in _VOID or self_closing:
            continue
        level = max(0, level - 1) if close else level + 1
        deepest = max(deepest, level)
    return deepest


def strip_not_text(html: str) -> str:
    """``html`` without script, style and similar elements (their text is not prose)."""
    return _NOT_TEXT_RX.sub(" ", html)


def flatten(html: str) -> str:
    """A shallow page with the same text: the head kept (metadata), the body's block tags
    turned into paragraphs and every other tag dropped."""
    head_end = re.search(r"</head\s*>", html, re.I)
    head = html[:head_end.end()] if head_end else ""
    body = html[head_end.end():] if head_end else html
    body = _BLOCK.sub("\n\n", strip_not_text(body))
    body = re.sub(r"<[^>]*>", " ", body)
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", body)]
    inner = "".join(f"<p>{p}</p>" for p in paragraphs if p)
    if not head:
        head = "<html><head></head>"
    elif not re.match(r"\s*(<!doctype[^>]*>\s*)?<html", head, re.I):
        head = "<html>" + head
    return f"{head}<body>{inner}</body></html>"


def html_to_text(html: str) -> str:
    """Plain text of a fragment (feed summaries): paragraphs kept, markup and scripts dropped."""
    html = strip_not_text(html)
    if depth(html) > MAX_DEPTH:
        html = flatten(html)
    try:
        tree = lxml.html.fromstring(f"<div>{html}</div>")
    except (ValueError, lxml.etree.ParserError):
        return re.sub(r"<[^>]+>", " ", html)
    for node in tree.xpath("|".join(f"//{t}" for t in NOT_TEXT)):
        node.drop_tree()
    for br in tree.xpath("//br"):
        br.tail = "\n" + (br.tail or "")
    for block in tree.xpath("//p|//div|//li|//h1|//h2|//h3"):
        block.tail = "\n" + (block.tail or "")
    text = tree.text_content()
    return "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())


def extract(html: str, url: str | None = None) -> HtmlDoc:
    """The article in an HTML page (empty text when the page has none)."""
    import trafilatura

    if depth(html) > MAX_DEPTH:  # too deep for the parsers: keep the text, drop the nesting
        html = flatten(html)
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
    # only the page's own markup: trafilatura's "date" is htmldate's guess (a date or a bare year
    # somewhere in the body, 1 January of it), which made relative dates resolve against the
    # wrong day; a page without a stated date has an unknown publication date
    published = meta.get("published")
    if title and not text.startswith(title[:40]):
        text = f"{title}\n\n{text}"
    return HtmlDoc(text=text, title=title, author=meta.get("author") or found.get("author"),
                   published=published, outlet=meta.get("outlet") or found.get("sitename"))
