"""Benchmark (not a test): load every data set from the shared copies and build all panels.

Measured in one run, on the same machine:

- **project**: ``load_directory`` into a fresh in-memory store (validation, bad-row reports,
  upserts by natural key, derived indicator_values and facts, load bookkeeping), then the Ibis
  panels of all five alliances on DuckDB, fetched as Arrow;
- **baseline**: the same panels with plain pandas straight from the CSV files (same indicator
  rules, no validation, no store, no provenance).

It checks that both give the same numbers, prints the timings and their ratio, and prints the
range of each indicator over all US allies (the basis for the methodology's normalisation).

    uv run python benchmarks/bench_datasets.py [PATH_TO/shared/data/indicators] [--repeat N]
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from itertools import combinations
from pathlib import Path
from typing import Any

import pandas as pd

from alliance_monitor.datasets import countries
from alliance_monitor.datasets.load import find_files, load_path
from alliance_monitor.datasets.registry import ALLIANCE_STATES
from alliance_monitor.series import panels
from alliance_monitor.store import db

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "indicators"
ALLIANCES: dict[str, list[str]] = {
    "USA-JPN": ["USA", "JPN"], "USA-KOR": ["USA", "KOR"], "JPN-KOR": ["JPN", "KOR"],
    "USA-JPN-KOR": ["USA", "JPN", "KOR"], "NATO-IP4": ["NATO", "JPN", "KOR", "AUS", "NZL"]}


# --- the project: loaders + Ibis panels ------------------------------------------------------

NOT_IN_PANELS = ("atop", "atop_dyads", "bases")


def project(folder: Path) -> tuple[dict[str, pd.DataFrame], float, float, Any, float]:
    t0 = time.perf_counter()
    con = db.connect(":memory:")
    extra = 0.0
    for name, path in find_files(folder):
        start = time.perf_counter()
        load_path(con, name, path)
        if name in NOT_IN_PANELS:
            extra += time.perf_counter() - start
    t1 = time.perf_counter()
    out = {}
    for alliance, members in ALLIANCES.items():
        out[alliance] = panels.to_arrow(panels.indicator_panel(con, alliance, members)
                                        ).to_pandas()
    t2 = time.perf_counter()
    return out, t1 - t0, t2 - t1, con, extra


# --- the baseline: plain pandas --------------------------------------------------------------

def _iso(values: pd.Series, scheme: countries.Scheme) -> pd.Series:
    mapping = {v: countries.to_iso3(v, scheme) for v in values.dropna().unique()}
    return values.map(mapping)


def baseline(folder: Path) -> dict[str, pd.DataFrame]:
    frames: list[pd.DataFrame] = []

    def add(indicator: str, subject: pd.Series, year: pd.Series, value: pd.Series) -> None:
        frames.append(pd.DataFrame({"indicator": indicator, "subject": subject.values,
                                    "year": year.astype(int).values,
                                    "value": value.astype(float).values}))

    u = pd.read_csv(folder / "unga" / "IdealpointestimatesAll_Jun2024.csv")
    u["iso3"] = _iso(u["ccode"], "cow").fillna(u["iso3c"])
    u["year"] = u["session"] + 1945
    ip = u.groupby(["iso3", "year"]).agg(ip=("IdealPointAll", "mean"),
                                         agree=("USAgree", "mean")).reset_index()
    for alliance, states in ALLIANCE_STATES.items():
        pairs = list(combinations(states, 2))
        parts = []
        for a, b in pairs:
            m = ip[ip.iso3 == a].merge(ip[ip.iso3 == b], on="year")
            parts.append(pd.DataFrame({"year": m.year, "d": (m.ip_x - m.ip_y).abs()}))
        d = pd.concat(parts).groupby("year").d.agg(["mean", "count"]).reset_index()
        d = d[d["count"] == len(pairs)]
        add("unga_ideal_point_distance", pd.Series([alliance] * len(d)), d.year,
            d["mean"].round(6))
        if all("USA" in p for p in pairs):
            other = next(s for s in states if s != "USA")
            g = ip[(ip.iso3 == other) & ip.agree.notna()]
            add("unga_agreement", pd.Series([alliance] * len(g)), g.year, g.agree)
    m = pd.read_csv(folder / "sipri" / "military-spending-share-gdp.csv")
    m = m[m.Code.notna() & ~m.Code.fillna("").str.startswith("OWID_")]
    add("milex_share_gdp", m.Code, m.Year, m["Military expenditure (% of GDP)"])
    a = pd.read_csv(folder / "sipri" / "us-arms-exports-tiv.csv")
    a["iso3"] = _iso(a["recipient"], "name")
    long = a.drop(columns="recipient").melt(id_vars="iso3", var_name="year", value_name="tiv")
    add("us_arms_tiv", long.iso3, long.year, long.tiv.fillna(0))
    t = pd.read_csv(folder / "troops" / "troopdata-rebuild-country-year.csv",
                    keep_default_na=False, na_values=["NA", ""])
    t["iso3"] = _iso(t["ccode"], "cow").fillna(_iso(t["iso3c"], "iso3")).fillna(
        _iso(t["countryname"], "name"))
    tt = t[t.iso3.notna()].groupby(["iso3", "year"]).troops_ad.sum().reset_index()
    add("us_troops", tt.iso3, tt.year, tt.troops_ad)
    x = pd.read_csv(folder / "exercises" / "mme_v7.csv", encoding="latin-1", dtype=str)
    state_cols = [c for c in x.columns if c.startswith("State")]
    x = x.drop_duplicates(["MMEID", "Ex_Name", "s.year"])
    part = x.melt(id_vars=["MMEID", "Ex_Name", "s.year"], value_vars=state_cols,
                  value_name="state").dropna(subset=["state"])
    part["iso3"] = _iso(part["state"], "name")
    years = range(int(x["s.year"].astype(int).min()), int(x["s.year"].astype(int).max()) + 1)
    for alliance, states in ALLIANCE_STATES.items():
        hit = part[part.iso3.isin(states)].groupby(["MMEID", "Ex_Name", "s.year"]).iso3.nunique()
        n = hit[hit == len(states)].reset_index().groupby("s.year").size()
        n.index = n.index.astype(int)
        counts = pd.Series([int(n.get(y, 0)) for y in years])
        add("exercises_joint", pd.Series([alliance] * len(counts)), pd.Series(list(years)),
            counts)
    cols = ["us_nukes", "us_vis", "us_econaid", "us_bit", "us_pact", "us_words", "us_ex",
            "us_arms", "us_troops"]
    s = pd.read_csv(folder / "signals" / "mcmanus-nieman-signals.csv",
                    usecols=["ccode", "year", *cols])
    s["iso3"] = _iso(s["ccode"], "cow")
    sg = s[s.iso3.notna()].groupby(["iso3", "year"])[cols].max()
    sg = (sg > 0).sum(axis=1).reset_index(name="n")
    add("us_support_signals", sg.iso3, sg.year, sg.n)
    p = pd.read_csv(folder / "opinion" / "pew-favorability-by-country-year.csv")
    for target in ("USA", "CHN", "JPN"):
        q = p[p.target == target]
        add(f"pew_fav_{target.lower()}", q.country, q.year, q.pct_favorable)
    n = pd.read_csv(folder / "opinion" / "us-public-support-nato.csv")
    n = n[n.elite.fillna(0) != 1].groupby("year")["perc.supp"].mean().round(2).reset_index()
    add("us_public_support_nato", pd.Series(["USA"] * len(n)), n.year, n["perc.supp"])

    values = pd.concat(frames, ignore_index=True)
    out = {}
    for alliance, members in ALLIANCES.items():
        cols_ = panels.panel_columns(alliance, members)
        keys = pd.DataFrame([(c.indicator, c.subject, c.name) for c in cols_],
                            columns=["indicator", "subject", "column"])
        sel = values.merge(keys, on=["indicator", "subject"])
        wide = sel.pivot_table(index="year", columns="column", values="value", aggfunc="max")
        spine = pd.DataFrame({"year": range(int(sel.year.min()), int(sel.year.max()) + 1)})
        wide = spine.merge(wide.reset_index(), on="year", how="left")
        wide = wide.reindex(columns=["year", *keys.column])
        wide["coverage"] = (wide[list(keys.column)].notna().sum(axis=1) / len(keys)).round(2)
        out[alliance] = wide
    return out


def compare(ours: dict[str, pd.DataFrame], theirs: dict[str, pd.DataFrame]) -> int:
    """Number of cells that differ (both empty counts as equal). DuckDB rounds halves away
    from zero, pandas to even: rounded cells may differ in their last digit."""
    diff = 0
    for alliance, a in ours.items():
        b = theirs[alliance]
        if list(a.columns) != list(b.columns) or len(a) != len(b):
            print(f"  {alliance}: shape differs {a.shape} vs {b.shape}")
            diff += 1
            continue
        for col in a.columns:
            tol = 0.0101 if col == "coverage" else 1.1e-6
            for x, y in zip(a[col].tolist(), b[col].tolist(), strict=True):
                nx = x is None or (isinstance(x, float) and math.isnan(x))
                ny = y is None or (isinstance(y, float) and math.isnan(y))
                if nx != ny or (not nx and not math.isclose(float(x), float(y), rel_tol=1e-9,
                                                            abs_tol=tol)):
                    diff += 1
    return diff


def timed(fn: Callable[[], Any], repeat: int) -> tuple[Any, list[float]]:
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return result, times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    if not args.folder.is_dir():
        print(f"no shared data at {args.folder}; pass the folder of the official copies",
              file=sys.stderr)
        return 2
    warnings.filterwarnings("ignore", message=r".*fetch_arrow_table")

    runs = [project(args.folder) for _ in range(args.repeat)]
    ours, _, _, con, _ = runs[-1]
    extra = statistics.median(r[4] for r in runs)
    load_times = [r[1] for r in runs]
    panel_times = [r[2] for r in runs]
    theirs, base_times = timed(lambda: baseline(args.folder), args.repeat)

    differing = compare(ours, theirs)
    ours_total = statistics.median(a + b for a, b in zip(load_times, panel_times, strict=True))
    base_total = statistics.median(base_times)
    rows = sum(len(p) for p in ours.values())
    print(f"panels: {len(ours)} alliances, {rows} panel rows; cells differing from pandas: "
          f"{differing}")
    print(f"project  load all data sets : {statistics.median(load_times):7.3f} s "
          f"(median of {args.repeat})")
    print(f"  of which ATOP and bases   : {extra:7.3f} s (facts and map data, not in panels)")
    print(f"project  build all panels   : {statistics.median(panel_times):7.3f} s")
    print(f"project  total              : {ours_total:7.3f} s")
    print(f"pandas   baseline total     : {base_total:7.3f} s")
    print(f"ratio project / pandas      : {ours_total / base_total:7.2f}x  "
          f"(panels alone: {statistics.median(panel_times) / base_total:.2f}x of the baseline)")
    print("\nindicator ranges over US allies, 2000 to latest (normalisation basis):")
    ranges = panels.to_arrow(panels.ally_ranges(con, 2000)).to_pandas()
    print(ranges.round(3).to_string(index=False))
    return 1 if differing else 0


if __name__ == "__main__":
    raise SystemExit(main())
