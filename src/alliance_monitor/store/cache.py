"""A start-up cache: what every command reads before it can answer (the knowledge base from the
store, the validated methodology) kept as pickles, addressed by the content they came from.

Reading the knowledge base means validating some 1,900 records; unpickling the same objects
takes a fraction of that. Entries are keyed by a hash of their inputs (the store's knowledge
digest, the data-set facts, the methodology file) and of the code that defines the objects, so
a changed input or a new version of the program never reads an old entry.

The cache lives in the user's cache directory (``ALLIANCE_CACHE`` or the platform default),
never inside the store: a store file that someone hands you is data, and a pickle is code.
``ALLIANCE_NO_CACHE=1`` switches it off. A damaged or unreadable entry is ignored and
rewritten; a cache directory that cannot be written only costs speed.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ENV_CACHE = "ALLIANCE_CACHE"
ENV_OFF = "ALLIANCE_NO_CACHE"
#: entries kept per kind; older ones are removed when a new one is written
KEEP = 6


def enabled() -> bool:
    return os.environ.get(ENV_OFF, "").strip().lower() not in ("1", "true", "yes")


def root() -> Path:
    env = os.environ.get(ENV_CACHE)
    if env:
        return Path(env) / "startup"
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("alliance-monitor", appauthor=False)) / "startup"


def key(*parts: object) -> str:
    """A cache key from the inputs, the Python version and the program's own version."""
    from alliance_monitor import __version__

    h = hashlib.sha256(f"{__version__}|{sys.version}".encode())
    for part in parts:
        h.update(b"\0")
        h.update(str(part).encode())
    return h.hexdigest()[:32]


def _module_file(name: str) -> str | None:
    """A module's source file without importing it (the program's own modules are found
    next to the package; others must already be imported)."""
    module = sys.modules.get(name)
    file = getattr(module, "__file__", None)
    if file or not name.startswith("alliance_monitor."):
        return file
    import alliance_monitor

    base = Path(alliance_monitor.__file__).parent.joinpath(*name.split(".")[1:])
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.exists():
            return str(candidate)
    return None


def code_stamp(*modules: str) -> str:
    """Sizes and modification times of the modules that define the cached classes, whether
    or not they are imported yet."""
    out = []
    for name in modules:
        file = _module_file(name)
        if file:
            st = os.stat(file)
            out.append(f"{name}:{st.st_size}:{st.st_mtime_ns}")
        else:
            out.append(f"{name}:?")
    return ";".join(out)


def _path(kind: str, k: str) -> Path:
    return root() / f"{kind}-{k}.pickle"


def load(kind: str, k: str) -> Any | None:
    if not enabled():
        return None
    try:
        with open(_path(kind, k), "rb") as fh, gc_paused():
            return pickle.load(fh)
    except Exception:  # missing, truncated, or from an incompatible version: recompute
        return None


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while thousands of objects that live until the process
    ends are created (unpickling, importing): the collector would only walk them again and
    again. Its previous state is restored afterwards."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def save(kind: str, k: str, value: Any) -> None:
    if not enabled():
        return
    folder = root()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{kind}-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, _path(kind, k))
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        old = sorted(folder.glob(f"{kind}-*.pickle"), key=lambda p: p.stat().st_mtime)
        for stale in old[:-KEEP]:
            stale.unlink(missing_ok=True)
    except (OSError, pickle.PicklingError):
        return  # a cache that cannot be written only costs speed


__all__ = ["ENV_CACHE", "ENV_OFF", "code_stamp", "enabled", "gc_paused", "key", "load", "root",
           "save"]
