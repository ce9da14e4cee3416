"""`alliance ingest` routes each item: event files to the GDELT/PLOVER importer, the rest to
the document ingester, also inside directories."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from alliance_monitor.cli import app
from conftest import shared_path


def test_directory_with_gdelt_file_and_article(runner: CliRunner, tmp_path: Path) -> None:
    sample = shared_path("data", "events", "gdelt2", "20191024143000.export.CSV")
    folder = tmp_path / "in"
    (folder / "deep").mkdir(parents=True)
    shutil.copy(sample, folder / "deep" / sample.name)
    (folder / "note.txt").write_text(
        "Seoul, 3 March 2024. South Korea and the United States agreed on Monday to resume "
        "their large combined field exercises, the defence ministry said.\n", encoding="utf-8")
    store = tmp_path / "s.duckdb"
    result = runner.invoke(app, ["ingest", str(folder), "--store", str(store), "--silent",
                                 "--format", "json"])
    assert result.exit_code == 0, result.output
    kinds = {r["kind"]: r for r in json.loads(result.output)}
    assert set(kinds) == {"documents", next(k for k in kinds if k != "documents")}
    assert kinds["documents"]["added"] == 1
    events_report = next(r for k, r in kinds.items() if k != "documents")
    assert events_report["added"] + events_report["unchanged"] >= 1
