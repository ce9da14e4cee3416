"""Multinational Military Exercises (MME, Bernhardt & Sukin, v7), 1980–2010.

File (``mme_v7.csv``, Latin-1): ``MMEID, Ex_Name, Series_Name, Location, lat, lon, StartDate,
s.year, s.month, s.day, EndDate, e.year, …, StateA, StateB, … StateAM`` — participants by
English name, ``-9`` or ``xx`` for unknown. The MMEID is not unique in v7 (three ids are used
twice), so exercises are keyed by id, name and start year.
Indicator: ``exercises_joint`` [alliance] = exercises starting that year in which every member
of the alliance took part; 0 in covered years without one.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from alliance_monitor.datasets import countries
from alliance_monitor.datasets.common import sql_values, year_span
from alliance_monitor.datasets.load import Parsed, replace_indicators
from alliance_monitor.datasets.reading import Col, Rows, Source, read_rows, records
from alliance_monitor.datasets.registry import ALLIANCE_STATES, Dataset

#: Bump when the derivation below changes: stores derive again on the next build.
DERIVE_VERSION = 1
KEYS = {"ds_mme": ("mme_id", "name", "start_year"),
        "ds_mme_participants": ("mme_id", "name", "start_year", "participant")}
_UNKNOWN = frozenset({"", "na", "-9", "xx", "."})
_RAW: frozenset[str] = frozenset()  # keep the name as given ("-9" is a name in v7)
COLUMNS = (
    Col("mme_id", aliases=("MMEID", "mmeid"), nullable=False, na=frozenset({""})),
    Col("name", aliases=("Ex_Name", "exercise"), na=_RAW),
    Col("series", aliases=("Series_Name",), required=False, na=_UNKNOWN),
    Col("location", aliases=("Location",), required=False, na=_UNKNOWN),
    Col("lat", "float", required=False, strict=False, na=_UNKNOWN),
    Col("lon", "float", required=False, strict=False, na=_UNKNOWN),
    Col("start_year", "int", aliases=("s.year", "s_year", "startyear"), nullable=False,
        na=_UNKNOWN),
    Col("start_month", "int", aliases=("s.month", "s_month"), required=False, strict=False,
        na=_UNKNOWN),
    Col("start_day", "int", aliases=("s.day", "s_day"), required=False, strict=False,
        na=_UNKNOWN),
    Col("end_year", "int", aliases=("e.year", "e_year"), required=False, strict=False,
        na=_UNKNOWN),
    Col("end_month", "int", aliases=("e.month", "e_month"), required=False, strict=False,
        na=_UNKNOWN),
    Col("end_day", "int", aliases=("e.day", "e_day"), required=False, strict=False,
        na=_UNKNOWN),
)


def _participant(name: str) -> tuple[str | None, str]:
    """ISO3 (or NATO) for a participant name and the resolution status."""
    if name.strip().upper() == "NATO":
        return "NATO", "ok"
    res = countries.resolve(name, "name")
    return res.iso3, res.status


def parse(source: Source, bad: Rows) -> Parsed:
    header, _ = records(source)
    states = [h for h in header if h.casefold().startswith("state")]
    if not states:
        states_col: tuple[Col, ...] = (Col("StateA"),)  # reports the missing column
    else:
        states_col = tuple(Col(h, na=_UNKNOWN) for h in states)
    frame = read_rows(source, (*COLUMNS, *states_col), bad, dataset="mme")
    read = len(frame) + bad.count
    frame["name"] = frame["name"].fillna("").astype(str)
    cache: dict[str, tuple[str | None, str]] = {}
    rows: list[tuple[str, str, int, str]] = []
    keep: list[int] = []
    seen_keys: dict[tuple[str, str, int], int] = {}
    ids = zip(frame["line"], frame["mme_id"], frame["name"], frame["start_year"], strict=True)
    for idx, ((line, mme_id, name, year), cells) in enumerate(
            zip(ids, frame[states].itertuples(index=False, name=None), strict=True)):
        key = (str(mme_id), str(name), int(year))
        if key in seen_keys:
            bad.add(int(line), f"duplicate of line {seen_keys[key]} (MMEID {key[0]}, "
                               f"{key[1]}, {key[2]})")
            continue
        found: set[str] = set()
        coded = False
        for value in cells:
            if value is None or pd.isna(value):
                continue
            coded = True
            text = str(value)
            if text not in cache:
                cache[text] = _participant(text)
            iso3, status = cache[text]
            if iso3 is not None:
                found.add(iso3)
            elif status == "non_state":
                bad.skip(f"participant without ISO3 code ('{text}') left out")
            elif status == "unknown":
                bad.add(int(line), f"unknown participant '{text}' left out of the exercise")
        if not coded:
            bad.skip("participants not coded (-9) in the file")
            continue
        if not found:
            bad.add(int(line), "no known participant")
            continue
        seen_keys[key] = int(line)
        keep.append(idx)
        rows.extend((*key, p) for p in sorted(found))
    exercises = frame.loc[keep].reset_index(drop=True)
    exercises["n_participants"] = _counts(exercises, rows)
    participants = pd.DataFrame(rows, columns=["mme_id", "name", "start_year", "participant"])
    cols = ["mme_id", "name", "start_year", "start_month", "start_day", "end_year",
            "end_month", "end_day", "series", "location", "lat", "lon", "n_participants"]
    return Parsed({"ds_mme": exercises[cols], "ds_mme_participants": participants}, read,
                  *year_span(exercises["start_year"]),
                  replace_children={"ds_mme_participants": ("mme_id", "name", "start_year")})


def _counts(exercises: pd.DataFrame, rows: list[tuple[str, str, int, str]]) -> pd.Series:
    counts: dict[tuple[str, str, int], int] = {}
    for r in rows:
        counts[r[:3]] = counts.get(r[:3], 0) + 1
    return pd.Series([counts.get((str(m), str(n), int(y)), 0) for m, n, y in
                      zip(exercises["mme_id"], exercises["name"], exercises["start_year"],
                          strict=True)], index=exercises.index, dtype="int64")


def derive(con: duckdb.DuckDBPyConnection, info: Dataset) -> dict[str, int]:
    members = [(alliance, state, len(states)) for alliance, states in ALLIANCE_STATES.items()
               for state in states]
    n = replace_indicators(con, info, f"""
        WITH members(alliance, member, n_members) AS (VALUES {sql_values(members)}),
        hits AS (
            SELECT m.alliance, p.mme_id, p.name, p.start_year,
                   count(DISTINCT p.participant) AS k, max(m.n_members) AS n_members
            FROM ds_mme_participants p JOIN members m ON p.participant = m.member
            GROUP BY m.alliance, p.mme_id, p.name, p.start_year),
        joint AS (
            SELECT alliance, start_year AS year, count(*) AS n FROM hits
            WHERE k = n_members GROUP BY alliance, start_year),
        span AS (SELECT min(start_year) AS lo, max(start_year) AS hi FROM ds_mme),
        years AS (SELECT range AS year FROM span, range(span.lo, span.hi + 1)),
        alliances AS (SELECT DISTINCT alliance FROM members)
        SELECT 'exercises_joint' AS indicator, a.alliance AS subject, CAST(y.year AS INTEGER)
               AS year, CAST(coalesce(j.n, 0) AS DOUBLE) AS value, 'events' AS unit,
               'exercises starting this year with all members taking part' AS note
        FROM alliances a CROSS JOIN years y
        LEFT JOIN joint j ON j.alliance = a.alliance AND j.year = y.year""")
    return {"indicator_values": n}
