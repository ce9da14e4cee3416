"""Test helper: the ingest and code stages run back to back on one connection, as the
application runs them (``App.ingest``), for tests that work on a bare connection."""

from __future__ import annotations

from typing import Any

from alliance_monitor.coding.store import code_stored_documents
from alliance_monitor.ingest.documents import ingest_documents


def ingest_and_code(con: Any, items: list[str], **kwargs: Any) -> Any:
    report = ingest_documents(con, items, **kwargs)
    report.events += code_stored_documents(con, report.details.get("documents", []))
    return report
