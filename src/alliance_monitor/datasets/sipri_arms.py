"""SIPRI Arms Transfers Database: trend-indicator values (TIV) of US arms exports.

File: SIPRI's TIV table for one supplier, wide: a recipient column, one column per year, often
a ``Total`` column and row, sometimes title lines above the header ("TIV of arms exports from
the United States, 1950-2020"). A blank cell means no recorded delivery and is stored as 0
(SIPRI's register is complete for major arms; 0 in a cell means less than 0.5 million TIV).
Indicator: ``us_arms_tiv`` [recipient ISO3], millions of TIV.
"""

from __future__ import annotations

import re

import duckdb
import pandas as pd

from alliance_monitor.datasets import countries
from alliance_monitor.datasets.common import resolve_countries, year_span
from alliance_monitor.datasets.load import Parsed, replace_indicators
from alliance_monitor.datasets.reading import (
    Col,
    DatasetFileError,
    Rows,
    Source,
    duplicates,
    read_rows,
    records,
)
from alliance_monitor.datasets.registry import Dataset

#: Bump when the derivation below changes: stores derive again on the next build.
DERIVE_VERSION = 1
KEYS = {"ds_arms_tiv": ("supplier", "recipient", "year")}
SUPPLIER = "USA"
_YEAR = re.compile(r"^(19|20)\d\d$")
_FROM = re.compile(r"exports from (?:the )?([A-Za-z .'-]+?)[,;(\n]", re.IGNORECASE)


def _is_header(cells: list[str]) -> bool:
    return sum(bool(_YEAR.match(c)) for c in cells) >= 3


def _check_supplier(source: Source) -> None:
    """Refuse a table of another supplier's exports (the title line names the supplier)."""
    preamble = "\n".join(source.text.splitlines()[:10])
    match = _FROM.search(preamble)
    if match:
        supplier = countries.to_iso3(match.group(1).strip())
        if supplier is not None and supplier != SUPPLIER:
            raise DatasetFileError(
                f"{source.name}: this table lists arms exports from {match.group(1).strip()}; "
                f"data set 'sipri_arms' holds exports from the United States")


def parse(source: Source, bad: Rows) -> Parsed:
    _check_supplier(source)
    header, _ = records(source, header_match=_is_header)
    years = [h for h in header if _YEAR.match(h)]
    if len(years) < 1:
        raise DatasetFileError(f"{source.name}: no year columns (1950, 1951, …) found; is "
                               f"this SIPRI's TIV table of US exports?")
    columns = (Col("recipient", aliases=("Recipient", "country", header[0])),
               *(Col(y, "float", na=frozenset({"", "-", "na"})) for y in years))
    frame = read_rows(source, columns, bad, dataset="sipri_arms", header_match=_is_header)
    read = len(frame) + bad.count
    name = frame["recipient"].fillna("").astype(str).str.rstrip("*").str.strip()
    total = name.str.casefold().isin({"total", "totals", ""})
    frame = frame[~total].assign(recipient=name[~total]).reset_index(drop=True)
    frame = resolve_countries(frame, [("recipient", "name")], bad, label="recipient")
    frame = duplicates(frame, ("iso3",), bad)
    long = frame.melt(id_vars=["line", "iso3"], value_vars=years, var_name="year",
                      value_name="tiv")
    long["tiv"] = long["tiv"].fillna(0.0)
    negative = long["tiv"] < 0
    for _, row in long[negative].iterrows():
        bad.add(int(row["line"]), f"column '{row['year']}': negative TIV {row['tiv']}")
    long = long[~negative]
    out = pd.DataFrame({"supplier": SUPPLIER, "recipient": long["iso3"],
                        "year": long["year"].astype(int), "tiv": long["tiv"].astype(float)})
    return Parsed({"ds_arms_tiv": out}, read, *year_span(int(y) for y in years))


def derive(con: duckdb.DuckDBPyConnection, info: Dataset) -> dict[str, int]:
    n = replace_indicators(con, info, f"""
        SELECT 'us_arms_tiv' AS indicator, recipient AS subject, year, tiv AS value,
               'tiv_million' AS unit,
               CASE WHEN tiv = 0 THEN 'no delivery recorded' END AS note
        FROM ds_arms_tiv WHERE supplier = '{SUPPLIER}'""")
    return {"indicator_values": n}
