"""SIPRI military expenditure as a share of GDP, in Our World in Data's grapher CSV.

File: ``Entity, Code, Year, <value column>`` (the value column is named "Military expenditure
(% of GDP)" in the full format; the short-name format uses a snake_case name). Rows without an
ISO3 code (``OWID_*`` regions, the EU) are aggregates and left out.
Indicator: ``milex_share_gdp`` [ISO3], per cent of GDP.
"""

from __future__ import annotations

import duckdb

from alliance_monitor.datasets.common import check_range, resolve_countries, year_span
from alliance_monitor.datasets.load import Parsed, replace_indicators
from alliance_monitor.datasets.reading import Col, Rows, Source, duplicates, read_rows
from alliance_monitor.datasets.registry import Dataset

#: Bump when the derivation below changes: stores derive again on the next build.
DERIVE_VERSION = 1
KEYS = {"ds_milex": ("iso3", "year")}
COLUMNS = (
    Col("entity", aliases=("Entity", "country", "Country")),
    Col("code", aliases=("Code", "iso3", "iso_code"), required=False),
    Col("year", "int", aliases=("Year",), nullable=False),
    Col("share_gdp", "float", aliases=("Military expenditure (% of GDP)", "*% of gdp*",
                                       "*share*gdp*", "milex_gdp", "*milex*")),
)


def parse(source: Source, bad: Rows) -> Parsed:
    frame = read_rows(source, COLUMNS, bad, dataset="sipri_milex")
    read = len(frame) + bad.count
    code = frame["code"].fillna("").astype(str)
    aggregate = (code == "") | (code.str.startswith("OWID_") & (code != "OWID_KOS"))
    aggregate &= ~frame["entity"].fillna("").astype(str).eq("Kosovo")
    bad.skip("aggregate (region or group, no ISO3 code)", int(aggregate.sum()))
    frame = frame[~aggregate].reset_index(drop=True)
    frame = resolve_countries(frame, [("code", "iso3"), ("entity", "name")], bad)
    frame = check_range(frame, "share_gdp", 0, 1000, bad)  # Kuwait 1991: 117 % (war)
    frame = check_range(frame, "year", 1900, 2100, bad)
    frame = duplicates(frame, ("iso3", "year"), bad)
    return Parsed({"ds_milex": frame[["iso3", "year", "share_gdp"]]}, read,
                  *year_span(frame["year"]))


def derive(con: duckdb.DuckDBPyConnection, info: Dataset) -> dict[str, int]:
    n = replace_indicators(con, info, """
        SELECT 'milex_share_gdp' AS indicator, iso3 AS subject, year, share_gdp AS value,
               'percent_gdp' AS unit, NULL AS note
        FROM ds_milex WHERE share_gdp IS NOT NULL""")
    return {"indicator_values": n}
