"""Which files of a directory are ingested, and how a file name is shown and stored.

One walk for every ingester (documents, GDELT and PLOVER files): hidden files and folders
(``.git``, ``.DS_Store`` …), lock, journal and temporary files (``*.wal``, ``*.part`` …) and
the store itself are never read; symbolic links to folders are not followed (no loops).
File names that are not valid UTF-8 are kept as the bytes the system gave, and shown and
stored with the undecodable bytes escaped (``\\xe9``), so a name never stops a batch.
"""

from __future__ import annotations

import os
from pathlib import Path

#: File name endings never read inside directories.
SKIP_SUFFIXES = (".pyc", ".duckdb", ".wal", ".lock", ".part", ".tmp", ".swp", ".pid")


def skipped(name: str) -> bool:
    return name.startswith(".") or name.endswith(SKIP_SUFFIXES) or name.endswith("~")


def walk(folder: Path) -> list[Path]:
    """Every file under ``folder`` that may be ingested, in a stable order."""
    out: list[Path] = []
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__pycache__")
        out.extend(Path(root) / f for f in sorted(files) if not skipped(f))
    return sorted(out, key=lambda p: display(p))


def display(path: Path | str) -> str:
    """``path`` as valid UTF-8 text (undecodable bytes of the name escaped)."""
    return os.fsencode(str(path)).decode("utf-8", "backslashreplace")


def is_clean(path: Path | str) -> bool:
    """True when the name is valid UTF-8 (tools such as DuckDB can open it by name)."""
    return display(path) == str(path)


__all__ = ["SKIP_SUFFIXES", "display", "is_clean", "skipped", "walk"]
