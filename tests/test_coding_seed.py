"""The first source document (shared/seeds, German, 26 June 2025) must come out right."""

from __future__ import annotations

import datetime as dt

import pytest

from alliance_monitor.coding import code_items
from conftest import shared_path


@pytest.fixture(scope="module")
def seed_events() -> list:
    path = shared_path("seeds", "000_7764285c8038fff4.txt")
    result = code_items([str(path)])
    assert not result.bad
    return [e.event for e in result.events]


def _has(events: list, source: str, target: str | None, category: str,
         signal: tuple[str, str, int]) -> bool:
    return any(e.source == source and (target is None or e.target == target)
               and e.category == category
               and signal in {(s.alliance, s.criterion, s.direction) for s in e.signals}
               for e in events)


def test_leaders_cancel_their_summit_attendance(seed_events: list) -> None:
    for state in ("JPN", "KOR"):
        assert _has(seed_events, state, "NATO", "REJECT",
                    ("NATO-IP4", "political_support", -1)), state


def test_ip4_meeting_does_not_take_place(seed_events: list) -> None:
    assert any({e.source, e.target} == {"USA", "IP4"} and e.category == "REJECT"
               for e in seed_events)


def test_us_demands_on_defence_spending(seed_events: list) -> None:
    assert _has(seed_events, "USA", "JPN", "REQUEST", ("USA-JPN", "political_support", -1))
    assert _has(seed_events, "USA", "KOR", "REQUEST", ("USA-KOR", "political_support", -1))


def test_the_claimed_us_cancellation_is_coded_as_a_claim(seed_events: list) -> None:
    assert _has(seed_events, "USA", None, "REJECT", ("NATO-IP4", "political_support", -1))


def test_dates_and_evidence(seed_events: list) -> None:
    text = shared_path("seeds", "000_7764285c8038fff4.txt").read_text(encoding="utf-8")
    assert seed_events
    for e in seed_events:
        assert e.date is not None and (e.date.year, e.date.month) == (2025, 6)
        assert e.date <= dt.date(2025, 6, 26)
        assert text[e.evidence.start:e.evidence.end] == e.evidence.text
    negatives = [s for e in seed_events for s in e.signals if s.direction == -1]
    positives = [s for e in seed_events for s in e.signals if s.direction == 1]
    assert len(negatives) >= 5 and not positives


def test_one_event_per_deed(seed_events: list) -> None:
    """Issue 10: the two cancellations, the IP4 meeting that fell through, the US demands on
    Japan and on Korea, and the claimed US cancellation — each once, nothing else (no event for
    "under pressure to resist the demands", the strikes on Iran named as background, or "das
    Scheitern des Treffens" told again)."""
    assert sorted((e.source, e.target, e.category) for e in seed_events) == [
        ("JPN", "NATO", "REJECT"), ("KOR", "NATO", "REJECT"), ("USA", "IP4", "REJECT"),
        ("USA", "JPN", "REQUEST"), ("USA", "KOR", "REQUEST"), ("USA", "NATO", "REJECT")]
