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

from alliance_monitor.errors import FetchError

ENV_CACHE = "ALLIANCE_CACHE"
DEFAULT_MAX_BYTES = 500 * 1024 * 1024  # the largest official file (ATOP zip) is ~10 MB
DEFAULT_TIMEOUT = 60.0  # seconds without data before giving up
USER_AGENT = "alliance-monitor/0.1 (data-set fetch)"


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
          client: httpx.Client | None = None) -> FetchResult:
    """Download ``url`` into ``dest_dir`` (default: the cache) and return where it is.

    A complete cached copy is reused unless ``refresh``; with ``sha256`` the cached copy must
    match too. Raises :class:`FetchError` on HTTP errors, timeouts, a file larger than
    ``max_bytes`` or a checksum mismatch (the bad file is removed).
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
    owns_client = client is None
    http = client or httpx.Client(timeout=httpx.Timeout(timeout, connect=min(timeout, 15.0)),
                                  follow_redirects=True, headers={"User-Agent": USER_AGENT})
    resumed = False
    try:
        offset = part.stat().st_size if part.exists() else 0
        headers = {"Range": f"bytes={offset}-"} if offset else {}
        with http.stream("GET", url, headers=headers) as response:
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
                total = _total(response, offset)
                if total is not None and total > max_bytes:
                    raise FetchError(f"{url}: the file has {total:,} bytes, more than the limit "
                                     f"of {max_bytes:,}; raise it with --max-mb if you trust "
                                     f"the source")
                with part.open("ab" if resumed else "wb") as out, \
                        _progress(progress, file_name(url)) as bar:
                    task = bar.add_task(file_name(url), total=total, completed=offset) \
                        if bar else None
                    written = offset
                    for chunk in response.iter_bytes():
                        written += len(chunk)
                        if written > max_bytes:
                            out.close()
                            part.unlink()
                            raise FetchError(f"{url}: more than {max_bytes:,} bytes; stopped "
                                             f"and deleted the partial file")
                        out.write(chunk)
                        if bar is not None and task is not None:
                            bar.update(task, completed=written)
                if total is not None and written < total:
                    raise FetchError(f"{url}: the connection closed after {written:,} of "
                                     f"{total:,} bytes; run the fetch again to resume")
    except httpx.TimeoutException as exc:
        raise FetchError(f"{url}: no data for {timeout:g} s ({type(exc).__name__}); run the "
                         f"fetch again to resume, or download the file by hand and use "
                         f"'alliance datasets load NAME PATH'") from exc
    except httpx.HTTPError as exc:
        hint = ("run the fetch again to resume" if part.exists() and part.stat().st_size
                else "check the address or your connection")
        raise FetchError(f"{url}: {type(exc).__name__}: {exc}; {hint}, or download the file "
                         f"by hand and use 'alliance datasets load NAME PATH'") from exc
    finally:
        if owns_client:
            http.close()
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


__all__ = ["DEFAULT_MAX_BYTES", "DEFAULT_TIMEOUT", "FetchError", "FetchResult", "cache_dir",
           "fetch", "file_name", "sha256_file"]
