"""Read what the assessment needs from the store in a few bulk queries: yearly data-set values
and the signals of coded news events (with the documents that report them)."""

from __future__ import annotations

import datetime as dt
import json
import math

import duckdb

from alliance_monitor.model import DatasetValue, SignalRecord

#: Weight of a coded news event: more mentions and more distinct sources count more; a
#: disputed event (contradicting reports) counts half (docs/methodology.md, "Signals").
NEWS_WEIGHTS = {"mentions": 0.5, "sources": 0.5, "disputed": 0.5}


def _has(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    """Whether the store has ``table`` (a store of an older schema may not): one catalog
    lookup, not a scan of ``information_schema``."""
    try:
        con.execute(f"SELECT 1 FROM {table} LIMIT 0")
    except duckdb.CatalogException:
        return False
    return True


def dataset_values(con: duckdb.DuckDBPyConnection) -> list[DatasetValue]:
    """Yearly data-set values; a curated supplement value carries its source and date."""
    if not _has(con, "indicator_values"):
        return []
    supplement = _has(con, "supplement_values")
    join = ("LEFT JOIN supplement_values s ON v.source_ref = 'supplement' AND "
            "s.dataset = v.dataset AND s.indicator = v.indicator AND s.subject = v.subject AND "
            "s.year = v.year") if supplement else ""
    extra = "s.published, CAST(s.source AS VARCHAR)" if supplement else "NULL, NULL"
    rows = con.execute(f"SELECT v.indicator, v.subject, v.year, v.value, v.dataset, "
                       f"v.source_ref, {extra} FROM indicator_values v {join} "
                       f"WHERE v.value IS NOT NULL AND isfinite(v.value)").fetchall()
    # rows the loaders validated on the way in: constructed, not validated again
    return [DatasetValue.model_construct(
        indicator=r[0], subject=r[1], year=int(r[2]), value=float(r[3]), dataset=str(r[4]),
        source_ref=str(r[5]), known_from=r[6], citation=json.loads(r[7]) if r[7] else None)
        for r in rows]


def news_weight(mentions: int, sources: int, disputed: bool) -> float:
    w = NEWS_WEIGHTS
    value = 1.0 + w["mentions"] * math.log2(max(1, mentions)) + w["sources"] * max(0, sources - 1)
    return value * (w["disputed"] if disputed else 1.0)


def news_signals(con: duckdb.DuckDBPyConnection) -> list[SignalRecord]:
    """Signals of coded news events; known from the first report's publication date."""
    if not (_has(con, "events") and _has(con, "event_signals")):
        return []
    rows = con.execute(
        """SELECT e.event_id, e.event_date, e.source, e.target, e.category, e.mentions,
                  e.sources, e.disputed, s.alliance, s.criterion, s.direction,
                  min(d.published), list(DISTINCT {'outlet': d.outlet, 'title': d.title,
                  'published': CAST(d.published AS VARCHAR), 'url': d.url,
                  'language': d.language}), arg_max(m.sentence, m.confidence)
           FROM events e JOIN event_signals s USING (event_id)
           LEFT JOIN event_mentions m USING (event_id)
           LEFT JOIN documents d ON d.doc_id = m.doc_id
           WHERE e.event_date IS NOT NULL
           GROUP BY ALL""").fetchall()
    out = []
    for (eid, day, src, tgt, cat, mentions, sources, disputed, alliance, measure, direction,
         published, docs, sentence) in rows:
        known = max(day, published) if isinstance(published, dt.date) else day
        out.append(SignalRecord.model_construct(  # rows the coder validated when storing
            event=eid, origin="news", date=day, known_from=known, alliance=alliance,
            measure=measure, direction=int(direction),
            weight=news_weight(int(mentions or 1), int(sources or 1), bool(disputed)),
            source=src, target=tgt, category=cat, summary_en=sentence, summary_de=sentence,
            citations=tuple(d for d in (docs or []) if d and (d.get("url") or d.get("title")))))
    return out


def newest_document(con: duckdb.DuckDBPyConnection) -> dt.date | None:
    if not _has(con, "documents"):
        return None
    row = con.execute("SELECT max(published) FROM documents WHERE published <= current_date"
                      ).fetchone()
    return row[0] if row and isinstance(row[0], dt.date) else None


__all__ = ["dataset_values", "newest_document", "news_signals", "news_weight"]
