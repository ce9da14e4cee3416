"""Where the store lives: no DuckDB import, so a command that answers from the start-up cache
never loads the database engine."""

from __future__ import annotations

import os
from pathlib import Path

ENV_STORE = "ALLIANCE_STORE"


def default_store_path() -> Path:
    """``ALLIANCE_STORE``, else ``alliance.duckdb`` in the user's data directory."""
    env = os.environ.get(ENV_STORE)
    if env:
        return Path(env)
    from platformdirs import user_data_dir

    return Path(user_data_dir("alliance-monitor", appauthor=False)) / "alliance.duckdb"


def wal_path(store: Path) -> Path:
    """DuckDB's write-ahead log next to a store file (changes not yet checkpointed)."""
    return store.with_name(store.name + ".wal")


__all__ = ["ENV_STORE", "default_store_path", "wal_path"]
