"""UN General Assembly ideal points (Bailey, Strezhnev & Voeten, Harvard Dataverse).

File (``IdealpointestimatesAll_*.csv``, one row per state and session): ``ccode, session,
NVotesAll, IdealPointAll, Q5%All, Q95%All, iso3c, Countryname, USAgree, ChinaAgree, …``.
Session n is the year 1945 + n (session 1 = 1946); older releases also give ``year``.

Indicators per alliance (``ALLIANCE_STATES``):
- ``unga_ideal_point_distance``: mean |ideal point difference| over all member pairs, only in
  years where every member has an estimate;
- ``unga_agreement``: share of votes in agreement, only where the file gives every pair
  (it gives agreement with the USA, so USA-JPN and USA-KOR; not JPN-KOR or the trilateral).
"""

from __future__ import annotations

from itertools import combinations

import duckdb

from alliance_monitor.datasets.common import check_range, resolve_countries, sql_values, year_span
from alliance_monitor.datasets.load import Parsed, replace_indicators
from alliance_monitor.datasets.reading import Col, Rows, Source, duplicates, read_rows
from alliance_monitor.datasets.registry import ALLIANCE_STATES, Dataset

#: Bump when the derivation below changes: stores derive again on the next build.
DERIVE_VERSION = 1
KEYS = {"ds_unga": ("ccode", "session")}
COLUMNS = (
    Col("ccode", "int", aliases=("cowcode", "COWcode"), nullable=False),
    Col("session", "int", aliases=("Session",), nullable=False),
    Col("year", "int", aliases=("Year",), required=False),
    Col("n_votes", "int", aliases=("NVotesAll", "NVotes", "nvotes"), required=False,
        strict=False),
    Col("ideal_point", "float", aliases=("IdealPointAll", "IdealPoint", "idealpoint",
                                         "idealpointall")),
    Col("ideal_point_q05", "float", aliases=("Q5%All", "Q5%"), required=False, strict=False),
    Col("ideal_point_q95", "float", aliases=("Q95%All", "Q95%"), required=False, strict=False),
    Col("iso3c", aliases=("iso3", "ISO3"), required=False),
    Col("country_name", aliases=("Countryname", "CountryName", "country"), required=False),
    Col("us_agree", "float", aliases=("USAgree", "agree_usa"), required=False, strict=False),
    Col("china_agree", "float", aliases=("ChinaAgree",), required=False, strict=False),
    Col("russia_agree", "float", aliases=("RUSSAgree", "RussiaAgree"), required=False,
        strict=False),
)
#: UN session n took place in year 1945 + n.
SESSION_YEAR_OFFSET = 1945


def parse(source: Source, bad: Rows) -> Parsed:
    frame = read_rows(source, COLUMNS, bad, dataset="unga")
    read = len(frame) + bad.count
    frame["year"] = frame["year"].fillna(frame["session"] + SESSION_YEAR_OFFSET)
    frame = resolve_countries(frame, [("ccode", "cow"), ("iso3c", "iso3"),
                                      ("country_name", "name")], bad, keep_non_state=True)
    frame = check_range(frame, "session", 1, 200, bad)
    for col in ("us_agree", "china_agree", "russia_agree"):
        frame = check_range(frame, col, 0, 1, bad)
    frame = duplicates(frame, ("ccode", "session"), bad)
    cols = ["ccode", "session", "year", "iso3", "n_votes", "ideal_point", "ideal_point_q05",
            "ideal_point_q95", "us_agree", "china_agree", "russia_agree"]
    return Parsed({"ds_unga": frame[cols]}, read, *year_span(frame["year"]))


def derive(con: duckdb.DuckDBPyConnection, info: Dataset) -> dict[str, int]:
    pairs = [(alliance, a, b, len(list(combinations(states, 2))))
             for alliance, states in ALLIANCE_STATES.items()
             for a, b in combinations(states, 2)]
    usa_only = {alliance for alliance, states in ALLIANCE_STATES.items()
                if all("USA" in pair for pair in combinations(states, 2))}
    agree_pairs = [p for p in pairs if p[0] in usa_only]
    n = replace_indicators(con, info, f"""
        WITH ip AS (
            SELECT iso3, year, avg(ideal_point) AS ideal_point, avg(us_agree) AS us_agree
            FROM ds_unga WHERE iso3 IS NOT NULL AND ideal_point IS NOT NULL
            GROUP BY iso3, year),
        pairs(alliance, a, b, n_pairs) AS (VALUES {sql_values(pairs)}),
        agree_pairs(alliance, a, b, n_pairs) AS (VALUES {sql_values(agree_pairs)}),
        dist AS (
            SELECT p.alliance, x.year, round(avg(abs(x.ideal_point - y.ideal_point)), 6) AS value,
                   count(*) AS k, max(p.n_pairs) AS n_pairs
            FROM pairs p JOIN ip x ON x.iso3 = p.a JOIN ip y ON y.iso3 = p.b AND y.year = x.year
            GROUP BY p.alliance, x.year),
        agree AS (
            SELECT p.alliance, y.year, avg(y.us_agree) AS value, count(*) AS k,
                   max(p.n_pairs) AS n_pairs
            FROM agree_pairs p JOIN ip y ON y.iso3 = p.b
            WHERE p.a = 'USA' AND y.us_agree IS NOT NULL
            GROUP BY p.alliance, y.year)
        SELECT 'unga_ideal_point_distance' AS indicator, alliance AS subject, year, value,
               'ideal_point_distance' AS unit,
               CASE WHEN n_pairs > 1 THEN 'mean over ' || n_pairs || ' member pairs' END AS note
        FROM dist WHERE k = n_pairs
        UNION ALL
        SELECT 'unga_agreement', alliance, year, value, 'share',
               'share of UNGA votes the partner cast like the USA'
        FROM agree WHERE k = n_pairs""")
    return {"indicator_values": n}
