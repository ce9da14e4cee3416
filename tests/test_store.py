"""The store: versioned migrations, idempotent builds, read-only readers, all-or-nothing writes."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from alliance_monitor.app import build_store as app_build_store
from alliance_monitor.knowledge import load
from alliance_monitor.knowledge.build import KB_TABLES, build, read
from alliance_monitor.store import StoreError, connect, migrate
from alliance_monitor.store.db import migrations


def counts(path: Path) -> dict[str, int]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        tables = [r[0] for r in con.execute("SELECT table_name FROM information_schema.tables "
                                            "WHERE table_schema = 'main'").fetchall()]
        return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]  # type: ignore[index]
                for t in sorted(tables)}
    finally:
        con.close()


def test_migrations_are_numbered_and_recorded(tmp_path: Path) -> None:
    versions = [v for v, _, _ in migrations()]
    assert versions == sorted(set(versions)) and versions[0] == 1
    con = connect(tmp_path / "s.duckdb")
    done = [r[0] for r in con.execute("SELECT version FROM schema_migrations ORDER BY 1")
            .fetchall()]
    assert done == versions
    assert migrate(con) == []  # nothing pending on a second run
    con.close()


def test_build_twice_changes_nothing(tmp_path: Path) -> None:
    """Running ./scripts/run twice changes nothing: the second build is a no-op."""
    path = tmp_path / "s.duckdb"
    first = app_build_store(path)
    before = counts(path)
    second = app_build_store(path)
    assert first.changed and not second.changed
    assert counts(path) == before


def test_store_round_trips_the_knowledge_base(built_store: Path) -> None:
    con = connect(built_store, read_only=True)
    kb_store = read(con)
    kb_files = load()
    assert set(kb_store.facts) >= set(kb_files.facts)
    assert all(kb_store.facts[k] == v for k, v in kb_files.facts.items())
    derived = {r[0] for r in con.execute("SELECT id FROM dataset_facts").fetchall()}
    assert set(kb_store.facts) - set(kb_files.facts) == derived - set(kb_files.facts)
    assert kb_store.events == kb_files.events
    assert kb_store.alliances == kb_files.alliances


def test_readers_are_read_only(built_store: Path) -> None:
    con = connect(built_store, read_only=True)
    with pytest.raises(duckdb.Error):
        con.execute("DELETE FROM facts")
    con.close()


def test_missing_store_for_reader_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="alliance build"):
        connect(tmp_path / "absent.duckdb", read_only=True)


def test_failed_build_leaves_store_as_it_was(store_copy: Path) -> None:
    """A crash in the middle of a knowledge-base rebuild rolls back completely."""
    before = counts(store_copy)
    kb = load()
    kb.units.pop(next(iter(kb.units)))  # a changed knowledge base forces a rebuild
    con = connect(store_copy)

    class Boom(RuntimeError):
        pass

    class Flaky:
        """Delegates to the connection but fails on the fourth bulk insert."""

        def __init__(self) -> None:
            self.calls = 0

        def __getattr__(self, name: str) -> object:
            return getattr(con, name)

        def executemany(self, sql: str, rows: object) -> object:
            self.calls += 1
            if self.calls == 4:
                raise Boom("disk full")
            return con.executemany(sql, rows)  # type: ignore[arg-type]

    with pytest.raises(Boom):
        build(Flaky(), kb)  # type: ignore[arg-type]
    con.close()
    assert counts(store_copy) == before


def test_kb_tables_are_in_the_schema(tmp_path: Path) -> None:
    con = connect(tmp_path / "s.duckdb")
    names = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables")
             .fetchall()}
    assert set(KB_TABLES) <= names and "indicator_values" in names
    con.close()
