"""Uncertainty and sensitivity of the composite scores (Saisana, Saltelli & Tarantola 2005;
JRC/OECD *Handbook on Constructing Composite Indicators* 2008, steps 7-8).

One plain assessment yields every indicator's raw value, age and evidence. The methodology's
choices (weights, normalisation, ageing half-life, missing-data rule, uncertain coding levels)
are then re-made for all Monte Carlo samples at once with numpy, in a Saltelli design, so the
same runs give the score distribution and the variance-based (Sobol) indices, which SALib
estimates per indicator and per methodological choice. Ranges live in the methodology file's
``uncertainty`` section; docs/methodology.md ("Uncertainty and sensitivity") explains them.
"""

from __future__ import annotations

import datetime as dt
import math
import secrets
import warnings
import zlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from alliance_monitor.assess.methodology import Methodology
from alliance_monitor.errors import MethodologyError
from alliance_monitor.knowledge.loader import KnowledgeBase
from alliance_monitor.model import Assessment, Fact, IndicatorResult

NormAlt = Literal["specified", "linear", "wide", "narrow"]
Handling = Literal["reweight", "neutral"]
SCORES = ("alignment", "contributions", "political_support", "overall", "abandonment",
          "entrapment")
CRITERIA = ("alignment", "contributions", "political_support")


# -- settings (methodology file, section ``uncertainty``) ------------------------------------
class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class WeightRanges(_Strict):
    relative: float = Field(0.25, ge=0, lt=1, description="each weight varies within ±this")
    ranges: dict[str, tuple[float, float]] = Field(default_factory=dict)


class NormalisationChoice(_Strict):
    alternatives: list[NormAlt] = Field(
        default_factory=lambda: list[NormAlt](["specified", "linear", "wide", "narrow"]),
        min_length=1)
    margin: float = Field(0.1, ge=0, lt=0.5)


class AgeingChoice(_Strict):
    half_life_years: tuple[float, float] = (1.0, 4.0)


class MissingChoice(_Strict):
    min_coverage: tuple[float, float] = (0.2, 0.4)
    handling: list[Handling] = Field(
        default_factory=lambda: list[Handling](["reweight", "neutral"]), min_length=1)


class CodingChoice(_Strict):
    step: int = Field(1, ge=0, le=2)
    units: list[str] = Field(default_factory=lambda: ["level_0_4"])
    level_range: tuple[float, float] = (0.0, 4.0)
    #: codings valid from this date on rest on the curators' reading of news, not the study
    uncertain_from: dt.date | None = None


class SensitivityChoice(_Strict):
    resamples: int = Field(30, ge=2, le=1000)
    confidence: float = Field(0.95, gt=0, lt=1)


class UncertaintySettings(_Strict):
    weights: WeightRanges = WeightRanges()
    overall_weights: WeightRanges = WeightRanges()
    normalisation: NormalisationChoice = NormalisationChoice()
    ageing: AgeingChoice = AgeingChoice()
    missing_data: MissingChoice = MissingChoice()
    codings: CodingChoice = CodingChoice()
    interval: tuple[float, float] = (5.0, 95.0)
    sensitivity: SensitivityChoice = SensitivityChoice()

    @classmethod
    def of(cls, m: Methodology) -> UncertaintySettings:
        try:
            return cls.model_validate(m.uncertainty or {})
        except ValidationError as exc:
            lines = [f"  - uncertainty.{'.'.join(str(x) for x in e['loc'])}: {e['msg']}"
                     for e in exc.errors()]
            raise MethodologyError(f"{m.path or 'methodology'}: invalid uncertainty section:\n"
                                   + "\n".join(lines)) from exc


# -- results ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Interval:
    point: float | None
    median: float | None
    low: float | None
    high: float | None
    #: probability of each band and of "none" (no score: too little data)
    bands: dict[str, float]

    def as_json(self) -> dict[str, Any]:
        return {"point": self.point, "median": self.median, "low": self.low,
                "high": self.high, "bands": self.bands}


@dataclass(frozen=True)
class SensitivityIndex:
    factor: str
    kind: Literal["indicator", "methodology"]
    first_order: float
    total: float
    first_order_conf: float
    total_conf: float

    def as_json(self) -> dict[str, Any]:
        return {"factor": self.factor, "kind": self.kind, "first_order": self.first_order,
                "total": self.total, "first_order_conf": self.first_order_conf,
                "total_conf": self.total_conf}


@dataclass
class UncertaintyResult:
    alliance: str
    as_of: dt.date
    samples: int
    seed: int
    interval: tuple[float, float]
    scores: dict[str, Interval]
    sensitivity: dict[str, list[SensitivityIndex]] = field(default_factory=dict)
    #: the raw Monte Carlo draws per score (A and B rows), for paired comparisons
    draws: dict[str, np.ndarray] = field(default_factory=dict, repr=False)

    def as_json(self) -> dict[str, Any]:
        return {"samples": self.samples, "seed": self.seed, "interval": list(self.interval),
                "scores": {k: v.as_json() for k, v in self.scores.items()},
                "sensitivity": {k: [i.as_json() for i in v]
                                for k, v in self.sensitivity.items()}}


# -- the prepared assessment -----------------------------------------------------------------
@dataclass
class _Item:
    id: str
    weight: float
    w_lo: float
    w_hi: float
    direction: int
    method: str
    lo: float
    hi: float
    full_years: float | None
    age_years: float | None
    values: np.ndarray | None  # None: no data
    uncertain: np.ndarray  # bool per value
    how: str


@dataclass
class _Frame:
    alliance: str
    as_of: dt.date
    blocks: dict[str, list[_Item]]
    point: dict[str, float | None]


def _aggregate(values: Any, how: str, axis: int = -1) -> Any:
    if how == "min":
        return np.min(values, axis=axis)
    if how == "max":
        return np.max(values, axis=axis)
    if how == "sum":
        return np.sum(values, axis=axis)
    return np.mean(values, axis=axis)


def is_uncertain(f: Fact | None, s: UncertaintySettings) -> bool:
    """A coding marked ``uncertain: true``, or a coding on/after ``codings.uncertain_from``."""
    if f is None:
        return False
    if getattr(f, "uncertain", False):
        return True
    start = s.codings.uncertain_from
    return (start is not None and f.unit in s.codings.units and f.valid_from is not None
            and f.valid_from >= start)


def _values(r: IndicatorResult, spec: Any, evidence: list[dict[str, Any]], kb: KnowledgeBase,
            s: UncertaintySettings) -> tuple[np.ndarray | None, np.ndarray]:
    if r.value is None or not isinstance(r.value, (int, float)) or not math.isfinite(r.value):
        return None, np.zeros(0, bool)
    how = spec.params.get("aggregate", "mean")
    scenario = (r.note or "").startswith("scenario:")
    if spec.kind == "fact" and not scenario and s.codings.step:
        rows = [e for e in evidence if isinstance(e.get("value"), (int, float))
                and not isinstance(e.get("value"), bool)]
        if rows:
            vals = np.array([float(e["value"]) for e in rows])
            if abs(float(_aggregate(vals, how)) - float(r.value)) < 1e-3:
                unc = np.array([is_uncertain(kb.facts.get(e.get("fact", "")), s)
                                for e in rows], bool)
                return vals, unc
    return np.array([float(r.value)]), np.zeros(1, bool)


def _frame(a: Assessment, m: Methodology, kb: KnowledgeBase, s: UncertaintySettings) -> _Frame:
    specs = {i.id: i for b in m.blocks().values() for i in b.indicators}
    blocks: dict[str, list[_Item]] = {}
    for name, score in [*a.criteria.items(), *a.fears.items()]:
        ev: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for e in score.evidence:
            ev[str(e.get("indicator"))].append(e)
        items = []
        for r in score.indicators:
            spec = specs[r.id]
            lo_hi = s.weights.ranges.get(r.id)
            w_lo, w_hi = lo_hi if lo_hi else (spec.weight * (1 - s.weights.relative),
                                              spec.weight * (1 + s.weights.relative))
            vals, unc = _values(r, spec, ev[r.id], kb, s)
            full = spec.params.get("max_age_years")
            items.append(_Item(
                id=r.id, weight=spec.weight, w_lo=w_lo, w_hi=w_hi, direction=spec.direction,
                method=spec.normalize.method, lo=spec.normalize.min, hi=spec.normalize.max,
                full_years=float(full) if full is not None else None,
                age_years=r.age_days / 365.25 if r.age_days is not None else None,
                values=vals, uncertain=unc, how=spec.params.get("aggregate", "mean")))
        blocks[name] = items
    point: dict[str, float | None] = {n: sc.score for n, sc in a.criteria.items()}
    point.update({n: sc.score for n, sc in a.fears.items()})
    point["overall"] = a.overall.score
    return _Frame(a.alliance, a.as_of, blocks, point)


# -- the factor layout -----------------------------------------------------------------------
@dataclass
class _Layout:
    columns: dict[str, int]
    groups: list[str]  # group per column
    kinds: dict[str, Literal["indicator", "methodology"]]

    @property
    def width(self) -> int:
        return len(self.groups)

    @property
    def group_names(self) -> list[str]:
        return list(dict.fromkeys(self.groups))


def _layout(frames: Sequence[_Frame]) -> _Layout:
    columns: dict[str, int] = {}
    groups: list[str] = []
    kinds: dict[str, Literal["indicator", "methodology"]] = {}

    def add(col: str, group: str, kind: Literal["indicator", "methodology"]) -> None:
        if col not in columns:
            columns[col] = len(groups)
            groups.append(group)
            kinds[group] = kind

    slots: dict[str, int] = {}
    for fr in frames:
        for items in fr.blocks.values():
            for it in items:
                if it.uncertain.any():
                    slots[it.id] = max(slots.get(it.id, 0), len(it.uncertain))
    for fr in frames:
        for items in fr.blocks.values():
            for it in items:
                add(f"w:{it.id}", it.id, "indicator")
                for j in range(slots.get(it.id, 0)):
                    add(f"c:{it.id}:{j}", it.id, "indicator")
    add("normalisation", "normalisation", "methodology")
    add("half_life", "ageing_half_life", "methodology")
    add("min_coverage", "missing_data", "methodology")
    add("handling", "missing_data", "methodology")
    for c in CRITERIA:
        add(f"ow:{c}", "overall_weights", "methodology")
    return _Layout(columns, groups, kinds)


# -- vectorised scoring ----------------------------------------------------------------------
def _choice(u: np.ndarray, n: int) -> np.ndarray:
    return np.minimum((u * n).astype(np.int64), n - 1)


def _span(u: np.ndarray, bounds: tuple[float, float]) -> np.ndarray:
    return bounds[0] + u * (bounds[1] - bounds[0])


def _normalise(raw: np.ndarray, it: _Item, alt: np.ndarray, alts: Sequence[str],
               margin: float) -> np.ndarray:
    if it.method == "none":
        return np.asarray(np.clip(raw, 0.0, 100.0))
    out = np.empty_like(raw, dtype=float)
    for k, name in enumerate(alts):
        mask = alt == k
        if not mask.any():
            continue
        x = raw[mask]
        method = "linear" if name == "linear" else it.method
        if method == "log":
            x, a, b = np.log(np.maximum(x, it.lo)), math.log(it.lo), math.log(it.hi)
        else:
            a, b = it.lo, it.hi
        shift = margin * (b - a) * (1 if name == "wide" else -1 if name == "narrow" else 0)
        a, b = a - shift, b + shift
        out[mask] = np.clip((x - a) / (b - a) * 100.0, 0.0, 100.0)
    return out


@dataclass
class _Globals:
    """The methodology factors every indicator shares, resolved for a set of rows."""

    alt: np.ndarray  # index of the normalisation scheme
    inv_half_life: np.ndarray  # 1 / ageing half-life in years
    neutral: np.ndarray  # 1.0 where missing data counts as neutral 50, else 0.0


def _globals(get: Any, s: UncertaintySettings) -> _Globals:
    handling = s.missing_data.handling
    return _Globals(
        alt=_choice(get("normalisation"), len(s.normalisation.alternatives)),
        inv_half_life=1.0 / _span(get("half_life"), s.ageing.half_life_years),
        neutral=(np.array([h == "neutral" for h in handling])[
            _choice(get("handling"), len(handling))]).astype(float))


def _terms(it: _Item, get: Any, g: _Globals, s: UncertaintySettings,
           m: Methodology) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One indicator's share of a score for every row: (weighted value, effective weight,
    nominal weight). ``get(column)`` returns a factor's values for those rows."""
    alts = list(s.normalisation.alternatives)
    w = _span(get(f"w:{it.id}"), (it.w_lo, it.w_hi))
    if it.values is None:
        eff = g.neutral * w
        return eff * 50.0, eff, w
    step = s.codings.step
    if it.uncertain.any() and step:
        lv_lo, lv_hi = s.codings.level_range
        vals = np.broadcast_to(it.values, (*w.shape, len(it.values))).copy()
        for j in np.flatnonzero(it.uncertain):
            delta = _choice(get(f"c:{it.id}:{j}"), 2 * step + 1) - step
            vals[..., j] = np.clip(vals[..., j] + delta, lv_lo, lv_hi)
        raw = np.asarray(_aggregate(vals, it.how, axis=-1), dtype=float)
        norm = _normalise(raw.ravel(), it, g.alt.ravel(), alts,
                          s.normalisation.margin).reshape(raw.shape)
    else:  # one raw value: normalise it once per scheme, then look the scheme up
        one = np.full(len(alts), float(_aggregate(it.values, it.how)))
        norm = _normalise(one, it, np.arange(len(alts)), alts, s.normalisation.margin)[g.alt]
    if it.direction == -1:
        norm = 100.0 - norm
    if it.full_years is not None and it.age_years is not None and it.age_years > it.full_years:
        # 0.5 ** (excess / half-life), as one exp over the precomputed 1 / half-life
        factor = np.exp(-math.log(2.0) * (it.age_years - it.full_years) * g.inv_half_life)
        ok = factor >= m.ageing.floor
        eff = np.where(ok, w * factor, g.neutral * w)
        return np.where(ok, norm, 50.0) * eff, eff, w
    norm *= w
    return norm, w, w


def _block_score(num: np.ndarray, den: np.ndarray, total: np.ndarray,
                 min_cov: np.ndarray) -> np.ndarray:
    """A block's score per row from its summed shares; NaN where coverage is too low."""
    with np.errstate(divide="ignore", invalid="ignore"):
        covered = (total > 0) & (den > 0) & (den / np.where(total > 0, total, 1.0)
                                             >= min_cov - 1e-12)
        return np.where(covered, num / np.where(den > 0, den, 1.0), np.nan)


def _overall(out: dict[str, np.ndarray], get: Any, s: UncertaintySettings,
             m: Methodology) -> None:
    """Add the overall score: the criteria's weighted mean with sampled overall weights."""
    crit = [c for c in CRITERIA if c in out and c in m.overall]
    if not crit:
        return
    num = np.zeros_like(out[crit[0]])
    den = np.zeros_like(out[crit[0]])
    for c in crit:
        base = m.overall[c]
        lo_hi = s.overall_weights.ranges.get(c)
        v = _span(get(f"ow:{c}"), lo_hi if lo_hi else (
            base * (1 - s.overall_weights.relative), base * (1 + s.overall_weights.relative)))
        num += v * out[c]
        den += v
    out["overall"] = num / den  # NaN where a criterion has no score


def _evaluate(fr: _Frame, X: np.ndarray, lay: _Layout, s: UncertaintySettings,
              m: Methodology) -> dict[str, np.ndarray]:
    """Scores for every column of ``X`` (factors × rows), any design."""
    def get(column: str) -> np.ndarray:
        return X[lay.columns[column]]

    g = _globals(get, s)
    min_cov = _span(get("min_coverage"), s.missing_data.min_coverage)
    out = {}
    for name, items in fr.blocks.items():
        num, den, total = np.zeros(X.shape[1]), np.zeros(X.shape[1]), np.zeros(X.shape[1])
        for it in items:
            a, b, c = _terms(it, get, g, s, m)
            num += a
            den += b
            total += c
        out[name] = _block_score(num, den, total, min_cov)
    _overall(out, get, s, m)
    return out


_SHARED_GROUPS = ("normalisation", "ageing_half_life", "missing_data")


def _evaluate_saltelli(fr: _Frame, design: _Design, lay: _Layout, s: UncertaintySettings,
                       m: Methodology) -> dict[str, np.ndarray]:
    """The same scores as :func:`_evaluate` for the Saltelli design of :func:`_design`, with
    far less work. Row AB_g differs from row A only in group g, and an indicator's share
    depends only on its own group and the shared methodology groups. So each indicator is
    computed for A, B and the AB rows of those few groups, and each block's score only for
    A, B, the shared groups' rows and its own indicators' rows; every other row of a block
    equals its A row. Only the overall score (whose weights are a group of their own) runs
    over all rows."""
    names = lay.group_names
    step, n = len(names) + 2, design.n
    shared = [names.index(gn) + 1 for gn in _SHARED_GROUPS if gn in names]
    base = [0, step - 1, *shared]  # A, B, AB of each shared group
    nb = len(base)

    def sub(kinds: list[int]) -> Any:
        def get(column: str) -> np.ndarray:
            return design.rows(lay.columns[column], kinds)
        return get

    # the shared factors in an indicator's own AB row are those of A
    g = _globals(sub([*base, 0]), s)
    out = {}
    for name, items in fr.blocks.items():
        owns = [k for k in dict.fromkeys(names.index(it.id) + 1 for it in items)
                if k not in base]
        kinds_all = [*base, *owns]
        where = {k: i for i, k in enumerate(kinds_all)}
        acc = np.zeros((3, len(kinds_all), n))  # weighted values, effective, nominal weights
        for it in items:
            own = names.index(it.id) + 1
            parts = np.stack(_terms(it, sub([*base, own]), g, s, m))  # (3, nb + 1, n)
            acc[:, :nb] += parts[:, :nb]
            acc[:, where[own]] += parts[:, nb] - parts[:, 0]  # its own row: change against A
        acc[:, nb:] += acc[:, :1]  # an indicator's own row starts from the block's A row
        min_cov = _span(sub(kinds_all)("min_coverage"), s.missing_data.min_coverage)
        compact = _block_score(acc[0], acc[1], acc[2], min_cov)
        full = np.empty((step, n))
        full[:] = compact[0]  # rows of groups the block does not read: as in A
        full[kinds_all] = compact
        out[name] = full

    _overall(out, sub(list(range(step))), s, m)
    return {k: v.reshape(-1) for k, v in out.items()}


def nominal_row(fr: _Frame, lay: _Layout, s: UncertaintySettings, m: Methodology) -> np.ndarray:
    """The factor values that reproduce the methodology's own choices (for checks)."""
    x = np.full(lay.width, 0.5)

    def inv(value: float, bounds: tuple[float, float]) -> float:
        lo, hi = bounds
        return 0.5 if hi == lo else min(max((value - lo) / (hi - lo), 0.0), 1.0)

    for items in fr.blocks.values():
        for it in items:
            x[lay.columns[f"w:{it.id}"]] = inv(it.weight, (it.w_lo, it.w_hi))
    alts = list(s.normalisation.alternatives)
    if "specified" in alts:
        x[lay.columns["normalisation"]] = (alts.index("specified") + 0.5) / len(alts)
    x[lay.columns["half_life"]] = inv(m.ageing.half_life_years, s.ageing.half_life_years)
    x[lay.columns["min_coverage"]] = inv(m.min_coverage, s.missing_data.min_coverage)
    handling = s.missing_data.handling
    if "reweight" in handling:
        x[lay.columns["handling"]] = (handling.index("reweight") + 0.5) / len(handling)
    for c in CRITERIA:
        base = float(m.overall.get(c, 1.0))  # type: ignore[call-overload]
        lo_hi = s.overall_weights.ranges.get(c)
        x[lay.columns[f"ow:{c}"]] = inv(base, lo_hi if lo_hi else (
            base * (1 - s.overall_weights.relative), base * (1 + s.overall_weights.relative)))
    return x


# -- the Saltelli design and the analysis ----------------------------------------------------
@dataclass
class _Design:
    """Saltelli's design for first and total order, kept as its two independent sample
    matrices: A, B and the mixed AB_1 … AB_G (AB_g is A with the factors of group g taken
    from B) are read from them on demand, so the full design is never built unless asked for
    (:meth:`full`). Matrix k holds rows ``k * n … k * n + n - 1`` of the design's order."""

    a: np.ndarray  # factors × samples
    b: np.ndarray
    member: np.ndarray  # the group index of each factor
    n: int

    @property
    def step(self) -> int:  # matrices: A, G mixed ones, B
        return int(self.member.max(initial=-1)) + 3

    def rows(self, factor: int, kinds: Sequence[int]) -> np.ndarray:
        """Factor ``factor`` in the matrices ``kinds`` (0 = A, g + 1 = AB_g, step - 1 = B)."""
        k = np.asarray(kinds)
        from_b = (k == self.step - 1) | (k == self.member[factor] + 1)
        return np.where(from_b[:, None], self.b[factor], self.a[factor])

    def full(self) -> np.ndarray:
        """The whole design, factor-major (factors × step·n rows)."""
        width, n, step = len(self.member), self.n, self.step
        out = np.empty((width, step, n))
        out[:] = self.a[:, None, :]
        out[:, step - 1] = self.b
        for c in range(width):
            out[c, self.member[c] + 1] = self.b[c]
        return out.reshape(width, step * n)


def _design_parts(rng: np.random.Generator, n: int, lay: _Layout) -> _Design:
    names = lay.group_names
    a = rng.random((lay.width, n))
    b = rng.random((lay.width, n))
    return _Design(a, b, np.array([names.index(g) for g in lay.groups]), n)


def _interval(point: float | None, y: np.ndarray, q: tuple[float, float],
              m: Methodology) -> Interval:
    ok = y[np.isfinite(y)]
    total = len(y)
    none = 1.0 - len(ok) / total if total else 1.0
    if not len(ok):
        return Interval(point, None, None, None, {"low": 0.0, "medium": 0.0, "high": 0.0,
                                                 "none": round(none, 3)})
    lo, med, hi = np.percentile(ok, [q[0], 50.0, q[1]])
    high = float(np.mean(y >= m.bands.high_from))
    medium = float(np.mean((y >= m.bands.medium_from) & (y < m.bands.high_from)))
    low = float(np.mean(y < m.bands.medium_from))
    return Interval(point, round(float(med), 1), round(float(lo), 1), round(float(hi), 1),
                    {"low": round(low, 3), "medium": round(medium, 3), "high": round(high, 3),
                     "none": round(none, 3)})


def _resample_weights(n: int, k: int, seed: int) -> np.ndarray:
    """Bootstrap resamples as weights: row r holds how often each sample was drawn in
    resample r, divided by n, so a resample's mean of any per-sample quantity is one row of
    ``weights @ values``. Drawn once per alliance and shared by its scores."""
    r = np.random.default_rng(seed).integers(n, size=(k, n))
    return np.bincount((r + n * np.arange(k)[:, None]).ravel(),
                       minlength=k * n).reshape(k, n) / n


def _sobol(y: np.ndarray, lay: _Layout, n: int, s: UncertaintySettings,
           counts: np.ndarray) -> list[SensitivityIndex]:
    """First-order and total Sobol indices per factor group with SALib's estimators (Saltelli
    2010; Jansen 1999), all groups and bootstrap resamples at once (vectorised form of
    ``SALib.analyze.sobol.analyze`` with ``calc_second_order=False``)."""
    names = lay.group_names
    finite = np.isfinite(y)
    if finite.mean() < 0.5:
        return []
    if not finite.all():
        y = np.where(finite, y, float(np.median(y[finite])))
    sd = float(np.std(y))
    if sd < 1e-9:
        return [SensitivityIndex(g, lay.kinds[g], 0.0, 0.0, 0.0, 0.0) for g in names]
    y = (y - y.mean()) / sd
    step = len(names) + 2
    grid = y.reshape(step, n)  # matrices A, AB_1 … AB_G, B
    a = grid[0][:, None]
    b = grid[step - 1][:, None]
    ab = grid[1:step - 1].T
    with np.errstate(divide="ignore", invalid="ignore"):
        # SALib's estimators for the sample itself (its weights row: 1/n each, the last row
        # of ``counts``) and for every bootstrap resample, all groups at once: a resample's
        # mean is a row of ``counts @ values``, so no (n, k, groups) array is built; all
        # per-sample quantities go through one matrix product
        a1, b1 = a[:, 0], b[:, 0]
        g = ab.shape[1]
        cols = np.empty((n, 2 * g + 3))
        np.multiply(b, ab, out=cols[:, :g])
        np.subtract(a, ab, out=cols[:, g:2 * g])
        np.square(cols[:, g:2 * g], out=cols[:, g:2 * g])
        cols[:, 2 * g] = a1 + b1
        cols[:, 2 * g + 1] = a1 ** 2 + b1 ** 2
        cols[:, 2 * g + 2] = a1 * b1
        means = counts @ cols
        mean_y = means[:, 2 * g] / 2
        var = means[:, 2 * g + 1] / 2 - mean_y ** 2
        var = np.where(var > 1e-12, var, np.nan)[:, None]
        s1_all = (means[:, :g] - means[:, 2 * g + 2][:, None]) / var
        st_all = 0.5 * means[:, g:2 * g] / var
        s1, st = s1_all[-1], st_all[-1]  # the sample's own estimate
    from statistics import NormalDist

    z = NormalDist().inv_cdf(0.5 + s.sensitivity.confidence / 2)

    with np.errstate(invalid="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # a factor without any variance
        conf = z * np.nanstd(np.hstack([s1_all[:-1], st_all[:-1]]), axis=0, ddof=1)
        s1_conf, st_conf = conf[:g], conf[g:]
    cols4 = zip(_rounded(s1), _rounded(st), _rounded(s1_conf), _rounded(st_conf), strict=True)
    out = [SensitivityIndex(g, lay.kinds[g], a, b, c, d)
           for g, (a, b, c, d) in zip(names, cols4, strict=True)]
    return sorted(out, key=lambda i: (-i.total, i.factor))


def _rounded(v: Any) -> list[float]:
    """Rounded to three places; not finite (no variance) becomes 0."""
    v = np.asarray(v, dtype=float)
    return np.where(np.isfinite(v), np.round(v, 3), 0.0).tolist()


def alliance_seed(seed: int, alliance: str) -> int:
    return (seed * 1_000_003 + zlib.crc32(alliance.encode())) % (2 ** 32)


def run_uncertainty(variants: Sequence[Assessment], m: Methodology, kb: KnowledgeBase, n: int,
                    seed: int | None = None, *, sensitivity: bool = True,
                    kbs: Sequence[KnowledgeBase] | None = None) -> list[UncertaintyResult]:
    """Monte Carlo for one alliance on one date: one result per variant (e.g. baseline and
    scenario), all drawn from the same samples so that their differences are paired."""
    if n < 2:
        raise MethodologyError("--uncertainty needs at least 2 samples")
    # the matrix products are small: a multi-threaded BLAS only adds start-up and, on a busy
    # machine, spinning threads; one thread is faster and gives the same numbers
    with _threadpools().limit(limits=1, user_api="blas"):
        return _run(variants, m, kb, n, seed, sensitivity=sensitivity, kbs=kbs)


@lru_cache(maxsize=1)
def _threadpools() -> Any:
    """The process's thread pools (BLAS), found once: scanning the loaded libraries costs a
    few milliseconds, more than a small run's matrix products."""
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()  # numpy, and with it its BLAS, is loaded by now


def _run(variants: Sequence[Assessment], m: Methodology, kb: KnowledgeBase, n: int,
         seed: int | None, *, sensitivity: bool,
         kbs: Sequence[KnowledgeBase] | None) -> list[UncertaintyResult]:
    s = UncertaintySettings.of(m)
    seed = secrets.randbelow(2 ** 31) if seed is None else seed
    frames = [_frame(a, m, (kbs[i] if kbs else kb), s) for i, a in enumerate(variants)]
    lay = _layout(frames)
    alliance = variants[0].alliance
    rng = np.random.default_rng(alliance_seed(seed, alliance))
    design = _design_parts(rng, n, lay)
    step = len(lay.group_names) + 2
    sample_rows = np.zeros(step * n, bool)  # the rows of A and B: independent samples
    sample_rows[:n] = True
    sample_rows[(step - 1) * n:] = True
    # bootstrap resamples plus, as the last row, the sample itself (weight 1/n each)
    counts = (np.vstack([_resample_weights(n, s.sensitivity.resamples,
                                           alliance_seed(seed, alliance + "#")),
                         np.full((1, n), 1.0 / n)])
              if sensitivity else np.empty((0, n)))
    results = []
    for fr in frames:
        ys = _evaluate_saltelli(fr, design, lay, s, m)
        scores: dict[str, Interval] = {}
        draws: dict[str, np.ndarray] = {}
        for name in SCORES:
            if name not in ys:
                continue
            draws[name] = ys[name][sample_rows]
            scores[name] = _interval(fr.point.get(name), draws[name], s.interval, m)
        sens = {k: _sobol(ys[k], lay, n, s, counts) for k in SCORES
                if sensitivity and k in ys and fr.point.get(k) is not None}
        results.append(UncertaintyResult(fr.alliance, fr.as_of, n, seed, s.interval, scores,
                                         sens, draws))
    return results


def paired_difference(base: UncertaintyResult, other: UncertaintyResult,
                      m: Methodology) -> dict[str, dict[str, float | None]]:
    """Median and interval of other − base over the same samples, and P(other < base)."""
    out: dict[str, dict[str, float | None]] = {}
    q = base.interval
    for name, y0 in base.draws.items():
        y1 = other.draws.get(name)
        if y1 is None:
            continue
        d = (y1 - y0)[np.isfinite(y1) & np.isfinite(y0)]
        if not len(d):
            out[name] = {"median": None, "low": None, "high": None, "p_lower": None}
            continue
        lo, med, hi = np.percentile(d, [q[0], 50.0, q[1]])
        out[name] = {"median": round(float(med), 1), "low": round(float(lo), 1),
                     "high": round(float(hi), 1),
                     "p_lower": round(float(np.mean(d < -1e-9)), 3)}
    return out


__all__ = ["Interval", "SensitivityIndex", "UncertaintyResult", "UncertaintySettings",
           "is_uncertain", "nominal_row", "paired_difference", "run_uncertainty"]
