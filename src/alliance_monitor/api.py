"""The library surface the CLI (and later the web app) calls: one function per command."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import duckdb

from alliance_monitor import knowledge
from alliance_monitor.assess import assess, assessment_json, load_methodology
from alliance_monitor.knowledge.build import BuildResult, build, read
from alliance_monitor.knowledge.loader import KnowledgeBase
from alliance_monitor.model import Assessment
from alliance_monitor.plugins import optional_import
from alliance_monitor.present.i18n import t
from alliance_monitor.store import db

TOPICS = ("regional_order", "china", "north_korea", "russia")


#: Steps that run after the knowledge base on every build (e.g. bundled data-set extracts).
#: Each names a module with a ``build_step(con) -> dict[str, int]`` function.
BUILD_STEPS = ("alliance_monitor.datasets.bundled",)


def build_store(store: Path | str | None = None,
                data: list[Path] | None = None) -> BuildResult:
    """Validate the knowledge base and load it and the bundled data into the store (idempotent)."""
    kb = knowledge.load(data)
    with db.writer(store) as con, db.building(con):  # marker: a killed build is seen
        result = build(con, kb)
        for module in BUILD_STEPS:
            step = optional_import(module)
            if step is not None:
                result.counts.update(step.build_step(con))
        return result


def open_kb(store: Path | str | None = None) -> tuple[KnowledgeBase, duckdb.DuckDBPyConnection]:
    """Read the store; a store that does not exist yet is built first."""
    target = Path(store) if store is not None else db.default_store_path()
    if db.needs_build(target):  # missing, half-built (killed build) or never built
        try:
            build_store(target)
        except db.StoreLocked:  # another process writes: read what is there if we can
            if not target.exists():
                raise
    con = db.connect(target, read_only=True)
    return read(con), con


def resolve_alliances(kb: KnowledgeBase, ids: list[str] | None) -> list[str]:
    """Alliance ids in canonical form; raises KeyError naming the bad id."""
    if not ids:
        return list(kb.alliances)
    return [kb.resolve_alliance(i) for i in ids]


def assess_alliances(kb: KnowledgeBase, ids: list[str] | None, at: dt.date,
                     con: duckdb.DuckDBPyConnection | None = None,
                     methodology: Path | None = None, lang: str = "en") -> list[Assessment]:
    m = load_methodology(methodology)
    return [assess(kb, a, at, m, con=con, lang=lang) for a in resolve_alliances(kb, ids)]


def assessment_rows(results: list[Assessment], lang: str = "en") -> list[dict[str, Any]]:
    rows = []
    for a in results:
        row: dict[str, Any] = {t("alliance", lang): a.alliance, t("as_of", lang): a.as_of}
        absent = "not_yet" if a.methodology.get("not_existing") else "no_data"
        for name, s in [*a.criteria.items(), ("overall", a.overall), *a.fears.items()]:
            row[t(name, lang)] = (f"{s.score:.0f} {t(s.band or '', lang)}" if s.score is not None
                                  else t(absent, lang))
        rows.append(row)
    return rows


def assessment_documents(results: list[Assessment]) -> list[dict[str, Any]]:
    return [assessment_json(a) for a in results]


def compare(kb: KnowledgeBase, lang: str = "en") -> list[dict[str, Any]]:
    """The study's comparison table (pp. 22f) regenerated from the knowledge base."""
    rows = []
    for topic in TOPICS:
        for country in ("USA", "JPN", "KOR"):
            p = kb.perceptions.get(f"{country}/{topic}")
            if p is None:
                continue
            rows.append({"country": country, "topic": topic, "topic_label": t(topic, lang),
                         "threat_level": p.threat_level, "priority_rank": p.priority_rank,
                         "goals": p.goals, "preferred_means": p.preferred_means,
                         "summary": p.summary.get(lang),
                         "summary_en": p.summary.en, "summary_de": p.summary.de,
                         "source": kb.source_label(p.source)})
    return rows


def fact_rows(kb: KnowledgeBase, alliance: str | None = None, subject: str | None = None,
              attribute: str | None = None, lang: str = "en") -> list[dict[str, Any]]:
    subjects: set[str] | None = None
    if alliance:
        al = kb.alliances[kb.resolve_alliance(alliance)]
        inst = {i.id for i in kb.institutions.values() if al.id in i.alliances}
        subjects = {al.id, *inst} | ({*al.members} if len(al.members) == 2 else set())
    rows = []
    for f in sorted(kb.facts.values(), key=lambda f: (f.subject, f.attribute, f.valid_from
                                                       or dt.date.min, f.id)):
        if subjects is not None and f.subject not in subjects:
            continue
        if (subject and f.subject != subject) or (attribute and f.attribute != attribute):
            continue
        rows.append({"id": f.id, "subject": f.subject, "attribute": f.attribute,
                     "about": f.about, "value": f.value, "unit": f.unit,
                     "valid_from": f.valid_from, "valid_to": f.valid_to, "status": f.status,
                     "source": kb.source_label(f.source),
                     "source_ref": f.source.model_dump(exclude_none=True),
                     "contradicted_by": [kb.source_label(c) for c in f.contradicted_by],
                     "note": f.note.get(lang) if f.note else None})
    return rows


def alliance_rows(kb: KnowledgeBase, lang: str = "en") -> list[dict[str, Any]]:
    return [{"id": a.id, "name": a.name.get(lang), "members": a.members, "kind": a.kind,
             "treaty": a.treaty.name if a.treaty else None,
             "key_article": a.treaty.key_article if a.treaty else None,
             "mutual": a.treaty.mutual if a.treaty else None,
             "established": a.established,
             "institutions": sorted(i.id for i in kb.institutions.values() if a.id in i.alliances),
             "aliases": a.aliases} for a in kb.alliances.values()]


def actor_rows(kb: KnowledgeBase, kind: str | None = None, at: dt.date | None = None,
               lang: str = "en") -> list[dict[str, Any]]:
    rows = []
    for a in kb.actors.values():
        if kind and a.kind != kind:
            continue
        offices = [o for o in a.offices if at is None or o.holds_on(at)]
        if at is not None and a.kind == "person" and not offices:
            continue
        rows.append({"id": a.id, "kind": a.kind, "name": a.name.get(lang),
                     "offices": [f"{o.role} ({o.of}) {o.start.isoformat()}–"
                                 f"{o.end.isoformat() if o.end else ''}" for o in offices],
                     "members": a.members})
    return rows
