"""Load a data-set file into the store: parse, upsert by natural key, derive, record.

Each load runs in one transaction: the data set's own tables are upserted by their natural
keys, then its rows of ``indicator_values`` (and ``dataset_facts``) are derived afresh from
those tables, and the file is recorded in ``dataset_loads`` by the SHA-256 of its content.
Loading a file whose content was loaded before writes nothing.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import duckdb
import pandas as pd
import pyarrow as pa

from alliance_monitor.datasets.reading import DatasetFileError, Rows, Source, open_source
from alliance_monitor.datasets.registry import REGISTRY, Dataset
from alliance_monitor.ingest.report import BadItem, IngestReport
from alliance_monitor.store.db import transaction


@dataclass
class Parsed:
    """What a data-set module makes of one file."""

    tables: dict[str, pd.DataFrame]
    rows_read: int
    first_year: int | None = None
    last_year: int | None = None
    #: child tables replaced per parent: table -> the parent-key columns (e.g. participants
    #: of an exercise), so a participant dropped in a new release does not linger.
    replace_children: dict[str, tuple[str, ...]] = field(default_factory=dict)


class DatasetModule(Protocol):
    KEYS: dict[str, tuple[str, ...]]  # table -> natural key
    DERIVE_VERSION: int

    def parse(self, source: Source, bad: Rows) -> Parsed: ...

    def derive(self, con: duckdb.DuckDBPyConnection, info: Dataset) -> dict[str, int]: ...


def module(info: Dataset) -> DatasetModule:
    mod: Any = importlib.import_module(f"alliance_monitor.datasets.{info.module}")
    return mod


def _types(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, str]:
    rows = con.execute("SELECT column_name, data_type FROM information_schema.columns "
                       "WHERE table_name = ?", [table]).fetchall()
    return {r[0]: r[1] for r in rows}


def _q(identifier: str) -> str:
    """Quote an identifier (table and column names come from code, never from files)."""
    return '"' + identifier.replace('"', '""') + '"'


def upsert(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame,
           key: Sequence[str], replace_children: Sequence[str] = ()) -> tuple[int, int, int]:
    """Insert or replace rows by natural key; returns (added, updated, unchanged).

    A missing value (NULL, from an empty or NaN cell) never replaces a stored value: the
    stored one is kept (``coalesce``), so a file with gaps cannot erase data."""
    if frame.empty:
        return 0, 0, 0
    types = _types(con, table)
    cols = [c for c in frame.columns if c in types]
    incoming = "_ds_incoming"
    merged = "_ds_merged"
    con.register(incoming, pa.Table.from_pandas(frame[cols], preserve_index=False))
    try:
        typed = ", ".join(f"CAST({_q(c)} AS {types[c]}) AS {_q(c)}" for c in cols)
        collist = ", ".join(_q(c) for c in cols)
        match = " AND ".join(f"t.{_q(k)} = i.{_q(k)}" for k in key)
        keep = ", ".join(f"i.{_q(c)}" if c in key else
                         f"coalesce(i.{_q(c)}, t.{_q(c)}) AS {_q(c)}" for c in cols)
        con.execute(f"CREATE OR REPLACE TEMP TABLE {merged} AS SELECT {keep}, "
                    f"t.{_q(key[0])} IS NULL AS _new FROM (SELECT {typed} FROM {incoming}) i "
                    f"LEFT JOIN {_q(table)} t ON {match}")
        added = con.execute(f"SELECT count(*) FROM {merged} WHERE _new").fetchone()[0]  # type: ignore[index]
        unchanged = con.execute(
            f"SELECT count(*) FROM (SELECT {collist} FROM {merged} INTERSECT "
            f"SELECT {collist} FROM {_q(table)})").fetchone()[0]  # type: ignore[index]
        if replace_children:
            parent = " AND ".join(f"t.{_q(k)} = i.{_q(k)}" for k in replace_children)
            con.execute(f"DELETE FROM {_q(table)} t WHERE EXISTS (SELECT 1 FROM "
                        f"{merged} i WHERE {parent})")
        con.execute(f"INSERT OR REPLACE INTO {_q(table)} ({collist}) SELECT {collist} "
                    f"FROM {merged}")
    finally:
        con.unregister(incoming)
        con.execute(f"DROP TABLE IF EXISTS {merged}")
    return int(added), len(frame) - int(added) - int(unchanged), int(unchanged)


def replace_indicators(con: duckdb.DuckDBPyConnection, info: Dataset, select_sql: str,
                       params: Sequence[Any] = ()) -> int:
    """Derive the data set's ``indicator_values`` afresh from ``select_sql``.

    ``select_sql`` yields (indicator, subject, year, value, unit, note); the data set and its
    source id are added here so every value names where it comes from. The data set's curated
    supplement rows (``datasets/supplement.py``) then fill the indicator, subject and years the
    derivation left empty; an official value always wins.
    """
    from alliance_monitor.datasets import supplement

    con.execute("DELETE FROM indicator_values WHERE dataset = ?", [info.name])
    con.execute("INSERT INTO indicator_values (indicator, subject, year, value, unit, dataset, "
                "source_ref, note) SELECT indicator, subject, year, value, unit, ?, ?, note "
                f"FROM ({select_sql}) WHERE subject IS NOT NULL AND year IS NOT NULL",
                [info.name, info.source_id, *params])
    supplement.apply(con, info.name)
    row = con.execute("SELECT count(*) FROM indicator_values WHERE dataset = ?",
                      [info.name]).fetchone()
    return int(row[0]) if row else 0


def _record_derivation(con: duckdb.DuckDBPyConnection, info: Dataset,
                       mod: DatasetModule) -> None:
    con.execute("INSERT OR REPLACE INTO dataset_derivations (dataset, version, derived_at) "
                "VALUES (?, ?, current_timestamp)", [info.name, mod.DERIVE_VERSION])


def rederive_stale(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Derive again every loaded data set whose rules changed since (DERIVE_VERSION)."""
    done = dict(con.execute("SELECT dataset, version FROM dataset_derivations").fetchall())
    loaded = {r[0] for r in con.execute("SELECT DISTINCT dataset FROM dataset_loads").fetchall()}
    stale = []
    for name in sorted(loaded):
        info = REGISTRY.get(name)
        if info is None:
            continue
        mod = module(info)
        if done.get(name) != mod.DERIVE_VERSION:
            with transaction(con):
                mod.derive(con, info)
                _record_derivation(con, info, mod)
            stale.append(name)
    return stale


def already_loaded(con: duckdb.DuckDBPyConnection, name: str, sha256: str) -> int | None:
    row = con.execute("SELECT rows_read FROM dataset_loads WHERE dataset = ? AND sha256 = ?",
                      [name, sha256]).fetchone()
    return None if row is None else int(row[0])


def load_source(con: duckdb.DuckDBPyConnection, info: Dataset, source: Source, *,
                origin: str = "file", location: str | None = None,
                force: bool = False) -> IngestReport:
    """Load one decoded file of data set ``info``; bad rows are reported, never fatal."""
    report = IngestReport(kind=f"dataset:{info.name}")
    report.details.update({"dataset": info.name, "file": source.name, "origin": origin,
                           "sha256": source.sha256, "encoding": source.encoding})
    seen = already_loaded(con, info.name, source.sha256)
    if seen is not None and not force:
        report.unchanged = seen
        report.details["status"] = "already loaded"
        return report
    mod = module(info)
    bad = Rows(source.name)
    try:
        parsed = mod.parse(source, bad)
    except DatasetFileError as exc:
        report.bad.append(BadItem(source.name, str(exc)))
        report.details["status"] = "rejected"
        return report
    added = updated = unchanged = 0
    with transaction(con):
        for table, frame in parsed.tables.items():
            a, u, n = upsert(con, table, frame, mod.KEYS[table],
                             parsed.replace_children.get(table, ()))
            added, updated, unchanged = added + a, updated + u, unchanged + n
        derived = mod.derive(con, info)
        _record_derivation(con, info, mod)
        con.execute("INSERT OR REPLACE INTO dataset_loads (dataset, sha256, file, origin, "
                    "location, rows_read, rows_added, rows_updated, rows_unchanged, rows_bad, "
                    "first_year, last_year, loaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                    "?, current_timestamp)",
                    [info.name, source.sha256, source.name, origin, location,
                     parsed.rows_read, added, updated, unchanged, bad.count,
                     parsed.first_year, parsed.last_year])
    report.added, report.unchanged = added, unchanged
    report.bad = list(bad.items)
    report.details.update({"status": "loaded", "rows_read": parsed.rows_read,
                           "updated": updated, "bad_rows": bad.count,
                           "years": [parsed.first_year, parsed.last_year], **derived})
    if bad.skipped:
        report.details["skipped"] = dict(bad.skipped)
    if bad.count > len(bad.items):
        report.details["bad_rows_not_listed"] = bad.count - len(bad.items)
    return report


def load_path(con: duckdb.DuckDBPyConnection, name: str, path: Path | str, *,
              origin: str = "file", location: str | None = None,
              force: bool = False) -> IngestReport:
    """Load the local copy ``path`` (a CSV file or the official zip) of data set ``name``."""
    from alliance_monitor.datasets.registry import get

    info = get(name)
    target = Path(path)
    try:
        source = open_source(target, info.zip_member)
    except DatasetFileError as exc:
        report = IngestReport(kind=f"dataset:{info.name}")
        report.bad.append(BadItem(str(target), str(exc)))
        report.details.update({"dataset": info.name, "file": target.name,
                               "status": "rejected"})
        return report
    return load_source(con, info, source, origin=origin,
                       location=location or str(target.resolve()), force=force)


def find_files(folder: Path) -> list[tuple[str, Path]]:
    """(data set, file) for every file under ``folder`` whose name matches a data set."""
    found: list[tuple[str, Path]] = []
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    for info in REGISTRY.values():
        for path in files:
            if any(path.match(pattern) for pattern in info.files):
                found.append((info.name, path))
    return found


def load_directory(con: duckdb.DuckDBPyConnection, folder: Path | str, *,
                   force: bool = False) -> list[IngestReport]:
    """Load every recognised official file under ``folder`` (e.g. ../shared/data/indicators)."""
    return [load_path(con, name, path, force=force) for name, path in find_files(Path(folder))]


__all__ = ["DatasetModule", "Parsed", "find_files", "load_directory", "load_path",
           "load_source", "rederive_stale", "replace_indicators", "upsert"]
