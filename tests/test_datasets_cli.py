"""`alliance datasets list|load|fetch` and `alliance indicators` through the CLI runner.

`fetch` talks only to a local HTTP server on 127.0.0.1 started by the test.
"""

from __future__ import annotations

import gc
import hashlib
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from alliance_monitor.cli import app
from alliance_monitor.commands.datasets_api import datasets_markdown
from alliance_monitor.datasets.fetch import FetchError, fetch
from alliance_monitor.datasets.registry import REGISTRY
from alliance_monitor.store import db
from test_datasets_support import ROOT, build_store, file_server, write

PEW = ("country,year,target,pct_favorable,n\nJPN,2019,USA,67.9,1037\nJPN,2020,USA,41.6,1056\n"
       "JPN,2021,USA,70.8,1014\n")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("cli") / "store.duckdb")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    gc.collect()  # drop the command's store connection before the next one opens the file
    return result.exit_code, result.stdout, result.stderr


def pew_rows(store: Path) -> list[tuple[str, int, float]]:
    con = db.connect(store, read_only=True)
    try:
        return con.execute("SELECT subject, year, value FROM indicator_values WHERE indicator = "
                           "'pew_fav_usa' AND subject = 'JPN' AND year BETWEEN 2019 AND 2021 "
                           "ORDER BY year").fetchall()
    finally:
        con.close()


def test_list_shows_every_data_set_with_what_is_loaded(store: Path) -> None:
    code, out, _ = run("datasets", "list", "--store", str(store), "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert [r["name"] for r in rows] == list(REGISTRY)
    unga = next(r for r in rows if r["name"] == "unga")
    assert unga["licence"] == "CC0 1.0 (public domain dedication)"
    assert unga["years"] == "1946–2023" and unga["source_id"] == "unga-ideal-points"
    assert unga["loaded"].startswith("bundled extract (545 rows, 1946–2023")
    assert unga["load"]["origin"] == "bundled"


def test_list_in_german(store: Path) -> None:
    code, out, _ = run("datasets", "list", "--store", str(store), "--format", "json",
                       "--lang", "de")
    assert code == 0
    pew = next(r for r in json.loads(out) if r["name"] == "pew")
    assert pew["title"] == "Pew Global Attitudes: Wohlwollen"
    assert pew["criteria"] == "Politische Unterstützung"
    assert pew["loaded"].startswith("mitgelieferter Auszug (233 Zeilen")
    code, out, _ = run("datasets", "list", "--store", str(store), "--lang", "fr")
    assert code == 2


def test_list_builds_a_missing_store(tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Like every command, `datasets list` builds the store on first use (bundled data)."""
    from alliance_monitor.app import App

    real = App.build
    monkeypatch.setattr(App, "build",
                        lambda self, force=False, data=None: real(self, force=True,
                                                                  data=data or _kb()))
    code, out, _ = run("datasets", "list", "--store", str(tmp_path / "new.duckdb"),
                       "--format", "csv")
    assert code == 0 and out.splitlines()[0].startswith("name,title,source,licence,years")
    assert "bundled extract" in out


def _kb() -> list[Path]:
    from test_datasets_support import kb_paths

    return kb_paths()


def test_load_reports_bad_rows_on_stderr_and_is_idempotent(tmp_path: Path) -> None:
    target = tmp_path / "s.duckdb"
    bad = write(tmp_path / "pew.csv", PEW + "Atlantis,2020,USA,1,1\n")
    code, out, err = run("datasets", "load", "pew", str(bad), "--store", str(target))
    assert code == 0
    assert "bad row: pew.csv:5: unknown surveyed country 'Atlantis'" in err
    assert "loaded" in out
    code, out, err = run("datasets", "load", "pew", str(bad), "--store", str(target),
                         "--format", "json")
    assert code == 0
    assert json.loads(out)[0]["details"]["status"] == "already loaded"
    assert pew_rows(target) == [("JPN", 2019, 67.9), ("JPN", 2020, 41.6), ("JPN", 2021, 70.8)]


def test_load_rejects_the_wrong_file_with_exit_status_1(tmp_path: Path) -> None:
    wrong = write(tmp_path / "x.csv", "a,b\n1,2\n")
    code, _, err = run("datasets", "load", "unga", str(wrong), "--store",
                       str(tmp_path / "s.duckdb"))
    assert code == 1
    assert "rejected: x.csv: x.csv: missing required column(s) 'ccode'" in err


def test_load_errors_name_the_fix(tmp_path: Path) -> None:
    code, _, err = run("datasets", "load", "nonsense", str(tmp_path), "--store",
                       str(tmp_path / "s.duckdb"))
    assert code == 2 and "unknown data set 'nonsense'; known: atop" in err
    code, _, err = run("datasets", "load", "pew", str(tmp_path / "missing.csv"), "--store",
                       str(tmp_path / "s.duckdb"))
    assert code == 2 and "no such file or folder" in err
    code, _, err = run("datasets", "load", "all", str(tmp_path), "--store",
                       str(tmp_path / "s.duckdb"))
    assert code == 1 and "no file of a known data set" in err


def test_load_all_from_a_folder(tmp_path: Path) -> None:
    write(tmp_path / "data" / "opinion" / "pew-favorability-by-country-year.csv", PEW)
    code, out, _ = run("datasets", "load", "all", str(tmp_path / "data"), "--store",
                       str(tmp_path / "s.duckdb"), "--format", "csv", "--silent")
    assert code == 0
    assert out.splitlines()[1].startswith("pew,pew-favorability-by-country-year.csv,loaded,3")


def test_indicators_panel_formats(store: Path) -> None:
    """Bundled extracts suffice for a panel; json carries the sources, --long each value's."""
    code, out, err = run("indicators", "usa-jpn", "--from", "2019", "--to", "2021",
                         "--format", "json", "--store", str(store))
    assert code == 0
    doc = json.loads(out)
    assert doc["alliance"] == "USA-JPN" and [r["year"] for r in doc["rows"]] == [2019, 2020, 2021]
    assert doc["rows"][1]["pew_fav_usa_JPN"] == 41.6
    sources = {c["column"]: c for c in doc["columns"]}
    assert sources["us_troops_JPN"]["dataset"] == "troops"
    assert sources["us_troops_JPN"]["citation"].startswith("Allen, Flynn & Martinez Machain")
    code, out, _ = run("indicators", "JPN-USA", "--from", "2020", "--to", "2020", "--long",
                       "--format", "csv", "--store", str(store))
    assert code == 0
    header, *lines = out.splitlines()
    assert header == "indicator,subject,year,value,unit,dataset,source_ref,note"
    assert "pew_fav_usa,JPN,2020,41.6,percent,pew,pew-global-attitudes,n=1056" in lines
    code, out, err = run("indicators", "usa-kor", "--from", "2020", "--to", "2020",
                         "--store", str(store), "--lang", "de")
    assert code == 0 and "Indikatorenpanel USA-KOR" in out and "Quellen:" in err


def test_indicators_errors(store: Path) -> None:
    code, _, err = run("indicators", "usa-xyz", "--store", str(store))
    assert code == 2 and "unknown alliance" in err
    code, _, err = run("indicators", "usa-jpn", "--from", "2020", "--to", "2010",
                       "--store", str(store))
    assert code == 2 and "--to 2010 is before --from 2020" in err


def test_help_has_examples() -> None:
    for args in (["datasets", "list"], ["datasets", "load"], ["datasets", "fetch"],
                 ["indicators"]):
        code, out, _ = run(*args, "--help")
        assert code == 0 and "Example: alliance" in out, args


# --- fetch, against a local server ---------------------------------------------------------


def test_fetch_downloads_caches_and_loads(tmp_path: Path) -> None:
    body = PEW.encode()
    with file_server() as server:
        server.files["/pew.csv"] = body
        args = ["datasets", "fetch", "pew", "--url", server.url("/pew.csv"), "--store",
                str(tmp_path / "s.duckdb"), "--cache-dir", str(tmp_path / "cache"),
                "--sha256", hashlib.sha256(body).hexdigest()]
        code, out, err = run(*args)
        assert code == 0, err
        assert f"sha256 {hashlib.sha256(body).hexdigest()}" in err and "download" in err
        assert "loaded" in out
        code, _, err = run(*args)
        assert code == 0 and "cache" in err
        assert len(server.requests) == 1  # the second fetch did not touch the network
    assert (tmp_path / "cache" / "pew" / "pew.csv").read_bytes() == body
    assert pew_rows(tmp_path / "s.duckdb")[1] == ("JPN", 2020, 41.6)


def test_fetch_resumes_an_interrupted_download(tmp_path: Path) -> None:
    """The server drops the connection halfway; the part file stays, and the next fetch
    asks for the rest with a Range request and completes the file."""
    body = (PEW * 200).encode()
    with file_server() as server:
        server.files["/big.csv"] = body
        server.behaviour["/big.csv"] = "truncate"
        with pytest.raises(FetchError, match="run the fetch again to resume"):
            fetch(server.url("/big.csv"), tmp_path)
        part = tmp_path / "big.csv.part"
        assert 0 < part.stat().st_size < len(body)
        result = fetch(server.url("/big.csv"), tmp_path, sha256=hashlib.sha256(body).hexdigest())
        assert result.resumed and not result.from_cache
        assert server.requests[-1]["range"] == f"bytes={len(body) // 2}-"
    assert result.path.read_bytes() == body and not part.exists()
    meta = json.loads((tmp_path / "big.csv.json").read_text())
    assert meta["sha256"] == hashlib.sha256(body).hexdigest()


def test_fetch_restarts_when_the_server_ignores_range(tmp_path: Path) -> None:
    body = PEW.encode()
    (tmp_path / "pew.csv.part").write_bytes(b"garbage")
    with file_server() as server:
        server.files["/pew.csv"] = body
        server.behaviour["/pew.csv"] = "no-range"
        result = fetch(server.url("/pew.csv"), tmp_path)
    assert not result.resumed and result.path.read_bytes() == body


def test_fetch_a_complete_part_file(tmp_path: Path) -> None:
    """A part file that already holds everything: the server answers 416, the file is kept."""
    body = PEW.encode()
    (tmp_path / "pew.csv.part").write_bytes(body)
    with file_server() as server:
        server.files["/pew.csv"] = body
        result = fetch(server.url("/pew.csv"), tmp_path)
    assert result.path.read_bytes() == body


def test_fetch_checksum_mismatch_deletes_the_file(tmp_path: Path) -> None:
    with file_server() as server:
        server.files["/pew.csv"] = PEW.encode()
        code, _, err = run("datasets", "fetch", "pew", "--url", server.url("/pew.csv"),
                           "--sha256", "0" * 64, "--cache-dir", str(tmp_path / "c"),
                           "--store", str(tmp_path / "s.duckdb"), "--silent")
    assert code == 1 and "checksum mismatch" in err
    assert not list((tmp_path / "c" / "pew").iterdir())


def test_fetch_size_limit(tmp_path: Path) -> None:
    with file_server() as server:
        server.files["/pew.csv"] = PEW.encode()
        code, _, err = run("datasets", "fetch", "pew", "--url", server.url("/pew.csv"),
                           "--max-mb", "0.00001", "--cache-dir", str(tmp_path / "c"),
                           "--store", str(tmp_path / "s.duckdb"))
    assert code == 1 and "more than the limit" in err and "--max-mb" in err


def test_fetch_http_errors_and_timeouts(tmp_path: Path) -> None:
    with file_server() as server:
        server.files["/slow.csv"] = PEW.encode()
        server.behaviour["/slow.csv"] = "slow"
        with pytest.raises(FetchError, match="HTTP 404"):
            fetch(server.url("/missing.csv"), tmp_path)
        with pytest.raises(FetchError, match=r"no data for 0.5 s"):
            fetch(server.url("/slow.csv"), tmp_path, timeout=0.5)
    with pytest.raises(FetchError, match="not an http"):
        fetch("file:///etc/passwd", tmp_path)


def test_fetch_without_a_direct_link_says_where_to_go(tmp_path: Path) -> None:
    code, _, err = run("datasets", "fetch", "unga", "--store", str(tmp_path / "s.duckdb"))
    assert code == 1
    assert "no direct download" in err and "alliance datasets load unga PATH" in err


def test_fetch_only_download(tmp_path: Path) -> None:
    with file_server() as server:
        server.files["/pew.csv"] = PEW.encode()
        code, out, err = run("datasets", "fetch", "pew", "--url", server.url("/pew.csv"),
                             "--no-load", "--cache-dir", str(tmp_path / "c"),
                             "--store", str(tmp_path / "s.duckdb"))
    assert code == 0 and out == "" and "pew.csv" in err


# --- docs ----------------------------------------------------------------------------------


def test_docs_stay_in_sync_with_datasets_list(store: Path) -> None:
    """docs/data-sources.md has a section per data set in `datasets list`, with its citation
    and licence, no section for an unknown one, and the generated table as the registry makes
    it."""
    page = (ROOT / "docs" / "data-sources.md").read_text(encoding="utf-8")
    _, out, _ = run("datasets", "list", "--store", str(store), "--format", "json")
    rows = json.loads(out)
    sections = re.findall(r"^### `([a-z_]+)`$", page, flags=re.MULTILINE)
    assert sections == [r["name"] for r in rows]
    for row in rows:
        body = page.split(f"### `{row['name']}`", 1)[1].split("\n### ", 1)[0]
        assert f"**Citation.** {row['citation']}" in body, row["name"]
        assert f"**Licence.** {row['licence']}" in body, row["name"]
        for ind in REGISTRY[row["name"]].indicators:
            assert f"`{ind}`" in body, (row["name"], ind)
    block = page.split("<!-- BEGIN datasets", 1)[1].split("-->", 1)[1]
    block = block.split("<!-- END datasets -->", 1)[0].strip()
    assert block == datasets_markdown(), "regenerate the table with datasets_markdown()"


def test_cli_defaults_match_the_library() -> None:
    """The command line keeps its own copy of the timeout so it starts without httpx."""
    from alliance_monitor.commands import datasets as datasets_cli
    from alliance_monitor.datasets import fetch as fetch_module

    assert datasets_cli.DEFAULT_TIMEOUT == fetch_module.DEFAULT_TIMEOUT


def test_load_messages_in_german(tmp_path: Path) -> None:
    bad = write(tmp_path / "pew.csv", PEW + "Atlantis,2020,USA,1,1\n")
    code, _, err = run("datasets", "load", "pew", str(bad), "--store", str(tmp_path / "s.duckdb"),
                       "--lang", "de")
    assert code == 0
    assert "fehlerhafte Zeile: pew.csv:5: unknown surveyed country 'Atlantis'" in err


def test_a_store_locked_by_another_process(tmp_path: Path) -> None:
    """Another process holds the store: a clear message and exit status 1, no traceback."""
    import subprocess
    import sys

    target = tmp_path / "s.duckdb"
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
         "print('locked', flush=True); time.sleep(60)", str(target)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        code, _, err = run("datasets", "load", "pew", str(write(tmp_path / "pew.csv", PEW)),
                           "--store", str(target))
    finally:
        holder.kill()
        holder.wait(timeout=10)
        if holder.stdout is not None:
            holder.stdout.close()
    assert code == 1 and "is in use by process" in err
