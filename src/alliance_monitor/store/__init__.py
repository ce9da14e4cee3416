"""Embedded DuckDB store: schema migrations, one writer, read-only readers.

The names below are loaded on first use, so importing :mod:`alliance_monitor.store.paths` or
:mod:`alliance_monitor.store.cache` does not load DuckDB.
"""

from __future__ import annotations

from typing import Any

from alliance_monitor.errors import StoreError, StoreIncomplete, StoreLocked

_FROM_DB = ("building", "connect", "default_store_path", "migrate",
            "needs_build", "writer")


def __getattr__(name: str) -> Any:
    if name in _FROM_DB or name == "db":
        import importlib

        db = importlib.import_module("alliance_monitor.store.db")

        return db if name == "db" else getattr(db, name)
    raise AttributeError(f"module 'alliance_monitor.store' has no attribute '{name}'")


__all__ = ["StoreError", "StoreIncomplete", "StoreLocked", "building", "connect",
           "default_store_path", "migrate", "needs_build", "writer"]
