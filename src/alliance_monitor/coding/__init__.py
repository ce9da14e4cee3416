"""Event coding (issue 5): actor gazetteer, action lexicon, alliance-signal rules, the coder,
cross-document merging with disputes, and a repeatable evaluation.

Library surface (the CLI in :mod:`alliance_monitor.commands.coding` only parses and prints):

- :func:`code_items` — code files, directories, URLs or stdin without storing anything;
- :func:`stored_events` — events in the store, with mentions, signals and disputes;
- :func:`evaluate_gold` / :func:`evaluate_plover` — scores against labelled sets.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from alliance_monitor.coding.coder import CodedDocument, CodedEvent, Coder


@dataclass
class CodeResult:
    documents: list[CodedDocument] = field(default_factory=list)
    bad: list[Any] = field(default_factory=list)  # ingest.report.BadItem
    notes: list[str] = field(default_factory=list)

    @property
    def events(self) -> list[CodedEvent]:
        return [e for d in self.documents for e in d.events]


def code_items(items: list[str], *, coder: Coder | None = None, stdin: BinaryIO | None = None,
               fetcher: Any = None) -> CodeResult:
    """Read items like ``alliance ingest`` does and code them; nothing is stored.

    The event's ``doc`` is the item as given (path, URL, ``feed#n`` or ``-``).
    """
    from alliance_monitor.ingest.documents import read_items
    from alliance_monitor.ingest.report import BadItem

    coder = coder or Coder()
    result = CodeResult(notes=list(coder.gaz.notes))
    for got in read_items(items, stdin=stdin, fetcher=fetcher):
        if isinstance(got, BadItem):
            result.bad.append(got)
            continue
        result.documents.append(coder.code(got.text, doc=got.item, published=got.published,
                                           language=got.language))
    return result


def stored_events(con: Any, *, alliance: str | None = None, since: dt.date | None = None,
                  until: dt.date | None = None, disputed_only: bool = False,
                  limit: int | None = None) -> list[dict[str, Any]]:
    """Events in the store, newest first (see :func:`alliance_monitor.coding.store.event_rows`)."""
    from alliance_monitor.coding.store import event_rows

    return event_rows(con, alliance=alliance, since=since, until=until,
                      disputed_only=disputed_only, limit=limit)


def evaluate_gold(path: Path | str, subset: str | None = None,
                  coder: Coder | None = None) -> Any:
    """Score the coder on a labelled set in the news-dev.json format (optionally one half)."""
    from alliance_monitor.coding.evaluate import evaluate, load_gold, select

    return evaluate(select(load_gold(path), subset), coder)


def evaluate_plover(path: Path | str, coder: Coder | None = None) -> Any:
    """Score the coder on the PLOVER gold-standard records."""
    from alliance_monitor.coding.plover_gsr import evaluate_gsr, load_gsr

    return evaluate_gsr(load_gsr(path), coder)


__all__ = ["CodeResult", "CodedDocument", "CodedEvent", "Coder", "code_items",
           "evaluate_gold", "evaluate_plover", "stored_events"]
