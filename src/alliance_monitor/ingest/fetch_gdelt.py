"""Download GDELT 2.0 files from GDELT's published file lists, verified, resumable, idempotent.

GDELT publishes ``masterfilelist.txt`` (every file since 2015-02-18) and ``lastupdate.txt``
(the newest 15-minute files); each line is ``SIZE MD5 URL``. A file is downloaded to
``DEST/YYYYMM/NAME`` through ``NAME.part``: an interrupted transfer resumes with an HTTP range
request, and the file only takes its name once its size and MD5 equal the list's. A file that is
already there with the right size and MD5 is not downloaded again. The master list itself is
cached in ``DEST`` and extended with a range request (it only ever grows).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from alliance_monitor.errors import FetchError

GDELT2_BASE = "http://data.gdeltproject.org/gdeltv2/"
KINDS = ("export", "mentions")
_NAME = re.compile(r"(\d{14})\.(translation\.)?(export|mentions|gkg)\.csv\.zip$", re.I)
ATTEMPTS = 3


@dataclass(frozen=True)
class ListEntry:
    size: int
    md5: str
    url: str

    @property
    def name(self) -> str:
        return self.url.rsplit("/", 1)[-1]

    @property
    def stamp(self) -> dt.datetime | None:
        m = _NAME.search(self.name)
        return dt.datetime.strptime(m.group(1), "%Y%m%d%H%M%S") if m else None

    @property
    def kind(self) -> str | None:
        m = _NAME.search(self.name)
        return m.group(3).lower() if m else None


@dataclass
class FetchReport:
    listed: int = 0
    downloaded: list[Path] = field(default_factory=list)
    present: list[Path] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    bad_list_lines: int = 0

    @property
    def files(self) -> list[Path]:
        """Every verified local file of the selection (downloaded now or before)."""
        return sorted([*self.present, *self.downloaded], key=lambda p: p.name)

    def rows(self) -> list[dict[str, object]]:
        out: list[dict[str, object]] = [{"file": p.name, "status": "downloaded"}
                                        for p in self.downloaded]
        out += [{"file": p.name, "status": "present"} for p in self.present]
        out += [{"file": url.rsplit("/", 1)[-1], "status": f"failed: {why}"}
                for url, why in self.failed]
        return out


def parse_list(text: str) -> tuple[list[ListEntry], int]:
    """Entries of a file list and the number of malformed lines (GDELT's list has a few)."""
    entries, bad = [], 0
    for line in text.splitlines():
        parts = line.split()
        if not parts:
            continue
        if len(parts) != 3 or not parts[0].isdigit() or not re.fullmatch(r"[0-9a-f]{32}",
                                                                         parts[1].lower()):
            bad += 1
            continue
        entries.append(ListEntry(int(parts[0]), parts[1].lower(), parts[2]))
    return entries, bad


def select(entries: list[ListEntry], start: dt.datetime | None, end: dt.datetime | None,
           kinds: tuple[str, ...] = ("export",), translingual: bool = False) -> list[ListEntry]:
    """The entries of the given kinds whose 15-minute stamp lies in [start, end]."""
    out = []
    for e in entries:
        stamp, kind = e.stamp, e.kind
        if stamp is None or kind not in kinds or (".translation." in e.name) != translingual:
            continue
        if (start is None or stamp >= start) and (end is None or stamp <= end):
            out.append(e)
    return out


def target_for(dest: Path, entry: ListEntry) -> Path:
    stamp = entry.stamp
    return dest / (stamp.strftime("%Y%m") if stamp else "other") / entry.name


def _md5(path: Path) -> str:
    h = hashlib.md5(usedforsecurity=False)
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _verified(path: Path, entry: ListEntry) -> bool:
    return path.exists() and path.stat().st_size == entry.size and _md5(path) == entry.md5


def download(client: httpx.Client, entry: ListEntry, target: Path,
             advance: Callable[[int], None] = lambda n: None) -> bool:
    """Make ``target`` a verified copy of ``entry``; True when bytes were transferred."""
    if _verified(target, entry):
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_name(target.name + ".part")
    last = "no attempt"
    for _ in range(ATTEMPTS):
        offset = part.stat().st_size if part.exists() else 0
        if offset > entry.size:
            part.unlink()
            offset = 0
        try:
            if offset < entry.size:
                headers = {"Range": f"bytes={offset}-"} if offset else {}
                with client.stream("GET", entry.url, headers=headers) as resp:
                    if resp.status_code == 206 and offset:
                        mode = "ab"
                    elif resp.status_code == 200:
                        mode, offset = "wb", 0  # the server ignored the range: start over
                    else:
                        raise FetchError(f"HTTP {resp.status_code} for {entry.url}")
                    with open(part, mode) as out:
                        for chunk in resp.iter_bytes():  # as received, so a cut keeps them
                            out.write(chunk)
                            advance(len(chunk))
        except httpx.TransportError as exc:  # interrupted: the next attempt resumes
            last = f"transfer interrupted ({exc.__class__.__name__})"
            continue
        if part.stat().st_size == entry.size and _md5(part) == entry.md5:
            part.replace(target)
            return True
        last = (f"size {part.stat().st_size} ≠ {entry.size}" if part.stat().st_size !=
                entry.size else "MD5 differs from the list")
        part.unlink()  # corrupt: the next attempt starts from scratch
    raise FetchError(f"{entry.name}: {last} after {ATTEMPTS} attempts")


def master_list(client: httpx.Client, dest: Path, base_url: str, end: dt.datetime | None,
                translingual: bool = False) -> str:
    """The master file list, from the cache in ``dest`` when it reaches ``end``, else
    extended by a range request for the bytes added since."""
    name = "masterfilelist-translation.txt" if translingual else "masterfilelist.txt"
    cache = dest / name
    dest.mkdir(parents=True, exist_ok=True)
    if cache.exists():
        text = cache.read_text(encoding="utf-8", errors="replace")
        entries, _ = parse_list(text)
        newest = max((e.stamp for e in entries if e.stamp), default=None)
        if end is not None and newest is not None and newest >= end:
            return text
        size = cache.stat().st_size
        resp = client.get(base_url + name, headers={"Range": f"bytes={size}-"})
        if resp.status_code == 206:
            with open(cache, "ab") as out:
                out.write(resp.content)
            return cache.read_text(encoding="utf-8", errors="replace")
        if resp.status_code == 416:  # nothing new
            return text
    else:
        resp = client.get(base_url + name)
    if resp.status_code != 200:
        raise FetchError(f"HTTP {resp.status_code} for {base_url + name}")
    tmp = cache.with_name(cache.name + ".part")
    tmp.write_bytes(resp.content)
    tmp.replace(cache)
    return resp.text


@contextmanager
def _bar(enabled: bool, total: int, label: str) -> Iterator[Callable[[int], None]]:
    if not enabled or total == 0:
        yield lambda n: None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TimeRemainingColumn,
        TransferSpeedColumn,
    )

    with Progress("[progress.description]{task.description}", BarColumn(), DownloadColumn(),
                  TransferSpeedColumn(), TimeRemainingColumn(), console=Console(stderr=True),
                  transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda n: bar.advance(task, n)


def fetch_entries(client: httpx.Client, entries: list[ListEntry], dest: Path,
                  progress: bool = True, report: FetchReport | None = None) -> FetchReport:
    report = report or FetchReport()
    report.listed += len(entries)
    todo = []
    for e in entries:
        target = target_for(dest, e)
        if _verified(target, e):
            report.present.append(target)
        else:
            todo.append(e)
    with _bar(progress, sum(e.size for e in todo), "GDELT files") as advance:
        for e in todo:
            target = target_for(dest, e)
            try:
                download(client, e, target, advance)
                report.downloaded.append(target)
            except (FetchError, httpx.HTTPError, OSError) as exc:
                report.failed.append((e.url, str(exc)))
    return report


def client(timeout: float = 60.0) -> httpx.Client:
    return httpx.Client(timeout=timeout, follow_redirects=True,
                        headers={"User-Agent": "alliance-monitor (GDELT fetch)"})


def fetch(dest: Path, start: dt.datetime, end: dt.datetime, kinds: tuple[str, ...] = ("export",),
          base_url: str = GDELT2_BASE, translingual: bool = False, progress: bool = True,
          http: httpx.Client | None = None) -> FetchReport:
    """Download the files of ``kinds`` stamped in [start, end] into ``dest``."""
    own = http is None
    cl = http or client()
    try:
        text = master_list(cl, dest, base_url, end, translingual)
        entries, bad = parse_list(text)
        report = FetchReport(bad_list_lines=bad)
        return fetch_entries(cl, select(entries, start, end, kinds, translingual), dest,
                             progress, report)
    finally:
        if own:
            cl.close()


def follow(dest: Path, on_files: Callable[[FetchReport], None],
           kinds: tuple[str, ...] = ("export",), base_url: str = GDELT2_BASE,
           translingual: bool = False, interval: float = 900.0, polls: int = 0,
           progress: bool = True, http: httpx.Client | None = None) -> int:
    """Poll the last-update list every ``interval`` seconds (``polls`` times; 0 = until
    interrupted), download what is new and hand each round's report to ``on_files``."""
    name = "lastupdate-translation.txt" if translingual else "lastupdate.txt"
    own = http is None
    cl = http or client()
    rounds = 0
    try:
        while True:
            report = FetchReport()
            try:
                resp = cl.get(base_url + name)
                resp.raise_for_status()
                entries, report.bad_list_lines = parse_list(resp.text)
                fetch_entries(cl, select(entries, None, None, kinds, translingual), dest,
                              progress, report)
            except httpx.HTTPError as exc:
                report.failed.append((base_url + name, str(exc)))
            on_files(report)
            rounds += 1
            if polls and rounds >= polls:
                return rounds
            time.sleep(interval)
    except KeyboardInterrupt:
        return rounds
    finally:
        if own:
            cl.close()
