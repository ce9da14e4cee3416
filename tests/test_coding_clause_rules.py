"""Clause rules (coder v3, issue 10), on sentences written for these tests: a trigger that is not
the main predicate of its clause (participle modifier, English background relative clause),
German light-verb "treffen", plans and expectations scoped to the clause, treaty names, "doubles
as"; and one event per meeting in either direction."""

from __future__ import annotations

import datetime as dt

import pytest

from alliance_monitor.coding import Coder
from alliance_monitor.coding.clause_rules import SentenceAnalysis, Span, why_not
from support_coding import coded


@pytest.fixture(scope="module")
def coder() -> Coder:
    return Coder()


def reason(text: str, lang: str, word: str, deed: str, modal_ok: bool = False) -> str | None:
    i = text.index(word)
    return why_not(SentenceAnalysis(text, lang), Span(i, i + len(word), deed, modal_ok))


def test_participle_after_noun_is_no_deed(coder: Coder) -> None:
    text = "Leaders from Japan and South Korea attending the NATO summit have condemned Pyongyang."
    assert reason(text, "en", "attending", "attend") == "participle"
    assert not any(c == "CONSULT" for *_, c in coded(coder, text, "en"))
    assert ("JPN", "NATO", "CONSULT") in coded(
        coder, "Japan and South Korea attended the NATO summit in Vilnius.", "en")


@pytest.mark.parametrize("text", [
    "Japan und Südkorea trafen am Montag eine Entscheidung über die Lieferketten.",
    "Japan und Südkorea haben eine gemeinsame Entscheidung getroffen.",
])
def test_german_light_verb_treffen_is_no_meeting(coder: Coder, text: str) -> None:
    assert coded(coder, text, "de") == set()


def test_german_treffen_sich_is_a_meeting(coder: Coder) -> None:
    assert coded(coder, "Japan und Südkorea trafen sich am Montag in Seoul.", "de") == \
        {("JPN", "KOR", "CONSULT")}


def test_planned_support_is_not_done(coder: Coder) -> None:
    text = "Japans Regierungschef plant, bei dem Besuch die Unterstützung für Südkorea zu " \
        "bekräftigen."
    assert reason(text, "de", "bekräftigen", "support") == "plan"
    assert coded(coder, text, "de") == set()


@pytest.mark.parametrize("text,lang", [
    ("Japans Regierungschef bekräftigte die Unterstützung für Südkorea.", "de"),
    ("Japan's prime minister reaffirmed his support for South Korea.", "en"),
])
def test_done_support_stays(coder: Coder, text: str, lang: str) -> None:
    assert coded(coder, text, lang) == {("JPN", "KOR", "SUPPORT")}


def test_a_planned_demand_is_still_a_demand() -> None:
    text = "Washington plant, von Tokio mehr Geld zu fordern."
    assert reason(text, "de", "fordern", "demand", modal_ok=True) is None


def test_treaty_name_is_no_agreement(coder: Coder) -> None:
    text = ("Officials from Japan and South Korea discussed the General Security of Military "
            "Information Agreement on Monday.")
    assert reason(text, "en", "Agreement", "agree") == "name"
    assert not any(c == "AGREE" for *_, c in coded(coder, text, "en"))


def test_doubles_as_is_no_increase() -> None:
    text = "The base in Japan doubles as a logistics hub for the United States."
    assert reason(text, "en", "doubles", "increase") == "predicative"


def test_background_relative_clause_in_english(coder: Coder) -> None:
    text = "China criticised the shield, which the United States had deployed in South Korea."
    assert reason(text, "en", "deployed", "deploy") == "relative"
    assert ("USA", "KOR", "MOBILIZE") not in coded(coder, text, "en")


def test_german_relative_pronoun_after_comma_is_tagged() -> None:
    an = SentenceAnalysis("China kritisierte das System, das die USA stationiert haben.", "de")
    after_comma = [t for i, t in enumerate(an.toks) if i and an.toks[i - 1].text == ","]
    assert after_comma[0].text == "das" and after_comma[0].pos == "REL"


def test_one_meeting_in_both_directions(coder: Coder) -> None:
    text = ("Japans Premierminister traf sich am Montag mit dem südkoreanischen Präsidenten.\n"
            "Der südkoreanische Präsident empfing den japanischen Premierminister in Seoul.")
    events = coder.code(text, doc="t", published=dt.date(2024, 7, 16), language="de").events
    consult = [e for e in events if e.event.category == "CONSULT"]
    assert len(consult) == 1
    assert consult[0].event.date == dt.date(2024, 7, 15)


@pytest.mark.parametrize("text,lang,word,deed", [
    ("Er hoffe, dass die Zusammenarbeit zwischen Japan und Südkorea gestärkt werde.", "de",
     "gestärkt", "strengthen"),
    ("Seoul hoped that ties with Tokyo would be strengthened.", "en", "strengthened",
     "strengthen"),
])
def test_content_of_a_hope_is_not_done(text: str, lang: str, word: str, deed: str) -> None:
    assert reason(text, lang, word, deed) == "wish"


def test_entschieden_without_auxiliary_is_an_adverb() -> None:
    text = "Peking lehnt das System entschieden ab."
    assert reason(text, "de", "entschieden", "decide") == "adverb"
    text = "Die Regierung hat entschieden, das System zu stationieren."
    assert reason(text, "de", "entschieden", "decide") is None


def test_what_someone_is_pressed_to_do_is_not_done() -> None:
    text = "Der Premier stand unter Druck, sich gegen die Forderungen aus Washington zu behaupten."
    assert reason(text, "de", "sich gegen", "reject", modal_ok=True) == "pressure"
    text = "Seoul is under pressure to reject the demand."
    assert reason(text, "en", "reject", "reject", modal_ok=True) == "pressure"


def test_a_deed_noun_right_after_a_cause_preposition_is_background() -> None:
    text = "Seoul verwies auf die Lage nach US-Angriffen auf iranische Anlagen."
    assert reason(text, "de", "Angriffen", "assault") == "cause"
    # a deed noun with its own modifiers after "nach" is kept: it may be the news itself
    text = "Doch nach den kurzfristigen Absagen aus Seoul und Tokio platzte das Treffen."
    assert reason(text, "de", "Absagen", "skip") is None


def test_the_date_of_the_deeds_own_clause(coder: Coder) -> None:
    text = ("Japan and South Korea agreed on Monday to hold their next round of talks in "
            "Tokyo, which Seoul had proposed on Friday.")
    doc = coder.code(text, doc="t", published=dt.date(2024, 7, 17), language="en")
    agree = [e for e in doc.events if e.event.category == "AGREE"]
    assert agree and agree[0].event.date == dt.date(2024, 7, 15)


def test_a_date_of_another_clause_does_not_date_the_deed(coder: Coder) -> None:
    text = "Japan's prime minister cancelled his attendance at the NATO summit, which opens " \
        "on 24 June."
    doc = coder.code(text, doc="t", published=dt.date(2025, 6, 20), language="en")
    assert [(e.event.category, e.event.date) for e in doc.events] == \
        [("REJECT", dt.date(2025, 6, 20))]


def test_a_date_before_a_comma_dates_the_clause(coder: Coder) -> None:
    text = "日米両政府は16日、外務・防衛担当閣僚による安全保障協議委員会を東京都内で開いた。"
    doc = coder.code(text, doc="t", published=dt.date(2021, 3, 17), language="ja")
    assert [e.event.date for e in doc.events] == [dt.date(2021, 3, 16)]


@pytest.mark.parametrize("text,lang", [
    ("Japan and South Korea stepped up their contacts ahead of the summit in Seoul.", "en"),
    ("Japan kritisierte Südkorea im Vorfeld des Gipfels mit den USA.", "de"),
    ("윤 대통령은 한일 정상회담과 관련해 기자들의 질문에 답했다.", "ko"),
    ("岸田首相は日韓首脳会談を前に記者団の質問に答えた。", "ja"),
])
def test_a_meeting_named_as_topic_is_no_meeting(coder: Coder, text: str, lang: str) -> None:
    assert not any(c == "CONSULT" for *_, c in coded(coder, text, lang))


def test_content_of_an_expected_confirmation_is_not_done() -> None:
    text = ("Die Regierungen werden voraussichtlich bestätigen, dass sie die Zusammenarbeit "
            "mit der NATO ausbauen werden.")
    assert reason(text, "de", "Zusammenarbeit", "cooperate") == "wish"


@pytest.mark.parametrize("text,lang", [
    ("Any attack by North Korea on South Korea will meet an overwhelming response, the "
     "United States said.", "en"),
    ("미국은 북한의 한국에 대한 어떠한 핵 공격도 압도적 대응을 초래할 것이라고 밝혔다.", "ko"),
])
def test_any_attack_is_hypothetical(coder: Coder, text: str, lang: str) -> None:
    assert not any(c == "ASSAULT" for *_, c in coded(coder, text, lang))


def test_meet_with_an_abstract_object_is_no_meeting(coder: Coder) -> None:
    text = "Any provocation by North Korea will meet a swift response from South Korea."
    assert reason(text, "en", "meet", "meet") == "light_verb"
    assert not any(c == "CONSULT" for *_, c in coded(coder, text, "en"))
    assert reason("Japan met South Korea in Seoul.", "en", "met", "meet") is None
    # fulfilling (or refusing) demands is not a light verb: "would not meet the demands"
    assert reason("Seoul would not meet the demands.", "en", "meet", "meet") is None


def test_the_governing_clause_dates_its_content(coder: Coder) -> None:
    text = "Das US-Kommando hatte am Montag erklärt, dass die USA das System THAAD in " \
        "Südkorea stationiert haben."
    doc = coder.code(text, doc="t", published=dt.date(2017, 3, 8), language="de")
    assert [e.event.date for e in doc.events if e.event.category == "MOBILIZE"] == \
        [dt.date(2017, 3, 6)]


@pytest.mark.parametrize("text,lang", [
    ("The planned meeting between Japan and South Korea will not take place, officials said.",
     "en"),
    ("Das geplante Treffen zwischen Japan und Südkorea wird nicht stattfinden.", "de"),
    ("한일 정상회담은 열리지 않았다.", "ko"),
    ("日韓首脳会談は開かれなかった。", "ja"),
])
def test_a_meeting_that_will_not_take_place_is_a_collapse(coder: Coder, text: str,
                                                          lang: str) -> None:
    assert coded(coder, text, lang) in ({("JPN", "KOR", "REJECT")}, {("KOR", "JPN", "REJECT")})


def test_an_attack_condemned_is_the_object_not_a_second_deed() -> None:
    # every deed, also those with states outside the alliance system (coder v7 leaves them out)
    assert coded(Coder(system_only=False), "日本政府はロシアのウクライナ攻撃を非難した。",
                 "ja") == {("JPN", "RUS", "ACCUSE")}


def test_an_invasion_among_the_things_condemned_is_no_deed(coder: Coder) -> None:
    text = "한국 정부는 러시아의 우크라이나 침공과 북한의 무기 수출을 규탄했다."
    assert not any(c == "ASSAULT" for *_, c in coded(coder, text, "ko"))


def test_a_deed_told_again_as_a_definite_noun_is_one_deed(coder: Coder) -> None:
    text = ("Das geplante Treffen zwischen Japan und den IP4-Staaten ist geplatzt.\n"
            "Doch das Scheitern des Treffens zwischen den IP4-Staaten und der NATO wirft Fragen "
            "auf.")
    doc = coder.code(text, doc="t", published=dt.date(2025, 6, 26), language="de")
    assert len([e for e in doc.events if e.deed == "collapse"]) == 1
