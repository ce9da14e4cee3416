"""Why a score changed: an exact additive decomposition into indicator contributions.

A block score is S = sum_i s_i n_i with shares s_i = w_i / sum_j w_j over the indicators with
data (w_i: the weight after ageing, ``effective_weight``). Between two assessments

    S1 - S0 = sum_i [ s̄_i (n1_i - n0_i)  +  (s1_i - s0_i) (n̄_i - S̄) ]

(bars: means of the two sides; the S̄ term sums to zero because the shares sum to one on both
sides). The first part is the indicator's own movement, the second the re-weighting when data
appear, drop out or age; an indicator without data on one side counts with share 0 and its
value of the other side. The parts sum exactly to the change of the unrounded scores, so to
the reported change within rounding (0.1). An input that appears although it already held on
the first date (a fact valid then, a deed done by then) but was published only later is
flagged ``newly_published``: new knowledge about the earlier state, not a change in the
world. The overall score is a fixed-weight mean of the criteria, so an indicator's part of the
overall change is its criterion's weight share times its part of the criterion's change.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from alliance_monitor.assess.kinds import cite
from alliance_monitor.assess.methodology import Methodology
from alliance_monitor.knowledge.loader import KnowledgeBase
from alliance_monitor.model import Assessment, Score

CRITERIA = ("alignment", "contributions", "political_support")


@dataclass
class Contribution:
    indicator: str
    block: str
    before: float | None
    after: float | None
    share_before: float
    share_after: float
    value_part: float
    reweight_part: float
    #: the indicator's part of the overall score's change (criteria only)
    overall_part: float | None = None
    changes: list[dict[str, Any]] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)
    note: str | None = None

    @property
    def total(self) -> float:
        return self.value_part + self.reweight_part

    def as_json(self) -> dict[str, Any]:
        return {"indicator": self.indicator, "block": self.block, "before": self.before,
                "after": self.after, "share_before": round(self.share_before, 4),
                "share_after": round(self.share_after, 4),
                "contribution": round(self.total, 3), "value_part": round(self.value_part, 3),
                "reweight_part": round(self.reweight_part, 3),
                "overall_part": None if self.overall_part is None
                else round(self.overall_part, 3),
                "changes": self.changes, "sources": self.sources, "note": self.note}


@dataclass
class BlockChange:
    name: str
    before: float | None
    after: float | None
    #: change of the unrounded scores (= sum of the contributions)
    exact: float | None
    contributions: list[Contribution] = field(default_factory=list)
    note: str | None = None

    @property
    def change(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return round(self.after - self.before, 1)

    def as_json(self) -> dict[str, Any]:
        return {"before": self.before, "after": self.after, "change": self.change,
                "exact_change": None if self.exact is None else round(self.exact, 3),
                "sum_of_contributions": round(sum(
                    (c.overall_part or 0.0) if self.name == "overall" else c.total
                    for c in self.contributions), 3) if self.contributions else None,
                "contributions": [
                    {"indicator": c.indicator, "block": c.block,
                     "contribution": round(c.overall_part or 0.0, 3)}
                    for c in self.contributions] if self.name == "overall"
                else [c.as_json() for c in self.contributions], "note": self.note}


@dataclass
class Explanation:
    alliance: str
    before: str  # a date or a label ("baseline")
    after: str
    blocks: dict[str, BlockChange]
    overall: BlockChange

    def as_json(self) -> dict[str, Any]:
        return {"alliance": self.alliance, "before": self.before, "after": self.after,
                "criteria": {k: v.as_json() for k, v in self.blocks.items() if k in CRITERIA},
                "fears": {k: v.as_json() for k, v in self.blocks.items() if k not in CRITERIA},
                "overall": self.overall.as_json()}

    def top(self, k: int = 5) -> list[Contribution]:
        """The indicators that moved the overall score (or the fears) most."""
        parts = [c for b in self.blocks.values() for c in b.contributions]
        return sorted(parts, key=lambda c: -abs(c.overall_part if c.overall_part is not None
                                                 else c.total))[:k]


def _shares(score: Score) -> tuple[dict[str, float], dict[str, float], float]:
    used = {i.id: (i.normalized, i.effective_weight) for i in score.indicators
            if i.normalized is not None and i.effective_weight}
    total = sum(w for _, w in used.values() if w)
    shares = {k: (w or 0.0) / total for k, (_, w) in used.items()} if total else {}
    norms = {k: float(n) for k, (n, _) in used.items() if n is not None}
    exact = sum(shares[k] * norms[k] for k in shares)
    return shares, norms, exact


def _key(e: dict[str, Any]) -> tuple[Any, ...]:
    if "fact" in e:
        return ("fact", e["fact"], str(e.get("value")))
    if "event" in e:
        return ("event", e["event"])
    if "dataset_indicator" in e:
        return ("dataset", e["dataset_indicator"], e.get("subject"), e.get("year"),
                tuple(e.get("years") or ()), e.get("value"))
    if "institution" in e:
        return ("institution", e["institution"])
    if "perception" in e:
        return ("perception", e["perception"])
    return ("other", repr(sorted(e.items())))


def _item_sources(e: dict[str, Any], kb: KnowledgeBase,
                  indicator_sources: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if "fact" in e and e["fact"] in kb.facts:
        f = kb.facts[e["fact"]]
        return [cite(kb, ref, kb.known_from(f)) for ref in (f.source, *f.contemporary)]
    if "event" in e:
        return [{"label": f"{c.get('outlet')}: {c.get('title')}", "url": c.get("url"),
                 "published": c.get("published"), "publisher": c.get("outlet")}
                for c in e.get("citations") or []]
    if "institution" in e and e["institution"] in kb.institutions:
        return [cite(kb, kb.institutions[e["institution"]].source)]
    if "dataset_indicator" in e:
        year = e.get("year")
        years = e.get("years") or ([year] if year else [])
        return [s for s in indicator_sources
                if any(str(y) in str(s.get("label", "")) for y in years)] or indicator_sources
    return []


def _kind(key: tuple[Any, ...]) -> str:
    return str(key[0])


def _published_late(e: dict[str, Any], start: dt.date | None) -> bool:
    """An input that already held on ``start`` (a fact valid then, a deed done by then) but was
    published only after it: new knowledge about the earlier state, not a change in the world."""
    if start is None:
        return False
    began = e.get("valid_from") or e.get("date")
    known = e.get("known_from")
    return bool(began and known and str(began) <= start.isoformat() < str(known))


def _changes(before: Score | None, after: Score | None, indicator: str, kb0: KnowledgeBase,
             kb1: KnowledgeBase, start: dt.date | None = None
             ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    def items(s: Score | None) -> dict[tuple[Any, ...], dict[str, Any]]:
        if s is None:
            return {}
        return {_key(e): e for e in s.evidence if e.get("indicator") == indicator}

    def sources(s: Score | None) -> list[dict[str, Any]]:
        for i in (s.indicators if s else []):
            if i.id == indicator:
                return list(i.sources)
        return []

    e0, e1 = items(before), items(after)
    out: list[dict[str, Any]] = []
    cited: dict[tuple[Any, ...], dict[str, Any]] = {}
    for side, keys, pool, kb, src in (("added", e1.keys() - e0.keys(), e1, kb1, sources(after)),
                                      ("removed", e0.keys() - e1.keys(), e0, kb0,
                                       sources(before))):
        for key in sorted(keys, key=repr):
            entry = {k: v for k, v in pool[key].items() if k not in ("indicator", "summary_de")}
            found = _item_sources(pool[key], kb, src)
            change: dict[str, Any] = {"change": side, "kind": _kind(key), "item": entry,
                                      "sources": found}
            if side == "added" and _published_late(pool[key], start):
                change["newly_published"] = True
            out.append(change)
            for c in found:
                cited.setdefault((c.get("label"), c.get("url")), c)
    for i in (after.indicators if after else []):
        if i.id == indicator and (i.note or "").startswith("scenario:"):
            out.append({"change": "override", "kind": "indicator_value",
                        "item": {"value": i.value, "note": i.note, "from": i.as_of},
                        "sources": []})
    return out, sorted(cited.values(), key=lambda c: (str(c.get("published") or ""),
                                                      str(c.get("label") or "")))


def _block(name: str, s0: Score, s1: Score, kb0: KnowledgeBase,
           kb1: KnowledgeBase, start: dt.date | None = None) -> BlockChange:
    if s0.score is None or s1.score is None:
        side = "before" if s0.score is None else "after"
        return BlockChange(name, s0.score, s1.score, None,
                           note=f"no score {side}: too little data to decompose")
    sh0, n0, x0 = _shares(s0)
    sh1, n1, x1 = _shares(s1)
    mean = (x0 + x1) / 2
    order = [i.id for i in s1.indicators] + [i.id for i in s0.indicators
                                             if i.id not in {j.id for j in s1.indicators}]
    notes = {i.id: i.note for i in s1.indicators}
    parts = []
    for ind in order:
        a, b = sh0.get(ind, 0.0), sh1.get(ind, 0.0)
        v0 = n0.get(ind, n1.get(ind))
        v1 = n1.get(ind, n0.get(ind))
        if v0 is None or v1 is None:  # no data on either side
            value_part = reweight_part = 0.0
        else:
            value_part = (a + b) / 2 * (v1 - v0)
            reweight_part = (b - a) * ((v0 + v1) / 2 - mean)
        changes, sources = _changes(s0, s1, ind, kb0, kb1, start)
        parts.append(Contribution(ind, name, n0.get(ind), n1.get(ind), a, b, value_part,
                                  reweight_part, changes=changes, sources=sources,
                                  note=notes.get(ind)))
    return BlockChange(name, s0.score, s1.score, x1 - x0, parts)


def explain_assessments(a0: Assessment, a1: Assessment, m: Methodology, kb0: KnowledgeBase,
                        kb1: KnowledgeBase | None = None, *, before: str | None = None,
                        after: str | None = None) -> Explanation:
    """Decompose the change from ``a0`` to ``a1`` (two dates, or baseline and scenario)."""
    kb1 = kb1 or kb0
    # between two dates (not baseline and scenario), flag inputs published late
    start = a0.as_of if a1.as_of > a0.as_of else None
    blocks = {n: _block(n, a0.criteria[n], a1.criteria[n], kb0, kb1, start)
              for n in a1.criteria}
    blocks.update({n: _block(n, a0.fears[n], a1.fears[n], kb0, kb1, start) for n in a1.fears})
    weights: dict[str, float] = {str(c): float(w) for c, w in m.overall.items()}
    total = sum(weights.values())
    crit = [blocks[c] for c in weights if c in blocks]
    if a0.overall.score is None or a1.overall.score is None or any(b.exact is None
                                                                    for b in crit):
        overall = BlockChange("overall", a0.overall.score, a1.overall.score, None,
                              note="no overall score on one side")
    else:
        for b in crit:
            for c in b.contributions:
                c.overall_part = weights[b.name] / total * c.total
        exact = sum(weights[b.name] / total * (b.exact or 0.0) for b in crit)
        overall = BlockChange("overall", a0.overall.score, a1.overall.score, exact,
                              [c for b in crit for c in b.contributions])
    return Explanation(a0.alliance, before or a0.as_of.isoformat(),
                       after or a1.as_of.isoformat(), blocks, overall)


def explain(app: Any, alliance: str, start: dt.date, end: dt.date, *,
            knowledge: Any = "point_in_time") -> Explanation:
    """Why ``alliance``'s scores changed from ``start`` to ``end`` (the app's read API)."""
    [a0] = app.assess([alliance], start, knowledge=knowledge)
    [a1] = app.assess([alliance], end, knowledge=knowledge)
    return explain_assessments(a0, a1, app.methodology, app.knowledge)


__all__ = ["BlockChange", "Contribution", "Explanation", "explain", "explain_assessments"]
