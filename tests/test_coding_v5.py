"""Coder v5 (clause rules): restrictive measures lifted or eased are the easing deed, not the
measure; what a request asks for is not done by the addressee. Sentences written for these
tests, in all four languages."""

from __future__ import annotations

import datetime as dt

import pytest

from alliance_monitor.coding import Coder
from alliance_monitor.coding.clause_rules import request_content, reversals


@pytest.fixture(scope="module")
def coder() -> Coder:
    return Coder()


def coded(coder: Coder, text: str, lang: str, day: str = "2019-09-20"):
    events = coder.code(text, doc="t", published=dt.date.fromisoformat(day), language=lang).events
    return [(e.event.source, e.event.target, e.event.category,
             {(s.alliance, s.criterion, s.direction) for s in e.event.signals}) for e in events]


@pytest.mark.parametrize("text,lang", [
    ("Tokyo lifted the remaining export controls on South Korea on Tuesday.", "en"),
    ("Japan will ease its export restrictions against South Korea next month.", "en"),
    ("Japan ended the export curbs it had placed on Seoul.", "en"),
    ("Japan lockerte am Dienstag die Exportkontrollen gegen Südkorea.", "de"),
    ("Tokio hob die Exportbeschränkungen gegen Seoul vollständig auf.", "de"),
    ("일본 정부는 한국에 대한 수출 규제를 전면 해제했다.", "ko"),
    ("일본은 한국에 대한 수출규제를 완화했다.", "ko"),
    ("日本政府は韓国に対する輸出規制を全面的に解除した。", "ja"),
    ("日本は韓国への輸出規制を緩和した。", "ja"),
])
def test_lifting_export_controls_is_concede(coder: Coder, text: str, lang: str) -> None:
    out = coded(coder, text, lang)
    assert [c[:3] for c in out] == [("JPN", "KOR", "CONCEDE")]
    assert out[0][3] == {("JPN-KOR", "alignment", 1)}


@pytest.mark.parametrize("text,lang", [
    ("Japan scrapped its sanctions on South Korea.", "en"),
    ("Tokio beendete die Sanktionen gegen Seoul.", "de"),
    ("일본 정부는 한국에 대한 제재를 철회했다.", "ko"),
    ("日本政府は韓国への制裁を撤回した。", "ja"),
])
def test_ending_sanctions_between_allies_is_not_a_sanction(coder: Coder, text: str,
                                                          lang: str) -> None:
    out = coded(coder, text, lang)
    assert [c[:3] for c in out] == [("JPN", "KOR", "CONCEDE")]
    assert all(d > 0 for c in out for (_, _, d) in c[3])


@pytest.mark.parametrize("text,lang", [
    ("Japan imposed new export controls on South Korea.", "en"),
    ("Japan verhängte Exportkontrollen gegen Südkorea.", "de"),
])
def test_imposing_stays_a_sanction(coder: Coder, text: str, lang: str) -> None:
    out = coded(coder, text, lang)
    assert [c[:3] for c in out] == [("JPN", "KOR", "SANCTION")]
    assert out[0][3] == {("JPN-KOR", "alignment", -1)}


def test_reversal_needs_the_measure_as_object() -> None:
    assert reversals("japan removed south korea from its list of countries with simplified "
                     "export controls", "en") == []
    assert reversals("sanctions were eased on monday", "en")
    assert reversals("japan imposed new export controls", "en") == []


@pytest.mark.parametrize("text,lang,target", [
    ("The United States urged Japan to deploy more missile defense batteries.", "en", "JPN"),
    ("The US government asked South Korea, which hosts some 28,000 US soldiers, to significantly "
     "increase its share of the troops' costs.", "en", "KOR"),
    ("Pompeo pressed Seoul to extend the intelligence-sharing pact with Tokyo.", "en", "KOR"),
    ("Die USA forderten Japan auf, mehr Raketenabwehrsysteme zu stationieren.", "de", "JPN"),
    ("Die US-Regierung drängte Seoul, den Geheimdienstpakt mit Tokio zu verlängern.", "de", "KOR"),
    ("미국은 일본에 미사일 방어 체계를 추가로 배치하라고 촉구했다.", "ko", "JPN"),
    ("미국은 한국에 방위비 분담금을 대폭 늘려 달라고 요구했다.", "ko", "KOR"),
    ("米政府は日本にミサイル防衛システムを追加で配備するよう求めた。", "ja", "JPN"),
    ("米国は韓国に在韓米軍の駐留経費を大幅に増額するよう要求した。", "ja", "KOR"),
])
def test_a_request_is_no_deed_of_the_addressee(coder: Coder, text: str, lang: str,
                                               target: str) -> None:
    out = coded(coder, text, lang)
    assert [c[:3] for c in out] == [("USA", target, "REQUEST")]
    assert all(d < 0 for c in out for (_, _, d) in c[3])


def test_request_content_links() -> None:
    t = "trump urged japan to pay more, and korea agreed to expand the drills"
    urge = (t.index("urged"), t.index("urged") + 5)
    assert request_content(t, "en", urge, (t.index("pay"), t.index("pay") + 3))
    assert not request_content(t, "en", urge, (t.index("agreed"), t.index("agreed") + 6))
    j = "日米は連携することで一致したほか、首相は協力を要請した。"
    req = (j.index("要請"), j.index("要請") + 2)
    assert not request_content(j, "ja", req, (j.index("一致"), j.index("一致") + 2))
    assert request_content(j, "ja", req, (j.index("協力"), j.index("協力") + 2))


def test_a_new_subject_after_the_request_is_its_own_clause() -> None:
    t = "the us asked japan to pay more for us troops and tokyo agreed to raise its share"
    ask = (t.index("asked"), t.index("asked") + 5)
    agreed = (t.index("agreed"), t.index("agreed") + 6)
    actors = (t.index("us "), t.index("japan"), t.index("us troops"), t.index("tokyo"))
    assert not request_content(t, "en", ask, agreed, actors)
    assert request_content(t, "en", ask, (t.index("pay"), t.index("pay") + 3), actors)
    d = ("die usa forderten japan auf, mehr zu zahlen, und südkorea sagte zu, die manöver "
         "zu verlängern")
    forder = (d.index("forderten"), d.index("forderten") + 9)
    verl = (d.index("verlängern"), d.index("verlängern") + 10)
    assert not request_content(d, "de", forder, verl,
                               (d.index("usa"), d.index("japan"), d.index("südkorea")))
