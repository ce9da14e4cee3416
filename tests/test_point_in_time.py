"""Point-in-time knowledge: an assessment as of D uses and cites only what was published by D;
``--knowledge latest`` may use later sources, and says so."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

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


def test_a_vintage_cites_what_was_published_by_its_date_and_no_later(built_store: Path) -> None:
    """`--known-by V`: the state on D as published by V. It may cite reports from after D
    (up to V), never after V, and it says which vintage it is."""
    day, vintage = "2019-07-01", "2021-06-30"
    result = CliRunner().invoke(cli, ["assess", "--at", day, "--known-by", vintage, "--format",
                                      "json", "--store", str(built_store)])
    assert result.exit_code == 0, result.output
    docs = json.loads(result.stdout)
    later = []
    for doc in docs:
        assert doc["known_by"] == vintage
        for indicator, _, src in _sources(doc):
            assert src["published"] is None or src["published"] <= vintage, (indicator, src)
            if src["published"] and src["published"] > day:
                later.append(indicator)
    assert later, "the study (May 2021) should now count for mid-2019"
    plain = json.loads(CliRunner().invoke(cli, ["assess", "--at", day, "--format", "json",
                                                "--store", str(built_store)]).stdout)
    assert all("known_by" not in d for d in plain)
    bad = CliRunner().invoke(cli, ["assess", "--from", "2019-01", "--to", "2019-12",
                                   "--known-by", vintage, "--store", str(built_store)])
    assert bad.exit_code == 2


def test_backtest_sees_both_ends_of_an_episode_with_one_vintage(app: App) -> None:
    """A report published during an episode about the state before it is not movement: the
    back-test assesses `before` with what was published by `after`."""
    from alliance_monitor.backtest import Episode, run

    ep = Episode(id="t", alliance="USA-JPN-KOR", measure="political_support",
                 before=dt.date(2023, 8, 10), after=dt.date(2023, 9, 30), expected=1)
    [out] = run(app, [ep])
    [seen_later] = app.assess(["USA-JPN-KOR"], ep.before, known_by=ep.after, aged_at=ep.after)
    assert out.before == seen_later.criteria["political_support"].score
    [then] = app.assess(["USA-JPN-KOR"], ep.before)
    assert then.known_by is None and seen_later.known_by == ep.after


def test_backtest_ages_both_ends_of_an_episode_on_its_end(app: App) -> None:
    """An old figure losing weight between the two dates is not movement: the earlier end is
    aged on the later date, so an input's effective weight is the same at both ends."""
    before, after = dt.date(2025, 10, 15), dt.date(2025, 12, 15)
    [plain] = app.assess(["USA-JPN"], before, known_by=after)
    [aged] = app.assess(["USA-JPN"], before, known_by=after, aged_at=after)
    [end] = app.assess(["USA-JPN"], after)

    def weights(a: Any) -> dict[str, float | None]:
        return {i.id: i.effective_weight for i in a.criteria["contributions"].indicators}
    moved = {k for k, v in weights(plain).items() if v != weights(end)[k]}
    assert moved, "some input of USA-JPN contributions ages between the two dates"
    assert all(weights(aged)[k] == weights(end)[k] for k in moved)
    assert [i.age_days for i in aged.criteria["contributions"].indicators] == \
        [i.age_days for i in plain.criteria["contributions"].indicators]  # the age shown is on D
