"""The `signals` assessment kind: coded news events (ingested, coded, stored by the pipeline)
and the event record feed an indicator in [-1, 1], with the deeds and their reports as evidence.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from alliance_monitor.app import App
from alliance_monitor.assess.kinds import KINDS, Context

DOCS = {
    "a.txt": "Seoul, 4 December 2024\n\nThe Pentagon postponed the meeting of the Nuclear "
             "Consultative Group with South Korea on Wednesday.\n",
    "b.txt": "Seoul, 5 December 2024\n\nThe United States postponed the Nuclear Consultative "
             "Group meeting with South Korea on Wednesday.\n",
    "c.txt": "Washington, 20 November 2024\n\nThe United States and South Korea agreed on "
             "Wednesday to expand their combined exercises.\n",
}


@pytest.fixture
def app(store_copy: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    for name, text in DOCS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    with App(store_copy) as application:
        application.ingest([str(tmp_path / n) for n in DOCS])
        yield application


def _ctx(app: App, at: dt.date, knowledge: str = "latest") -> Context:
    kb = app.knowledge
    return Context(snap=app.snapshot, alliance=kb.alliances["USA-KOR"], at=at,
                   knowledge=knowledge)  # type: ignore[arg-type]


def test_pipeline_codes_and_stores_news(app: App) -> None:
    news = [s for ss in app.snapshot.signals.values() for s in ss if s.origin == "news"]
    assert news, "ingest → code → store produced no news signals"
    assert all(s.known_from >= s.date for s in news)


def test_news_only_net_direction_with_evidence(app: App) -> None:
    obs = KINDS["signals"](_ctx(app, dt.date(2024, 12, 31)),
                           {"measure": "contributions", "window_days": 60,
                            "origins": ["news"]})
    assert obs.value is not None and -1 <= obs.value < 0  # two postponements, one agreement
    assert obs.evidence and all(e["origin"] == "news" for e in obs.evidence)
    assert obs.sources


def test_window_without_deeds_is_neutral(app: App) -> None:
    obs = KINDS["signals"](_ctx(app, dt.date(2024, 12, 31)),
                           {"measure": "contributions", "window_days": 5, "origins": ["news"]})
    assert obs.value == 0 and "neutral" in (obs.note or "")


def test_before_the_record_starts_there_is_no_data(app: App) -> None:
    obs = KINDS["signals"](_ctx(app, dt.date(2010, 1, 1)), {"measure": "alignment"})
    assert obs.value is None


def test_point_in_time_hides_deeds_reported_later(app: App) -> None:
    """A deed counts only once its earliest report is out (point-in-time knowledge)."""
    snap = app.snapshot
    late = [s for ss in snap.signals.values() for s in ss if s.known_from > s.date]
    if not late:
        pytest.skip("no deed in the record was reported after the day it happened")
    s = late[0]
    ctx = Context(snap=snap, alliance=app.knowledge.alliances[s.alliance], at=s.date,
                  knowledge="point_in_time")
    obs = KINDS["signals"](ctx, {"measure": s.measure, "window_days": 30})
    assert s.event not in {e["event"] for e in obs.evidence}
    ctx_latest = Context(snap=snap, alliance=ctx.alliance, at=s.date, knowledge="latest")
    obs = KINDS["signals"](ctx_latest, {"measure": s.measure, "window_days": 30})
    assert s.event in {e["event"] for e in obs.evidence}
