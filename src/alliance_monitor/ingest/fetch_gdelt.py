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
from urllib.parse import urlsplit

import httpx

from alliance_monitor import net
from alliance_monitor.errors import FetchError, TooLarge, TransferInterrupted

GDELT2_BASE = "http://data.gdeltproject.org/gdeltv2/"
KINDS = ("export", "mentions")
_NAME = re.compile(r"(\d{14})\.(translation\.)?(export|mentions|gkg)\.csv\.zip$", re.I)
#: A transfer cut off after progress is resumed at most this many times in one run.
ATTEMPTS = 3
#: Seconds for one file beyond its size at MIN_RATE bytes per second; each read waits at most
#: READ_TIMEOUT seconds.
DEADLINE = 120.0
MIN_RATE = 20_000
READ_TIMEOUT = 30.0
#: The master list is large (hundreds of MB by now) and grows; it gets its own limits.
LIST_MAX_BYTES = 2 << 30
LIST_DEADLINE = 3600.0


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
    def all_failed(self) -> bool:
        """Nothing usable: every selected file (or the list itself) failed."""
        return bool(self.failed) and not self.downloaded and not self.present

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


def _limits(entry_size: int) -> net.Limits:
    """A file may take as long as a slow line needs for it, never forever."""
    return net.Limits(max_bytes=entry_size, deadline=DEADLINE + entry_size / MIN_RATE,
                      read_timeout=READ_TIMEOUT)


def download(client: httpx.Client | None, entry: ListEntry, target: Path,
             advance: Callable[[int], None] = lambda n: None,
             policy: net.Policy | None = None) -> bool:
    """Make ``target`` a verified copy of ``entry``; True when bytes were transferred.

    The size in the file list is a hard cap: a body longer than listed (also once inflated
    from a gzip transfer encoding) is stopped and deleted. A transfer that is cut off is
    resumed (range request) as long as each attempt makes progress; any other failure — too
    large, wrong MD5, an HTTP error, the deadline — is reported at once, never retried.
    """
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
        if offset < entry.size:
            headers = {"Range": f"bytes={offset}-"} if offset else {}
            try:
                with net.open_stream(entry.url, limits=_limits(entry.size), policy=policy,
                                     headers=headers, client=client) as stream:
                    if stream.status == 206 and offset:
                        mode = "ab"
                    elif stream.status == 200:
                        mode, offset = "wb", 0  # the server ignored the range: start over
                    else:
                        raise FetchError(f"HTTP {stream.status} for {entry.url}")
                    stream.offset = offset
                    with open(part, mode) as out:
                        for chunk in stream.chunks():  # as received, so a cut keeps them
                            out.write(chunk)
                            advance(len(chunk))
            except TooLarge as exc:
                part.unlink(missing_ok=True)
                raise TooLarge(f"{entry.name}: larger than the {entry.size:,} bytes the file "
                               f"list gives; stopped and deleted ({exc})") from exc
            except FetchError as exc:
                grew = part.exists() and part.stat().st_size > offset
                if isinstance(exc, TransferInterrupted) and grew:
                    last = str(exc)
                    continue  # cut off after progress: resume from what we hold
                raise FetchError(f"{entry.name}: {exc}") from exc
        size = part.stat().st_size
        if size == entry.size and _md5(part) == entry.md5:
            part.replace(target)
            return True
        part.unlink()
        if size != entry.size:
            raise FetchError(f"{entry.name}: got {size:,} bytes, the file list gives "
                             f"{entry.size:,}; deleted — run the fetch again later")
        raise FetchError(f"{entry.name}: MD5 differs from the list; deleted — run the fetch "
                         f"again later")
    raise FetchError(f"{entry.name}: {last} ({ATTEMPTS} times); the partial file is kept, "
                     f"run the fetch again to resume")


def master_list(client: httpx.Client | None, dest: Path, base_url: str,
                end: dt.datetime | None, translingual: bool = False,
                policy: net.Policy | None = None) -> str:
    """The master file list, from the cache in ``dest`` when it reaches ``end``, else
    extended by a range request for the bytes added since."""
    name = "masterfilelist-translation.txt" if translingual else "masterfilelist.txt"
    cache = dest / name
    dest.mkdir(parents=True, exist_ok=True)
    limits = net.Limits(max_bytes=LIST_MAX_BYTES, deadline=LIST_DEADLINE,
                        read_timeout=READ_TIMEOUT)
    if cache.exists():
        text = cache.read_text(encoding="utf-8", errors="replace")
        entries, _ = parse_list(text)
        newest = max((e.stamp for e in entries if e.stamp), default=None)
        if end is not None and newest is not None and newest >= end:
            return text
        size = cache.stat().st_size
        resp = net.get(base_url + name, limits=limits, policy=policy, client=client,
                       headers={"Range": f"bytes={size}-"}, ok=(200, 206, 416))
        if resp.status == 206:
            with open(cache, "ab") as out:
                out.write(resp.data)
            return cache.read_text(encoding="utf-8", errors="replace")
        if resp.status == 416:  # nothing new
            return text
    else:
        resp = net.get(base_url + name, limits=limits, policy=policy, client=client)
    tmp = cache.with_name(cache.name + ".part")
    tmp.write_bytes(resp.data)
    tmp.replace(cache)
    return resp.data.decode("utf-8", "replace")


def policy_for(base_url: str) -> net.Policy:
    """The address policy of ``fetch gdelt``: the environment's, and only the list's host."""
    host = (urlsplit(base_url).hostname or "").lower()
    return net.Policy.from_env().only_hosts(host)


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


def fetch_entries(client: httpx.Client | None, entries: list[ListEntry], dest: Path,
                  progress: bool = True, report: FetchReport | None = None,
                  policy: net.Policy | None = None) -> FetchReport:
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
                download(client, e, target, advance, policy)
                report.downloaded.append(target)
            except FetchError as exc:
                report.failed.append((e.url, str(exc)))
            except OSError as exc:
                target.with_name(target.name + ".part").unlink(missing_ok=True)
                report.failed.append((e.url, f"cannot write {target} ({exc.strerror or exc})"))
    return report


def client() -> httpx.Client:
    """One connection pool for a run; requests go through :mod:`alliance_monitor.net`."""
    return httpx.Client(follow_redirects=False, trust_env=False,
                        headers={"User-Agent": "alliance-monitor (GDELT fetch)"})


def fetch(dest: Path, start: dt.datetime, end: dt.datetime, kinds: tuple[str, ...] = ("export",),
          base_url: str = GDELT2_BASE, translingual: bool = False, progress: bool = True,
          http: httpx.Client | None = None) -> FetchReport:
    """Download the files of ``kinds`` stamped in [start, end] into ``dest``.

    Only files on the host of ``base_url`` are fetched; a list entry naming another host is
    reported as failed."""
    own = http is None
    cl = http or client()
    policy = policy_for(base_url)
    try:
        text = master_list(cl, dest, base_url, end, translingual, policy)
        entries, bad = parse_list(text)
        report = FetchReport(bad_list_lines=bad)
        return fetch_entries(cl, select(entries, start, end, kinds, translingual), dest,
                             progress, report, policy)
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
    policy = policy_for(base_url)
    limits = net.Limits(max_bytes=1 << 20, deadline=60.0, read_timeout=READ_TIMEOUT)
    rounds = 0
    try:
        while True:
            report = FetchReport()
            try:
                resp = net.get(base_url + name, limits=limits, policy=policy, client=cl)
                entries, report.bad_list_lines = parse_list(resp.data.decode("utf-8",
                                                                             "replace"))
                fetch_entries(cl, select(entries, None, None, kinds, translingual), dest,
                              progress, report, policy)
            except FetchError as exc:
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
