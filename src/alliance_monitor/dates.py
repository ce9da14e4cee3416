"""The one parser for dates a person types (CLI options, dashboard URLs)."""

from __future__ import annotations

import datetime as dt

from alliance_monitor.errors import UsageError


def parse_day(value: str | None, option: str = "--at") -> dt.date:
    """YYYY-MM-DD, YYYY-MM (end of month), YYYY (end of year), 'today' or empty (today)."""
    if not value or value == "today":
        return dt.date.today()
    try:
        if len(value) == 4:
            return dt.date(int(value), 12, 31)
        if len(value) == 7:
            y, m = int(value[:4]), int(value[5:])
            return dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1)
        return dt.date.fromisoformat(value)
    except ValueError:
        shown = "".join(c for c in value[:40] if c.isprintable())
        raise UsageError(f"bad date '{shown}' for {option}; use YYYY-MM-DD (e.g. 2021-05-01), "
                         "YYYY-MM, YYYY or 'today'",
                         de=f"ungültiges Datum '{shown}' für {option}; JJJJ-MM-TT (z. B. "
                            "2021-05-01), JJJJ-MM, JJJJ oder 'today' angeben") from None
