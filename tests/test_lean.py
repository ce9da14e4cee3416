"""A lean assessment (scores only, for tables and CSV) gives the same numbers as the full one."""

from __future__ import annotations

import datetime as dt

import pytest

from alliance_monitor.app import App
from alliance_monitor.present.output import Format
from alliance_monitor.present.views import render_assessments


@pytest.mark.parametrize("knowledge", ["point_in_time", "latest"])
def test_lean_series_has_the_same_scores_as_the_full_one(app: App, knowledge: str) -> None:
    start, end = dt.date(2016, 6, 30), dt.date(2025, 6, 30)
    full = app.assess_series(None, start, end, "quarter", knowledge=knowledge)  # type: ignore[arg-type]
    lean = app.assess_series(None, start, end, "quarter", knowledge=knowledge,  # type: ignore[arg-type]
                             lean=True)
    assert len(full) == len(lean) > 100
    for a, b in zip(full, lean, strict=True):
        blocks_a = {**a.criteria, **a.fears, "overall": a.overall}
        blocks_b = {**b.criteria, **b.fears, "overall": b.overall}
        for name, s in blocks_a.items():
            t = blocks_b[name]
            assert (s.score, s.band, s.coverage) == (t.score, t.band, t.coverage), name
            assert [(i.id, i.value, i.normalized, i.effective_weight, i.as_of, i.note)
                    for i in s.indicators] == [(i.id, i.value, i.normalized, i.effective_weight,
                                                i.as_of, i.note) for i in t.indicators]
        assert a.newest_input == b.newest_input
    for fmt in (Format.csv, Format.table):
        assert render_assessments(full, fmt, "de") == render_assessments(lean, fmt, "de")


def test_a_full_assessment_keeps_its_sources(app: App) -> None:
    full = app.assess(["USA-KOR"], dt.date(2024, 6, 30))[0]
    lean = app.assess(["USA-KOR"], dt.date(2024, 6, 30), lean=True)[0]
    signals = next(i for i in full.criteria["political_support"].indicators
                   if i.id == "signals_political_support")
    assert signals.sources and full.criteria["political_support"].evidence
    assert len(lean.criteria["political_support"].evidence) < \
        len(full.criteria["political_support"].evidence)
