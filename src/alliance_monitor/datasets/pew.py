"""Pew Research Center Global Attitudes: % favourable view of a country, by public and year.

File: ``country, year, target, pct_favorable, n`` (ISO3 codes; weighted shares with "don't
know" in the base, aggregated from the respondent-level data of the spring surveys).
Indicators: ``pew_fav_usa``, ``pew_fav_chn``, ``pew_fav_jpn`` for the surveyed public (ISO3).
"""

from __future__ import annotations

import duckdb

from alliance_monitor.datasets.common import check_range, resolve_countries, year_span
from alliance_monitor.datasets.load import Parsed, replace_indicators
from alliance_monitor.datasets.reading import Col, Rows, Source, duplicates, read_rows
from alliance_monitor.datasets.registry import Dataset

#: Bump when the derivation below changes: stores derive again on the next build.
DERIVE_VERSION = 1
KEYS = {"ds_pew": ("country", "year", "target")}
COLUMNS = (
    Col("country", aliases=("public", "survey_country")),
    Col("year", "int", aliases=("survey_year",), nullable=False),
    Col("target", aliases=("country_rated", "about")),
    Col("pct_favorable", "float", aliases=("pct_favourable", "favorable", "fav_pct")),
    Col("n", "int", aliases=("respondents", "n_respondents"), required=False, strict=False),
)
TARGETS = ("USA", "CHN", "JPN")


def parse(source: Source, bad: Rows) -> Parsed:
    frame = read_rows(source, COLUMNS, bad, dataset="pew")
    read = len(frame) + bad.count
    frame = resolve_countries(frame, [("country", "any")], bad, label="surveyed country")
    frame = resolve_countries(frame.drop(columns=["country"]).rename(columns={"iso3": "country"}),
                              [("target", "any")], bad, out="target_iso3", label="target country")
    frame = frame.drop(columns=["target"]).rename(columns={"target_iso3": "target"})
    frame = check_range(frame, "pct_favorable", 0, 100, bad)
    frame = check_range(frame, "year", 1900, 2100, bad)
    frame = duplicates(frame, ("country", "year", "target"), bad)
    return Parsed({"ds_pew": frame[["country", "year", "target", "pct_favorable", "n"]]}, read,
                  *year_span(frame["year"]))


def derive(con: duckdb.DuckDBPyConnection, info: Dataset) -> dict[str, int]:
    targets = ", ".join(f"'{t}'" for t in TARGETS)
    n = replace_indicators(con, info, f"""
        SELECT 'pew_fav_' || lower(target) AS indicator, country AS subject, year,
               pct_favorable AS value, 'percent' AS unit,
               CASE WHEN n IS NULL THEN NULL ELSE 'n=' || n END AS note
        FROM ds_pew WHERE target IN ({targets}) AND pct_favorable IS NOT NULL""")
    return {"indicator_values": n}
