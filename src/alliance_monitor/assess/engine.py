"""Score an alliance at a date with a methodology: criteria, fears, overall, evidence.

The engine reads only a :class:`Snapshot` (knowledge base, data-set values, signals) and
returns language-neutral results: ids, numbers, dates and codes; labels are the renderer's.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from alliance_monitor.assess.kinds import KINDS, Context, normalize
from alliance_monitor.assess.methodology import Block, Methodology
from alliance_monitor.assess.snapshot import Knowledge, Snapshot
from alliance_monitor.model import Assessment, IndicatorResult, Score, construct_all


def _indicator(ctx: Context, spec: Any, m: Methodology) -> tuple[IndicatorResult, list[dict]]:
    obs = KINDS[spec.kind](ctx, spec.params)
    override = _override(ctx, spec.id)
    if override is not None:
        obs.value, obs.note = override[1], f"scenario: {override[2]}"
        obs.input_date = override[0]
    norm = eff = None
    age_days = (ctx.at - obs.input_date).days if obs.input_date else None
    aged_days = age_days if ctx.aged_at is None or obs.input_date is None \
        else (ctx.aged_at - obs.input_date).days
    if obs.value is not None and math.isfinite(obs.value):
        n = spec.normalize
        norm = normalize(obs.value, n.method, n.min, n.max)
        if spec.direction == -1:
            norm = 100.0 - norm
        norm = round(norm, 1)
        factor = 1.0
        full = spec.params.get("max_age_years")
        if full is not None and aged_days is not None and obs.input_date is not None:
            factor = m.ageing.factor(aged_days / 365.25, float(full))
        if factor >= m.ageing.floor:
            eff = round(spec.weight * factor, 4)
        else:
            obs.note = (f"input {(aged_days or 0) / 365.25:.1f} years old: below the ageing floor, "
                        "counted as no data")
    result = construct_all(IndicatorResult, {  # typed values, no re-validation per date
        "id": spec.id, "label": None,
        "value": None if obs.value is None else round(obs.value, 4),
        "normalized": norm if eff is not None else None, "weight": spec.weight,
        "sources": obs.sources, "as_of": obs.input_date.isoformat() if obs.input_date else None,
        "age_days": age_days, "effective_weight": eff, "note": obs.note})
    return result, [{"indicator": spec.id, **item} for item in obs.evidence]


def _override(ctx: Context, indicator: str) -> tuple[dt.date, float, str] | None:
    rows = [r for r in ctx.snap.overrides.get((indicator, ctx.alliance.id), [])
            if r[0] <= ctx.at]
    return max(rows, key=lambda r: r[0]) if rows else None


def score_block(ctx: Context, block: Block, m: Methodology) -> Score:
    results: list[IndicatorResult] = []
    evidence: list[dict[str, Any]] = []
    total_weight = weighted = covered = 0.0
    for spec in block.indicators:
        if spec.applies_to is not None and ctx.alliance.id not in spec.applies_to:
            continue
        total_weight += spec.weight
        result, ev = _indicator(ctx, spec, m)
        results.append(result)
        evidence += ev
        if result.normalized is not None and result.effective_weight:
            weighted += result.normalized * result.effective_weight
            covered += result.effective_weight
    coverage = round(covered / total_weight, 3) if total_weight else 0.0
    if total_weight == 0 or coverage < m.min_coverage:
        return construct_all(Score, {"score": None, "band": None, "coverage": coverage,
                                     "indicators": results, "evidence": evidence})
    score = round(weighted / covered, 1)
    return construct_all(Score, {"score": score, "band": m.bands.band(score),
                                 "coverage": coverage, "indicators": results,
                                 "evidence": evidence})


def assess(snap: Snapshot, alliance_id: str, at: dt.date, methodology: Methodology,
           knowledge: Knowledge = "point_in_time", known_by: dt.date | None = None,
           lean: bool = False, aged_at: dt.date | None = None) -> Assessment:
    """The assessment of one alliance on one date (``alliance_id`` must be canonical);
    point in time with ``known_by``: with what was published by that date instead. ``lean``:
    scores, bands, coverage and input dates only (indicators may carry no evidence or
    sources), for outputs that show no evidence. ``aged_at``: inputs lose weight by their age
    on that date instead (the back-test's earlier end)."""
    alliance = snap.kb.alliances[alliance_id]
    known_by = None if knowledge == "latest" or known_by == at else known_by
    ctx = Context(snap=snap, alliance=alliance, at=at, knowledge=knowledge, known_by=known_by,
                  lean=lean, aged_at=None if aged_at == at else aged_at)
    meta = methodology.summary()
    warnings = []
    if snap.horizon is not None and at > snap.horizon:
        warnings.append(f"beyond_horizon:{snap.horizon.isoformat()}")
    if alliance.established and at < alliance.established:
        empty = Score(score=None, band=None)
        meta["not_existing"] = True
        return Assessment(alliance=alliance.id, as_of=at,
                          criteria={c: empty for c in methodology.criteria},
                          fears={f: empty for f in methodology.fears}, overall=empty,
                          methodology=meta, knowledge=knowledge, known_by=known_by,
                          knowledge_horizon=snap.horizon,
                          warnings=[*warnings, f"not_existing:{alliance.established}"])
    criteria = {name: score_block(ctx, block, methodology)
                for name, block in methodology.criteria.items()}
    fears = {name: score_block(ctx, block, methodology)
             for name, block in methodology.fears.items()}
    overall = overall_score(criteria, methodology)
    dates = [i.as_of for s in [*criteria.values(), *fears.values()] for i in s.indicators
             if i.as_of and i.effective_weight]
    return Assessment(alliance=alliance.id, as_of=at, criteria=criteria, fears=fears,
                      overall=overall, methodology=meta, knowledge=knowledge,
                      known_by=known_by, knowledge_horizon=snap.horizon,
                      newest_input=max(dates, default=None),
                      warnings=warnings)


def overall_score(criteria: dict[Any, Score], m: Methodology) -> Score:
    scored = [(criteria[c].score, w) for c, w in m.overall.items()
              if criteria[c].score is not None]
    if len(scored) != len(m.overall) or not sum(w for _, w in scored):
        return Score(score=None, band=None)
    value = round(sum(s * w for s, w in scored if s is not None) / sum(w for _, w in scored), 1)
    return Score(score=value, band=m.bands.band(value))


def assessment_json(a: Assessment) -> dict[str, Any]:
    """The contract shape of ``assess --format json`` (DESIGN.md)."""
    def block(s: Score) -> dict[str, Any]:
        return {"score": s.score, "band": s.band, "coverage": s.coverage,
                "indicators": [i.model_dump(mode="json", exclude={"label"})
                               for i in s.indicators],
                "evidence": s.evidence}
    return {"alliance": a.alliance, "as_of": a.as_of.isoformat(),
            "criteria": {k: block(v) for k, v in a.criteria.items()},
            "fears": {k: block(v) for k, v in a.fears.items()},
            "overall": {"score": a.overall.score, "band": a.overall.band},
            "methodology": a.methodology, "knowledge": a.knowledge,
            **({"known_by": a.known_by.isoformat()} if a.known_by else {}),
            "knowledge_horizon": a.knowledge_horizon.isoformat() if a.knowledge_horizon
            else None, "newest_input": a.newest_input, "warnings": a.warnings}
