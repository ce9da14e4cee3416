"""Benchmark (not a test): ``assess --uncertainty 1000`` for all five alliances at one date
against a single plain assessment of the same alliances, measured in one run.

The Monte Carlo re-makes the methodology's choices for 1,000 Saltelli samples (N·(G+2) rows
per alliance, G ≈ 30 factor groups) in numpy from one plain assessment, and estimates the
first-order and total Sobol indices with bootstrap intervals for all six scores. Goal: within
20× the plain assessment. Imports (SALib, SciPy) and the snapshot are warmed up first; each
timing is the best of ``--repeat`` runs, because the machine may be shared.

    uv run python benchmarks/bench_uncertainty.py [--samples 1000] [--at 2025-06-30] [--repeat 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import alliance_monitor.cli  # noqa: F401  (registers the plugins)
from alliance_monitor.app import App


def best(fn: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=1000)
    parser.add_argument("--at", default="2025-06-30")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--store", type=Path, default=None)
    args = parser.parse_args()
    at = dt.date.fromisoformat(args.at)
    with tempfile.TemporaryDirectory() as tmp:
        store = args.store or Path(tmp) / "bench.duckdb"
        with App(store) as app:
            app.build()
            app.assess(None, at)  # snapshot, methodology and knowledge in memory
            app.assess_uncertainty(["usa-kor"], at, 16, seed=0)  # warm SALib/SciPy imports
            plain = best(lambda: app.assess(None, at), args.repeat)
            mc = best(lambda: app.assess_uncertainty(None, at, args.samples, seed=1),
                      args.repeat)
            no_sens = best(lambda: app.assess_uncertainty(None, at, args.samples, seed=1,
                                                          sensitivity=False), args.repeat)
    n = len(["USA-JPN", "USA-KOR", "JPN-KOR", "USA-JPN-KOR", "NATO-IP4"])
    print(f"plain assessment, {n} alliances:            {plain * 1000:8.1f} ms")
    print(f"--uncertainty {args.samples} (with Sobol indices): {mc * 1000:8.1f} ms  "
          f"ratio {mc / plain:5.1f}x (goal <= 20x)")
    print(f"--uncertainty {args.samples} (intervals only):     {no_sens * 1000:8.1f} ms  "
          f"ratio {no_sens / plain:5.1f}x")


if __name__ == "__main__":
    main()
