"""Shared fixtures: a built store per session, paths to ../shared, a CLI runner."""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def shared_path(*parts: str) -> Path:
    """A file under ../shared; skips the test with a reason when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} not found: the shared data folder (../shared) is not available")
    return path


@pytest.fixture(autouse=True)
def _private_default_store(tmp_path_factory: pytest.TempPathFactory,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    """No test may touch the user's real store or cache: both point to temp files."""
    monkeypatch.setenv("ALLIANCE_STORE", str(tmp_path_factory.getbasetemp() / "default.duckdb"))
    # downloads and the start-up cache go to the session's temp folder, not the user's
    monkeypatch.setenv("ALLIANCE_CACHE", str(tmp_path_factory.getbasetemp() / "cache"))


@pytest.fixture(scope="session")
def built_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built once from the bundled knowledge base and data extracts."""
    from alliance_monitor.app import App

    path = tmp_path_factory.mktemp("store") / "alliance.duckdb"
    with App(path) as app:
        app.build()
    return path


@pytest.fixture(scope="session")
def app(built_store: Path):  # type: ignore[no-untyped-def]
    """One application over the built store, shared by read-only tests."""
    from alliance_monitor.app import App

    with App(built_store, auto_build=False) as application:
        yield application


@pytest.fixture
def store_copy(built_store: Path, tmp_path: Path) -> Path:
    """A private copy of the built store a test may change."""
    target = tmp_path / "alliance.duckdb"
    shutil.copy(built_store, target)
    return target


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="session", autouse=True)
def _close_every_connection() -> object:
    """Tests that open connections on their own may leave them open; close every DuckDB
    connection at the end so the binding reports no leaked objects at exit."""
    import duckdb

    opened: list[duckdb.DuckDBPyConnection] = []
    real = duckdb.connect

    def tracking(*args: object, **kwargs: object) -> duckdb.DuckDBPyConnection:
        con = real(*args, **kwargs)  # type: ignore[arg-type]
        opened.append(con)
        return con

    duckdb.connect = tracking  # type: ignore[assignment]
    yield
    duckdb.connect = real  # type: ignore[assignment]
    for con in opened:
        with contextlib.suppress(duckdb.Error):
            con.close()
    opened.clear()
    import gc

    gc.collect()
