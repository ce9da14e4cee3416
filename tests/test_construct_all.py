"""``construct_all`` (the engine's fast constructor) builds what pydantic's ``model_construct``
builds, for every class the engine uses it with."""

from __future__ import annotations

import pytest

from alliance_monitor.model import IndicatorResult, Score, construct_all


def _same(a: object, b: object) -> None:
    assert a == b
    assert type(a) is type(b)
    assert a.model_dump() == b.model_dump()  # type: ignore[attr-defined]
    assert a.model_dump_json() == b.model_dump_json()  # type: ignore[attr-defined]
    assert a.model_fields_set == b.model_fields_set  # type: ignore[attr-defined]
    assert repr(a) == repr(b)


def test_indicator_result_and_score_equal_model_construct() -> None:
    values = {"id": "x", "label": None, "value": 1.5, "normalized": 40.0, "weight": 2.0,
              "sources": [{"id": "s", "url": None}], "as_of": "2024-01-01", "age_days": 3,
              "effective_weight": 1.8, "note": None}
    fast = construct_all(IndicatorResult, dict(values))
    _same(fast, IndicatorResult.model_construct(**values))
    score = {"score": 55.0, "band": "medium", "coverage": 0.9, "indicators": [fast],
             "evidence": [{"fact": "f"}]}
    _same(construct_all(Score, dict(score)), Score.model_construct(**score))
    # and both equal a validated instance
    assert construct_all(Score, dict(score)) == Score(**score)


def test_construct_all_refuses_missing_fields() -> None:
    with pytest.raises(TypeError, match="every field"):
        construct_all(Score, {"score": 1.0, "band": None})
