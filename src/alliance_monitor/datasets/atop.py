"""ATOP alliance-level file: treaty obligations and provisions (Leeds et al.), v5.x.

File (``atop5_1a.csv`` in the official zip; ``atop5_0a.csv`` in v5.0): one row per alliance,
``atopid, begyr, begmo, begday, endyr, …, defense, offense, neutral, nonagg, consul, conditio,
defcon, asymm, milcon, milaid, intcom, subord, organ1, base, contrib, …, mem1 … memN`` (COW
codes of the members). Every coded variable is kept in ``ds_atop_alliances.provisions``.

Facts: the provisions of the treaties in the model (``registry.ATOP_IDS``: USA-JPN 3220 and
3375, USA-KOR 3240) become ``dataset_facts`` with the treaty's dates as valid time.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any, Literal

import duckdb
import pandas as pd

from alliance_monitor.datasets import countries
from alliance_monitor.datasets.common import year_span
from alliance_monitor.datasets.facts import replace_facts
from alliance_monitor.datasets.load import Parsed
from alliance_monitor.datasets.reading import (
    Col,
    DatasetFileError,
    Rows,
    Source,
    duplicates,
    read_rows,
    records,
)
from alliance_monitor.datasets.registry import ATOP_IDS, Dataset
from alliance_monitor.model import Fact, SourceRef, Text

#: Bump when the derivation below changes: stores derive again on the next build.
DERIVE_VERSION = 1
KEYS = {"ds_atop_alliances": ("atopid",), "ds_atop_members": ("atopid", "ccode")}
REQUIRED = ("begyr", "defense", "offense", "neutral", "nonagg", "consul")
_MEMBER = re.compile(r"^mem\d+$", re.IGNORECASE)

#: ATOP variable -> (fact attribute, dimension, English label, German label). Binary variables
#: become true/false; ordinal ones keep ATOP's code (see the ATOP codebook for the levels).
PROVISIONS: dict[str, tuple[str, Literal["bool", "level"], str, str]] = {
    "defense": ("atop_defense", "bool", "a defence obligation", "eine Verteidigungspflicht"),
    "offense": ("atop_offense", "bool", "an offence obligation", "eine Angriffspflicht"),
    "neutral": ("atop_neutral", "bool", "a neutrality obligation", "eine Neutralitätspflicht"),
    "nonagg": ("atop_nonagg", "bool", "a non-aggression pledge", "ein Nichtangriffsversprechen"),
    "consul": ("atop_consul", "bool", "a consultation obligation", "eine Konsultationspflicht"),
    "conditio": ("atop_conditional", "bool", "conditions on the obligations",
                 "Bedingungen für die Pflichten"),
    "defcon": ("atop_defense_conditional", "bool", "conditions on the defence obligation",
               "Bedingungen für die Verteidigungspflicht"),
    "asymm": ("atop_asymmetric", "bool", "asymmetric obligations", "asymmetrische Pflichten"),
    "intcom": ("atop_integrated_command", "bool", "an integrated military command",
               "ein integriertes militärisches Kommando"),
    "milcon": ("atop_military_contact", "level", "peacetime military contact",
               "militärische Kontakte in Friedenszeiten"),
    "milaid": ("atop_military_aid", "level", "military aid", "Militärhilfe"),
    "subord": ("atop_subordination", "level", "subordination of forces",
               "Unterstellung von Streitkräften"),
    "organ1": ("atop_organisation", "level", "a formal organisation",
               "eine formelle Organisation"),
    "base": ("atop_bases", "level", "basing rights", "Stationierungsrechte"),
    "contrib": ("atop_contributions", "level", "specified contributions",
                "festgelegte Beiträge"),
}


def _date(year: Any, month: Any, day: Any) -> dt.date | None:
    """A date from ATOP's year/month/day; 0 or missing month/day mean 'not known'."""
    def num(v: Any) -> int:
        return 0 if v is None or pd.isna(v) else int(v)
    y, m, d = num(year), num(month), num(day)
    if y <= 0:
        return None
    try:
        return dt.date(y, m if 1 <= m <= 12 else 1, d if d >= 1 else 1)
    except ValueError:
        return dt.date(y, m if 1 <= m <= 12 else 1, 1)


def parse(source: Source, bad: Rows) -> Parsed:
    header, _ = records(source)
    members = [h for h in header if _MEMBER.match(h)]
    if not members:
        raise DatasetFileError(f"{source.name}: no member columns (mem1, mem2, …); is this the "
                               f"ATOP alliance-level file (atop5_1a.csv)?")
    other = [h for h in header if h and not _MEMBER.match(h) and h.casefold() != "atopid"]
    columns = (Col("atopid", "int", nullable=False),
               *(Col(h, "float", required=h.casefold() in REQUIRED, strict=False)
                 for h in other),
               *(Col(h, "int", required=False, strict=False) for h in members))
    for name in REQUIRED:
        if name not in {h.casefold() for h in other}:
            columns = (*columns, Col(name, "float"))  # read_rows reports it missing
    frame = read_rows(source, columns, bad, dataset="atop")
    read = len(frame) + bad.count
    frame = duplicates(frame, ("atopid",), bad)
    alliances, links = [], []
    for rec in frame.to_dict("records"):
        low = {k.casefold(): v for k, v in rec.items()}
        begin = _date(low.get("begyr"), low.get("begmo"), low.get("begday"))
        end = _date(low.get("endyr"), low.get("endmo"), low.get("endday"))
        provisions = {k: (None if v is None or pd.isna(v) else
                          (int(v) if float(v).is_integer() else float(v)))
                      for k, v in rec.items() if k in other}
        in_effect = low.get("ineffect")
        bilateral = low.get("bilat")
        alliances.append({
            "atopid": int(rec["atopid"]), "begin_date": begin, "end_date": end,
            "in_effect": None if in_effect is None or pd.isna(in_effect) else bool(in_effect),
            "bilateral": None if bilateral is None or pd.isna(bilateral) else bool(bilateral),
            "provisions": json.dumps(provisions, sort_keys=True)})
        for col in members:
            code = rec.get(col)
            if code is None or pd.isna(code) or int(code) <= 0:
                continue
            links.append({"atopid": int(rec["atopid"]), "ccode": int(code),
                          "iso3": countries.to_iso3(int(code), "cow")})
    table = pd.DataFrame(alliances, columns=["atopid", "begin_date", "end_date", "in_effect",
                                             "bilateral", "provisions"])
    member_table = pd.DataFrame(links, columns=["atopid", "ccode", "iso3"]).drop_duplicates(
        ["atopid", "ccode"])
    first, last = year_span([d.year for d in table["begin_date"] if d is not None])
    return Parsed({"ds_atop_alliances": table, "ds_atop_members": member_table}, read,
                  first, last, replace_children={"ds_atop_members": ("atopid",)})


def _period(begin: dt.date | None, end: dt.date | None) -> str:
    if begin is None:
        return "dates unknown"
    return f"{begin.isoformat()}–{end.isoformat() if end else 'in force'}"


def treaty_facts(atopid: int, alliance: str, begin: dt.date | None, end: dt.date | None,
                 provisions: dict[str, Any], source_id: str) -> tuple[list[Fact], list[str]]:
    """Facts for one treaty; also the variables skipped (missing or off-scale)."""
    facts: list[Fact] = []
    skipped: list[str] = []
    period = _period(begin, end)
    for variable, (attribute, kind, label_en, label_de) in PROVISIONS.items():
        raw = provisions.get(variable)
        if raw is None or (kind == "bool" and raw not in (0, 1)):
            skipped.append(f"{atopid}:{variable}={raw}")
            continue
        value: bool | int = bool(raw) if kind == "bool" else int(raw)
        if kind == "bool":
            note = Text(
                en=f"ATOP codes {label_en} as {'present' if value else 'absent'} in treaty "
                   f"{atopid} ({period}).",
                de=f"ATOP kodiert {label_de} im Vertrag {atopid} ({period}) als "
                   f"{'vorhanden' if value else 'nicht vorhanden'}.")
        else:
            note = Text(
                en=f"ATOP code {value} for {label_en} in treaty {atopid} ({period}); 0 means "
                   f"none, the codebook defines the levels.",
                de=f"ATOP-Code {value} für {label_de} im Vertrag {atopid} ({period}); 0 "
                   f"bedeutet keine, das Codebuch definiert die Stufen.")
        facts.append(Fact(
            id=f"{alliance.lower()}.{attribute}.{atopid}", subject=alliance,
            attribute=attribute, value=value, valid_from=begin, valid_to=end,
            source=SourceRef(ref=source_id, page=f"atopid {atopid}, variable {variable}"),
            note=note))
    return facts, skipped


def derive(con: duckdb.DuckDBPyConnection, info: Dataset) -> dict[str, int]:
    facts: list[Fact] = []
    skipped: list[str] = []
    for alliance, ids in ATOP_IDS.items():
        for atopid in ids:
            row = con.execute("SELECT begin_date, end_date, provisions FROM ds_atop_alliances "
                              "WHERE atopid = ?", [atopid]).fetchone()
            if row is None:
                continue
            made, missed = treaty_facts(atopid, alliance, row[0], row[1], json.loads(row[2]),
                                        info.source_id)
            facts.extend(made)
            skipped.extend(missed)
    n = replace_facts(con, info.name, facts)
    return {"dataset_facts": n, "facts_skipped": len(skipped)}
