"""Uncertainty, explanations, simulations and hindcasts → labelled rows (table, md, csv, json).

Like :mod:`alliance_monitor.present.views`: the library returns numbers and codes, this module
labels them in the chosen language; JSON keeps the library's neutral shape.
"""

from __future__ import annotations

from typing import Any

from alliance_monitor.present.i18n import number, t
from alliance_monitor.present.output import Format, render

__all__ = ["render_explanation", "render_hindcast", "render_simulation", "render_uncertainty"]

_SCORES = ("alignment", "contributions", "political_support", "overall", "abandonment",
           "entrapment")


def _n(value: float | None, lang: str, fmt: Format, digits: int = 1) -> Any:
    if fmt in (Format.csv, Format.json, Format.jsonl):
        return value
    return "—" if value is None else number(value, lang, digits)


def _span(lo: float | None, hi: float | None, lang: str) -> str:
    if lo is None or hi is None:
        return "—"
    return f"{number(lo, lang)}–{number(hi, lang)}"


def _labelled(rows: list[dict[str, Any]], lang: str, fmt: Format) -> list[dict[str, Any]]:
    if fmt is Format.csv:
        return rows
    return [{t(k, lang): v for k, v in r.items()} for r in rows]


def render_uncertainty(pairs: list[tuple[Any, Any]], fmt: Format, lang: str) -> str:
    from alliance_monitor.assess.engine import assessment_json

    if fmt in (Format.json, Format.jsonl):
        docs = []
        for a, r in pairs:
            doc = assessment_json(a)
            unc = r.as_json()
            for group in ("criteria", "fears"):
                for name, block in doc[group].items():
                    block["uncertainty"] = unc["scores"].get(name)
            doc["overall"]["uncertainty"] = unc["scores"].get("overall")
            doc["uncertainty"] = unc
            docs.append(doc)
        return render(docs, fmt, document=docs)
    rows = []
    for a, r in pairs:
        for name in _SCORES:
            iv = r.scores.get(name)
            if iv is None:
                continue
            top = r.sensitivity.get(name, [])[:2]
            rows.append({
                "alliance": a.alliance, "score_name": name if fmt is Format.csv else t(name, lang),
                "point": _n(iv.point, lang, fmt), "median": _n(iv.median, lang, fmt),
                **({"low_q": iv.low, "high_q": iv.high} if fmt is Format.csv
                   else {"interval": _span(iv.low, iv.high, lang)}),
                "p_low": _n(iv.bands["low"], lang, fmt, 2),
                "p_medium": _n(iv.bands["medium"], lang, fmt, 2),
                "p_high": _n(iv.bands["high"], lang, fmt, 2),
                "p_none": _n(iv.bands["none"], lang, fmt, 2),
                "most_sensitive": "; ".join(f"{i.factor} {i.total:.2f}" for i in top)})
    first = pairs[0][1] if pairs else None
    title = (f"{t('uncertainty_title', lang)} — n={first.samples}, seed={first.seed}, "
             f"{first.interval[0]:g}–{first.interval[1]:g} %") if first else None
    return render(_labelled(rows, lang, fmt), fmt, title=title)


def _changes(c: Any) -> str:
    parts = []
    for ch in c.changes[:3]:
        item = ch["item"]
        what = item.get("fact") or item.get("event") or item.get("institution") or \
            item.get("dataset_indicator") or item.get("perception") or item.get("note") or ""
        sign = {"added": "+", "removed": "−"}.get(ch["change"], "=")
        parts.append(f"{sign}{what}{' *' if ch.get('newly_published') else ''}")
    more = len(c.changes) - 3
    return ", ".join(parts) + (f" (+{more})" if more > 0 else "")


def render_explanation(ex: Any, fmt: Format, lang: str) -> str:
    if fmt in (Format.json, Format.jsonl):
        doc = ex.as_json()
        return render([doc], fmt, document=doc)
    rows = []
    for name in _SCORES:
        block = ex.overall if name == "overall" else ex.blocks.get(name)
        if block is None:
            continue
        rows.append({"block": name if fmt is Format.csv else t(name, lang), "indicator": "",
                     "before": _n(block.before, lang, fmt), "after": _n(block.after, lang, fmt),
                     "contribution": _n(block.change, lang, fmt),
                     "value_part": "", "reweight_part": "",
                     "changes": block.note or "", "n_sources": ""})
        if name == "overall":
            continue
        for c in sorted(block.contributions, key=lambda c: -abs(c.total)):
            if abs(c.total) < 0.05 and not c.changes:
                continue
            rows.append({"block": "", "indicator": c.indicator,
                         "before": _n(c.before, lang, fmt), "after": _n(c.after, lang, fmt),
                         "contribution": _n(round(c.total, 2), lang, fmt, 2),
                         "value_part": _n(round(c.value_part, 2), lang, fmt, 2),
                         "reweight_part": _n(round(c.reweight_part, 2), lang, fmt, 2),
                         "changes": _changes(c), "n_sources": len(c.sources)})
    title = f"{t('explain_title', lang)}: {ex.alliance}, {ex.before} → {ex.after}"
    out = render(_labelled(rows, lang, fmt), fmt, title=title)
    late = any(ch.get("newly_published") for b in ex.blocks.values() for c in b.contributions
               for ch in c.changes)
    if late and fmt.for_people:
        out += "\n" + t("newly_published_legend", lang).format(d=ex.before)
    return out


def render_simulation(sim: Any, fmt: Format, lang: str) -> str:
    if fmt in (Format.json, Format.jsonl):
        doc = sim.as_json()
        return render([doc], fmt, document=doc)
    rows = []
    for o in sim.outcomes:
        base_iv = o.intervals.get("baseline", {})
        scen_iv = o.intervals.get("scenario", {})
        for name in _SCORES:
            from alliance_monitor.simulate.scenario import _score

            b, s = _score(o.baseline, name), _score(o.scenario, name)
            d = o.difference.get(name) or {}
            bi, si = base_iv.get(name) or {}, scen_iv.get(name) or {}
            rows.append({
                "alliance": o.alliance,
                "link": ("direct" if o.direct else "system") if fmt is Format.csv
                else t("direct" if o.direct else "system", lang),
                "score_name": name if fmt is Format.csv else t(name, lang),
                "baseline": _n(b, lang, fmt), "scenario": _n(s, lang, fmt),
                "change": _n(None if b is None or s is None else round(s - b, 1), lang, fmt),
                **({"baseline_low": bi.get("low"), "baseline_high": bi.get("high"),
                    "scenario_low": si.get("low"), "scenario_high": si.get("high"),
                    "difference_low": d.get("low"), "difference_high": d.get("high")}
                   if fmt is Format.csv else
                   {"baseline_interval": _span(bi.get("low"), bi.get("high"), lang),
                    "scenario_interval": _span(si.get("low"), si.get("high"), lang),
                    "difference_interval": _span(d.get("low"), d.get("high"), lang)}),
                "p_lower": _n(d.get("p_lower"), lang, fmt, 2),
                "why": _why(o) if name == "overall" else ""})
    title = (f"{t('simulate_title', lang)}: {sim.scenario.title.get(lang)} — "
             f"{t('as_of', lang)} {sim.at.isoformat()}, n={sim.samples}")
    return render(_labelled(rows, lang, fmt), fmt, title=title)


def _why(o: Any) -> str:
    """The indicators that moved the overall score most, with their part of the change."""
    crit = sorted((c for c in o.explanation.overall.contributions
                   if c.overall_part is not None), key=lambda c: -abs(c.overall_part or 0.0))
    parts = [(c.indicator, c.overall_part or 0.0) for c in crit[:3]]
    return "; ".join(f"{ind} {part:+.1f}" for ind, part in parts if abs(part) >= 0.05)


def render_hindcast(results: list[Any], fmt: Format, lang: str) -> str:
    if fmt in (Format.json, Format.jsonl):
        from alliance_monitor.simulate.consistency import summary

        docs = [r.as_json() for r in results]
        return render(docs, fmt, document={"summary": summary(results), "checks": docs})
    rows = [{"scenario": r.scenario, "alliance": r.alliance,
             "measure": r.measure if fmt is Format.csv else t(r.measure, lang),
             "before": r.before, "after": r.after,
             "predicted": _n(r.predicted, lang, fmt, 2), "observed": _n(r.observed, lang, fmt, 2),
             "result": r.result if fmt is Format.csv else t(r.result, lang),
             "context": r.context} for r in results]
    return render(_labelled(rows, lang, fmt), fmt, title=t("hindcast_title", lang))
