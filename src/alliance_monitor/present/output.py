"""One place that turns rows and documents into table, json, jsonl, csv or md output.

Every CLI command that prints data goes through :func:`emit`, so all share the same formats.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import re
from collections.abc import Sequence
from enum import StrEnum
from typing import Any

#: C0/C1 control characters (escape sequences, bells, NULs) never reach a terminal or a file;
#: tabs and newlines become spaces in cells.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
#: A CSV cell starting with one of these is a formula in spreadsheet programs.
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def safe(text: object) -> str:
    """Untrusted text as plain characters: control characters removed."""
    return _CONTROL.sub("", str(text))


def csv_cell(value: object) -> object:
    if isinstance(value, str):
        value = safe(value)
        if value.startswith(_FORMULA) and not _is_number(value):
            return "'" + value
    return value


def _is_number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False


class Format(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    md = "md"

    @property
    def structured(self) -> bool:
        """JSON or JSON Lines: whole typed records with ids and codes, no labels."""
        return self in (Format.json, Format.jsonl)

    @property
    def machine(self) -> bool:
        """Read by programs (JSON, JSON Lines, CSV): ids and numbers, not labels."""
        return self in (Format.json, Format.jsonl, Format.csv)

    @property
    def for_people(self) -> bool:
        """Read by people (terminal table, Markdown): labels, blank lines between parts."""
        return self in (Format.md, Format.table)


def _default(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    raise TypeError(f"cannot serialise {type(value).__name__}")


def to_json(data: Any, indent: int | None = 2) -> str:
    return json.dumps(data, ensure_ascii=False, indent=indent, default=_default)


def _cell(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:,.1f}" if abs(value) >= 100 else f"{value:.2f}".rstrip("0").rstrip(".")
    if isinstance(value, (list, tuple)):
        return ", ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return to_json(value, indent=None)
    return str(value)


def md_escape(text: str) -> str:
    """A Markdown table cell: HTML escaped (no raw tags), pipes and Markdown syntax inert."""
    text = html.escape(safe(text).replace("\n", " "), quote=False)
    return re.sub(r"([\\`*_\[\]|])", r"\\\1", text)


def render(rows: Sequence[dict[str, Any]], fmt: Format | str, columns: Sequence[str] | None = None,
           title: str | None = None, document: Any = None) -> str:
    """Render rows (or, for json, the whole ``document`` when given) in ``fmt``."""
    fmt = Format(fmt)
    cols = list(columns) if columns else (list(rows[0].keys()) if rows else [])
    if fmt is Format.json:
        return to_json(document if document is not None else list(rows))
    if fmt is Format.jsonl:
        return "\n".join(to_json(r, indent=None) for r in rows)

    if fmt is Format.csv:
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(cols)
        for r in rows:
            w.writerow([csv_cell("" if r.get(c) is None else
                                 (to_json(r[c], None) if isinstance(r.get(c), (dict, list))
                                  else r.get(c))) for c in cols])
        return buf.getvalue().rstrip("\n")
    if fmt is Format.md:
        lines = [f"### {title}", ""] if title else []
        lines.append("| " + " | ".join(md_escape(c) for c in cols) + " |")
        lines.append("|" + "---|" * len(cols))
        lines += ["| " + " | ".join(md_escape(_cell(r.get(c))) for c in cols) + " |" for r in rows]
        return "\n".join(lines)
    from alliance_monitor.present.table import box_table

    return box_table([safe(c) for c in cols], [[safe(_cell(r.get(c))) for c in cols] for r in rows],
                     title=safe(title) if title else None)
