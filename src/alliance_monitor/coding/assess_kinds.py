"""Assessment kind ``news_signals``: the net direction of coded news events about an alliance.

For one criterion, every stored event in the window ``[at - window_days, at]`` that carries a
signal for the alliance counts with its direction (+1/-1) and a weight that grows with the number
of reports (mentions) and of distinct outlets (sources), and shrinks when the event is disputed:

    weight = 1 + w_mentions * log2(mentions) + w_sources * (sources - 1)
    weight *= w_disputed  (for disputed events)
    value  = sum(weight * direction) / sum(weight)          in [-1, 1]

The weights are parameters of the methodology file, not constants here.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import duckdb

from alliance_monitor.assess.kinds import Context, Observation, kind

DEFAULT_WEIGHTS = {"mentions": 0.5, "sources": 0.5, "disputed": 0.5}


def _weight(mentions: int, sources: int, disputed: bool, w: dict[str, float]) -> float:
    value = 1.0 + w["mentions"] * math.log2(max(1, mentions)) + \
        w["sources"] * max(0, sources - 1)
    return value * (w["disputed"] if disputed else 1.0)


@kind("news_signals")
def news_signals(ctx: Context, params: dict[str, Any]) -> Observation:
    """Net signal direction of stored news events for the alliance and criterion, in [-1, 1]."""
    if ctx.con is None:
        return Observation(None, note="no store: news signals need ingested documents")
    criterion = params["criterion"]
    window = int(params.get("window_days", 365))
    weights = {**DEFAULT_WEIGHTS, **(params.get("weights") or {})}
    min_events = int(params.get("min_events", 1))
    start = ctx.at - dt.timedelta(days=window)
    try:
        rows = ctx.con.execute(
            """SELECT e.event_id, e.event_date, e.source, e.target, e.category, e.mentions,
                      e.sources, e.disputed, s.direction,
                      (SELECT m.sentence FROM event_mentions m WHERE m.event_id = e.event_id
                       ORDER BY m.confidence DESC, m.doc_id LIMIT 1),
                      (SELECT m.doc_id FROM event_mentions m WHERE m.event_id = e.event_id
                       ORDER BY m.confidence DESC, m.doc_id LIMIT 1)
               FROM events e JOIN event_signals s ON s.event_id = e.event_id
               WHERE s.alliance = ? AND s.criterion = ? AND e.event_date BETWEEN ? AND ?
               ORDER BY e.event_date, e.event_id""",
            [ctx.alliance.id, criterion, start, ctx.at]).fetchall()
    except duckdb.Error as exc:
        return Observation(None, note=f"no news events in the store ({str(exc).splitlines()[0]})")
    if len(rows) < min_events:
        return Observation(None, note=f"{len(rows)} coded news event(s) on {criterion} between "
                                      f"{start} and {ctx.at}; {min_events} needed")
    total = signed = 0.0
    evidence = []
    outlets: set[str] = set()
    for eid, day, src, tgt, cat, mentions, sources, disputed, direction, sentence, doc in rows:
        w = _weight(mentions, sources, disputed, weights)
        total += w
        signed += w * direction
        evidence.append({"event": eid, "date": day.isoformat() if day else None,
                         "source": src, "target": tgt, "category": cat,
                         "direction": direction, "weight": round(w, 3), "mentions": mentions,
                         "sources": sources, "disputed": disputed, "sentence": sentence,
                         "doc": doc})
        outlets.add(doc)
    doc_labels = sorted(_doc_labels(ctx.con, outlets))
    return Observation(signed / total if total else None, sources=doc_labels,
                       evidence=evidence, as_of=max(e["date"] for e in evidence),
                       note=f"{len(rows)} event(s), window {window} days")


def _doc_labels(con: duckdb.DuckDBPyConnection, docs: set[str]) -> list[str]:
    out = []
    for doc in sorted(docs):
        row = con.execute("SELECT outlet, title, published, url FROM documents WHERE doc_id = ?",
                          [doc]).fetchone()
        if row is None:
            out.append(doc)
            continue
        outlet, title, published, url = row
        label = ": ".join(x for x in (outlet, title) if x) or doc
        if published:
            label += f" ({published.isoformat()})"
        out.append(label + (f" <{url}>" if url else ""))
    return out
