"""Coder v8: a deed noun that only names the basis of a statement or dates it is no new deed;
a summoned ambassador is a protest whatever stands between verb and title; more names for the
intelligence-sharing pact. Sentences written for these tests, in the four languages."""

from __future__ import annotations

import pytest

from alliance_monitor.coding import Coder
from support_coding import coded as triples


@pytest.fixture(scope="module")
def coder() -> Coder:
    return Coder()


@pytest.mark.parametrize(("text", "lang"), [
    ("Japan said the issue had been settled under the 2015 agreement with South Korea.", "en"),
    ("Japan erklärte, gemäß der Vereinbarung mit Südkorea von 2015 sei die Frage erledigt.",
     "de"),
    ("일본 정부는 2015년 한국과의 합의에 따라 문제가 해결됐다고 강조했다.", "ko"),
    ("日本政府は、2015年の韓国との合意により問題は解決済みだと強調した。", "ja"),
])
def test_an_agreement_named_as_basis_is_no_new_agreement(coder: Coder, text: str,
                                                         lang: str) -> None:
    assert not any(cat == "AGREE" for *_, cat in triples(coder, text, lang))


@pytest.mark.parametrize(("text", "lang"), [
    ("中谷防衛相は1日、ヘグセス米国防長官と会談した。"
     "中谷氏は会談後、記者団に対し、協力が必要だと強調した。", "ja"),
    ("Japan and the US held talks on Monday. After the talks, Kishida told reporters that "
     "the alliance was strong.", "en"),
])
def test_after_the_talks_dates_a_statement_and_is_no_second_meeting(coder: Coder, text: str,
                                                                  lang: str) -> None:
    doc = coder.code(text, doc="t", published=None, language=lang)
    meetings = [e for e in doc.events if e.event.category == "CONSULT"]
    assert len(meetings) == 1 and meetings[0].event.evidence.start == 0


def test_a_cancellation_told_with_after_is_still_a_deed(coder: Coder) -> None:
    text = ("Nach den kurzfristigen Absagen der Regierungschefs aus Südkorea und Japan platzte "
            "das geplante Treffen mit der Nato.")
    assert any(cat == "REJECT" for *_, cat in triples(coder, text, "de"))


def test_a_summoned_ambassador_with_a_name_is_a_protest(coder: Coder) -> None:
    text = ("South Korea protested on Tuesday, summoning Mr Koichi Aiboshi, Tokyo's ambassador "
            "in Seoul.")
    assert ("KOR", "JPN", "ACCUSE") in triples(coder, text, "en")


@pytest.mark.parametrize(("text", "lang"), [
    ("South Korea and Japan signed an intelligence-sharing pact on North Korea on Wednesday.",
     "en"),
    ("한국과 일본은 23일 군사비밀정보보호협정에 서명했다.", "ko"),
    ("日韓両政府は23日、軍事機密の保護協定に署名した。", "ja"),
])
def test_the_intelligence_pact_is_a_contribution(coder: Coder, text: str, lang: str) -> None:
    doc = coder.code(text, doc="t", published=None, language=lang)
    crits = {(s.alliance, s.criterion) for e in doc.events for s in e.event.signals}
    assert ("JPN-KOR", "contributions") in crits


def test_a_standing_force_with_spaced_thousands_is_no_deployment(coder: Coder) -> None:
    text = "In Südkorea sind etwa 28 500 US-Soldaten stationiert, um Nordkorea abzuschrecken."
    assert not any(cat == "MOBILIZE" for *_, cat in triples(coder, text, "de"))


def test_an_agreed_postponement_of_drills_is_a_cutback(coder: Coder) -> None:
    doc = coder.code("한미 양국은 연합훈련 연기를 결정했다.", doc="t", published=None,
                     language="ko")
    signals = {(s.alliance, s.criterion, s.direction) for e in doc.events
               for s in e.event.signals}
    assert ("USA-KOR", "contributions", -1) in signals


def test_suspending_a_decision_to_withdraw_keeps_the_pact(coder: Coder) -> None:
    doc = coder.code("South Korea will temporarily suspend its decision to withdraw from GSOMIA "
                     "with Japan, the presidential office said on Friday.", doc="t",
                     published=None, language="en")
    signals = {(s.alliance, s.criterion, s.direction) for e in doc.events
               for s in e.event.signals}
    assert ("JPN-KOR", "contributions", 1) in signals
    assert not any(d == -1 for *_, d in signals)


@pytest.mark.parametrize(("text", "lang"), [
    ("Südkoreas Präsident kündigte höhere Verteidigungsausgaben an, um die Lasten der USA zu "
     "verringern.", "de"),
    ("Seoul raised its defence budget in order to reduce the burden on US forces.", "en"),
])
def test_a_purpose_is_no_deed(coder: Coder, text: str, lang: str) -> None:
    assert not any(cat == "RETREAT" for *_, cat in triples(coder, text, lang))


def test_allies_condemning_together_do_not_criticise_each_other(coder: Coder) -> None:
    text = ("Senior defence officials of South Korea, the United States and Japan on Tuesday "
            "condemned the latest launch of an intercontinental ballistic missile.")
    doc = coder.code(text, doc="t", published=None, language="en")
    signals = {(s.alliance, s.criterion, s.direction) for e in doc.events
               for s in e.event.signals}
    assert not any(c == "political_support" and d == -1 for _, c, d in signals)
