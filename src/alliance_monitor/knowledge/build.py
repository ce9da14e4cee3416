"""Write the validated knowledge base into the store, and read it back.

The build is idempotent: a content hash of the knowledge base is kept in ``kb_meta``; an
unchanged knowledge base writes nothing. A changed one is replaced in one transaction.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from alliance_monitor.knowledge.loader import SECTIONS, KnowledgeBase
from alliance_monitor.model import Fact

if TYPE_CHECKING:
    import duckdb

KB_TABLES = ("sources", "units", "attributes", "actors", "offices", "alliances", "institutions",
             "facts", "perceptions", "record_events")


@dataclass(frozen=True)
class BuildResult:
    changed: bool
    digest: str
    counts: dict[str, int]


def digest(kb: KnowledgeBase) -> str:
    h = hashlib.sha256()
    for section in SECTIONS:
        for key, obj in sorted(getattr(kb, section).items()):
            h.update(f"{section}:{key}:{obj.model_dump_json()}\n".encode())
    return h.hexdigest()


def _counts(kb: KnowledgeBase) -> dict[str, int]:
    return {s: len(getattr(kb, s)) for s in SECTIONS}


def build(con: duckdb.DuckDBPyConnection, kb: KnowledgeBase) -> BuildResult:
    from alliance_monitor.store.db import transaction

    new = digest(kb)
    row = con.execute("SELECT value FROM kb_meta WHERE key = 'digest'").fetchone()
    if row and row[0] == new:
        return BuildResult(False, new, _counts(kb))
    with transaction(con):
        for table in KB_TABLES:
            con.execute(f"DELETE FROM {table}")
        con.executemany("INSERT INTO sources VALUES (?, ?, ?, ?, ?, ?, ?, ?)", [
            [s.id, s.title, s.author, s.publisher, s.published, s.url, s.kind,
             s.model_dump_json()] for s in kb.sources.values()])
        con.executemany("INSERT INTO units VALUES (?, ?, ?)", [
            [u.id, u.dimension, u.model_dump_json()] for u in kb.units.values()])
        con.executemany("INSERT INTO attributes VALUES (?, ?, ?)", [
            [a.id, a.dimension, a.model_dump_json()] for a in kb.attributes.values()])
        con.executemany("INSERT INTO actors VALUES (?, ?, ?, ?, ?)", [
            [a.id, a.kind, a.name.en, a.name.de, a.model_dump_json()] for a in kb.actors.values()])
        offices = [[a.id, o.role, o.of, o.start, o.end]
                   for a in kb.actors.values() for o in a.offices]
        if offices:
            con.executemany("INSERT INTO offices VALUES (?, ?, ?, ?, ?)", offices)
        con.executemany("INSERT INTO alliances VALUES (?, ?, ?, ?, ?, ?)", [
            [a.id, a.kind, a.name.en, a.name.de, a.members, a.model_dump_json()]
            for a in kb.alliances.values()])
        if kb.institutions:
            con.executemany("INSERT INTO institutions VALUES (?, ?, ?, ?, ?, ?, ?)", [
                [i.id, i.kind, i.name.en, i.alliances, i.start, i.end, i.model_dump_json()]
                for i in kb.institutions.values()])
        if kb.facts:
            con.executemany(
                "INSERT INTO facts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [
                    [f.id, f.subject, f.attribute, f.about,
                     float(f.value) if isinstance(f.value, (int, float))
                     and not isinstance(f.value, bool) else None,
                     None if isinstance(f.value, (int, float)) and not isinstance(f.value, bool)
                     else json.dumps(f.value, ensure_ascii=False),
                     f.unit, f.valid_from, f.valid_to, f.source.ref, f.status,
                     kb.origin.get(f"facts:{f.id}"), f.model_dump_json()]
                    for f in kb.facts.values()])
        if kb.perceptions:
            con.executemany("INSERT INTO perceptions VALUES (?, ?, ?, ?, ?)", [
                [p.country, p.topic, p.threat_level, p.priority_rank, p.model_dump_json()]
                for p in kb.perceptions.values()])
        if kb.events:
            con.executemany("INSERT INTO record_events VALUES (?, ?, ?, ?, ?, ?, ?)", [
                [e.id, e.date, e.known_from, e.source, e.target, e.category, e.model_dump_json()]
                for e in kb.events.values()])
        con.execute("INSERT OR REPLACE INTO kb_meta VALUES ('digest', ?)", [new])
    return BuildResult(True, new, _counts(kb))


def read(con: duckdb.DuckDBPyConnection) -> KnowledgeBase:
    """Reconstitute the knowledge base from the store (the assessment reads only this)."""
    kb = KnowledgeBase()
    for section, model in SECTIONS.items():
        if section == "perceptions":
            rows = con.execute("SELECT country || '/' || topic, doc FROM perceptions").fetchall()
        elif section == "events":
            rows = con.execute("SELECT id, doc FROM record_events").fetchall()
        elif section == "facts":
            rows = con.execute("SELECT id, doc, file FROM facts").fetchall()
        else:
            rows = con.execute(f"SELECT id, doc FROM {section}").fetchall()
        target = getattr(kb, section)
        for row in rows:
            target[row[0]] = model.model_validate_json(row[1])
            if section == "facts" and row[2]:
                kb.origin[f"facts:{row[0]}"] = row[2]
    for fid, doc, file in con.execute("SELECT id, doc, file FROM dataset_facts").fetchall():
        if fid not in kb.facts:  # curated facts win over derived ones with the same id
            kb.facts[fid] = Fact.model_validate_json(doc)
            kb.origin[f"facts:{fid}"] = file or "dataset"
    return kb


def stored_meta(con: duckdb.DuckDBPyConnection, key: str) -> str | None:
    row = con.execute("SELECT value FROM kb_meta WHERE key = ?", [key]).fetchone()
    return str(row[0]) if row else None


def set_meta(con: duckdb.DuckDBPyConnection, key: str, value: str) -> None:
    con.execute("INSERT OR REPLACE INTO kb_meta VALUES (?, ?)", [key, value])
