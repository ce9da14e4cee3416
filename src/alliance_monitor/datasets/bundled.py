"""Load the extracts shipped in ``datasets/data`` on every build (``App.build``).

Idempotent and cheap when nothing changed: an extract whose content is already recorded in
``dataset_loads`` is skipped, and so is every extract of a data set for which a full file was
loaded (``datasets load`` / ``fetch``), so a build never overwrites newer figures with the
older ones of an extract.
"""

from __future__ import annotations

import hashlib
from importlib import resources
from pathlib import Path

import duckdb

from alliance_monitor.datasets import supplement
from alliance_monitor.datasets.load import already_loaded, load_path, rederive_stale
from alliance_monitor.datasets.registry import REGISTRY
from alliance_monitor.ingest.report import IngestReport


def bundled_path(file: str) -> Path:
    return Path(str(resources.files("alliance_monitor.datasets") / "data" / file))


def load_bundled(con: duckdb.DuckDBPyConnection) -> list[IngestReport]:
    reports = []
    for info in REGISTRY.values():
        if info.bundled is None:
            continue
        path = bundled_path(info.bundled)
        if not path.exists():
            continue
        full = con.execute("SELECT count(*) FROM dataset_loads WHERE dataset = ? AND origin <> "
                           "'bundled'", [info.name]).fetchone()
        if full and full[0]:
            continue
        if already_loaded(con, info.name, hashlib.sha256(path.read_bytes()).hexdigest()) \
                is not None:
            continue
        reports.append(load_path(con, info.name, path, origin="bundled",
                                 location=f"package:datasets/data/{info.bundled}"))
    return reports


def build_step(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Called by ``App.build`` after the knowledge base: load missing extracts, derive again
    where the rules changed, then the curated supplement (only when its files changed)."""
    load_bundled(con)
    rederive_stale(con)
    supplement.load(con)
    counts = {}
    for table in ("indicator_values", "dataset_facts"):
        row = con.execute(f"SELECT count(*) FROM {table}").fetchone()
        counts[table] = int(row[0]) if row else 0
    return counts


__all__ = ["build_step", "bundled_path", "load_bundled"]
