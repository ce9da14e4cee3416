"""Coded events in the store: one event per real-world event, each report a mention.

Merging (DESIGN.md "Event"): a new mention joins an existing event with the same category and
the same pair of actors whose date lies within ``MERGE_DAYS``. Contradictions: two events about
the same topic and actors with opposite polarity within ``DISPUTE_DAYS`` (one report says Japan's
prime minister skipped the summit, another that he attended) are both flagged ``disputed`` and
linked in ``event_disputes`` — neither is dropped, neither cancels the other.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from typing import Any

import duckdb

from alliance_monitor.coding.coder import CodedDocument, CodedEvent

MERGE_DAYS = 3
DISPUTE_DAYS = 7


def _event_id(doc_id: str, ev: CodedEvent) -> str:
    e = ev.event
    key = f"{doc_id}|{e.evidence.start}|{e.source}|{e.target}|{e.category}|{e.date}"
    return "ev:" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def _find_match(con: duckdb.DuckDBPyConnection, ev: CodedEvent) -> str | None:
    e = ev.event
    rows = con.execute(
        """SELECT event_id FROM events
           WHERE category = ?
             AND ((source = ? AND target IS NOT DISTINCT FROM ?)
                  OR (source IS NOT DISTINCT FROM ? AND target = ?))
             AND ((event_date IS NULL AND ?::DATE IS NULL)
                  OR abs(date_diff('day', event_date, ?::DATE)) <= ?)
           ORDER BY abs(date_diff('day', event_date, coalesce(?::DATE, event_date))), event_id
           LIMIT 1""",
        [e.category, e.source, e.target, e.target, e.source, e.date, e.date, MERGE_DAYS,
         e.date]).fetchone()
    return rows[0] if rows else None


def store_coded(con: duckdb.DuckDBPyConnection, doc_id: str, coded: CodedDocument) -> int:
    """Write a document's events (merged with events already stored); returns mentions added."""
    added = 0
    touched: list[str] = []
    for ev in coded.events:
        e = ev.event
        event_id = _find_match(con, ev)
        if event_id is None:
            event_id = _event_id(doc_id, ev)
            con.execute(
                """INSERT INTO events (event_id, event_date, source, target, category, mode,
                   quad, confidence, disputed, topic, polarity, mentions, sources)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, FALSE, ?, ?, 0, 0)
                   ON CONFLICT DO NOTHING""",
                [event_id, e.date, e.source, e.target, e.category, e.mode, e.quad,
                 e.confidence, ev.topic, ev.polarity])
        inserted = con.execute(
            """INSERT INTO event_mentions (event_id, doc_id, sentence, span_start, span_end,
               mention_date, confidence, reported) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT DO NOTHING RETURNING event_id""",
            [event_id, doc_id, e.evidence.text, e.evidence.start, e.evidence.end, e.date,
             e.confidence, ev.reported]).fetchall()
        for s in e.signals:
            con.execute("INSERT INTO event_signals VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                        [event_id, s.alliance, s.criterion, s.direction, ev.rule or "merged"])
        if inserted:
            added += 1
            touched.append(event_id)
    _refresh(con, touched)
    flag_disputes(con, touched)
    return added


def _refresh(con: duckdb.DuckDBPyConnection, event_ids: Iterable[str]) -> None:
    """Mention count, distinct sources and best confidence of the given events."""
    for event_id in dict.fromkeys(event_ids):
        con.execute(
            """UPDATE events SET
                 mentions = (SELECT count(*) FROM event_mentions m WHERE m.event_id = ?),
                 sources = (SELECT count(DISTINCT coalesce(d.outlet, d.url, m.doc_id))
                            FROM event_mentions m LEFT JOIN documents d ON d.doc_id = m.doc_id
                            WHERE m.event_id = ?),
                 confidence = (SELECT max(confidence) FROM event_mentions m
                               WHERE m.event_id = ?),
                 updated_at = now()
               WHERE event_id = ?""", [event_id, event_id, event_id, event_id])


def flag_disputes(con: duckdb.DuckDBPyConnection, event_ids: Iterable[str]) -> int:
    """Link events that contradict the given ones; both sides become ``disputed``."""
    found = 0
    for event_id in dict.fromkeys(event_ids):
        row = con.execute("SELECT event_date, source, target, topic, polarity FROM events "
                          "WHERE event_id = ?", [event_id]).fetchone()
        if row is None or row[3] is None or row[4] is None:
            continue
        day, source, target, topic, polarity = row
        others = con.execute(
            """SELECT event_id FROM events
               WHERE event_id <> ? AND topic = ? AND polarity = ?
                 AND (source = ? OR (source = ? AND target IS NOT DISTINCT FROM ?))
                 AND ((event_date IS NULL OR ?::DATE IS NULL)
                      OR abs(date_diff('day', event_date, ?::DATE)) <= ?)""",
            [event_id, topic, -polarity, source, target, source, day, day, DISPUTE_DAYS]
        ).fetchall()
        for (other,) in others:
            reason = f"opposite reports on {topic} by {source}"
            for a, b in ((event_id, other), (other, event_id)):
                con.execute("INSERT INTO event_disputes VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                            [a, b, reason])
            con.execute("UPDATE events SET disputed = TRUE WHERE event_id IN (?, ?)",
                        [event_id, other])
            found += 1
    return found


def event_rows(con: duckdb.DuckDBPyConnection, *, alliance: str | None = None,
               since: dt.date | None = None, until: dt.date | None = None,
               disputed_only: bool = False, limit: int | None = None) -> list[dict[str, Any]]:
    """Stored events with their signals, mentions (evidence) and disputes, newest first."""
    where: list[str] = ["1=1"]
    args: list[Any] = []
    if alliance:
        where.append("event_id IN (SELECT event_id FROM event_signals WHERE alliance = ?)")
        args.append(alliance)
    if since:
        where.append("event_date >= ?")
        args.append(since)
    if until:
        where.append("event_date <= ?")
        args.append(until)
    if disputed_only:
        where.append("disputed")
    sql = ("SELECT event_id, event_date, source, target, category, mode, quad, confidence, "
           "disputed, topic, polarity, mentions, sources FROM events WHERE "
           + " AND ".join(where) + " ORDER BY event_date DESC NULLS LAST, event_id")
    if limit:
        sql += f" LIMIT {int(limit)}"
    rows = con.execute(sql, args).fetchall()
    out = []
    for r in rows:
        eid = r[0]
        signals = [{"alliance": a, "criterion": c, "direction": d, "rule": rule}
                   for a, c, d, rule in con.execute(
                       "SELECT alliance, criterion, direction, rule FROM event_signals "
                       "WHERE event_id = ? ORDER BY alliance, criterion", [eid]).fetchall()]
        mentions = [{"doc": doc, "outlet": outlet, "url": url, "date": mdate,
                     "text": text, "start": start, "end": end, "confidence": conf,
                     "reported": reported}
                    for doc, outlet, url, mdate, text, start, end, conf, reported in con.execute(
                        """SELECT m.doc_id, d.outlet, d.url, m.mention_date, m.sentence,
                                  m.span_start, m.span_end, m.confidence, m.reported
                           FROM event_mentions m LEFT JOIN documents d ON d.doc_id = m.doc_id
                           WHERE m.event_id = ? ORDER BY m.doc_id, m.span_start""",
                        [eid]).fetchall()]
        disputes = [{"event": o, "reason": why} for o, why in con.execute(
            "SELECT other_event_id, reason FROM event_disputes WHERE event_id = ? "
            "ORDER BY other_event_id", [eid]).fetchall()]
        out.append({"event_id": eid, "date": r[1], "source": r[2], "target": r[3],
                    "category": r[4], "mode": r[5], "quad": r[6],
                    "confidence": round(r[7], 2), "disputed": r[8], "topic": r[9],
                    "polarity": r[10], "mentions": r[11], "sources": r[12],
                    "signals": signals, "evidence": mentions, "disputed_with": disputes})
    return out


def code_stored_documents(con: duckdb.DuckDBPyConnection, doc_ids: list[str],
                          kb: Any = None) -> int:
    """Code documents already in the store (the stage after ingest); returns events stored."""
    from alliance_monitor.coding.coder import Coder
    from alliance_monitor.coding.kb import use_knowledge
    from alliance_monitor.store.db import transaction

    if kb is not None:
        use_knowledge(kb)
    coder = Coder()
    added = 0
    with transaction(con):
        for doc_id in doc_ids:
            row = con.execute("SELECT text, published, language FROM documents WHERE doc_id = ?",
                              [doc_id]).fetchone()
            if row is None:
                continue
            coded = coder.code(row[0], doc=doc_id, published=row[1], language=row[2])
            added += store_coded(con, doc_id, coded)
    return added
