"""Read a data-set file into a typed frame, reporting bad rows instead of failing.

Loaders describe the columns they need (:class:`Col`: canonical name, type, the other names
official releases use); :func:`read_rows` finds them, coerces the types and drops every row
that does not fit, recording file, line and reason in a :class:`Rows` collector. A file that
lacks a required column cannot be this data set: that raises :class:`DatasetFileError`.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path
from typing import Literal

import pandas as pd

from alliance_monitor.ingest.report import BadItem

#: Cells that mean "no value" in the official files (R's NA, Stata's ., empty).
NA_TOKENS = frozenset({"", "na", "nan", "n/a", ".", "null", "none"})
#: Bad rows kept with their reason per file; the rest are only counted.
MAX_BAD_LISTED = 200
#: Encodings tried in order: UTF-8 first, then the Windows/Latin-1 family (MME is Latin-1).
ENCODINGS = ("utf-8", "cp1252", "latin-1")


class DatasetFileError(Exception):
    """The file cannot be read as this data set (not text, wrong columns, empty)."""


@dataclass(frozen=True)
class Col:
    name: str
    kind: Literal["int", "float", "str"] = "str"
    aliases: tuple[str, ...] = ()
    required: bool = True
    nullable: bool = True
    na: frozenset[str] = NA_TOKENS
    strict: bool = True  # a bad value drops the row; otherwise it is emptied and counted


@dataclass
class Rows:
    """Bad rows of one file: the first :data:`MAX_BAD_LISTED` with reasons, all counted."""

    file: str
    count: int = 0
    items: list[BadItem] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)  # expected exclusions, by reason

    def add(self, line: int | str, reason: str) -> None:
        self.count += 1
        if len(self.items) < MAX_BAD_LISTED:
            self.items.append(BadItem(f"{self.file}:{line}", reason))

    def skip(self, reason: str, n: int = 1) -> None:
        if n:
            self.skipped[reason] = self.skipped.get(reason, 0) + n


@dataclass(frozen=True)
class Source:
    """The decoded text of one file (or zip member) with its identity."""

    name: str
    text: str
    sha256: str
    encoding: str


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Text and the encoding that worked; NUL bytes mean it is not a text file."""
    if b"\x00" in data[:4096]:
        raise DatasetFileError(f"{name}: not a text (CSV) file")
    for enc in ENCODINGS:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        return text.removeprefix("\ufeff"), enc
    raise DatasetFileError(f"{name}: cannot decode as {', '.join(ENCODINGS)}")  # unreachable


def open_source(path: Path, member: str | None = None) -> Source:
    """Read a file, or the member of a zip archive matching ``member`` (a glob)."""
    import hashlib

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DatasetFileError(f"cannot read {path}: {exc.strerror or exc}") from exc
    name = path.name
    if zipfile.is_zipfile(io.BytesIO(data)):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = [n for n in archive.namelist() if not n.endswith("/")]
            wanted = [n for n in names if member and fnmatch(Path(n).name, member)]
            if not wanted:
                csvs = [n for n in names if n.lower().endswith((".csv", ".tab", ".txt"))]
                if member or len(csvs) != 1:
                    raise DatasetFileError(
                        f"{name}: zip archive without a member matching '{member}'; "
                        f"it holds {', '.join(names[:12]) or 'nothing'}")
                wanted = csvs
            data = archive.read(wanted[0])
            name = f"{name}!{Path(wanted[0]).name}"
    text, enc = decode(data, name)
    return Source(name=name, text=text, sha256=hashlib.sha256(data).hexdigest(), encoding=enc)


def _sniff_delimiter(header: str) -> str:
    return max(",\t;", key=header.count)


def records(source: Source, *, header_hint: Iterable[str] = (),
            header_match: Callable[[list[str]], bool] | None = None,
            ) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header and (line, cells) records; a preamble before the header row is skipped.

    The header is the first row that contains one of ``header_hint`` (case-insensitive) or
    satisfies ``header_match``; otherwise the first non-empty row. SIPRI's generated tables
    start with title lines.
    """
    lines = source.text.splitlines()
    hints = {h.casefold() for h in header_hint}
    start = 0
    if hints or header_match:
        for i, line in enumerate(lines[:60]):
            cells = [c.strip().strip('"') for c in line.split(_sniff_delimiter(line))]
            if {c.casefold() for c in cells} & hints or (header_match and header_match(cells)):
                start = i
                break
    else:
        while start < len(lines) and not lines[start].strip():
            start += 1
    if start >= len(lines):
        raise DatasetFileError(f"{source.name}: the file is empty")
    delimiter = _sniff_delimiter(lines[start])
    reader = csv.reader(io.StringIO("\n".join(lines[start:])), delimiter=delimiter)
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise DatasetFileError(f"{source.name}: the file is empty") from None
    out: list[tuple[int, list[str]]] = []
    previous = reader.line_num
    try:
        for row in reader:
            first_line = previous + 1 + start
            previous = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            out.append((first_line, row))
    except csv.Error as exc:
        raise DatasetFileError(f"{source.name}: not a readable CSV file near line "
                               f"{reader.line_num + start}: {exc}") from exc
    return header, out


def find_column(header: Sequence[str], col: Col) -> int | None:
    """Position of ``col`` in ``header``: its name or an alias (aliases may be globs)."""
    folded = [h.casefold() for h in header]
    for candidate in (col.name, *col.aliases):
        wanted = candidate.casefold()
        for i, h in enumerate(folded):
            if h == wanted or ("*" in wanted and fnmatch(h, wanted)):
                return i
    return None


def read_rows(source: Source, columns: Sequence[Col], bad: Rows, *, dataset: str,
              header_hint: Iterable[str] = (),
              header_match: Callable[[list[str]], bool] | None = None) -> pd.DataFrame:
    """A frame with the canonical columns (typed) and ``line``; bad rows are dropped."""
    header, recs = records(source, header_hint=header_hint, header_match=header_match)
    positions: dict[str, int] = {}
    missing = []
    for col in columns:
        pos = find_column(header, col)
        if pos is not None:
            positions[col.name] = pos
        else:
            if col.required:
                also = f" (also accepted: {', '.join(col.aliases)})" if col.aliases else ""
                missing.append(f"'{col.name}'{also}")
    if missing:
        raise DatasetFileError(
            f"{source.name}: missing required column(s) {', '.join(missing)}; found: "
            f"{', '.join(header[:20])}{' …' if len(header) > 20 else ''}. Is this the "
            f"official file of data set '{dataset}'?")
    width = len(header)
    keep_lines: list[int] = []
    cells: dict[str, list[str]] = {name: [] for name in positions}
    for line, row in recs:
        if len(row) != width:
            bad.add(line, f"has {len(row)} fields, the header has {width}")
            continue
        keep_lines.append(line)
        for name, pos in positions.items():
            cells[name].append(row[pos])
    lines = pd.Series(keep_lines, dtype="int64")
    out: dict[str, pd.Series] = {"line": lines}
    drop = pd.Series(False, index=lines.index)
    for col in columns:
        if col.name not in positions:
            out[col.name] = pd.Series([None] * len(lines), dtype="object")
            continue
        raw = pd.Series(cells[col.name], dtype="object").str.strip()
        is_na = raw.str.casefold().isin(col.na)
        values: pd.Series
        if col.kind == "str":
            values = raw.where(~is_na, None)
        else:
            number = pd.to_numeric(raw.where(~is_na), errors="coerce")
            wrong = number.isna() & ~is_na
            if col.kind == "int":
                wrong |= number.notna() & (number % 1 != 0)
            if not col.strict:
                if wrong.any():
                    bad.skip(f"column '{col.name}': not a number, left empty", int(wrong.sum()))
                number = number.where(~wrong)
            else:
                for idx in wrong[wrong & ~drop].index:
                    bad.add(int(lines[idx]), f"column '{col.name}': '{raw[idx]}' is not a"
                                             f"{'n integer' if col.kind == 'int' else ' number'}")
                drop |= wrong
            values = number
        if not col.nullable:
            empty = is_na & ~drop
            for idx in empty[empty].index:
                bad.add(int(lines[idx]), f"column '{col.name}' is empty")
            drop |= is_na
        out[col.name] = values
    frame = pd.DataFrame(out)[~drop].reset_index(drop=True)
    for col in columns:
        if col.kind == "int" and col.name in positions:
            frame[col.name] = frame[col.name].astype("Int64")
        elif col.kind == "float" and col.name in positions:
            frame[col.name] = frame[col.name].astype("float64")
    return frame


def duplicates(frame: pd.DataFrame, key: Sequence[str], bad: Rows) -> pd.DataFrame:
    """Keep the first row per natural key; later ones are bad rows naming the first."""
    dup = frame.duplicated(list(key), keep="first")
    if dup.any():
        first = frame[~dup].set_index(list(key))["line"]
        for _, row in frame[dup].iterrows():
            k = tuple(row[c] for c in key)
            where = first.get(k if len(k) > 1 else k[0])
            named = ", ".join(f"{c}={v}" for c, v in zip(key, k, strict=True))
            bad.add(int(row["line"]), f"duplicate of line {where} ({named})")
    return frame[~dup].reset_index(drop=True)


__all__ = ["MAX_BAD_LISTED", "NA_TOKENS", "Col", "DatasetFileError", "Rows", "Source", "decode",
           "duplicates", "find_column", "open_source", "read_rows", "records"]
