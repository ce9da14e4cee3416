"""What the noise rules remove from event files: counts and examples (``alliance gdelt report``).

The files go through the real import into a throw-away in-memory store, so the report shows
exactly what an import keeps and drops — rule by rule, with the alliance dyads singled out.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from alliance_monitor.ingest import noise
from alliance_monitor.ingest.events_files import ingest_event_files

DESCRIPTIONS = {
    "exact_duplicate": "same URL, actors, event code and date as an earlier row; all else equal",
    "near_duplicate": "same URL, actors, event code and date as an earlier row",
    "superseded_v1": "GDELT 1.0 row dated after GDELT 2.0 started (counted there)",
    "backdated": "event date exactly 30 or 365 days before GDELT added it (a guessed date)",
    "off_topic": "source address names a non-political beat (markets, press releases, "
                 "fashion, motoring, sport, entertainment, company news)",
    "no_actor": "an actor without country or NATO code: no dyad",
    "non_state": "an actor that is not state-level (company, media, civilians, ...)",
}


RULE_IS = "coalesce(split_part(noise, ':', 1), '') = ?"


def _matched_sql() -> dict[str, str]:
    """Each rule on its own (regardless of earlier rules), as a SQL condition."""
    lags = ", ".join(str(x) for x in noise.BACKDATE_LAGS)
    return {
        "exact_duplicate": "noise = 'exact_duplicate'",
        "near_duplicate": "noise IN ('exact_duplicate', 'near_duplicate')",
        "superseded_v1": f"gdelt_version = 1 AND event_date >= "
                         f"DATE '{noise.GDELT2_START.isoformat()}'",
        "backdated": f"lag_days IN ({lags})",
        "off_topic": f"({noise.url_topic_sql('source_url')}) IS NOT NULL",
        "no_actor": "actor1 IS NULL OR actor2 IS NULL",
        "non_state": f"actor1 IS NOT NULL AND actor2 IS NOT NULL AND NOT "
                     f"({noise.state_level_sql(1, 'actor1')} AND "
                     f"{noise.state_level_sql(2, 'actor2')})",
    }


def _dyad_table(con: duckdb.DuckDBPyConnection) -> list[tuple[str, set[tuple[str, str]]]]:
    from alliance_monitor.series.dyads import alliance_dyads

    dyads = [(d.id, d.pairs()) for d in alliance_dyads(con)]
    con.execute("CREATE OR REPLACE TEMP TABLE _am_dyads (alliance VARCHAR, a VARCHAR, "
                "b VARCHAR)")
    con.executemany("INSERT INTO _am_dyads VALUES (?, ?, ?)",
                    [[aid, a, b] for aid, pairs in dyads for a, b in sorted(pairs)])
    return dyads


def _example(row: tuple[Any, ...]) -> dict[str, Any]:
    gid, day, a1, a2, c1, c2, code, url, why = row
    return {"id": gid, "date": day, "dyad": f"{a1 or '?'}→{a2 or '?'}",
            "actor_codes": f"{c1 or '-'}→{c2 or '-'}", "code": code, "source": url,
            "noise": why}


def report_store(con: duckdb.DuckDBPyConnection, examples: int = 3) -> dict[str, Any]:
    """The noise report of the GDELT events, quarantine and PLOVER rows in ``con``."""
    _dyad_table(con)
    dyad = "EXISTS (SELECT 1 FROM _am_dyads d WHERE d.a = e.actor1 AND d.b = e.actor2)"
    total = con.execute("SELECT count(*) FROM gdelt_events").fetchall()[0][0]
    rules = []
    for rule, cond in _matched_sql().items():
        # coalesce(...): DuckDB 2.0 cannot bind a bare split_part(noise, ...) = ? when every
        # row's noise is NULL ("BindBuiltinScalarFunction did not return ...").
        removed, alliance_removed, matched = con.execute(
            f"SELECT count(*) FILTER ({RULE_IS}), "
            f"count(*) FILTER ({RULE_IS} AND {dyad}), "
            f"count(*) FILTER ({cond}) FROM gdelt_events e", [rule, rule]).fetchall()[0]
        rows = con.execute(
            f"SELECT global_event_id, event_date, actor1, actor2, actor1_code, actor2_code, "
            f"event_code, source_url, noise FROM gdelt_events e "
            f"WHERE {RULE_IS} ORDER BY {dyad} DESC, global_event_id "
            f"LIMIT ?", [rule, examples]).fetchall()
        beats = dict(con.execute(
            f"SELECT split_part(noise, ':', 2), count(*) FROM gdelt_events WHERE "
            f"{RULE_IS} AND noise LIKE '%:%' GROUP BY 1 ORDER BY 2 DESC",
            [rule]).fetchall())
        rules.append({"rule": rule, "description": DESCRIPTIONS[rule], "removed": removed,
                      "matched": matched, "alliance_rows_removed": alliance_removed,
                      "beats": beats, "examples": [_example(r) for r in rows]})
    alliances = [{"alliance": aid, "rows": n, "kept": kept} for aid, n, kept in con.execute(
        "SELECT d.alliance, count(*), count(*) FILTER (e.noise IS NULL) FROM gdelt_events e "
        "JOIN _am_dyads d ON d.a = e.actor1 AND d.b = e.actor2 GROUP BY 1 ORDER BY 1"
    ).fetchall()]
    kept = con.execute("SELECT count(*) FROM gdelt_events WHERE noise IS NULL").fetchall()[0][0]
    quarantine = []
    for reason, n in con.execute("SELECT reason, count(*) FROM event_quarantine GROUP BY 1 "
                                 "ORDER BY 2 DESC").fetchall():
        ex = con.execute("SELECT file, line, detail FROM event_quarantine WHERE reason = ? "
                         "ORDER BY file, line LIMIT ?", [reason, examples]).fetchall()
        quarantine.append({"reason": reason, "rows": n, "examples": [
            {"file": f, "line": line, "detail": d} for f, line, d in ex]})
    files = [{"file": name, "kind": kind, "rows_read": read, "added": added,
              "unchanged": unchanged, "quarantined": bad}
             for name, kind, read, added, unchanged, bad in con.execute(
                 "SELECT name, kind, rows_read, rows_added, rows_unchanged, rows_quarantined "
                 "FROM event_files ORDER BY file_id").fetchall()]
    plover = dict(con.execute("SELECT coalesce(noise, 'kept'), count(*) FROM plover_events "
                              "GROUP BY 1 ORDER BY 2 DESC").fetchall())
    mentions = con.execute("SELECT count(*) FROM gdelt_mentions").fetchall()[0][0]
    return {"files": files, "events": total, "kept": kept, "rules": rules,
            "alliances": alliances, "quarantine": quarantine, "plover_rows": plover,
            "mentions": mentions}


def noise_report(paths: list[Path], examples: int = 3) -> dict[str, Any]:
    """Import ``paths`` into an in-memory store and report what every rule removed."""
    from alliance_monitor.store import db

    con = db.connect(":memory:")
    try:
        result = ingest_event_files(con, paths, progress=False)
        doc = report_store(con, examples)
        doc["bad_files"] = result.details.get("bad_files", [])
        return doc
    finally:
        con.close()
