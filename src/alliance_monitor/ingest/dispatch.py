"""Route each ingest item to the ingester for its kind: event files or documents."""

from __future__ import annotations

from pathlib import Path

import duckdb

from alliance_monitor.ingest import documents as docs_mod
from alliance_monitor.ingest import events_files as events_mod
from alliance_monitor.ingest.report import IngestReport


def ingest(con: duckdb.DuckDBPyConnection, items: list[str], progress: bool = True
           ) -> list[IngestReport]:
    event_paths: list[Path] = []
    documents: list[str] = []
    for item in items:
        path = Path(item)
        if path.is_file() and events_mod.sniff(path):
            event_paths.append(path)
        elif path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file())
            found = [p for p in files if events_mod.sniff(p)]
            event_paths.extend(found)
            # The document ingester walks directories itself; split only when needed.
            documents.extend([str(p) for p in files if p not in found] if found else [item])
        else:
            documents.append(item)
    reports = []
    if event_paths:
        reports.append(events_mod.ingest_event_files(con, event_paths, progress=progress))
    if documents:
        reports.append(docs_mod.ingest_documents(con, documents, progress=progress))
    return reports
