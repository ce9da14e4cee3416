"""The bibliography as BibTeX and CSL-JSON (sources are untrusted text: escaped per format)."""

from __future__ import annotations

import json
import re
from typing import Any

from alliance_monitor.present.output import safe

_CSL_TYPES = {"study": "report", "report": "report", "article": "article-newspaper",
              "dataset": "dataset", "official": "webpage", "book": "book", "web": "webpage"}
_BIB_TYPES = {"study": "techreport", "report": "techreport", "article": "article",
              "dataset": "misc", "official": "misc", "book": "book", "web": "misc"}
_TEX_SPECIAL = re.compile(r"([\\{}%$&#_^~])")


def _tex(text: str) -> str:
    """A BibTeX field value: braces, backslashes and TeX specials cannot break out."""
    return _TEX_SPECIAL.sub(lambda m: {"\\": r"\textbackslash{}", "~": r"\textasciitilde{}",
                                       "^": r"\textasciicircum{}"}.get(m[1], "\\" + m[1]),
                            safe(text).replace("\n", " "))


def _key(source_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9_:.-]", "_", source_id)


def _authors(author: str | None) -> list[str]:
    return [a.strip() for a in re.split(r";| and ", author or "") if a.strip()]


def bibtex(sources: list[dict[str, Any]]) -> str:
    entries = []
    for s in sources:
        fields = {"title": s.get("title"), "author": " and ".join(_authors(s.get("author")))
                  or None, "publisher" if s.get("kind") == "book" else "institution"
                  if _BIB_TYPES.get(s.get("kind") or "") == "techreport" else "organization":
                  s.get("publisher"), "year": (s.get("published") or "")[:4] or None,
                  "date": s.get("published"), "url": s.get("url"),
                  "langid": s.get("language")}
        body = ",\n".join(f"  {k} = {{{_tex(str(v))}}}" for k, v in fields.items() if v)
        entries.append(f"@{_BIB_TYPES.get(s.get('kind') or '', 'misc')}{{{_key(s['id'])},\n"
                       f"{body}\n}}")
    return "\n\n".join(entries) + "\n"


def csl_json(sources: list[dict[str, Any]]) -> str:
    items = []
    for s in sources:
        item: dict[str, Any] = {"id": s["id"], "type": _CSL_TYPES.get(s.get("kind") or "",
                                                                     "document"),
                                "title": safe(s.get("title") or "")}
        if s.get("author"):
            item["author"] = [{"literal": safe(a)} for a in _authors(s["author"])]
        if s.get("publisher"):
            item["publisher"] = safe(s["publisher"])
        if s.get("published"):
            y, m, d = (int(x) for x in s["published"].split("-"))
            item["issued"] = {"date-parts": [[y, m, d]]}
        if s.get("url"):
            item["URL"] = s["url"]
        if s.get("language"):
            item["language"] = s["language"]
        items.append(item)
    return json.dumps(items, ensure_ascii=False, indent=2)


__all__ = ["bibtex", "csl_json"]
