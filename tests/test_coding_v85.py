"""Coder v8.5: the pair a report is about stays while both are named; "the three nations" after
three states named one by one; a trilateral exercise told per country is one deed of the three;
Korean visit words (방미) are no US–Korea compound; 韓日米 names the trilateral. Sentences written
for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from alliance_monitor.coding import Coder
from support_coding import coded, signals


@pytest.fixture(scope="module")
def coder() -> Coder:
    return Coder()


@pytest.mark.parametrize(("text", "lang", "day"), [
    ("Japanese Prime Minister Shigeru Ishiba and South Korean President Lee Jae-myung met in "
     "Tokyo on Saturday. \"Our cooperation with the United States matters more than ever,\" "
     "Ishiba said after the talks with Lee. The leaders agreed to resume shuttle diplomacy.",
     "en", dt.date(2025, 8, 23)),
    # a compound that only qualifies a noun is not the pair either (German)
    ("Südkoreas Präsident Lee Jae Myung und Japans Premierministerin Sanae Takaichi haben am "
     "Dienstag in Nara Gespräche geführt. Zudem unterstrichen sie die Bedeutung der "
     "koreanisch-US-amerikanisch-japanischen Zusammenarbeit. Des Weiteren verständigten sie sich "
     "darauf, bei der Bergung von Überresten zusammenzuarbeiten.", "de", dt.date(2026, 1, 13)),
])
def test_the_pair_of_the_report_stays_while_both_are_named(coder: Coder, text: str, lang: str,
                                                          day: dt.date) -> None:
    got = signals(coder, text, lang, day)
    assert not any(a == "USA-JPN" for a, _, _ in got), got
    assert any(a == "JPN-KOR" for a, _, _ in got), got


def test_the_three_nations_after_three_states_named_one_by_one(coder: Coder) -> None:
    text = ("South Korea, the United States and Japan agreed on Sunday to launch a new joint "
            "exercise. The three nations also agreed to set up a cooperation framework.")
    got = signals(coder, text, "en", dt.date(2024, 6, 2))
    assert got and {a for a, _, _ in got} == {"USA-JPN-KOR"}, got


def test_the_three_nations_need_exactly_three_states_before(coder: Coder) -> None:
    text = ("Japan, Australia, South Korea and the United States met on Monday. The three "
            "nations agreed to hold more talks.")
    doc = coder.code(text, doc="t", published=dt.date(2024, 6, 2), language="en")
    agreed = [e.event for e in doc.events if e.event.category == "AGREE"]
    assert not any(s.alliance == "USA-JPN-KOR" for ev in agreed for s in ev.signals), agreed


@pytest.mark.parametrize(("text", "lang"), [
    ("한미일 3국은 27일 제주 남방 공해상에서 첫 다영역 훈련을 시작했다. 훈련에 한국은 구축함과 "
     "전투기가 참가한다. 미국은 항공모함과 구축함이 참가한다.", "ko"),
    ("South Korea, the United States and Japan began their first multi-domain exercise on "
     "Thursday. South Korea and the United States took part with destroyers and fighter jets.",
     "en"),
])
def test_a_trilateral_exercise_told_per_country_is_one_deed(coder: Coder, text: str,
                                                            lang: str) -> None:
    got = signals(coder, text, lang, dt.date(2024, 6, 27))
    assert ("USA-JPN-KOR", "contributions", 1) in got, got
    assert not any(a in ("USA-KOR", "USA-JPN", "JPN-KOR") for a, _, _ in got), got


def test_a_bilateral_drill_without_a_trilateral_deed_stays_bilateral(coder: Coder) -> None:
    got = signals(coder, "South Korea and the United States held a joint drill on Monday.",
                  "en", dt.date(2024, 6, 27))
    assert ("USA-KOR", "contributions", 1) in got


def test_a_visit_word_is_no_us_korea_compound(coder: Coder) -> None:
    got = coded(coder, "트럼프 대통령은 10일 방미한 아베 총리와 백악관에서 정상회담을 했다.", "ko",
                dt.date(2017, 2, 10))
    assert got and all("KOR" not in (s, t) for s, t, _ in got), got


def test_korea_first_order_names_the_trilateral_in_japanese(coder: Coder) -> None:
    got = signals(coder, "韓日米防衛相会談が28日、東京で行われ、安全保障協力の覚書に署名しました。",
                  "ja", dt.date(2024, 7, 28))
    assert got and {a for a, _, _ in got} == {"USA-JPN-KOR"}, got


@pytest.mark.parametrize("text", [
    "Außenminister Park Jin traf am Dienstag Premierminister Fumio Kishida in Tokio.",
    "Außenminister Park Jin hat am Dienstagnachmittag Premierminister Fumio Kishida einen "
    "Höflichkeitsbesuch abgestattet.",
])
def test_a_german_date_phrase_does_not_govern_the_partner(coder: Coder, text: str) -> None:
    got = coded(coder, text, "de", dt.date(2022, 7, 19))
    assert any({s, t} == {"KOR", "JPN"} and c == "CONSULT" for s, t, c in got), got


def test_a_courtesy_call_is_a_visit_not_a_demand(coder: Coder) -> None:
    got = coded(coder, "South Korean Foreign Minister Park Jin paid a courtesy call on Japanese "
                       "Prime Minister Fumio Kishida on Tuesday.", "en", dt.date(2022, 7, 19))
    assert ("KOR", "JPN", "CONSULT") in got and not any(c == "REQUEST" for _, _, c in got), got


def test_a_german_infinitive_clause_holds_the_beneficiary(coder: Coder) -> None:
    got = coded(coder, "Präsident Joe Biden bekräftigte die Verpflichtung der USA, Japan zu "
                       "schützen.", "de", dt.date(2021, 4, 16))
    assert ("USA", "JPN", "SUPPORT") in got, got


@pytest.mark.parametrize(("text", "lang"), [
    ("Two US strategic bombers flew over South Korea on Tuesday in a show of force against "
     "North Korea.", "en"),
    ("미국 전략폭격기 2대가 13일 한국 상공에서 무력시위를 벌였다.", "ko"),
])
def test_a_show_of_force_with_strategic_bombers_is_a_contribution(coder: Coder, text: str,
                                                                  lang: str) -> None:
    assert ("USA-KOR", "contributions", 1) in signals(coder, text, lang, dt.date(2016, 9, 13))


def test_a_deed_of_a_week_ago_is_background(coder: Coder) -> None:
    got = coded(coder, "Erst vor einer Woche hatte Japan Südkorea von seiner Liste gestrichen.",
                "de", dt.date(2019, 8, 12))
    assert not got, got


def test_a_pledged_end_of_the_drills_is_the_cutback(coder: Coder) -> None:
    got = signals(coder, "Donald Trump hat das Ende der gemeinsamen Militärmanöver mit Südkorea "
                         "zugesagt.", "de", dt.date(2018, 6, 12))
    assert ("USA-KOR", "contributions", -1) in got and \
        ("USA-KOR", "contributions", 1) not in got, got


@pytest.mark.parametrize(("text", "lang"), [
    ("US President Joe Biden and the leaders of Japan and South Korea agreed on Friday to expand "
     "security ties.", "en"),
    ("US-Präsident Joe Biden und die Regierungschefs von Japan und Südkorea vereinbarten am "
     "Freitag eine engere Sicherheitskooperation.", "de"),
])
def test_one_leader_and_the_leaders_of_two_more_are_three(coder: Coder, text: str,
                                                         lang: str) -> None:
    got = signals(coder, text, lang, dt.date(2023, 8, 18))
    assert got and {a for a, _, _ in got} == {"USA-JPN-KOR"}, got


@pytest.mark.parametrize(("text", "lang"), [
    ("ジョー・バイデン米大統領、岸田文雄首相、尹大統領は18日に会談し、協力を深めることで合意した。",
     "ja"),
])
def test_three_leaders_listed_with_their_titles_are_the_trilateral(coder: Coder, text: str,
                                                                   lang: str) -> None:
    got = signals(coder, text, lang, dt.date(2024, 8, 18))
    assert got and {a for a, _, _ in got} == {"USA-JPN-KOR"}, got


def test_a_compound_that_qualifies_a_noun_does_not_become_the_reports_pair(coder: Coder) -> None:
    text = ("韓国の李在明大統領は23日午後、東京で石破茂首相と首脳会談を行った。その上で「韓日首脳は"
            "揺るぎない韓日、韓米日協力が何よりも重要だという認識を共有した」と述べた。李大統領は、"
            "両首脳が会談で非核化などさまざまな分野について協議したと説明した。")
    got = signals(coder, text, "ja", dt.date(2025, 8, 23))
    assert not any(a == "USA-KOR" for a, _, _ in got), got


def test_the_last_list_of_three_names_the_three_countries(coder: Coder) -> None:
    text = ("Südkorea, die USA und Japan wollen im Dezember ein System zu Nordkoreas Raketen in "
            "Betrieb nehmen. Die drei Länder hätten sich auf ein Warnsystem verständigt, teilte "
            "das Ministerium mit.")
    got = signals(coder, text, "de", dt.date(2023, 11, 13))
    assert got and {a for a, _, _ in got} == {"USA-JPN-KOR"}, got


@pytest.mark.parametrize(("text", "lang"), [
    ("Kishida said his government will uphold the 1998 declaration that called for a new "
     "partnership with South Korea.", "en"),
    ("Kishida bekräftigte die Erklärung von 1998, die eine neue Partnerschaft mit Südkorea "
     "forderte.", "de"),
])
def test_what_a_document_says_is_no_deed(coder: Coder, text: str, lang: str) -> None:
    got = coded(coder, text, lang, dt.date(2023, 3, 16))
    assert not any(c == "REQUEST" for _, _, c in got), got


def test_an_ambassador_named_by_post_is_his_state(coder: Coder) -> None:
    got = coded(coder, "일본 외무성은 8일 남관표 주일 대사를 초치했다.", "ko", dt.date(2021, 1, 8))
    assert ("JPN", "KOR", "ACCUSE") in got, got
