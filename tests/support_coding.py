"""Helpers for the clause-rule tests: code one invented sentence and read what came out."""

from __future__ import annotations

import datetime as dt

from alliance_monitor.coding import Coder

REPORT_DAY = dt.date(2024, 7, 12)


def coded(coder: Coder, text: str, lang: str, day: dt.date | None = REPORT_DAY
          ) -> set[tuple[str, str | None, str]]:
    """(source, target, PLOVER category) of every event coded in ``text`` as a report of
    ``day`` (None: a bare sentence without a report date)."""
    doc = coder.code(text, doc="t", published=day, language=lang)
    return {(e.event.source, e.event.target, e.event.category) for e in doc.events}


def signals(coder: Coder, text: str, lang: str, day: dt.date | None = REPORT_DAY
            ) -> set[tuple[str, str, int]]:
    """(alliance, criterion, direction) of every signal coded in ``text`` as a report of ``day``."""
    doc = coder.code(text, doc="t", published=day, language=lang)
    return {(s.alliance, s.criterion, s.direction) for e in doc.events for s in e.event.signals}
