"""The PLOVER gold-standard records (openeventdata/PLOVER, ``PLOVER_GSR_CAMEO.txt``).

The file is a JSON list of records coded with PLOVER 0.5 (2016): ``source``/``target`` are lists
of ``{actorText, code, sector}`` with CAMEO-style country codes (``JAP`` for Japan), and the
``event`` uses the 2016 category names. Today's 16-category PLOVER merged some of them; this
reader maps them (DEMAND -> REQUEST, DISAPPROVE and INVESTIGATE -> ACCUSE, FIGHT -> ASSAULT) so
the coder can be scored against the records.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from alliance_monitor.coding.coder import Coder
from alliance_monitor.coding.evaluate import Counts, GoldError

#: 2016 PLOVER category -> current PLOVER category (PLOVER manual, "Changes" and categories).
CATEGORY_MAP = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE",
                "FIGHT": "ASSAULT"}
#: CAMEO-style codes that differ from ISO 3166-1 alpha-3.
CAMEO_TO_ISO = {"JAP": "JPN", "ITL": "ITA", "UK": "GBR", "GMY": "DEU", "ROM": "ROU",
                "SAF": "ZAF", "YUG": "SRB", "BOS": "BIH"}


@dataclass(frozen=True)
class GsrRecord:
    id: str
    text: str
    category: str
    mode: str | None
    sources: frozenset[str]
    targets: frozenset[str]


def _codes(value: Any) -> frozenset[str]:
    if not isinstance(value, list):
        return frozenset()
    out = set()
    for actor in value:
        if isinstance(actor, dict) and actor.get("code"):
            code = str(actor["code"]).upper()
            out.add(CAMEO_TO_ISO.get(code, code))
    return frozenset(out)


def load_gsr(path: Path | str) -> list[GsrRecord]:
    """The event records of a PLOVER gold-standard file (documentation records skipped)."""
    target = Path(path)
    try:
        doc = json.loads(target.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise GoldError(f"{target}: cannot read the PLOVER gold standard: {exc}") from exc
    if not isinstance(doc, list):
        raise GoldError(f"{target}: expected a JSON list of PLOVER records")
    out = []
    for rec in doc:
        if not isinstance(rec, dict) or rec.get("event") in (None, "DOCUMENT") or \
                not rec.get("text"):
            continue
        event = str(rec["event"])
        category = CATEGORY_MAP.get(event, event)
        out.append(GsrRecord(id=str(rec.get("id")), text=rec["text"], category=category,
                             mode=rec.get("mode") or None, sources=_codes(rec.get("source")),
                             targets=_codes(rec.get("target"))))
    return out


@dataclass
class GsrResult:
    records: int
    coded: int = 0                      # records with at least one coded event
    category_correct: int = 0           # top event's category equals the gold category
    category: Counts = field(default_factory=Counts)   # any coded category vs gold, per record
    source: Counts = field(default_factory=Counts)     # top event's source vs gold sources
    target: Counts = field(default_factory=Counts)     # top event's target vs gold targets
    per_category: dict[str, Counts] = field(default_factory=dict)

    def rows(self) -> list[dict[str, Any]]:
        acc = self.category_correct / self.coded if self.coded else 0.0
        rows = [
            {"measure": "coverage (records with an event)", "value": round(
                self.coded / self.records, 3) if self.records else 0.0},
            {"measure": "category accuracy (top event, coded records)", "value": round(acc, 3)},
            {"measure": "category accuracy (all records)", "value": round(
                self.category_correct / self.records, 3) if self.records else 0.0},
        ]
        for name, c in (("category", self.category), ("source actor", self.source),
                        ("target actor", self.target)):
            rows.append({"measure": f"{name} P/R/F1", "value":
                         f"{c.precision:.3f} / {c.recall:.3f} / {c.f1:.3f}"})
        return rows


def evaluate_gsr(records: list[GsrRecord], coder: Coder | None = None) -> GsrResult:
    """Code each record's sentence (English, no date) and compare with its gold coding."""
    coder = coder or Coder()
    result = GsrResult(records=len(records))
    for rec in records:
        coded = coder.code(rec.text, doc=rec.id, language="en").events
        cats = {c.event.category for c in coded}
        per = result.per_category.setdefault(rec.category, Counts())
        per.gold += 1
        result.category.gold += 1
        result.category.pred += len(cats)
        if rec.category in cats:
            result.category.tp_pred += 1
            result.category.tp_gold += 1
            per.tp_gold += 1
        if not coded:
            result.source.gold += bool(rec.sources)
            result.target.gold += bool(rec.targets)
            continue
        result.coded += 1
        top = max(coded, key=lambda c: c.event.confidence).event
        per.pred += 1
        if top.category == rec.category:
            result.category_correct += 1
            per.tp_pred += 1
        for counts, gold, pred in ((result.source, rec.sources, top.source),
                                   (result.target, rec.targets, top.target)):
            counts.gold += bool(gold)
            counts.pred += pred is not None
            if pred is not None and pred in gold:
                counts.tp_pred += 1
                counts.tp_gold += 1
    return result
