"""Open, migrate and write the DuckDB store.

Migrations are SQL files ``NNN_name.sql`` in ``store/migrations``; each runs in its own
transaction and is recorded in ``schema_migrations``. Number ranges per area keep parallel work
apart: 001–009 core, 010–019 data sets, 020–029 GDELT/PLOVER, 030–039 news.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

import duckdb
from platformdirs import user_data_dir

from alliance_monitor.errors import StoreError

ENV_STORE = "ALLIANCE_STORE"
_MIGRATION = re.compile(r"^(\d{3})_([a-z0-9_]+)\.sql$")


def default_store_path() -> Path:
    env = os.environ.get(ENV_STORE)
    if env:
        return Path(env)
    return Path(user_data_dir("alliance-monitor", appauthor=False)) / "alliance.duckdb"


def migrations() -> list[tuple[int, str, str]]:
    folder = resources.files("alliance_monitor.store") / "migrations"
    found = []
    for entry in folder.iterdir():
        m = _MIGRATION.match(entry.name)
        if m:
            found.append((int(m.group(1)), m.group(2), entry.read_text(encoding="utf-8")))
    return sorted(found)


def migrate(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Apply pending migrations, each in a transaction; return the versions applied."""
    con.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                "name VARCHAR NOT NULL, applied_at TIMESTAMP DEFAULT current_timestamp)")
    done = {row[0] for row in con.execute("SELECT version FROM schema_migrations").fetchall()}
    applied = []
    for version, name, sql in migrations():
        if version in done:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(sql)
            con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)",
                        [version, name])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        applied.append(version)
    return applied


def connect(path: Path | str | None = None, *,
            read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the store; writers migrate it, readers open it read-only and must find it built."""
    target = Path(path) if path is not None else default_store_path()
    if str(target) == ":memory:":
        con = duckdb.connect(":memory:")
        migrate(con)
        return con
    if read_only:
        if not target.exists():
            raise StoreError(f"no store at {target}; build it with 'alliance build' "
                             f"(or ./scripts/run), or point --store / {ENV_STORE} at one")
        return duckdb.connect(str(target), read_only=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(target))
    migrate(con)
    return con


@contextmanager
def writer(path: Path | str | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """The one writer: a migrated connection, closed afterwards."""
    con = connect(path)
    try:
        yield con
    finally:
        con.close()


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """All or nothing: a crash inside leaves the store as it was."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")
