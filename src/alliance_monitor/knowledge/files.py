"""Has a knowledge file changed? Hashes of the files' content, or of their names, sizes and
modification times (no file read): the store records both, and the start-up cache keys on the
second. No DuckDB and no YAML here, so the check is cheap enough for every command.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from alliance_monitor.knowledge.loader import default_data_dir


def files_digest(paths: list[Path] | None = None) -> str:
    """A content hash of the knowledge files themselves: milliseconds, no YAML parsing."""
    h = hashlib.sha256()
    roots = paths if paths is not None else [default_data_dir()]
    for root in roots:
        files = sorted(root.rglob("*.yaml")) if root.is_dir() else [root]
        for file in files:
            h.update(str(file.relative_to(root) if root.is_dir() else file.name).encode())
            h.update(hashlib.sha256(file.read_bytes()).digest())
    return h.hexdigest()


def _knowledge_files(paths: list[Path] | None) -> list[tuple[str, Path]]:
    out = []
    for root in paths if paths is not None else [default_data_dir()]:
        files = sorted(root.rglob("*.yaml")) if root.is_dir() else [root]
        out += [(str(f.relative_to(root) if root.is_dir() else f.name), f) for f in files]
    return out


def stat_digest(files: list[Path], names: list[str] | None = None) -> str:
    """A hash of names, sizes and modification times (nanoseconds): no file is read."""
    h = hashlib.sha256()
    for name, f in zip(names or [str(f) for f in files], files, strict=True):
        st = f.stat()
        h.update(f"{name}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def files_stat(paths: list[Path] | None = None) -> str:
    """The knowledge files' :func:`stat_digest`; equal to the recorded one means unchanged,
    different means "compare :func:`files_digest`" (a touched file may have equal content)."""
    files = _knowledge_files(paths)
    return stat_digest([f for _, f in files], [n for n, _ in files])


__all__ = ["files_digest", "files_stat", "stat_digest"]
