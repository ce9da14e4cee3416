"""German and English labels of the dashboard and the reports (added to the one catalogue)."""

from __future__ import annotations

from alliance_monitor.present.i18n import add_labels

LABELS: dict[str, tuple[str, str]] = {
    "site_title": ("Alliance Monitor", "Alliance Monitor"),
    "site_tagline": ("Resilience of the US alliances in the Indo-Pacific (SWP framework)",
                     "Belastbarkeit der US-Bündnisse im Indo-Pazifik (SWP-Rahmen)"),
    "nav_overview": ("Overview", "Übersicht"),
    "nav_compare": ("Comparison", "Vergleich"),
    "nav_facts": ("Facts", "Fakten"),
    "nav_events": ("Event record", "Ereignischronik"),
    "nav_sources": ("Sources", "Quellen"),
    "nav_map": ("Map of US forces", "Karte der US-Streitkräfte"),
    "nav_network": ("Alliance network", "Bündnisnetz"),
    "nav_methodology": ("Methodology", "Methodik"),
    "nav_api": ("API", "API"),
    "skip_to_content": ("Skip to content", "Zum Inhalt springen"),
    "main_nav": ("Main navigation", "Hauptnavigation"),
    "language": ("Language", "Sprache"),
    "other_language": ("Deutsch", "English"),
    "date_at": ("Date", "Stichtag"),
    "show": ("Show", "Anzeigen"),
    "apply_filters": ("Apply filters", "Filter anwenden"),
    "reset_filters": ("Reset", "Zurücksetzen"),
    "download": ("Download", "Herunterladen"),
    "as_json": ("JSON", "JSON"),
    "as_csv": ("CSV", "CSV"),
    "trend_since_2016": ("Trend since 2016", "Verlauf seit 2016"),
    "input_age": ("Newest input", "Neueste Eingabe"),
    "age_days": ("Age (days)", "Alter (Tage)"),
    "knowledge_horizon": ("Knowledge horizon", "Wissensstand"),
    "biggest_changes": ("Biggest changes over the past year",
                        "Größte Veränderungen im letzten Jahr"),
    "change": ("Change", "Veränderung"),
    "from_date": ("From", "Von"),
    "to_date": ("To", "Bis"),
    "measure": ("Measure", "Größe"),
    "criteria_and_fears": ("Criteria and fears", "Kriterien und Ängste"),
    "history": ("Score history", "Verlauf der Werte"),
    "history_chart": ("Score history chart", "Verlaufsdiagramm"),
    "indicators": ("Indicators", "Indikatoren"),
    "normalized": ("Normalised (0–100)", "Normiert (0–100)"),
    "effective_weight": ("Effective weight", "Wirksames Gewicht"),
    "sources": ("Sources", "Quellen"),
    "evidence": ("Evidence", "Belege"),
    "no_evidence": ("No evidence for this block.", "Keine Belege für diesen Block."),
    "what_changed": ("What changed", "Was sich geändert hat"),
    "what_changed_intro": (
        "From {start} to {end}. Each change is split exactly into the contributions of the "
        "indicators (their own movement and the re-weighting when data appear, drop out or "
        "age); the contributions add up to the change of the unrounded scores.",
        "Vom {start} bis zum {end}. Jede Veränderung wird exakt in die Beiträge der Indikatoren "
        "zerlegt (ihre eigene Bewegung und die Umgewichtung, wenn Daten hinzukommen, wegfallen "
        "oder altern); die Beiträge ergeben zusammen die Veränderung der ungerundeten Werte."),
    "change_from": ("Changes from", "Veränderungen vom"),
    "change_to": ("to", "bis"),
    "compare_dates": ("Compare", "Vergleichen"),
    "past_quarter": ("Past quarter", "Letztes Quartal"),
    "past_year": ("Past year", "Letztes Jahr"),
    "past_three_years": ("Past three years", "Letzte drei Jahre"),
    "since_2016": ("Since 2016", "Seit 2016"),
    "periods": ("Periods", "Zeiträume"),
    "main_contributions": ("Largest contributions", "Größte Beiträge"),
    "newly_published_title": (
        "held already at the start but published only later: new knowledge, not a change",
        "galt schon zu Beginn, wurde aber erst später veröffentlicht: neues Wissen, keine "
        "Veränderung"),
    "changed_inputs": ("Facts, events and data that changed",
                       "Geänderte Fakten, Ereignisse und Daten"),
    "change_added": ("now counted", "neu berücksichtigt"),
    "change_removed": ("no longer counted", "nicht mehr berücksichtigt"),
    "change_override": ("scenario value", "Szenariowert"),
    "inputs_shown": ("{shown} of {total} changed inputs shown; the JSON has the full "
                     "decomposition.",
                     "{shown} von {total} geänderten Eingaben gezeigt; das JSON enthält die "
                     "vollständige Zerlegung."),
    "nothing_changed": ("No input changed between these dates.",
                        "Zwischen diesen Daten hat sich keine Eingabe geändert."),
    "no_decomposition": ("no decomposition", "keine Zerlegung"),
    "fact": ("Fact", "Fakt"),
    "event": ("Event", "Ereignis"),
    "perception": ("Perception", "Wahrnehmung"),
    "institution": ("Institution", "Institution"),
    "dataset": ("Data set", "Datensatz"),
    "search": ("Search", "Suche"),
    "search_text": ("Full-text search", "Volltextsuche"),
    "period": ("Period", "Zeitraum"),
    "any": ("any", "alle"),
    "results": ("results", "Treffer"),
    "page": ("Page", "Seite"),
    "previous": ("Previous", "Zurück"),
    "next": ("Next", "Weiter"),
    "pagination": ("Pagination", "Seitennavigation"),
    "facets": ("Facets", "Facetten"),
    "date": ("Date", "Datum"),
    "target": ("Target", "Ziel"),
    "category": ("Category", "Kategorie"),
    "signals": ("Signals", "Signale"),
    "summary_col": ("Summary", "Zusammenfassung"),
    "reports": ("Reports", "Berichte"),
    "disputed": ("Disputed", "Umstritten"),
    "disputed_only": ("Only events with disputed or several reports",
                      "Nur Ereignisse mit umstrittenen oder mehreren Berichten"),
    "title": ("Title", "Titel"),
    "author": ("Author", "Autor"),
    "publisher": ("Publisher", "Herausgeber"),
    "published": ("Published", "Veröffentlicht"),
    "link": ("Link", "Link"),
    "export_bibtex": ("BibTeX", "BibTeX"),
    "export_csl": ("CSL-JSON", "CSL-JSON"),
    "bibliography": ("Bibliography", "Literaturverzeichnis"),
    "year": ("Year", "Jahr"),
    "us_troops": ("US active-duty troops", "Aktive US-Soldaten"),
    "us_bases": ("US bases and sites", "US-Stützpunkte und -Standorte"),
    "map_title": ("US forces and bases in the Indo-Pacific", "US-Streitkräfte und Stützpunkte im "
                  "Indo-Pazifik"),
    "bases_undated": ("Troop numbers as published by {at} (a year's figures count as known from "
                      "1 April of the next year). The base list is one undated cross-section "
                      "(to 2018) and is drawn for every date.",
                      "Truppenzahlen, wie sie am {at} veröffentlicht waren (die Zahlen eines "
                      "Jahres gelten ab dem 1. April des Folgejahres als bekannt). Die "
                      "Stützpunktliste ist ein undatierter Querschnitt (bis 2018) und wird für "
                      "jedes Datum gezeigt."),
    "map_alt": ("Map of the Indo-Pacific with US bases (dots) and troop numbers per host "
                "country (circles)", "Karte des Indo-Pazifiks mit US-Stützpunkten (Punkte) und "
                "US-Truppenstärke je Gastland (Kreise)"),
    "troops_over_time": ("US troops by host country over time",
                         "US-Truppen nach Gastland im Zeitverlauf"),
    "base_name": ("Base", "Stützpunkt"),
    "host": ("Host country", "Gastland"),
    "lat": ("Latitude", "Breite"),
    "lon": ("Longitude", "Länge"),
    "troops": ("Troops", "Soldaten"),
    "network_title": ("The alliance system", "Das Bündnissystem"),
    "network_alt": ("Network of actors (points) linked by alliances (lines)",
                    "Netz der Akteure (Punkte), verbunden durch Bündnisse (Linien)"),
    "institutions": ("Institutions", "Institutionen"),
    "start": ("Start", "Beginn"),
    "end": ("End", "Ende"),
    "active": ("active", "aktiv"),
    "ended": ("ended", "beendet"),
    "methodology_version": ("Methodology version", "Methodikversion"),
    "rationale": ("Rationale", "Begründung"),
    "normalisation": ("Normalisation", "Normierung"),
    "direction": ("Direction", "Richtung"),
    "bands_rule": ("Bands: medium from {medium}, high from {high}",
                   "Stufen: mittel ab {medium}, hoch ab {high}"),
    "min_coverage_rule": ("A block needs {pct} of its weight covered by data to get a score.",
                          "Ein Block braucht Daten für {pct} seines Gewichts, um einen Wert zu "
                          "erhalten."),
    "ageing_rule": ("Ageing: half-life {half} years beyond an indicator's maximum age; "
                    "floor {floor}.",
                    "Alterung: Halbwertszeit {half} Jahre jenseits des Höchstalters eines "
                    "Indikators; Untergrenze {floor}."),
    "overall_weights": ("Weights of the overall score", "Gewichte des Gesamtwerts"),
    "not_found": ("Not found", "Nicht gefunden"),
    "bad_request": ("Bad request", "Ungültige Anfrage"),
    "back_to_overview": ("Back to the overview", "Zurück zur Übersicht"),
    "report_title": ("Briefing", "Lagebericht"),
    "report_system": ("The alliance system", "Das Bündnissystem"),
    "report_generated": ("Generated", "Erstellt"),
    "report_summary": ("Summary", "Zusammenfassung"),
    "report_scores": ("Scores and bands", "Werte und Stufen"),
    "report_trend": ("Trend", "Verlauf"),
    "report_moved": ("What moved since the previous year and why",
                     "Was sich seit dem Vorjahr bewegt hat und warum"),
    "report_key_evidence": ("Key evidence", "Wichtigste Belege"),
    "report_staleness": ("Staleness of inputs", "Aktualität der Eingaben"),
    "report_oldest": ("Oldest indicator inputs", "Älteste Indikator-Eingaben"),
    "report_summary_line": ("{alliance}: overall {score} ({band}) as of {at}; strongest criterion "
                            "{best}, weakest {worst}.",
                            "{alliance}: gesamt {score} ({band}) zum {at}; stärkstes Kriterium "
                            "{best}, schwächstes {worst}."),
    "report_no_score": ("{alliance}: no overall score as of {at}.",
                        "{alliance}: kein Gesamtwert zum {at}."),
    "previous_year": ("A year earlier", "Ein Jahr zuvor"),
    "now": ("Now", "Jetzt"),
    "nothing_moved": ("No score moved by one point or more.",
                      "Kein Wert hat sich um einen Punkt oder mehr bewegt."),
    "help.serve": ("Start the web dashboard and JSON API on 127.0.0.1 and print its URL; "
                   "read-only unless a write token is given.\n\nExample: alliance serve "
                   "--port 8800",
                   "Startet das Web-Dashboard und die JSON-API auf 127.0.0.1 und gibt die URL "
                   "aus; nur lesend, außer mit einem Schreib-Token.\n\nBeispiel: alliance "
                   "serve --port 8800"),
    "help.write_token": ("Enable POST /api/v1/ingest and /api/v1/build for requests with "
                         "'Authorization: Bearer TOKEN' (env ALLIANCE_WRITE_TOKEN; never "
                         "printed).",
                         "Aktiviert POST /api/v1/ingest und /api/v1/build für Anfragen mit "
                         "'Authorization: Bearer TOKEN' (env ALLIANCE_WRITE_TOKEN; wird nie "
                         "ausgegeben)."),
    "write_token_cleartext": ("warning: {host} is reachable from other machines and the token "
                              "travels unencrypted over HTTP; put a TLS proxy in front",
                              "Warnung: {host} ist von anderen Rechnern erreichbar und das Token "
                              "wird unverschlüsselt über HTTP übertragen; einen TLS-Proxy "
                              "vorschalten"),
    "write_api_enabled": ("write API enabled: POST requests need the bearer token",
                          "Schreib-API aktiviert: POST-Anfragen brauchen das Bearer-Token"),
    "help.host": ("Address to bind (default 127.0.0.1: only this machine).",
                  "Adresse, an die gebunden wird (Standard 127.0.0.1: nur dieser Rechner)."),
    "help.port": ("Port to listen on.", "Port, auf dem gelauscht wird."),
    "help.report": ("Write a briefing per alliance and for the system: scores, bands, trend "
                    "charts, what moved, key evidence with citations, staleness, bibliography."
                    "\n\nExample: alliance report usa-kor --lang de --format pdf -o usa-kor.pdf",
                    "Schreibt einen Lagebericht je Bündnis und für das System: Werte, Stufen, "
                    "Verlaufsdiagramme, Veränderungen, Belege mit Zitaten, Aktualität, "
                    "Literaturverzeichnis.\n\nBeispiel: alliance report usa-kor --lang de "
                    "--format pdf -o usa-kor.pdf"),
    "help.report_format": ("html, pdf or md.", "html, pdf oder md."),
    "help.output": ("File to write (default: standard output for html and md; "
                    "report.pdf for pdf).",
                    "Zieldatei (Standard: Standardausgabe für html und md; report.pdf für pdf)."),
    "help.at_report": ("As-of date (YYYY-MM-DD, YYYY-MM, YYYY or 'today').",
                       "Stichtag (JJJJ-MM-TT, JJJJ-MM, JJJJ oder 'today')."),
    "help.report_alliances": ("Alliance ids (default: all and the system), e.g. usa-kor.",
                              "Bündniskennungen (Standard: alle und das System), z. B. usa-kor."),
    "cited_sources": ("Cited sources", "Zitierte Quellen"),
    "serving_at": ("Serving Alliance Monitor at", "Alliance Monitor läuft unter"),
}

add_labels(LABELS)
