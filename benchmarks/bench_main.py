"""Benchmark (issue 2): first build of the store and the main job on a built store.

Run: uv run python benchmarks/bench_main.py [--repeat N]
Prints wall-clock times; the baseline for the main job is the bare Python start-up of the CLI
(`alliance --help`), so the ratio shows what the assessment itself adds.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def timed(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    alliance = str(Path(sys.executable).with_name("alliance"))
    tmp = Path(tempfile.mkdtemp(prefix="bench-main-"))
    try:
        env = {**os.environ, "ALLIANCE_STORE": str(tmp / "alliance.duckdb")}
        builds = []
        for _ in range(args.repeat):
            (tmp / "alliance.duckdb").unlink(missing_ok=True)
            builds.append(timed([alliance, "build", "--silent"], env))
        rebuild = [timed([alliance, "build", "--silent"], env) for _ in range(args.repeat)]
        main_job = [timed([alliance, "assess"], env) for _ in range(args.repeat)]
        startup = [timed([alliance, "--help"], env) for _ in range(args.repeat)]
        med = statistics.median
        print(f"first build (empty store)      median {med(builds):6.2f} s  (n={args.repeat})")
        print(f"re-build, unchanged            median {med(rebuild):6.2f} s")
        print(f"main job (assess, built store) median {med(main_job):6.2f} s")
        print(f"baseline: CLI start-up --help  median {med(startup):6.2f} s")
        print(f"ratio main job / start-up      {med(main_job) / med(startup):6.2f}x")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
