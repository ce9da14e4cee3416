"""The back-test: does the assessment move in the documented direction across episodes?

Episode file (JSON): ``{"episodes": [{"id", "alliance", "measure", "before", "after",
"expected", "title": {"en", "de"}, "sources": [...]}]}``; ``measure`` is a criterion, a fear or
``overall``; ``expected`` is +1 or -1 (for fears +1 = more fear). See docs/backtest.md.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from alliance_monitor.errors import ScenarioError
from alliance_monitor.model import Text

MEASURES = ("alignment", "contributions", "political_support", "overall", "abandonment",
            "entrapment")


class Episode(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)
    id: str
    alliance: str
    measure: Literal["alignment", "contributions", "political_support", "overall",
                     "abandonment", "entrapment"]
    before: dt.date
    after: dt.date
    expected: Literal[1, -1]
    title: Text | None = None
    sources: list[dict[str, Any]] = Field(default_factory=list)


def load_episodes(path: Path | str) -> list[Episode]:
    target = Path(path)
    try:
        doc = json.loads(target.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ScenarioError(f"episode file {target} not found") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ScenarioError(f"{target}: not valid UTF-8 JSON ({exc})") from None
    items = doc.get("episodes") if isinstance(doc, dict) else doc
    if not isinstance(items, list):
        raise ScenarioError(f"{target}: expected {{\"episodes\": [...]}}")
    out = []
    for i, item in enumerate(items):
        try:
            ep = Episode.model_validate(item)
        except ValidationError as exc:
            e = exc.errors()[0]
            where = ".".join(str(x) for x in e["loc"])
            raise ScenarioError(f"{target}: episode {i + 1} "
                                f"({item.get('id') if isinstance(item, dict) else '?'}): "
                                f"{where}: {e['msg']}") from None
        if ep.after <= ep.before:
            raise ScenarioError(f"{target}: episode {ep.id}: 'after' must be later than "
                                "'before'")
        out.append(ep)
    return out


@dataclass
class Outcome:
    episode: Episode
    before: float | None
    after: float | None
    result: Literal["hit", "miss", "no_score"]
    why: list[dict[str, Any]] = field(default_factory=list)

    @property
    def moved(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return round(self.after - self.before, 2)


def _block(a: Any, measure: str) -> Any:
    if measure == "overall":
        return a.overall
    return a.criteria.get(measure) or a.fears.get(measure)


def _movers(before: Any, after: Any) -> list[dict[str, Any]]:
    """Indicators whose normalised value changed, or that lacked data on either date."""
    b = {i.id: i for i in getattr(before, "indicators", [])}
    out = []
    for i in getattr(after, "indicators", []):
        j = b.get(i.id)
        if i.normalized is None or j is None or j.normalized is None:
            out.append({"indicator": i.id, "change": None, "note": i.note or "no data"})
        elif abs(i.normalized - j.normalized) >= 0.05:
            out.append({"indicator": i.id, "change": round(i.normalized - j.normalized, 1)})
    return out


def run(app: Any, episodes: list[Episode], knowledge: str = "point_in_time") -> list[Outcome]:
    """Score each episode's measure before and after it. Point in time, both dates are seen
    with what was published by ``after`` (one vintage for both ends), so a report that only
    appears during the episode about an older state does not count as movement; inputs are
    aged on ``after`` at both ends, so that an old figure losing weight is no movement either."""
    outcomes = []
    for ep in episodes:
        [a0] = app.assess([ep.alliance], ep.before, knowledge=knowledge, known_by=ep.after,
                          aged_at=ep.after)
        [a1] = app.assess([ep.alliance], ep.after, knowledge=knowledge)
        s0, s1 = _block(a0, ep.measure), _block(a1, ep.measure)
        why = _movers(s0, s1) if ep.measure != "overall" else [
            {"indicator": c, "change": None if a1.criteria[c].score is None
             or a0.criteria[c].score is None
             else round(a1.criteria[c].score - a0.criteria[c].score, 1)}
            for c in a1.criteria]
        if s0.score is None or s1.score is None:
            result: Literal["hit", "miss", "no_score"] = "no_score"
        else:
            delta = s1.score - s0.score
            result = "hit" if delta * ep.expected > 0 else "miss"
        outcomes.append(Outcome(ep, s0.score, s1.score, result, why))
    return outcomes


def summary(outcomes: list[Outcome]) -> dict[str, Any]:
    hits = sum(o.result == "hit" for o in outcomes)
    return {"episodes": len(outcomes), "hits": hits,
            "misses": sum(o.result == "miss" for o in outcomes),
            "no_score": sum(o.result == "no_score" for o in outcomes),
            "hit_rate": round(hits / len(outcomes), 3) if outcomes else None}


__all__ = ["Episode", "Outcome", "load_episodes", "run", "summary"]
