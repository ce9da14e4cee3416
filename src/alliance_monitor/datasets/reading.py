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

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pyarrow import csv as pa_csv

from alliance_monitor.errors import DataError
from alliance_monitor.ingest.report import BadItem

#: Cells that mean "no value" in the official files (R's NA, Stata's ., empty).
NA_TOKENS = frozenset({"", "na", "nan", "n/a", ".", "null", "none"})
#: Of those, the ones that say "not a number" explicitly (reported, unlike empty cells).
EXPLICIT_NA = frozenset({"na", "nan", "n/a", "null", "none"})
#: Bad rows kept with their reason per file; the rest are only counted.
MAX_BAD_LISTED = 200
#: Encodings tried in order: UTF-8 first, then the Windows/Latin-1 family (MME is Latin-1).
ENCODINGS = ("utf-8", "cp1252", "latin-1")


class DatasetFileError(DataError):
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


def _header_line(source: Source, lines: list[str], header_hint: Iterable[str],
                 header_match: Callable[[list[str]], bool] | None) -> int:
    """Index of the header line: skips empty lines and, with hints, a title preamble."""
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
    return start


def _arrow_columns(source: Source, header_hint: Iterable[str],
                   header_match: Callable[[list[str]], bool] | None,
                   ) -> tuple[list[str], list[int], list[pa.Array]] | None:
    """Fast path: Arrow's CSV reader, every cell as text. ``None`` when the file needs the
    careful reader (rows of the wrong width, values spanning lines), which reports per row."""
    lines = source.text.splitlines()
    start = _header_line(source, lines, header_hint, header_match)
    delimiter = _sniff_delimiter(lines[start])
    header = next(csv.reader([lines[start]], delimiter=delimiter))
    header = [h.strip() for h in header]
    names = [f"f{i}" for i in range(len(header))]
    body = "\n".join(lines[start + 1:]).encode("utf-8")
    try:
        table = pa_csv.read_csv(
            io.BytesIO(body),
            read_options=pa_csv.ReadOptions(column_names=names, use_threads=True),
            parse_options=pa_csv.ParseOptions(delimiter=delimiter, newlines_in_values=False),
            convert_options=pa_csv.ConvertOptions(
                column_types={n: pa.string() for n in names}, strings_can_be_null=False,
                quoted_strings_can_be_null=False))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    numbers = [i for i, line in enumerate(lines[start + 1:], start + 2) if line.strip()]
    if table.num_rows != len(numbers):
        return None
    if table.num_rows and len(header) == 1:  # single-column files: drop whitespace-only rows
        return None
    return header, numbers, [table.column(i).combine_chunks() for i in range(len(header))]


def records(source: Source, *, header_hint: Iterable[str] = (),
            header_match: Callable[[list[str]], bool] | None = None,
            ) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header and (line, cells) records; a preamble before the header row is skipped.

    The header is the first row that contains one of ``header_hint`` (case-insensitive) or
    satisfies ``header_match``; otherwise the first non-empty row. SIPRI's generated tables
    start with title lines.
    """
    lines = source.text.splitlines()
    start = _header_line(source, lines, header_hint, header_match)
    delimiter = _sniff_delimiter(lines[start])
    body = lines[start:]
    reader = csv.reader(io.StringIO("\n".join(body)), delimiter=delimiter)
    try:
        header = [h.strip() for h in next(reader)]
        rows = list(reader)
    except StopIteration:
        raise DatasetFileError(f"{source.name}: the file is empty") from None
    except csv.Error as exc:
        raise DatasetFileError(f"{source.name}: not a readable CSV file near line "
                               f"{reader.line_num + start}: {exc}") from exc
    data = [r for r in rows if r and (len(r) > 1 or r[0].strip())]
    numbers = [i for i, line in enumerate(body[1:], start + 2) if line.strip()]
    if len(numbers) != len(data):  # a quoted value spans lines: count them record by record
        numbers = _line_numbers(body, delimiter, start)
    return header, list(zip(numbers, data, strict=True))


def _line_numbers(body: list[str], delimiter: str, start: int) -> list[int]:
    """The first physical line of each non-empty record (slow path for multi-line values)."""
    reader = csv.reader(io.StringIO("\n".join(body)), delimiter=delimiter)
    next(reader)
    numbers = []
    previous = reader.line_num
    for row in reader:
        first_line = previous + 1 + start
        previous = reader.line_num
        if row and (len(row) > 1 or row[0].strip()):
            numbers.append(first_line)
    return numbers


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
    fast = _arrow_columns(source, header_hint, header_match)
    if fast is not None:
        header, keep_lines, by_position = fast
    else:
        header, recs = records(source, header_hint=header_hint, header_match=header_match)
    positions: dict[str, int] = {}
    missing = []
    for col in columns:
        pos = find_column(header, col)
        if pos is not None:
            positions[col.name] = pos
        elif col.required:
            also = f" (also accepted: {', '.join(col.aliases)})" if col.aliases else ""
            missing.append(f"'{col.name}'{also}")
    if missing:
        raise DatasetFileError(
            f"{source.name}: missing required column(s) {', '.join(missing)}; found: "
            f"{', '.join(header[:20])}{' …' if len(header) > 20 else ''}. Is this the "
            f"official file of data set '{dataset}'?")
    if fast is None:
        width = len(header)
        keep_lines = []
        kept: list[list[str]] = []
        for line, row in recs:
            if len(row) != width:
                bad.add(line, f"has {len(row)} fields, the header has {width}")
                continue
            keep_lines.append(line)
            kept.append(row)
        by_position = [pa.array(cells, pa.string()) for cells in zip(*kept, strict=True)] \
            if kept else [pa.array([], pa.string()) for _ in range(width)]
    lines = pd.Series(keep_lines, dtype="int64")
    out: dict[str, pd.Series] = {"line": lines}
    drop = np.zeros(len(lines), dtype=bool)
    for col in columns:
        if col.name not in positions:
            out[col.name] = pd.Series([None] * len(lines), dtype="object")
            continue
        raw = pc.utf8_trim_whitespace(by_position[positions[col.name]])
        is_na = _as_bool(pc.is_in(pc.utf8_lower(raw),
                                  value_set=pa.array(sorted(col.na), pa.string())))
        values: pd.Series
        if col.kind == "str":
            values = pd.Series(raw.to_pylist(), dtype="object").where(~is_na, None)
        else:
            number = _to_number(raw, is_na)
            wrong = (np.isnan(number) & ~is_na) | np.isinf(number)
            # An explicit NaN/NA cell in a number column has no value: reported (counted per
            # column), and the load never lets it replace a stored value (load.upsert).
            nan_cells = is_na & _as_bool(pc.is_in(pc.utf8_lower(raw), value_set=pa.array(
                sorted(EXPLICIT_NA), pa.string())))
            if nan_cells.any():
                bad.skip(f"column '{col.name}': NaN/NA cell, no value (a stored value is "
                         f"kept)", int(nan_cells.sum()))
            if col.kind == "int":
                with np.errstate(invalid="ignore"):
                    wrong |= ~np.isnan(number) & (np.mod(number, 1) != 0)
            if not col.strict:
                if wrong.any():
                    bad.skip(f"column '{col.name}': not a number, left empty", int(wrong.sum()))
                number = np.where(wrong, np.nan, number)
            else:
                for idx in np.flatnonzero(wrong & ~drop):
                    bad.add(int(keep_lines[idx]),
                            f"column '{col.name}': '{raw[int(idx)].as_py()}' is not a"
                            f"{'n integer' if col.kind == 'int' else ' number'}")
                drop |= wrong
            values = pd.Series(number, dtype="float64")
        if not col.nullable:
            for idx in np.flatnonzero(is_na & ~drop):
                bad.add(int(keep_lines[idx]), f"column '{col.name}' is empty")
            drop |= is_na
        out[col.name] = values
    frame = pd.DataFrame(out)[~drop].reset_index(drop=True)
    for col in columns:
        if col.kind == "int" and col.name in positions:
            frame[col.name] = frame[col.name].astype("Int64")
    return frame


def _as_bool(array: pa.ChunkedArray | pa.Array) -> np.ndarray:
    return np.asarray(array.to_numpy(zero_copy_only=False), dtype=bool)


def _to_number(raw: pa.Array, is_na: np.ndarray) -> np.ndarray:
    """Floats (NaN where empty or not a number); Arrow's parser, pandas' for the odd cell."""
    cleaned = pc.if_else(pa.array(is_na), pa.scalar(None, pa.string()), raw)
    try:
        parsed = pc.cast(cleaned, pa.float64())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return np.asarray(pd.to_numeric(pd.Series(cleaned.to_pylist(), dtype="object"),
                                        errors="coerce"), dtype="float64")
    return np.asarray(parsed.to_numpy(zero_copy_only=False), dtype="float64")


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
