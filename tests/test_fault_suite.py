"""Fault suite (issue 11): ``kill -9`` at random points of build, ingest, GDELT import and
data-set load, then re-run and compare every table with an uninterrupted run.

Each scenario runs the real command in a subprocess on its own store. The reference is one
uninterrupted run; each fault starts the same command on a fresh copy, kills it (SIGKILL) after
a random delay drawn from a seeded generator, runs the command again to completion and compares
every table of the store with the reference — all columns except the time stamps (``*_at``)
and the surrogate file ids drawn from a sequence (``file_id``), which legitimately differ.

The reference and the re-runs run in this process (through the CLI runner); only the killed
run is a subprocess. CI runs 2 faults per scenario with seed 11 (under two minutes). The long
mode outside CI: ``ALLIANCE_FAULT_RUNS=25 ALLIANCE_FAULT_SEED=7 uv run pytest -s
tests/test_fault_suite.py``. The counts are printed (``-s``) and written to
``fault-suite-counts.json`` in pytest's temporary folder.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pytest

from conftest import SHARED
from hostile_corpus import generate

SEED = int(os.environ.get("ALLIANCE_FAULT_SEED", "11"))
FAULT_RUNS = int(os.environ.get("ALLIANCE_FAULT_RUNS", "2"))
VOLATILE = re.compile(r"(_at|^file_id)$")


@dataclass
class Counts:
    faults_injected: int = 0  # the process was still running when it got SIGKILL
    kills_after_exit: int = 0  # it had already finished: a plain re-run check
    runs_compared: int = 0
    tables_compared: int = 0
    tables_equal: int = 0
    differences: list[str] = field(default_factory=list)


COUNTS = Counts()


def _cmd(args: list[str], store: Path) -> list[str]:
    return [sys.executable, "-m", "alliance_monitor.cli", *args, "--store", str(store)]


def _env() -> dict[str, str]:
    return {**os.environ, "COLUMNS": "200"}


def _run(args: list[str], store: Path) -> float:
    """Run the command to completion in this process (no start-up cost); its duration."""
    from typer.testing import CliRunner

    from alliance_monitor.cli import app

    started = time.monotonic()
    result = CliRunner().invoke(app, [*args, "--store", str(store)])
    assert result.exit_code in (0, 1), (args, result.output[-2000:], result.exception)
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        result.exception
    return time.monotonic() - started


@pytest.fixture(scope="module")
def startup() -> float:
    """Seconds a fresh ``alliance`` process needs before it starts working (imports)."""
    started = time.monotonic()
    subprocess.run([sys.executable, "-c", "import alliance_monitor.cli"], check=True,
                   timeout=120)
    return time.monotonic() - started


def _kill_after(args: list[str], store: Path, delay: float) -> bool:
    """Start the command, SIGKILL it after ``delay`` s; True if it was still running."""
    proc = subprocess.Popen(_cmd(args, store), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env=_env())
    try:
        proc.wait(timeout=delay)
        return False
    except subprocess.TimeoutExpired:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        return True


def dump(store: Path) -> dict[str, list[str]]:
    """Every table of the store, sorted rows of its stable columns, as text."""
    con = duckdb.connect(str(store), read_only=True)
    try:
        tables = [r[0] for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' "
            "AND table_type = 'BASE TABLE' ORDER BY 1").fetchall()]
        out = {}
        for table in tables:
            cols = [r[0] for r in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
                "AND table_schema = 'main' ORDER BY ordinal_position", [table]).fetchall()
                if not VOLATILE.search(r[0])]
            if not cols:
                continue
            collist = ", ".join(f'"{c}"' for c in cols)
            rows = con.execute(f'SELECT {collist} FROM "{table}"').fetchall()
            out[table] = sorted(repr(r) for r in rows)
        return out
    finally:
        con.close()


def _compare(reference: dict[str, list[str]], got: dict[str, list[str]], label: str) -> None:
    COUNTS.runs_compared += 1
    for table in sorted(set(reference) | set(got)):
        COUNTS.tables_compared += 1
        if reference.get(table) == got.get(table):
            COUNTS.tables_equal += 1
        else:
            COUNTS.differences.append(f"{label}: table {table} differs "
                                      f"({len(reference.get(table, []))} vs "
                                      f"{len(got.get(table, []))} rows)")


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("fault-inputs")
    corpus = generate(root / "corpus", seed=SEED)
    docs = root / "docs"
    docs.mkdir()
    for n in range(12):
        (docs / f"article{n}.txt").write_text(
            f"Tokyo, {n + 1} March 2024. Japan and the United States agreed on Monday to "
            f"deepen defence cooperation (item {n}). South Korea and Japan held talks in Seoul "
            f"on the same day, officials said.\n", encoding="utf-8")
    events = root / "events"
    events.mkdir()
    for key in ("gdelt_good", "gdelt_good2", "gdelt_nul", "plover_good", "gdelt_crlf"):
        shutil.copy(corpus[key], events / corpus[key].name)
    sample = SHARED / "data" / "events" / "gdelt2" / "20191024143000.export.CSV"
    if sample.exists():
        shutil.copy(sample, events / "20191024141500.export.CSV")
    data = root / "datasets"
    indicators = SHARED / "data" / "indicators"
    if indicators.exists():
        for folder in ("troops", "sipri", "opinion"):
            if (indicators / folder).exists():
                shutil.copytree(indicators / folder, data / folder)
    if not data.exists():
        data.mkdir()
        (data / "troopdata-rebuild-country-year.csv").write_text(
            "countryname,year,ccode,iso3c,troops_ad\n" + "".join(
                f"Japan,{y},740,JPN,{50000 + y}\nSouth Korea,{y},732,KOR,{28000 + y}\n"
                for y in range(1990, 2024)), encoding="utf-8")
    return {"docs": docs, "events": events, "datasets": data}


SCENARIOS = {
    "build": lambda i: ["build"],
    "ingest": lambda i: ["ingest", str(i["docs"]), "--silent"],
    "gdelt_import": lambda i: ["ingest", str(i["events"]), "--silent"],
    "dataset_load": lambda i: ["datasets", "load", "all", str(i["datasets"]), "--silent"],
}


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_kill_and_rerun_equals_uninterrupted(scenario: str, inputs: dict[str, Path],
                                             built_store: Path, startup: float,
                                             tmp_path: Path,
                                             tmp_path_factory: pytest.TempPathFactory) -> None:
    rng = random.Random(f"{SEED}:{scenario}")
    args = SCENARIOS[scenario](inputs)

    def fresh(name: str) -> Path:
        store = tmp_path / f"{name}.duckdb"
        if scenario != "build":
            shutil.copy(built_store, store)
        return store

    ref_store = fresh("reference")
    took = _run(args, ref_store)
    reference = dump(ref_store)
    for n in range(FAULT_RUNS):
        store = fresh(f"fault{n}")
        # a point in the subprocess's work: after most of its start-up, before its end
        delay = rng.uniform(0.8 * startup, startup + took)
        if _kill_after(args, store, delay):
            COUNTS.faults_injected += 1
        else:
            COUNTS.kills_after_exit += 1
        _run(args, store)  # the re-run completes the work
        _compare(reference, dump(store), f"{scenario} fault {n} (kill after {delay:.2f} s)")
        for leftover in store.parent.glob(store.name + ".wal"):
            leftover.unlink()
    summary = tmp_path_factory.getbasetemp() / "fault-suite-counts.json"
    summary.write_text(json.dumps({"seed": SEED, "faults_per_scenario": FAULT_RUNS,
                                   **{k: v for k, v in COUNTS.__dict__.items()}}, indent=2))
    print(f"\nfault suite so far: {COUNTS.faults_injected} faults injected "
          f"({COUNTS.kills_after_exit} kills came after the command had finished), "
          f"{COUNTS.runs_compared} runs compared, {COUNTS.tables_equal}/"
          f"{COUNTS.tables_compared} tables equal")
    assert not COUNTS.differences, COUNTS.differences
