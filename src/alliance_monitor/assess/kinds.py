"""Indicator kinds: where an indicator's raw value comes from.

Each kind is a function ``(ctx, params) -> Observation`` registered under a name that the
methodology file uses. Later stages (data sets, event series, news signals) add kinds with
:func:`kind`, in modules listed in :data:`PLUGINS`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

import duckdb

from alliance_monitor.knowledge.loader import KnowledgeBase
from alliance_monitor.model import Alliance, Fact
from alliance_monitor.plugins import optional_import

NON_STATE_LEADS = {"USA", "NATO"}


@dataclass
class Context:
    kb: KnowledgeBase
    alliance: Alliance
    at: dt.date
    con: duckdb.DuckDBPyConnection | None = None

    def members(self, which: str) -> list[str]:
        """Resolve a subject word of the methodology file to actor or alliance ids."""
        if which == "alliance":
            return [self.alliance.id]
        if which == "members":
            return list(self.alliance.members)
        if which == "partners":  # the members that are not the lead (USA, NATO)
            rest = [m for m in self.alliance.members if m not in NON_STATE_LEADS]
            return rest if len(rest) < len(self.alliance.members) else list(self.alliance.members)
        if which == "lead":
            return [m for m in self.alliance.members if m in NON_STATE_LEADS]
        return [which]


@dataclass
class Observation:
    value: float | None
    sources: list[str] = field(default_factory=list)
    evidence: list[dict[str, Any]] = field(default_factory=list)
    as_of: str | None = None
    note: str | None = None


KindFn = Callable[[Context, dict[str, Any]], Observation]
KINDS: dict[str, KindFn] = {}
PLUGINS = (
    "alliance_monitor.datasets.assess_kinds",
    "alliance_monitor.series.assess_kinds",
    "alliance_monitor.coding.assess_kinds",
)


def kind(name: str) -> Callable[[KindFn], KindFn]:
    def register(fn: KindFn) -> KindFn:
        KINDS[name] = fn
        return fn
    return register


def fact_evidence(kb: KnowledgeBase, f: Fact) -> dict[str, Any]:
    return {"fact": f.id, "subject": f.subject, "attribute": f.attribute, "about": f.about,
            "value": f.value, "unit": f.unit,
            "valid_from": f.valid_from.isoformat() if f.valid_from else None,
            "valid_to": f.valid_to.isoformat() if f.valid_to else None,
            "status": f.status, "source": kb.source_label(f.source)}


def _aggregate(values: list[float], how: str) -> float:
    if how == "min":
        return min(values)
    if how == "max":
        return max(values)
    if how == "sum":
        return sum(values)
    return sum(values) / len(values)


@kind("fact")
def fact_kind(ctx: Context, params: dict[str, Any]) -> Observation:
    """Latest numeric fact valid at the date, per subject (and member it is about), aggregated."""
    attribute = params["attribute"]
    subjects = ctx.members(params.get("subject", "alliance"))
    abouts = ctx.members(params["about"]) if params.get("about") else [None]
    dataset = params.get("dataset")
    max_age = params.get("max_age_years")
    values: list[float] = []
    used: list[Fact] = []
    sources: set[str] = set()
    evidence: list[dict[str, Any]] = []
    dates: list[str] = []
    missing = []
    for subject in subjects:
        for about in abouts:
            candidates = [f for f in _known_facts(ctx, subject, attribute, max_age)
                          if f.status in ("asserted", "estimate")
                          and (about is None or f.about == about)
                          and isinstance(f.value, (int, float)) and not isinstance(f.value, bool)]
            chosen = candidates[-1] if candidates else None
            row = _dataset_row(ctx, dataset, subject) if dataset and about is None else None
            fact_year = chosen.valid_from.year if chosen and chosen.valid_from else None
            if row is not None and (chosen is None or fact_year is None or row[0] > fact_year):
                year, value, name, ref = row
                values.append(float(value))
                sources.add(f"{name} ({ref}), {year}")
                evidence.append({"dataset_indicator": dataset, "subject": subject,
                                 "year": year, "value": value})
                dates.append(str(year))
                continue
            if chosen is None:
                missing.append(f"{subject}{'/' + about if about else ''}")
                continue
            values.append(float(chosen.value))  # type: ignore[arg-type]
            used.append(chosen)
            sources.add(ctx.kb.source_label(chosen.source))
            evidence.append(fact_evidence(ctx.kb, chosen))
            if chosen.valid_from:
                dates.append(chosen.valid_from.isoformat())
    if not values:
        return Observation(None, note=f"no fact '{attribute}' valid on {ctx.at} for "
                                      f"{', '.join(missing)}")
    note = f"missing for {', '.join(missing)}" if missing else None
    return Observation(_aggregate(values, params.get("aggregate", "mean")),
                       sources=sorted(sources), evidence=evidence,
                       as_of=max(dates, default=None), note=note)


def _known_facts(ctx: Context, subject: str, attribute: str,
                 max_age: float | None) -> list[Fact]:
    """Facts valid on the date; with ``max_age`` also the last known figure of a period that
    ended at most that many years before (a yearly figure stays the latest known value)."""
    if not max_age:
        return ctx.kb.facts_for(subject, attribute, ctx.at)
    horizon = ctx.at - dt.timedelta(days=round(365.25 * float(max_age)))
    facts = [f for f in ctx.kb.facts_for(subject, attribute)
             if (f.valid_from is None or f.valid_from <= ctx.at)
             and (f.valid_to is None or f.valid_to >= horizon)]
    return sorted(facts, key=lambda f: (f.valid_from or dt.date.min, f.id))


def _dataset_row(ctx: Context, indicator: str, subject: str,
                 max_age: int = 3) -> tuple[int, float, str, str] | None:
    """Latest (year, value, dataset, source_ref) not after the date and not too old."""
    if ctx.con is None:
        return None
    row = ctx.con.execute(
        "SELECT year, value, dataset, source_ref FROM indicator_values WHERE indicator = ? "
        "AND subject = ? AND year <= ? AND value IS NOT NULL ORDER BY year DESC LIMIT 1",
        [indicator, subject, ctx.at.year]).fetchone()
    if row is None or ctx.at.year - int(row[0]) > max_age:
        return None
    return int(row[0]), float(row[1]), str(row[2]), str(row[3])


@kind("perceptions")
def perceptions_kind(ctx: Context, params: dict[str, Any]) -> Observation:
    """Agreement of members' threat perceptions in the study's comparison table (pp. 22f)."""
    topics = params.get("topics", ["regional_order", "china", "north_korea", "russia"])
    measure = params.get("measure", "threat_gap")
    countries = [m for m in ctx.alliance.members if m in ("USA", "JPN", "KOR")]
    if len(countries) < 2:
        return Observation(None, note="the comparison table covers only USA, JPN and KOR")
    cells: dict[tuple[str, str], tuple[str, Any]] = {}
    for key, p in ctx.kb.perceptions.items():
        valid = (p.valid_from is None or p.valid_from <= ctx.at or params.get("snapshot", True)) \
            and (p.valid_to is None or ctx.at <= p.valid_to)
        if valid and p.country in countries and p.topic in topics:
            cells[(p.country, p.topic)] = (key, p)
    gaps: list[float] = []
    for a, b in combinations(countries, 2):
        for topic in topics:
            if (a, topic) not in cells or (b, topic) not in cells:
                continue
            pa, pb = cells[(a, topic)][1], cells[(b, topic)][1]
            if measure == "threat_gap":
                gaps.append(abs(pa.threat_level - pb.threat_level))
            elif measure == "priority_gap":
                gaps.append(abs(pa.priority_rank - pb.priority_rank))
            else:  # means_overlap: Jaccard overlap of preferred means (1 = same means)
                sa, sb = set(pa.preferred_means), set(pb.preferred_means)
                gaps.append(len(sa & sb) / len(sa | sb))
    if not gaps:
        return Observation(None, note="comparison table has no cells for these members")
    used = sorted({cells[k][0] for k in cells})
    return Observation(sum(gaps) / len(gaps),
                       sources=sorted({ctx.kb.source_label(cells[k][1].source) for k in cells}),
                       evidence=[{"perception": u} for u in used],
                       note="comparison table as of May 2021" if params.get("snapshot", True)
                       else None)


@kind("institutions")
def institutions_kind(ctx: Context, params: dict[str, Any]) -> Observation:
    """Number of consultation and command bodies of the alliance active on the date."""
    kinds = set(params.get("kinds", ["consultation", "command", "agreement", "working_group"]))
    active = [i for i in ctx.kb.institutions.values()
              if ctx.alliance.id in i.alliances and i.kind in kinds and i.active_on(ctx.at)]
    return Observation(float(len(active)),
                       sources=sorted({ctx.kb.source_label(i.source) for i in active}),
                       evidence=[{"institution": i.id, "name": i.name.en,
                                  "start": i.start.isoformat() if i.start else None,
                                  "source": ctx.kb.source_label(i.source)} for i in active])


@kind("dataset")
def dataset_kind(ctx: Context, params: dict[str, Any]) -> Observation:
    """Latest yearly value not after the date from ``indicator_values``; never extrapolated."""
    if ctx.con is None:
        return Observation(None, note="no store: data-set indicators need the store")
    subjects = ctx.members(params.get("subject", "alliance"))
    max_age = int(params.get("max_age_years", 3))
    values, used_years, sources, missing = [], [], set(), []
    for subject in subjects:
        row = _dataset_row(ctx, params["indicator"], subject, max_age)
        if row is None:
            missing.append(subject)
            continue
        values.append(row[1])
        used_years.append(row[0])
        sources.add(f"{row[2]} ({row[3]}), {row[0]}")
    if not values:
        return Observation(None, note=f"no data for {params['indicator']} "
                                      f"({', '.join(missing)}) in {ctx.at.year - max_age}–"
                                      f"{ctx.at.year}")
    return Observation(_aggregate(values, params.get("aggregate", "mean")),
                       sources=sorted(sources),
                       evidence=[{"dataset_indicator": params["indicator"], "years": used_years}],
                       as_of=str(max(used_years)),
                       note=f"no data for {', '.join(missing)}" if missing else None)


def normalize(value: float, method: str, lo: float, hi: float) -> float:
    if method == "none":
        return max(0.0, min(100.0, value))
    if method == "log":
        value, lo, hi = math.log(max(value, lo)), math.log(lo), math.log(hi)
    return max(0.0, min(100.0, (value - lo) / (hi - lo) * 100.0))


def load_plugins() -> None:
    for module in PLUGINS:
        optional_import(module)
