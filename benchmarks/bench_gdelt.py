"""Benchmark (issue 4): GDELT import, dyad-month series over 100 M rows, incremental update.

Run: uv run python benchmarks/bench_gdelt.py [--rows N] [--import-rows N] [--pandas-rows N]

Prints, measured in one run (timed parts run in fresh child processes, so peak memory is that
part's own; times are the best of repeated runs on warm data):

1. import of GDELT 2.0 export files (validation, quarantine, de-duplication, noise flags,
   indicator values) vs a plain DuckDB ``read_csv`` of the same files into a table
   (goal: at least 0.5x its rate);
2. the dyad-month series of all five alliances over N synthetic GDELT-shaped rows
   (default 100 M, drawn from the real sample's value distributions, see gdelt_synth.py) vs a
   hand-written DuckDB SQL query run alternately in the same process (goal: at most 1.3x its
   time) and vs pandas (goal: 10x faster), once with the data already in a DataFrame and once
   reading it from Parquet; pandas runs on the first --pandas-rows rows and its time is scaled
   linearly to N; and the series' peak memory (goal: at most 4 GB);
3. one new 15-minute file into a store of --incremental-rows events, imported and the series
   updated (goal: under one second).

Everything lives in a temporary folder under --tmp (default /tmp) that is deleted afterwards.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import gdelt_synth  # noqa: E402

HAND_SQL = """
WITH dyads(alliance, a, b) AS (VALUES {pairs})
SELECT d.alliance, CAST(date_trunc('month', e.event_date) AS DATE) AS period,
       count(*) AS events, sum(coalesce(e.num_sources, 1)) AS weighted_events,
       avg(e.goldstein_scale) AS goldstein_mean,
       count(*) FILTER (e.quad_class = 1) AS verbal_cooperation,
       count(*) FILTER (e.quad_class = 2) AS material_cooperation,
       count(*) FILTER (e.quad_class = 3) AS verbal_conflict,
       count(*) FILTER (e.quad_class = 4) AS material_conflict
FROM gdelt_events e JOIN dyads d ON e.actor1 = d.a AND e.actor2 = d.b
WHERE e.noise IS NULL
GROUP BY ALL ORDER BY 1, 2
"""


def peak_mb() -> float:
    """This process's resident-memory high-water mark (VmHWM: reset at exec, unlike
    getrusage's ru_maxrss, which a child inherits from the parent it was forked from)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _pandas_series(frame: object, pairs: list[tuple[str, str, str]]) -> object:
    """What a pandas user writes: filter, join the dyads, truncate to months, aggregate."""
    import pandas as pd

    assert isinstance(frame, pd.DataFrame)
    table = pd.DataFrame(pairs, columns=["alliance", "a", "b"])
    kept = frame[frame["noise"].isna()]
    joined = kept.merge(table, left_on=["actor1", "actor2"], right_on=["a", "b"])
    joined["period"] = pd.to_datetime(joined["event_date"]).dt.to_period("M")
    for q in (1, 2, 3, 4):
        joined[f"q{q}"] = joined["quad_class"] == q
    return joined.groupby(["alliance", "period"]).agg(
        events=("quad_class", "size"), weighted=("num_sources", "sum"),
        goldstein=("goldstein_scale", "mean"), q1=("q1", "sum"), q2=("q2", "sum"),
        q3=("q3", "sum"), q4=("q4", "sum")).reset_index()


def child(part: str, store: str, rows: int) -> None:
    """One measured part in a fresh process; prints a JSON line with times and peak memory."""
    import duckdb

    from alliance_monitor.series import build_series, dyads

    result: dict[str, object] = {}
    if part == "pandas":  # store = the Parquet slice
        import pandas as pd

        pairs = [(d.id, a, b) for d in dyads.alliance_dyads() for a, b in d.pairs()]
        start = time.perf_counter()
        frame = pd.read_parquet(store)
        loaded = time.perf_counter() - start
        computes = []
        for _ in range(2):
            start = time.perf_counter()
            _pandas_series(frame, pairs)
            computes.append(time.perf_counter() - start)
        result = {"load": loaded, "compute": min(computes)}
    elif part == "series":  # the Ibis series alone: its time and its peak memory
        con = duckdb.connect(store, read_only=True)
        times = []
        for _ in range(2):
            start = time.perf_counter()
            build_series(con, None, "month", "gdelt")
            times.append(time.perf_counter() - start)
        result = {"seconds": times}
    else:  # "compare": Ibis and hand SQL alternately in one warm process
        con = duckdb.connect(store, read_only=True)
        pairs_sql = ", ".join(f"('{d.id}', '{a}', '{b}')" for d in dyads.alliance_dyads(con)
                              for a, b in sorted(d.pairs()))
        hand = HAND_SQL.format(pairs=pairs_sql)
        ours, theirs = [], []
        build_series(con, None, "month", "gdelt")
        con.sql(hand).to_arrow_table()
        for _ in range(3):
            start = time.perf_counter()
            a = build_series(con, None, "month", "gdelt").table
            ours.append(time.perf_counter() - start)
            start = time.perf_counter()
            b = con.sql(hand).to_arrow_table()
            theirs.append(time.perf_counter() - start)
        assert a.num_rows == b.num_rows and a.column("events").to_pylist() == \
            b.column("events").to_pylist(), "the two queries must give the same series"
        result = {"ibis": ours, "sql": theirs}
    result["peak_mb"] = peak_mb()
    print(json.dumps(result))


def run_child(part: str, store: Path, rows: int) -> dict[str, Any]:
    done = subprocess.run([sys.executable, __file__, "--child", part, "--store", str(store),
                           "--rows", str(rows)], check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def bench_import(tmp: Path, rows: int, files: int) -> tuple[float, float]:
    import duckdb

    from alliance_monitor.ingest.events_files import ingest_event_files
    from alliance_monitor.store import db

    paths = gdelt_synth.write_export_files(tmp / "files", files, rows // files)
    raw_times, our_times = [], []
    for attempt in range(2):
        target = tmp / f"raw{attempt}.duckdb"
        con = duckdb.connect(str(target))
        start = time.perf_counter()
        con.execute("CREATE TABLE raw AS SELECT * FROM read_csv(?, delim='\t', header=false)",
                    [[str(p) for p in paths]])
        raw_times.append(time.perf_counter() - start)
        con.close()
        target.unlink()
        store = tmp / f"store{attempt}.duckdb"
        con = db.connect(store)
        start = time.perf_counter()
        report = ingest_event_files(con, paths, progress=False)
        our_times.append(time.perf_counter() - start)
        assert report.events == rows // files * files, report.as_dict()
        con.close()
        store.unlink()
    shutil.rmtree(tmp / "files")
    return min(raw_times), min(our_times)


def bench_incremental(tmp: Path, rows: int) -> dict[str, float]:
    from alliance_monitor.ingest.events_files import ingest_event_files
    from alliance_monitor.series import build_series
    from alliance_monitor.store import db

    store = tmp / "incremental.duckdb"
    con = db.connect(store)
    from alliance_monitor.ingest import cameo

    cameo.install(con)
    gdelt_synth.fill_events_table(con, rows)
    con.execute("CHECKPOINT")
    newest = con.execute("SELECT max(date_added) FROM gdelt_events").fetchall()[0][0]
    stamp = newest.replace(minute=newest.minute // 15 * 15, second=0) + dt.timedelta(minutes=15)
    (path,) = gdelt_synth.write_export_files(tmp / "new", 1, 2111, first_id=rows + 10,
                                             start=stamp)
    build_series(con, None, "month", "gdelt")  # warm: the store is open and in use
    start = time.perf_counter()
    report = ingest_event_files(con, [path], progress=False)
    imported = time.perf_counter() - start
    result = build_series(con, None, "month", "gdelt")
    total = time.perf_counter() - start
    assert report.events == 2111 and result.table.num_rows > 0
    con.close()
    return {"import_and_indicators": imported, "series": total - imported, "total": total}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000_000)
    parser.add_argument("--import-rows", type=int, default=1_000_000)
    parser.add_argument("--import-files", type=int, default=20)
    parser.add_argument("--pandas-rows", type=int, default=10_000_000)
    parser.add_argument("--incremental-rows", type=int, default=10_000_000)
    parser.add_argument("--tmp", default="/tmp")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--store", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.store, args.rows)
        return
    tmp = Path(tempfile.mkdtemp(prefix="bench-gdelt-", dir=args.tmp))
    try:
        print(f"== import: {args.import_rows:,} rows in {args.import_files} GDELT 2.0 files",
              flush=True)
        raw, ours = bench_import(tmp, args.import_rows, args.import_files)
        print(f"plain DuckDB read_csv into a table   {raw:7.2f} s  "
              f"{args.import_rows / raw / 1e6:5.2f} M rows/s")
        print(f"alliance import (checked, deduped)   {ours:7.2f} s  "
              f"{args.import_rows / ours / 1e6:5.2f} M rows/s")
        print(f"ratio import rate / read_csv rate    {raw / ours:7.2f}x   (goal >= 0.5x)")

        print(f"\n== series: dyad-month, 5 alliances, {args.rows:,} synthetic rows", flush=True)
        import duckdb

        from alliance_monitor.ingest import cameo
        from alliance_monitor.store import db

        store = tmp / "big.duckdb"
        con = db.connect(store)
        cameo.install(con)
        start = time.perf_counter()
        gdelt_synth.fill_events_table(con, args.rows)
        con.execute("CHECKPOINT")
        con.close()
        print(f"generated in {time.perf_counter() - start:.0f} s "
              f"({store.stat().st_size / 2**30:.1f} GiB store)", flush=True)
        series_run = run_child("series", store, args.rows)
        compare = run_child("compare", store, args.rows)
        pandas_rows = min(args.pandas_rows, args.rows)
        scale = args.rows / pandas_rows
        slice_path = tmp / "slice.parquet"
        con = duckdb.connect(str(store), read_only=True)
        con.execute(f"COPY (SELECT event_date, actor1, actor2, quad_class, goldstein_scale, "
                    f"num_sources, noise FROM gdelt_events LIMIT {pandas_rows}) "
                    f"TO '{slice_path}' (FORMAT parquet)")
        con.close()
        pandas_run = run_child("pandas", slice_path, pandas_rows)
        t_ibis, t_sql = min(compare["ibis"]), min(compare["sql"])
        t_compute = pandas_run["compute"] * scale
        t_total = (pandas_run["load"] + pandas_run["compute"]) * scale
        print(f"Ibis expression on DuckDB            {t_ibis:7.2f} s  (first run in a fresh "
              f"process {series_run['seconds'][0]:.2f} s, incl. imports and compiling)")
        print(f"hand-written DuckDB SQL              {t_sql:7.2f} s")
        print(f"pandas, data already in memory       {t_compute:7.2f} s  (measured on "
              f"{pandas_rows:,} rows, x{scale:.0f})")
        print(f"pandas, reading Parquet + computing  {t_total:7.2f} s  (same slice, x{scale:.0f})")
        print(f"ratio Ibis / hand SQL                {t_ibis / t_sql:7.2f}x   (goal <= 1.3x)")
        print(f"speed-up vs pandas in memory         {t_compute / t_ibis:7.1f}x   (goal >= 10x)")
        print(f"speed-up vs pandas from Parquet      {t_total / t_ibis:7.1f}x")
        print(f"peak memory of the series process    {series_run['peak_mb']:7.0f} MB  "
              f"(goal <= 4096 MB; pandas on its slice {pandas_run['peak_mb']:.0f} MB)")
        store.unlink()

        print(f"\n== incremental: one 15-minute file into {args.incremental_rows:,} events",
              flush=True)
        inc = bench_incremental(tmp, args.incremental_rows)
        print(f"import + indicator values            {inc['import_and_indicators']:7.2f} s")
        print(f"series (dyad-month, 5 alliances)     {inc['series']:7.2f} s")
        print(f"total                                {inc['total']:7.2f} s   (goal < 1 s)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
