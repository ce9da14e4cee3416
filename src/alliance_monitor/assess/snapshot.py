"""Everything an assessment reads, held in memory: knowledge base, data-set values, signals.

The application object fills one snapshot per process from the store (a few milliseconds for
all data-set values), so a score series over hundreds of dates costs no queries. Overlays (a
user's knowledge directory, a scenario) are applied to a copy, never to the store.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Literal

from alliance_monitor.knowledge.loader import KnowledgeBase
from alliance_monitor.model import DatasetValue, SignalRecord

Knowledge = Literal["point_in_time", "latest"]

#: A yearly data-set value for year Y is taken as published on this day of year Y+1
#: (statistical yearbooks, SIPRI, DMDC and Pew publish after the year ends).
DATASET_PUBLICATION = (4, 1)


def dataset_known_from(year: int) -> dt.date:
    return dt.date(year + 1, *DATASET_PUBLICATION)


def known_from(value: DatasetValue) -> dt.date:
    """When a yearly value became public: its source's date (supplement) or the year rule."""
    return value.known_from or dataset_known_from(value.year)


def value_date(value: DatasetValue) -> dt.date:
    """The date a yearly value describes, for ageing: the end of its year, or its source's
    publication date when that came earlier (a spring survey published in June)."""
    end = dt.date(value.year, 12, 31)
    return min(end, value.known_from) if value.known_from else end


@dataclass
class Snapshot:
    kb: KnowledgeBase
    values: dict[tuple[str, str], list[DatasetValue]] = field(default_factory=dict)
    signals: dict[tuple[str, str], list[SignalRecord]] = field(default_factory=dict)
    #: indicator overrides from a scenario: (indicator id, alliance) -> [(from, value, note)]
    overrides: dict[tuple[str, str], list[tuple[dt.date, float, str]]] = field(
        default_factory=dict)
    #: the date of the newest source in the store (knowledge horizon)
    horizon: dt.date | None = None
    _years: dict[tuple[str, str], list[int]] = field(default_factory=dict, repr=False)
    _signal_days: dict[tuple[str, str], list[dt.date]] = field(default_factory=dict, repr=False)

    @classmethod
    def build(cls, kb: KnowledgeBase, values: Iterable[DatasetValue],
              signals: Iterable[SignalRecord], horizon: dt.date | None = None) -> Snapshot:
        by_key: dict[tuple[str, str], list[DatasetValue]] = defaultdict(list)
        for v in values:
            by_key[(v.indicator, v.subject)].append(v)
        by_measure: dict[tuple[str, str], list[SignalRecord]] = defaultdict(list)
        for s in signals:
            by_measure[(s.alliance, s.measure)].append(s)
        snap = cls(kb=kb, values={k: sorted(v, key=lambda x: x.year) for k, v in by_key.items()},
                   signals={k: sorted(v, key=lambda x: (x.date, x.event))
                            for k, v in by_measure.items()}, horizon=horizon)
        snap._index()
        return snap

    def _index(self) -> None:
        self._years = {k: [v.year for v in vs] for k, vs in self.values.items()}
        self._signal_days = {k: [s.date for s in ss] for k, ss in self.signals.items()}

    def latest_value(self, indicator: str, subject: str, at: dt.date,
                     knowledge: Knowledge, known_by: dt.date | None = None
                     ) -> DatasetValue | None:
        """The newest yearly value usable on ``at``: point-in-time only once published (an
        official value from 1 April of the next year, a supplement value from its source's
        publication date); ``latest``: any value for the date's year or before."""
        key = (indicator, subject)
        years = self._years.get(key)
        if not years:
            return None
        i = bisect_right(years, at.year)
        if knowledge == "latest":
            return self.values[key][i - 1] if i else None
        cutoff = known_by or at
        for v in reversed(self.values[key][:i]):
            if known_from(v) <= cutoff:
                return v
        return None

    def signals_between(self, alliance: str, measure: str, start: dt.date, end: dt.date,
                        knowledge: Knowledge, known_by: dt.date | None = None
                        ) -> list[SignalRecord]:
        key = (alliance, measure)
        days = self._signal_days.get(key)
        if not days:
            return []
        lo, hi = bisect_right(days, start - dt.timedelta(days=1)), bisect_right(days, end)
        rows = self.signals[key][lo:hi]
        if knowledge == "point_in_time":
            cutoff = known_by or end
            rows = [s for s in rows if s.known_from <= cutoff]
        return rows

    def with_overlay(self, kb: KnowledgeBase | None = None,
                     signals: Iterable[SignalRecord] = (),
                     overrides: dict[tuple[str, str], list[tuple[dt.date, float, str]]]
                     | None = None) -> Snapshot:
        """A copy with overlay knowledge, extra signals and indicator overrides."""
        merged: dict[tuple[str, str], list[SignalRecord]] = {k: list(v)
                                                             for k, v in self.signals.items()}
        for s in signals:
            merged.setdefault((s.alliance, s.measure), []).append(s)
        snap = replace(self, kb=kb or self.kb,
                       signals={k: sorted(v, key=lambda x: (x.date, x.event))
                                for k, v in merged.items()},
                       overrides={**self.overrides, **(overrides or {})})
        snap._index()
        return snap


def record_signals(kb: KnowledgeBase, origin_weight: float = 1.0) -> list[SignalRecord]:
    """The event record's deeds as dated signals (one per alliance and measure they carry)."""
    out = []
    for ev in kb.events.values():
        cites = tuple({"outlet": r.outlet, "published": r.published.isoformat(), "url": r.url,
                       "title": r.title, "language": r.language} for r in ev.sources)
        for sig in ev.signals:  # the record is validated when built: no second validation
            out.append(SignalRecord.model_construct(
                event=ev.id, origin="record", date=ev.date, known_from=ev.known_from,
                alliance=sig.alliance, measure=sig.measure, direction=sig.direction,
                weight=float(sig.strength) * origin_weight, source=ev.source, target=ev.target,
                category=ev.category, summary_en=ev.summary.en, summary_de=ev.summary.de,
                citations=cites))
    return out


def horizon_of(kb: KnowledgeBase, extra: Iterable[dt.date | None] = ()) -> dt.date | None:
    dates: list[dt.date] = [s.published for s in kb.sources.values() if s.published]
    dates += [e.known_from for e in kb.events.values()]
    dates += [d for d in extra if d is not None]
    today = dt.date.today()
    return max((d for d in dates if d <= today), default=None)


__all__ = ["Knowledge", "Snapshot", "dataset_known_from", "horizon_of", "known_from",
           "record_signals", "value_date"]
