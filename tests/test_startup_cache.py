"""The start-up cache (knowledge base and methodology as pickles) and the store's quick
up-to-date check: a cached read equals a fresh one, and any change to an input is seen."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import duckdb
import pytest

from alliance_monitor.app import App
from alliance_monitor.store import cache


def _entries(kind: str) -> list[Path]:
    return sorted(cache.root().glob(f"{kind}-*.pickle"))


def test_cached_knowledge_equals_a_fresh_read(built_store: Path, monkeypatch: pytest.MonkeyPatch,
                                             tmp_path: Path) -> None:
    monkeypatch.setenv(cache.ENV_CACHE, str(tmp_path / "c"))
    with App(built_store, auto_build=False) as first:
        kb1, m1 = first.knowledge, first.methodology
    assert len(_entries("kb")) == 1 and len(_entries("methodology")) == 1
    with App(built_store, auto_build=False) as second:  # served from the cache
        kb2, m2 = second.knowledge, second.methodology
    monkeypatch.setenv(cache.ENV_OFF, "1")
    with App(built_store, auto_build=False) as fresh:
        kb3, m3 = fresh.knowledge, fresh.methodology
    assert kb2.facts == kb3.facts and kb2.alliances == kb3.alliances
    assert kb2.events == kb3.events and kb2.origin == kb3.origin and kb1.facts == kb3.facts
    assert m2 == m3 == m1


def test_changed_dataset_facts_are_not_served_from_the_cache(store_copy: Path,
                                                             monkeypatch: pytest.MonkeyPatch,
                                                             tmp_path: Path) -> None:
    monkeypatch.setenv(cache.ENV_CACHE, str(tmp_path / "c"))
    with App(store_copy, auto_build=False) as app:
        before = dict(app.knowledge.facts)
    con = duckdb.connect(str(store_copy))
    fid = con.execute("SELECT id FROM dataset_facts LIMIT 1").fetchone()[0]
    con.execute("DELETE FROM dataset_facts WHERE id = ?", [fid])
    con.close()
    with App(store_copy, auto_build=False) as app:
        after = app.knowledge.facts
    assert fid in before and fid not in after
    assert len(_entries("kb")) == 2


def test_a_damaged_cache_entry_is_ignored(built_store: Path, monkeypatch: pytest.MonkeyPatch,
                                          tmp_path: Path) -> None:
    monkeypatch.setenv(cache.ENV_CACHE, str(tmp_path / "c"))
    with App(built_store, auto_build=False) as app:
        n = len(app.knowledge.facts)
    for entry in _entries("kb") + _entries("methodology"):
        entry.write_bytes(b"not a pickle")
    with App(built_store, auto_build=False) as app:
        assert len(app.knowledge.facts) == n
        assert app.methodology.version


def test_unwritable_cache_only_costs_speed(built_store: Path, monkeypatch: pytest.MonkeyPatch,
                                           tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv(cache.ENV_CACHE, str(blocker))  # a file, so no folder can be made
    with App(built_store, auto_build=False) as app:
        assert app.knowledge.alliances


def test_touched_knowledge_file_keeps_the_store_current_and_an_edit_does_not(
        tmp_path: Path) -> None:
    """Same sizes and times: current without reading. A touched file with equal content:
    still current (content hashes). A changed byte: not current."""
    from alliance_monitor.knowledge.loader import default_data_dir

    data = tmp_path / "kb"
    shutil.copytree(default_data_dir(), data)
    store = tmp_path / "s.duckdb"
    with App(store) as app:
        app.build(data=[data])
    # `build(data=…)` records the digests of those files; check against them directly
    from alliance_monitor.knowledge.build import stored_meta
    from alliance_monitor.knowledge.files import files_digest, files_stat

    con = duckdb.connect(str(store), read_only=True)
    try:
        assert stored_meta(con, "files_stat") == files_stat([data])
        target = sorted(data.glob("*.yaml"))[0]
        st = target.stat()
        os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns + 10_000_000))
        assert stored_meta(con, "files_stat") != files_stat([data])
        assert stored_meta(con, "files_digest") == files_digest([data])
        time.sleep(0.01)
        target.write_text(target.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
        assert stored_meta(con, "files_digest") != files_digest([data])
    finally:
        con.close()


def _assessments(app: App) -> list[str]:
    import datetime as dt

    return [a.model_dump_json() for a in app.assess(None, dt.date(2024, 6, 30))]


def test_unchanged_store_is_assessed_from_the_cached_snapshot_without_duckdb(
        store_copy: Path, tmp_path: Path) -> None:
    """A second process over an unchanged store answers from the cached snapshot: DuckDB is
    never imported and the result equals a fresh read."""
    import json
    import subprocess
    import sys

    env = {**os.environ, cache.ENV_CACHE: str(tmp_path / "c"), "ALLIANCE_STORE": str(store_copy)}
    env.pop(cache.ENV_OFF, None)
    probe = ("import json, sys\n"
             "from alliance_monitor.app import App\n"
             "import datetime as dt\n"
             "with App() as app:\n"
             "    out = [a.model_dump_json() for a in app.assess(None, dt.date(2024, 6, 30))]\n"
             "print(json.dumps({'duckdb': 'duckdb' in sys.modules, 'out': out}))\n")
    runs = [json.loads(subprocess.run([sys.executable, "-c", probe], env=env, check=True,
                                      capture_output=True, text=True).stdout)
            for _ in range(2)]
    assert runs[0]["duckdb"] is True  # the first run reads the store and fills the cache
    assert runs[1]["duckdb"] is False  # the second never opens it
    assert runs[0]["out"] == runs[1]["out"]
    assert len(list((tmp_path / "c" / "startup").glob("snapshot-*.pickle"))) == 1


def test_a_changed_store_file_is_never_answered_from_the_cached_snapshot(
        store_copy: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(cache.ENV_CACHE, str(tmp_path / "c"))
    with App(store_copy) as app:
        before = _assessments(app)
        key = app._snapshot_key()
    assert key is not None and len(_entries("snapshot")) == 1
    # another process changes the store: recent data-set values removed
    con = duckdb.connect(str(store_copy))
    con.execute("DELETE FROM indicator_values WHERE year >= 2019")
    con.close()
    with App(store_copy) as app:
        assert app._snapshot_key() != key
        assert app._cached_snapshot is None
        after = _assessments(app)
    monkeypatch.setenv(cache.ENV_OFF, "1")
    with App(store_copy) as fresh:
        assert _assessments(fresh) == after != before
    assert len(_entries("snapshot")) == 2


def test_snapshot_cache_is_not_used_for_overlays_or_without_automatic_build(
        built_store: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(cache.ENV_CACHE, str(tmp_path / "c"))
    kb_dir = tmp_path / "kb"
    kb_dir.mkdir()
    assert App(built_store, kb_dirs=[kb_dir])._snapshot_key() is None
    assert App(built_store, auto_build=False)._snapshot_key() is None
    assert App(":memory:")._snapshot_key() is None
    assert App(tmp_path / "absent.duckdb")._snapshot_key() is None
    monkeypatch.setenv(cache.ENV_OFF, "1")
    assert App(built_store)._snapshot_key() is None


def test_the_write_ahead_log_is_part_of_the_snapshot_key(
        store_copy: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Changes DuckDB has not yet written into the store file live in its .wal file."""
    from alliance_monitor.store.paths import wal_path

    monkeypatch.setenv(cache.ENV_CACHE, str(tmp_path / "c"))
    app = App(store_copy)
    key = app._snapshot_key()
    wal_path(store_copy).write_bytes(b"pending")
    assert app._snapshot_key() != key


def test_loading_a_cache_entry_pauses_and_restores_garbage_collection(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import gc

    monkeypatch.setenv(cache.ENV_CACHE, str(tmp_path / "c"))
    cache.save("probe", "k", {"a": [1, 2]})
    assert gc.isenabled()
    assert cache.load("probe", "k") == {"a": [1, 2]}
    assert gc.isenabled()
    gc.disable()
    try:
        cache.load("probe", "k")
        assert not gc.isenabled()  # a caller's choice is kept
    finally:
        gc.enable()


def test_a_write_through_the_app_drops_the_cached_snapshot(
        store_copy: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """An App that answered from the cached snapshot and then writes (build, ingest) reads the
    store as written afterwards, never the snapshot it started with."""
    monkeypatch.setenv(cache.ENV_CACHE, str(tmp_path / "c"))
    with App(store_copy) as first:
        _assessments(first)  # fills the cache
    app = App(store_copy)
    try:
        before = app.snapshot
        assert app.__dict__.get("_cached_snapshot") is before  # served from the cache
        app.build(force=True)
        assert "_cached_snapshot" not in app.__dict__
        assert app.snapshot is not before
    finally:
        app.close()
