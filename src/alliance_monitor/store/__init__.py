"""Embedded DuckDB store: schema migrations, one writer, read-only readers."""

from alliance_monitor.store.db import StoreError, connect, default_store_path, migrate, writer

__all__ = ["StoreError", "connect", "default_store_path", "migrate", "writer"]
