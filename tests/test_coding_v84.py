"""Coder v8.4: a cutback beats the positive deed it frames or takes as object ("the decision to
suspend the drills", "hat die Stationierung ausgesetzt"); a refusal governs what the refused offer
contains; three allies listed side by side act as the trilateral; Swiss thousands separators and
the German noun "Stopp". Sentences written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from alliance_monitor.coding import Coder
from support_coding import signals


@pytest.fixture(scope="module")
def coder() -> Coder:
    return Coder()


@pytest.mark.parametrize(("text", "lang"), [
    ("미 국방부는 한미 연합 훈련 중단 결정이 트럼프 대통령의 약속과 일치한다고 밝혔다.", "ko"),
    ("Japan hat die Arbeiten für die Stationierung des Raketenabwehrsystems Aegis Ashore "
     "ausgesetzt.", "de"),
    ("防衛省は15日、陸上配備型迎撃ミサイルシステムの配備計画を停止した。", "ja"),
    ("Trump verkündete einen Stopp der gemeinsamen Militärmanöver mit Südkorea.", "de"),
])
def test_a_cutback_is_the_deed_not_what_it_cuts(coder: Coder, text: str, lang: str) -> None:
    got = signals(coder, text, lang, dt.date(2020, 6, 15))
    assert got and all(direction == -1 for _, criterion, direction in got
                       if criterion == "contributions"), got
    assert not any(d == 1 and c == "contributions" for _, c, d in got), got


def test_resuming_what_was_suspended_stays_positive(coder: Coder) -> None:
    got = signals(coder, "South Korea and the United States agreed to hold the joint drills "
                         "again this summer.", "en")
    assert ("USA-KOR", "contributions", -1) not in got


def test_the_content_of_a_refused_offer_is_not_done(coder: Coder) -> None:
    got = signals(coder, "Trump rejected Seoul's offer to increase its contribution by 13 "
                         "percent.", "en", dt.date(2019, 11, 20))
    assert ("USA-KOR", "contributions", 1) not in got
    assert ("USA-KOR", "political_support", -1) in got


@pytest.mark.parametrize(("text", "lang"), [
    ("한국·미국·일본은 12일 한국·일본 인근 해역에서 미사일 경보 훈련을 실시했다.", "ko"),
    ("Am Montag haben die USA mit ihren Verbündeten Südkorea und Japan ein gemeinsames "
     "Seemanöver zur Raketenabwehr abgehalten.", "de"),
    ("South Korea, the United States and Japan held a missile warning drill on Monday.", "en"),
])
def test_three_allies_listed_together_drill_as_the_trilateral(coder: Coder, text: str,
                                                              lang: str) -> None:
    assert signals(coder, text, lang) == {("USA-JPN-KOR", "contributions", 1)}


def test_two_allies_acting_on_the_third_stay_bilateral(coder: Coder) -> None:
    got = signals(coder, "Japan and the United States agreed on Monday to press South Korea "
                         "over the dispute.", "en")
    assert not any(a == "USA-JPN-KOR" for a, _, _ in got), got


@pytest.mark.parametrize("number", ["28’500", "28'500", "28.500", "28,500"])
def test_a_force_level_with_any_thousands_separator_is_a_state(coder: Coder,
                                                                number: str) -> None:
    text = f"Die USA haben etwa {number} Soldaten in Südkorea stationiert."
    assert signals(coder, text, "de") == set()


@pytest.mark.parametrize(("text", "lang"), [
    ("Japan, the United States and South Korea began real-time sharing of North Korean missile "
     "warning data on Tuesday.", "en"),
    ("Die USA, Japan und Südkorea haben am Dienstag ein System zum Austausch von "
     "Raketenwarndaten in Betrieb genommen.", "de"),
    ("한미일은 12일 북한 미사일 경보정보 실시간 공유체계를 가동했다.", "ko"),
    ("日米韓は12日、北朝鮮のミサイル警戒データを即時共有する仕組みの運用を開始した。", "ja"),
])
def test_the_three_putting_a_joint_mechanism_into_operation(coder: Coder, text: str,
                                                            lang: str) -> None:
    assert signals(coder, text, lang) == {("USA-JPN-KOR", "contributions", 1)}


@pytest.mark.parametrize(("text", "lang"), [
    ("합참은 12일 한미일 3국이 다영역 훈련을 실시했다고 밝혔다.", "ko"),
    ("日米韓3カ国は12日、共同訓練を開始した。", "ja"),
    ("US, Japanese and South Korean navies completed a ballistic missile tracking drill on "
     "Friday.", "en"),
    ("Drei US-Flugzeugträger übten am Montag mit japanischen und südkoreanischen "
     "Kriegsschiffen.", "de"),
])
def test_the_three_as_subject_train_as_the_trilateral(coder: Coder, text: str,
                                                      lang: str) -> None:
    assert signals(coder, text, lang) == {("USA-JPN-KOR", "contributions", 1)}


def test_a_trio_named_inside_a_bilateral_agreement_stays_bilateral(coder: Coder) -> None:
    got = signals(coder, "한미 정상은 12일 한미일 협력을 강화하기로 합의했다.", "ko")
    assert not any(a == "USA-JPN-KOR" for a, _, _ in got), got


def test_habitual_training_is_no_deed(coder: Coder) -> None:
    assert signals(coder, "Sie trainieren regelmäßig mit Verbündeten in der Region.", "de") \
        == set()


@pytest.mark.parametrize(("text", "lang", "day"), [
    ("Trump said on Monday that Japan is an ally at the strongest level.", "en",
     dt.date(2017, 2, 10)),
    ("Biden on Tuesday called the alliance with South Korea ironclad.", "en", None),
    ("Austin versicherte Südkorea am Montag die eiserne Unterstützung der USA.", "de", None),
    ("바이든 대통령은 12일 한국에 대한 철통같은 방위 공약을 강조했다.", "ko", None),
])
def test_reassurance_is_support(coder: Coder, text: str, lang: str,
                                day: dt.date | None) -> None:
    got = signals(coder, text, lang, day) if day else signals(coder, text, lang)
    assert any(c == "political_support" and d == 1 for _, c, d in got), got


def test_a_deed_between_two_mentions_of_one_state_keeps_them_apart(coder: Coder) -> None:
    # "Biden … the US": two mentions of the United States, not one that swallows the verb
    got = signals(coder, "Biden reaffirmed the US commitment to South Korea on Tuesday.", "en")
    assert got == {("USA-KOR", "political_support", 1)}


@pytest.mark.parametrize(("text", "lang"), [
    ("The decision was announced by Japan's defense minister on Monday before a meeting with "
     "the United States.", "en"),
    ("한국 정부는 12일 미국과의 정상회담을 앞두고 입장을 정리했다.", "ko"),
])
def test_a_meeting_that_only_dates_another_deed_is_no_meeting(coder: Coder, text: str,
                                                               lang: str) -> None:
    assert not any(c == "political_support" and d == 1
                   for _, c, d in signals(coder, text, lang)), text


@pytest.mark.parametrize("text", [
    "South Korea said on Friday that Japan will have to apologize for the flight.",
    "South Korea said on Friday that Japan has to apologize for the flight.",
])
def test_an_obligation_is_not_a_deed(coder: Coder, text: str) -> None:
    assert signals(coder, text, "en", dt.date(2019, 1, 5)) == set()


def test_an_apology_is_still_a_deed(coder: Coder) -> None:
    assert signals(coder, "Japan apologized to South Korea on Friday.", "en",
                   dt.date(2019, 1, 5)) == {("JPN-KOR", "alignment", 1)}


@pytest.mark.parametrize(("text", "lang"), [
    ("Japan verschärfte am Montag die Exportkontrollen gegen Südkorea.", "de"),
    ("Tokio kündigte am Montag strengere Ausfuhrregeln für Südkorea an.", "de"),
    ("Japan announced stricter rules for exports of three chemicals to South Korea on Monday.",
     "en"),
    ("일본 정부는 1일 한국에 대한 수출 규제를 강화한다고 발표했다.", "ko"),
    ("日本政府は1日、韓国への輸出管理を厳格化すると発表した。", "ja"),
])
def test_export_control_tightening_said_without_tighten_is_a_sanction(coder: Coder, text: str,
                                                                     lang: str) -> None:
    got = signals(coder, text, lang, dt.date(2019, 7, 1))
    assert got and all(d == -1 for _, _, d in got), got
    assert any(a == "JPN-KOR" for a, _, _ in got), got
