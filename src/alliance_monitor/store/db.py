"""Open, migrate and write the DuckDB store.

Migrations are SQL files ``NNN_name.sql`` in ``store/migrations``; each runs in its own
transaction and is recorded in ``schema_migrations``. Number ranges per area keep parallel work
apart: 001–009 core, 010–019 data sets, 020–029 GDELT/PLOVER, 030–039 news.

Two processes: DuckDB lets one process write a store file, or several read it. A process that
finds the store held gets :class:`StoreLocked` (one line: which store, which process, what to
do; exit code 1), never DuckDB's traceback.

A half-built store: ``build`` runs inside :func:`building`, which records ``build_state`` =
``started`` in ``kb_meta`` before it writes and ``complete`` after the last step. A store whose
build was killed says ``started``; :func:`needs_build` sees it (and a store that never got its
knowledge base), so the application rebuilds it before reading, and plain readers get
:class:`StoreIncomplete` instead of empty answers.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

import duckdb

from alliance_monitor.errors import StoreError, StoreIncomplete, StoreLocked
from alliance_monitor.store.paths import ENV_STORE, default_store_path

_MIGRATION = re.compile(r"^(\d{3})_([a-z0-9_]+)\.sql$")


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


_LOCK = re.compile(r"could not set lock|conflicting lock|database is locked|"
                   r"used by another process|Can't open a connection to same database file "
                   r"with a different configuration", re.I)


def _locked(exc: duckdb.Error, target: Path, read_only: bool) -> StoreLocked | None:
    text = str(exc)
    if not _LOCK.search(text):
        return None
    pid = re.search(r"PID (\d+)", text)
    holder = f"process {pid.group(1)}" if pid else "another process"
    want = "read" if read_only else "write to"
    return StoreLocked(f"the store {target} is in use by {holder}, so this command cannot "
                       f"{want} it; wait until that command has finished (or stop it) and try "
                       f"again, or use another --store")


def _open(target: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    try:
        return duckdb.connect(str(target), read_only=read_only)
    except duckdb.Error as exc:
        locked = _locked(exc, target, read_only)
        if locked is not None:
            raise locked from None
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise StoreError(f"cannot open the store {target}: {first}; if it is not an Alliance "
                         f"Monitor store, point --store / {ENV_STORE} elsewhere") from None


def connect(path: Path | str | None = None, *,
            read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the store; writers migrate it, readers open it read-only and must find it built.

    Raises :class:`StoreLocked` when another process holds the store, and (readers)
    :class:`StoreIncomplete` when its last build was killed half-way."""
    target = Path(path) if path is not None else default_store_path()
    if str(target) == ":memory:":
        con = duckdb.connect(":memory:")
        migrate(con)
        return con
    if read_only:
        if not target.exists():
            raise StoreError(f"no store at {target}; build it with 'alliance build' "
                             f"(or ./scripts/run), or point --store / {ENV_STORE} at one")
        con = _open(target, True)
        if build_state(con) == "started":
            con.close()
            raise StoreIncomplete(f"the store {target} was left half-built (a 'build' was "
                                  f"stopped); run 'alliance build --store {target}' to "
                                  f"complete it")
        return con
    target.parent.mkdir(parents=True, exist_ok=True)
    con = _open(target, False)
    try:
        migrate(con)
    except BaseException:
        con.close()
        raise
    return con


BUILD_KEY = "build_state"


def build_state(con: duckdb.DuckDBPyConnection) -> str:
    """'complete', 'started' (a build was interrupted) or 'empty' (never built)."""
    try:
        rows = dict(con.execute("SELECT key, value FROM kb_meta WHERE key IN (?, 'digest')",
                                [BUILD_KEY]).fetchall())
    except duckdb.CatalogException:
        return "empty"
    state = rows.get(BUILD_KEY)
    if state is not None:
        return "complete" if state == "complete" else "started"
    return "complete" if rows.get("digest") else "empty"  # stores built before the marker


def needs_build(path: Path | str | None = None) -> bool:
    """True when the store is missing, half-built or has no knowledge base yet."""
    target = Path(path) if path is not None else default_store_path()
    if str(target) == ":memory:":
        return False
    if not target.exists():
        return True
    con = _open(target, True)
    try:
        return build_state(con) != "complete"
    finally:
        con.close()


@contextmanager
def building(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """Mark the store as being built; only a build that ran to its end marks it complete."""
    con.execute("INSERT OR REPLACE INTO kb_meta VALUES (?, 'started')", [BUILD_KEY])
    yield con
    con.execute("INSERT OR REPLACE INTO kb_meta VALUES (?, 'complete')", [BUILD_KEY])


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
        con.execute("COMMIT")
    except duckdb.IOException as exc:  # e.g. the disk is full: nothing of this unit is kept
        with contextlib.suppress(duckdb.Error):
            con.execute("ROLLBACK")
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise StoreError(f"cannot write the store ({first}); nothing of this step was "
                         f"written — free some disk space and run the command again") from None
    except BaseException:
        with contextlib.suppress(duckdb.Error):
            con.execute("ROLLBACK")
        raise
