"""Rules added for passages outside the development set, on sentences written for these tests:
an agreement whose content is a cutback, offers refused, demands phrased as the addressee's
duty, a demand whose addressee opens the next clause, agreements referring back to a cutback,
datelines, German dates inside separable verbs, adjective plus institution, new topic words."""

from __future__ import annotations

import datetime as dt

import pytest

from alliance_monitor.coding import Coder


@pytest.fixture(scope="module")
def coder() -> Coder:
    return Coder()


def signals(coder: Coder, text: str, lang: str, day: str = "2019-08-30"):
    events = coder.code(text, doc="t", published=dt.date.fromisoformat(day), language=lang).events
    return [(e.event.source, e.event.target, e.event.category,
             [(s.alliance, s.criterion, s.direction) for s in e.event.signals]) for e in events]


def flat(coded) -> set[tuple[str, str, int]]:
    return {s for *_, sigs in coded for s in sigs}


@pytest.mark.parametrize("text,lang", [
    ("Washington and Seoul have agreed to suspend their autumn drills for now.", "en"),
    ("Die USA und Südkorea einigten sich darauf, ihre Herbstmanöver auszusetzen.", "de"),
])
def test_agreeing_to_suspend_exercises_is_a_cutback(coder: Coder, text: str, lang: str) -> None:
    assert flat(signals(coder, text, lang)) == {("USA-KOR", "contributions", -1)}


@pytest.mark.parametrize("text,lang", [
    ("President Trump rejected the offer Seoul made to raise its share for the troops.", "en"),
    ("Die US-Regierung lehnte das neue Angebot Südkoreas zu den Stationierungskosten ab.", "de"),
])
def test_refusing_an_offer_is_a_rebuff(coder: Coder, text: str, lang: str) -> None:
    assert ("USA-KOR", "political_support", -1) in flat(signals(coder, text, lang))
    assert ("USA-KOR", "contributions", -1) not in flat(signals(coder, text, lang))


@pytest.mark.parametrize("text,lang", [
    ("Japan should pay more for the American troops, the US defence secretary said.", "en"),
    ("Die US-Regierung verlangte, Japan solle mehr für die Stationierungskosten zahlen.", "de"),
    ("Japan müsse mehr für die US-Truppen zahlen, sagte der US-Verteidigungsminister.", "de"),
])
def test_burden_sharing_demands_point_from_the_us_to_the_ally(coder: Coder, text: str,
                                                              lang: str) -> None:
    coded = signals(coder, text, lang)
    assert [c[:3] for c in coded] == [("USA", "JPN", "REQUEST")]
    assert flat(coded) == {("USA-JPN", "political_support", -1)}


def test_agreeing_on_the_cutback_just_reported_is_no_new_agreement(coder: Coder) -> None:
    text = ("Die USA und Südkorea haben das Ende ihrer gemeinsamen Frühjahrsübungen "
            "bekanntgegeben. Darauf hätten sich die beiden Verteidigungsminister geeinigt.")
    assert ("USA-KOR", "contributions", 1) not in flat(signals(coder, text, "de"))
    assert ("USA-KOR", "contributions", -1) in flat(signals(coder, text, "de"))


@pytest.mark.parametrize("text,lang", [
    ("Peking - Die USA haben das Raketenabwehrsystem THAAD in Südkorea stationiert.", "de"),
    ("BEIJING (Wire) - The US has deployed the THAAD missile defence system in South Korea.", "en"),
])
def test_a_dateline_capital_is_a_place_not_an_actor(coder: Coder, text: str, lang: str) -> None:
    coded = signals(coder, text, lang)
    assert [c[:2] for c in coded] == [("USA", "KOR")]
    assert flat(coded) == {("USA-KOR", "contributions", 1)}


def test_a_german_date_inside_a_separable_verb(coder: Coder) -> None:
    coded = signals(coder, "Seoul kündigte am 22. August das Militärabkommen mit Japan auf.", "de")
    assert flat(coded) == {("JPN-KOR", "contributions", -1)}


def test_adjective_and_institution_are_one_actor(coder: Coder) -> None:
    text = ("Das südkoreanische Präsidialamt beschloss, das Abkommen mit Japan über den "
            "Austausch militärischer Informationen nicht zu verlängern.")
    coded = signals(coder, text, "de")
    assert [c[:2] for c in coded] == [("KOR", "JPN")]
    assert flat(coded) == {("JPN-KOR", "contributions", -1)}


@pytest.mark.parametrize("text,lang,expected", [
    ("Seoul scraps its intel-sharing pact with Tokyo.", "en", ("JPN-KOR", "contributions", -1)),
    ("Seoul said it will terminate the intelligence-sharing deal with Japan.", "en",
     ("JPN-KOR", "contributions", -1)),
    ("Die USA und Südkorea beendeten ihre Großmanöver.", "de", ("USA-KOR", "contributions", -1)),
    ("Leaders of Japan and South Korea withdrew from the NATO summit.", "en",
     ("NATO-IP4", "political_support", -1)),
])
def test_topic_words_and_withdrawing_from_a_summit(coder: Coder, text: str, lang: str,
                                                   expected: tuple[str, str, int]) -> None:
    assert flat(signals(coder, text, lang)) == {expected}


@pytest.mark.parametrize("text,expected", [
    ("Tokyo decided to remove South Korea from a list of trusted export partners.",
     ("JPN-KOR", "alignment", -1)),
    ("Seoul lashed out at Japan over the new export controls.", ("JPN-KOR", "alignment", -1)),
])
def test_export_list_removal_and_lashing_out(coder: Coder, text: str,
                                             expected: tuple[str, str, int]) -> None:
    assert flat(signals(coder, text, "en")) == {expected}


def test_the_meeting_at_a_trilateral_summit_stays_trilateral(coder: Coder) -> None:
    text = ("Bei ihrem Gipfel in Camp David haben die Präsidenten der USA und Südkoreas und der "
            "japanische Regierungschef einen Ausbau der Sicherheitskooperation vereinbart.")
    assert flat(signals(coder, text, "de", "2023-08-19")) == {
        ("USA-JPN-KOR", "alignment", 1), ("USA-JPN-KOR", "political_support", 1)}
