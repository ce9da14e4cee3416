"""Route each ingest item to the ingester for its kind: event files or documents."""

from __future__ import annotations

from pathlib import Path

import duckdb

from alliance_monitor.ingest.report import BadItem, IngestReport
from alliance_monitor.plugins import optional_import

EVENT_FILES = "alliance_monitor.ingest.events_files"  # GDELT / PLOVER files
DOCUMENTS = "alliance_monitor.ingest.documents"  # text, HTML, feeds, directories, URLs


def ingest(con: duckdb.DuckDBPyConnection, items: list[str], progress: bool = True
           ) -> list[IngestReport]:
    events_mod, docs_mod = optional_import(EVENT_FILES), optional_import(DOCUMENTS)
    event_paths: list[Path] = []
    documents: list[str] = []
    for item in items:
        path = Path(item)
        if events_mod is not None and path.is_file() and events_mod.sniff(path):
            event_paths.append(path)
        elif events_mod is not None and path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file())
            found = [p for p in files if events_mod.sniff(p)]
            event_paths.extend(found)
            # The document ingester walks directories itself; split only when needed.
            documents.extend([str(p) for p in files if p not in found] if found else [item])
        else:
            documents.append(item)
    reports = []
    if event_paths and events_mod is not None:
        reports.append(events_mod.ingest_event_files(con, event_paths, progress=progress))
    if documents:
        if docs_mod is None:
            report = IngestReport(kind="documents")
            report.bad = [BadItem(d, "document ingestion is not available in this build")
                          for d in documents]
            reports.append(report)
        else:
            reports.append(docs_mod.ingest_documents(con, documents, progress=progress))
    return reports
