"""The application core: one object, user knowledge as an overlay, plugins, errors, exit codes,
score series in one process, and the behaviours the core issue listed as broken."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from alliance_monitor import errors
from alliance_monitor.app import App, every_dates
from alliance_monitor.cli import app as cli

USER_KB = """
sources:
  - id: my-briefing-2025
    title: "Internal briefing: Korea's view of the alliance"
    publisher: My Institute
    published: 2025-02-01
    kind: report
    language: en
facts:
  - id: my.usa-kor.goal_convergence.2025
    subject: USA-KOR
    attribute: goal_convergence
    value: 0
    unit: level_0_4
    valid_from: 2025-01-20
    topic: coding
    source: {ref: my-briefing-2025, page: 3}
"""


def run(*args: str) -> object:
    return CliRunner().invoke(cli, list(args))


@pytest.fixture
def user_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "my-kb"
    folder.mkdir()
    (folder / "mine.yaml").write_text(USER_KB, encoding="utf-8")
    return folder


def test_user_knowledge_dir_enters_the_evidence(built_store: Path, user_dir: Path) -> None:
    with App(built_store) as base, App(built_store, kb_dirs=[user_dir]) as mine:
        [a] = base.assess(["usa-kor"], dt.date(2025, 6, 1))
        [b] = mine.assess(["usa-kor"], dt.date(2025, 6, 1))
    ind = next(i for i in b.criteria["alignment"].indicators if i.id == "goal_convergence")
    assert any(s["id"] == "my-briefing-2025" and s["user"] for s in ind.sources)
    facts = [e for e in b.criteria["alignment"].evidence if e.get("fact", "").startswith("my.")]
    assert facts and facts[0]["user"] is True
    assert b.criteria["alignment"].score < a.criteria["alignment"].score  # type: ignore[operator]


def test_user_knowledge_is_validated_like_the_bundled_files(built_store: Path,
                                                             tmp_path: Path) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "x.yaml").write_text(USER_KB.replace("my-briefing-2025, page", "nowhere, page"),
                                encoding="utf-8")
    with App(built_store, kb_dirs=[bad]) as application, \
            pytest.raises(errors.KnowledgeError, match="unknown source 'nowhere'"):
        _ = application.knowledge
    result = run("assess", "--kb-dir", str(bad), "--store", str(built_store))
    assert result.exit_code == 1 and "nowhere" in result.output  # type: ignore[attr-defined]


def test_user_knowledge_never_reaches_the_store(built_store: Path, user_dir: Path) -> None:
    with App(built_store, kb_dirs=[user_dir]) as mine:
        assert "my.usa-kor.goal_convergence.2025" in mine.knowledge.facts
    with App(built_store) as base:
        assert "my.usa-kor.goal_convergence.2025" not in base.knowledge.facts


def test_unknown_alliance_is_a_usage_error(app: App) -> None:
    with pytest.raises(errors.UnknownAlliance) as info:
        app.resolve(["atlantis"])
    assert isinstance(info.value, errors.UsageError) and info.value.exit_code == 2
    assert app.resolve(["jpn-usa", "US-KOR", "usa-jpn-kor"]) == ["USA-JPN", "USA-KOR",
                                                                 "USA-JPN-KOR"]


def test_every_error_derives_from_one_base() -> None:
    import inspect

    for name, obj in vars(errors).items():
        if inspect.isclass(obj) and issubclass(obj, Exception) and name != "AllianceError":
            assert issubclass(obj, errors.AllianceError), name


@pytest.mark.parametrize(("args", "code", "text"), [
    (["actors", "--kind", "robot"], 2, "robot"),
    (["facts", "--attribute", "nonexistent"], 2, "nonexistent"),
    (["facts", "--subject", "atlantis"], 2, "atlantis"),
    (["assess", "atlantis"], 2, "atlantis"),
    (["assess", "--from", "2020-01-01"], 2, "--to"),
    (["record", "--alliance", "usa-kor", "--since", "2030-01-01"], 1, "no events"),
])
def test_bad_requests_fail_with_a_reason(built_store: Path, args: list[str], code: int,
                                         text: str) -> None:
    result = run(*args, "--store", str(built_store))
    assert result.exit_code == code, result.output  # type: ignore[attr-defined]
    assert text in result.output  # type: ignore[attr-defined]


def test_ids_are_case_insensitive_everywhere(built_store: Path) -> None:
    lower = run("facts", "--subject", "jpn", "--format", "json", "--store", str(built_store))
    upper = run("facts", "--subject", "JPN", "--format", "json", "--store", str(built_store))
    assert lower.exit_code == 0 and json.loads(lower.stdout)  # type: ignore[attr-defined]
    assert lower.stdout == upper.stdout  # type: ignore[attr-defined]


def test_compare_uses_the_date(built_store: Path) -> None:
    now = run("compare", "--format", "json", "--store", str(built_store))
    old = run("compare", "--at", "2021-05-01", "--format", "json", "--store", str(built_store))
    assert now.exit_code == 0 and old.exit_code == 0  # type: ignore[attr-defined]
    assert json.loads(old.stdout)  # type: ignore[attr-defined]


def test_ingest_exits_1_when_every_item_failed(store_copy: Path, tmp_path: Path) -> None:
    result = run("ingest", str(tmp_path / "missing.txt"), "--store", str(store_copy))
    assert result.exit_code == 1, result.output  # type: ignore[attr-defined]


def test_score_series_in_one_process(app: App) -> None:
    days = every_dates(dt.date(2016, 1, 1), dt.date(2016, 12, 31), "quarter")
    assert days == [dt.date(2016, 3, 31), dt.date(2016, 6, 30), dt.date(2016, 9, 30),
                    dt.date(2016, 12, 31)]
    series = app.assess_series(["usa-kor"], dt.date(2016, 1, 1), dt.date(2016, 12, 31),
                               "quarter")
    single = app.assess(["usa-kor"], dt.date(2016, 9, 30))
    assert [a.as_of for a in series] == days
    assert series[2].criteria == single[0].criteria  # the same numbers as one date alone


def test_series_csv_has_numeric_columns(built_store: Path) -> None:
    result = run("assess", "usa-jpn", "--from", "2020-01", "--to", "2020-12", "--every",
                 "quarter", "--format", "csv", "--store", str(built_store))
    lines = result.stdout.splitlines()  # type: ignore[attr-defined]
    head = lines[0].split(",")
    assert "overall_score" in head and "overall_band" in head and len(lines) == 5
    row = dict(zip(head, lines[1].split(","), strict=False))
    float(row["overall_score"])


def test_a_broken_plugin_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from alliance_monitor import plugins

    plugins.manager.cache_clear()
    monkeypatch.setattr(plugins, "BUILTINS", (*plugins.BUILTINS, "alliance_monitor.nowhere"))
    try:
        with pytest.raises(errors.PluginError, match=r"alliance_monitor\.nowhere"):
            plugins.manager()
    finally:
        plugins.manager.cache_clear()


def test_up_to_date_store_is_detected_without_parsing(built_store: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from alliance_monitor import knowledge

    with App(built_store) as application:
        assert application.is_current()

        def boom(*_: object, **__: object) -> None:
            raise AssertionError("the knowledge files were parsed")

        monkeypatch.setattr(knowledge, "load", boom)
        assert application.build().changed is False


def test_version(built_store: Path) -> None:
    from alliance_monitor import __version__

    result = run("--version")
    assert result.exit_code == 0 and __version__ in result.output  # type: ignore[attr-defined]
