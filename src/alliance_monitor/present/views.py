"""Typed results → labelled rows in the chosen language and format (the one place that labels).

The application returns ids, numbers, dates and codes; these functions translate headers and
enum values, format numbers per locale and hand the rows to :func:`output.render`, which
escapes untrusted text once per medium. CSV and JSON keep numbers numeric and codes as codes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from alliance_monitor.present.i18n import number, t
from alliance_monitor.present.output import Format, render, safe

__all__ = ["render_actors", "render_alliances", "render_assessments", "render_compare",
           "render_facts", "render_ingest", "render_record", "render_sources", "safe"]

_BLOCKS = ("alignment", "contributions", "political_support", "overall", "abandonment",
           "entrapment")


def _data(fmt: Format) -> bool:
    return fmt in (Format.json, Format.jsonl, Format.csv)


def _labelled(rows: list[dict[str, Any]], lang: str) -> list[dict[str, Any]]:
    return [{t(k, lang): v for k, v in r.items()} for r in rows]


def render_assessments(results: list[Any], fmt: Format, lang: str) -> str:
    from alliance_monitor.assess.engine import assessment_json

    if fmt in (Format.json, Format.jsonl):
        docs = [assessment_json(a) for a in results]
        return render(docs, fmt, document=docs)
    if fmt is Format.csv:  # numeric columns: score and band apart, codes not labels
        rows = []
        for a in results:
            row: dict[str, Any] = {"alliance": a.alliance, "as_of": a.as_of.isoformat(),
                                   "knowledge": a.knowledge}
            for name, s in _scores(a):
                row[f"{name}_score"] = s.score
                row[f"{name}_band"] = s.band
            row["newest_input"] = a.newest_input
            row["knowledge_horizon"] = a.knowledge_horizon.isoformat() \
                if a.knowledge_horizon else None
            row["known_by"] = a.known_by.isoformat() if a.known_by else None  # appended last
            rows.append(row)
        return render(rows, fmt)
    rows = []
    for a in results:
        absent = "not_yet" if a.methodology.get("not_existing") else "no_data"
        row = {t("alliance", lang): a.alliance, t("as_of", lang): a.as_of.isoformat()}
        for name, s in _scores(a):
            row[t(name, lang)] = (f"{number(s.score, lang, 0)} {t(s.band or '', lang)}"
                                  if s.score is not None else t(absent, lang))
        row[t("newest_input", lang)] = a.newest_input or "—"
        rows.append(row)
    title = f"{t('assessment_title', lang)} — {t('knowledge', lang)}: " \
            f"{t(results[0].knowledge, lang) if results else ''}"
    if results and results[0].known_by:
        title += f" ({t('known_by', lang)} {results[0].known_by.isoformat()})"
    return render(rows, fmt, title=title)


def _scores(a: Any) -> list[tuple[str, Any]]:
    blocks = {**a.criteria, "overall": a.overall, **a.fears}
    return [(n, blocks[n]) for n in _BLOCKS if n in blocks]


def render_compare(rows: list[dict[str, Any]], fmt: Format, lang: str) -> str:
    if _data(fmt):
        return render(rows, fmt)
    shown = [{"country": r["country"], "topic": t(r["topic"], lang),
              "threat_level": r["threat_level"], "priority_rank": r["priority_rank"],
              "preferred_means": r["preferred_means"],
              "summary": r["summary_de"] if lang == "de" else r["summary_en"]} for r in rows]
    return render(_labelled(shown, lang), fmt, title=t("compare_title", lang))


def render_facts(kb: Any, facts: list[Any], fmt: Format, lang: str) -> str:
    rows = []
    for f in facts:
        known = kb.known_from(f)
        row = {"id": f.id, "subject": f.subject, "attribute": f.attribute, "value": f.value,
               "unit": f.unit, "valid_from": f.valid_from, "known_from": known,
               "status": f.status if _data(fmt) else t(f.status, lang),
               "source": kb.source_label(f.source)}
        if fmt in (Format.json, Format.jsonl):
            row.update({"about": f.about, "valid_to": f.valid_to,
                        "source_ref": f.source.model_dump(exclude_none=True),
                        "contradicted_by": [kb.source_label(c) for c in f.contradicted_by],
                        "note": f.note.get(lang) if f.note else None,
                        "origin": kb.origin.get(f"facts:{f.id}")})
        rows.append(row)
    if _data(fmt):
        return render(rows, fmt)
    for r in rows:
        if isinstance(r["value"], float):
            r["value"] = number(r["value"], lang)
        elif isinstance(r["value"], int) and not isinstance(r["value"], bool):
            r["value"] = number(r["value"], lang, 0)
    return render(_labelled(rows, lang), fmt)


def render_alliances(kb: Any, fmt: Format, lang: str) -> str:
    rows = [{"id": a.id, "name": a.name.get(lang), "members": a.members,
             "treaty": a.treaty.name if a.treaty else None,
             "key_article": a.treaty.key_article if a.treaty else None,
             "mutual": (a.treaty.mutual if _data(fmt) else t("yes" if a.treaty.mutual else "no",
                                                              lang)) if a.treaty else None,
             **({"kind": a.kind, "established": a.established, "aliases": a.aliases,
                 "institutions": sorted(i.id for i in kb.institutions.values()
                                        if a.id in i.alliances)} if _data(fmt) else {})}
            for a in kb.alliances.values()]
    return render(rows if _data(fmt) else _labelled(rows, lang), fmt)


def render_actors(actors: list[Any], at: dt.date | None, fmt: Format, lang: str) -> str:
    rows = []
    for a in actors:
        offices = [o for o in a.offices if at is None or o.holds_on(at)]
        rows.append({"id": a.id, "kind": a.kind if _data(fmt) else t(a.kind, lang),
                     "name": a.name.get(lang),
                     "offices": [f"{o.role} ({o.of}) {o.start.isoformat()}–"
                                 f"{o.end.isoformat() if o.end else ''}" for o in offices],
                     "members": a.members})
    return render(rows if _data(fmt) else _labelled(rows, lang), fmt)


def render_sources(sources: list[Any], fmt: Format, lang: str) -> str:
    rows = [{"id": s.id, "title": s.title, "author": s.author, "publisher": s.publisher,
             "published": s.published, "url": s.url,
             **({"kind": s.kind, "language": s.language, "licence": s.licence}
                if _data(fmt) else {})} for s in sources]
    return render(rows if _data(fmt) else _labelled(rows, lang), fmt)


def render_record(events: list[Any], fmt: Format, lang: str) -> str:
    if fmt in (Format.json, Format.jsonl):
        docs = [{**e.model_dump(mode="json"), "known_from": e.known_from.isoformat()}
                for e in events]
        return render(docs, fmt, document=docs)
    rows = [{"id": e.id, "date": e.date, "source": e.source, "target": e.target,
             "category": e.category,
             "signals": "; ".join(f"{s.alliance} {s.measure if _data(fmt) else t(s.measure, lang)}"
                                  f" {'+' if s.direction > 0 else '−'}{s.strength}"
                                  for s in e.signals),
             "summary_col": e.summary.get(lang),
             "published": min(r.published for r in e.sources)} for e in events]
    return render(rows if _data(fmt) else _labelled(rows, lang), fmt)


def render_ingest(reports: list[Any], fmt: Format, lang: str) -> str:
    if fmt is Format.json:
        docs = [r.as_dict() for r in reports]
        return render(docs, fmt, document=docs)
    rows = [{"kind": r.kind, "added": r.added, "unchanged": r.unchanged, "events": r.events,
             "bad": len(r.bad)} for r in reports]
    return render(rows if _data(fmt) else _labelled(rows, lang), fmt)
