"""The library surface of the data-set commands: one function per command, no printing.

``datasets list`` → :func:`dataset_rows`; ``datasets load`` → :func:`load_dataset`;
``datasets fetch`` → :func:`fetch_dataset`; ``indicators`` → :func:`panel_document` and
:func:`panel_long_rows`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb

from alliance_monitor.datasets.fetch import (
    DEFAULT_MAX_BYTES,
    DEFAULT_TIMEOUT,
    FetchError,
    FetchResult,
    cache_dir,
    fetch,
)
from alliance_monitor.datasets.load import load_directory, load_path
from alliance_monitor.datasets.registry import REGISTRY, get
from alliance_monitor.ingest.report import IngestReport
from alliance_monitor.present.i18n import t as core_t
from alliance_monitor.series import panels


def label(key: str, lang: str = "en") -> str:
    scoped = core_t("datasets." + key, lang)
    return core_t(key, lang) if scoped == "datasets." + key else scoped


def _loads(con: duckdb.DuckDBPyConnection | None) -> dict[str, dict[str, Any]]:
    """The latest load of each data set (a full file wins over the bundled extract)."""
    if con is None:
        return {}
    tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables")
              .fetchall()}
    if "dataset_loads" not in tables:  # a store from before the data sets: 'alliance build'
        return {}
    rows = con.execute(
        "SELECT dataset, file, origin, location, rows_read, first_year, last_year, loaded_at, "
        "sha256 FROM dataset_loads ORDER BY (origin = 'bundled') DESC, loaded_at").fetchall()
    out: dict[str, dict[str, Any]] = {}
    for r in rows:  # later rows overwrite: full loads after bundled ones, newest last
        out[r[0]] = {"file": r[1], "origin": r[2], "location": r[3], "rows": r[4],
                     "first_year": r[5], "last_year": r[6],
                     "loaded_at": r[7].isoformat(sep=" ", timespec="seconds") if r[7] else None,
                     "sha256": r[8]}
    values = con.execute("SELECT dataset, count(*) FROM indicator_values GROUP BY dataset"
                         ).fetchall()
    facts = con.execute("SELECT file, count(*) FROM dataset_facts GROUP BY file").fetchall()
    for name, n in values:
        out.setdefault(name, {})["indicator_values"] = n
    extra = con.execute("SELECT dataset, count(*), max(year) FROM indicator_values WHERE "
                        "source_ref = 'supplement' GROUP BY dataset").fetchall()
    for name, n, last in extra:  # curated supplement values in use (docs/data-sources.md)
        out.setdefault(name, {})["supplement"] = {"values": n, "last_year": last}
    for name, n in facts:
        out.setdefault(name, {})["dataset_facts"] = n
    return out


def _loaded_text(load: dict[str, Any] | None, lang: str) -> str:
    if not load or "origin" not in load:
        return label("not_loaded", lang)
    span = (f", {load['first_year']}–{load['last_year']}"
            if load.get("first_year") is not None else "")
    what = label(load["origin"], lang)
    name = "" if load["origin"] == "bundled" else f" {load['file']}"
    more = load.get("supplement")
    tail = (f"; {label('supplement', lang)}: {more['values']} → {more['last_year']}"
            if more else "")
    return f"{what}{name} ({load['rows']:,} {label('rows', lang)}{span}){tail}"


def dataset_rows(con: duckdb.DuckDBPyConnection | None, lang: str = "en") -> list[dict[str, Any]]:
    """Every registered data set with source, licence, years and what the store holds."""
    loads = _loads(con)
    rows = []
    for info in REGISTRY.values():
        load = loads.get(info.name)
        rows.append({
            "name": info.name, "title": info.title.get(lang),
            "description": info.description.get(lang), "source": info.publisher,
            "licence": info.licence, "years": info.years,
            "criteria": ", ".join(label(c, lang) for c in info.criteria),
            "indicators": list(info.indicators), "loaded": _loaded_text(load, lang),
            "citation": info.citation, "url": info.download_url, "homepage": info.homepage,
            "source_id": info.source_id,
            "caveats": info.caveats.get(lang) if info.caveats else None,
            "load": load or None})
    return rows


def datasets_markdown() -> str:
    """The summary table of docs/data-sources.md, generated so the page cannot fall behind."""
    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")
    lines = ["| name | title / Titel | years | licence | indicators | criterion |",
             "|---|---|---|---|---|---|"]
    for info in REGISTRY.values():
        title = f"{info.title.en} / {info.title.de}"
        if info.indicators:
            indicators = ", ".join(f"`{i}`" for i in info.indicators)
        else:
            indicators = "facts (`dataset_facts`)" if info.facts else "— (map data)"
        crit = ", ".join(label(c) for c in info.criteria)
        lines.append(f"| `{info.name}` | {cell(title)} | {info.years} | {cell(info.licence)} | "
                     f"{indicators} | {crit} |")
    return "\n".join(lines)


def load_dataset(con: duckdb.DuckDBPyConnection, name: str, path: Path | str, *,
                 force: bool = False) -> list[IngestReport]:
    """Load a local copy; ``name`` 'all' with a folder loads every recognised file in it."""
    target = Path(path)
    if name.strip().lower() == "all":
        return load_directory(con, target, force=force)
    return [load_path(con, name, target, force=force)]


def download_dataset(name: str, *, url: str | None = None, sha256: str | None = None,
                     max_bytes: int = DEFAULT_MAX_BYTES, timeout: float = DEFAULT_TIMEOUT,
                     refresh: bool = False, progress: bool = False,
                     cache: Path | None = None) -> tuple[FetchResult, str]:
    """Download the current official file of ``name`` (or ``url``) into the cache; no store
    is touched, so no lock is held while the network is slow. Returns (result, address)."""
    info = get(name)
    source = url or info.download_url
    if source is None:
        raise FetchError(
            f"data set '{info.name}' has no direct download (the distributor uses a "
            f"click-through page: {info.homepage or info.publisher}); download the file there "
            f"and run 'alliance datasets load {info.name} PATH', or pass --url")
    folder = (cache or cache_dir()) / info.name
    result = fetch(source, folder, sha256=sha256, max_bytes=max_bytes, timeout=timeout,
                   refresh=refresh, progress=progress)
    return result, source


def load_download(con: duckdb.DuckDBPyConnection, name: str, result: FetchResult, source: str,
                  *, force: bool = False) -> IngestReport:
    """Load a file that :func:`download_dataset` fetched."""
    report = load_path(con, get(name).name, result.path, origin="url", location=source,
                       force=force)
    report.details.update({"url": source, "from_cache": result.from_cache,
                           "resumed": result.resumed, "bytes": result.size})
    return report


def fetch_dataset(con: duckdb.DuckDBPyConnection, name: str, *, url: str | None = None,
                  sha256: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
                  timeout: float = DEFAULT_TIMEOUT, refresh: bool = False,
                  progress: bool = False, cache: Path | None = None,
                  load: bool = True, force: bool = False,
                  ) -> tuple[FetchResult, IngestReport | None]:
    """Download the current official file of ``name`` (or ``url``) and load it."""
    result, source = download_dataset(name, url=url, sha256=sha256, max_bytes=max_bytes,
                                      timeout=timeout, refresh=refresh, progress=progress,
                                      cache=cache)
    if not load:
        return result, None
    return result, load_download(con, name, result, source, force=force)


def _alliance_panel(con: duckdb.DuckDBPyConnection, alliance: str, members: Sequence[str],
                    start: int | None, end: int | None) -> tuple[list[dict[str, Any]],
                                                               list[dict[str, Any]]]:
    panel = panels.to_arrow(panels.indicator_panel(con, alliance, members, start, end))
    sources = panels.to_arrow(panels.column_sources(con, alliance, members)).to_pylist()
    return panel.to_pylist(), sources


def panel_document(con: duckdb.DuckDBPyConnection, alliance: str, members: Sequence[str],
                   start: int | None = None, end: int | None = None,
                   lang: str = "en") -> dict[str, Any]:
    """The panel (one row per year) and, per column, the data set it comes from."""
    rows, sources = _alliance_panel(con, alliance, members, start, end)
    columns = []
    for s in sources:
        info = REGISTRY.get(s["dataset"]) if s.get("dataset") else None
        columns.append({**s, "title": info.title.get(lang) if info else None,
                        "citation": info.citation if info else None})
    years = [r["year"] for r in rows]
    return {"alliance": alliance, "from": min(years) if years else start,
            "to": max(years) if years else end, "columns": columns, "rows": rows}


def panel_long_rows(con: duckdb.DuckDBPyConnection, alliance: str, members: Sequence[str],
                    start: int | None = None, end: int | None = None) -> list[dict[str, Any]]:
    """Every value of the panel on its own row with unit, data set and source id."""
    expr = panels.long_panel(con, alliance, members, start, end)
    return panels.to_arrow(expr).to_pylist()


__all__ = ["dataset_rows", "datasets_markdown", "download_dataset", "fetch_dataset", "label",
           "load_dataset", "load_download", "panel_document", "panel_long_rows"]
