"""Make the small extracts shipped in ``datasets/data`` from full copies of the data sets.

Each extract keeps the official file format (same header, rows copied verbatim, for wide
files possibly fewer columns) and only the rows about the countries of the model
(``registry.EXTRACT_COUNTRIES``), so the same loader reads it and a fresh machine works
offline. No COW alliance data is involved. Run it after a data set is updated:

    uv run python -m alliance_monitor.datasets.extract ../shared/data/indicators
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from alliance_monitor.datasets import countries
from alliance_monitor.datasets.load import find_files
from alliance_monitor.datasets.reading import open_source
from alliance_monitor.datasets.registry import ATOP_IDS, EXTRACT_COUNTRIES, REGISTRY

KEEP = frozenset(EXTRACT_COUNTRIES)
#: COW codes of the kept countries, with West Germany (260) for DEU.
KEEP_COW = frozenset({c for iso in KEEP if (c := countries.to_cow(iso)) is not None} | {260})
DATA_DIR = Path(__file__).parent / "data"

Row = list[str]
Filter = Callable[[Sequence[str], Row], bool]


def _col(header: Sequence[str], *names: str) -> int:
    folded = [h.casefold() for h in header]
    for name in names:
        if name.casefold() in folded:
            return folded.index(name.casefold())
    raise KeyError(f"none of {names} in the header")


def _int(text: str) -> int | None:
    try:
        return int(float(text))
    except ValueError:
        return None


def _iso(text: str, scheme: countries.Scheme = "any") -> str | None:
    return countries.to_iso3(text, scheme)


def _atop(header: Sequence[str], row: Row) -> bool:
    wanted = {i for ids in ATOP_IDS.values() for i in ids}
    return _int(row[_col(header, "atopid")]) in wanted


def _dyads(header: Sequence[str], row: Row) -> bool:
    a = _int(row[_col(header, "ccode1", "stateA")])
    b = _int(row[_col(header, "ccode2", "stateB")])
    return a in KEEP_COW and b in KEEP_COW


def _by_cow(header: Sequence[str], row: Row) -> bool:
    return _int(row[_col(header, "ccode")]) in KEEP_COW


def _by_code(header: Sequence[str], row: Row) -> bool:
    return row[_col(header, "Code", "iso3c")] in KEEP


def _by_name(header: Sequence[str], row: Row) -> bool:
    return _iso(row[_col(header, "recipient")].rstrip("*"), "name") in KEEP


def _troops(header: Sequence[str], row: Row) -> bool:
    return _int(row[_col(header, "ccode")]) in KEEP_COW or row[_col(header, "iso3c")] in KEEP


def _mme(header: Sequence[str], row: Row) -> bool:
    found = {_iso(row[i], "name") for i, h in enumerate(header)
             if h.casefold().startswith("state") and row[i].strip()}
    return len(found & KEEP) >= 2


def _everything(header: Sequence[str], row: Row) -> bool:
    return True


#: data set -> (row filter, columns to keep or None for all)
RULES: dict[str, tuple[Filter, tuple[str, ...] | None]] = {
    "atop": (_atop, None),
    "atop_dyads": (_dyads, None),
    "unga": (_by_cow, None),
    "sipri_milex": (_by_code, None),
    "sipri_arms": (_by_name, None),
    "troops": (_troops, None),
    "bases": (_by_code, None),
    "mme": (_mme, ("MMEID", "Ex_Name", "Series_Name", "Location", "lat", "lon", "StartDate",
                   "s.year", "s.month", "s.day", "EndDate", "e.year", "e.month", "e.day",
                   "CPX", "Air", "Land", "Sea", "Amphibious", "Cyber", "Warfighting",
                   "Peacekeeping", "Humanitarian", "State*")),
    "signals": (_by_cow, ("ctry_yr", "ccode", "country", "year", "us_nukes", "us_vis",
                          "us_econaid", "us_bit", "us_pact", "us_words", "us_ex", "us_arms",
                          "us_troops")),
    "pew": (_everything, None),
    "nato_opinion": (_everything, None),
}


def extract(name: str, path: Path) -> tuple[str, int]:
    """The extract's CSV text and its number of data rows."""
    info = REGISTRY[name]
    source = open_source(path, info.zip_member)
    keep, columns = RULES[name]
    reader = csv.reader(io.StringIO(source.text))
    header = next(reader)
    if columns is None:
        idx = list(range(len(header)))
    else:
        idx = [i for c in columns for i in (
            [j for j, h in enumerate(header) if h.startswith(c[:-1])] if c.endswith("*")
            else [_col(header, c)])]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([header[i] for i in idx])
    n = 0
    for row in reader:
        if len(row) == len(header) and keep(header, row):
            writer.writerow([row[i] for i in idx])
            n += 1
    return out.getvalue(), n


def readme(rows: dict[str, tuple[str, int]]) -> str:
    lines = [
        "# Bundled data-set extracts",
        "",
        "Small extracts of the official files, so `alliance build` works offline on a fresh",
        "machine. Each keeps the official format and only the rows about USA, JPN, KOR, AUS, "
        "NZL,",
        "DEU, CHN, PRK and RUS (signals: only the US columns; ATOP: only the treaties of the",
        "model; MME: exercises with at least two of these countries). Figures are copied",
        "unchanged from the source named below; cite it, not this project. No Correlates of "
        "War",
        "alliance data is shipped. Regenerate with",
        "`uv run python -m alliance_monitor.datasets.extract ../shared/data/indicators`.",
        "Loading the full official file (`alliance datasets load` / `fetch`) supersedes an",
        "extract.",
        "",
        "`supplement/` holds hand-entered values for years after an extract ends, each with the",
        "report it was read off (publisher, title, date, URL, locator). They are not part of any",
        "official file; cite the report named in the row. Rules and format: docs/data-sources.md,",
        "\"Supplement\".",
        "",
    ]
    for name, (file, n) in rows.items():
        info = REGISTRY[name]
        lines += [f"## {file} — {info.title.en}", "",
                  f"- Data set: `{name}` ({n} rows), years {info.years}",
                  f"- Source: {info.publisher}",
                  f"- Citation: {info.citation}",
                  f"- Licence: {info.licence}",
                  f"- Official distribution: {info.download_url or info.homepage or '—'}", ""]
    return "\n".join(lines)


def make_extracts(folder: Path, out: Path = DATA_DIR) -> dict[str, tuple[str, int]]:
    """Write every extract from the official copies under ``folder``; returns file and rows."""
    out.mkdir(parents=True, exist_ok=True)
    done: dict[str, tuple[str, int]] = {}
    for name, path in find_files(folder):
        info = REGISTRY[name]
        if info.bundled is None or name in done:
            continue
        text, n = extract(name, path)
        (out / info.bundled).write_text(text, encoding="utf-8")
        done[name] = (info.bundled, n)
    (out / "README.md").write_text(readme(done), encoding="utf-8")
    return done


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args:
        print("usage: python -m alliance_monitor.datasets.extract FOLDER [OUT]", file=sys.stderr)
        return 2
    done = make_extracts(Path(args[0]), Path(args[1]) if len(args) > 1 else DATA_DIR)
    for name, (file, n) in done.items():
        print(f"{name}: {file} ({n} rows)")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
