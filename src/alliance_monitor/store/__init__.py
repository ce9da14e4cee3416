"""Embedded DuckDB store: schema migrations, one writer, read-only readers."""

from alliance_monitor.errors import StoreIncomplete, StoreLocked
from alliance_monitor.store.db import (
    StoreError,
    building,
    connect,
    default_store_path,
    migrate,
    needs_build,
    writer,
)

__all__ = ["StoreError", "StoreIncomplete", "StoreLocked", "building", "connect",
           "default_store_path", "migrate", "needs_build", "writer"]
