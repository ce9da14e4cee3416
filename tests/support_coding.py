"""Helpers for the clause-rule tests: code one invented sentence and read what came out."""

from __future__ import annotations

import datetime as dt

from alliance_monitor.coding import Coder


def coded(coder: Coder, text: str, lang: str) -> set[tuple[str, str | None, str]]:
    """(source, target, PLOVER category) of every event coded in ``text``."""
    doc = coder.code(text, doc="t", published=dt.date(2024, 7, 12), language=lang)
    return {(e.event.source, e.event.target, e.event.category) for e in doc.events}
