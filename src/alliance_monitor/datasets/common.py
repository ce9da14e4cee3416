"""Checks every data-set module shares: country codes to ISO3, value ranges, year spans."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

from alliance_monitor.datasets import countries
from alliance_monitor.datasets.countries import Scheme
from alliance_monitor.datasets.reading import Rows

NON_STATE_SKIP = "no ISO3 code (territory, region or historical entity)"


def resolve_countries(frame: pd.DataFrame, sources: Sequence[tuple[str, Scheme]], bad: Rows, *,
                      out: str = "iso3", keep_non_state: bool = False,
                      label: str = "country") -> pd.DataFrame:
    """Add ``out`` (ISO3) from the first of ``sources`` (column, scheme) that resolves.

    A value nobody recognises is a bad row (reported, dropped). A recognised non-state entity
    (a colony, a region, 'NA') is an expected exclusion: counted, and the row is dropped unless
    ``keep_non_state`` (then it stays with an empty ISO3).
    """
    if frame.empty:
        frame[out] = pd.Series(dtype="object")
        return frame
    result = pd.Series([None] * len(frame), index=frame.index, dtype="object")
    non_state = pd.Series(False, index=frame.index)
    shown = pd.Series("", index=frame.index, dtype="object")
    for column, scheme in sources:
        values = frame[column].astype("object")
        todo = result.isna()
        mapping: dict[object, countries.Resolution] = {
            v: countries.resolve(v, scheme) for v in values[todo].dropna().unique()}
        resolved = values.map(lambda v, m=mapping: m[v].iso3 if v in m else None)
        status = values.map(lambda v, m=mapping: m[v].status if v in m else "missing")
        result = result.where(~(todo & resolved.notna()), resolved)
        non_state |= todo & (status == "non_state")
        unseen = (shown == "") & values.notna() & (status == "unknown")
        shown = shown.where(~unseen, values.astype("string").fillna(""))
    non_state &= result.isna()
    unknown = result.isna() & ~non_state & (shown != "")
    missing = result.isna() & ~non_state & ~unknown
    for idx in frame.index[unknown]:
        bad.add(int(frame.at[idx, "line"]), f"unknown {label} '{shown[idx]}'")
    for idx in frame.index[missing]:
        bad.add(int(frame.at[idx, "line"]), f"no {label} given")
    bad.skip(f"{label}: {NON_STATE_SKIP}", int(non_state.sum()))
    frame = frame.assign(**{out: result})
    keep = ~(unknown | missing) & (keep_non_state | ~non_state)
    return frame[keep].reset_index(drop=True)


def check_range(frame: pd.DataFrame, column: str, lo: float, hi: float, bad: Rows, *,
                drop: bool = True) -> pd.DataFrame:
    """Rows whose value lies outside [lo, hi] are bad and dropped (empty values pass).

    With ``drop=False`` the row stays and only that value is emptied and counted: for columns
    the indicators do not use (a negative Marine Corps count must not lose the row's total).
    """
    values = frame[column]
    wrong = (values.notna() & ((values < lo) | (values > hi))).fillna(False).astype(bool)
    if not drop:
        bad.skip(f"column '{column}': outside {lo:g}–{hi:g}, left empty", int(wrong.sum()))
        frame = frame.copy()
        frame[column] = values.where(~wrong)
        return frame
    for idx in frame.index[wrong]:
        bad.add(int(frame.at[idx, "line"]),
                f"column '{column}': {values[idx]} is outside {lo:g}–{hi:g}")
    return frame[~wrong].reset_index(drop=True)


def year_span(values: Iterable[object]) -> tuple[int | None, int | None]:
    years = pd.to_numeric(pd.Series(list(values), dtype="object"), errors="coerce").dropna()
    return (int(years.min()), int(years.max())) if len(years) else (None, None)


def sql_values(rows: Iterable[tuple[object, ...]]) -> str:
    """A VALUES list of constants from code (alliance ids, ISO3 codes, numbers)."""
    def literal(v: object) -> str:
        if isinstance(v, (int, float)):
            return repr(v)
        text = str(v)
        if not text.replace("-", "").replace("_", "").isalnum():
            raise ValueError(f"not a code constant: {text!r}")
        return f"'{text}'"
    return ", ".join("(" + ", ".join(literal(v) for v in row) + ")" for row in rows)


__all__ = ["NON_STATE_SKIP", "check_range", "resolve_countries", "sql_values", "year_span"]
