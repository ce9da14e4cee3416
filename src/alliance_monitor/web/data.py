"""Language-neutral page data for the dashboard, the API and the reports, over one :class:`App`.

Every builder returns plain dicts (ids, numbers, ISO dates, codes, untrusted text as is);
labels and markup belong to the templates. Results are cached per arguments, so a page for one
(date, filters) is computed once per process; the score history is computed once and shared.
"""

from __future__ import annotations

import csv
import datetime as dt
import threading
import weakref
from collections import Counter
from functools import cached_property, lru_cache
from importlib import resources
from typing import Any, ClassVar

from alliance_monitor.model import CRITERIA, FEARS

MEASURES = (*CRITERIA, "overall", *FEARS)
HISTORY_START = dt.date(2016, 1, 1)
PER_PAGE = 50
EXPLAIN_TOP = 3  # indicator contributions shown per measure
EXPLAIN_INPUTS = 40  # changed inputs shown on a page
_CLASS_LOCK = threading.Lock()


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def quarter_ends(start: dt.date, end: dt.date) -> list[dt.date]:
    from alliance_monitor.app import every_dates

    return every_dates(start, end, "quarter") if end >= start else []


class WebData:
    """Cached, language-neutral reads for the web pages (one per :class:`App`)."""

    _per_app: ClassVar[weakref.WeakKeyDictionary[Any, WebData]] = weakref.WeakKeyDictionary()

    @classmethod
    def for_app(cls, app: Any) -> WebData:
        """The one cache of ``app`` (the server, the reports and tests share it)."""
        with _CLASS_LOCK:
            data = cls._per_app.get(app)
            if data is None:
                data = cls._per_app[app] = cls(app)
            return data

    def __init__(self, app: Any) -> None:
        self.app = app
        self._lock = threading.RLock()  # DuckDB reads and the caches are shared by threads
        self.assessment = lru_cache(maxsize=4096)(self._assessment)
        self.history = lru_cache(maxsize=64)(self._history)
        self.facts_page = lru_cache(maxsize=256)(self._facts_page)
        self.events_page = lru_cache(maxsize=256)(self._events_page)
        self.explain = lru_cache(maxsize=256)(self._explain)

    def reset(self) -> None:
        """Forget every cached result (after the store changed: ingest or build)."""
        with self._lock:
            for cached in (self.assessment, self.history, self.facts_page, self.events_page,
                           self.explain):
                cached.cache_clear()
            self.__dict__.pop("_fact_rows", None)

    # -- assessments -----------------------------------------------------------------------
    @property
    def kb(self) -> Any:
        return self.app.knowledge

    def alliances(self) -> list[str]:
        return list(self.kb.alliances)

    def _assessment(self, alliance: str, at: dt.date) -> Any:
        with self._lock:
            [a] = self.app.assess([alliance], at)
            return a

    def _history(self, alliance: str, start: dt.date, end: dt.date) -> list[dict[str, Any]]:
        """Scores per quarter end from ``start`` to ``end`` plus ``end`` itself."""
        days = quarter_ends(start, end)
        if not days or days[-1] != end:
            days.append(end)
        out = []
        for day in days:
            a = self.assessment(alliance, day)
            row: dict[str, Any] = {"date": day.isoformat()}
            for name, block in _blocks(a):
                row[name] = block.score
            out.append(row)
        return out

    def assessment_doc(self, alliance: str, at: dt.date) -> dict[str, Any]:
        from alliance_monitor.assess.engine import assessment_json

        return dict(assessment_json(self.assessment(alliance, at)))

    def overview(self, at: dt.date) -> dict[str, Any]:
        rows, changes = [], []
        year_ago = at - dt.timedelta(days=365)
        for aid in self.alliances():
            a = self.assessment(aid, at)
            before = self.assessment(aid, year_ago)
            scores = {n: {"score": b.score, "band": b.band} for n, b in _blocks(a)}
            newest = a.newest_input
            age = (at - dt.date.fromisoformat(newest)).days if newest else None
            rows.append({"alliance": aid, "scores": scores, "newest_input": newest,
                         "age_days": age, "knowledge_horizon": _iso(a.knowledge_horizon)})
            old = dict(_blocks(before))
            for name, block in _blocks(a):
                prev = old.get(name)
                if block.score is not None and prev is not None and prev.score is not None:
                    delta = round(block.score - prev.score, 1)
                    if abs(delta) >= 0.1:
                        changes.append({"alliance": aid, "measure": name, "from": prev.score,
                                        "to": block.score, "change": delta})
        changes.sort(key=lambda c: -abs(c["change"]))
        return {"at": at.isoformat(), "since": year_ago.isoformat(), "alliances": rows,
                "changes": changes[:10]}

    def alliance(self, aid: str, at: dt.date, start: dt.date) -> dict[str, Any]:
        a = self.assessment(aid, at)
        blocks = []
        for name, block in _blocks(a):
            blocks.append({"measure": name, "score": block.score, "band": block.band,
                           "indicators": [i.model_dump(mode="json") for i in block.indicators],
                           "evidence": block.evidence})
        return {"alliance": aid, "at": at.isoformat(), "from": start.isoformat(),
                "knowledge": a.knowledge, "knowledge_horizon": _iso(a.knowledge_horizon),
                "newest_input": a.newest_input, "warnings": a.warnings,
                "methodology": a.methodology, "blocks": blocks,
                "history": self.history(aid, start, at)}

    def _explain(self, aid: str, start: dt.date, end: dt.date) -> dict[str, Any]:
        """What changed from ``start`` to ``end`` (:meth:`App.explain`), condensed for a page:
        per measure the change, its largest indicator contributions and the facts, events and
        data-set values that entered or left, each with its sources."""
        with self._lock:
            ex = self.app.explain(aid, start, end)
        measures = []
        inputs: list[dict[str, Any]] = []
        for name in MEASURES:
            block = ex.overall if name == "overall" else ex.blocks.get(name)
            if block is None:
                continue

            def part(c: Any, overall: bool = name == "overall") -> float:
                return float(c.overall_part or 0.0) if overall else float(c.total)

            ranked = sorted(block.contributions, key=lambda c: -abs(part(c)))
            top = [{"indicator": c.indicator, "block": c.block,
                    "contribution": round(part(c), 2), "before": c.before, "after": c.after}
                   for c in ranked if abs(round(part(c), 1)) >= 0.1][:EXPLAIN_TOP]
            measures.append({"measure": name, "before": block.before, "after": block.after,
                             "change": block.change,
                             "exact_change": None if block.exact is None
                             else round(block.exact, 3), "note": block.note, "top": top})
            if name == "overall":
                continue
            for c in ranked:
                for ch in c.changes:
                    inputs.append({"measure": name, "indicator": c.indicator,
                                   "contribution": round(part(c), 2),
                                   **self._change_row(ch)})
        inputs.sort(key=lambda r: (-abs(r["contribution"]), r["date"] or "", r["id"] or ""))
        return {"alliance": ex.alliance, "from": ex.before, "to": ex.after,
                "measures": measures, "inputs": inputs[:EXPLAIN_INPUTS],
                "inputs_total": len(inputs)}

    def _change_row(self, ch: dict[str, Any]) -> dict[str, Any]:
        """One changed input of an explanation: what it is, its date, text and sources."""
        item, kind = ch.get("item") or {}, ch.get("kind")
        row: dict[str, Any] = {"change": ch.get("change"), "kind": kind, "id": None,
                               "newly_published": bool(ch.get("newly_published")),
                               "date": None, "text_en": None, "text_de": None,
                               "sources": [{k: s.get(k) for k in ("label", "publisher",
                                                                   "published", "url")}
                                           for s in ch.get("sources") or []]}
        if kind == "fact":
            value = f"{item.get('value')} {item.get('unit') or ''}".strip()
            text = f"{item.get('subject')} · {item.get('attribute')} = {value}"
            row.update(id=item.get("fact"), date=_iso(item.get("valid_from")),
                       text_en=text, text_de=text)
        elif kind == "event":
            record = self.kb.events.get(item.get("event"))
            row.update(id=item.get("event"), date=_iso(item.get("date")),
                       text_en=item.get("summary"),
                       text_de=record.summary.de if record is not None
                       else item.get("summary"), origin=item.get("origin"))
        elif kind == "dataset":
            years = item.get("years") or ([item["year"]] if item.get("year") else [])
            text = " ".join(str(x) for x in (item.get("dataset_indicator"), item.get("subject"),
                                             ", ".join(map(str, years))) if x)
            row.update(id=item.get("dataset_indicator"), text_en=text, text_de=text,
                       date=str(max(years)) if years else None)
        elif kind == "institution":
            row.update(id=item.get("institution"), date=_iso(item.get("start")),
                       text_en=item.get("name"), text_de=item.get("name"))
        elif kind == "perception":
            row.update(id=item.get("perception"), text_en=item.get("perception"),
                       text_de=item.get("perception"))
        else:
            text = ", ".join(f"{k}={v}" for k, v in item.items())
            row.update(text_en=text, text_de=text)
        return row

    # -- knowledge -------------------------------------------------------------------------
    def compare(self, at: dt.date) -> list[dict[str, Any]]:
        with self._lock:
            return list(self.app.compare(at))

    def fact_row(self, f: Any) -> dict[str, Any]:
        kb = self.kb
        src = kb.sources.get(f.source.ref)
        return {"id": f.id, "subject": f.subject, "attribute": f.attribute, "about": f.about,
                "value": f.value, "unit": f.unit, "valid_from": _iso(f.valid_from),
                "valid_to": _iso(f.valid_to), "known_from": _iso(kb.known_from(f)),
                "status": f.status, "source": f.source.ref,
                "source_label": kb.source_label(f.source),
                "source_url": src.url if src else None,
                "note_en": f.note.en if f.note else None,
                "note_de": f.note.de if f.note else None,
                "user": kb.is_user("facts", f.id)}

    @cached_property
    def _fact_rows(self) -> list[dict[str, Any]]:
        with self._lock:
            rows = [self.fact_row(f) for f in self.app.facts()]
        for r in rows:
            r["_text"] = " ".join(str(v) for k, v in r.items() if v is not None).lower()
        return rows

    def _facts_page(self, q: str, subject: str, attribute: str, source: str, status: str,
                    period: str, fact_id: str, page: int, per_page: int) -> dict[str, Any]:
        rows = self._fact_rows
        words = q.lower().split()

        def keep(r: dict[str, Any], skip: str = "") -> bool:
            return ((not words or all(w in r["_text"] for w in words))
                    and (skip == "subject" or not subject or r["subject"] == subject)
                    and (skip == "attribute" or not attribute or r["attribute"] == attribute)
                    and (skip == "source" or not source or r["source"] == source)
                    and (skip == "status" or not status or r["status"] == status)
                    and (skip == "period" or not period or _period(r) == period)
                    and (not fact_id or r["id"] == fact_id))

        hits = [r for r in rows if keep(r)]
        facets = {name: Counter(str(_period(r) if name == "period" else r[name])
                                for r in rows if keep(r, name)).most_common(40)
                  for name in ("subject", "attribute", "source", "status", "period")}
        return _paged([{k: v for k, v in r.items() if k != "_text"} for r in hits],
                      page, per_page) | {"facets": facets}

    def event_row(self, e: Any) -> dict[str, Any]:
        return {"id": e.id, "date": e.date.isoformat(), "known_from": e.known_from.isoformat(),
                "source": e.source, "target": e.target, "category": e.category,
                "signals": [s.model_dump() for s in e.signals],
                "summary_en": e.summary.en, "summary_de": e.summary.de,
                "reports": [r.model_dump(mode="json") for r in e.sources]}

    def _events_page(self, alliance: str, measure: str, category: str, since: dt.date | None,
                     until: dt.date | None, q: str, disputed: bool, event_id: str, page: int,
                     per_page: int) -> dict[str, Any]:
        with self._lock:
            events = self.app.record_events(alliance=alliance or None, since=since, until=until)
        words = q.lower().split()
        rows = []
        for e in events:
            if measure and not any(s.measure == measure for s in e.signals):
                continue
            if category and e.category != category:
                continue
            if event_id and e.id != event_id:
                continue
            if disputed and len(e.sources) < 2:
                continue
            row = self.event_row(e)
            text = " ".join([e.id, e.summary.en, e.summary.de, e.source, e.target or "",
                             *(r.title + " " + r.outlet for r in e.sources)]).lower()
            if words and not all(w in text for w in words):
                continue
            rows.append(row)
        rows.reverse()  # newest first
        return _paged(rows, page, per_page)

    def sources(self) -> list[dict[str, Any]]:
        return [s.model_dump(mode="json") for s in self.app.sources()]

    # -- geography and network -------------------------------------------------------------
    @cached_property
    def bases(self) -> list[dict[str, Any]]:
        return [{"host": r["iso3c"], "country": r["countryname"], "name": r["basename"],
                 "lat": float(r["lat"]), "lon": float(r["lon"]) % 360,
                 "kind": "base" if r["base"] == "1" else "lilypad" if r["lilypad"] == "1"
                 else "funded site"} for r in _csv("bases.csv")
                if _is_float(r["lat"]) and _is_float(r["lon"])]

    @cached_property
    def troops(self) -> list[dict[str, Any]]:
        return [{"host": r["iso3c"], "country": r["countryname"], "year": int(r["year"]),
                 "region": r["region"], "troops": int(float(r["troops_ad"] or 0))}
                for r in _csv("troops.csv")]

    def known_troop_years(self, at: dt.date | None) -> list[int]:
        """Years of troop numbers published by ``at`` (all with ``None``): a year's DMDC
        figures count as known from April 1 of the next year, as in the assessment."""
        from alliance_monitor.assess.snapshot import dataset_known_from

        years = sorted({r["year"] for r in self.troops})
        return [y for y in years if at is None or dataset_known_from(y) <= at]

    def forces(self, year: int, at: dt.date | None = None) -> dict[str, Any]:
        hosts: dict[str, list[dict[str, Any]]] = {}
        for b in self.bases:
            hosts.setdefault(b["host"], []).append(b)
        # the USA's own row counts all forces at home, not a deployment: left off the map
        troops = {r["host"]: r for r in self.troops if r["year"] == year and r["host"] != "USA"}
        per_host = []
        for host, bases in sorted(hosts.items()):
            lat = sum(b["lat"] for b in bases) / len(bases)
            lon = sum(b["lon"] for b in bases) / len(bases)
            row = troops.get(host)
            per_host.append({"host": host, "lat": round(lat, 2), "lon": round(lon, 2),
                             "bases": len(bases), "troops": row["troops"] if row else None})
        years = self.known_troop_years(at)
        return {"year": year, "years": years, "at": _iso(at), "bases": self.bases,
                "bases_dated": False, "hosts": per_host}

    def network(self, at: dt.date) -> dict[str, Any]:
        kb = self.kb
        alliances = []
        for al in kb.alliances.values():
            alive = al.established is None or al.established <= at
            inst = [{"id": i.id, "name_en": i.name.en, "name_de": i.name.de, "kind": i.kind,
                     "start": _iso(i.start), "end": _iso(i.end), "active": i.active_on(at)}
                    for i in kb.institutions.values() if al.id in i.alliances]
            inst.sort(key=lambda i: (i["start"] or "", i["id"]))
            alliances.append({"id": al.id, "name_en": al.name.en, "name_de": al.name.de,
                              "members": al.members, "kind": al.kind,
                              "established": _iso(al.established), "active": alive,
                              "treaty": al.treaty.name if al.treaty else None,
                              "institutions": inst})
        actors = sorted({m for a in alliances for m in a["members"]})
        return {"at": at.isoformat(), "actors": actors, "alliances": alliances}

    def methodology(self) -> dict[str, Any]:
        return dict(self.app.methodology.model_dump(mode="json", exclude={"path"}))


def _blocks(a: Any) -> list[tuple[str, Any]]:
    blocks = {**a.criteria, "overall": a.overall, **a.fears}
    return [(n, blocks[n]) for n in MEASURES if n in blocks]


def _period(row: dict[str, Any]) -> str:
    start = row.get("valid_from")
    return f"{start[:3]}0s" if start else "undated"


def _paged(rows: list[dict[str, Any]], page: int, per_page: int) -> dict[str, Any]:
    total = len(rows)
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    return {"total": total, "page": page, "pages": pages, "per_page": per_page,
            "items": rows[(page - 1) * per_page: page * per_page]}


def _is_float(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False


def _csv(name: str) -> list[dict[str, str]]:
    text = (resources.files("alliance_monitor.datasets") / "data" / name).read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


__all__ = ["HISTORY_START", "MEASURES", "PER_PAGE", "WebData", "quarter_ends"]
