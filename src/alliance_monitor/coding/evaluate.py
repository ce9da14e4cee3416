"""Repeatable evaluation of the coder against labelled passages (issue 5, "Evaluation").

Two measures per language:

- **signals** — per passage, a predicted (alliance, criterion, direction) is correct when a gold
  event of that passage has the same alliance and direction and lists the criterion in
  ``criterion_ok``. Precision = correct predicted triples / predicted triples (distinct per
  passage); recall = gold events (with an alliance) matched by some predicted triple / all such
  gold events.
- **events** — a predicted event matches a gold event (one-to-one) when the unordered
  {source, target} and the category are equal and the date is within 3 days (the same month
  where the gold date gives only a month).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from alliance_monitor.coding.coder import CodedEvent, Coder
from alliance_monitor.errors import CodingError
from alliance_monitor.model import Event, Evidence, Signal


class GoldError(CodingError):
    """The labelled file is not in the expected format."""


@dataclass(frozen=True)
class GoldEvent:
    date: str | None
    source: str
    target: str | None
    category: str
    alliance: str | None
    criterion_ok: tuple[str, ...]
    direction: int | None


@dataclass(frozen=True)
class GoldPassage:
    id: str
    language: str
    published: dt.date | None
    text: str
    events: tuple[GoldEvent, ...]
    url: str | None = None
    published_inferred: bool = False


@dataclass
class Counts:
    tp_pred: int = 0   # predicted items that are correct
    pred: int = 0
    tp_gold: int = 0   # gold items that were found
    gold: int = 0

    def add(self, other: Counts) -> None:
        self.tp_pred += other.tp_pred
        self.pred += other.pred
        self.tp_gold += other.tp_gold
        self.gold += other.gold

    @property
    def precision(self) -> float:
        return self.tp_pred / self.pred if self.pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp_gold / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"precision": round(self.precision, 3), "recall": round(self.recall, 3),
                "f1": round(self.f1, 3), "predicted": self.pred, "gold": self.gold,
                "correct_predicted": self.tp_pred, "found_gold": self.tp_gold}


@dataclass
class PassageResult:
    id: str
    language: str
    signals: Counts
    events: Counts
    predicted_signals: list[tuple[str, str, int]] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    dated: bool = True  # the passage's publication date is stated, not inferred
    #: (gold category, predicted category or "-") for each gold event, matched by actor pair
    confusion: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Evaluation:
    passages: list[PassageResult]

    def by_language(self, measure: str) -> dict[str, Counts]:
        out: dict[str, Counts] = {}
        for p in self.passages:
            out.setdefault(p.language, Counts()).add(getattr(p, measure))
        total = Counts()
        for c in out.values():
            total.add(c)
        out["all"] = total
        return out

    def dated_events(self) -> dict[str, Counts]:
        """Event counts on passages whose publication date is stated (not inferred)."""
        out: dict[str, Counts] = {}
        total = Counts()
        for p in self.passages:
            if p.dated:
                out.setdefault(p.language, Counts()).add(p.events)
                total.add(p.events)
        out["all"] = total
        return out

    def confusion(self) -> dict[tuple[str, str], int]:
        """How often a gold category was coded as another (matched by actor pair)."""
        out: dict[tuple[str, str], int] = {}
        for p in self.passages:
            for pair in p.confusion:
                out[pair] = out.get(pair, 0) + 1
        return out

    def confusion_rows(self) -> list[dict[str, Any]]:
        table = self.confusion()
        golds = sorted({g for g, _ in table})
        preds = [*sorted({q for _, q in table} - {"-"}), "-"]
        return [{"gold \\ coded": g, **{q: table.get((g, q), 0) for q in preds}}
                for g in golds]

    def rows(self) -> list[dict[str, Any]]:
        sig, ev = self.by_language("signals"), self.by_language("events")
        dated = self.dated_events()
        order = [k for k in ("de", "en", "ko", "ja") if k in sig] + \
            sorted(k for k in sig if k not in ("de", "en", "ko", "ja", "all")) + ["all"]
        rows = []
        for lang in order:
            s, e = sig[lang], ev[lang]
            rows.append({"language": lang, "passages": sum(p.language == lang or lang == "all"
                                                            for p in self.passages),
                         "signal_p": round(s.precision, 3), "signal_r": round(s.recall, 3),
                         "signal_f1": round(s.f1, 3), "event_p": round(e.precision, 3),
                         "event_r": round(e.recall, 3), "event_f1": round(e.f1, 3),
                         "dated_event_f1": round(dated.get(lang, Counts()).f1, 3)})
        return rows


def _date(value: Any) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def load_gold(path: Path | str) -> list[GoldPassage]:
    """Read a labelled set in the news-dev.json format (see its ``about`` field)."""
    target = Path(path)
    try:
        doc = json.loads(target.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise GoldError(f"{target}: cannot read labelled set: {exc}") from exc
    items = doc.get("passages") if isinstance(doc, dict) else doc
    if not isinstance(items, list):
        raise GoldError(f"{target}: expected a list of passages (or {{'passages': [...]}})")
    out = []
    for i, p in enumerate(items):
        try:
            events = tuple(_gold_event(e) for e in p.get("events", []))
            out.append(GoldPassage(id=str(p.get("id", i)), language=p.get("language") or "?",
                                   published=_date(p.get("published")), text=p["text"],
                                   events=events, url=p.get("url"),
                                   published_inferred=bool(p.get("published_inferred"))))
        except (KeyError, TypeError) as exc:
            raise GoldError(f"{target}: passage {i + 1}: missing field {exc}") from exc
    return out


def select(passages: list[GoldPassage], subset: str | None) -> list[GoldPassage]:
    """'even'/'odd' split on the numeric part of the id (tune on one half, test on the other)."""
    if subset in (None, "", "all"):
        return passages

    def num(p: GoldPassage) -> int:
        digits = "".join(c for c in p.id if c.isdigit())
        return int(digits) if digits else 0
    want = 0 if subset == "even" else 1
    return [p for p in passages if num(p) % 2 == want]


def _gold_date_ok(gold: str | None, pred: dt.date | None) -> bool:
    if gold is None:
        return True
    if pred is None:
        return False
    if len(gold) == 7:  # YYYY-MM
        return gold == pred.isoformat()[:7]
    g = _date(gold)
    return g is not None and abs((g - pred).days) <= 3


def score_passage(passage: GoldPassage, coded: Sequence[CodedEvent | Event]) -> PassageResult:
    """Score coded events (or plain events, e.g. a second annotator's) against a passage's gold."""
    plain = [c.event if isinstance(c, CodedEvent) else c for c in coded]
    triples: list[tuple[str, str, int]] = sorted({(s.alliance, str(s.criterion), int(s.direction))
                                                  for e in plain for s in e.signals})
    gold_sig = [g for g in passage.events if g.alliance]
    sig = Counts(pred=len(triples), gold=len(gold_sig))

    def sig_match(t: tuple[str, str, int], g: GoldEvent) -> bool:
        return g.alliance == t[0] and g.direction == t[2] and t[1] in g.criterion_ok
    wrong = []
    for t in triples:
        if any(sig_match(t, g) for g in gold_sig):
            sig.tp_pred += 1
        else:
            wrong.append(f"signal {t}")
    missed = []
    for g in gold_sig:
        if any(sig_match(t, g) for t in triples):
            sig.tp_gold += 1
        else:
            missed.append(f"signal ({g.alliance}, {g.criterion_ok}, {g.direction})")
    preds = []
    seen = set()
    for e in plain:
        key = (frozenset({e.source, e.target}), e.category, e.date)
        if key not in seen:
            seen.add(key)
            preds.append(e)
    ev = Counts(pred=len(preds), gold=len(passage.events))
    used: set[int] = set()
    for g in passage.events:
        gpair = frozenset({g.source, g.target})
        for i, e in enumerate(preds):
            if i in used:
                continue
            if frozenset({e.source, e.target}) == gpair and e.category == g.category and \
                    _gold_date_ok(g.date, e.date):
                used.add(i)
                ev.tp_gold += 1
                break
        else:
            missed.append(f"event {g.source}-{g.target} {g.category} {g.date}")
    ev.tp_pred = len(used)
    confusion = []
    for g in passage.events:
        gpair = frozenset({g.source, g.target})
        same = [e.category for e in preds if frozenset({e.source, e.target}) == gpair]
        confusion.append((g.category, g.category if g.category in same else
                          (same[0] if same else "-")))
    for i, e in enumerate(preds):
        if i not in used:
            wrong.append(f"event {e.source}-{e.target} {e.category} {e.date}")
    return PassageResult(passage.id, passage.language, sig, ev, triples, missed, wrong,
                         not passage.published_inferred and passage.published is not None,
                         confusion)


def _gold_event(e: dict[str, Any]) -> GoldEvent:
    return GoldEvent(date=e.get("date"), source=e["source"], target=e.get("target"),
                     category=e["category"], alliance=e.get("alliance"),
                     criterion_ok=tuple(e.get("criterion_ok") or ([e["criterion"]]
                                                                  if e.get("criterion") else [])),
                     direction=e.get("direction"))


def _as_event(doc: str, e: dict[str, Any]) -> Event:
    """A second annotator's event as an event the scorer reads: its alliance signal with its own
    criterion (a month-only date becomes the month's 1st)."""
    raw = e.get("date") or ""
    day = _date(raw) or (_date(f"{raw}-01") if len(raw) == 7 else None)
    criterion = e.get("criterion") or next(iter(e.get("criterion_ok") or []), None)
    signals = [Signal(alliance=e["alliance"], criterion=criterion, direction=e["direction"])] \
        if e.get("alliance") and criterion and e.get("direction") in (1, -1) else []
    return Event(doc=doc, date=day, source=e["source"], target=e.get("target"),
                 category=e["category"], signals=signals,
                 evidence=Evidence(text="", start=0, end=0), confidence=1.0)


def agreement(first: Path | str, second: Path | str) -> Evaluation:
    """Annotator agreement: the second file's events scored as if coded, against the first
    file's as gold, on the passages both annotate (matched by id; neither needs the text)."""
    def read(path: Path | str) -> dict[str, dict[str, Any]]:
        target = Path(path)
        try:
            doc = json.loads(target.read_text(encoding="utf-8"))
            items: list[Any] = (doc.get("passages") if isinstance(doc, dict) else doc) or []
            return {str(p["id"]): dict(p) for p in items}
        except (OSError, json.JSONDecodeError, KeyError, TypeError, AttributeError) as exc:
            raise GoldError(f"{target}: cannot read annotations: {exc}") from exc
    gold, other = read(first), read(second)
    both = [k for k in other if k in gold]
    if not both:
        raise GoldError(f"{second}: no passage id in common with {first}")
    results = []
    try:
        for pid in both:
            g = gold[pid]
            passage = GoldPassage(id=pid, language=g.get("language") or "?",
                                  published=_date(g.get("published")), text="",
                                  events=tuple(_gold_event(e) for e in g.get("events", [])),
                                  published_inferred=bool(g.get("published_inferred")))
            results.append(score_passage(passage, [_as_event(pid, e)
                                                   for e in other[pid].get("events", [])]))
    except (KeyError, TypeError, ValueError) as exc:
        raise GoldError(f"{second}: passage {pid}: {exc}") from exc
    return Evaluation(results)


def evaluate(passages: Iterable[GoldPassage], coder: Coder | None = None) -> Evaluation:
    """Code every passage (reference date = its ``published``) and score it."""
    coder = coder or Coder()
    results = []
    for p in passages:
        coded = coder.code(p.text, doc=p.id, published=p.published, language=p.language)
        results.append(score_passage(p, coded.events))
    return Evaluation(results)
