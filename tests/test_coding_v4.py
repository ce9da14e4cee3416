"""Coder v4 (issue 10), on sentences written for these tests: co-subjects acting together towards
a third party are one deed; Korean and Japanese triggers checked against their clause."""

from __future__ import annotations

import datetime as dt

import pytest

from alliance_monitor.coding import Coder


@pytest.fixture(scope="module")
def coder() -> Coder:
    return Coder()


def coded(coder: Coder, text: str, lang: str) -> set[tuple[str, str | None, str]]:
    doc = coder.code(text, doc="t", published=dt.date(2024, 7, 12), language=lang)
    return {(e.event.source, e.event.target, e.event.category) for e in doc.events}


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
