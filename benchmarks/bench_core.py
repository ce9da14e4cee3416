"""Benchmark (issue 8): a fast CLI over the application core, as ratios in one run.

    uv run python benchmarks/bench_core.py [--repeat N]

Baseline: ``python -c "import duckdb"`` on the same machine. Measured (medians of N paired,
interleaved runs, fresh processes, on a store built once beforehand):

- ``alliance --help``;
- ``./scripts/run assess`` (the README's main job on a built store, including the script's
  environment check and ``uv run``);
- ``alliance assess`` (one date, five alliances), from the start-up cache as every run after
  the first over an unchanged store, and once more with ``ALLIANCE_NO_CACHE=1`` (what the first
  run after a change costs: store check, queries, no pickles);
- ``alliance assess --from 2016-01-01 --to 2025-12-31 --every month`` (120 dates × 5 = 600
  alliance-dates), as a ratio to the single-date ``assess``.
Goals: ``./scripts/run assess`` within 3× the baseline; the 120-date series within 3× one date.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


NO_CACHE = "alliance assess (1 date, ALLIANCE_NO_CACHE=1)"


def timed(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, cwd=ROOT)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    alliance = str(Path(sys.executable).with_name("alliance"))
    with tempfile.TemporaryDirectory(prefix="bench-core-") as tmp:
        env = {**os.environ, "ALLIANCE_STORE": str(Path(tmp) / "alliance.duckdb")}
        subprocess.run([alliance, "build", "--silent"], env=env, check=True)
        cases = {
            "baseline: python -c 'import duckdb'": [sys.executable, "-c", "import duckdb"],
            "alliance --help": [alliance, "--help"],
            "./scripts/run assess": [str(ROOT / "scripts" / "run"), "assess"],
            "alliance assess (1 date)": [alliance, "assess"],
            NO_CACHE: [alliance, "assess"],
            "alliance assess --every month (120 dates)": [
                alliance, "assess", "--from", "2016-01-01", "--to", "2025-12-31", "--every",
                "month", "--format", "csv"],
        }
        times: dict[str, list[float]] = {name: [] for name in cases}
        no_cache = {**env, "ALLIANCE_NO_CACHE": "1"}
        for name, cmd in cases.items():  # warm-up (bytecode, page cache, start-up cache)
            timed(cmd, no_cache if name == NO_CACHE else env)
        for _ in range(args.repeat):
            for name, cmd in cases.items():
                times[name].append(timed(cmd, no_cache if name == NO_CACHE else env))
    med = {name: statistics.median(v) for name, v in times.items()}
    base = med["baseline: python -c 'import duckdb'"]
    print(f"{'case':46} {'median s':>9} {'× duckdb import':>16}")
    for name, value in med.items():
        print(f"{name:46} {value:9.3f} {value / base:16.2f}")
    series = med["alliance assess --every month (120 dates)"]
    single = med["alliance assess (1 date)"]
    print(f"\nseries of 120 dates / single date: {series / single:.2f}× (goal ≤ 3)")
    print(f"./scripts/run assess / duckdb import: {med['./scripts/run assess'] / base:.2f}× "
          "(goal ≤ 3)")


if __name__ == "__main__":
    main()
