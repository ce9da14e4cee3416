"""ATOP directed dyad-years: the obligations of state 1 towards state 2 in each year.

File (``atop5_1ddyr.csv`` in the official zip): ``stateA, stateB, year, atopally, defense,
offense, neutral, nonagg, consul, …`` (COW codes). The shared copy, converted from the R data
file, names them ``ccode1, ccode2, year, atop_defense, …``; both are accepted.

Facts: for the member pairs of the model (USA-JPN, USA-KOR, JPN-KOR), each unbroken run of
years in which one state holds an obligation towards the other, with the years as valid time;
where a pair never had a defence obligation (JPN-KOR), one fact says so up to the last year.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import duckdb

from alliance_monitor.datasets import countries
from alliance_monitor.datasets.common import check_range, year_span
from alliance_monitor.datasets.facts import replace_facts
from alliance_monitor.datasets.load import Parsed
from alliance_monitor.datasets.reading import Col, Rows, Source, read_rows
from alliance_monitor.datasets.registry import ALLIANCE_STATES, Dataset
from alliance_monitor.model import Fact, SourceRef, Text

#: Bump when the derivation below changes: stores derive again on the next build.
DERIVE_VERSION = 1
KEYS = {"ds_atop_dyads": ("ccode1", "ccode2", "year")}
OBLIGATIONS: dict[str, tuple[str, str]] = {
    "defense": ("a defence obligation", "eine Verteidigungspflicht"),
    "offense": ("an offence obligation", "eine Angriffspflicht"),
    "neutral": ("a neutrality obligation", "eine Neutralitätspflicht"),
    "nonagg": ("a non-aggression pledge", "ein Nichtangriffsversprechen"),
    "consul": ("a consultation obligation", "eine Konsultationspflicht"),
}
COLUMNS = (
    Col("ccode1", "int", aliases=("stateA", "statea", "ccode_a"), nullable=False),
    Col("ccode2", "int", aliases=("stateB", "stateb", "ccode_b"), nullable=False),
    Col("year", "int", nullable=False),
    *(Col(o, "int", aliases=(f"atop_{o}",)) for o in OBLIGATIONS),
)


def parse(source: Source, bad: Rows) -> Parsed:
    frame = read_rows(source, COLUMNS, bad, dataset="atop_dyads")
    read = len(frame) + bad.count
    for col in OBLIGATIONS:
        frame = check_range(frame, col, 0, 1, bad)
    frame = check_range(frame, "year", 1800, 2100, bad)
    codes = {int(c) for c in frame["ccode1"].dropna()} | {int(c) for c in frame["ccode2"].dropna()}
    iso = {c: countries.to_iso3(c, "cow") for c in codes}
    frame["iso3_1"] = frame["ccode1"].astype("int64").map(iso)
    frame["iso3_2"] = frame["ccode2"].astype("int64").map(iso)
    dup = frame.duplicated(["ccode1", "ccode2", "year"])
    for line in frame.loc[dup, "line"]:
        bad.add(int(line), "duplicate directed dyad-year")
    frame = frame[~dup]
    cols = ["ccode1", "ccode2", "year", "iso3_1", "iso3_2", *OBLIGATIONS]
    return Parsed({"ds_atop_dyads": frame[cols].reset_index(drop=True)}, read,
                  *year_span(frame["year"]))


def runs(years: Iterable[int]) -> list[tuple[int, int]]:
    """Unbroken runs of consecutive years: [1951, 1952, 1954] -> [(1951, 1952), (1954, 1954)]."""
    out: list[tuple[int, int]] = []
    for y in sorted(set(years)):
        if out and y == out[-1][1] + 1:
            out[-1] = (out[-1][0], y)
        else:
            out.append((y, y))
    return out


def pair_facts(con: duckdb.DuckDBPyConnection, alliance: str, holder: str, partner: str,
               last_year: int, source_id: str) -> list[Fact]:
    facts: list[Fact] = []
    rows = con.execute(
        f"SELECT year, {', '.join(OBLIGATIONS)} FROM ds_atop_dyads "
        "WHERE iso3_1 = ? AND iso3_2 = ? ORDER BY year", [holder, partner]).fetchall()
    for i, (obligation, (label_en, label_de)) in enumerate(OBLIGATIONS.items(), start=1):
        years = [r[0] for r in rows if r[i] == 1]
        attribute = f"atop_dyad_{obligation}"
        base = f"{alliance.lower()}.{attribute}.{holder.lower()}"
        for start, end in runs(years):
            facts.append(Fact(
                id=f"{base}.{start}-{end}", subject=alliance, attribute=attribute, about=holder,
                value=True, valid_from=dt.date(start, 1, 1), valid_to=dt.date(end, 12, 31),
                source=SourceRef(ref=source_id,
                                 page=f"directed dyad-years {holder}→{partner} {start}–{end}"),
                note=Text(en=f"ATOP records {label_en} of {holder} towards {partner} in every "
                             f"year {start}–{end}.",
                          de=f"ATOP verzeichnet {label_de} von {holder} gegenüber {partner} in "
                             f"jedem Jahr {start}–{end}.")))
        if not years and obligation == "defense":
            facts.append(Fact(
                id=f"{base}.none", subject=alliance, attribute=attribute, about=holder,
                value=False, valid_to=dt.date(last_year, 12, 31),
                source=SourceRef(ref=source_id,
                                 page=f"directed dyad-years {holder}→{partner}, to {last_year}"),
                note=Text(en=f"ATOP records no defence obligation of {holder} towards {partner} "
                             f"in any year up to {last_year}.",
                          de=f"ATOP verzeichnet bis {last_year} in keinem Jahr eine "
                             f"Verteidigungspflicht von {holder} gegenüber {partner}.")))
    return facts


def derive(con: duckdb.DuckDBPyConnection, info: Dataset) -> dict[str, int]:
    row = con.execute("SELECT max(year) FROM ds_atop_dyads").fetchone()
    facts: list[Fact] = []
    if row and row[0] is not None:
        for alliance, states in ALLIANCE_STATES.items():
            if len(states) != 2:
                continue  # the trilateral's pairs are the bilateral alliances
            a, b = states
            facts += pair_facts(con, alliance, a, b, int(row[0]), info.source_id)
            facts += pair_facts(con, alliance, b, a, int(row[0]), info.source_id)
    return {"dataset_facts": replace_facts(con, info.name, facts)}
