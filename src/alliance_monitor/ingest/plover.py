"""PLOVER and POLECAT event records (a JSON array or JSON lines), one stored row per dyad.

Field names follow the PLOVER manual ("Data Fields": id, date, actor, recipient, event, mode,
context, quad_code, event_scale, text, cite_info) and accept the variants found in practice:
``source``/``target`` of the gold-standard records, POLECAT's flat ``Actor Country`` style and
camelCase. Compound actors are expanded into pairwise dyads as the manual suggests; a record with
several actors and no recipient (reciprocal, e.g. a meeting) gives every ordered actor pair.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import permutations, product
from typing import Any

import duckdb
import pyarrow as pa

from alliance_monitor.ingest import cameo

STATE_SECTORS = ("GOV", "MIL", "LEG", "JUD", "SPY")
#: CAMEO/PLOVER top-level codes that name no state (IGOs other than NATO, NGOs, militants...).
NON_STATE_CODES = {"IGO", "NGO", "IMG", "MNC", "UAF", "ISM", "UIS", "REB", "BUS", "CVL"}
TEXT_LIMIT = 1000
COLUMNS = ("record_id", "dyad", "event_date", "actor1", "actor1_code", "actor1_sector",
           "actor2", "actor2_code", "actor2_sector", "category", "mode", "context", "quad",
           "score", "text", "url", "noise")
TOO_DEEP = "invalid JSON: nested too deeply (more levels than a record can have)"
_KEY = re.compile(r'"([A-Za-z_ ]{2,40})"\s*:')


def _norm(key: str) -> str:
    return re.sub(r"[^a-z0-9]", "", key.lower())


def looks_like(head: str) -> bool:
    """True for text that starts like PLOVER/POLECAT JSON records."""
    text = head.lstrip("\ufeff \t\r\n")
    if not text.startswith(("[", "{")):
        return False
    keys = {_norm(k) for k in _KEY.findall(text[:20000])}
    return bool(keys & {"event", "eventtype"}) and bool(
        keys & {"actor", "source", "actors", "actorcountry", "recipient", "target"})


@dataclass(frozen=True)
class Entity:
    code: str | None
    sector: str | None
    text: str | None

    @property
    def actor(self) -> str | None:
        code = (self.code or "").strip().upper()
        if code in ("NAT", "NATO") or (code == "IGO" and self.text and re.search(
                r"\bNATO\b|North Atlantic", self.text)):
            return "NATO"
        return cameo.country(code) if re.fullmatch(r"[A-Z]{3}", code) else None

    @property
    def state_level(self) -> bool:
        actor = self.actor
        if actor is None or (actor in NON_STATE_CODES):
            return False
        sector = (self.sector or "").strip().upper()[:3]
        return actor == "NATO" or not sector or sector in STATE_SECTORS


def _entities(value: Any, flat: dict[str, Any], role: str) -> list[Entity]:
    if value in (None, "", []):
        country = flat.get(f"{role}country") or flat.get(f"{role}countrycode")
        if country:
            sector = flat.get(f"{role}sector") or flat.get(f"primary{role}sector")
            return [Entity(str(country), str(sector) if sector else None,
                           str(flat.get(f"{role}name") or "") or None)]
        return []
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items:
        if isinstance(item, dict):
            f = {_norm(k): v for k, v in item.items()}
            code = f.get("code") or f.get("country") or f.get("countrycode")
            sector = f.get("sector") or f.get("agent") or f.get("primarysector")
            text = (f.get("actortext") or f.get("entitytext") or f.get("identifiertext")
                    or f.get("name"))
            out.append(Entity(str(code) if code else None, str(sector) if sector else None,
                              str(text) if text else None))
        elif isinstance(item, str) and item.strip():
            word = item.strip()
            out.append(Entity(word if re.fullmatch(r"[A-Za-z]{3,4}", word) else None, None,
                              word))
    return out


def _joined(value: Any) -> str | None:
    if value in (None, "", []):
        return None
    items = value if isinstance(value, list) else [value]
    text = ";".join(str(v).strip() for v in items if str(v).strip())
    return text or None


def _date(value: Any) -> dt.date | None:
    text = str(value or "").strip()
    try:
        if re.fullmatch(r"\d{8}", text):
            return dt.date(int(text[:4]), int(text[4:6]), int(text[6:8]))
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


@dataclass
class Parsed:
    rows: list[dict[str, Any]]
    bad: list[tuple[int, str, str, str]]  # line, reason, detail, raw
    records: int
    skipped: int  # documentation records and records coded as having no event


def _records(data: bytes) -> Iterator[tuple[int, Any, str | None, str]]:
    """(line, record or None, error reason or None, raw text) for each record in a file."""
    try:
        text = data.decode("utf-8")
        broken = False
    except UnicodeDecodeError:
        text = data.decode("utf-8", "surrogateescape")
        broken = True
    starts = [i for i, ch in enumerate(text) if ch == "\n"]

    def line_of(pos: int) -> int:
        return bisect.bisect_left(starts, pos) + 1

    def check(obj: Any, raw: str, line: int) -> tuple[int, Any, str | None, str]:
        if broken and re.search("[\udc80-\udcff]", raw):
            return line, None, "encoding", raw.encode("utf-8", "replace").decode()
        return line, obj, None, raw

    body = text.lstrip("\ufeff \t\r\n")
    offset = len(text) - len(body)
    if body.startswith("["):
        decoder = json.JSONDecoder()
        pos = offset + 1
        while pos < len(text):
            while pos < len(text) and text[pos] in " \t\r\n,":
                pos += 1
            if pos >= len(text) or text[pos] == "]":
                break
            try:
                obj, end = decoder.raw_decode(text, pos)
            except RecursionError:  # nested deeper than the parser can go: a bad record
                nxt = text.find("\n{", pos + 1)
                yield line_of(pos), None, TOO_DEEP, text[pos:pos + 200]
                if nxt < 0:
                    break
                pos = nxt + 1
                continue
            except json.JSONDecodeError as exc:
                nxt = text.find("\n{", pos + 1)
                yield line_of(pos), None, f"invalid JSON: {exc.msg}", text[pos:pos + 200]
                if nxt < 0:
                    break
                pos = nxt + 1
                continue
            yield check(obj, text[pos:end], line_of(pos))
            pos = end
        return
    for number, raw in enumerate(text.split("\n"), start=1):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
        except RecursionError:
            yield number, None, TOO_DEEP, raw
            continue
        except json.JSONDecodeError as exc:
            yield number, None, f"invalid JSON: {exc.msg}", raw
            continue
        yield check(obj, raw, number)


def parse(data: bytes) -> Parsed:
    """Parse a PLOVER/POLECAT file into dyad rows and bad records."""
    out = Parsed([], [], 0, 0)
    seen: set[str] = set()
    for line, rec, error, raw in _records(data):
        out.records += 1
        clip = raw[:2000]
        if error is not None:
            reason = "encoding" if error == "encoding" else "unreadable"
            out.bad.append((line, reason, "not UTF-8" if error == "encoding" else error, clip))
            continue
        if not isinstance(rec, dict):
            out.bad.append((line, "unreadable", "a record must be a JSON object", clip))
            continue
        flat = {_norm(k): v for k, v in rec.items()}
        raw_event = flat.get("event") or flat.get("eventtype") or flat.get("category")
        names = [str(e) for e in (raw_event if isinstance(raw_event, list) else [raw_event])
                 if e]
        if any(n.strip().upper() == "DOCUMENT" for n in names) or flat.get("hasevent") is False:
            out.skipped += 1
            continue
        rid = flat.get("id") or flat.get("eventid")
        if not rid:
            out.bad.append((line, "missing_value", "record has no id", clip))
            continue
        rid = str(rid)
        if rid in seen:
            out.bad.append((line, "duplicate_id", f"id {rid} repeated in the file", clip))
            continue
        seen.add(rid)
        categories = [cameo.plover_category(n) for n in names]
        if not names or None in categories:
            out.bad.append((line, "bad_code", f"not a PLOVER category: {raw_event!r}", clip))
            continue
        day = _date(flat.get("date") or flat.get("eventdate") or flat.get("storydate"))
        if day is None:
            out.bad.append((line, "bad_date", f"bad or missing date in record {rid}", clip))
            continue
        actors = _entities(flat.get("actor") or flat.get("source") or flat.get("actors"),
                           flat, "actor")
        recipients = _entities(flat.get("recipient") or flat.get("target")
                               or flat.get("recipients"), flat, "recipient")
        pairs: list[tuple[Entity | None, Entity | None]]
        if recipients:
            firsts: list[Entity | None] = list(actors) if actors else [None]
            pairs = list(product(firsts, recipients))
        elif len(actors) > 1:
            pairs = list(permutations(actors, 2))  # reciprocal: every ordered actor pair
        else:
            pairs = [(actors[0] if actors else None, None)]
        cite = flat.get("citeinfo") or flat.get("cite") or {}
        url = flat.get("url") or flat.get("sourceurl") or (
            cite.get("url") if isinstance(cite, dict) else None)
        quad_raw = flat.get("quadcode") or flat.get("quad") or flat.get("quadclass")
        scale = flat.get("eventscale") or flat.get("goldstein") or flat.get("goldsteinscale")
        text = flat.get("text")
        dyad = 0
        for category in categories:
            assert category is not None
            quad_text = str(quad_raw or "").strip()
            quad = int(quad_text) if quad_text in ("1", "2", "3", "4") else (
                cameo.PLOVER_QUAD[category])
            try:
                score = float(scale) if scale not in (None, "") else cameo.PLOVER_SCORES[
                    category]
            except (TypeError, ValueError):
                score = cameo.PLOVER_SCORES[category]
            for a, b in pairs:
                a_id, b_id = (a.actor if a else None), (b.actor if b else None)
                noise = ("no_actor" if a_id is None or b_id is None else None if (
                    a and b and a.state_level and b.state_level) else "non_state")
                out.rows.append({
                    "record_id": rid, "dyad": dyad, "event_date": day,
                    "actor1": a_id, "actor1_code": a.code if a else None,
                    "actor1_sector": a.sector if a else None,
                    "actor2": b_id, "actor2_code": b.code if b else None,
                    "actor2_sector": b.sector if b else None, "category": category,
                    "mode": _joined(flat.get("mode") or flat.get("eventmode")),
                    "context": _joined(flat.get("context") or flat.get("eventcontext")),
                    "quad": quad, "score": score,
                    "text": str(text)[:TEXT_LIMIT] if text else None,
                    "url": str(url) if url else None, "noise": noise})
                dyad += 1
    return out


SCHEMA = pa.schema([
    ("record_id", pa.string()), ("dyad", pa.int32()), ("event_date", pa.date32()),
    ("actor1", pa.string()), ("actor1_code", pa.string()), ("actor1_sector", pa.string()),
    ("actor2", pa.string()), ("actor2_code", pa.string()), ("actor2_sector", pa.string()),
    ("category", pa.string()), ("mode", pa.string()), ("context", pa.string()),
    ("quad", pa.int8()), ("score", pa.float64()), ("text", pa.string()), ("url", pa.string()),
    ("noise", pa.string())])


def insert(con: duckdb.DuckDBPyConnection, parsed: Parsed, file_id: int) -> tuple[int, int]:
    """Insert new dyad rows (natural key: record id and dyad); returns (added, unchanged)."""
    if not parsed.rows:
        return 0, 0
    table = pa.Table.from_pylist(parsed.rows, schema=SCHEMA)
    con.register("_am_plover", table)
    try:
        before = con.execute("SELECT count(*) FROM plover_events").fetchall()[0]
        con.execute(f"INSERT INTO plover_events SELECT {', '.join('p.' + c for c in COLUMNS)}, "
                    "? FROM _am_plover p ANTI JOIN plover_events e "
                    "ON e.record_id = p.record_id AND e.dyad = p.dyad", [file_id])
        after = con.execute("SELECT count(*) FROM plover_events").fetchall()[0]
    finally:
        con.unregister("_am_plover")
    added = int(after[0]) - int(before[0])
    return added, len(parsed.rows) - added
