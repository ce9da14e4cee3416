"""Coder v4 (issue 10), on sentences written for these tests: co-subjects acting together towards
a third party are one deed; Korean and Japanese triggers checked against their clause."""

from __future__ import annotations

import pytest

from alliance_monitor.coding import Coder
from support_coding import coded


@pytest.fixture(scope="module")
def coder() -> Coder:
    return Coder()


@pytest.mark.parametrize(("text", "lang"), [
    ("Japan, South Korea, Australia and New Zealand attended the NATO summit on Wednesday.", "en"),
    ("Japan, Südkorea, Australien und Neuseeland nahmen am Mittwoch am NATO-Gipfel teil.", "de"),
])
def test_co_subjects_towards_a_third_party_are_one_deed(coder: Coder, text: str,
                                                        lang: str) -> None:
    events = coded(coder, text, lang)
    assert events == {("JPN", "NATO", "CONSULT")}


def test_absences_named_after_the_deed_stay_per_state(coder: Coder) -> None:
    text = "Die Absagen der Regierungschefs aus Südkorea und Japan zum NATO-Gipfel kamen spät."
    assert coded(coder, text, "de") == {("KOR", "NATO", "REJECT"), ("JPN", "NATO", "REJECT")}


@pytest.mark.parametrize(("text", "lang"), [
    ("북한이 도발하면 한미 양국은 대응할 것이다.", "ko"),
    ("일본이 회의에 참석하면 한국도 참석한다.", "ko"),
    ("중국이 대만을 공격할 경우 미국은 대응한다.", "ko"),
    ("北朝鮮が攻撃した場合、日米は共同で対処する。", "ja"),
    ("日本が会議に参加すれば、米国も参加する。", "ja"),
])
def test_a_condition_is_no_deed(text: str, lang: str) -> None:
    from alliance_monitor.coding.clause_rules import SentenceAnalysis, Span, cjk_not_done

    word = {"ko": ("도발", "참석", "공격"), "ja": ("攻撃", "参加")}[lang]
    w = next(x for x in word if x in text)
    i = text.index(w)
    assert cjk_not_done(SentenceAnalysis(text, lang), Span(i, i + len(w), "x")) == "condition"


def test_conditions_and_duties_are_not_coded(coder: Coder) -> None:
    assert coded(coder, "일본이 정상회의에 참석하면 한국도 참석을 검토한다.", "ko") == set()
    assert not coded(coder, "韓日両国は協力関係を強化しなければならないと述べた。", "ja")
    assert coded(coder, "韓日両国は協力関係を強化することで一致した。", "ja")


@pytest.mark.parametrize(("text", "lang", "event"), [
    ("한미 양국은 방위비 협정에 합의했으며 추가 조치는 검토 중이다.", "ko",
     ("KOR", "USA", "AGREE")),
    ("日米は共同声明で一致し、追加措置は検討中だ。", "ja", ("JPN", "USA", "AGREE")),
])
def test_a_hedge_in_the_next_clause_does_not_hedge(coder: Coder, text: str, lang: str,
                                                   event: tuple[str, str, str]) -> None:
    assert event in coded(coder, text, lang)


def test_a_hedge_in_the_own_clause_still_hedges(coder: Coder) -> None:
    assert coded(coder, "한국은 정상회의 참석을 검토하고 있다.", "ko") == set()


@pytest.mark.parametrize(("text", "lang", "expected"), [
    ("Japan condemned Russia and North Korea for their military cooperation.", "en",
     {("JPN", "RUS", "ACCUSE")}),
    ("Japan verurteilte Russland und Nordkorea.", "de", {("JPN", "RUS", "ACCUSE")}),
    ("The United States criticised Japan and South Korea over the trade dispute.", "en",
     {("USA", "JPN", "ACCUSE"), ("USA", "KOR", "ACCUSE")}),
])
def test_third_party_targets_once_allies_each(text: str, lang: str,
                                              expected: set[tuple[str, str, str]]) -> None:
    # every deed, also those with states outside the alliance system (coder v7 leaves them out)
    assert coded(Coder(system_only=False), text, lang) == expected
