"""Coder v7: aims are no deeds of their own in a report, and a report is coded for the alliance
system. Sentences written for these tests, in the four languages."""

from __future__ import annotations

import datetime as dt

import pytest

from alliance_monitor.coding import Coder
from support_coding import coded as triples


@pytest.fixture(scope="module")
def coder() -> Coder:
    return Coder()


@pytest.mark.parametrize(("text", "lang"), [
    ("Japan and the United States will strengthen their alliance.", "en"),
    ("Japan und die USA wollen ihr Bündnis weiter stärken.", "de"),
    ("한국과 미국은 동맹을 더욱 강화해 나갈 것이다.", "ko"),
    ("日米は同盟をさらに強化していく。", "ja"),
])
def test_an_aim_alone_is_no_cooperation_deed(coder: Coder, text: str, lang: str) -> None:
    assert not any(cat == "COOPERATE" for *_, cat in triples(coder, text, lang))


@pytest.mark.parametrize(("text", "lang"), [
    ("Japan and the United States agreed to strengthen their alliance.", "en"),
    ("Japan und die USA vereinbarten, ihr Bündnis zu stärken.", "de"),
])
def test_an_aim_agreed_is_an_agreement(coder: Coder, text: str, lang: str) -> None:
    assert {c for *_, c in triples(coder, text, lang)} == {"AGREE"}


def test_a_bare_sentence_keeps_every_deed(coder: Coder) -> None:
    """Without a report date (the PLOVER gold standard's bare sentences) nothing changes."""
    text = "Japan and the United States strengthened their missile defense cooperation."
    assert ("JPN", "USA", "COOPERATE") in triples(coder, text, "en", None) | {
        (b, a, c) for a, b, c in triples(coder, text, "en", None)}


@pytest.mark.parametrize(("text", "lang"), [
    ("North Korea launched two ballistic missiles toward Japan on Monday.", "en"),
    ("Japan condemned Russia for its attack on Ukraine.", "en"),
    ("Japan verurteilte Russland und Nordkorea.", "de"),
])
def test_a_deed_outside_the_alliance_system_is_context(coder: Coder, text: str,
                                                       lang: str) -> None:
    assert triples(coder, text, lang) == set()
    assert triples(Coder(system_only=False), text, lang)  # still found when asked for


def test_a_deed_between_allies_stays_without_a_signal(coder: Coder) -> None:
    text = "The United States urged Japan to deploy more missile defense batteries."
    assert triples(coder, text, "en") == {("USA", "JPN", "REQUEST")}


@pytest.mark.parametrize(("text", "lang"), [
    ("Im Jahr 2022 war Kishida der erste japanische Regierungschef, der an einem NATO-Gipfel "
     "teilnahm.", "de"),
    ("2022년 기시다 총리는 일본 총리로는 처음으로 나토 정상회의에 참석했다.", "ko"),
    ("2022年、岸田首相は日本の首相として初めてNATO首脳会議に出席した。", "ja"),
])
def test_a_sentence_opening_with_an_earlier_year_is_background(coder: Coder, text: str,
                                                               lang: str) -> None:
    assert triples(coder, text, lang, dt.date(2023, 7, 9)) == set()


def test_a_sentence_opening_with_a_full_date_is_news(coder: Coder) -> None:
    text = "2023年7月9日、岸田首相はNATO首脳会議に出席した。"
    assert triples(coder, text, "ja", dt.date(2023, 7, 9))
