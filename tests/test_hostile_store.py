"""Issue 11, items 7 and 8: a store held by another process gives one clear line and exit
code 1; a half-built store (killed ``build``) is detected and rebuilt."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from alliance_monitor.cli import app
from alliance_monitor.errors import StoreIncomplete, StoreLocked
from alliance_monitor.store import db

HOLD = ("import duckdb, sys; con = duckdb.connect(sys.argv[1]); print('ready', flush=True); "
        "sys.stdin.read()")


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "alliance_monitor.cli", *args],
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "COLUMNS": "200"})


def test_store_locked_by_another_process(store_copy: Path, tmp_path: Path) -> None:
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(store_copy)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        with pytest.raises(StoreLocked, match=f"in use by process {holder.pid}"):
            db.connect(store_copy, read_only=True)
        with pytest.raises(StoreLocked):
            db.connect(store_copy)
        note = tmp_path / "n.txt"
        note.write_text("Japan and the United States held talks in Tokyo.", encoding="utf-8")
        for args in (["assess", "usa-jpn"], ["ingest", str(note)], ["events"], ["build"]):
            result = _cli(*args, "--store", str(store_copy))
            assert result.returncode == 1, (args, result.stderr)
            lines = [x for x in result.stderr.splitlines() if x.strip()]
            assert len(lines) == 1 and "in use by" in lines[0], (args, result.stderr)
            assert "Traceback" not in result.stderr and "-readonly" not in result.stderr
    finally:
        holder.communicate("", timeout=30)


def test_readers_share_the_store(store_copy: Path) -> None:
    a = db.connect(store_copy, read_only=True)
    try:
        result = _cli("alliances", "--store", str(store_copy), "--format", "json")
        assert result.returncode == 0, result.stderr
    finally:
        a.close()


def test_half_built_store_is_detected_and_rebuilt(tmp_path: Path) -> None:
    store = tmp_path / "half.duckdb"
    con = db.connect(store)  # migrated, then the build "was killed" after marking the start
    con.execute("INSERT OR REPLACE INTO kb_meta VALUES ('build_state', 'started')")
    con.close()
    with pytest.raises(StoreIncomplete, match="half-built"):
        db.connect(store, read_only=True)
    assert db.needs_build(store)
    result = CliRunner().invoke(app, ["assess", "usa-jpn", "--store", str(store),
                                      "--format", "json"])
    assert result.exit_code == 0, result.output
    assert '"USA-JPN"' in result.output
    assert not db.needs_build(store)


def test_store_never_built_is_rebuilt_before_reading(tmp_path: Path) -> None:
    store = tmp_path / "empty.duckdb"
    db.connect(store).close()  # e.g. a build killed during its migrations
    result = CliRunner().invoke(app, ["alliances", "--store", str(store), "--format", "json"])
    assert result.exit_code == 0 and "USA-KOR" in result.output, result.output


def test_not_a_store_is_one_clear_error(tmp_path: Path) -> None:
    junk = tmp_path / "junk.duckdb"
    junk.write_bytes(os.urandom(5000))
    with pytest.raises(Exception) as info:
        db.connect(junk, read_only=True)
    assert not isinstance(info.value, duckdb.Error)


def test_a_full_disk_during_a_write_is_one_clear_error(tmp_path: Path) -> None:
    from alliance_monitor.errors import StoreError

    con = db.connect(tmp_path / "s.duckdb")
    try:
        con.execute("CREATE TABLE t (x INTEGER)")
        with pytest.raises(StoreError, match="free some disk space"), db.transaction(con):
            con.execute("INSERT INTO t VALUES (1)")
            raise duckdb.IOException("IO Error: No space left on device")
        assert con.execute("SELECT count(*) FROM t").fetchall() == [(0,)]  # nothing kept
    finally:
        con.close()
