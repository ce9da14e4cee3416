"""The library function behind ``alliance series``: dyad-period event series per alliance."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa

from alliance_monitor.series import dyads, engines
from alliance_monitor.series.dyads import By, Freq, SourceName
from alliance_monitor.series.engines import Engine, EngineError

__all__ = ["EngineError", "SeriesResult", "build_series"]


@dataclass
class SeriesResult:
    table: pa.Table
    sources: list[str]
    notes: list[str] = field(default_factory=list)
    sql: str = ""


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    return [r[0] for r in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
        "AND table_schema = 'main' ORDER BY ordinal_position", [table]).fetchall()]


def _empty(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    return not con.execute(f'SELECT 1 FROM "{table}" LIMIT 1').fetchall()


def build_series(con: duckdb.DuckDBPyConnection | None, alliances: list[str] | None = None,
                 freq: Freq = "month", source: SourceName | str = "gdelt",
                 engine: Engine = "duckdb", by: By = "quad", start: dt.date | None = None,
                 end: dt.date | None = None, events_parquet: Path | None = None) -> SeriesResult:
    """Dyad-period series of the alliances (canonical ids; all when None).

    ``source`` is gdelt, plover, news or all; ``events_parquet`` reads GDELT events from Parquet
    (a file or a folder of files with the ``gdelt_events`` columns) instead of the store.
    """
    chosen = [d for d in dyads.alliance_dyads(con) if not alliances or d.id in alliances]
    wanted: list[SourceName] = list(dyads.SOURCES) if source == "all" else [source]  # type: ignore[list-item]
    notes: list[str] = []
    if events_parquet is not None and wanted != ["gdelt"]:
        notes.append("--events reads GDELT events only; other sources were left out")
        wanted = ["gdelt"]
    available: list[SourceName] = []
    news_columns: list[str] | None = None
    for name in wanted:
        table, _needed = dyads.TABLE_COLUMNS[name]
        if name == "gdelt" and events_parquet is not None:
            available.append(name)
            continue
        cols = _columns(con, table) if con is not None else []
        if name == "news":
            news_columns = cols
            missing = [c for c in ("event_date", "source", "target", "category", "quad")
                       if c not in cols]
            if missing:
                notes.append("no news events: the store has no news event table (events); "
                             "ingest news documents first" if not cols else
                             f"no news events: table events lacks {', '.join(missing)}")
                continue
        elif not cols:
            notes.append(f"no {name} events: table {table} is missing (old store?)")
            continue
        assert con is not None
        if _empty(con, table):
            notes.append(f"no {name} events in the store" + (
                "; import GDELT files with 'alliance ingest' or 'alliance fetch gdelt'"
                if name == "gdelt" else ""))
        available.append(name)
    schema = dyads.result_schema(by)
    if not available or not chosen:
        return SeriesResult(schema.empty_table(), [], notes)
    query = dyads.compiled(chosen, freq, available, by, news_columns, start, end, engine)
    if engine == "spark":
        folder = Path(tempfile.mkdtemp(prefix="alliance-series-"))
        try:
            views = {}
            for name in available:
                table, cols = dyads.TABLE_COLUMNS[name]
                if name == "gdelt" and events_parquet is not None:
                    views[table] = str(events_parquet)
                else:
                    assert con is not None
                    if name == "news":
                        cols = [c for c in cols if c in (news_columns or [])]
                    views[table] = engines.export_parquet(con, table, cols, folder)
            raw = engines.run_spark(views, query)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    elif events_parquet is not None:
        mem = duckdb.connect(":memory:")
        pattern = (str(events_parquet / "**" / "*.parquet") if events_parquet.is_dir()
                   else str(events_parquet))
        mem.read_parquet(pattern).create_view("gdelt_events")
        raw = engines.run_duckdb(mem, query)
        mem.close()
    else:
        assert con is not None
        raw = engines.run_duckdb(con, query)
    return SeriesResult(dyads.normalize(raw, by), [str(s) for s in available], notes,
                        query.sql)
