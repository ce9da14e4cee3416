"""What-if scenarios: a sourced set of overlays from a date, played against the baseline.

A scenario file (docs/scenarios.md) adds or supersedes facts and codings, adds events and
institutions, and overrides indicator values, each from a date and with a rationale and public
sources. The knowledge parts are validated by the knowledge loader exactly like the bundled
files; the result is a :meth:`Snapshot.with_overlay` copy, so a scenario never writes the store.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from alliance_monitor.assess.snapshot import Snapshot, dataset_known_from, record_signals
from alliance_monitor.errors import AllianceError, ScenarioError, UnknownAlliance
from alliance_monitor.knowledge.loader import KnowledgeBase, KnowledgeError, load
from alliance_monitor.model import Assessment, SignalRecord, Text

DURATION = re.compile(r"^(\d+)([dwmy])$")


class ScenarioSource(BaseModel):
    """A public report the scenario rests on (never its text)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_.:-]*$")
    outlet: str = Field(min_length=1)
    published: dt.date
    url: str = Field(pattern=r"^https?://\S+$")
    title: str = Field(min_length=1)
    language: str | None = None


class IndicatorOverride(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    indicator: str
    alliance: str
    value: float
    start: dt.date | None = Field(None, alias="from")
    note: str = Field(min_length=1)


class Check(BaseModel):
    """A hindcast: the scenario uses only what was public by ``before``; compare its effect
    with what the point-in-time assessment shows between ``before`` and ``after``."""

    model_config = ConfigDict(extra="forbid")
    alliance: str
    measures: list[str] = Field(min_length=1)
    before: dt.date
    after: dt.date
    episode: Text

    @model_validator(mode="after")
    def _order(self) -> Check:
        if self.after <= self.before:
            raise ValueError("check.after must be later than check.before")
        return self


class Scenario(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: Text
    rationale: Text
    start: dt.date = Field(alias="from")
    at: dt.date | None = None
    alliances: list[str] = Field(default_factory=list)
    spillover: float = Field(0.5, ge=0, le=1)
    sources: list[ScenarioSource] = Field(min_length=1)
    facts: list[dict[str, Any]] = Field(default_factory=list)
    events: list[dict[str, Any]] = Field(default_factory=list)
    institutions: list[dict[str, Any]] = Field(default_factory=list)
    indicators: list[IndicatorOverride] = Field(default_factory=list)
    check: Check | None = None
    path: str | None = Field(None, exclude=True)

    @model_validator(mode="after")
    def _something(self) -> Scenario:
        if not (self.facts or self.events or self.institutions or self.indicators):
            raise ValueError("a scenario needs at least one of facts, events, institutions, "
                             "indicators")
        return self

    @property
    def source_id(self) -> str:
        return f"scenario:{self.id}"


def load_scenario(path: Path | str) -> Scenario:
    target = Path(path)
    try:
        doc = yaml.safe_load(target.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ScenarioError(f"scenario file {target} not found") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ScenarioError(f"{target}: not valid UTF-8 YAML: {exc}") from None
    if not isinstance(doc, dict):
        raise ScenarioError(f"{target}: a scenario is a mapping (id, title, rationale, from, "
                            "sources, facts/events/indicators); see docs/scenarios.md")
    try:
        sc = Scenario.model_validate(doc)
    except ValidationError as exc:
        lines = [f"  - {'.'.join(str(x) for x in e['loc']) or '-'}: {e['msg']}"
                 for e in exc.errors()]
        raise ScenarioError(f"{target}: invalid scenario:\n" + "\n".join(lines)) from None
    return sc.model_copy(update={"path": str(target)})


def load_scenarios(paths: list[Path]) -> list[Scenario]:
    files: list[Path] = []
    for p in paths:
        files += sorted(p.rglob("*.yaml")) if p.is_dir() else [p]
    if not files:
        raise ScenarioError(f"no scenario files (*.yaml) in {', '.join(map(str, paths))}")
    return [load_scenario(f) for f in files]


def evaluation_date(sc: Scenario, at: dt.date | None, horizon: str | None) -> dt.date:
    """``--at``, else the scenario start plus ``--horizon`` (90d, 26w, 6m, 1y), else the
    scenario's own ``at``, else one year after its start."""
    if at is not None and horizon is not None:
        raise ScenarioError("give --at or --horizon, not both")
    if at is not None:
        return at
    if horizon is not None:
        match = DURATION.match(horizon.strip())
        if not match:
            raise ScenarioError(f"bad --horizon '{horizon}'; use e.g. 90d, 26w, 6m or 1y")
        n, unit = int(match.group(1)), match.group(2)
        days = {"d": 1, "w": 7, "m": 30.44, "y": 365.25}[unit] * n
        return sc.start + dt.timedelta(days=round(days))
    return sc.at or sc.start + dt.timedelta(days=365)


# -- the overlay -----------------------------------------------------------------------------
def _resolve(kb: KnowledgeBase, alliance: str, sc: Scenario) -> str:
    try:
        return kb.resolve_alliance(alliance)
    except UnknownAlliance as exc:
        raise ScenarioError(f"{sc.path or sc.id}: {exc}") from None


def _knowledge_doc(sc: Scenario, kb: KnowledgeBase) -> dict[str, list[dict[str, Any]]]:
    reports = [{"outlet": s.outlet, "published": s.published.isoformat(), "url": s.url,
                "title": s.title, **({"language": s.language} if s.language in
                                     ("en", "de", "ko", "ja") else {})} for s in sc.sources]
    sources = [{"id": s.id, "title": s.title, "publisher": s.outlet,
                "published": s.published.isoformat(), "url": s.url, "kind": "article",
                **({"language": s.language} if s.language in ("en", "de", "ko", "ja")
                   else {})} for s in sc.sources if s.id not in kb.sources]
    sources.append({"id": sc.source_id, "title": f"Scenario: {sc.title.en}",
                    "kind": "report", "publisher": "Alliance Monitor scenario"})
    facts = []
    for raw in sc.facts:
        f = dict(raw)
        f.setdefault("source", {"ref": sc.source_id})
        f.setdefault("valid_from", sc.start.isoformat())
        f.setdefault("known_from", str(f["valid_from"]))
        if isinstance(f.get("subject"), str) and "-" in f["subject"] \
                and f["subject"] not in kb.institutions:
            f["subject"] = _resolve(kb, f["subject"], sc)
        facts.append(f)
    events = []
    for raw in sc.events:
        e = dict(raw)
        if e.get("id") in kb.events:
            raise ScenarioError(f"{sc.path or sc.id}: event id '{e['id']}' already exists in "
                                "the event record; scenario events must be new")
        e.setdefault("sources", reports)
        e["signals"] = [{**s, "alliance": _resolve(kb, str(s.get("alliance", "")), sc)}
                        if isinstance(s, dict) else s for s in e.get("signals") or []]
        events.append(e)
    return {"sources": sources, "facts": facts, "events": events,
            "institutions": [dict(i) for i in sc.institutions]}


def overlay_knowledge(sc: Scenario, kb: KnowledgeBase) -> KnowledgeBase:
    """The knowledge base with the scenario's additions, validated like the bundled files."""
    doc = _knowledge_doc(sc, kb)
    # entries with an existing id replace the base entry (e.g. an institution that now ends)
    replaced = {sec: {str(e.get("id")) for e in doc[sec]} for sec in ("facts", "institutions")}
    kb = replace(kb, facts={k: v for k, v in kb.facts.items() if k not in replaced["facts"]},
                 institutions={k: v for k, v in kb.institutions.items()
                               if k not in replaced["institutions"]})
    with tempfile.TemporaryDirectory(prefix="alliance-scenario-") as tmp:
        file = Path(tmp) / f"{sc.id}.yaml"
        file.write_text(yaml.safe_dump({k: v for k, v in doc.items() if v}, allow_unicode=True,
                                       sort_keys=False), encoding="utf-8")
        try:
            return load([file], base=kb, user=True)
        except KnowledgeError as exc:
            lines = [f"  - [{p.key}] {p.message} — fix: {p.fix}" for p in exc.problems]
            raise ScenarioError(f"{sc.path or sc.id}: the scenario's knowledge is invalid:\n"
                                + "\n".join(lines)) from None


def spillover_signals(sc: Scenario, kb: KnowledgeBase) -> list[SignalRecord]:
    """System view: a scenario deed on alliance A also weighs on every alliance B that shares
    members with it, with ``spillover`` × the Jaccard overlap of their members (e.g. a USA-KOR
    shock reaches USA-JPN-KOR with 2/3 and JPN-KOR with 1/3 of that share)."""
    if not sc.spillover:
        return []
    ids = {e.get("id") for e in sc.events}
    own = [s for s in record_signals(kb) if s.event in ids]
    direct = {(s.event, s.alliance, s.measure) for s in own}
    out = []
    for s in own:
        a = set(kb.alliances[s.alliance].members)
        for other in kb.alliances.values():
            if other.id == s.alliance or (s.event, other.id, s.measure) in direct:
                continue
            b = set(other.members)
            overlap = len(a & b) / len(a | b)
            if overlap <= 0:
                continue
            out.append(s.model_copy(update={
                "event": f"{s.event}~spillover~{other.id}", "alliance": other.id,
                "weight": round(s.weight * sc.spillover * overlap, 4),
                "summary_en": f"[spillover from {s.alliance}] {s.summary_en or ''}",
                "summary_de": f"[Übertragung von {s.alliance}] {s.summary_de or ''}"}))
    return out


def overlay(sc: Scenario, snap: Snapshot, methodology: Any) -> Snapshot:
    """The snapshot with the scenario applied (a copy: the store is never touched)."""
    kb = overlay_knowledge(sc, snap.kb)
    ids = {e.get("id") for e in sc.events}
    signals = [s for s in record_signals(kb) if s.event in ids]
    signals += spillover_signals(sc, kb)
    known = {i.id for b in methodology.blocks().values() for i in b.indicators}
    overrides: dict[tuple[str, str], list[tuple[dt.date, float, str]]] = {}
    for o in sc.indicators:
        if o.indicator not in known:
            raise ScenarioError(f"{sc.path or sc.id}: unknown indicator '{o.indicator}'; "
                                f"use one of the methodology's ids (e.g. {sorted(known)[:4]})")
        key = (o.indicator, _resolve(snap.kb, o.alliance, sc))
        overrides.setdefault(key, list(snap.overrides.get(key, []))).append(
            (o.start or sc.start, o.value, o.note))
    return snap.with_overlay(kb=kb, signals=signals, overrides=overrides)


def knowledge_cut(snap: Snapshot, cut: dt.date) -> Snapshot:
    """Only what was public by ``cut``: for hindcasts that must not peek at the episode."""
    kb = snap.kb

    def known(f: Any) -> bool:
        k = kb.known_from(f)
        return (k <= cut) if k is not None else (f.valid_from is None or f.valid_from <= cut)

    def published(ref: Any) -> bool:
        src = kb.sources.get(ref.ref)
        return src is None or src.published is None or src.published <= cut

    cut_kb = replace(
        kb, facts={k: f for k, f in kb.facts.items() if known(f)},
        events={k: e for k, e in kb.events.items() if e.known_from <= cut},
        perceptions={k: p for k, p in kb.perceptions.items() if published(p.source)},
        institutions={k: i for k, i in kb.institutions.items()
                      if i.start is None or i.start <= cut})
    values = [v for vs in snap.values.values() for v in vs if dataset_known_from(v.year) <= cut]
    signals = [s for ss in snap.signals.values() for s in ss if s.known_from <= cut]
    out = Snapshot.build(cut_kb, values, signals, horizon=min(snap.horizon or cut, cut))
    return out


# -- simulation ------------------------------------------------------------------------------
@dataclass
class Outcome:
    alliance: str
    direct: bool
    baseline: Assessment
    scenario: Assessment
    explanation: Any
    intervals: dict[str, Any] = field(default_factory=dict)
    difference: dict[str, Any] = field(default_factory=dict)

    def changed(self) -> bool:
        return any(self.explanation.blocks[b].change not in (None, 0.0)
                   for b in self.explanation.blocks) or \
            self.explanation.overall.change not in (None, 0.0)


@dataclass
class Simulation:
    scenario: Scenario
    at: dt.date
    samples: int
    seed: int | None
    outcomes: list[Outcome]

    def as_json(self) -> dict[str, Any]:
        from alliance_monitor.assess.engine import assessment_json

        sc = self.scenario
        return {
            "scenario": {"id": sc.id, "title": sc.title.model_dump(),
                         "rationale": sc.rationale.model_dump(), "from": sc.start.isoformat(),
                         "spillover": sc.spillover,
                         "sources": [s.model_dump(mode="json") for s in sc.sources]},
            "at": self.at.isoformat(), "samples": self.samples, "seed": self.seed,
            "alliances": [{
                "alliance": o.alliance, "direct": o.direct,
                "scores": {name: {"baseline": _score(o.baseline, name),
                                  "scenario": _score(o.scenario, name),
                                  "change": _delta(o, name),
                                  "baseline_interval": o.intervals.get("baseline", {}).get(name),
                                  "scenario_interval": o.intervals.get("scenario", {}).get(name),
                                  "difference_interval": o.difference.get(name)}
                           for name in SCORE_NAMES},
                "explain": o.explanation.as_json(),
                "baseline": assessment_json(o.baseline), "scenario": assessment_json(o.scenario),
            } for o in self.outcomes]}


SCORE_NAMES = ("alignment", "contributions", "political_support", "overall", "abandonment",
               "entrapment")


def _score(a: Assessment, name: str) -> float | None:
    if name == "overall":
        return a.overall.score
    block = a.criteria.get(name) or a.fears.get(name)
    return block.score if block else None


def _delta(o: Outcome, name: str) -> float | None:
    b, s = _score(o.baseline, name), _score(o.scenario, name)
    return None if b is None or s is None else round(s - b, 1)


def direct_alliances(sc: Scenario, kb: KnowledgeBase) -> set[str]:
    out = {_resolve(kb, a, sc) for a in sc.alliances}
    out |= {_resolve(kb, str(s.get("alliance")), sc) for e in sc.events
            for s in e.get("signals") or [] if isinstance(s, dict)}
    out |= {_resolve(kb, o.alliance, sc) for o in sc.indicators}
    out |= {f["subject"] if f.get("subject") in kb.alliances else ""
            for f in sc.facts} - {""}
    return out


def simulate(app: Any, sc: Scenario, at: dt.date, *, samples: int = 200,
             seed: int | None = None, knowledge: Any = "point_in_time",
             base: Snapshot | None = None, all_alliances: bool = False) -> Simulation:
    """Baseline vs scenario for every alliance the scenario reaches (directly or through the
    system), with paired Monte Carlo intervals and the decomposition of the difference."""
    from alliance_monitor.simulate.explain import explain_assessments
    from alliance_monitor.simulate.uncertainty import paired_difference, run_uncertainty

    snap0 = base or app.snapshot
    try:
        snap1 = overlay(sc, snap0, app.methodology)
    except AllianceError:
        raise
    direct = direct_alliances(sc, snap0.kb)
    m = app.methodology
    outcomes = []
    for alliance in app.resolve(None):
        [a0] = app.assess([alliance], at, knowledge=knowledge, snapshot=snap0)
        [a1] = app.assess([alliance], at, knowledge=knowledge, snapshot=snap1)
        ex = explain_assessments(a0, a1, m, snap0.kb, snap1.kb, before="baseline",
                                 after="scenario")
        o = Outcome(alliance, alliance in direct, a0, a1, ex)
        if not (o.direct or o.changed() or all_alliances):
            continue
        if samples:
            r0, r1 = run_uncertainty([a0, a1], m, snap0.kb, samples, seed, sensitivity=False,
                                     kbs=[snap0.kb, snap1.kb])
            o.intervals = {"baseline": {k: v.as_json() for k, v in r0.scores.items()},
                           "scenario": {k: v.as_json() for k, v in r1.scores.items()}}
            o.difference = paired_difference(r0, r1, m)
            seed = r0.seed if seed is None else seed
        outcomes.append(o)
    outcomes.sort(key=lambda o: (not o.direct, o.alliance))
    return Simulation(sc, at, samples, seed, outcomes)


__all__ = ["Check", "IndicatorOverride", "Outcome", "Scenario", "ScenarioSource",
           "Simulation", "evaluation_date", "knowledge_cut", "load_scenario", "load_scenarios",
           "overlay", "overlay_knowledge", "simulate", "spillover_signals"]
