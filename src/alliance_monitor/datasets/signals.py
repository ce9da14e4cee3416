"""McManus & Nieman: signals of major-power support to each country and year (1950–2012).

File: ``ctry_yr, ccode, country, year, us_nukes, us_vis, us_econaid, us_bit, us_pact,
us_words, us_ex, us_arms, us_troops, …`` (and the same for UK, France, Russia, China).
Indicator: ``us_support_signals`` [ISO3] = how many of the nine kinds of US signal were sent
that year (nuclear deployment, leader visit, economic aid, investment treaty, defence pact,
supportive statements, joint exercise, arms transfer, troops), 0–9. This is a transparent
count, not the authors' latent measure.
"""

from __future__ import annotations

import duckdb

from alliance_monitor.datasets.common import check_range, resolve_countries, year_span
from alliance_monitor.datasets.load import Parsed, replace_indicators
from alliance_monitor.datasets.reading import Col, Rows, Source, duplicates, read_rows
from alliance_monitor.datasets.registry import Dataset

#: Bump when the derivation below changes: stores derive again on the next build.
DERIVE_VERSION = 1
KEYS = {"ds_signals": ("ccode", "year")}
#: table column <- file column (the US signals)
SIGNALS = {"nukes": "us_nukes", "visits": "us_vis", "econaid": "us_econaid", "bit": "us_bit",
           "pact": "us_pact", "words": "us_words", "exercises": "us_ex", "arms": "us_arms",
           "troops": "us_troops"}
COLUMNS = (
    Col("ccode", "int", nullable=False),
    Col("country", required=False),
    Col("year", "int", nullable=False),
    *(Col(name, "float", aliases=(column,)) for name, column in SIGNALS.items()),
)


def parse(source: Source, bad: Rows) -> Parsed:
    frame = read_rows(source, COLUMNS, bad, dataset="signals")
    read = len(frame) + bad.count
    frame = resolve_countries(frame, [("ccode", "cow"), ("country", "name")], bad,
                              keep_non_state=True)
    for col in SIGNALS:
        frame = check_range(frame, col, 0, 1e13, bad)
    frame = check_range(frame, "year", 1900, 2100, bad)
    frame = duplicates(frame, ("ccode", "year"), bad)
    cols = ["ccode", "year", "iso3", *SIGNALS]
    return Parsed({"ds_signals": frame[cols]}, read, *year_span(frame["year"]))


def derive(con: duckdb.DuckDBPyConnection, info: Dataset) -> dict[str, int]:
    # Two COW codes can map to one ISO3 in a year (West Germany 260 and Germany 255 in 1990):
    # a signal counts if either received it.
    count = " + ".join(f"(CASE WHEN max(coalesce({c}, 0)) > 0 THEN 1 ELSE 0 END)"
                       for c in SIGNALS)
    n = replace_indicators(con, info, f"""
        SELECT 'us_support_signals' AS indicator, iso3 AS subject, year, {count} AS value,
               'signal_types' AS unit,
               CASE WHEN count(*) > 1 THEN 'combines ' || count(*) || ' COW states' END AS note
        FROM ds_signals WHERE iso3 IS NOT NULL GROUP BY iso3, year""")
    return {"indicator_values": n}
