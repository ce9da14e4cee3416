"""Score an alliance at a date with a methodology: criteria, fears, overall, evidence."""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb

from alliance_monitor.assess.kinds import KINDS, Context, load_plugins, normalize
from alliance_monitor.assess.methodology import Block, Methodology, check_against
from alliance_monitor.knowledge.loader import KnowledgeBase
from alliance_monitor.model import Assessment, IndicatorResult, Score


def _score_block(ctx: Context, block: Block, m: Methodology, lang: str) -> Score:
    results: list[IndicatorResult] = []
    evidence: list[dict[str, Any]] = []
    total_weight = weighted = covered = 0.0
    for spec in block.indicators:
        if spec.applies_to is not None and ctx.alliance.id not in spec.applies_to:
            continue
        total_weight += spec.weight
        obs = KINDS[spec.kind](ctx, spec.params)
        norm = None
        if obs.value is not None:
            n = spec.normalize
            norm = normalize(obs.value, n.method, n.min, n.max)
            if spec.direction == -1:
                norm = 100.0 - norm
            norm = round(norm, 1)
            weighted += norm * spec.weight
            covered += spec.weight
        results.append(IndicatorResult(
            id=spec.id, label=spec.label.get(lang),
            value=None if obs.value is None else round(obs.value, 3),
            normalized=norm, weight=spec.weight, sources=obs.sources, as_of=obs.as_of,
            note=obs.note))
        for item in obs.evidence:
            evidence.append({"indicator": spec.id, **item})
    if total_weight == 0 or covered / total_weight < m.min_coverage:
        return Score(score=None, band=None, indicators=results, evidence=evidence)
    score = round(weighted / covered, 1)
    return Score(score=score, band=m.bands.band(score), indicators=results, evidence=evidence)


def assess(kb: KnowledgeBase, alliance_id: str, at: dt.date, methodology: Methodology,
           con: duckdb.DuckDBPyConnection | None = None, lang: str = "en") -> Assessment:
    """The assessment of one alliance on one date; unknown ids raise ``KeyError``."""
    load_plugins()
    check_against(methodology, kb)  # attributes and applies_to ids exist
    alliance = kb.alliances[alliance_id]
    ctx = Context(kb=kb, alliance=alliance, at=at, con=con)
    meta = methodology.summary()
    if alliance.established and at < alliance.established:
        empty = Score(score=None, band=None)
        meta["note"] = f"{alliance.id} did not exist before {alliance.established.isoformat()}"
        meta["not_existing"] = True
        return Assessment(alliance=alliance.id, as_of=at,
                          criteria={c: empty for c in methodology.criteria},
                          fears={f: empty for f in methodology.fears}, overall=empty,
                          methodology=meta)
    criteria = {name: _score_block(ctx, block, methodology, lang)
                for name, block in methodology.criteria.items()}
    fears = {name: _score_block(ctx, block, methodology, lang)
             for name, block in methodology.fears.items()}
    scored = [(criteria[c].score, w) for c, w in methodology.overall.items()
              if criteria[c].score is not None]
    if len(scored) == len(methodology.overall):
        value = round(sum(s * w for s, w in scored if s is not None) / sum(w for _, w in scored), 1)
        overall = Score(score=value, band=methodology.bands.band(value))
    else:
        overall = Score(score=None, band=None)
    return Assessment(alliance=alliance.id, as_of=at, criteria=criteria, fears=fears,
                      overall=overall, methodology=meta)


def assessment_json(a: Assessment) -> dict[str, Any]:
    """The contract shape of ``assess --format json`` (DESIGN.md)."""
    def block(s: Score) -> dict[str, Any]:
        return {"score": s.score, "band": s.band,
                "indicators": [i.model_dump(mode="json") for i in s.indicators],
                "evidence": s.evidence}
    return {"alliance": a.alliance, "as_of": a.as_of.isoformat(),
            "criteria": {k: block(v) for k, v in a.criteria.items()},
            "fears": {k: block(v) for k, v in a.fears.items()},
            "overall": {"score": a.overall.score, "band": a.overall.band},
            "methodology": a.methodology}
