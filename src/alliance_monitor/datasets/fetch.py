"""Download a data set's current official file: timeouts, size limit, checksum, cache, resume.

Downloads go to a cache directory (``cache_dir()``, or ``ALLIANCE_CACHE``); an interrupted
download leaves ``<file>.part`` behind and the next attempt asks the server for the rest
(HTTP ``Range``). A finished file is only moved into place after its size and, when given,
its SHA-256 were checked, so the cache never holds a truncated or wrong file.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

import httpx
from platformdirs import user_cache_dir
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)

from alliance_monitor import net
from alliance_monitor.errors import FetchError, TooLarge

ENV_CACHE = "ALLIANCE_CACHE"
DEFAULT_MAX_BYTES = 500 * 1024 * 1024  # the largest official file (ATOP zip) is ~10 MB
DEFAULT_TIMEOUT = 60.0  # seconds without data before giving up
DEFAULT_DEADLINE = float(os.environ.get("ALLIANCE_FETCH_DEADLINE", 1800))  # whole transfer


@dataclass(frozen=True)
class FetchResult:
    url: str
    path: Path
    sha256: str
    size: int
    from_cache: bool
    resumed: bool


def cache_dir() -> Path:
    env = os.environ.get(ENV_CACHE)
    return Path(env) if env else Path(user_cache_dir("alliance-monitor", appauthor=False))


def file_name(url: str) -> str:
    """A safe local file name for ``url`` (its last path segment)."""
    name = unquote(Path(urlparse(url).path).name) or "download"
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name)[:120]


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1024 * 1024), b""):
            h.update(block)
    return h.hexdigest()


@contextmanager
def _progress(enabled: bool, label: str) -> Iterator[Progress | None]:
    if not enabled:
        yield None
        return
    bar = Progress(TextColumn("{task.description}"), BarColumn(), DownloadColumn(),
                   TransferSpeedColumn(), TimeRemainingColumn(),
                   console=Console(stderr=True), transient=True)
    with bar:
        yield bar


def _total(response: httpx.Response, offset: int) -> int | None:
    """The full size of the resource from Content-Range or Content-Length."""
    content_range = response.headers.get("content-range", "")
    match = re.search(r"/(\d+)\s*$", content_range)
    if match:
        return int(match.group(1))
    length = response.headers.get("content-length")
    if length and length.isdigit():
        return int(length) + (offset if response.status_code == 206 else 0)
    return None


def fetch(url: str, dest_dir: Path | None = None, *, sha256: str | None = None,
          max_bytes: int = DEFAULT_MAX_BYTES, timeout: float = DEFAULT_TIMEOUT,
          refresh: bool = False, progress: bool = False,
          client: httpx.Client | None = None, deadline: float = DEFAULT_DEADLINE,
          policy: net.Policy | None = None) -> FetchResult:
    """Download ``url`` into ``dest_dir`` (default: the cache) and return where it is.

    A complete cached copy is reused unless ``refresh``; with ``sha256`` the cached copy must
    match too. Raises :class:`FetchError` on HTTP errors, a read that waits more than
    ``timeout`` seconds, a transfer longer than ``deadline`` seconds, a file larger than
    ``max_bytes``, an address outside the fetch policy or a checksum mismatch (the bad file is
    removed). The download goes through :mod:`alliance_monitor.net`.
    """
    if urlparse(url).scheme not in ("http", "https"):
        raise FetchError(f"'{url}' is not an http(s) URL")
    folder = dest_dir if dest_dir is not None else cache_dir() / "downloads"
    folder.mkdir(parents=True, exist_ok=True)
    dest = folder / file_name(url)
    part = dest.with_name(dest.name + ".part")
    expected = sha256.lower() if sha256 else None
    if dest.exists() and not refresh:
        digest = sha256_file(dest)
        if expected is None or digest == expected:
            return FetchResult(url, dest, digest, dest.stat().st_size, True, False)
    if refresh and part.exists():
        part.unlink()
    resumed = False
    limits = net.Limits(max_bytes=max_bytes, deadline=deadline, read_timeout=timeout,
                        connect_timeout=min(timeout, 15.0))
    hint = ("run the fetch again to resume, or download the file by hand and use "
            "'alliance datasets load NAME PATH'")
    offset = part.stat().st_size if part.exists() else 0
    headers = {"Range": f"bytes={offset}-"} if offset else {}
    try:
        with net.open_stream(url, limits=limits, policy=policy, headers=headers,
                             client=client) as stream:
            response = stream.response
            if response.status_code == 416 and offset:
                # The server has nothing beyond what we hold: the part file is complete.
                total = _total(response, offset)
                if total is not None and total != offset:
                    part.unlink()
                    raise FetchError(f"{url}: the server refused to resume; run the fetch "
                                     f"again to start over")
            else:
                if response.status_code >= 400:
                    raise FetchError(f"{url}: HTTP {response.status_code} "
                                     f"{response.reason_phrase}")
                resumed = offset > 0 and response.status_code == 206
                if not resumed:
                    offset = 0
                stream.offset = offset
                total = _total(response, offset)
                if total is not None and total > max_bytes:
                    raise FetchError(f"{url}: the file has {total:,} bytes, more than the limit "
                                     f"of {max_bytes:,}; raise it with --max-mb if you trust "
                                     f"the source")
                written = offset
                try:
                    with part.open("ab" if resumed else "wb") as out, \
                            _progress(progress, file_name(url)) as bar:
                        task = bar.add_task(file_name(url), total=total, completed=offset) \
                            if bar else None
                        for chunk in stream.chunks():
                            written += len(chunk)
                            out.write(chunk)
                            if bar is not None and task is not None:
                                bar.update(task, completed=written)
                except TooLarge as exc:  # over the cap: never keep it
                    part.unlink(missing_ok=True)
                    raise TooLarge(f"{exc}; deleted the partial file") from exc
                except FetchError as exc:
                    raise FetchError(f"{exc}; {hint}") from exc
                if total is not None and written < total:
                    raise FetchError(f"{url}: the connection closed after {written:,} of "
                                     f"{total:,} bytes; run the fetch again to resume")
    except OSError as exc:
        part.unlink(missing_ok=True)
        raise FetchError(f"{url}: cannot write {part} ({exc.strerror or exc}); free some "
                         f"disk space or choose another --cache-dir") from exc
    digest = sha256_file(part)
    if expected is not None and digest != expected:
        part.unlink()
        raise FetchError(f"{url}: checksum mismatch (expected SHA-256 {expected}, got {digest}); "
                         f"the download was deleted")
    os.replace(part, dest)
    dest.with_name(dest.name + ".json").write_text(json.dumps(
        {"url": url, "sha256": digest, "size": dest.stat().st_size}, indent=2),
        encoding="utf-8")
    return FetchResult(url, dest, digest, dest.stat().st_size, False, resumed)


__all__ = ["DEFAULT_DEADLINE", "DEFAULT_MAX_BYTES", "DEFAULT_TIMEOUT", "FetchError",
           "FetchResult", "cache_dir", "fetch", "file_name", "sha256_file"]
