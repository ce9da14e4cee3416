"""Route each ingest item to the ingester for its kind: event files or documents.

:func:`ingest_store` is what the command runs: it first downloads every URL and reads stdin
(through the one HTTP layer, with its deadline and caps), and only then opens the store for
writing — the store's lock is held for the write, never for a slow download.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import Any, BinaryIO

import duckdb

from alliance_monitor.errors import FetchError, StoreError
from alliance_monitor.ingest import documents as docs_mod
from alliance_monitor.ingest import events_files as events_mod
from alliance_monitor.ingest.paths import walk
from alliance_monitor.ingest.report import IngestReport


def ingest(con: duckdb.DuckDBPyConnection, items: list[str], progress: bool = True, *,
           fetcher: Any = None, stdin: BinaryIO | None = None) -> list[IngestReport]:
    event_paths: list[Path] = []
    documents: list[str] = []
    for item in items:
        path = Path(item)
        if path.is_file() and events_mod.sniff(path):
            event_paths.append(path)
        elif path.is_dir():
            files = walk(path)  # the one walk: hidden files, .git, *.wal … never read
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
        reports.append(docs_mod.ingest_documents(con, documents, progress=progress,
                                                 stdin=stdin, fetcher=fetcher))
    return reports


def _stored_urls(store: Path | str | None, urls: list[str]) -> set[str]:
    """URLs already in the store (read-only look; an unreadable store knows none)."""
    from alliance_monitor.store import db

    if not urls:
        return set()
    target = Path(store) if store is not None else db.default_store_path()
    if not target.exists():
        return set()
    try:
        con = db.connect(target, read_only=True)
    except (StoreError, duckdb.Error):
        return set()
    try:
        rows = con.execute("SELECT url FROM documents WHERE url IN (SELECT unnest(?))",
                           [urls]).fetchall()
    except duckdb.Error:
        return set()
    finally:
        con.close()
    return {r[0] for r in rows}


def prefetch(items: list[str], store: Path | str | None = None, *,
             stdin: BinaryIO | None = None) -> tuple[object, BinaryIO | None]:
    """Download the URLs and read stdin now; returns (fetcher, stdin) for :func:`ingest`.

    The fetcher hands out what was downloaded (or raises the download's error), so the
    ingest under the store lock never waits for the network."""
    docs = docs_mod
    from alliance_monitor.ingest.text_fetch import Fetched, fetch

    urls = [i for i in items if docs._is_url(i)]
    known = _stored_urls(store, urls)
    got: dict[str, Fetched | FetchError] = {}
    for url in urls:
        if url in known or url in got:
            continue
        try:
            got[url] = fetch(url, max_bytes=docs.MAX_BYTES)
        except FetchError as exc:
            got[url] = exc

    def fetcher(url: str) -> Fetched:
        result = got.get(url)
        if result is None:
            result = fetch(url, max_bytes=docs.MAX_BYTES)
        if isinstance(result, FetchError):
            raise result
        return result

    buffered = stdin
    n_stdin = sum(1 for i in items if i == "-")
    if n_stdin:
        stream = stdin or sys.stdin.buffer
        buffered = io.BytesIO(b"".join(stream.read(docs.MAX_BYTES + 1)
                                       for _ in range(n_stdin)))
    return fetcher, buffered


def ingest_store(store: Path | str | None, items: list[str], progress: bool = True, *,
                 stdin: BinaryIO | None = None) -> list[IngestReport]:
    """Download first, then open the writer and ingest (what ``alliance ingest`` runs)."""
    from alliance_monitor.store import db

    fetcher, buffered = prefetch(items, store, stdin=stdin)
    with db.writer(store) as con:
        return ingest(con, items, progress, fetcher=fetcher, stdin=buffered)
