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
    text = ("Seoul and Washington have decided to suspend the August command post exercise amid "
            "diplomatic efforts to denuclearize North Korea.")
    got = signals(coder, text, "en", dt.date(2018, 6, 19))
    assert ("USA-KOR", "contributions", -1) in got, got
    assert ("USA-KOR", "contributions", 1) not in got, got


def test_a_negation_inside_a_dashed_parenthesis_stays_there(coder: Coder) -> None:
    text = ("Leaders from Japan and South Korea — which are not members of the alliance — "
            "attended the NATO summit on Thursday.")
    got = coded(coder, text, "en", dt.date(2024, 7, 11))
    assert got and all(cat == "CONSULT" for _, _, cat in got), got


@pytest.mark.parametrize(("text", "lang"), [
    ("US President Joe Biden met South Korean President Yoon Suk Yeol in Washington on "
     "Wednesday. Investors expect the Fed to move at its next meeting.", "en"),
    ("한미 정상이 26일 워싱턴에서 만났다. "
     "시장은 연준이 다음 회의에서 금리를 올릴 것으로 본다.", "ko"),
    ("日米首脳は26日、ワシントンで会談した。"
     "市場は米連銀が次回の会合で利上げすると見ている。", "ja"),
])
def test_the_next_meeting_is_no_deed_of_the_report(coder: Coder, text: str, lang: str) -> None:
    doc = coder.code(text, doc="t", published=dt.date(2023, 4, 27), language=lang)
    meetings = [e for e in doc.events if e.event.category == "CONSULT"]
    assert len(meetings) == 1, [(e.event.source, e.event.target, e.sentence) for e in meetings]
    assert meetings[0].sentence == 0


def test_a_former_president_does_not_act_for_the_state(coder: Coder) -> None:
    text = ("South Korea and the United States held talks on defence costs. Seoul offered a "
            "13 percent rise, but Trump rejected the proposal.")
    got = coded(coder, text, "en", dt.date(2021, 3, 8))
    assert ("USA", "KOR", "REJECT") not in got, got
    # the same sentence in his term is his state's deed
    during = coded(coder, text, "en", dt.date(2020, 4, 20))
    assert ("USA", "KOR", "REJECT") in during, during


def test_a_reading_after_a_name_keeps_a_list_of_three(coder: Coder) -> None:
    text = ("韓国の尹錫悦(ユン・ソクヨル)大統領、バイデン米大統領、日本の岸田文雄首相が"
            "会談してから1年となる18日、3カ国首脳は共同声明を出した。")
    got = signals(coder, text, "ja", dt.date(2024, 8, 18))
    assert got and {a for a, _, _ in got} == {"USA-JPN-KOR"}, got
