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
import os
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

from alliance_monitor.errors import TooLarge
from alliance_monitor.ingest import cameo, gdelt, gdelt_import, plover
from alliance_monitor.ingest.paths import display, is_clean
from alliance_monitor.ingest.report import BadItem, IngestReport
from alliance_monitor.store.db import transaction

HEAD_BYTES = 1 << 16
#: A batch of GDELT files shares one reader scan and one transaction.
BATCH_FILES = 256
BATCH_BYTES = 512 << 20  # uncompressed
#: At most this many quarantined lines are listed in the report (all are in the table).
LISTED_BAD = 20
#: Caps on decompression (issue 11): no archive member is inflated beyond the size its header
#: declares, beyond MAX_PLAIN_BYTES, or beyond MAX_RATIO times its compressed size (GDELT's
#: own zips inflate about 8 times). Bigger members are refused and nothing of them is kept.
MAX_PLAIN_BYTES = int(os.environ.get("ALLIANCE_MAX_EVENT_FILE_BYTES", 4 << 30))
MAX_RATIO = 200
#: Temporary folders for inflated members carry the process id, so a run that was killed
#: (``kill -9``) leaves nothing behind for long: the next import removes them.
TMP_PREFIX = "alliance-events-"
_GDELT_NAME = re.compile(r"^\d{4,14}(\.translation)?\.(export|mentions)\.csv(\.zip)?$|"
                         r"^\d{4,8}\.zip$", re.I)


@dataclass
class EventFile:
    path: Path
    kind: str  # a gdelt.Kind or "plover"; "bad" when a GDELT-named file cannot be opened
    layout: gdelt.Layout | None = None
    member: str | None = None  # the data file inside a zip archive
    sha256: str = ""
    size: int = 0
    file_id: int = 0
    plain: Path | None = None  # the uncompressed file DuckDB reads
    plain_size: int = 0  # its size: batches are limited by it
    stats: dict[str, Any] = field(default_factory=dict)
    reason: str = ""  # why a "bad" file cannot be imported
    compressed_size: int = 0  # of the zip member


class ZipProblem(zipfile.BadZipFile):
    """An archive that is readable but not one event file (e.g. two members)."""


def _zip_member(path: Path) -> tuple[str, str, int, int]:
    """(name of the data member, first text, uncompressed and compressed size) of a zip
    archive; raises BadZipFile (:class:`ZipProblem` for a readable archive of the wrong
    shape)."""
    with zipfile.ZipFile(path) as zf:
        members = [i for i in zf.infolist() if not i.is_dir()]
        if len(members) != 1:
            names = ", ".join(display(i.filename) for i in members[:3])
            raise ZipProblem(f"the archive holds {len(members)} files ({names}"
                             f"{', …' if len(members) > 3 else ''}); an event file archive "
                             f"holds exactly one — unpack it and import the files")
        with zf.open(members[0]) as handle:
            head = handle.read(HEAD_BYTES).decode("utf-8", "replace")
        return members[0].filename, head, members[0].file_size, members[0].compress_size


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
        packed = 0
        member: str | None
        if zipfile.is_zipfile(path):
            try:
                member, head, plain_size, packed = _zip_member(path)
            except ZipProblem as exc:
                return EventFile(path, "bad", reason=str(exc)) \
                    if _GDELT_NAME.match(path.name) else None
            except (zipfile.BadZipFile, EOFError, zlib.error, OSError, ValueError):
                return EventFile(path, "bad", reason=TRUNCATED) \
                    if _GDELT_NAME.match(path.name) else None
        else:
            member = _local_zip_name(path)
            if member is not None:  # a zip without its directory: truncated download
                ok = _GDELT_NAME.match(path.name) or _GDELT_NAME.match(member)
                return EventFile(path, "bad", reason=TRUNCATED) if ok else None
            with open(path, "rb") as handle:
                head = handle.read(HEAD_BYTES).decode("utf-8", "replace")
    except OSError:
        return None
    layout = gdelt.detect(head) or _layout_from_name(member or path.name)
    if layout is not None:
        return EventFile(path, layout.kind, layout, member, plain_size=plain_size,
                         compressed_size=packed)
    if plover.looks_like(head):
        return EventFile(path, "plover", None, member, plain_size=plain_size,
                         compressed_size=packed)
    return None


TRUNCATED = ("truncated or corrupt zip archive; nothing imported from it — download it again")


def sniff(path: Path) -> bool:
    """True for GDELT 1.0/2.0 events, GDELT 2.0 mentions and PLOVER/POLECAT JSON files,
    zipped or plain (also for a truncated GDELT zip, so the import can report it)."""
    return detect(path) is not None


def _member_cap(item: EventFile) -> int:
    if item.member is None:
        return MAX_PLAIN_BYTES
    return min(MAX_PLAIN_BYTES, item.plain_size, max(item.compressed_size, 1) * MAX_RATIO)


def _plain_chunks(item: EventFile) -> Iterator[bytes]:
    """The uncompressed bytes of an event file, streamed, within :func:`_member_cap`."""
    cap = _member_cap(item)
    if item.member is None:
        with open(item.path, "rb") as handle:
            yield from iter(lambda: handle.read(1 << 20), b"")
        return
    seen = 0
    with zipfile.ZipFile(item.path) as zf, zf.open(item.member) as src:
        for chunk in iter(lambda: src.read(1 << 20), b""):
            seen += len(chunk)
            if seen > cap:
                raise TooLarge(
                    f"the archive member inflates beyond {cap:,} bytes (declared "
                    f"{item.plain_size:,}, compressed {item.compressed_size:,}; limits: the "
                    f"declared size, {MAX_RATIO}× the compressed size, "
                    f"ALLIANCE_MAX_EVENT_FILE_BYTES={MAX_PLAIN_BYTES:,}); refused, nothing "
                    f"of it kept")
            yield chunk


def _content_sha256(item: EventFile) -> tuple[str, int]:
    """(SHA-256 of the data, file size): the uncompressed content with line ends normalised,
    so a CRLF copy and a zipped copy of the same GDELT file are recognised as one file."""
    h = hashlib.sha256()
    carry = b""
    for chunk in _plain_chunks(item):
        data = carry + chunk
        carry = b"\r" if data.endswith(b"\r") else b""
        if carry:
            data = data[:-1]
        h.update(data.replace(b"\r\n", b"\n"))
    h.update(carry)
    return h.hexdigest(), item.path.stat().st_size


def _extract(item: EventFile, folder: Path) -> Path:
    """The plain file DuckDB reads: the file itself, or the archive member inflated into
    ``folder`` (streamed, capped; a partial member is removed). A file name that is not
    valid UTF-8 is linked under a clean name."""
    if item.member is None:
        if is_clean(item.path):
            return item.path
        link = folder / f"{item.sha256[:16]}-{item.file_id}.csv"
        os.symlink(os.path.abspath(item.path), link)
        return link
    target = folder / f"{item.sha256[:16]}-{item.file_id}.csv"
    try:
        with open(target, "wb") as dst:
            for chunk in _plain_chunks(item):
                dst.write(chunk)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return target


def _sweep_stale_folders() -> None:
    """Remove the temporary folders of killed imports (their process is gone)."""
    base = Path(tempfile.gettempdir())
    for folder in base.glob(TMP_PREFIX + "*"):
        m = re.match(re.escape(TMP_PREFIX) + r"(\d+)-", folder.name)
        if not m or not folder.is_dir():
            continue
        pid = int(m.group(1))
        if pid == os.getpid():
            continue
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except PermissionError:
            continue


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
    """One line per bad file, naming it; the batch goes on."""
    name = display(path)
    report.bad.append(BadItem(name, reason))
    report.details.setdefault("bad_files", []).append({"file": name, "reason": reason})


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:300]


def _register(con: duckdb.DuckDBPyConnection, item: EventFile) -> None:
    s = item.stats
    con.execute("INSERT INTO event_files (file_id, sha256, name, path, kind, size, rows_read, "
                "rows_added, rows_unchanged, rows_quarantined) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
                "?, ?)", [item.file_id, item.sha256, display(item.path.name),
                          display(item.path), item.kind,
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


def _stage_isolated(con: duckdb.DuckDBPyConnection, layout: gdelt.Layout,
                    ready: list[EventFile], report: IngestReport) -> list[EventFile]:
    """Per-file isolation: stage the batch in one scan; when the reader refuses it, try the
    files one by one, report each refused file in one line and stage the others."""

    def attempt(items: list[EventFile]) -> duckdb.Error | None:
        try:
            gdelt_import.stage(con, layout, {str(i.plain): i.file_id for i in items})
            return None
        except duckdb.Error as exc:
            gdelt_import.cleanup(con)
            return exc

    if not ready:
        return []
    failure = attempt(ready)
    if failure is None:
        return ready
    good = []
    for item in ready:
        alone = attempt([item]) if len(ready) > 1 else failure
        if alone is None:
            good.append(item)
        else:
            _refused(report, item, layout, alone)
    if not good:
        return []
    failure = attempt(good)
    if failure is not None:  # each file reads alone but not together: refuse them all
        for item in good:
            _refused(report, item, layout, failure)
        return []
    return good


def _refused(report: IngestReport, item: EventFile, layout: gdelt.Layout,
             exc: duckdb.Error) -> None:
    detail = _one_line(exc)
    detail = re.sub(r"^[A-Za-z ]+Error: ", "", detail)
    _bad_file(report, item.path, f"cannot be read as {layout.label} ({detail[:160]}); "
              "nothing imported from it — check that it is a GDELT file (not compressed, "
              "not binary)")


def _import_gdelt(con: duckdb.DuckDBPyConnection, batch: list[EventFile],
                  report: IngestReport, folder: Path) -> list[list[object]]:
    layout = batch[0].layout
    assert layout is not None
    ready: list[EventFile] = []
    for item in batch:
        try:
            item.plain = _extract(item, folder)
            ready.append(item)
        except TooLarge as exc:
            _bad_file(report, item.path, str(exc))
        except (zipfile.BadZipFile, EOFError, zlib.error) as exc:
            _bad_file(report, item.path, f"unreadable zip archive ({_one_line(exc)}); nothing "
                      "imported from it — download it again")
        except OSError as exc:
            _bad_file(report, item.path, f"cannot be unpacked ({exc.strerror or exc}); free "
                      "some disk space (or set TMPDIR to a larger disk) and import it again")
    ready = _stage_isolated(con, layout, ready, report)
    if not ready:
        return []
    names = {str(i.plain): display(i.path.name) for i in ready}
    try:
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
        data = b"".join(_plain_chunks(item))  # capped like every archive member
    except TooLarge as exc:
        _bad_file(report, item.path, str(exc))
        return []
    except (zipfile.BadZipFile, EOFError, zlib.error, OSError) as exc:
        _bad_file(report, item.path, f"unreadable file ({_one_line(exc)})")
        return []
    try:
        parsed = plover.parse(data)
    except Exception as exc:  # isolation: a parser failure is this file's problem only
        _bad_file(report, item.path, f"cannot be read as PLOVER records ({_one_line(exc)})")
        return []
    name = display(item.path.name)
    bad: list[list[object]] = [[item.file_id, name, line, reason, detail, raw]
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
        files.append({"file": display(item.path.name), "kind": item.kind, **item.stats})
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
        try:
            item = detect(path)
        except Exception as exc:  # isolation: one file never stops the batch
            _bad_file(report, path, f"cannot be read ({_one_line(exc)})")
            continue
        if item is None:
            _bad_file(report, path, "not a GDELT or PLOVER event file")
            continue
        if item.kind == "bad":
            _bad_file(report, path, item.reason)
            continue
        try:
            item.sha256, item.size = _content_sha256(item)
        except TooLarge as exc:
            _bad_file(report, path, str(exc))
            continue
        except (zipfile.BadZipFile, EOFError, zlib.error, OSError) as exc:
            _bad_file(report, path, f"unreadable ({_one_line(exc)}); nothing imported from "
                      "it — download it again")
            continue
        if item.sha256 in seen:  # the same data twice in one run (a copy, zipped or CRLF)
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
    _sweep_stale_folders()
    folder = Path(tempfile.mkdtemp(prefix=f"{TMP_PREFIX}{os.getpid()}-"))
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
