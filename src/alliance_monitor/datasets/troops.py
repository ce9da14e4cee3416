"""US troops abroad by country and year (troopdata rebuild of the DMDC reports).

File (``troopdata-rebuild-country-year.csv``): ``countryname, year, ccode, iso3c, region,
troops_ad, army_ad, navy_ad, air_force_ad, marine_corps_ad, coast_guard_ad, space_force_ad,
… reserves …, … civilians …``. Some countries appear under two names in the same year (one
row all zeros); territories without an ISO3 code carry ``NA``.
Indicator: ``us_troops`` [host ISO3] = active-duty troops, summed over the rows of that host.
"""

from __future__ import annotations

import duckdb

from alliance_monitor.datasets.common import check_range, resolve_countries, year_span
from alliance_monitor.datasets.load import Parsed, replace_indicators
from alliance_monitor.datasets.reading import Col, Rows, Source, duplicates, read_rows
from alliance_monitor.datasets.registry import Dataset

#: Bump when the derivation below changes: stores derive again on the next build.
DERIVE_VERSION = 1
KEYS = {"ds_troops": ("country", "year")}
SERVICES = ("army_ad", "navy_ad", "air_force_ad", "marine_corps_ad", "coast_guard_ad",
            "space_force_ad", "total_selected_reserve", "total_civilian")
COLUMNS = (
    Col("country", aliases=("countryname", "country_name"), nullable=False),
    Col("year", "int", nullable=False),
    Col("ccode", "int", required=False, strict=False),
    Col("iso3c", aliases=("iso3",), required=False),
    Col("troops_ad", "int", aliases=("troops", "troops_active_duty")),
    *(Col(s, "int", required=False) for s in SERVICES),
)


def parse(source: Source, bad: Rows) -> Parsed:
    frame = read_rows(source, COLUMNS, bad, dataset="troops")
    read = len(frame) + bad.count
    frame = resolve_countries(frame, [("ccode", "cow"), ("iso3c", "iso3"), ("country", "name")],
                              bad, keep_non_state=True, label="host country")
    frame = check_range(frame, "troops_ad", 0, 5_000_000, bad)
    for col in SERVICES:  # not used by the indicator: a bad value must not cost the row
        frame = check_range(frame, col, 0, 5_000_000, bad, drop=False)
    frame = check_range(frame, "year", 1900, 2100, bad)
    frame = duplicates(frame, ("country", "year"), bad)
    cols = ["country", "year", "iso3", "ccode", "troops_ad", *SERVICES]
    return Parsed({"ds_troops": frame[cols]}, read, *year_span(frame["year"]))


def derive(con: duckdb.DuckDBPyConnection, info: Dataset) -> dict[str, int]:
    n = replace_indicators(con, info, """
        SELECT 'us_troops' AS indicator, iso3 AS subject, year, sum(troops_ad) AS value,
               'persons' AS unit,
               CASE WHEN count(*) > 1 THEN 'sum of ' || count(*) || ' rows: '
                    || string_agg(country, '; ' ORDER BY country) END AS note
        FROM ds_troops WHERE iso3 IS NOT NULL AND troops_ad IS NOT NULL
        GROUP BY iso3, year""")
    return {"indicator_values": n}
