"""Coder v8.3: an "and" that joins two actors does not end the clause a date belongs to, so
"Am 8. Juli hatten die USA und Südkorea vereinbart" is dated 8 July (and, weeks before its
report, recalled background). Sentences written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from alliance_monitor.coding import Coder
from support_coding import signals


@pytest.fixture(scope="module")
def coder() -> Coder:
    return Coder()


@pytest.mark.parametrize(("text", "lang"), [
    ("Am 8. Juli hatten die USA und Südkorea vereinbart, THAAD in Südkorea zu stationieren.",
     "de"),
    ("On July 8 the United States and South Korea agreed to deploy THAAD in South Korea.", "en"),
])
def test_a_date_before_two_joined_actors_dates_their_deed(coder: Coder, text: str,
                                                           lang: str) -> None:
    doc = coder.code(text, doc="t", published=dt.date(2016, 9, 6), language=lang)
    assert doc.events == []  # dated 8 July: recalled, not the news of 6 September


def test_the_same_date_word_still_dates_a_new_deed(coder: Coder) -> None:
    text = "Am Montag haben die USA und Südkorea vereinbart, THAAD in Südkorea zu stationieren."
    doc = coder.code(text, doc="t", published=dt.date(2016, 9, 6), language="de")
    assert [e.event.date for e in doc.events] == [dt.date(2016, 9, 5)]


def test_and_between_clauses_still_breaks(coder: Coder) -> None:
    # the date belongs to the meeting named after "and", not to the agreement before it
    text = ("Japan and South Korea agreed on Friday to hold talks and will meet on 30 June "
            "in Tokyo.")
    doc = coder.code(text, doc="t", published=dt.date(2023, 6, 3), language="en")
    agree = [e for e in doc.events if e.event.category == "AGREE"]
    assert agree and agree[0].event.date == dt.date(2023, 6, 2)


@pytest.mark.parametrize(("text", "lang"), [
    ("Thousands of South Koreans rallied against the United States on Thursday.", "en"),
    ("South Korean protesters rallied against the US missile defence system on Thursday.", "en"),
    ("Tausende Südkoreaner demonstrierten am Donnerstag in Seoul gegen Japans "
     "Exportbeschränkungen.", "de"),
])
def test_street_protests_against_an_ally_lower_public_support(coder: Coder, text: str,
                                                              lang: str) -> None:
    doc = coder.code(text, doc="t", published=dt.date(2019, 8, 3), language=lang)
    signals = {(s.alliance, s.criterion, s.direction) for e in doc.events
               for s in e.event.signals if e.event.category == "PROTEST"}
    assert signals and all(c == "political_support" and d == -1 for _, c, d in signals)


@pytest.mark.parametrize(("text", "lang"), [
    ("시민 1만여명이 3일 서울 광화문에서 일본의 경제보복을 규탄하는 촛불집회를 열었다.", "ko"),
    ("韓国の市民団体は3日、ソウルの日本大使館前で抗議集会を開いた。", "ja"),
])
def test_a_rally_of_citizens_is_the_public_of_the_state_where_it_takes_place(
        coder: Coder, text: str, lang: str) -> None:
    doc = coder.code(text, doc="t", published=dt.date(2019, 8, 3), language=lang)
    assert [(e.event.source, e.event.target, e.event.category) for e in doc.events] == [
        ("KOR", "JPN", "PROTEST")]


def test_wanting_an_ally_to_act_is_a_demand(coder: Coder) -> None:
    doc = coder.code("Trump wants Japan to pay more for US troops, officials said on Friday.",
                     doc="t", published=dt.date(2019, 11, 16), language="en")
    assert [(e.event.source, e.event.target, e.event.category) for e in doc.events] == [
        ("USA", "JPN", "REQUEST")]
    # wanting to do something oneself is no demand
    doc = coder.code("Japan wants to strengthen its alliance with the United States.",
                     doc="t", published=dt.date(2019, 11, 16), language="en")
    assert all(e.event.category != "REQUEST" for e in doc.events)


@pytest.mark.parametrize(("text", "lang"), [
    ("In Südkorea sind zehntausende US-Soldaten stationiert.", "de"),
    ("Tens of thousands of US troops are deployed in South Korea.", "en"),
])
def test_a_force_level_in_words_is_a_state(coder: Coder, text: str, lang: str) -> None:
    doc = coder.code(text, doc="t", published=dt.date(2018, 3, 1), language=lang)
    assert doc.events == []


def test_a_deed_on_a_condition_is_not_done(coder: Coder) -> None:
    text = ("US Forces Korea gave its Korean employees notice of a furlough that will begin on "
            "April 1 absent an agreement.")
    doc = coder.code(text, doc="t", published=dt.date(2020, 3, 1), language="en")
    assert all(e.event.category != "AGREE" for e in doc.events)


@pytest.mark.parametrize(("text", "lang"), [
    ("US soldiers and South Korean troops participated in the Ulchi Freedom Guardian exercise "
     "on Monday.", "en"),
    ("An der Ulchi-Freedom-Guardian-Übung nahmen am Montag rund 17.500 US-Soldaten und "
     "südkoreanische Truppen teil.", "de"),
])
def test_taking_part_in_an_exercise_is_training_not_a_meeting(coder: Coder, text: str,
                                                              lang: str) -> None:
    doc = coder.code(text, doc="t", published=dt.date(2016, 8, 22), language=lang)
    cats = {e.event.category for e in doc.events}
    assert cats == {"COOPERATE"}


def test_striking_a_nerve_is_no_meeting(coder: Coder) -> None:
    doc = coder.code("Südkoreas Opposition traf mit ihren Forderungen an Japan einen Nerv.",
                     doc="t", published=dt.date(2025, 2, 22), language="de")
    assert all(e.event.category != "CONSULT" for e in doc.events)


@pytest.mark.parametrize(("text", "lang"), [
    ("日本、米国、韓国の3カ国の外相は16日、ドイツ・ボンで会談した。", "ja"),
    ("한국과 미국, 일본, 세 나라 정상이 한자리에서 만났습니다.", "ko"),
    ("Beamte der Außenministerien Japans, Südkoreas und der USA haben am Mittwoch ein "
     "trilaterales Treffen abgehalten.", "de"),
])
def test_three_allies_named_one_by_one_and_called_three_meet_as_the_trilateral(
        coder: Coder, text: str, lang: str) -> None:
    doc = coder.code(text, doc="t", published=dt.date(2017, 2, 16), language=lang)
    alliances = {s.alliance for e in doc.events for s in e.event.signals
                 if e.event.category == "CONSULT"}
    assert alliances == {"USA-JPN-KOR"}


@pytest.mark.parametrize("text", [
    "US-Präsident Trump ist am Mittwoch in Hamburg mit Japans Regierungschef Abe "
    "zusammengetroffen.",
    "Die Außenminister Japans und der USA kamen am Mittwoch in Tokio zusammen.",
])
def test_german_words_for_coming_together_are_meetings(coder: Coder, text: str) -> None:
    doc = coder.code(text, doc="t", published=dt.date(2017, 7, 6), language="de")
    assert [e.event.category for e in doc.events] == ["CONSULT"]


@pytest.mark.parametrize(("text", "lang"), [
    ("Japan and the United States agreed on Wednesday to strengthen their alliance.", "en"),
    ("Japan und die USA vereinbarten am Freitag, ihr Bündnis zu stärken.", "de"),
])
def test_strengthening_the_alliance_itself_is_political_support(coder: Coder, text: str,
                                                                 lang: str) -> None:
    assert signals(coder, text, lang, dt.date(2021, 4, 17)) == {
        ("USA-JPN", "political_support", 1)}


def test_a_korean_military_information_agreement_is_the_intelligence_pact(coder: Coder) -> None:
    assert ("JPN-KOR", "contributions", 1) in signals(coder, "한·일, 23일 군사정보협정 최종 서명",
                                                      "ko", dt.date(2016, 11, 23))


@pytest.mark.parametrize(("text", "lang"), [
    ("한국이 아시아 최초로 북대서양조약기구(NATO) 사이버방위센터에 정회원으로 가입했다.", "ko"),
    ("South Korea joined NATO's Cooperative Cyber Defence Centre of Excellence on Thursday.",
     "en"),
])
def test_joining_a_body_of_the_alliance_is_a_contribution(coder: Coder, text: str,
                                                          lang: str) -> None:
    assert signals(coder, text, lang, dt.date(2022, 5, 5)) == {("NATO-IP4", "contributions", 1)}


def test_joining_needs_an_alliance_topic(coder: Coder) -> None:
    doc = coder.code("South Korea joined the talks on climate finance on Thursday.", doc="t",
                     published=dt.date(2022, 5, 5), language="en")
    assert all(e.event.category != "COOPERATE" for e in doc.events)
