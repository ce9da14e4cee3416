"""The coder on sentences written for these tests (DE, EN, KO, JA): actors, deeds, negation,
hedges, separable verbs, relative dates, time-bounded persons, signals and evidence spans."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from alliance_monitor.coding import Coder
from alliance_monitor.ingest.text import normalize, sentences
from alliance_monitor.model import PLOVER_CATEGORIES, Event


@pytest.fixture(scope="module")
def coder() -> Coder:
    return Coder()


def code(coder: Coder, text: str, day: str | None = "2025-06-26", lang: str | None = None):
    return coder.code(text, doc="t", published=dt.date.fromisoformat(day) if day else None,
                      language=lang).events


def triples(events) -> set[tuple[str, str, int]]:
    return {(s.alliance, s.criterion, s.direction) for e in events for s in e.event.signals}


def test_skipping_a_nato_summit_is_negative_for_nato_ip4(coder: Coder) -> None:
    events = code(coder, "Japan's prime minister will skip the NATO summit in The Hague, "
                         "the government said on Monday.", lang="en")
    assert [(e.event.source, e.event.target, e.event.category) for e in events] == \
        [("JPN", "NATO", "REJECT")]
    assert triples(events) == {("NATO-IP4", "political_support", -1)}
    assert events[0].event.date == dt.date(2025, 6, 23)  # "on Monday" before Thursday 26 June


def test_negated_attendance_is_a_rejection(coder: Coder) -> None:
    events = code(coder, "South Korea's president will not attend the NATO summit.", lang="en")
    assert events and events[0].event.category == "REJECT"
    assert triples(events) == {("NATO-IP4", "political_support", -1)}


@pytest.mark.parametrize("text,lang", [
    ("Japan may attend the NATO summit next week.", "en"),
    ("Japan erwägt, am NATO-Gipfel teilzunehmen.", "de"),
    ("일본 정부는 나토 정상회의 참석을 검토하고 있다.", "ko"),
    ("日本政府はNATO首脳会議への出席を検討している。", "ja"),
])
def test_hedged_deeds_are_not_done_deeds(coder: Coder, text: str, lang: str) -> None:
    assert [e for e in code(coder, text, lang=lang)
            if e.event.category == "CONSULT"] == []


def test_german_separable_verb(coder: Coder) -> None:
    events = code(coder, "Der japanische Premierminister sagte seine Teilnahme am NATO-Gipfel "
                         "am Dienstag kurzfristig ab.", lang="de")
    assert [(e.event.source, e.event.category) for e in events] == [("JPN", "REJECT")]
    assert events[0].event.date == dt.date(2025, 6, 24)


def test_korean_particles_and_dates(coder: Coder) -> None:
    events = code(coder, "한미 양국은 24일 연합훈련을 중단하기로 했다.", day="2025-06-26",
                  lang="ko")
    assert {(e.event.source, e.event.target) for e in events} <= {("KOR", "USA"), ("USA", "KOR"),
                                                                  ("USA", "PRK")}
    assert ("USA-KOR", "contributions", -1) in triples(events)
    assert events[0].event.date == dt.date(2025, 6, 24)


def test_japanese_cost_sharing_agreement(coder: Coder) -> None:
    events = code(coder, "日米両政府は在日米軍の駐留経費の負担について新たな特別協定で合意した。",
                  lang="ja")
    assert ("USA-JPN", "contributions", 1) in triples(events)


def test_persons_count_as_their_state_only_in_office(coder: Coder) -> None:
    text = "Trump met Kishida in Washington."
    in_office = code(coder, text, day="2017-02-10", lang="en")
    assert not in_office or {e.event.source for e in in_office} <= {"USA", "JPN"}
    out_of_office = code(coder, "Trump praised Japan.", day="2022-06-01", lang="en")
    assert out_of_office == []  # a former president is not his state
    obama = code(coder, "Obama praised Japan.", day="2015-04-28", lang="en")
    assert obama and obama[0].event.source == "USA"


def test_capital_as_metonym_and_as_place(coder: Coder) -> None:
    events = code(coder, "Tokyo criticised Seoul over the decision to end the intelligence pact.",
                  lang="en")
    assert events and (events[0].event.source, events[0].event.target) == ("JPN", "KOR")
    assert ("JPN-KOR", "alignment", -1) in triples(events)


def test_us_demand_on_cost_sharing(coder: Coder) -> None:
    events = code(coder, "Trump demanded that South Korea pay more for the upkeep of US troops.",
                  day="2019-11-20", lang="en")
    assert ("USA", "KOR", "REQUEST") in {(e.event.source, e.event.target, e.event.category)
                                         for e in events}
    assert ("USA-KOR", "political_support", -1) in triples(events)


def test_outsider_events_carry_no_alliance_signal(coder: Coder) -> None:
    events = code(coder, "China condemned North Korea's missile launch.", lang="en")
    assert triples(events) == set()


def test_output_follows_the_contract_and_evidence_points_into_the_text(coder: Coder) -> None:
    text = ("Überschrift ohne Ereignis\n\nDie USA und Japan einigten sich am Freitag darauf, "
            "gemeinsame Übungen auszuweiten. Danach passierte nichts.")
    events = code(coder, text, lang="de")
    assert events
    for c in events:
        e = c.event
        Event.model_validate(e.model_dump())
        assert e.category in PLOVER_CATEGORIES
        assert text[e.evidence.start:e.evidence.end] == e.evidence.text
        assert 0 <= e.confidence <= 1
        assert all(s.direction in (1, -1) for s in e.signals)
    assert ("USA-JPN", "contributions", 1) in triples(events)


def test_reference_date_from_a_text_header(coder: Coder) -> None:
    doc = coder.code("Bündnis-Nachrichten\n\nJun 26, 2025\n\nJapan sagte die Teilnahme am "
                     "NATO-Gipfel ab.", doc="t", language="de")
    assert doc.reference == dt.date(2025, 6, 26)
    assert doc.events[0].event.date == dt.date(2025, 6, 26)


def test_language_is_guessed_when_not_given(coder: Coder) -> None:
    assert coder.code("日本はNATO首脳会議を欠席した。", doc="t").language == "ja"
    assert coder.code("한국은 나토 정상회의에 불참했다.", doc="t").language == "ko"
    assert coder.code("Die Regierung sagte, dass sie nicht teilnimmt.", doc="t").language == "de"


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200))
def test_normal_form_keeps_length(text: str) -> None:
    assert len(normalize(text)) == len(text)


@given(st.text(alphabet="abc .!?。\n다日", max_size=300))
def test_sentence_spans_point_into_the_text(text: str) -> None:
    for s in sentences(text):
        assert text[s.start:s.end] == s.text
        assert s.text.strip() == s.text and s.text
