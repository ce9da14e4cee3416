"""`alliance code`, `alliance events`, `alliance evaluate` through the CLI runner."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from alliance_monitor.cli import app
from alliance_monitor.model import Event
from conftest import shared_path

TEXT = ("Seoul, 5 December 2024\n\nThe Pentagon postponed the meeting of the Nuclear "
        "Consultative Group with South Korea on Wednesday. Blinken expressed deep concern about "
        "the martial law declaration in South Korea.\n")

GOLD = {"about": "test set written for the tests", "passages": [
    {"id": "t1", "language": "en", "published": "2024-12-05", "text": TEXT, "events": [
        {"date": "2024-12-04", "source": "USA", "target": "KOR", "category": "RETREAT",
         "alliance": "USA-KOR", "criterion": "contributions", "criterion_ok": ["contributions"],
         "direction": -1},
        {"date": "2024-12", "source": "USA", "target": "KOR", "category": "ACCUSE",
         "alliance": "USA-KOR", "criterion": "political_support",
         "criterion_ok": ["political_support"], "direction": -1}]},
    {"id": "t2", "language": "en", "published": "2024-12-05",
     "text": "The film won three prizes at the festival in Busan.", "events": []}]}


def test_code_jsonl_follows_the_contract(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    result = CliRunner().invoke(app, ["code", str(path), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert lines
    for obj in lines:
        assert set(obj) == {"doc", "date", "source", "target", "category", "mode", "quad",
                            "signals", "evidence", "confidence"}
        Event.model_validate(obj)
        assert obj["doc"] == str(path)
    signals = {(s["alliance"], s["criterion"], s["direction"]) for o in lines for s in o["signals"]}
    assert ("USA-KOR", "contributions", -1) in signals
    assert ("USA-KOR", "political_support", -1) in signals


def test_code_table_in_german_and_stdin() -> None:
    result = CliRunner().invoke(app, ["code", "-", "--format", "table", "--lang", "de"],
                                input=TEXT.encode("utf-8"))
    assert result.exit_code == 0, result.output
    assert "Akteur" in result.stdout and "USA" in result.stdout


def test_code_reports_bad_items(tmp_path: Path) -> None:
    (tmp_path / "e.txt").write_text("", encoding="utf-8")
    result = CliRunner().invoke(app, ["code", str(tmp_path / "e.txt")])
    assert result.exit_code == 0
    assert "empty" in result.stderr


def test_events_after_ingest(tmp_path: Path) -> None:
    runner = CliRunner()
    store = tmp_path / "s.duckdb"
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    assert runner.invoke(app, ["ingest", str(path), "--store", str(store), "--silent"]
                         ).exit_code == 0
    result = runner.invoke(app, ["events", "--store", str(store), "--format", "json",
                                 "--alliance", "us-kor"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows and all(r["evidence"] and "disputed" in r for r in rows)
    table = runner.invoke(app, ["events", "--store", str(store), "--lang", "de"])
    assert table.exit_code == 0 and "Umstritten" in table.stdout


def test_evaluate_a_labelled_file(tmp_path: Path) -> None:
    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps(GOLD), encoding="utf-8")
    result = CliRunner().invoke(app, ["evaluate", str(gold), "--format", "json", "--details"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    sig = doc["signals"]["en"]
    assert sig["gold"] == 2 and sig["found_gold"] == 2 and sig["precision"] == 1.0
    assert doc["events"]["en"]["gold"] == 2
    assert [p["id"] for p in doc["passages"]] == ["t1", "t2"]


def test_evaluate_errors_say_what_to_do(tmp_path: Path) -> None:
    runner = CliRunner()
    assert "give a labelled file" in runner.invoke(app, ["evaluate"]).stderr
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    result = runner.invoke(app, ["evaluate", str(bad)])
    assert result.exit_code == 2 and "cannot read labelled set" in result.stderr
    result = runner.invoke(app, ["evaluate", str(bad), "--subset", "third"])
    assert "unknown subset" in result.stderr


def test_code_the_seed_document() -> None:
    seed = shared_path("seeds", "000_7764285c8038fff4.txt")
    result = CliRunner().invoke(app, ["code", str(seed), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert any(e["source"] == "JPN" and e["category"] == "REJECT" for e in events)
