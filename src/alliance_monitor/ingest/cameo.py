"""CAMEO event codes, Goldstein values, quad classes and their PLOVER categories.

The shipped table ``data/cameo_plover.tsv`` is derived by :func:`derive` from two public files:
the CAMEO code table with Goldstein scale values of the GDELT/CAMEO codebook and the
CAMEO→PLOVER conversion table of the PLOVER manual (openeventdata/PLOVER, MIT licence, draft
0.8, 17 September 2021). ``tests/test_plover_cameo.py`` re-derives it and fails when it drifts.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import duckdb

from alliance_monitor.model import PLOVER_CATEGORIES

TABLE = "cameo_plover.tsv"

#: GDELT codebook: QuadClass 1 verbal cooperation (roots 01–05), 2 material cooperation (06–09),
#: 3 verbal conflict (10–14), 4 material conflict (15–20).
QUAD_NAMES = {1: "verbal_cooperation", 2: "material_cooperation", 3: "verbal_conflict",
              4: "material_conflict"}

#: PLOVER manual, "Quad category" of each event category.
PLOVER_QUAD: dict[str, int] = {
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1,
    "COOPERATE": 2, "AID": 2, "RETREAT": 2,
    "REQUEST": 3, "ACCUSE": 3, "REJECT": 3, "THREATEN": 3,
    "PROTEST": 4, "SANCTION": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4,
}

#: PLOVER manual, table "PLOVER conflict–cooperation scores" (category rows, -10…+10, comparable
#: to Goldstein). ACCUSE is printed as "3" there although all its modes are negative (-2 to
#: -3.5) and the manual's earlier table gives -2.0; we read it as -3.
PLOVER_SCORES: dict[str, float] = {
    "AGREE": 2.5, "CONSULT": 2.5, "SUPPORT": 5.0, "CONCEDE": 4.5, "COOPERATE": 9.5, "AID": 10.0,
    "RETREAT": 6.5, "REQUEST": 0.0, "ACCUSE": -3.0, "REJECT": -2.0, "THREATEN": -3.5,
    "PROTEST": -5.0, "SANCTION": -6.0, "MOBILIZE": -5.5, "COERCE": -7.0, "ASSAULT": -9.0,
}

#: Category names of earlier PLOVER drafts (e.g. the gold-standard records) → current names.
LEGACY_CATEGORIES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE",
                     "FIGHT": "ASSAULT", "YIELD": "CONCEDE"}

#: Old CAMEO country codes still found in coded data (PLOVER gold standard uses JAP) → ISO3.
LEGACY_COUNTRIES = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM", "ROM": "ROU"}


@dataclass(frozen=True)
class CameoCode:
    code: str  # with leading zeros, e.g. "036"
    description: str
    goldstein: float
    quad: int
    plover: str | None  # None for CAMEO 01 and 02, which PLOVER drops
    plover_mode: str | None


def quad_of_root(root: int) -> int:
    return 1 if root <= 5 else 2 if root <= 9 else 3 if root <= 14 else 4


def country(code: str | None) -> str | None:
    """A CAMEO or ISO3 country code in the ISO3 form the model uses (``JAP`` → ``JPN``)."""
    if not code:
        return None
    code = code.strip().upper()
    return LEGACY_COUNTRIES.get(code, code) or None


def plover_category(name: str | None) -> str | None:
    """A PLOVER category name in current form, or None when it is not one of the 16."""
    if not name:
        return None
    name = name.strip().upper()
    name = LEGACY_CATEGORIES.get(name, name)
    return name if name in PLOVER_CATEGORIES else None


_MAPPING_LINE = re.compile(r"^(\d{2,4}):\s*([A-Z]+)\s*(?:,([^,#]*))?")


def derive(cameo_table: Path, mapping: Path) -> list[CameoCode]:
    """Join the codebook's CAMEO table with the CAMEO→PLOVER conversion file."""
    plover: dict[str, tuple[str, str | None]] = {}
    for raw in mapping.read_text(encoding="utf-8").splitlines():
        m = _MAPPING_LINE.match(raw.strip())
        if not m or m.group(1) in plover:  # first line wins ("08: CONCEDE" before RETREAT)
            continue
        mode = (m.group(3) or "").strip() or None
        plover[m.group(1)] = (m.group(2), mode)
    rows = []
    for i, raw in enumerate(cameo_table.read_text(encoding="utf-8").splitlines()):
        parts = raw.split("\t")
        if i == 0 or len(parts) < 4:
            continue
        code = parts[3].strip()
        root = code[:2]
        category, mode = plover.get(code) or plover.get(code[:3]) or plover.get(root) or (None,
                                                                                          None)
        if root in ("01", "02"):  # PLOVER manual: CAMEO 01 and 02 are eliminated
            category, mode = None, None
        rows.append(CameoCode(code, " ".join(parts[1].split()), float(parts[2]),
                              quad_of_root(int(root)), category, mode))
    return rows


def write_table(rows: list[CameoCode], target: Path) -> None:
    header = [
        "# CAMEO event codes with Goldstein scale, GDELT quad class and PLOVER category/mode.",
        "# Derived by alliance_monitor.ingest.cameo.derive() from (1) the CAMEO code table with",
        "# Goldstein values of the GDELT/CAMEO codebook (Gerner, Schrodt, Yilmaz: CAMEO codebook;",
        "# GDELT Project, gdeltproject.org) and (2) CAMEO2PLOVER-2021.txt of the PLOVER manual",
        "# (openeventdata/PLOVER, draft 0.8 of 17 Sep 2021, MIT licence). CAMEO 01/02 have no",
        "# PLOVER category (the manual eliminates them); codes missing from the conversion file",
        "# take the category of their base or root code.",
        "code\tdescription\tgoldstein\tquad\tplover\tplover_mode",
    ]
    lines = [f"{r.code}\t{r.description}\t{r.goldstein}\t{r.quad}\t{r.plover or ''}\t"
             f"{r.plover_mode or ''}" for r in rows]
    target.write_text("\n".join(header + lines) + "\n", encoding="utf-8")


def _table_text() -> str:
    return (resources.files("alliance_monitor.ingest") / "data" / TABLE).read_text(
        encoding="utf-8")


@cache
def codes() -> dict[str, CameoCode]:
    """The shipped table, keyed by code."""
    out = {}
    for raw in _table_text().splitlines():
        if raw.startswith("#") or raw.startswith("code\t") or not raw.strip():
            continue
        code, desc, gold, quad, plover, mode = raw.split("\t")
        out[code] = CameoCode(code, desc, float(gold), int(quad), plover or None, mode or None)
    return out


def lookup(code: str) -> CameoCode | None:
    """A code, falling back to its base (3 digits) and root (2 digits) code."""
    table = codes()
    return table.get(code) or table.get(code[:3]) or table.get(code[:2])


def install(con: duckdb.DuckDBPyConnection) -> None:
    """Keep the store's ``cameo_codes`` table equal to the shipped table (no-op when equal)."""
    digest = hashlib.sha256(_table_text().encode()).hexdigest()
    rows = con.execute("SELECT value FROM gdelt_meta WHERE key = 'cameo_digest'").fetchall()
    if rows and rows[0][0] == digest:
        return
    con.execute("DELETE FROM cameo_codes")
    con.executemany("INSERT INTO cameo_codes VALUES (?, ?, ?, ?, ?, ?)",
                    [[c.code, c.description, c.goldstein, c.quad, c.plover, c.plover_mode]
                     for c in codes().values()])
    con.execute("INSERT OR REPLACE INTO gdelt_meta VALUES ('cameo_digest', ?)", [digest])
