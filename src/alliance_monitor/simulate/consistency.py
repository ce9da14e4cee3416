"""Consistency check (hindcast): do scenarios built only from what was public before a real
episode point the way the point-in-time assessment later moved?

For a scenario with a ``check`` block: the *predicted* change is scenario minus baseline on
``check.after``, both with knowledge cut at ``check.before`` (nothing published later is
seen); the *observed* change is the point-in-time assessment on ``after`` minus that on
``before``. A measure agrees when both move the same way (by at least ``threshold`` points).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from alliance_monitor.errors import ScenarioError
from alliance_monitor.simulate.scenario import Scenario, _score, knowledge_cut, overlay

THRESHOLD = 0.05


@dataclass
class CheckResult:
    scenario: str
    alliance: str
    measure: str
    before: str
    after: str
    predicted: float | None
    observed: float | None
    result: str  # agree | disagree | no_move | no_score
    #: knowledge behind the prediction: "cut" (only what was public by ``before``) or, where
    #: that leaves no score on ``after``, "context" (today's point-in-time baseline; the
    #: scenario itself still holds only pre-episode information)
    context: str = "cut"

    def as_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _sign(x: float) -> int:
    return 0 if abs(x) < THRESHOLD else (1 if x > 0 else -1)


def check(app: Any, sc: Scenario, knowledge: str = "point_in_time") -> list[CheckResult]:
    c = sc.check
    if c is None:
        return []
    late = [s.id for s in sc.sources if s.published > c.before]
    if late:
        raise ScenarioError(f"{sc.path or sc.id}: hindcast sources published after "
                            f"check.before ({c.before}): {', '.join(late)}")
    alliance = app.resolve([c.alliance])[0]
    cut = knowledge_cut(app.snapshot, c.before)
    pairs = []
    for base in (cut, app.snapshot):
        scen = overlay(sc, base, app.methodology)
        [p0] = app.assess([alliance], c.after, knowledge=knowledge, snapshot=base)
        [p1] = app.assess([alliance], c.after, knowledge=knowledge, snapshot=scen)
        pairs.append((p0, p1))
    # the observed change as known at its end: both dates with what was published by `after`
    # and aged on `after` (docs/backtest.md, "One vintage for both ends", "One ageing")
    [o0] = app.assess([alliance], c.before, knowledge=knowledge, known_by=c.after,
                      aged_at=c.after)
    [o1] = app.assess([alliance], c.after, knowledge=knowledge)
    out = []
    for measure in c.measures:
        a0, a1 = _score(o0, measure), _score(o1, measure)
        context, pred = "cut", None
        for label, (p0, p1) in zip(("cut", "context"), pairs, strict=True):
            b0, b1 = _score(p0, measure), _score(p1, measure)
            if b0 is not None and b1 is not None:
                context, pred = label, round(b1 - b0, 2)
                break
        if pred is None or a0 is None or a1 is None:
            out.append(CheckResult(sc.id, alliance, measure, c.before.isoformat(),
                                   c.after.isoformat(), pred, None, "no_score", context))
            continue
        obs = round(a1 - a0, 2)
        sp, so = _sign(pred), _sign(obs)
        result = "no_move" if sp == 0 or so == 0 else ("agree" if sp == so else "disagree")
        out.append(CheckResult(sc.id, alliance, measure, c.before.isoformat(),
                               c.after.isoformat(), pred, obs, result, context))
    return out


def summary(results: list[CheckResult]) -> dict[str, Any]:
    tested = [r for r in results if r.result in ("agree", "disagree")]
    agree = sum(r.result == "agree" for r in tested)
    return {"scenarios": len({r.scenario for r in results}), "checks": len(results),
            "tested": len(tested), "agree": agree,
            "agreement": round(agree / len(tested), 3) if tested else None,
            "no_move": sum(r.result == "no_move" for r in results),
            "no_score": sum(r.result == "no_score" for r in results)}


__all__ = ["CheckResult", "check", "summary"]
