"""Finer coding rules on sentences written for these tests: announced deeds, temporal nouns that
look like deeds, explicit dates next to weekdays, visits named by a noun, governing verbs that
give way, background cues and dates resolved across a year boundary."""

from __future__ import annotations

import datetime as dt

import pytest

from alliance_monitor.coding import Coder
from alliance_monitor.ingest.dates import sentence_dates
from alliance_monitor.ingest.text import normalize


@pytest.fixture(scope="module")
def coder() -> Coder:
    return Coder()


def code(coder: Coder, text: str, lang: str, day: str = "2025-06-20"):
    return coder.code(text, doc="t", published=dt.date.fromisoformat(day), language=lang).events


def summary(events) -> list[tuple[str | None, str | None, str]]:
    return [(e.event.source, e.event.target, e.event.category) for e in events]


@pytest.mark.parametrize("text,lang", [
    ("Ishiba will attend the NATO summit in The Hague.", "en"),
    ("이재명 대통령은 나토 정상회의에 참석할 예정이다.", "ko"),
])
def test_a_meeting_announced_for_later_is_no_deed_yet(coder: Coder, text: str,
                                                      lang: str) -> None:
    """Coder v8.1: as the annotation conventions say, a plan is not coded; a decision to
    attend and an announced absence are."""
    assert code(coder, text, lang) == []


@pytest.mark.parametrize("text,lang,category", [
    ("石破首相はNATO首脳会議に出席する方針を固めた。", "ja", "CONSULT"),
    ("이재명 대통령은 나토 정상회의에 참석하지 않을 예정이다.", "ko", "REJECT"),
    ("石破首相はNATO首脳会議に出席しない方針を固めた。", "ja", "REJECT"),
])
def test_announced_deeds_are_coded_with_less_confidence(coder: Coder, text: str, lang: str,
                                                        category: str) -> None:
    events = code(coder, text, lang)
    assert [(e.event.target, e.event.category) for e in events] == [("NATO", category)]
    assert events[0].event.confidence < 0.85  # a plan, not yet a deed


@pytest.mark.parametrize("text,lang", [
    ("Das System soll spätestens Ende 2017 in Südkorea einsatzbereit sein.", "de"),
    ("The system is to be operational in South Korea by the end of 2017.", "en"),
])
def test_end_of_a_period_is_not_an_ending(coder: Coder, text: str, lang: str) -> None:
    assert [e for e in code(coder, text, lang) if e.event.category == "RETREAT"] == []


def test_explicit_date_governs_the_weekday_next_to_it() -> None:
    text = normalize("Blinken war am Montag, dem 6. Januar, in Seoul.")
    dates = sentence_dates(text, dt.date(2024, 12, 3))
    assert [d.date for d in dates] == [dt.date(2025, 1, 6)]  # the nearer 6 January


def test_a_visit_named_by_a_noun_goes_to_the_place_visited(coder: Coder) -> None:
    events = code(coder, "Der Besuch des amerikanischen Außenministers Antony Blinken in Seoul "
                         "am Montag galt der Allianz.", "de", day="2025-01-07")
    assert summary(events)[:1] == [("USA", "KOR", "CONSULT")]
    assert events[0].event.date == dt.date(2025, 1, 6)


def test_a_decision_not_to_travel_is_one_absence_per_state(coder: Coder) -> None:
    events = code(coder, "Auch die Premierminister Japans und Australiens haben beschlossen, "
                         "nicht zum NATO-Gipfel zu reisen.", "de")
    assert sorted(summary(events)) == [("AUS", "NATO", "REJECT"), ("JPN", "NATO", "REJECT")]


def test_german_pronoun_opening_a_verb_final_clause(coder: Coder) -> None:
    text = ("Der US-Präsident empfing Ishiba im Weißen Haus. Er habe sich mit Ishiba auf "
            "zusätzliche Zusammenarbeit verständigt, um der „chinesischen Aggression“ "
            "entgegenzuwirken.")
    agreed = [e for e in code(coder, text, "de") if e.event.category == "AGREE"]
    assert [{e.event.source, e.event.target} for e in agreed] == [{"USA", "JPN"}]  # not China


def test_long_standing_practice_is_background(coder: Coder) -> None:
    events = code(coder, "Die USA und Südkorea führen schon seit Jahrzehnten gemeinsame "
                         "Militärmanöver durch.", "de")
    assert events == []


def test_raising_investment_is_a_pledge_not_a_tariff(coder: Coder) -> None:
    text = ("Trump drohte Japan mit Zöllen. Der japanische Ministerpräsident kündigte an, sein "
            "Land werde seine Investitionen in den USA noch erhöhen.")
    cats = summary(code(coder, text, "de"))
    assert ("JPN", "USA", "SANCTION") not in cats
