"""US public support for NATO: poll toplines compiled by J. Alley from Roper Center polls.

File: ``year, poll, perc.supp, perc.opp, perc.none, data, roper.num, elite, Notes``.
Indicator: ``us_public_support_nato`` [USA] = mean % support of the year's general-public
polls (elite surveys left out), with the number of polls in the note.
"""

from __future__ import annotations

import duckdb

from alliance_monitor.datasets.common import check_range, year_span
from alliance_monitor.datasets.load import Parsed, replace_indicators
from alliance_monitor.datasets.reading import Col, Rows, Source, duplicates, read_rows
from alliance_monitor.datasets.registry import Dataset

#: Bump when the derivation below changes: stores derive again on the next build.
DERIVE_VERSION = 1
KEYS = {"ds_nato_opinion": ("year", "poll", "question")}
COLUMNS = (
    Col("year", "int", nullable=False),
    Col("poll", "int", aliases=("poll_no",), nullable=False),
    Col("pct_support", "float", aliases=("perc.supp", "perc_supp", "support")),
    Col("pct_oppose", "float", aliases=("perc.opp", "perc_opp", "oppose"), required=False),
    Col("pct_none", "float", aliases=("perc.none", "perc_none"), required=False),
    Col("elite", "int", required=False, strict=False),
    Col("roper_id", aliases=("roper.num", "roper_num"), required=False),
    Col("question", aliases=("notes", "note"), required=False, na=frozenset()),
)


def parse(source: Source, bad: Rows) -> Parsed:
    frame = read_rows(source, COLUMNS, bad, dataset="nato_opinion")
    read = len(frame) + bad.count
    frame["question"] = frame["question"].fillna("").astype(str).str.strip()
    for col in ("pct_support", "pct_oppose", "pct_none"):
        frame = check_range(frame, col, 0, 100, bad)
    frame = check_range(frame, "year", 1900, 2100, bad)
    frame = duplicates(frame, ("year", "poll", "question"), bad)
    frame["elite"] = frame["elite"].astype("boolean")
    cols = ["year", "poll", "question", "pct_support", "pct_oppose", "pct_none", "elite",
            "roper_id"]
    return Parsed({"ds_nato_opinion": frame[cols]}, read, *year_span(frame["year"]))


def derive(con: duckdb.DuckDBPyConnection, info: Dataset) -> dict[str, int]:
    n = replace_indicators(con, info, """
        SELECT 'us_public_support_nato' AS indicator, 'USA' AS subject, year,
               round(avg(pct_support), 2) AS value, 'percent' AS unit,
               'mean of ' || count(*) || ' general-public poll(s)' AS note
        FROM ds_nato_opinion WHERE coalesce(elite, false) = false AND pct_support IS NOT NULL
        GROUP BY year""")
    return {"indicator_values": n}
