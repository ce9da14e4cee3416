"""Yearly GDELT values per alliance for the assessment (table ``indicator_values``).

``gdelt_cooperation_share``: share of quad classes 1–2 among the kept GDELT events between the
alliance's members in the year; ``gdelt_mean_goldstein``: their mean Goldstein value. Both come
from the same series expression as ``alliance series --freq year``. A year with fewer than
:data:`MIN_EVENTS` events gets no value (NULL with a note): a share of a handful of machine-coded
events says nothing. The engine's ``dataset`` kind reads the values.
"""

from __future__ import annotations

import datetime as dt

import duckdb

from alliance_monitor.series import dyads, engines

DATASET = "gdelt"
SOURCE_REF = "gdelt"
MIN_EVENTS = 20
INDICATORS = {"gdelt_cooperation_share": ("cooperation_share", "ratio"),
              "gdelt_mean_goldstein": ("goldstein_mean", "goldstein")}


def yearly_rows(con: duckdb.DuckDBPyConnection,
                years: set[int] | None = None) -> list[list[object]]:
    """Rows for ``indicator_values`` (indicator, subject, year, value, unit, dataset,
    source_ref, note) from the store's GDELT events."""
    alliances = dyads.alliance_dyads(con)
    start = dt.date(min(years), 1, 1) if years else None
    end = dt.date(max(years), 12, 31) if years else None
    query = dyads.compiled(alliances, "year", ["gdelt"], start=start, end=end)
    table = dyads.normalize(engines.run_duckdb(con, query), "quad")
    rows: list[list[object]] = []
    for rec in table.to_pylist():
        year = rec["period"].year
        if years and year not in years:
            continue
        enough = rec["events"] >= MIN_EVENTS
        note = (f"{rec['events']} noise-filtered GDELT events between the members"
                if enough else f"only {rec['events']} events (< {MIN_EVENTS}): no value")
        for indicator, (column, unit) in INDICATORS.items():
            value = float(rec[column]) if enough and rec[column] is not None else None
            rows.append([indicator, rec["alliance"], year, value, unit, DATASET, SOURCE_REF,
                         note])
    return rows


def update_indicators(con: duckdb.DuckDBPyConnection, years: set[int] | None = None) -> int:
    """Replace the GDELT indicator values of the given years (all years when None).

    Runs inside the caller's transaction (the import's), so values and events stay in step.
    """
    rows = yearly_rows(con, years)
    names = list(INDICATORS)
    if years:
        con.execute("DELETE FROM indicator_values WHERE dataset = ? AND indicator IN "
                    "(SELECT unnest(?)) AND year IN (SELECT unnest(?))",
                    [DATASET, names, sorted(years)])
    else:
        con.execute("DELETE FROM indicator_values WHERE dataset = ? AND indicator IN "
                    "(SELECT unnest(?))", [DATASET, names])
    if rows:
        con.executemany("INSERT INTO indicator_values (indicator, subject, year, value, unit, "
                        "dataset, source_ref, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    return len(rows)
