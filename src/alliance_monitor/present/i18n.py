"""German and English labels for everything a person reads (prose lives in the data files)."""

from __future__ import annotations

LANGS = ("en", "de")

_LABELS: dict[str, tuple[str, str]] = {
    "alignment": ("Alignment", "Übereinstimmung"),
    "contributions": ("Contributions", "Beiträge"),
    "political_support": ("Political support", "Politische Unterstützung"),
    "abandonment": ("Fear of abandonment", "Angst vor Verlassenwerden"),
    "entrapment": ("Fear of entrapment", "Angst vor Verstrickung"),
    "overall": ("Overall", "Gesamt"),
    "low": ("low", "niedrig"),
    "medium": ("medium", "mittel"),
    "high": ("high", "hoch"),
    "alliance": ("Alliance", "Bündnis"),
    "as_of": ("As of", "Stand"),
    "no_data": ("no data", "keine Daten"),
    "not_yet": ("not yet formed", "noch nicht gebildet"),
    "regional_order": ("Regional order", "Regionale Ordnung"),
    "china": ("China", "China"),
    "north_korea": ("North Korea", "Nordkorea"),
    "russia": ("Russia", "Russland"),
    "country": ("Country", "Land"),
    "topic": ("Topic", "Thema"),
    "threat_level": ("Threat level (0–4)", "Bedrohungsgrad (0–4)"),
    "priority_rank": ("Priority rank", "Priorität"),
    "goals": ("Goals", "Ziele"),
    "preferred_means": ("Preferred means", "Bevorzugte Mittel"),
    "summary": ("Summary", "Zusammenfassung"),
    "source": ("Source", "Quelle"),
    "indicator": ("Indicator", "Indikator"),
    "value": ("Value", "Wert"),
    "score": ("Score", "Wert (0–100)"),
    "band": ("Band", "Stufe"),
    "weight": ("Weight", "Gewicht"),
    "members": ("Members", "Mitglieder"),
    "name": ("Name", "Name"),
    "kind": ("Kind", "Art"),
    "treaty": ("Treaty", "Vertrag"),
    "status": ("Status", "Status"),
    "subject": ("Subject", "Gegenstand"),
    "attribute": ("Attribute", "Merkmal"),
    "valid": ("Valid", "Gültig"),
    "note": ("Note", "Anmerkung"),
    "offices": ("Offices", "Ämter"),
    "contradicted": ("contradicted", "widerlegt"),
    "assessment_title": ("Alliance resilience (SWP framework)",
                         "Belastbarkeit der Bündnisse (SWP-Rahmen)"),
    "compare_title": ("Threat perceptions and strategic interests",
                      "Bedrohungswahrnehmungen und strategische Interessen"),
}


def t(key: str, lang: str = "en") -> str:
    """The label for ``key`` in ``lang``; unknown keys come back unchanged."""
    pair = _LABELS.get(key)
    if pair is None:
        return key
    return pair[1] if lang == "de" else pair[0]


def band_label(band: str | None, lang: str = "en") -> str:
    return t("no_data", lang) if band is None else t(band, lang)
