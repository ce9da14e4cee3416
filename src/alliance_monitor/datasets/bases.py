"""US bases and sites abroad with coordinates (Vine, distributed with troopdata).

File (``basedata.csv``): ``countryname, ccode, iso3c, basename, lat, lon, base, lilypad,
fundedsite``. A cross-section without dates: no indicator; it feeds maps later.
"""

from __future__ import annotations

import duckdb

from alliance_monitor.datasets.common import check_range, resolve_countries
from alliance_monitor.datasets.load import Parsed
from alliance_monitor.datasets.reading import Col, Rows, Source, duplicates, read_rows
from alliance_monitor.datasets.registry import Dataset

#: Bump when the derivation below changes: stores derive again on the next build.
DERIVE_VERSION = 1
KEYS = {"ds_bases": ("iso3", "name")}
COLUMNS = (
    Col("country", aliases=("countryname",), required=False),
    Col("ccode", "int", required=False, strict=False),
    Col("iso3c", aliases=("iso3",), required=False),
    Col("name", aliases=("basename", "site"), nullable=False),
    Col("lat", "float", aliases=("latitude",)),
    Col("lon", "float", aliases=("longitude", "long")),
    Col("base", "int", required=False),
    Col("lilypad", "int", required=False),
    Col("funded_site", "int", aliases=("fundedsite",), required=False),
)


def parse(source: Source, bad: Rows) -> Parsed:
    frame = read_rows(source, COLUMNS, bad, dataset="bases")
    read = len(frame) + bad.count
    frame = resolve_countries(frame, [("iso3c", "iso3"), ("ccode", "cow"), ("country", "name")],
                              bad, label="host country")
    frame = check_range(frame, "lat", -90, 90, bad)
    frame = check_range(frame, "lon", -180, 180, bad)
    frame = duplicates(frame, ("iso3", "name"), bad)
    for col in ("base", "lilypad", "funded_site"):
        frame[col] = frame[col].astype("boolean")
    cols = ["iso3", "name", "lat", "lon", "base", "lilypad", "funded_site"]
    return Parsed({"ds_bases": frame[cols]}, read)


def derive(con: duckdb.DuckDBPyConnection, info: Dataset) -> dict[str, int]:
    row = con.execute("SELECT count(*) FROM ds_bases").fetchone()
    return {"bases": int(row[0]) if row else 0}
