"""Every foundation command through the CLI runner: formats, languages, errors, aliases."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from alliance_monitor.cli import app

ALLIANCES = ["USA-JPN", "USA-KOR", "JPN-KOR", "USA-JPN-KOR", "NATO-IP4"]


def run(runner: CliRunner, store: Path, *args: str, code: int = 0) -> str:
    result = runner.invoke(app, [*args, "--store", str(store)])
    assert result.exit_code == code, result.output
    return result.stdout


def test_build_is_idempotent(runner: CliRunner, tmp_path: Path) -> None:
    store = tmp_path / "s.duckdb"
    first = runner.invoke(app, ["build", "--store", str(store)])
    second = runner.invoke(app, ["build", "--store", str(store)])
    assert first.exit_code == 0 and "Store updated" in first.output
    assert second.exit_code == 0 and "Store unchanged" in second.output


def test_assess_table_lists_all_five(runner: CliRunner, built_store: Path) -> None:
    out = run(runner, built_store, "assess", "--at", "2021-05-01")
    for alliance in ALLIANCES:
        assert alliance in out


def test_assess_json_and_aliases(runner: CliRunner, built_store: Path) -> None:
    out = run(runner, built_store, "assess", "us-jpn", "KOR-USA", "--at", "2021-05-01",
              "--format", "json")
    doc = json.loads(out)
    assert [d["alliance"] for d in doc] == ["USA-JPN", "USA-KOR"]
    assert doc[0]["as_of"] == "2021-05-01"


def test_assess_german_labels(runner: CliRunner, built_store: Path) -> None:
    out = run(runner, built_store, "assess", "usa-jpn", "--lang", "de", "--at", "2021-05-01")
    assert "Übereinstimmung" in out and "Bündnis" in out


@pytest.mark.parametrize("args", [["assess", "usa-chn"], ["facts", "--alliance", "xx"]])
def test_unknown_alliance_exits_2_with_choices(runner: CliRunner, built_store: Path,
                                               args: list[str]) -> None:
    result = runner.invoke(app, [*args, "--store", str(built_store)])
    assert result.exit_code == 2
    assert "unknown alliance" in result.output and "USA-JPN" in result.output


def test_bad_date_exits_2(runner: CliRunner, built_store: Path) -> None:
    result = runner.invoke(app, ["assess", "--at", "2021-13-45", "--store", str(built_store)])
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output


def test_bad_language_exits_2(runner: CliRunner, built_store: Path) -> None:
    result = runner.invoke(app, ["assess", "--lang", "fr", "--store", str(built_store)])
    assert result.exit_code == 2 and "'en', 'de'" in result.output


def test_custom_methodology_file(runner: CliRunner, built_store: Path, tmp_path: Path) -> None:
    """--methodology uses the user's file; a broken one is refused with the reason."""
    from alliance_monitor.assess.methodology import default_path

    text = default_path().read_text(encoding="utf-8").replace('version: "2.1.0"',
                                                              'version: "9.9-test"')
    mine = tmp_path / "mine.yaml"
    mine.write_text(text, encoding="utf-8")
    out = run(runner, built_store, "assess", "usa-kor", "--methodology", str(mine),
              "--format", "json")
    assert json.loads(out)[0]["methodology"]["version"] == "9.9-test"
    broken = tmp_path / "broken.yaml"
    broken.write_text(text.replace("high_from: 65", "high_from: 10"), encoding="utf-8")
    result = runner.invoke(app, ["assess", "--methodology", str(broken),
                                 "--store", str(built_store)])
    assert result.exit_code == 1 and "high_from" in result.output  # a data error


def test_compare_covers_three_countries_four_topics_two_languages(runner: CliRunner,
                                                                  built_store: Path) -> None:
    rows = json.loads(run(runner, built_store, "compare", "--format", "json"))
    cells = {(r["country"], r["topic"]) for r in rows}
    assert cells == {(c, t) for c in ("USA", "JPN", "KOR")
                     for t in ("regional_order", "china", "north_korea", "russia")}
    assert all(r["summary_en"] and r["summary_de"] for r in rows)
    german = run(runner, built_store, "compare", "--lang", "de")
    assert "Nordkorea" in german


def test_facts_all_sourced_and_hague_claim_contradicted(runner: CliRunner,
                                                        built_store: Path) -> None:
    rows = json.loads(run(runner, built_store, "facts", "--format", "json"))
    assert rows and all(r["source"] for r in rows)
    contradicted = [r for r in rows if r["status"] == "contradicted"]
    hague = [r for r in contradicted if "news-hague-2025" in json.dumps(r["source_ref"])]
    assert hague, "the seed's claim that the US delegation cancelled must be contradicted"
    assert all(r["contradicted_by"] for r in hague)


def test_facts_csv_and_filter(runner: CliRunner, built_store: Path) -> None:
    out = run(runner, built_store, "facts", "--alliance", "usa-kor", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows and {"id", "subject", "source"} <= set(rows[0])
    assert all(r["subject"] in {"USA-KOR", "USA", "KOR"} or "." in r["subject"]
               or r["subject"].islower() for r in rows)


def test_alliances_and_actors(runner: CliRunner, built_store: Path) -> None:
    out = json.loads(run(runner, built_store, "alliances", "--format", "json"))
    assert [a["id"] for a in out] == ALLIANCES
    people = json.loads(run(runner, built_store, "actors", "--kind", "person", "--at",
                            "2019-06-30", "--format", "json"))
    names = " ".join(p["name"] for p in people)
    assert "Trump" in names and "Biden" not in names
    md = run(runner, built_store, "alliances", "--format", "md", "--lang", "de")
    assert md.startswith("| Kennung | Name | Mitglieder |") and "Bündnis USA–Japan" in md


def test_every_command_has_help_with_example(runner: CliRunner) -> None:
    from alliance_monitor.docgen import command_paths

    for path in command_paths(app):
        result = runner.invoke(app, [*path, "--help"])
        assert result.exit_code == 0, path
        assert "Example:" in result.output, f"'alliance {' '.join(path)}' lacks an example"


def test_a_process_builds_only_the_command_it_runs() -> None:
    """`alliance assess …` builds only `assess`; the top-level help, a group and an unknown
    name keep what they need (the unknown name gets the full list in its usage error)."""
    import subprocess
    import sys

    code = ("import sys; from alliance_monitor import cli; "
            "cli._only_the_command_run(sys.argv[1:]); "
            "print(len(cli.app.registered_commands), len(cli.app.registered_groups))")

    def sizes(*args: str) -> tuple[int, int]:
        out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True,
                             text=True, check=True).stdout.split()
        return int(out[0]), int(out[1])

    everything = sizes("--help")
    assert everything[0] > 5 and everything[1] >= 1
    assert sizes("assess", "--at", "2021") == (1, 0)
    assert sizes("datasets", "list") == (0, 1)
    assert sizes("nosuch") == everything
