"""Coder v8.6: a joint decision framing a cutback is not a second deed; a dashed parenthesis ends
the negation's reach; "the next meeting" is no deed; a person out of office does not act for the
state; a reading in brackets after a name is the same name. Sentences written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from alliance_monitor.coding import Coder
from support_coding import coded, signals


@pytest.fixture(scope="module")
def coder() -> Coder:
    return Coder()


def test_a_joint_decision_to_cut_back_is_the_cutback_only(coder: Coder) -> None:
    text = ("South Korea and the U.S. have decided to suspend the summer command post exercise "
            "amid efforts to denuclearize North Korea.")
    got = signals(coder, text, "en", dt.date(2018, 6, 19))
    assert ("USA-KOR", "contributions", -1) in got, got
    assert ("USA-KOR", "contributions", 1) not in got, got


def test_a_negation_inside_a_dashed_parenthesis_stays_there(coder: Coder) -> None:
    text = ("Leaders from Japan and South Korea — which are not members of the alliance — "
            "attended the NATO summit on Thursday.")
    got = coded(coder, text, "en", dt.date(2024, 7, 11))
    assert got and all(cat == "CONSULT" for _, _, cat in got), got


def test_the_next_meeting_is_no_deed_of_the_report(coder: Coder) -> None:
    text = ("한미 정상회담이 열렸다. "
            "시장은 다음 회의에서 Fed가 기준금리를 올릴 것으로 보고 있다.")
    doc = coder.code(text, doc="t", published=dt.date(2022, 8, 19), language="ko")
    assert not [e for e in doc.events if e.sentence == 1], doc.events


def test_a_former_president_does_not_act_for_the_state(coder: Coder) -> None:
    text = ("South Korea and the U.S. reached a deal on defence costs. Under the Trump "
            "administration, the two sides were close to raising the costs by 13 percent, but "
            "Trump rejected the proposal.")
    got = coded(coder, text, "en", dt.date(2021, 3, 8))
    assert ("USA", "KOR", "REJECT") not in got, got


def test_a_reading_after_a_name_keeps_a_list_of_three(coder: Coder) -> None:
    text = ("韓国の尹錫悦(ユン・ソクヨル)大統領、バイデン米大統領、日本の岸田文雄首相が"
            "会談してから1年となる18日、3カ国首脳は共同声明を出した。")
    got = signals(coder, text, "ja", dt.date(2024, 8, 18))
    assert got and {a for a, _, _ in got} == {"USA-JPN-KOR"}, got


@pytest.mark.parametrize(("text", "lang"), [
    ("Abe, who is in the United States for talks, condemned the missile test as intolerable.",
     "en"),
    ("Abe, der sich zu einem Besuch in den USA aufhält, verurteilte den Raketentest scharf.", "de"),
])
def test_condemning_a_missile_test_is_no_deed_towards_the_ally(coder: Coder, text: str,
                                                               lang: str) -> None:
    got = coded(coder, text, lang, dt.date(2017, 2, 12))
    assert not any(cat == "ACCUSE" and tgt == "USA" for _, tgt, cat in got), got


def test_allies_condemning_a_launch_together_stay_aligned(coder: Coder) -> None:
    text = "Japan and the United States jointly condemned the missile launch."
    got = signals(coder, text, "en", dt.date(2017, 2, 12))
    assert ("USA-JPN", "alignment", 1) in got, got


@pytest.mark.parametrize(("text", "lang"), [
    ("At a meeting in Lima with Japanese Prime Minister Shigeru Ishiba and South Korean "
     "President Yoon Suk Yeol, Biden said the partnership was built to last.", "en"),
    ("Bei einem Treffen in Lima mit dem japanischen Regierungschef Shigeru Ishiba und dem "
     "südkoreanischen Präsidenten Yoon Suk Yeol erklärte Biden, die Partnerschaft sei "
     "dauerhaft.", "de"),
])
def test_the_subject_after_an_opening_meeting_phrase_is_the_source(coder: Coder, text: str,
                                                                   lang: str) -> None:
    got = signals(coder, text, lang, dt.date(2024, 11, 15))
    assert ("USA-JPN-KOR", "political_support", 1) in got, got


def test_a_habit_is_no_deed(coder: Coder) -> None:
    text = "Japan's prime minister has attended every NATO summit since 2022."
    assert coded(coder, text, "en", dt.date(2025, 6, 23)) == set()


@pytest.mark.parametrize(("text", "lang"), [
    ("Japan recalled its ambassador to South Korea over the statue.", "en"),
    ("Die japanische Regierung hat Vergeltungsmaßnahmen gegen Südkorea beschlossen.", "de"),
])
def test_recalls_and_retaliatory_measures_are_sanctions(coder: Coder, text: str,
                                                        lang: str) -> None:
    assert ("JPN", "KOR", "SANCTION") in coded(coder, text, lang, dt.date(2017, 1, 6))


@pytest.mark.parametrize(("text", "lang"), [
    ("한미일 정상은 15일 리마에서 정상회의를 열고 공동성명을 채택했다. "
     "또 북한의 우크라이나 참전을 위한 러시아 파병을 강력히 규탄했다.", "ko"),
    ("日米韓首脳は15日、リマで会談し、共同声明を採択した。"
     "また北朝鮮のロシア派兵を強く非難した。", "ja"),
])
def test_allies_before_condemn_the_outsider_in_the_object(coder: Coder, text: str,
                                                          lang: str) -> None:
    got = signals(coder, text, lang, dt.date(2024, 11, 16))
    assert not any(d < 0 for _, _, d in got), got


def test_what_is_believed_to_have_been_discussed_is_no_deed(coder: Coder) -> None:
    text = ("李在明大統領は25日、ホワイトハウスでトランプ大統領と会談した。"
            "会談では在韓米軍の駐留経費負担の増額などが議論されたとみられる。")
    got = signals(coder, text, "ja", dt.date(2025, 8, 26))
    assert ("USA-KOR", "contributions", 1) not in got, got


def test_a_denied_charge_is_a_rejection(coder: Coder) -> None:
    text = "Die südkoreanische Marine hat am Freitag den Vorwurf von Japan bestritten."
    assert ("KOR", "JPN", "REJECT") in coded(coder, text, "de", dt.date(2018, 12, 21))


def test_declined_german_deterrence_words_name_the_topic(coder: Coder) -> None:
    text = ("Präsident Yoon Suk Yeol und US-Präsident Joe Biden haben sich am Mittwoch in "
            "Washington auf Maßnahmen zur erweiterten Abschreckung gegen Nordkorea geeinigt.")
    got = signals(coder, text, "de", dt.date(2023, 4, 26))
    assert ("USA-KOR", "contributions", 1) in got, got


def test_hosting_troops_is_no_visit_and_names_cost_sharing(coder: Coder) -> None:
    text = "U.S., Japan sign special agreement on cost of hosting U.S. forces in Japan"
    got = signals(coder, text, "en", dt.date(2022, 1, 7))
    assert got == {("USA-JPN", "contributions", 1)}, got


def test_stalled_talks_are_no_meeting(coder: Coder) -> None:
    text = "USFK begins indefinite furloughs for Korean employees over stalled cost-sharing talks"
    assert ("USA", "KOR", "CONSULT") not in coded(coder, text, "en", dt.date(2020, 4, 1))


def test_the_state_notified_is_the_addressee(coder: Coder) -> None:
    text = "South Korea officially notified Japan of its intent to end the military pact."
    assert ("KOR", "JPN", "SANCTION") in coded(coder, text, "en", dt.date(2019, 8, 23))
