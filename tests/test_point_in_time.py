"""Point-in-time knowledge: an assessment as of D uses and cites only what was published by D;
``--knowledge latest`` may use later sources, and says so."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from alliance_monitor.app import App
from alliance_monitor.cli import app as cli

DATES = ["2017-06-30", "2019-09-01", "2021-05-01", "2024-12-10"]


def _sources(doc: dict) -> list[tuple[str, str, dict]]:
    out = []
    for group in ("criteria", "fears"):
        for block in doc[group].values():
            for ind in block["indicators"]:
                if ind["value"] is not None:
                    out += [(ind["id"], ind["as_of"] or "", s) for s in ind["sources"]]
    return out


@pytest.mark.parametrize("day", DATES)
def test_point_in_time_cites_nothing_published_later(built_store: Path, day: str) -> None:
    result = CliRunner().invoke(cli, ["assess", "--at", day, "--format", "json", "--store",
                                      str(built_store)])
    assert result.exit_code == 0, result.output
    for doc in json.loads(result.stdout):
        assert doc["knowledge"] == "point_in_time"
        for indicator, _, src in _sources(doc):
            assert src["published"] is None or src["published"] <= day, (doc["alliance"],
                                                                          indicator, src)
        for block in doc["criteria"].values():
            for ev in block["evidence"]:
                if ev.get("known_from"):
                    assert ev["known_from"] <= day, ev


def test_latest_knowledge_may_use_later_sources(built_store: Path) -> None:
    result = CliRunner().invoke(cli, ["assess", "usa-kor", "--at", "2019-09-01", "--format",
                                      "json", "--knowledge", "latest", "--store",
                                      str(built_store)])
    doc = json.loads(result.stdout)[0]
    assert doc["knowledge"] == "latest"
    assert any(s["published"] and s["published"] > "2019-09-01" for _, _, s in _sources(doc))


def test_deed_counts_from_its_first_report(built_store: Path) -> None:
    with App(built_store) as application:
        late = [e for e in application.knowledge.events.values() if e.known_from > e.date]
        if not late:
            pytest.skip("every deed in the record was reported on its day")
        ev = late[0]
        sig = ev.signals[0]
        [before] = application.assess([sig.alliance], ev.known_from - dt.timedelta(days=1))
        [after] = application.assess([sig.alliance], ev.known_from)
    block = {**before.criteria, **before.fears}[sig.measure]
    ids_before = {e.get("event") for e in block.evidence}
    block = {**after.criteria, **after.fears}[sig.measure]
    ids_after = {e.get("event") for e in block.evidence}
    assert ev.id not in ids_before and ev.id in ids_after


def test_beyond_the_horizon_warns(built_store: Path) -> None:
    result = CliRunner().invoke(cli, ["assess", "usa-jpn", "--at", "2099-01-01", "--store",
                                      str(built_store)])
    assert result.exit_code == 0
    assert "knowledge horizon" in result.stderr


def test_every_score_shows_input_age_and_horizon(app: App) -> None:
    [a] = app.assess(["usa-jpn"], dt.date(2025, 6, 30))
    assert a.knowledge_horizon is not None and a.newest_input is not None
    for block in [*a.criteria.values(), *a.fears.values()]:
        assert block.coverage is not None
        for ind in block.indicators:
            if ind.effective_weight:
                assert ind.as_of is not None and ind.age_days is not None
