"""Indicator kinds: where an indicator's raw value comes from.

Each kind is a function ``(ctx, params) -> Observation`` registered under a name that the
methodology file uses. Built-in kinds are registered here; plugins add more through the
``alliance_indicator_kinds`` hook (see :mod:`alliance_monitor.plugins`).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from itertools import combinations
from typing import Any

from alliance_monitor.assess.snapshot import Knowledge, Snapshot, dataset_known_from, value_date
from alliance_monitor.knowledge.loader import KnowledgeBase
from alliance_monitor.model import Alliance, DatasetValue, Fact, SourceRef

NON_STATE_LEADS = {"USA", "NATO"}
#: The event record starts here; before it, event indicators have no data.
RECORD_START = dt.date(2016, 1, 1)
RECORD_SOURCE = "alliance-monitor-event-record"


@dataclass
class Context:
    snap: Snapshot
    alliance: Alliance
    at: dt.date
    knowledge: Knowledge = "point_in_time"
    #: point-in-time knowledge as of this date instead of ``at`` (a vintage, as in ALFRED)
    known_by: dt.date | None = None
    #: scores only: kinds may leave out evidence and citations (a score series shown as a
    #: table or CSV prints neither; values, dates and notes are the same)
    lean: bool = False
    #: the date on which inputs are aged (``max_age_years``) instead of ``at``: the back-test
    #: reads both ends of an episode with one ageing, so that ageing alone is no movement
    aged_at: dt.date | None = None

    @property
    def kb(self) -> KnowledgeBase:
        return self.snap.kb

    def __post_init__(self) -> None:
        #: the last publication date that counts (None: ``latest``, everything counts)
        self.cutoff: dt.date | None = None if self.knowledge == "latest" \
            else (self.known_by or self.at)
        self.cutoff_iso: str | None = self.cutoff.isoformat() if self.cutoff else None

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

    def lead_pairs(self, about: str | None) -> list[str]:
        """The two-member alliances inside a group alliance that join its lead (USA, NATO) with
        ``about`` (with every partner where ``about`` is the lead): USA-JPN and USA-KOR inside
        USA-JPN-KOR. Empty for a two-member alliance or a group without its pairs."""
        members = set(self.alliance.members)
        leads = members & NON_STATE_LEADS
        if len(members) < 3 or len(leads) != 1 or about is None or about not in members:
            return []
        [lead] = leads
        return sorted(a.id for a in self.kb.alliances.values()
                      if len(a.members) == 2 and lead in a.members and about in a.members
                      and set(a.members) <= members)

    def cites(self, *refs: SourceRef) -> list[dict[str, Any]]:
        """Citations of these references; point-in-time only those published by the date."""
        out = [cite(self.kb, r) for r in refs]
        cutoff = self.cutoff_iso
        if cutoff is None:
            return out
        return [c for c in out if c["published"] is None or c["published"] <= cutoff]

    def known(self, fact: Fact) -> bool:
        """Point-in-time: was the fact public on the date? (``latest``: always.)"""
        if self.cutoff is None:
            return True
        known = self.kb.known_from(fact)
        return known is None or known <= self.cutoff


@dataclass
class Observation:
    value: float | None
    sources: list[dict[str, Any]] = field(default_factory=list)
    evidence: list[dict[str, Any]] = field(default_factory=list)
    #: the date of the newest input the value rests on (for its age)
    input_date: dt.date | None = None
    note: str | None = None


KindFn = Callable[[Context, dict[str, Any]], Observation]
KINDS: dict[str, KindFn] = {}


def kind(name: str, *, required: tuple[str, ...] = ()) -> Callable[[KindFn], KindFn]:
    """Register a kind; ``required`` names the parameters it reads as ``params["name"]``
    (the methodology check uses them; a test compares them with the kind's source)."""
    def register(fn: KindFn) -> KindFn:
        fn.required_params = frozenset(required)  # type: ignore[attr-defined]
        KINDS[name] = fn
        return fn
    return register


def cite(kb: KnowledgeBase, ref: SourceRef, known_from: dt.date | None = None
         ) -> dict[str, Any]:
    """A source as the outputs show it: id, label, publisher, publication date, URL (built once
    per knowledge base and reference; each caller gets its own copy)."""
    memo: dict[tuple[Any, ...], dict[str, Any]] = kb.__dict__.setdefault("_cite_memo", {})
    key = (ref, known_from)
    hit = memo.get(key)
    if hit is None:
        hit = memo[key] = _cite(kb, ref, known_from)
    return dict(hit)


def _cite(kb: KnowledgeBase, ref: SourceRef, known_from: dt.date | None) -> dict[str, Any]:
    src = kb.sources.get(ref.ref)
    published = known_from or (src.published if src else None)
    return {"id": ref.ref, "label": kb.source_label(ref),
            "publisher": src.publisher if src else None,
            "published": published.isoformat() if published else None,
            "url": src.url if src else None,
            "user": kb.origin.get(f"sources:{ref.ref}", "").startswith("user:")}


def _unique(cites: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each citation once (by id, label and URL), oldest publication first."""
    if len(cites) < 2:
        return cites
    seen: dict[tuple[Any, ...], dict[str, Any]] = {}
    for c in cites:
        seen.setdefault((c.get("id"), c.get("label"), c.get("url")), c)
    return sorted(seen.values(), key=_cite_order)


def _cite_order(c: dict[str, Any]) -> tuple[str, str]:
    return c.get("published") or "", c.get("label") or ""


def fact_evidence(ctx: Context, f: Fact) -> dict[str, Any]:
    """A fact as evidence (the same on every date: built once per knowledge base, copied)."""
    memo: dict[int, tuple[Fact, dict[str, Any]]] = ctx.kb.__dict__.setdefault(
        "_evidence_memo", {})
    hit = memo.get(id(f))
    if hit is None or hit[0] is not f:
        hit = memo[id(f)] = (f, _fact_evidence(ctx.kb, f))
    return dict(hit[1])


def _fact_evidence(kb: KnowledgeBase, f: Fact) -> dict[str, Any]:
    known = kb.known_from(f)
    return {"fact": f.id, "subject": f.subject, "attribute": f.attribute, "about": f.about,
            "value": f.value, "unit": f.unit,
            "valid_from": f.valid_from.isoformat() if f.valid_from else None,
            "valid_to": f.valid_to.isoformat() if f.valid_to else None,
            "known_from": known.isoformat() if known else None,
            "status": f.status, "source": kb.source_label(f.source),
            "user": kb.origin.get(f"facts:{f.id}", "").startswith("user:")}


def aggregate(values: list[float], how: str) -> float:
    if how == "min":
        return min(values)
    if how == "max":
        return max(values)
    if how == "sum":
        return sum(values)
    return sum(values) / len(values)


def _fact_input_date(ctx: Context, f: Fact) -> dt.date:
    """A fact's date for ageing: the end of its period if over, else when it began/was known."""
    if f.valid_to is not None and f.valid_to < ctx.at:
        return f.valid_to
    start = f.valid_from or ctx.at
    known = ctx.kb.known_from(f)
    return max(start, known) if known and known <= ctx.at else start


def _latest_candidate(ctx: Context, subject: str, attribute: str, about: str | None,
                      periodic: bool) -> Fact | None:
    """The newest numeric asserted/estimated fact usable on the date (facts are kept in
    (valid_from, id) order, so the scan runs backwards and stops at the first). Periodic
    figures (``max_age_years`` given) stay usable after their period ends; ageing weighs them
    down."""
    for f in reversed(ctx.kb.facts_view(subject, attribute)):
        if f.status not in ("asserted", "estimate") or (about is not None and f.about != about):
            continue
        if not isinstance(f.value, (int, float)) or isinstance(f.value, bool):
            continue
        if f.valid_from is not None and f.valid_from > ctx.at:
            continue
        if not periodic and f.valid_to is not None and f.valid_to < ctx.at:
            continue
        if ctx.known(f):
            return f
    return None


@kind("fact", required=("attribute",))
def fact_kind(ctx: Context, params: dict[str, Any]) -> Observation:
    """Latest numeric fact known and valid at the date, per subject (and member), aggregated;
    a data-set value wins where it is newer (``dataset`` parameter)."""
    attribute = params["attribute"]
    subjects = ctx.members(params.get("subject", "alliance"))
    abouts: list[str | None] = list(ctx.members(params["about"])) if params.get("about") \
        else [None]
    dataset = params.get("dataset")
    periodic = params.get("max_age_years") is not None
    fallbacks: list[str] = list(params.get("fallback_attributes", []))
    from_pairs = bool(params.get("from_pairs", False))
    lean = ctx.lean
    values: list[float] = []
    cites: list[dict[str, Any]] = []
    evidence: list[dict[str, Any]] = []
    dates: list[dt.date] = []
    missing = []
    for subject in subjects:
        for about in abouts:
            chosen = _latest_candidate(ctx, subject, attribute, about, periodic)
            for other in fallbacks:  # a related declared level stands in where none is stated
                if chosen is not None:
                    break
                chosen = _latest_candidate(ctx, subject, other, about, periodic)
            row = ctx.snap.latest_value(dataset, subject, ctx.at, ctx.knowledge, ctx.known_by) \
                if dataset and about is None else None
            fact_year = chosen.valid_from.year if chosen and chosen.valid_from else None
            if row is not None and (chosen is None or fact_year is None or row.year > fact_year):
                values.append(row.value)
                dates.append(value_date(row))
                if not lean:
                    cites.append(_dataset_cite(ctx, row))
                    evidence.append({"dataset_indicator": dataset, "subject": subject,
                                     "year": row.year, "value": row.value,
                                     **({"supplement": True} if row.citation else {})})
                continue
            picked = [chosen] if chosen is not None else []
            if not picked and from_pairs and subject == ctx.alliance.id:
                # a group alliance without its own judgement: the partners' stance towards the
                # lead as coded in their two-member alliances with it (the fears of the
                # trilateral are Japan's and Korea's fears about the USA)
                picked = [f for pair in ctx.lead_pairs(about)
                          if (f := _latest_candidate(ctx, pair, attribute, about, periodic))]
            if not picked:
                missing.append(f"{subject}{'/' + about if about else ''}")
                continue
            values.append(aggregate([float(f.value) for f in picked], "mean"))  # type: ignore[arg-type]
            dates.append(min(_fact_input_date(ctx, f) for f in picked))
            if not lean:
                for f in picked:
                    cites += ctx.cites(f.source, *f.contemporary)
                    evidence.append(fact_evidence(ctx, f) if f.subject == subject
                                    else {**fact_evidence(ctx, f), "from_pair": f.subject})
    if not values:
        return Observation(None, note=f"no fact '{attribute}' known and valid on {ctx.at} for "
                                      f"{', '.join(missing)}")
    note = f"missing for {', '.join(missing)}" if missing else None
    return Observation(aggregate(values, params.get("aggregate", "mean")),
                       sources=_unique(cites), evidence=evidence, input_date=min(dates),
                       note=note)


def _dataset_cite(ctx: Context, row: DatasetValue) -> dict[str, Any]:
    """Cite a data-set value: the data set's source, or for a curated supplement value the
    report it was read off, with that report's date."""
    if row.citation:
        c = row.citation
        return {"id": f"supplement:{row.dataset}:{row.indicator}:{row.subject}:{row.year}",
                "label": f"{c.get('title')} ({row.dataset} supplement), {row.year}; "
                         f"{c.get('locator')}",
                "publisher": c.get("publisher"), "published": c.get("published"),
                "url": c.get("url"), "user": False}
    src = ctx.kb.sources.get(row.source_ref)
    return {"id": row.source_ref,
            "label": f"{src.title if src else row.dataset} ({row.dataset}), {row.year}",
            "publisher": src.publisher if src else None,
            "published": dataset_known_from(row.year).isoformat(),
            "url": src.url if src else None, "user": False}


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
        src = ctx.kb.sources.get(p.source.ref)
        known = ctx.cutoff is None or src is None or src.published is None \
            or src.published <= ctx.cutoff
        if valid and known and p.country in countries and p.topic in topics:
            cells[(p.country, p.topic)] = (key, p)
    memo: dict[tuple[Any, ...], Observation] = ctx.kb.__dict__.setdefault(
        "_perceptions_memo", {})
    memo_key = (ctx.alliance.id, measure, tuple(topics), bool(params.get("snapshot", True)),
                tuple(sorted(cells)))
    hit = memo.get(memo_key)
    if hit is None:
        hit = memo[memo_key] = _perceptions(ctx, cells, countries, topics, measure, params)
    return _fresh(hit)


def _fresh(obs: Observation) -> Observation:
    """A copy of a memoized observation that its caller may change (value, note, citations)."""
    return replace(obs, sources=[dict(c) for c in obs.sources],
                   evidence=[dict(e) for e in obs.evidence])


def _perceptions(ctx: Context, cells: dict[tuple[str, str], tuple[str, Any]],
                 countries: list[str], topics: list[str], measure: str,
                 params: dict[str, Any]) -> Observation:
    """The perceptions observation for the cells known and valid on the date (the same on
    every date with the same cells: memoized per knowledge base)."""
    cites = [c for k in cells for c in ctx.cites(cells[k][1].source)]
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
        return Observation(None, note="comparison table has no cells for these members "
                                      "known on this date")
    used = sorted({cells[k][0] for k in cells})
    froms = [cells[k][1].valid_from for k in cells if cells[k][1].valid_from]
    return Observation(sum(gaps) / len(gaps),
                       sources=_unique(cites),
                       evidence=[{"perception": u} for u in used],
                       input_date=max(froms) if froms else None,
                       note="comparison table as of May 2021" if params.get("snapshot", True)
                       else None)


@kind("institutions")
def institutions_kind(ctx: Context, params: dict[str, Any]) -> Observation:
    """Number of consultation and command bodies of the alliance active on the date."""
    kinds = set(params.get("kinds", ["consultation", "command", "agreement", "working_group"]))
    active = [i for i in ctx.kb.institutions.values()
              if ctx.alliance.id in i.alliances and i.kind in kinds and i.active_on(ctx.at)]
    # point in time: a body counts once a report of it was published (source or contemporary)
    memo: dict[tuple[Any, ...], Observation] = ctx.kb.__dict__.setdefault(
        "_institutions_memo", {})
    cutoff = ctx.cutoff

    def known(ref: SourceRef | None) -> bool:
        src = ctx.kb.sources.get(ref.ref) if ref is not None else None
        return cutoff is None or src is None or src.published is None or \
            src.published <= cutoff
    # the observation depends only on which bodies are active and which of their reports
    # were published by the date
    key = tuple((i.id, tuple(known(r) for r in (i.source, *i.contemporary))) for i in active)
    hit = memo.get(key)
    if hit is None:
        hit = memo[key] = _institutions(ctx, active)
    return _fresh(hit)


def _institutions(ctx: Context, active: list[Any]) -> Observation:
    cited = {i.id: ctx.cites(i.source, *i.contemporary) for i in active}
    active = [i for i in active if cited[i.id]]
    starts = [i.start for i in active if i.start]
    return Observation(float(len(active)),
                       sources=_unique([c for i in active for c in cited[i.id]]),
                       evidence=[{"institution": i.id, "name": i.name.en,
                                  "start": i.start.isoformat() if i.start else None,
                                  "source": ctx.kb.source_label(i.source) if i.source else None}
                                 for i in active],
                       input_date=max(starts) if starts else None)


@kind("dataset", required=("indicator",))
def dataset_kind(ctx: Context, params: dict[str, Any]) -> Observation:
    """Latest yearly value published by the date (``latest``: of the date's year or before)."""
    subjects = ctx.members(params.get("subject", "alliance"))
    values, used_years, cites, missing = [], [], [], []
    dates: list[dt.date] = []
    supplemented: list[str] = []
    for subject in subjects:
        row = ctx.snap.latest_value(params["indicator"], subject, ctx.at, ctx.knowledge,
                                    ctx.known_by)
        if row is None:
            missing.append(subject)
            continue
        values.append(row.value)
        used_years.append(row.year)
        dates.append(value_date(row))
        if row.citation:
            supplemented.append(subject)
        cites.append(_dataset_cite(ctx, row))
    if not values:
        return Observation(None, note=f"no data for {params['indicator']} "
                                      f"({', '.join(missing)}) published by "
                                      f"{ctx.cutoff or ctx.at}")
    return Observation(aggregate(values, params.get("aggregate", "mean")),
                       sources=_unique(cites),
                       evidence=[{"dataset_indicator": params["indicator"], "years": used_years,
                                  **({"supplement": supplemented} if supplemented else {})}],
                       input_date=min(dates),
                       note=f"no data for {', '.join(missing)}" if missing else None)


def _signal_parts(snap: Snapshot, s: Any) -> tuple[dict[str, Any],
                                                   tuple[tuple[Any, dict[str, Any]], ...], str]:
    """The parts of a deed's evidence and citations that do not depend on the date assessed,
    made once per snapshot (a score series reads the same deeds hundreds of times): the
    evidence entry without its weight, the citations, and the newest citation's date."""
    memo: dict[int, tuple[Any, ...]] = snap.__dict__.setdefault("_signal_memo", {})
    hit = memo.get(id(s))
    if hit is not None and hit[0] is s:
        return hit[1], hit[2], hit[3]
    static = {"event": s.event, "origin": s.origin, "date": s.date.isoformat(),
              "known_from": s.known_from.isoformat(), "source": s.source, "target": s.target,
              "category": s.category, "direction": s.direction, "weight": None,
              "summary": s.summary_en, "summary_de": s.summary_de,
              "citations": list(s.citations)}
    deed_cites = [{"id": c.get("url"), "label": f"{c.get('outlet')}: {c.get('title')}",
                   "publisher": c.get("outlet"), "published": c.get("published"),
                   "url": c.get("url"), "user": False} for c in s.citations]
    newest = max((c["published"] or "" for c in deed_cites), default="")
    keyed = tuple(((c["id"], c["label"], c["url"]), c) for c in deed_cites)
    memo[id(s)] = (s, static, keyed, newest)  # the record is kept: its id is not reused
    return static, keyed, newest


@kind("signals", required=("measure",))
def signals_kind(ctx: Context, params: dict[str, Any]) -> Observation:
    """Net direction of dated deeds (event record and coded news) on one criterion or fear.

    Each deed weighs its strength (record) or mention weight (news), halved every
    ``half_life_days``; the net is shrunk towards 0 by ``prior`` so that one deed moves the
    value but cannot pin it: value = sum(w * direction) / (prior + sum(w)), in [-1, 1].
    """
    measure = params["measure"]
    window = int(params.get("window_days", 730))
    half_life = float(params.get("half_life_days", 365))
    prior = float(params.get("prior", 2.0))
    origins = set(params.get("origins", ["record", "news"]))
    origin_weight = {"record": 1.0, "news": 1.0, **(params.get("origin_weights") or {})}
    start = ctx.at - dt.timedelta(days=window)
    if ctx.at < RECORD_START:
        return Observation(None, note=f"the event record starts {RECORD_START.isoformat()}")
    rows = [s for s in ctx.snap.signals_between(ctx.alliance.id, measure, start, ctx.at,
                                                ctx.knowledge, ctx.known_by)
            if s.origin in origins]
    total = signed = 0.0
    evidence = []
    found: dict[tuple[Any, ...], dict[str, Any]] = {}  # one entry per citation, as _unique
    cutoff = ctx.cutoff_iso
    at, snap, lean = ctx.at, ctx.snap, ctx.lean
    for s in rows:
        w = s.weight * origin_weight.get(s.origin, 1.0) * 0.5 ** ((at - s.date).days / half_life)
        total += w
        signed += w * s.direction
        if lean:  # scores only: the same value, input date and note, no evidence
            continue
        static, keyed, newest = _signal_parts(snap, s)
        entry = dict(static)  # shallow, as every evidence entry: the citations list is shared
        entry["weight"] = round(w, 3)
        evidence.append(entry)
        every = cutoff is None or newest <= cutoff  # all of the deed's reports published
        for key, c in keyed:
            if key not in found and (every or not c["published"] or c["published"] <= cutoff):
                found[key] = c
    value = signed / (prior + total)
    note = f"{len(rows)} deed(s) in {window} days" if rows else \
        f"no deeds on {measure} in the {window} days before {ctx.at}: neutral"
    input_date = max((s.date for s in rows), default=None)
    if lean:
        return Observation(value, input_date=input_date, note=note)
    cites = [dict(c) for c in found.values()]
    if "record" in origins:  # "nothing happened" is itself a statement of the record
        record = ctx.kb.sources.get(RECORD_SOURCE)
        if record is not None:
            cites.append({"id": RECORD_SOURCE, "label": record.title,
                          "publisher": record.publisher, "published": None,
                          "url": record.url, "user": False})
    return Observation(value, sources=_unique(cites), evidence=evidence,
                       input_date=input_date, note=note)


def normalize(value: float, method: str, lo: float, hi: float) -> float:
    if method == "none":
        return max(0.0, min(100.0, value))
    if method == "log":
        value, lo, hi = math.log(max(value, lo)), math.log(lo), math.log(hi)
    return max(0.0, min(100.0, (value - lo) / (hi - lo) * 100.0))


def indicator_kinds() -> dict[str, KindFn]:
    """Every registered indicator kind: the built-in ones plus those of plugins."""
    from alliance_monitor.plugins import manager

    for extra in manager().hook.alliance_indicator_kinds():
        KINDS.update(extra or {})
    return KINDS


__all__ = ["KINDS", "Context", "Observation", "cite", "indicator_kinds", "kind", "normalize"]


@kind("status", required=("attribute", "levels"))
def status_kind(ctx: Context, params: dict[str, Any]) -> Observation:
    """The level of a status fact (text) valid and known on the date, mapped by ``levels``;
    ``subject: institutions`` reads every institution of the alliance that has such facts
    (e.g. GSOMIA: in force, termination notified, suspended, normalised)."""
    attribute, levels = params["attribute"], params["levels"]
    subject = params.get("subject", "institutions")
    if subject == "institutions":
        subjects = [i.id for i in ctx.kb.institutions.values() if ctx.alliance.id in i.alliances]
    else:
        subjects = ctx.members(subject)
    values, cites, evidence, dates = [], [], [], []
    for subj in subjects:
        facts = [f for f in ctx.kb.facts_for(subj, attribute, ctx.at)
                 if ctx.known(f) and f.status in ("asserted", "estimate")]
        if not facts:
            continue
        f = facts[-1]
        level = levels.get(str(f.value))
        if level is None:
            continue
        values.append(float(level))
        cites += ctx.cites(f.source, *f.contemporary)
        evidence.append({**fact_evidence(ctx, f), "level": level})
        dates.append(_fact_input_date(ctx, f))
    if not values:
        return Observation(None, note=f"no '{attribute}' status known on {ctx.at}")
    return Observation(aggregate(values, params.get("aggregate", "mean")),
                       sources=_unique(cites), evidence=evidence, input_date=max(dates))
