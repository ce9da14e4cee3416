"""Import GDELT 1.0/2.0 event, GDELT 2.0 mention and PLOVER/POLECAT files into the store.

Idempotent: every file is registered with the SHA-256 of its bytes (``event_files``); a file
seen before is skipped, and rows already stored (natural keys: GLOBALEVENTID, the mention key,
the PLOVER record id and dyad) are never inserted twice. Atomic: the rows of a batch of files,
their quarantined lines, their registry entries and the refreshed yearly indicator values are
written in one transaction, so a crash (even ``kill -9``) leaves every file either fully
imported or not at all, and a re-run completes the work.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from alliance_monitor.ingest import cameo, gdelt, gdelt_import, plover
from alliance_monitor.ingest.report import BadItem, IngestReport
from alliance_monitor.store.db import transaction

HEAD_BYTES = 1 << 16
#: A batch of GDELT files shares one reader scan and one transaction.
BATCH_FILES = 256
BATCH_BYTES = 512 << 20  # uncompressed
#: At most this many quarantined lines are listed in the report (all are in the table).
LISTED_BAD = 20
_GDELT_NAME = re.compile(r"^\d{4,14}(\.translation)?\.(export|mentions)\.csv(\.zip)?$|"
                         r"^\d{4,8}\.zip$", re.I)


@dataclass
class EventFile:
    path: Path
    kind: str  # a gdelt.Kind or "plover"; "zip?" when a GDELT-named zip cannot be opened
    layout: gdelt.Layout | None = None
    member: str | None = None  # the data file inside a zip archive
    sha256: str = ""
    size: int = 0
    file_id: int = 0
    plain: Path | None = None  # the uncompressed file DuckDB reads
    plain_size: int = 0  # its size: batches are limited by it
    stats: dict[str, Any] = field(default_factory=dict)


def _zip_member(path: Path) -> tuple[str, str, int]:
    """(name of the data member, first text, uncompressed size) of a zip archive; raises
    BadZipFile."""
    with zipfile.ZipFile(path) as zf:
        members = [i for i in zf.infolist() if not i.is_dir()]
        if len(members) != 1:
            raise zipfile.BadZipFile(f"expected one file in the archive, found {len(members)}")
        with zf.open(members[0]) as handle:
            head = handle.read(HEAD_BYTES).decode("utf-8", "replace")
        return members[0].filename, head, members[0].file_size


def _local_zip_name(path: Path) -> str | None:
    """The first member name from a zip's local header (readable even when truncated)."""
    with open(path, "rb") as handle:
        head = handle.read(30 + 1024)
    if len(head) < 30 or not head.startswith(b"PK\x03\x04"):
        return None
    length = int.from_bytes(head[26:28], "little")
    return head[30:30 + length].decode("utf-8", "replace")


def _layout_from_name(name: str) -> gdelt.Layout | None:
    """GDELT's own file names say the format even when the first lines are broken."""
    m = re.match(r"^(\d{8}|\d{14})(?:\.translation)?\.(export|mentions)\.csv$", name, re.I)
    if not m:
        return None
    if m.group(2).lower() == "mentions":
        return gdelt.Layout("gdelt2_mentions") if len(m.group(1)) == 14 else None
    return gdelt.Layout("gdelt2_events" if len(m.group(1)) == 14 else "gdelt1_events")


def detect(path: Path) -> EventFile | None:
    """What kind of event file ``path`` is, or None when it is none of ours."""
    try:
        plain_size = path.stat().st_size
        member: str | None
        if zipfile.is_zipfile(path):
            try:
                member, head, plain_size = _zip_member(path)
            except (zipfile.BadZipFile, EOFError, zlib.error, OSError):
                return EventFile(path, "zip?") if _GDELT_NAME.match(path.name) else None
        else:
            member = _local_zip_name(path)
            if member is not None:  # a zip without its directory: truncated download
                ok = _GDELT_NAME.match(path.name) or _GDELT_NAME.match(member)
                return EventFile(path, "zip?") if ok else None
            with open(path, "rb") as handle:
                head = handle.read(HEAD_BYTES).decode("utf-8", "replace")
    except OSError:
        return None
    layout = gdelt.detect(head) or _layout_from_name(member or path.name)
    if layout is not None:
        return EventFile(path, layout.kind, layout, member, plain_size=plain_size)
    if plover.looks_like(head):
        return EventFile(path, "plover", None, member, plain_size=plain_size)
    return None


def sniff(path: Path) -> bool:
    """True for GDELT 1.0/2.0 events, GDELT 2.0 mentions and PLOVER/POLECAT JSON files,
    zipped or plain (also for a truncated GDELT zip, so the import can report it)."""
    return detect(path) is not None


def _sha256(path: Path) -> tuple[str, int]:
    h = hashlib.sha256()
    size = 0
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            h.update(chunk)
            size += len(chunk)
    return h.hexdigest(), size


def _extract(item: EventFile, folder: Path) -> Path:
    if item.member is None:
        return item.path
    target = folder / f"{item.sha256[:16]}-{Path(item.member).name}"
    with zipfile.ZipFile(item.path) as zf, zf.open(item.member) as src, open(target, "wb") as dst:
        shutil.copyfileobj(src, dst, 1 << 20)
    return target


def _batches(items: list[EventFile]) -> Iterator[list[EventFile]]:
    batch: list[EventFile] = []
    size = 0
    for item in items:
        if batch and (len(batch) >= BATCH_FILES or size + item.plain_size > BATCH_BYTES):
            yield batch
            batch, size = [], 0
        batch.append(item)
        size += item.plain_size
    if batch:
        yield batch


def _bad_file(report: IngestReport, path: Path, reason: str) -> None:
    report.bad.append(BadItem(str(path), reason))
    report.details.setdefault("bad_files", []).append({"file": str(path), "reason": reason})


def _register(con: duckdb.DuckDBPyConnection, item: EventFile) -> None:
    s = item.stats
    con.execute("INSERT INTO event_files (file_id, sha256, name, path, kind, size, rows_read, "
                "rows_added, rows_unchanged, rows_quarantined) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
                "?, ?)", [item.file_id, item.sha256, item.path.name, str(item.path), item.kind,
                          item.size, s["rows_read"], s["added"], s["unchanged"],
                          s["quarantined"]])


def _quarantine(con: duckdb.DuckDBPyConnection, rows: list[list[object]]) -> None:
    if rows:
        con.executemany("INSERT INTO event_quarantine VALUES (?, ?, ?, ?, ?, ?)", rows)


@contextmanager
def _progress(enabled: bool, total: int) -> Iterator[Callable[[int], None]]:
    if not enabled or total == 0:
        yield lambda n: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    with Progress("[progress.description]{task.description}", BarColumn(),
                  MofNCompleteColumn(), TimeElapsedColumn(), console=Console(stderr=True),
                  transient=True) as bar:
        task = bar.add_task("event files", total=total)
        yield lambda n: bar.advance(task, n)


def _import_gdelt(con: duckdb.DuckDBPyConnection, batch: list[EventFile],
                  report: IngestReport, folder: Path) -> list[list[object]]:
    layout = batch[0].layout
    assert layout is not None
    ready: list[EventFile] = []
    for item in batch:
        try:
            item.plain = _extract(item, folder)
            ready.append(item)
        except (zipfile.BadZipFile, EOFError, zlib.error, OSError) as exc:
            _bad_file(report, item.path, f"unreadable zip archive ({exc}); nothing imported "
                      "from it — download it again")
    if not ready:
        return []
    plain = {str(i.plain): i.file_id for i in ready}
    names = {str(i.plain): i.path.name for i in ready}
    try:
        try:
            gdelt_import.stage(con, layout, plain)
        except duckdb.Error as exc:  # e.g. not text at all: refuse the batch, keep going
            for item in ready:
                _bad_file(report, item.path, f"cannot be read as {layout.label} ({exc})")
            return []
        with transaction(con):
            if layout.kind == "gdelt2_mentions":
                gdelt_import.insert_mentions(con)
            else:
                gdelt_import.insert_events(con)
            bad = gdelt_import.quarantine(con, layout, names)
            stats = gdelt_import.stats(con, layout, bad)
            for item in ready:
                s = stats[item.file_id]
                item.stats = {"rows_read": s.rows_read, "added": s.added,
                              "unchanged": s.unchanged, "quarantined": s.quarantined,
                              "noise": s.noise}
                _register(con, item)
            _quarantine(con, bad)
            if layout.kind != "gdelt2_mentions":
                years = gdelt_import.touched_years(con, [i.file_id for i in ready])
                if years:  # the application runs the series stage for these years
                    report.details["indicator_years"] = sorted(
                        {*report.details.get("indicator_years", []), *years})
    finally:
        gdelt_import.cleanup(con)
    _account(report, ready)
    return bad


def _import_plover(con: duckdb.DuckDBPyConnection, item: EventFile,
                   report: IngestReport) -> list[list[object]]:
    try:
        if item.member:
            with zipfile.ZipFile(item.path) as zf:
                data = zf.read(item.member)
        else:
            data = item.path.read_bytes()
    except (zipfile.BadZipFile, EOFError, zlib.error, OSError) as exc:
        _bad_file(report, item.path, f"unreadable file ({exc})")
        return []
    parsed = plover.parse(data)
    bad: list[list[object]] = [[item.file_id, item.path.name, line, reason, detail, raw]
                               for line, reason, detail, raw in parsed.bad]
    with transaction(con):
        added, unchanged = plover.insert(con, parsed, item.file_id)
        item.stats = {"rows_read": parsed.records, "added": added, "unchanged": unchanged,
                      "quarantined": len(bad), "skipped": parsed.skipped}
        _register(con, item)
        _quarantine(con, bad)
    _account(report, [item])
    return bad


def _account(report: IngestReport, items: list[EventFile]) -> None:
    for item in items:
        report.added += 1
        report.events += int(item.stats["added"])
        files = report.details.setdefault("files", [])
        files.append({"file": item.path.name, "kind": item.kind, **item.stats})
        noise = report.details.setdefault("noise", {})
        for rule, n in item.stats.get("noise", {}).items():
            noise[rule] = noise.get(rule, 0) + n


def ingest_event_files(con: duckdb.DuckDBPyConnection, paths: list[Path],
                       progress: bool = True) -> IngestReport:
    """Import event files into the store; see the module docstring for the guarantees."""
    report = IngestReport(kind="events")
    con.execute("SET enable_progress_bar = false")  # our own bar on stderr, not DuckDB's
    with transaction(con):
        cameo.install(con)
    todo: list[EventFile] = []
    seen: set[str] = set()
    for path in paths:
        item = detect(path)
        if item is None:
            _bad_file(report, path, "not a GDELT or PLOVER event file")
            continue
        if item.kind == "zip?":
            _bad_file(report, path, "truncated or corrupt zip archive; nothing imported from "
                      "it — download it again")
            continue
        item.sha256, item.size = _sha256(path)
        if item.sha256 in seen:
            report.unchanged += 1
            continue
        seen.add(item.sha256)
        todo.append(item)
    known = {row[0] for row in con.execute(
        "SELECT sha256 FROM event_files WHERE sha256 IN (SELECT unnest(?))",
        [[i.sha256 for i in todo]]).fetchall()} if todo else set()
    report.unchanged += sum(1 for i in todo if i.sha256 in known)
    todo = [i for i in todo if i.sha256 not in known]
    for item in todo:
        row = con.execute("SELECT nextval('event_file_ids')").fetchall()[0]
        item.file_id = int(row[0])
    quarantined: list[list[object]] = []
    folder = Path(tempfile.mkdtemp(prefix="alliance-events-"))
    try:
        with _progress(progress, len(todo)) as advance:
            for kind in ("gdelt1_events", "gdelt2_events", "gdelt2_mentions"):
                group = sorted((i for i in todo if i.kind == kind), key=lambda i: i.path.name)
                for batch in _batches(group):
                    quarantined += _import_gdelt(con, batch, report, folder)
                    for item in batch:
                        if item.plain is not None and item.plain != item.path:
                            item.plain.unlink(missing_ok=True)
                    advance(len(batch))
            for item in (i for i in todo if i.kind == "plover"):
                quarantined += _import_plover(con, item, report)
                advance(1)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    report.details["quarantined"] = len(quarantined)
    for q in quarantined[:LISTED_BAD]:
        report.bad.append(BadItem(f"{q[1]}:{q[2] if q[2] is not None else '?'}",
                                  f"{q[3]}: {q[4]}"))
    if len(quarantined) > LISTED_BAD:
        report.bad.append(BadItem("event_quarantine", f"{len(quarantined) - LISTED_BAD} more "
                                  "quarantined rows; all are in the table event_quarantine"))
    return report
