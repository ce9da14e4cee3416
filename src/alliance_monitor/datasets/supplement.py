"""Curated supplement: sourced yearly values for years after a data set's last year.

The shipped extracts end early (Pew 2023, SIPRI arms 2020, ...). Newer figures that a
publisher has put out in a report or fact sheet, but not yet in a downloadable file, are
entered by hand in ``datasets/data/supplement/*.yaml``: one file per data set, one row per
value, each with the source it was read off. See docs/data-sources.md ("Supplement").

A file::

    dataset: pew                      # a data set of the registry
    rows:
      - indicator: pew_fav_usa        # an indicator that data set writes
        subject: JPN                  # ISO3 country, or an alliance id (USA-JPN) where the
                                      # data set's indicator is per alliance
        year: 2024                    # after the data set's last year (registry)
        value: 55
        unit: percent                 # must equal the indicator's unit
        source:
          publisher: Pew Research Center
          title: "..."
          published: 2024-06-11       # the value is known from this day (point in time)
          url: https://...
          locator: "chart: favorable view of the U.S."   # a few words, never quoted text
        note: optional, a few words

Rules:

* Every row is validated; an error names the file, the row (1-based) and the field, and the
  whole supplement is refused (:class:`SupplementError`), so a typo cannot half-load.
* The rows land in ``supplement_values`` and, through :func:`apply`, in ``indicator_values``
  under their data set (``source_ref`` = ``supplement``), so every indicator that reads the
  data set reads them too.
* An official value wins: a supplement row is used only where the data set's own derivation
  gave no value for the same indicator, subject and year. Loading a newer official file later
  therefore replaces the hand-entered figures for the years it covers.
* Point in time: a supplement value is known from its source's publication date (not the
  1 April rule of the official files).
* Loading is idempotent: the content hash is recorded; unchanged files write nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import yaml

from alliance_monitor.datasets import countries
from alliance_monitor.datasets.registry import ALLIANCE_STATES, INDICATOR_UNITS, REGISTRY
from alliance_monitor.errors import DataError
from alliance_monitor.store.db import transaction

#: ``indicator_values.source_ref`` of a supplement row (the citation is in the row).
SUPPLEMENT_REF = "supplement"

#: Plausible range per unit; a value outside it is refused.
UNIT_RANGES: dict[str, tuple[float, float]] = {
    "percent": (0, 100),
    "percent_gdp": (0, 100),
    "share": (0, 1),
    "persons": (0, 5_000_000),
    "tiv_million": (0, 100_000),
    "events": (0, 1000),
    "signal_types": (0, 9),
    "ideal_point_distance": (0, 10),
}
ROW_FIELDS = frozenset({"indicator", "subject", "year", "value", "unit", "source", "note"})
SOURCE_FIELDS = ("publisher", "title", "published", "url", "locator")
#: A locator says where on the page the figure is ("table 2", "chart: views of the U.S."),
#: never the page's text.
LOCATOR_MAX = 80
NOTE_MAX = 120
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
_ALLIANCE_INDICATORS = frozenset({"unga_ideal_point_distance", "unga_agreement",
                                  "exercises_joint"})


class SupplementError(DataError):
    """A supplement file is invalid; the message names file, row and field."""


@dataclass(frozen=True)
class SupplementRow:
    dataset: str
    indicator: str
    subject: str
    year: int
    value: float
    unit: str
    published: dt.date
    source: dict[str, str]
    note: str | None
    file: str
    row: int


def default_folder() -> Path:
    return Path(str(resources.files("alliance_monitor.datasets") / "data" / "supplement"))


def _fail(file: str, row: int | None, field: str | None, message: str) -> SupplementError:
    where = file + (f", row {row}" if row is not None else "") + \
        (f", field '{field}'" if field else "")
    return SupplementError(f"{where}: {message}")


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _subject_ok(indicator: str, subject: str) -> bool:
    if indicator in _ALLIANCE_INDICATORS:
        return subject in ALLIANCE_STATES
    return countries.to_iso3(subject, "iso3") == subject


def _row(dataset: str, file: str, number: int, raw: Any,
         today: dt.date) -> SupplementRow:
    def fail(field: str | None, message: str) -> SupplementError:
        return _fail(file, number, field, message)

    if not isinstance(raw, dict):
        raise fail(None, "a row must be a mapping of fields")
    unknown = sorted(set(map(str, raw)) - ROW_FIELDS)
    if unknown:
        raise fail(unknown[0], f"unknown field (allowed: {', '.join(sorted(ROW_FIELDS))})")
    for name in ("indicator", "subject", "year", "value", "unit", "source"):
        if raw.get(name) in (None, ""):
            raise fail(name, "missing")
    info = REGISTRY[dataset]
    indicator = str(raw["indicator"])
    if indicator not in info.indicators:
        raise fail("indicator", f"'{indicator}' is not written by data set '{dataset}' "
                                f"(it writes: {', '.join(info.indicators) or 'none'})")
    unit = str(raw["unit"])
    if unit != INDICATOR_UNITS[indicator]:
        raise fail("unit", f"'{unit}' differs from the data set's unit "
                           f"'{INDICATOR_UNITS[indicator]}' for {indicator}")
    subject = str(raw["subject"])
    if not _subject_ok(indicator, subject):
        kind = "an alliance id (" + ", ".join(ALLIANCE_STATES) + ")" \
            if indicator in _ALLIANCE_INDICATORS else "an ISO3 country code"
        raise fail("subject", f"'{subject}' is not {kind}")
    year = raw["year"]
    if isinstance(year, bool) or not isinstance(year, int):
        raise fail("year", f"'{year}' is not a year")
    if info.last_year is not None and year <= info.last_year:
        raise fail("year", f"{year} is covered by the data set itself (to {info.last_year}); "
                           f"the supplement holds only later years")
    value = raw["value"]
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise fail("value", f"'{value}' is not a number")
    lo, hi = UNIT_RANGES.get(unit, (float("-inf"), float("inf")))
    if not lo <= float(value) <= hi:
        raise fail("value", f"{value} is outside {lo:g}–{hi:g} ({unit})")
    src = raw["source"]
    if not isinstance(src, dict):
        raise fail("source", "must be a mapping with " + ", ".join(SOURCE_FIELDS))
    extra = sorted(set(map(str, src)) - set(SOURCE_FIELDS))
    if extra:
        raise fail(f"source.{extra[0]}", "unknown field (no quoted text: a locator is enough)")
    for name in SOURCE_FIELDS:
        if src.get(name) in (None, ""):
            raise fail(f"source.{name}", "missing")
    published = _date(src["published"])
    if published is None:
        raise fail("source.published", f"'{src['published']}' is not a date (YYYY-MM-DD)")
    if published < dt.date(year, 1, 1):
        raise fail("source.published", f"{published} is before the year {year} began")
    if published > today:
        raise fail("source.published", f"{published} is in the future")
    url = str(src["url"]).strip()
    if not _URL.match(url):
        raise fail("source.url", f"'{url}' is not an http(s) address")
    locator = str(src["locator"]).strip()
    if len(locator) > LOCATOR_MAX:
        raise fail("source.locator", f"{len(locator)} characters; a locator names the place "
                                     f"(at most {LOCATOR_MAX}), it does not quote the text")
    note = raw.get("note")
    if note is not None and len(str(note)) > NOTE_MAX:
        raise fail("note", f"longer than {NOTE_MAX} characters")
    source = {"publisher": str(src["publisher"]).strip(), "title": str(src["title"]).strip(),
              "published": published.isoformat(), "url": url, "locator": locator}
    return SupplementRow(dataset=dataset, indicator=indicator, subject=subject, year=year,
                         value=float(value), unit=unit, published=published, source=source,
                         note=None if note is None else str(note).strip(), file=file,
                         row=number)


def read_file(path: Path, today: dt.date | None = None) -> list[SupplementRow]:
    """Parse and validate one supplement file; raises :class:`SupplementError`."""
    name = path.name
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise _fail(name, None, None, f"cannot read: {exc}") from exc
    if not isinstance(doc, dict):
        raise _fail(name, None, None, "must be a mapping with 'dataset' and 'rows'")
    unknown = sorted(set(map(str, doc)) - {"dataset", "rows"})
    if unknown:
        raise _fail(name, None, unknown[0], "unknown field (allowed: dataset, rows)")
    dataset = str(doc.get("dataset") or "")
    if dataset not in REGISTRY:
        raise _fail(name, None, "dataset", f"'{dataset}' is not a data set "
                                           f"(known: {', '.join(REGISTRY)})")
    rows = doc.get("rows")
    if not isinstance(rows, list):
        raise _fail(name, None, "rows", "must be a list of rows")
    day = today or dt.date.today()
    out = [_row(dataset, name, i, raw, day) for i, raw in enumerate(rows, start=1)]
    seen: dict[tuple[str, str, int], int] = {}
    for r in out:
        key = (r.indicator, r.subject, r.year)
        if key in seen:
            raise _fail(name, r.row, None, f"duplicate of row {seen[key]} "
                                           f"({r.indicator}, {r.subject}, {r.year})")
        seen[key] = r.row
    return out


def read_folder(folder: Path | None = None, today: dt.date | None = None
                ) -> list[SupplementRow]:
    """Every row of every ``*.yaml`` file in ``folder`` (default: the shipped supplement)."""
    target = folder or default_folder()
    if not target.is_dir():
        return []
    rows: list[SupplementRow] = []
    owner: dict[tuple[str, str, int], str] = {}
    for path in sorted(target.glob("*.yaml")):
        for r in read_file(path, today):
            key = (r.indicator, r.subject, r.year)
            if key in owner:
                raise _fail(r.file, r.row, None, f"the same value is also given in {owner[key]}")
            owner[key] = r.file
            rows.append(r)
    return rows


def digest(folder: Path | None = None) -> str:
    target = folder or default_folder()
    h = hashlib.sha256()
    if target.is_dir():
        for path in sorted(target.glob("*.yaml")):
            h.update(path.name.encode())
            h.update(b"\0")
            h.update(path.read_bytes())
    return h.hexdigest()


def apply(con: duckdb.DuckDBPyConnection, dataset: str) -> int:
    """Put the data set's supplement rows into ``indicator_values`` where the data set itself
    has no value for that indicator, subject and year (an official value wins)."""
    con.execute("DELETE FROM indicator_values WHERE dataset = ? AND source_ref = ?",
                [dataset, SUPPLEMENT_REF])
    con.execute(
        "INSERT INTO indicator_values (indicator, subject, year, value, unit, dataset, "
        "source_ref, note) SELECT s.indicator, s.subject, s.year, s.value, s.unit, s.dataset, "
        "?, 'supplement: ' || (s.source->>'publisher') || ', ' || "
        "CAST(s.published AS VARCHAR) || coalesce('; ' || s.note, '') "
        "FROM supplement_values s WHERE s.dataset = ? AND NOT EXISTS (SELECT 1 FROM "
        "indicator_values v WHERE v.indicator = s.indicator AND v.subject = s.subject AND "
        "v.year = s.year)", [SUPPLEMENT_REF, dataset])
    row = con.execute("SELECT count(*) FROM indicator_values WHERE dataset = ? AND "
                      "source_ref = ?", [dataset, SUPPLEMENT_REF]).fetchone()
    return int(row[0]) if row else 0


def load(con: duckdb.DuckDBPyConnection, folder: Path | None = None, *,
         force: bool = False) -> dict[str, Any]:
    """Load the supplement into the store (idempotent); returns what was done."""
    sha = digest(folder)
    stored = con.execute("SELECT value FROM supplement_meta WHERE key = 'sha256'").fetchone()
    if stored and stored[0] == sha and not force:
        return {"status": "unchanged", "sha256": sha}
    rows = read_folder(folder)
    before = {r[0] for r in con.execute("SELECT DISTINCT dataset FROM supplement_values"
                                        ).fetchall()}
    with transaction(con):
        con.execute("DELETE FROM supplement_values")
        con.executemany(
            "INSERT INTO supplement_values (dataset, indicator, subject, year, value, unit, "
            "published, source, note, file, \"row\") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(r.dataset, r.indicator, r.subject, r.year, r.value, r.unit, r.published,
              json.dumps(r.source, sort_keys=True), r.note, r.file, r.row) for r in rows])
        used = {}
        for name in sorted(before | {r.dataset for r in rows}):
            used[name] = apply(con, name)
        con.execute("INSERT OR REPLACE INTO supplement_meta (key, value) VALUES "
                    "('sha256', ?)", [sha])
    return {"status": "loaded", "sha256": sha, "rows": len(rows), "used": used}


__all__ = ["SUPPLEMENT_REF", "SupplementError", "SupplementRow", "apply", "default_folder",
           "digest", "load", "read_file", "read_folder"]
