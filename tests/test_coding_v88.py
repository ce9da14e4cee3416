"""Coder v8.8: groups named back. "The three leaders" after the three allies were named anywhere
earlier in the report (and no other partner) are the three; "the leaders" after the three were
listed side by side are the three; a leader meeting the other Indo-Pacific partners, or a
Korean list of the four as subject, is the partners' meeting together (IP4 convention). Sentences
written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from alliance_monitor.coding import Coder
from support_coding import coded, signals


@pytest.fixture(scope="module")
def coder() -> Coder:
    return Coder()


def test_the_three_leaders_named_far_back_are_the_three_allies(coder: Coder) -> None:
    text = ("The president praised the prime minister of Japan and the president of South "
            "Korea on Friday for their courage. \"You have brought us here,\" the US leader told "
            "a press conference in the hills outside the capital, where he spoke at length about "
            "the history of the region, the war years and the long road that led the two "
            "neighbours of the United States to this weekend's meeting at the retreat. Hundreds "
            "of reporters had gathered in the nearby town. The three leaders also agreed on "
            "Friday to hold exercises every year.")
    got = signals(coder, text, "en", dt.date(2023, 8, 19))
    assert ("USA-JPN-KOR", "contributions", 1) in got, got


def test_the_three_need_no_fourth_partner_named_before(coder: Coder) -> None:
    text = ("Japan, Australia, South Korea and the United States met on Monday. Reporters "
            "waited outside for hours while the talks went on, and protesters gathered in the "
            "square in front of the hotel, where police had closed several streets to traffic "
            "for the whole day and most of the evening, as officials said later. The three "
            "nations agreed to hold more talks.")
    doc = coder.code(text, doc="t", published=dt.date(2024, 6, 2), language="en")
    agreed = [e.event for e in doc.events if e.event.category == "AGREE"]
    assert not any(s.alliance == "USA-JPN-KOR" for ev in agreed for s in ev.signals), agreed


def test_the_leaders_after_a_list_of_the_three_are_the_three(coder: Coder) -> None:
    text = ("The US, Japan and South Korea met on Friday. The leaders also agreed to share "
            "real-time data on North Korea.")
    got = signals(coder, text, "en", dt.date(2023, 8, 19))
    assert ("USA-JPN-KOR", "contributions", 1) in got, got
    assert not any(a in ("USA-JPN", "USA-KOR") for a, _, _ in got), got


@pytest.mark.parametrize("text", [
    "윤석열 대통령은 29일 호주·일본·뉴질랜드 정상과 약 45분간 정상회동을 했다.",
    "한국과 일본, 호주, 뉴질랜드 정상들이 29일 별도의 정상회담을 했다.",
])
def test_a_meeting_of_the_four_partners_is_one_ip4_meeting(coder: Coder, text: str) -> None:
    events = coded(coder, text, "ko", dt.date(2022, 6, 29))
    pairs = {frozenset({s, t}) for s, t, cat in events if cat == "CONSULT"}
    assert pairs == {frozenset({"JPN", "KOR"})}, events


@pytest.mark.parametrize(("text", "day"), [
    ("尹大統領は21日、岸田総理大臣、アメリカのバイデン大統領と3者で会談を行いました。",
     dt.date(2023, 5, 22)),
    ("韓国の鄭義溶外交部長官と米国のブリンケン国務長官、日本の茂木敏充外相が22日、外相会談を開き、"
     "北朝鮮問題を協議した。", dt.date(2021, 9, 23)),
])
def test_a_japanese_list_with_titles_is_one_list_of_the_three(coder: Coder, text: str,
                                                              day: dt.date) -> None:
    got = signals(coder, text, "ja", day)
    assert ("USA-JPN-KOR", "political_support", 1) in got, got
    assert not any(a in ("USA-JPN", "USA-KOR", "JPN-KOR") for a, _, _ in got), got


def test_a_topic_marker_before_a_comma_ends_the_list(coder: Coder) -> None:
    text = ("尹大統領は、日本が半導体材料3品目について対韓輸出規制を解除し、"
            "韓国政府が世界貿易機関への提訴を取り下げることに触れた。")
    events = coded(coder, text, "ja", dt.date(2023, 3, 16))
    assert any(s == "JPN" and cat == "CONCEDE" for s, _, cat in events), events


def test_wanting_to_stop_the_drills_is_the_cutback_not_a_pledge(coder: Coder) -> None:
    got = signals(coder, "Trump will die gemeinsamen Manöver mit Südkorea stoppen.", "de",
                  dt.date(2018, 6, 12))
    assert ("USA-KOR", "contributions", -1) in got, got
    assert ("USA-KOR", "contributions", 1) not in got, got


def test_wanting_to_deepen_cooperation_stays_a_pledge(coder: Coder) -> None:
    got = signals(coder, "Japan will die Zusammenarbeit mit Südkorea vertiefen.", "de",
                  dt.date(2023, 3, 16))
    assert got and all(d > 0 for _, _, d in got), got


def test_striking_a_partner_from_the_list_is_a_sanction(coder: Coder) -> None:
    text = ("Japan streicht Südkorea von seiner Liste der Länder mit bevorzugtem Handelsstatus, "
            "wie das japanische Kabinett am Freitag beschloss.")
    got = signals(coder, text, "de", dt.date(2019, 8, 2))
    assert ("JPN-KOR", "alignment", -1) in got, got
    assert ("JPN-KOR", "alignment", 1) not in got, got


def test_a_bare_surname_is_the_office_holder_of_the_day(coder: Coder) -> None:
    text = ("Austin, der am Vortag aus Japan eingetroffen war, traf am Mittwoch Südkoreas "
            "Präsidenten Moon Jae-in.")
    got = signals(coder, text, "de", dt.date(2021, 3, 17))
    assert ("USA-KOR", "political_support", 1) in got, got


def test_a_surname_inside_a_longer_name_is_someone_else(coder: Coder) -> None:
    from alliance_monitor.coding.gazetteer import default_gazetteer
    from alliance_monitor.ingest.text import normalize
    text = "Photo: Lee Jin-man/Pool. Seoul, 21 May."
    found = default_gazetteer().find(normalize(text), text, "en", dt.date(2025, 7, 1), [])
    assert not any(m.person for m in found), found


@pytest.mark.parametrize("text", [
    "Japan and the U.S. shared concerns on Tuesday about a Chinese law that lets its coast guard "
    "fire on foreign ships.",
    "Japan and the U.S. singled out China as a threat to the region in talks on Tuesday.",
])
def test_allies_sharing_a_concern_about_an_outsider_are_aligned(coder: Coder, text: str) -> None:
    got = signals(coder, text, "en", dt.date(2021, 3, 16))
    assert ("USA-JPN", "alignment", 1) in got, got
    assert not any(d < 0 for _, _, d in got), got


def test_they_after_a_meeting_of_two_agree_together(coder: Coder) -> None:
    text = ("Trump met Abe in Florida on Wednesday. They agreed that pressure on North Korea "
            "will continue until it gives up its nuclear weapons.")
    got = signals(coder, text, "en", dt.date(2018, 4, 19))
    assert ("USA-JPN", "alignment", 1) in got, got


def test_a_japanese_agreement_with_a_partner_is_not_about_the_topic(coder: Coder) -> None:
    text = ("安倍首相は6日、北朝鮮への対応について「圧力を最大限まで高めていくことでトランプ氏と"
            "完全に一致した」と述べた。")
    events = coded(coder, text, "ja", dt.date(2017, 11, 6))
    assert any({s, t} == {"JPN", "USA"} and cat == "AGREE" for s, t, cat in events), events


@pytest.mark.parametrize(("text", "lang", "day", "pair"), [
    ("윤 대통령은 13일 조 바이든 미국 대통령, 기시다 후미오 일본 총리와 3국 공동성명을 채택했다.",
     "ko", dt.date(2022, 11, 13), {"USA", "JPN"}),
    ("岸田首相は29日、韓国の尹錫悦大統領、オーストラリアのアルバニージー首相、ニュージーランド(NZ)の"
     "アーダーン首相と会談し、連携を進めることで一致した。", "ja", dt.date(2022, 6, 29),
     {"JPN", "KOR"}),
])
def test_a_joint_deed_with_listed_partners_is_the_groups(coder: Coder, text: str, lang: str,
                                                         day: dt.date, pair: set[str]) -> None:
    events = coded(coder, text, lang, day)
    agreed = [{s, t} for s, t, cat in events if cat == "AGREE"]
    assert agreed == [pair], events


def test_paying_a_sum_for_a_deployment_is_cost_sharing(coder: Coder) -> None:
    text = ("Trump on Friday called for South Korea to pay $1 billion for the missile shield's "
            "deployment.")
    got = signals(coder, text, "en", dt.date(2017, 4, 28))
    assert ("USA-KOR", "political_support", -1) in got, got
    assert ("USA-KOR", "alignment", -1) not in got, got


def test_a_fairer_share_of_the_costs_is_a_demand(coder: Coder) -> None:
    got = signals(coder, "Seoul müsse einen faireren Anteil der Kosten übernehmen, sagte Trump "
                  "am Dienstag.", "de", dt.date(2019, 12, 3))
    assert ("USA-KOR", "political_support", -1) in got, got


def test_a_meeting_joined_to_the_trilaterals_keeps_the_trilateral_signal(coder: Coder) -> None:
    text = ("The US, Japan and South Korea held talks in Washington on Friday. Officials of the "
            "US and Japan met in the same building on Friday.")
    got = signals(coder, text, "en", dt.date(2023, 8, 19))
    assert got == {("USA-JPN-KOR", "political_support", 1)}, got


@pytest.mark.parametrize(("text", "lang"), [
    ("李在明大統領が、24日から25日にかけてハーグで開かれる予定だったNATO首脳会議への出席を"
     "見送ることになりました。", "ja"),
    ("이재명 대통령은 24일 열리는 나토 정상회의에 불참하기로 했다.", "ko"),
])
def test_the_date_of_the_summit_skipped_does_not_date_the_skipping(coder: Coder, text: str,
                                                                   lang: str) -> None:
    doc = coder.code(text, doc="t", published=dt.date(2025, 6, 22), language=lang)
    got = [(e.event.date, e.event.category) for e in doc.events]
    assert (dt.date(2025, 6, 22), "REJECT") in got, got


def test_announcing_a_tariff_rate_is_a_sanction(coder: Coder) -> None:
    got = signals(coder, "Trump on Monday announced a 25 percent tariff on goods from South "
                  "Korea.", "en", dt.date(2025, 7, 7))
    assert ("USA-KOR", "alignment", -1) in got, got


@pytest.mark.parametrize("text", [
    "Japan und die USA waren sich am Freitag einig, dem Druck Chinas zu begegnen.",
    "Zudem stellten sich Japan und die USA am Montag demonstrativ hinter Taiwan.",
])
def test_german_joint_stands_are_agreements(coder: Coder, text: str) -> None:
    got = signals(coder, text, "de", dt.date(2022, 5, 23))
    assert ("USA-JPN", "alignment", 1) in got, got


def test_the_speaker_judges_what_he_calls_regrettable_in_a_that_clause(coder: Coder) -> None:
    text = ("Prime Minister Shigeru Ishiba said Tuesday that the US decision to impose a 25 "
            "percent tariff on Japan is \"truly regrettable\".")
    events = coded(coder, text, "en", dt.date(2025, 7, 8))
    assert ("JPN", "USA", "ACCUSE") in events, events


@pytest.mark.parametrize(("text", "lang"), [
    ("윤석열 대통령은 29일 호주·일본·뉴질랜드 정상과 약 45분간 정상회동을 했다.", "ko"),
    ("Kishida held talks with the leaders of South Korea, Australia and New Zealand in Madrid on "
     "Wednesday.", "en"),
])
def test_the_partners_meeting_together_signal_the_ip4(coder: Coder, text: str, lang: str) -> None:
    got = signals(coder, text, lang, dt.date(2022, 6, 29))
    assert got == {("NATO-IP4", "political_support", 1)}, got


def test_a_negated_relative_clause_on_a_summit_is_no_cancellation(coder: Coder) -> None:
    text = ("President Biden greeted South Korean President Yoon Suk Yeol and Japanese Prime "
            "Minister Fumio Kishida on Friday at the first trilateral summit among the three "
            "nations that did not take place on the sidelines of another meeting.")
    got = signals(coder, text, "en", dt.date(2023, 8, 19))
    assert not any(d < 0 for _, _, d in got), got


def test_a_summit_said_not_to_take_place_is_still_called_off(coder: Coder) -> None:
    got = signals(coder, "Tokyo said that the summit with South Korea did not take place on "
                  "Friday.", "en", dt.date(2019, 9, 1))
    assert any(d < 0 for _, _, d in got), got


@pytest.mark.parametrize(("text", "lang"), [
    ("일본 정부는 6일 부산 총영사관 직원의 한국 측 행사 참석도 보류하도록 했다.", "ko"),
    ("日本政府は6日、釜山総領事館職員の韓国側行事への出席も見合わせると発表した。", "ja"),
])
def test_withheld_attendance_is_no_meeting(coder: Coder, text: str, lang: str) -> None:
    got = signals(coder, text, lang, dt.date(2017, 1, 6))
    assert not any(d > 0 for _, _, d in got), got


def test_a_japanese_deferral_of_the_drills_is_a_cutback(coder: Coder) -> None:
    text = ("韓国国防省は19日、「韓米は8月に予定していた合同軍事演習の計画活動の猶予を決定した」"
            "と発表した。")
    got = signals(coder, text, "ja", dt.date(2018, 6, 19))
    assert ("USA-KOR", "contributions", -1) in got, got
    assert ("USA-KOR", "contributions", 1) not in got, got


def test_both_leaders_are_the_pair_not_the_trio_they_talk_about(coder: Coder) -> None:
    text = ("이 대통령과 다카이치 총리는 13일 나라에서 정상회담을 했다. 다카이치 총리는 "
            "한미일(일한미) 공조도 강하게 밀고 나가겠다고 했다. 양 정상은 한반도 비핵화 의지를 "
            "재확인하고, 한미일 3국의 긴밀한 공조에 뜻을 모았다.")
    got = signals(coder, text, "ko", dt.date(2026, 1, 13))
    assert ("JPN-KOR", "alignment", 1) in got, got
    assert not any(a == "USA-JPN-KOR" for a, _, _ in got), got


def test_both_sides_with_an_outsider_named_in_between_keep_the_outsider(coder: Coder) -> None:
    text = ("중국은 8일 성명에서 한미 양국은 중국의 반대에도 불구하고 사드를 배치하기로 했다고 "
            "비판했다.")
    events = coded(coder, text, "ko", dt.date(2016, 7, 8))
    assert not any({s, t} == {"KOR", "USA"} and cat == "REJECT" for s, t, cat in events), events


@pytest.mark.parametrize(("text", "lang"), [
    ("Biden and Suga on Friday jointly opposed any attempts to change the status quo by force in "
     "the East China Sea.", "en"),
    ("日米首脳は16日、力による一方的な現状変更の試みに反対することで一致した。", "ja"),
])
def test_opposing_a_harm_together_is_a_shared_stance(coder: Coder, text: str, lang: str) -> None:
    got = signals(coder, text, lang, dt.date(2021, 4, 17))
    assert ("USA-JPN", "alignment", 1) in got, got
    assert not any(d < 0 for _, _, d in got), got


def test_rejecting_a_partners_request_stays_a_rejection(coder: Coder) -> None:
    got = signals(coder, "Japan rejected South Korea's request on Friday.", "en",
                  dt.date(2021, 4, 17))
    assert ("JPN-KOR", "political_support", -1) in got, got


def test_all_three_named_before_a_joint_deed_act_together(coder: Coder) -> None:
    text = ("US-Präsident Joe Biden und die Staats- und Regierungschefs Südkoreas und Japans "
            "einigten sich am Freitag auf eine engere Zusammenarbeit.")
    got = signals(coder, text, "de", dt.date(2023, 8, 18))
    assert got == {("USA-JPN-KOR", "alignment", 1)}, got


def test_a_third_ally_named_after_the_deed_is_no_cosubject(coder: Coder) -> None:
    got = signals(coder, "Japan and South Korea agreed on Friday to cooperate more closely with "
                  "the United States.", "en", dt.date(2023, 8, 18))
    assert ("JPN-KOR", "alignment", 1) in got, got
