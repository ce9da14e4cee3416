"""GDELT file formats: column layouts, format detection and the DuckDB reader for each.

Formats (GDELT codebooks, ``../shared/data/events/schema``):

- GDELT 2.0 events export: 61 tab-separated columns, no header, ``YYYYMMDDHHMMSS.export.CSV``.
- GDELT 2.0 mentions: 16 tab-separated columns, ``YYYYMMDDHHMMSS.mentions.CSV``.
- GDELT 1.0 events: 57 columns (historical back files, no SOURCEURL) or 58 (daily files);
  geography has no ADM2 field and DATEADDED is a day (``YYYYMMDD``).

Copies with a header row (e.g. BigQuery exports, comma-separated and quoted) are read too.
Event codes are read as text so that leading zeros survive ("010", never 10).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["gdelt2_events", "gdelt1_events", "gdelt2_mentions"]


def _actor(n: int) -> list[tuple[str, str]]:
    p = f"actor{n}_"
    return [(p + c, "VARCHAR") for c in (
        "code", "name", "country_code", "known_group_code", "ethnic_code", "religion1_code",
        "religion2_code", "type1_code", "type2_code", "type3_code")]


def _geo(prefix: str, adm2: bool) -> list[tuple[str, str]]:
    p = f"{prefix}_geo_"
    cols = [(p + "type", "TINYINT"), (p + "fullname", "VARCHAR"), (p + "country_code", "VARCHAR"),
            (p + "adm1_code", "VARCHAR")]
    if adm2:
        cols.append((p + "adm2_code", "VARCHAR"))
    return [*cols, (p + "lat", "DOUBLE"), (p + "long", "DOUBLE"), (p + "feature_id", "VARCHAR")]


EVENT_HEAD: list[tuple[str, str]] = [
    ("global_event_id", "BIGINT"), ("event_date", "DATE"), ("month_year", "INTEGER"),
    ("year", "INTEGER"), ("fraction_date", "DOUBLE"), *_actor(1), *_actor(2),
    ("is_root_event", "TINYINT"), ("event_code", "VARCHAR"), ("event_base_code", "VARCHAR"),
    ("event_root_code", "VARCHAR"), ("quad_class", "TINYINT"), ("goldstein_scale", "DOUBLE"),
    ("num_mentions", "INTEGER"), ("num_sources", "INTEGER"), ("num_articles", "INTEGER"),
    ("avg_tone", "DOUBLE")]
V2_EVENTS = [*EVENT_HEAD, *_geo("actor1", True), *_geo("actor2", True), *_geo("action", True),
             ("date_added", "TIMESTAMP"), ("source_url", "VARCHAR")]
V1_EVENTS_58 = [*EVENT_HEAD, *_geo("actor1", False), *_geo("actor2", False),
                *_geo("action", False), ("date_added", "DATE"), ("source_url", "VARCHAR")]
V1_EVENTS_57 = V1_EVENTS_58[:-1]
MENTIONS = [
    ("global_event_id", "BIGINT"), ("event_time", "TIMESTAMP"), ("mention_time", "TIMESTAMP"),
    ("mention_type", "TINYINT"), ("mention_source_name", "VARCHAR"),
    ("mention_identifier", "VARCHAR"), ("sentence_id", "INTEGER"),
    ("actor1_char_offset", "INTEGER"), ("actor2_char_offset", "INTEGER"),
    ("action_char_offset", "INTEGER"), ("in_raw_text", "TINYINT"), ("confidence", "SMALLINT"),
    ("mention_doc_len", "INTEGER"), ("mention_doc_tone", "DOUBLE"),
    ("mention_doc_translation_info", "VARCHAR"), ("extras", "VARCHAR")]

#: Columns that must not be empty: an empty value is a bad row, not a NULL.
REQUIRED = {"gdelt2_events": ("global_event_id", "event_date", "event_code", "quad_class",
                              "date_added"),
            "gdelt1_events": ("global_event_id", "event_date", "event_code", "quad_class",
                              "date_added"),
            "gdelt2_mentions": ("global_event_id", "mention_time")}
DATE_COLUMNS = ("event_date", "date_added", "event_time", "mention_time")
#: The stored column order of ``gdelt_events`` (source columns; derived ones follow).
EVENT_COLUMNS = [name for name, _ in V2_EVENTS]
assert len(V2_EVENTS) == 61 and len(V1_EVENTS_58) == 58 and len(MENTIONS) == 16


@dataclass(frozen=True)
class Layout:
    kind: Kind
    delim: str = "\t"
    header: bool = False
    quote: str = ""  # '' = no quoting (GDELT's own files)
    width: int | None = None  # GDELT 1.0: 57 or 58 columns, as the first lines show

    @property
    def label(self) -> str:
        return {"gdelt2_events": "GDELT 2.0 events", "gdelt1_events": "GDELT 1.0 events",
                "gdelt2_mentions": "GDELT 2.0 mentions"}[self.kind]


def _digits(text: str, n: int) -> bool:
    return len(text) == n and text.isdigit()


def detect(head: str) -> Layout | None:
    """The GDELT layout of a file from its first characters, or None when it is not GDELT."""
    lines = [line.rstrip("\r") for line in head.split("\n") if line.strip()]
    if not lines:
        return None
    first = lines[0].lstrip("\ufeff")
    if first.lower().startswith("globaleventid"):
        delim = "\t" if "\t" in first else ","
        names = [n.strip().strip('"').lower() for n in first.split(delim)]
        quote = '"' if delim == "," else ""
        if "mentiontimedate" in names and len(names) == 16:
            return Layout("gdelt2_mentions", delim, True, quote)
        if "sqldate" in names and len(names) == 61:
            return Layout("gdelt2_events", delim, True, quote)
        if "sqldate" in names and len(names) in (57, 58):
            return Layout("gdelt1_events", delim, True, quote, len(names))
        return None
    votes: dict[str, int] = {}
    widths: dict[int, int] = {}
    for line in lines[:6]:
        fields = line.split("\t")
        if not fields[0].isdigit() or len(fields) < 2:
            continue
        kind = None
        if len(fields) == 61 and _digits(fields[1], 8):
            kind = "gdelt2_events"
        elif len(fields) in (57, 58) and _digits(fields[1], 8):
            kind = "gdelt1_events"
            widths[len(fields)] = widths.get(len(fields), 0) + 1
        elif len(fields) == 16 and _digits(fields[1], 14) and _digits(fields[2], 14):
            kind = "gdelt2_mentions"
        if kind:
            votes[kind] = votes.get(kind, 0) + 1
    if not votes:
        return None
    best = max(votes, key=lambda k: votes[k])
    if best == "gdelt1_events":
        return Layout("gdelt1_events", width=max(widths, key=lambda w: widths[w]))
    return Layout(best)  # type: ignore[arg-type]


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def read_csv_sql(layout: Layout, columns: list[tuple[str, str]], rejects: str) -> str:
    """``read_csv(...)`` for a layout; files are the bound parameter ``$files``.

    Bad lines are not errors: DuckDB records them (file, line, reason) in the temporary tables
    ``<rejects>_errors`` and ``<rejects>_scans``, and the good lines of the file still load.
    """
    cols = "{" + ", ".join(f"{_lit(n)}: {_lit(t)}" for n, t in columns) + "}"
    names = {n for n, _ in columns}
    required = ", ".join(_lit(c) for c in REQUIRED[layout.kind] if c in names)
    escape = layout.quote
    return (f"read_csv($files, columns={cols}, delim={_lit(layout.delim)}, "
            f"header={'true' if layout.header else 'false'}, quote={_lit(layout.quote)}, "
            f"escape={_lit(escape)}, auto_detect=false, dateformat='%Y%m%d', "
            f"timestampformat='%Y%m%d%H%M%S', filename=true, store_rejects=true, "
            f"rejects_table={_lit(rejects + '_errors')}, "
            f"rejects_scan={_lit(rejects + '_scans')}, force_not_null=[{required}])")


def columns_for(layout: Layout) -> list[list[tuple[str, str]]]:
    """The column lists to read a layout with; for GDELT 1.0 the width the file starts with,
    then the other one (used only when lines of the other width turn up)."""
    if layout.kind == "gdelt2_events":
        return [V2_EVENTS]
    if layout.kind == "gdelt2_mentions":
        return [MENTIONS]
    return [V1_EVENTS_57, V1_EVENTS_58] if layout.width == 57 else [V1_EVENTS_58, V1_EVENTS_57]


def v2_projection(columns: list[tuple[str, str]]) -> str:
    """SELECT list that brings a 57/58/61-column read to the stored 61 source columns."""
    have = {n for n, _ in columns}
    out = []
    for name, sqltype in V2_EVENTS:
        if name not in have:
            out.append(f"CAST(NULL AS {sqltype}) AS {name}")
        elif name == "date_added":
            out.append("CAST(date_added AS TIMESTAMP) AS date_added")
        else:
            out.append(name)
    return ", ".join(out)
