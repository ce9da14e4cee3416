"""German and English labels for everything a person reads (prose lives in the data files)."""

from __future__ import annotations

import os
from collections.abc import Mapping

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
    "error": ("Error", "Fehler"),
    "id": ("Id", "Kennung"),
    "unit": ("Unit", "Einheit"),
    "valid_from": ("Valid from", "Gültig ab"),
    "valid_to": ("Valid to", "Gültig bis"),
    "known_from": ("Known from", "Bekannt seit"),
    "key_article": ("Key article", "Kernartikel"),
    "mutual": ("Mutual", "Gegenseitig"),
    "yes": ("yes", "ja"),
    "no": ("no", "nein"),
    "state": ("state", "Staat"),
    "organisation": ("organisation", "Organisation"),
    "group": ("group", "Gruppe"),
    "person": ("person", "Person"),
    "asserted": ("asserted", "belegt"),
    "estimate": ("estimate", "Schätzung"),
    "claimed": ("claimed", "behauptet"),
    "newest_input": ("Newest input", "Neueste Eingabe"),
    "horizon": ("Knowledge horizon", "Wissensstand"),
    "knowledge": ("Knowledge", "Wissen"),
    "known_by": ("as published by", "Stand"),
    "newly_published_legend": (
        "* held already on {d} but published only later: new knowledge about the earlier "
        "state, not a change in the world (docs/backtest.md, \"One vintage for both ends\").",
        "* galt schon am {d}, wurde aber erst später veröffentlicht: neues Wissen über den "
        "früheren Stand, keine Veränderung der Lage (docs/backtest.md)."),
    "point_in_time": ("point in time", "zeitpunktgenau"),
    "latest": ("latest", "neuester Stand"),
    "date": ("Date", "Datum"),
    "target": ("Target", "Ziel"),
    "category": ("Category", "Kategorie"),
    "signals": ("Signals", "Signale"),
    "publisher": ("Publisher", "Herausgeber"),
    "published": ("Published", "Veröffentlicht"),
    "url": ("URL", "URL"),
    "title": ("Title", "Titel"),
    "author": ("Author", "Autor"),
    "episode": ("Episode", "Episode"),
    "measure": ("Measure", "Maß"),
    "before": ("Before", "Vorher"),
    "after": ("After", "Nachher"),
    "expected": ("Expected", "Erwartet"),
    "moved": ("Moved", "Bewegung"),
    "result": ("Result", "Ergebnis"),
    "why": ("Why", "Warum"),
    "hit": ("hit", "Treffer"),
    "miss": ("miss", "Fehlschlag"),
    "no_score": ("no score", "kein Wert"),
    "hits": ("hits", "Treffer"),
    "summary_col": ("Summary", "Zusammenfassung"),
    "warn_horizon": ("the date lies beyond the knowledge horizon ({h}): nothing after it is "
                     "known, so the scores show the state of knowledge of {h}",
                     "das Datum liegt nach dem Wissensstand ({h}): Späteres ist nicht bekannt, "
                     "die Werte zeigen den Wissensstand vom {h}"),
    "empty_facts": ("no facts match these filters", "keine Fakten passen zu diesen Filtern"),
    "empty_actors": ("no actors match these filters", "keine Akteure passen zu diesen Filtern"),
    "empty_events": ("no events in the record match these filters",
                     "keine Ereignisse der Chronik passen zu diesen Filtern"),
    "store_updated": ("Store updated", "Speicher aktualisiert"),
    "store_unchanged": ("Store unchanged (up to date)", "Speicher unverändert (aktuell)"),
    "all_failed": ("every item failed; nothing was stored",
                   "alle Einträge schlugen fehl; nichts wurde gespeichert"),
    "bad_item": ("bad item", "fehlerhafter Eintrag"),
    "added": ("added", "hinzugefügt"),
    "unchanged": ("unchanged", "unverändert"),
    "events": ("events", "Ereignisse"),
    "bad": ("bad", "fehlerhaft"),
    "coding.doc": ('Document', 'Dokument'),
    "coding.date": ('Date', 'Datum'),
    "coding.source": ('Source', 'Akteur'),
    "coding.target": ('Target', 'Adressat'),
    "coding.category": ('Category', 'Kategorie'),
    "coding.signals": ('Signals', 'Signale'),
    "coding.confidence": ('Confidence', 'Konfidenz'),
    "coding.evidence": ('Evidence', 'Beleg'),
    "coding.disputed": ('Disputed', 'Umstritten'),
    "coding.mentions": ('Mentions', 'Meldungen'),
    "coding.sources": ('Outlets', 'Quellen'),
    "coding.language": ('Language', 'Sprache'),
    "coding.measure": ('Measure', 'Maß'),
    "coding.value": ('Value', 'Wert'),
    "coding.no_events": ('No events coded.', 'Keine Ereignisse kodiert.'),
    "coding.no_stored": ("No events in the store; ingest documents first (alliance ingest PATH).",
                         "Keine Ereignisse im Speicher; zuerst Dokumente einlesen "
                         "(alliance ingest PATH)."),
    "coding.bad": ('bad item', 'unbrauchbares Element'),
    "coding.why": ('Why', 'Warum'),
    "datasets.treaty": ('Treaty provisions', 'Vertragsbestimmungen'),
    "datasets.not_loaded": ('not loaded', 'nicht geladen'),
    "datasets.bundled": ('bundled extract', 'mitgelieferter Auszug'),
    "datasets.file": ('file', 'Datei'),
    "datasets.url": ('download', 'Download'),
    "datasets.rows": ('rows', 'Zeilen'),
    "datasets.supplement": ('supplement values', 'ergänzte Werte'),
    "datasets.panel_title": ('Indicator panel', 'Indikatorenpanel'),
    "datasets.sources": ('Sources', 'Quellen'),
    "datasets.no_values": ('no values', 'keine Werte'),
    "datasets.abandonment": ('Fear of abandonment', 'Angst vor Verlassenwerden'),
    # uncertainty, explain, simulate, hindcast (simulate/)
    "score_name": ("Score", "Wert"),
    "point": ("Point", "Punktwert"),
    "median": ("Median", "Median"),
    "interval": ("5–95 % interval", "5–95-%-Intervall"),
    "low_q": ("Lower bound", "Untergrenze"),
    "high_q": ("Upper bound", "Obergrenze"),
    "p_low": ("P(low)", "P(niedrig)"),
    "p_medium": ("P(medium)", "P(mittel)"),
    "p_high": ("P(high)", "P(hoch)"),
    "p_none": ("P(no score)", "P(kein Wert)"),
    "most_sensitive": ("Most influential (total Sobol index)",
                       "Größter Einfluss (totaler Sobol-Index)"),
    "uncertainty_title": ("Uncertainty of the scores (Monte Carlo over the methodology's "
                          "choices)", "Unsicherheit der Werte (Monte Carlo über die "
                          "methodischen Entscheidungen)"),
    "block": ("Criterion or fear", "Kriterium oder Angst"),
    "contribution": ("Contribution", "Beitrag"),
    "value_part": ("Own change", "Eigene Änderung"),
    "reweight_part": ("Re-weighting", "Umgewichtung"),
    "changes": ("Inputs changed", "Geänderte Eingaben"),
    "n_sources": ("Sources", "Quellen"),
    "explain_title": ("Why the scores changed", "Warum sich die Werte änderten"),
    "link": ("Link", "Verbindung"),
    "direct": ("direct", "direkt"),
    "system": ("system", "Systemeffekt"),
    "baseline": ("Baseline", "Basislinie"),
    "scenario": ("Scenario", "Szenario"),
    "change": ("Change", "Änderung"),
    "baseline_interval": ("Baseline 5–95 %", "Basislinie 5–95 %"),
    "scenario_interval": ("Scenario 5–95 %", "Szenario 5–95 %"),
    "difference_interval": ("Difference 5–95 %", "Differenz 5–95 %"),
    "p_lower": ("P(scenario lower)", "P(Szenario niedriger)"),
    "simulate_title": ("Scenario against baseline", "Szenario gegen Basislinie"),
    "predicted": ("Predicted change", "Vorhergesagte Änderung"),
    "observed": ("Observed change", "Beobachtete Änderung"),
    "agree": ("agree", "übereinstimmend"),
    "disagree": ("disagree", "gegenläufig"),
    "no_move": ("no movement", "keine Bewegung"),
    "agreement": ("agreement", "Übereinstimmung"),
    "hindcast_title": ("Consistency check: scenarios from earlier knowledge against what "
                       "happened", "Konsistenzprüfung: Szenarien aus früherem Wissen gegen "
                       "das tatsächlich Geschehene"),
    "help.uncertainty": ("Monte Carlo samples over the methodology's choices (weights, "
                         "normalisation, ageing, missing data, uncertain codings): median, "
                         "5–95 % interval, band probabilities and Sobol indices per indicator.",
                         "Monte-Carlo-Stichproben über die methodischen Entscheidungen "
                         "(Gewichte, Normierung, Alterung, fehlende Daten, unsichere "
                         "Kodierungen): Median, 5–95-%-Intervall, Stufenwahrscheinlichkeiten "
                         "und Sobol-Indizes je Indikator."),
    "help.seed": ("Random seed: the same seed gives the same output.",
                  "Zufallsstartwert: gleicher Startwert, gleiche Ausgabe."),
    "help.explain": ("Why did the scores change between two dates? An exact decomposition "
                     "into indicator contributions with the facts, events and data that "
                     "changed and their sources.\n\nExample: alliance explain usa-jpn --from "
                     "2024-12-01 --to 2025-07-01",
                     "Warum änderten sich die Werte zwischen zwei Daten? Exakte Zerlegung in "
                     "Beiträge der Indikatoren mit den geänderten Fakten, Ereignissen und "
                     "Daten samt Quellen.\n\nBeispiel: alliance explain usa-jpn --from "
                     "2024-12-01 --to 2025-07-01"),
    "help.explain_alliance": ("One alliance id, e.g. usa-jpn.",
                              "Eine Bündnis-Kennung, z. B. usa-jpn."),
    "help.explain_from": ("Earlier date.", "Früheres Datum."),
    "help.explain_to": ("Later date.", "Späteres Datum."),
    "help.simulate": ("What if …? Play a scenario file against the baseline for every "
                      "alliance it reaches, with intervals and the decomposition of the "
                      "difference; never writes the store.\n\nExample: alliance simulate "
                      "scenarios/usfk-troop-reduction.yaml --format md",
                      "Was wäre, wenn …? Ein Szenario gegen die Basislinie für jedes "
                      "betroffene Bündnis durchspielen, mit Intervallen und Zerlegung der "
                      "Differenz; schreibt nie in den Speicher.\n\nBeispiel: alliance simulate "
                      "scenarios/usfk-troop-reduction.yaml --format md"),
    "help.scenario_file": ("Scenario file (YAML, see docs/scenarios.md).",
                           "Szenariodatei (YAML, siehe docs/scenarios.md)."),
    "help.simulate_at": ("Evaluation date (default: the scenario's 'at', else one year after "
                         "its start).", "Bewertungsdatum (Standard: 'at' des Szenarios, sonst "
                         "ein Jahr nach seinem Beginn)."),
    "help.horizon": ("Evaluate this long after the scenario starts: 90d, 26w, 6m, 1y.",
                     "So lange nach Szenariobeginn bewerten: 90d, 26w, 6m, 1y."),
    "help.simulate_samples": ("Monte Carlo samples for the intervals (0: none).",
                              "Monte-Carlo-Stichproben für die Intervalle (0: keine)."),
    "help.hindcast": ("Consistency check: scenarios built from what was known before a real "
                      "episode against what the point-in-time assessment showed after it."
                      "\n\nExample: alliance hindcast scenarios/hindcast",
                      "Konsistenzprüfung: Szenarien aus dem Wissen vor einer realen Episode "
                      "gegen das, was die zeitpunktgenaue Bewertung danach zeigte.\n\n"
                      "Beispiel: alliance hindcast scenarios/hindcast"),
    "help.scenario_paths": ("Scenario files or directories (those with a 'check' block are "
                            "tested).", "Szenariodateien oder -verzeichnisse (geprüft werden "
                            "die mit einem 'check'-Block)."),
    "help.app": ("Alliance Monitor: sourced model and resilience assessment of the US alliances "
                 "in the Indo-Pacific (SWP framework). Use --lang de for German.",
                 "Bündnis-Monitor: belegtes Modell und Belastbarkeitsbewertung der US-Bündnisse "
                 "im Indo-Pazifik (SWP-Rahmen). Mit --lang en auf Englisch."),
    "help.version": ("Print the version and exit.", "Version ausgeben und beenden."),
    "help.store": ("DuckDB store file (default: user data dir; env ALLIANCE_STORE).",
                   "DuckDB-Speicherdatei (Standard: Benutzerdatenverzeichnis; "
                   "Umgebung ALLIANCE_STORE)."),
    "help.format": ("Output format.", "Ausgabeformat."),
    "help.lang": ("Language of labels and prose: en or de (env ALLIANCE_LANG).",
                  "Sprache der Beschriftungen und Texte: en oder de (Umgebung ALLIANCE_LANG)."),
    "help.silent": ("No progress bars or notes.", "Keine Fortschrittsbalken oder Hinweise."),
    "help.kb_dir": ("Your own knowledge directory (YAML like the bundled files), read as an "
                    "overlay; repeatable (env ALLIANCE_KB_DIR).",
                    "Eigenes Wissensverzeichnis (YAML wie die mitgelieferten Dateien), als "
                    "Überlagerung gelesen; wiederholbar (Umgebung ALLIANCE_KB_DIR)."),
    "help.build": ("Validate the knowledge base and build or update the store (idempotent; "
                   "milliseconds when nothing changed).\n\nExample: alliance build --store "
                   "/tmp/alliance.duckdb",
                   "Wissensbasis prüfen und Speicher aufbauen oder aktualisieren (idempotent; "
                   "Millisekunden, wenn sich nichts geändert hat).\n\nBeispiel: alliance build "
                   "--store /tmp/alliance.duckdb"),
    "help.assess": ("Assess alliance resilience: three criteria, two fears, overall, with "
                    "evidence; one date or a series (--from/--to/--every).\n\nExample: alliance "
                    "assess usa-jpn usa-kor --at 2021-05-01 --format json",
                    "Belastbarkeit bewerten: drei Kriterien, zwei Ängste, Gesamtwert, mit Belegen; "
                    "ein Datum oder eine Reihe (--from/--to/--every).\n\nBeispiel: alliance "
                    "assess usa-jpn usa-kor --at 2021-05-01 --format json"),
    "help.alliances_arg": ("Alliance ids (default: all), e.g. USA-JPN us-kor.",
                           "Bündnis-Kennungen (Standard: alle), z. B. USA-JPN us-kor."),
    "help.at": ("As-of date: YYYY-MM-DD, YYYY-MM, YYYY or 'today'.",
                "Stichtag: JJJJ-MM-TT, JJJJ-MM, JJJJ oder 'today'."),
    "help.from": ("First date of a score series.", "Erstes Datum einer Wertereihe."),
    "help.to": ("Last date of a score series.", "Letztes Datum einer Wertereihe."),
    "help.every": ("Step of a score series: month, quarter or year.",
                   "Schrittweite einer Wertereihe: month, quarter oder year."),
    "help.knowledge": ("point_in_time: only what was published by the date (default); latest: "
                       "today's knowledge about the date.",
                       "point_in_time: nur, was bis zum Datum veröffentlicht war (Standard); "
                       "latest: heutiges Wissen über das Datum."),
    "help.known_by": ("Point in time as published by this later (or earlier) date instead of "
                      "the as-of date: a vintage, e.g. 2019-07-01 as seen on 2020-01-01.",
                      "Stand des Wissens zu diesem späteren (oder früheren) Datum statt zum "
                      "Stichtag: ein Jahrgang, z. B. 2019-07-01 aus Sicht des 2020-01-01."),
    "help.methodology": ("Use your own methodology YAML file.",
                         "Eigene Methodik-Datei (YAML) verwenden."),
    "help.compare": ("Compare threat perceptions and interests of USA, JPN, KOR (study table, "
                     "pp. 22f).\n\nExample: alliance compare --format json --lang de",
                     "Bedrohungswahrnehmungen und Interessen von USA, JPN, KOR vergleichen "
                     "(Tabelle der Studie, S. 22f).\n\nBeispiel: alliance compare --format json "
                     "--lang de"),
    "help.facts": ("List the sourced facts of the knowledge base (and of --kb-dir).\n\n"
                   "Example: alliance facts --alliance usa-kor --format csv",
                   "Die belegten Fakten der Wissensbasis (und aus --kb-dir) auflisten.\n\n"
                   "Beispiel: alliance facts --alliance usa-kor --format csv"),
    "help.alliance_opt": ("Only this alliance.", "Nur dieses Bündnis."),
    "help.subject": ("Only this subject id (case-insensitive).",
                     "Nur diese Gegenstands-Kennung (Groß-/Kleinschreibung egal)."),
    "help.attribute": ("Only this attribute.", "Nur dieses Merkmal."),
    "help.alliances": ("List the alliances with members, treaty and institutions.\n\nExample: "
                       "alliance alliances --format md --lang de",
                       "Die Bündnisse mit Mitgliedern, Vertrag und Institutionen auflisten.\n\n"
                       "Beispiel: alliance alliances --format md --lang de"),
    "help.actors": ("List actors; persons with their time-bounded offices.\n\nExample: "
                    "alliance actors --kind person --at 2019-06-30",
                    "Akteure auflisten; Personen mit ihren befristeten Ämtern.\n\nBeispiel: "
                    "alliance actors --kind person --at 2019-06-30"),
    "help.kind": ("state, organisation, group or person.",
                  "state, organisation, group oder person."),
    "help.sources": ("List the sources (bibliography) with publisher, date and URL.\n\n"
                     "Example: alliance sources --format csv",
                     "Die Quellen (Literaturverzeichnis) mit Herausgeber, Datum und URL "
                     "auflisten.\n\nBeispiel: alliance sources --format csv"),
    "help.record": ("List the curated event record: dated, sourced deeds with their alliance "
                    "signals.\n\nExample: alliance record --alliance usa-kor --since 2019-01-01",
                    "Die kuratierte Ereignischronik auflisten: datierte, belegte Handlungen mit "
                    "ihren Bündnissignalen.\n\nBeispiel: alliance record --alliance usa-kor "
                    "--since 2019-01-01"),
    "help.since": ("From this date (YYYY-MM-DD).", "Ab diesem Datum (JJJJ-MM-TT)."),
    "help.until": ("Up to this date (YYYY-MM-DD).", "Bis zu diesem Datum (JJJJ-MM-TT)."),
    "help.ingest": ("Ingest documents, feeds, GDELT or PLOVER files into the store, then code "
                    "and update the series (idempotent).\n\nExample: alliance ingest "
                    "../shared/data/events/gdelt2/20191024143000.export.CSV",
                    "Dokumente, Feeds, GDELT- oder PLOVER-Dateien einlesen, dann kodieren und "
                    "die Reihen aktualisieren (idempotent).\n\nBeispiel: alliance ingest "
                    "../shared/data/events/gdelt2/20191024143000.export.CSV"),
    "help.items": ("Files, directories, URLs, feeds, GDELT/PLOVER files; '-' reads stdin.",
                   "Dateien, Verzeichnisse, URLs, Feeds, GDELT/PLOVER-Dateien; '-' liest stdin."),
    "help.backtest": ("Does the assessment follow documented episodes? Hits, misses and why "
                      "(point-in-time by default).\n\nExample: alliance backtest "
                      "episodes/episodes-dev.json",
                      "Folgt die Bewertung dokumentierten Episoden? Treffer, Fehlschläge und "
                      "Gründe (standardmäßig zeitpunktgenau).\n\nBeispiel: alliance backtest "
                      "episodes/episodes-dev.json"),
    "help.episodes": ("Episode file (JSON, see docs/backtest.md).",
                      "Episodendatei (JSON, siehe docs/backtest.md)."),
}


def t(key: str, lang: str = "en") -> str:
    """The label for ``key`` in ``lang``; unknown keys come back unchanged."""
    pair = _LABELS.get(key)
    if pair is None:
        return key
    return pair[1] if lang == "de" else pair[0]


def add_labels(labels: Mapping[str, tuple[str, str]]) -> None:
    """Let a presentation module (web pages, reports) add its labels to the one catalogue;
    keys already present keep their form."""
    for key, pair in labels.items():
        _LABELS.setdefault(key, pair)


def band_label(band: str | None, lang: str = "en") -> str:
    return t("no_data", lang) if band is None else t(band, lang)


def help_lang(argv: list[str], env: Mapping[str, str]) -> str:
    """The language for --help: ``--lang de`` on the command line, else ALLIANCE_LANG."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return "de" if argv[i + 1] == "de" else "en"
        if arg.startswith("--lang="):
            return "de" if arg.split("=", 1)[1] == "de" else "en"
    value = env.get("ALLIANCE_LANG", "en")
    return "de" if value == "de" else "en"


def missing_german() -> list[str]:
    """Catalogue keys without a German form (a test fails when any appears)."""
    return [k for k, (_, de) in _LABELS.items() if not de.strip()]


_SYMBOLS: dict[str, tuple[str, str, str]] = {}


def _symbols(lang: str) -> tuple[str, str, str]:
    """The locale's decimal, grouping and minus signs from Babel's CLDR data. Loading that
    data costs more than a whole assessment, so the three signs are kept in the start-up
    cache (keyed by Babel's version)."""
    hit = _SYMBOLS.get(lang)
    if hit is not None:
        return hit
    from alliance_monitor.store import cache

    locale = "de_DE" if lang == "de" else "en_US"
    from importlib.util import find_spec

    spec = find_spec("babel")  # Babel's own files identify its CLDR data (no import)
    origin = spec.origin if spec is not None else None
    stamp = f"{origin}:{os.stat(origin).st_mtime_ns}" if origin else "?"
    k = cache.key("number-symbols", stamp, locale)
    found = cache.load("symbols", k)
    if not (isinstance(found, tuple) and len(found) == 3):
        from babel.numbers import get_decimal_symbol, get_group_symbol, get_minus_sign_symbol

        found = (get_decimal_symbol(locale), get_group_symbol(locale),
                 get_minus_sign_symbol(locale))
        cache.save("symbols", k, found)
    _SYMBOLS[lang] = found
    return found


def number(value: float, lang: str = "en", digits: int = 1) -> str:
    """A number formatted for the language with CLDR's signs (Babel): 25,905.0 / 25.905,0.
    Rounded half to even on the decimal value, as Babel's ``format_decimal`` rounds."""
    from decimal import ROUND_HALF_EVEN, Decimal

    decimal_sign, group_sign, minus = _symbols(lang)
    d = Decimal(str(value)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_EVEN)
    text = f"{abs(d):,.{digits}f}"
    text = text.replace(",", "\0").replace(".", decimal_sign).replace("\0", group_sign)
    return (minus + text) if d < 0 else text


#: Every English message passed through :func:`message` (the test checks each has German).
USED_MESSAGES: set[str] = set()


def _german_messages() -> dict[str, str]:
    from importlib import resources

    import yaml

    text = (resources.files("alliance_monitor.present") / "messages_de.yaml").read_text(
        encoding="utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    doc = yaml.load(text, Loader=loader) or {}
    return {str(e["en"]).strip(): str(e["de"]).strip() for e in doc.get("messages", [])}


_GERMAN: dict[str, str] | None = None


def message(text: str, lang: str | None = None) -> str:
    """gettext-style: the English text, or its German form from ``messages_de.yaml``; the
    language is the help language of this process unless ``lang`` is given."""
    global _GERMAN
    USED_MESSAGES.add(text.strip())
    if (lang or _HELP_LANG[0]) != "de":
        return text
    if _GERMAN is None:
        _GERMAN = _german_messages()
    return _GERMAN.get(text.strip(), text)


_HELP_LANG = ["en"]


def set_help_lang(lang: str) -> None:
    _HELP_LANG[0] = lang


def missing_messages() -> list[str]:
    german = _german_messages()
    return sorted(m for m in USED_MESSAGES if m not in german)


def framework_phrases() -> list[tuple[str, str]]:
    """(English, German) phrases of the command-line framework, longest first."""
    from importlib import resources

    import yaml

    text = (resources.files("alliance_monitor.present") / "messages_de.yaml").read_text(
        encoding="utf-8")
    doc = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    pairs = [(str(e["en"]), str(e["de"])) for e in doc.get("framework", [])]
    return sorted(pairs, key=lambda p: -len(p[0]))


def translate_framework(text: str, lang: str) -> str:
    if lang != "de":
        return text
    for en, de in framework_phrases():
        text = text.replace(en, de)
    return text
