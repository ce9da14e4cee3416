"""Briefings per alliance and for the system, as HTML, PDF (WeasyPrint) or Markdown.

All three carry the same content: summary, scores and bands, trend charts, what moved over the
past year, key evidence with citations, staleness, methodology version and bibliography.
Untrusted text is escaped once per medium: Jinja autoescape for HTML (and so the PDF),
:func:`~alliance_monitor.present.output.md_escape` for Markdown.
"""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any

from alliance_monitor.present.i18n import number, t
from alliance_monitor.present.output import md_escape, safe
from alliance_monitor.web import charts
from alliance_monitor.web.data import HISTORY_START, MEASURES, WebData
from alliance_monitor.web.server import safe_url, templates

CRIT = ("alignment", "contributions", "political_support")
REPORT_INPUTS = 3  # changed inputs named per moved score


def report_data(app: Any, alliances: list[str] | None, at: dt.date, lang: str
                ) -> dict[str, Any]:
    data = WebData.for_app(app)
    ids = app.resolve(alliances) if alliances else data.alliances()
    year_ago = at - dt.timedelta(days=365)
    meth = data.methodology()
    labels = {i["id"]: (i.get("label") or {}).get(lang, i["id"])
              for g in ("criteria", "fears") for b in (meth.get(g) or {}).values()
              for i in b.get("indicators", [])}
    sections: list[dict[str, Any]] = []
    cited: dict[str, dict[str, Any]] = {}
    for aid in ids:
        doc = data.alliance(aid, at, HISTORY_START)
        before = {b["measure"]: b for b in data.alliance(aid, year_ago, HISTORY_START)["blocks"]} \
            if year_ago > HISTORY_START else {}
        blocks = {b["measure"]: b for b in doc["blocks"]}
        why = data.explain(aid, year_ago, at)  # App.explain: exact contributions and inputs
        parts = {m["measure"]: m for m in why["measures"]}
        moved = []
        for m in MEASURES:
            now, old = blocks.get(m, {}).get("score"), before.get(m, {}).get("score")
            if now is not None and old is not None and abs(now - old) >= 1:
                inputs = [r for r in why["inputs"]
                          if r["measure"] == m or (m == "overall" and r["measure"] in CRIT)]
                moved.append({"measure": m, "from": old, "to": now,
                              "change": round(now - old, 1),
                              "why": [dict(c, label=labels.get(c["indicator"], c["indicator"]))
                                      for c in parts.get(m, {}).get("top", [])],
                              "inputs": [dict(r, text=r["text_de"] if lang == "de" and
                                              r["text_de"] else r["text_en"])
                                         for r in inputs[:REPORT_INPUTS]]})
        evidence = []
        for b in doc["blocks"]:
            for e in b["evidence"]:
                if e.get("event") and e.get("known_from", "") >= year_ago.isoformat():
                    evidence.append({"measure": b["measure"], **e})
        evidence.sort(key=lambda e: -abs(float(e.get("weight") or 0)))
        stale = sorted((dict(i, measure=b["measure"]) for b in doc["blocks"]
                        if b["measure"] != "overall" for i in b["indicators"]
                        if i.get("age_days") is not None),
                       key=lambda i: -int(i["age_days"]))[:6]
        for b in doc["blocks"]:
            for i in b["indicators"]:
                for s in i["sources"]:
                    cited.setdefault(s.get("id") or s.get("label"), s)
        scored = [(m, blocks[m]["score"]) for m in CRIT if blocks.get(m, {}).get("score")
                  is not None]
        overall = blocks.get("overall", {})
        name = app.knowledge.alliances[aid].name.get(lang)
        if overall.get("score") is not None and scored:
            summary = t("report_summary_line", lang).format(
                alliance=name, score=number(overall["score"], lang, 0),
                band=t(overall["band"] or "no_data", lang), at=at.isoformat(),
                best=t(max(scored, key=lambda x: x[1])[0], lang),
                worst=t(min(scored, key=lambda x: x[1])[0], lang))
        else:
            summary = t("report_no_score", lang).format(alliance=name, at=at.isoformat())
        sections.append({"alliance": aid, "name": name, "summary": summary, "doc": doc,
                         "moved": moved, "evidence": evidence[:8], "stale": stale,
                         "criteria_chart": charts.history_chart(doc["history"], list(MEASURES[:4]),
                                                                lang, 560, 180),
                         "fears_chart": charts.history_chart(doc["history"], list(MEASURES[4:]),
                                                             lang, 560, 140)})
    system = [{"alliance": s["alliance"], "name": s["name"],
               **{m: {"score": b["score"], "band": b["band"]} for m, b in
                  ((b["measure"], b) for b in s["doc"]["blocks"])}} for s in sections]
    for sec in sections:
        for i in sec["stale"]:
            i["label"] = labels.get(i["id"], i["id"])
    return {"at": at.isoformat(), "lang": lang, "generated": dt.date.today().isoformat(),
            "methodology": app.methodology.version, "methodology_id": app.methodology.id,
            "sections": sections, "system": system,
            "sources": sorted(cited.values(), key=lambda s: str(s.get("label") or ""))}


def build_report(app: Any, alliances: list[str] | None, at: dt.date, lang: str, fmt: str
                 ) -> str | bytes:
    doc = report_data(app, alliances, at, lang)
    if fmt == "md":
        return markdown(doc)
    html = render_html(doc)
    if fmt == "pdf":
        from weasyprint import HTML

        return bytes(HTML(string=html, base_url=None).write_pdf())
    return html


def render_html(doc: dict[str, Any]) -> str:
    from importlib import resources

    from markupsafe import Markup

    sheet = resources.files("alliance_monitor.web") / "static" / "report.css"
    css = Markup(sheet.read_text("utf-8"))  # the package's own stylesheet, never user text
    return templates().get_template("report.html").render(r=doc, lang=doc["lang"], css=css)


def _uri(svg_text: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg_text.encode()).decode()


def _md_link(url: Any, text: Any) -> str:
    label = md_escape(str(text or url or ""))
    link = safe_url(url)
    if link and not any(c in link for c in "()<>[]"):
        return f"[{label}]({link})"
    return label


def _signed(value: float, lang: str) -> str:
    return ("+" if value > 0 else "−" if value < 0 else "±") + number(abs(value), lang)


def markdown(doc: dict[str, Any]) -> str:
    lang = doc["lang"]
    e = md_escape
    out = [f"# {e(t('report_title', lang))}: {e(t('assessment_title', lang))}", "",
           f"{t('as_of', lang)} {doc['at']} · {t('report_generated', lang)} {doc['generated']}"
           f" · {t('methodology_version', lang)} {e(doc['methodology_id'])} "
           f"{e(doc['methodology'])}", "",
           f"## {e(t('report_system', lang))}", "",
           "| " + " | ".join([t("alliance", lang), *(t(m, lang) for m in MEASURES)]) + " |",
           "|" + "---|" * (len(MEASURES) + 1)]
    for row in doc["system"]:
        cells = [e(row["name"])]
        for m in MEASURES:
            s = row.get(m, {})
            cells.append(f"{number(s['score'], lang, 0)} {t(s['band'] or 'no_data', lang)}"
                         if s.get("score") is not None else "—")
        out.append("| " + " | ".join(cells) + " |")
    for s in doc["sections"]:
        out += ["", f"## {e(s['name'])} ({s['alliance']})", "",
                f"**{e(t('report_summary', lang))}:** {e(s['summary'])}", "",
                f"### {e(t('report_scores', lang))}", ""]
        for b in s["doc"]["blocks"]:
            score = number(b["score"], lang, 0) if b["score"] is not None else "—"
            out.append(f"- {e(t(b['measure'], lang))}: {score} "
                       f"({e(t(b['band'] or 'no_data', lang))})")
        out += ["", f"### {e(t('report_trend', lang))}", "",
                f"![{e(t('history_chart', lang))}]({_uri(s['criteria_chart'])})", "",
                f"![{e(t('history_chart', lang))}]({_uri(s['fears_chart'])})", "",
                f"### {e(t('report_moved', lang))}", ""]
        for m in s["moved"]:
            out.append(f"- {e(t(m['measure'], lang))}: {number(m['from'], lang)} → "
                       f"{number(m['to'], lang)} ({_signed(m['change'], lang)})")
            if m["why"]:
                out.append(f"  - {e(t('main_contributions', lang))}: " + "; ".join(
                    f"{e(c['label'])} {_signed(c['contribution'], lang)}" for c in m["why"]))
            for r in m["inputs"]:
                cites = "; ".join(_md_link(c.get("url"), c.get("label") or c.get("publisher"))
                                  + (f" ({c['published']})" if c.get("published") else "")
                                  for c in r["sources"][:2])
                out.append(f"  - {r['date'] or '—'} {e(t('change_' + str(r['change']), lang))}"
                           f": {e(r['text'] or r['id'] or '')}" + (f" — {cites}" if cites
                                                                   else ""))
        if not s["moved"]:
            out.append(e(t("nothing_moved", lang)))
        out += ["", f"### {e(t('report_key_evidence', lang))}", ""]
        for ev in s["evidence"]:
            summary = ev.get("summary_de") if lang == "de" and ev.get("summary_de") else \
                ev.get("summary")
            cites = "; ".join(f"{_md_link(c.get('url'), c.get('title'))} "
                              f"({e(c.get('outlet') or '')}, {c.get('published')})"
                              for c in ev.get("citations", []))
            out.append(f"- {ev.get('date')} {e(t(ev['measure'], lang))} "
                       f"{int(ev.get('direction') or 0):+d}: {e(summary or '')} — {cites}")
        out += ["", f"### {e(t('report_staleness', lang))}", ""]
        out += [f"- {e(i['label'])} ({e(t(i['measure'], lang))}): {t('as_of', lang)} "
                f"{i.get('as_of') or '—'}, {i['age_days']} {t('age_days', lang)}"
                for i in s["stale"]]
    out += ["", f"## {e(t('bibliography', lang))}", ""]
    for src in doc["sources"]:
        out.append(f"- {_md_link(src.get('url'), src.get('label') or src.get('id'))}"
                   f"{' — ' + e(src['publisher']) if src.get('publisher') else ''}"
                   f"{', ' + str(src['published']) if src.get('published') else ''}")
    return "\n".join(safe(line) for line in out) + "\n"


__all__ = ["build_report", "markdown", "render_html", "report_data"]
