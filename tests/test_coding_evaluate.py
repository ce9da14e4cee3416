"""Evaluation: the scoring rules on passages written here, the PLOVER reader on a record
written here, and the figures on the shared sets (skipped when ../shared is absent)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from alliance_monitor.coding.coder import Coder
from alliance_monitor.coding.evaluate import (
    GoldError,
    GoldEvent,
    GoldPassage,
    agreement,
    evaluate,
    load_gold,
    score_passage,
    select,
)
from alliance_monitor.coding.plover_gsr import evaluate_gsr, load_gsr
from conftest import shared_path


def _passage(text: str, events: list[GoldEvent], pid: str = "x1") -> GoldPassage:
    return GoldPassage(pid, "en", dt.date(2025, 2, 8), text, tuple(events))


def _gold(alliance: str | None, ok: tuple[str, ...], direction: int | None, date: str,
          source: str = "USA", target: str | None = "JPN", category: str = "CONSULT") -> GoldEvent:
    return GoldEvent(date, source, target, category, alliance, ok, direction)


def test_signal_matching_uses_criterion_ok_and_direction() -> None:
    p = _passage("Japan's prime minister met President Trump in Washington on Friday.",
                 [_gold("USA-JPN", ("political_support", "alignment"), 1, "2025-02-07",
                        "JPN", "USA"),
                  _gold(None, (), None, "2025-02", "USA", "CHN", "ACCUSE")])
    coded = Coder().code(p.text, doc="x", published=p.published, language="en").events
    r = score_passage(p, coded)
    assert (r.signals.pred, r.signals.tp_pred, r.signals.gold, r.signals.tp_gold) == (1, 1, 1, 1)
    assert r.events.tp_gold == 1  # pair unordered, CONSULT, 7 Feb within 3 days
    assert r.events.gold == 2


def test_month_only_gold_dates_match_the_same_month() -> None:
    p = _passage("Japan's prime minister met President Trump in Washington on Friday.",
                 [_gold("USA-JPN", ("political_support",), 1, "2025-02", "JPN", "USA")])
    coded = Coder().code(p.text, doc="x", published=p.published, language="en").events
    assert score_passage(p, coded).events.tp_gold == 1
    wrong_month = _passage(p.text, [_gold("USA-JPN", ("political_support",), 1, "2025-03",
                                          "JPN", "USA")])
    assert score_passage(wrong_month, coded).events.tp_gold == 0


def test_distractors_count_only_as_false_positives() -> None:
    p = _passage("The orchestra from Tokyo played in Vienna.", [], "x2")
    ev = evaluate([p])
    scores = ev.by_language("signals")["en"]
    assert scores.gold == 0 and scores.tp_pred == 0
    assert scores.pred == 0, "a concert tour is no alliance signal: nothing may be coded"


def test_split_and_errors(tmp_path: Path) -> None:
    ps = [_passage("a", [], f"d{i:02d}") for i in range(1, 7)]
    assert [p.id for p in select(ps, "even")] == ["d02", "d04", "d06"]
    assert [p.id for p in select(ps, "odd")] == ["d01", "d03", "d05"]
    bad = tmp_path / "g.json"
    bad.write_text(json.dumps({"passages": [{"id": "1"}]}), encoding="utf-8")
    with pytest.raises(GoldError, match="missing field"):
        load_gold(bad)


GSR = [
    {"id": "DOC", "event": "DOCUMENT", "eventText": "documentation record"},
    {"id": "T-1", "event": "DEMAND", "text": "Japan demanded that South Korea withdraw the ban.",
     "source": [{"actorText": "Japan", "code": "JAP"}],
     "target": [{"actorText": "South Korea", "code": "KOR"}]},
    {"id": "T-2", "event": "AGREE", "text": "Germany and France agreed to hold talks.",
     "source": [{"actorText": "Germany", "code": "DEU"}, {"actorText": "France", "code": "FRA"}],
     "target": ""},
]


def test_plover_reader_maps_codes_and_categories(tmp_path: Path) -> None:
    path = tmp_path / "gsr.json"
    path.write_text(json.dumps(GSR), encoding="utf-8")
    records = load_gsr(path)
    assert [r.category for r in records] == ["REQUEST", "AGREE"]
    assert records[0].sources == {"JPN"} and records[0].targets == {"KOR"}
    result = evaluate_gsr(records)
    assert result.records == 2 and result.coded >= 1
    assert result.category_correct >= 1


def test_plover_gold_standard_file() -> None:
    records = load_gsr(shared_path("data", "events", "plover", "PLOVER_GSR_CAMEO.txt"))
    assert len(records) == 322
    assert {r.category for r in records} <= {
        "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
        "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
    assert any("JPN" in r.sources | r.targets for r in records)


def test_news_dev_figures_meet_the_goals() -> None:
    """Regression guard for the issue's goals on ../shared/eval/news-dev.json."""
    passages = load_gold(shared_path("eval", "news-dev.json"))
    sig = evaluate(passages).by_language("signals")
    assert sig["en"].f1 >= 0.75 and sig["de"].f1 >= 0.75
    assert sig["ko"].f1 >= 0.6 and sig["ja"].f1 >= 0.6


def _annotations(path: Path, passages: list[dict[str, object]]) -> Path:
    path.write_text(json.dumps({"passages": passages}), encoding="utf-8")
    return path


def _ev(alliance: str | None, criterion: str | None, direction: int | None,
        category: str = "CONSULT", date: str = "2025-02-07") -> dict[str, object]:
    return {"date": date, "source": "JPN", "target": "USA", "category": category,
            "alliance": alliance, "criterion": criterion,
            "criterion_ok": [criterion] if criterion else [], "direction": direction}


def test_agreement_scores_a_second_annotation_against_the_first(tmp_path: Path) -> None:
    first = _annotations(tmp_path / "first.json", [
        {"id": "a", "language": "en", "published": "2025-02-08",
         "events": [_ev("USA-JPN", "political_support", 1), _ev("USA-JPN", "alignment", 1,
                                                                "AGREE")]},
        {"id": "b", "language": "de", "events": []},
        {"id": "c", "language": "ko", "events": [_ev("USA-JPN", "contributions", -1)]}])
    second = _annotations(tmp_path / "second.json", [
        {"id": "a", "events": [_ev("USA-JPN", "political_support", 1, date="2025-02-08")]},
        {"id": "b", "events": [_ev("USA-JPN", "alignment", 1)]}])  # "c" not annotated twice
    ev = agreement(first, second)
    sig, events = ev.by_language("signals")["all"], ev.by_language("events")["all"]
    assert len(ev.passages) == 2  # only the passages both annotate
    assert (sig.pred, sig.tp_pred, sig.gold, sig.tp_gold) == (2, 1, 2, 1)
    assert (events.pred, events.tp_pred, events.gold) == (2, 1, 2)


def test_agreement_names_the_file_it_cannot_use(tmp_path: Path) -> None:
    first = _annotations(tmp_path / "first.json", [{"id": "a", "events": []}])
    other = _annotations(tmp_path / "other.json", [{"id": "z", "events": []}])
    with pytest.raises(GoldError, match=r"other\.json: no passage id in common"):
        agreement(first, other)
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    with pytest.raises(GoldError, match=r"broken\.json"):
        agreement(first, broken)
