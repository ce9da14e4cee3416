"""Issue 10: clause analysis and the newly-reported-deed gate (features only, no article text)."""

from __future__ import annotations

import json

import pytest

from alliance_monitor.coding.analysis import FEATURES, TriggerInfo, clauses, features, tokens
from alliance_monitor.coding.gate import (
    LABELS,
    annotations_path,
    cross_validate,
    default_model,
    load_annotations,
)


def test_annotations_hold_no_text_and_enough_sentences() -> None:
    _xs, ys, meta = load_annotations()
    assert len(ys) >= 600
    assert set(ys) <= set(LABELS)
    assert {m["language"] for m in meta} == {"de", "en", "ko", "ja"}
    for m in meta:
        assert set(m) == {"id", "url", "outlet", "date", "language", "start", "end", "label",
                          "features"}
        assert len(m["features"]) == len(FEATURES)
    raw = annotations_path().read_text(encoding="utf-8")
    assert "Südkorea" not in raw and "합의" not in raw and "合意" not in raw


def test_model_matches_features_and_gives_probabilities() -> None:
    model = default_model()
    p = model.proba([0.0] * len(FEATURES))
    assert set(p) == set(LABELS) and abs(sum(p.values()) - 1) < 1e-6


def test_cross_validation_runs_from_stored_features() -> None:
    pytest.importorskip("sklearn")
    result = cross_validate(folds=3)
    assert result.n >= 600 and 0.3 < result.accuracy <= 1.0
    assert result.binary_accuracy > result.majority


@pytest.mark.parametrize(("text", "lang", "trigger", "flag"), [
    ("Japan had agreed to the plan before the talks, officials said.", "en", "agreed",
     "c_pluperfect"),
    ("Seoul will not attend the summit.", "en", "attend", "c_neg"),
    ("Die Regierung hatte das Abkommen gekündigt.", "de", "gekündigt", "c_pluperfect"),
    ("한국 정부는 회의에 참석하지 않기로 했다.", "ko", "참석", "c_neg"),
    ("石破首相はNATO首脳会議に出席する予定だ。", "ja", "出席", "c_future"),
    ("政府は会議への出席を見送らなかった。", "ja", "見送", "c_neg"),
])
def test_clause_features(text: str, lang: str, trigger: str, flag: str) -> None:
    start = text.index(trigger)
    f = features(text, lang, TriggerInfo(start, start + len(trigger), "attend", "CONSULT"))
    assert f[flag] == 1.0, (flag, {k: v for k, v in f.items() if v})


def test_clauses_split_at_relative_and_connectives() -> None:
    text = "Japan protested, which angered Seoul, but Tokyo kept talking."
    cls = clauses(tokens(text, "en"), "en", len(text))
    assert len(cls) >= 3
    ko = "양국은 회담을 열었고 합의문을 발표했다."
    assert len(clauses(tokens(ko, "ko"), "ko", len(ko))) >= 2


def test_annotation_file_is_json_lines() -> None:
    for line in annotations_path().read_text(encoding="utf-8").splitlines()[1:]:
        json.loads(line)
