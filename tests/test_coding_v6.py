"""Coder v6: background by time, recalled deeds, tightened measures, suspended terminations,
force levels, places and lists, group deeds, captions, conditionals, carry-over of the news day.
Sentences written for these tests, in the four languages."""

from __future__ import annotations

import datetime as dt

import pytest

from alliance_monitor.coding import Coder
from alliance_monitor.ingest.dates import sentence_dates

DAY = dt.date(2024, 6, 20)


@pytest.fixture(scope="module")
def coder() -> Coder:
    return Coder()


def events(coder: Coder, text: str, lang: str, day: dt.date | None = DAY):
    return coder.code(text, doc="t", published=day, language=lang).events


def triples(coder: Coder, text: str, lang: str, day: dt.date | None = DAY):
    return {(e.event.source, e.event.target, e.event.category)
            for e in events(coder, text, lang, day)}


@pytest.mark.parametrize("text,lang", [
    ("South Korea postponed the pact with Japan in 2012 because of protests.", "en"),
    ("Südkorea hatte das Abkommen mit Japan damals verschoben.", "de"),
    ("Seit Jahren fordert Nordkorea von den USA ein Ende der Manöver.", "de"),
])
def test_a_clause_placed_in_an_earlier_time_is_background(coder: Coder, text: str,
                                                          lang: str) -> None:
    assert triples(coder, text, lang) == set()


def test_background_needs_a_report_date(coder: Coder) -> None:
    """A bare sentence (PLOVER's gold standard has no dates) is coded for every deed."""
    text = "South Korea postponed the pact with Japan in 2012 because of protests."
    assert triples(coder, text, "en", None)


def test_a_deed_dated_weeks_before_its_report_is_recalled(coder: Coder) -> None:
    assert triples(coder, "Japan and South Korea agreed on 2 May to resume talks.", "en") == set()
    assert triples(coder, "Japan and South Korea agreed on 18 June to resume talks.", "en")


def test_a_done_deed_is_not_dated_after_its_report(coder: Coder) -> None:
    """'the exercise in August' names the object's time; the stop is reported as done."""
    [e] = events(coder, "Die USA haben die Planungen für das Manöver mit Südkorea im August "
                        "gestoppt.", "de")
    assert e.event.date == DAY


def test_two_digit_years_and_day_before_month() -> None:
    [d] = sentence_dates("signed a pact on 23 nov 16 to share", dt.date(2016, 11, 23))
    assert d.date == dt.date(2016, 11, 23)
    [d] = sentence_dates("agreed on 2 may to resume talks", DAY)
    assert d.date == dt.date(2024, 5, 2)
    assert sentence_dates("25 percent tariffs", DAY) == []


@pytest.mark.parametrize("text,lang", [
    ("Japan tightened export controls on South Korea on Monday.", "en"),
    ("Japan verschärfte am Montag die Exportkontrollen gegen Südkorea.", "de"),
    ("일본 정부는 한국에 대한 수출 규제를 강화한다.", "ko"),
    ("日本政府は韓国への輸出管理を強化した。", "ja"),
])
def test_a_tightened_measure_is_a_sanction(coder: Coder, text: str, lang: str) -> None:
    assert triples(coder, text, lang) == {("JPN", "KOR", "SANCTION")}


@pytest.mark.parametrize("text,lang", [
    ("South Korea decided on Friday to suspend the termination of its military pact with "
     "Japan.", "en"),
    ("한국 정부는 일본과의 지소미아 종료를 유예했다.", "ko"),
    ("韓国政府は日本とのGSOMIAの終了を延期した。", "ja"),
])
def test_a_suspended_termination_is_a_concession(coder: Coder, text: str, lang: str) -> None:
    assert {c for _, _, c in triples(coder, text, lang)} == {"CONCEDE"}


@pytest.mark.parametrize("text,lang", [
    ("Die USA haben etwa 28.500 Soldaten in Südkorea stationiert.", "de"),
    ("The United States keeps 28,500 troops deployed in South Korea.", "en"),
])
def test_a_standing_force_level_is_no_deployment(coder: Coder, text: str, lang: str) -> None:
    assert triples(coder, text, lang) == set()


def test_additional_troops_are_a_deployment(coder: Coder) -> None:
    assert triples(coder, "The United States deployed 1,000 additional troops to South Korea "
                          "on Tuesday.", "en")


def test_a_country_after_a_city_is_a_place(coder: Coder) -> None:
    out = triples(coder, "Yoon Suk-yeol and Fumio Kishida met on Wednesday in Phnom Penh, "
                         "Cambodia.", "en")
    assert out and not any("KHM" in t for t in out)


def test_the_allies_met_is_one_trilateral_deed(coder: Coder) -> None:
    out = triples(coder, "South Korean President Yoon Suk-yeol met with US President Joe Biden "
                         "and Japanese Prime Minister Fumio Kishida on Wednesday.", "en")
    assert out == {("USA", "JPN", "CONSULT")}


def test_a_list_of_participants_has_no_dyad(coder: Coder) -> None:
    assert triples(coder, "Auch Streitkräfte aus Australien, Kanada, Kolumbien, Dänemark, "
                          "den Niederlanden und Großbritannien nahmen teil.", "de") == set()


def test_the_three_countries_name_the_trio(coder: Coder) -> None:
    text = ("한미일 정상이 19일 회담을 가졌다. 3국 정상은 사무국 설치에 합의했다.")
    assert ("USA", "JPN", "AGREE") in triples(coder, text, "ko")


@pytest.mark.parametrize("text,lang", [
    ("Video: Japan und Südkorea feiern den Gipfel", "de"),
    ("Foto: Japan und Südkorea unterzeichnen das Abkommen", "de"),
    ("会議で発言するトランプ米大統領(c)Reuters", "ja"),
])
def test_captions_are_no_news(coder: Coder, text: str, lang: str) -> None:
    assert triples(coder, text, lang) == set()


def test_a_deed_noun_under_a_conditional_is_hypothetical(coder: Coder) -> None:
    assert not any(c == "MOBILIZE" for _, _, c in triples(
        coder, "The leaders said a nuclear test by North Korea would be met with a strong "
               "response.", "en"))


def test_warning_data_is_no_threat(coder: Coder) -> None:
    out = triples(coder, "South Korea, the US and Japan agreed on Wednesday to share missile "
                         "warning data in real time.", "en")
    assert not any(c == "THREATEN" for _, _, c in out)


def test_body_deeds_take_the_day_of_the_occasion(coder: Coder) -> None:
    text = ("윤석열 대통령은 15일 페루에서 한미일 정상회의를 가졌다. "
            "3국 정상은 사무국 설치에 합의했다.")
    out = events(coder, text, "ko", dt.date(2024, 6, 19))
    assert out and all(e.event.date == dt.date(2024, 6, 15) for e in out)


def test_ip4_meeting_nato_follows_the_group_convention(coder: Coder) -> None:
    out = events(coder, "The IP4 leaders met NATO Secretary General Jens Stoltenberg on "
                        "Wednesday.", "en")
    assert {(e.event.source, e.event.target) for e in out} == {("JPN", "KOR")}
    assert any(s.alliance == "NATO-IP4" for e in out for s in e.event.signals)


def test_events_below_the_least_confidence_are_not_emitted() -> None:
    """Deeds resting on too little (actors from an earlier sentence, no target and no signal,
    only reported) stay out by default; ``min_confidence=0`` shows them."""
    import json

    from alliance_monitor.coding.coder import MIN_CONFIDENCE
    from conftest import shared_path

    passages = json.loads(shared_path("eval", "news-dev.json").read_text(encoding="utf-8"))
    default, everything = Coder(system_only=False), Coder(min_confidence=0, system_only=False)
    kept = shown = 0
    for p in passages["passages"][:36]:
        day = dt.date.fromisoformat(p["published"])
        a = default.code(p["text"], doc=p["id"], published=day, language=p["language"]).events
        b = everything.code(p["text"], doc=p["id"], published=day, language=p["language"]).events
        assert all(e.event.confidence >= MIN_CONFIDENCE for e in a)
        kept, shown = kept + len(a), shown + len(b)
    assert shown > kept
