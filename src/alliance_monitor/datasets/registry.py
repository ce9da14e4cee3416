"""The data sets the project loads: name, source, licence, years, official URL and citation.

One entry per data set. ``source_id`` names the entry in
``knowledge/data/sources_datasets.yaml`` that every stored value cites (``source_ref``).
``download_url`` is the official file when the distributor offers a direct link; where it
does not (click-through pages), ``fetch`` needs ``--url`` and explains where to get the file.
"""

from __future__ import annotations

from dataclasses import dataclass

from alliance_monitor.errors import UsageError
from alliance_monitor.model import Text

#: States of the alliances whose data-set indicators are computed per alliance (the subjects
#: of ``unga_*`` and ``exercises_joint``). NATO-IP4 has no UN vote and no MME coverage.
ALLIANCE_STATES: dict[str, tuple[str, ...]] = {
    "USA-JPN": ("USA", "JPN"),
    "USA-KOR": ("USA", "KOR"),
    "JPN-KOR": ("JPN", "KOR"),
    "USA-JPN-KOR": ("USA", "JPN", "KOR"),
}

#: ATOP alliance ids of the treaties in the model (alliances.yaml: treaty.atop_ids).
ATOP_IDS: dict[str, tuple[int, ...]] = {"USA-JPN": (3220, 3375), "USA-KOR": (3240,)}

#: The countries the shipped extracts keep (issue 3: those that matter for the model).
EXTRACT_COUNTRIES: tuple[str, ...] = ("USA", "JPN", "KOR", "AUS", "NZL", "DEU", "CHN", "PRK",
                                      "RUS")


@dataclass(frozen=True)
class Dataset:
    name: str
    module: str  # alliance_monitor.datasets.<module>
    title: Text
    description: Text  # what it measures
    publisher: str
    citation: str
    licence: str
    homepage: str | None
    source_id: str
    first_year: int | None
    last_year: int | None
    criteria: tuple[str, ...]  # alignment, contributions, political_support, abandonment, treaty
    indicators: tuple[str, ...]  # indicator ids it writes to indicator_values
    files: tuple[str, ...]  # glob patterns of the official file names (``load all DIR``)
    download_url: str | None = None
    zip_member: str | None = None  # glob of the member to read when the download is a zip
    bundled: str | None = None  # extract shipped in datasets/data/
    facts: bool = False  # writes dataset_facts
    caveats: Text | None = None

    @property
    def years(self) -> str:
        if self.first_year is None:
            return "—" if self.last_year is None else f"to {self.last_year}"
        return f"{self.first_year}–{self.last_year or ''}"


def _t(en: str, de: str) -> Text:
    return Text(en=en, de=de)


_ATOP_ZIP = "http://www.atopdata.org/uploads/6/9/1/3/69134503/atop_5.1__.csv_.zip"
_TROOPDATA_RAW = "https://raw.githubusercontent.com/meflynn/troopdata/master/data-raw/"

REGISTRY: dict[str, Dataset] = {d.name: d for d in (
    Dataset(
        name="atop", module="atop",
        title=_t("ATOP alliance provisions", "ATOP-Bündnisbestimmungen"),
        description=_t(
            "One row per alliance treaty: obligations (defence, offence, neutrality, "
            "non-aggression, consultation), conditions, asymmetry and institutionalisation.",
            "Eine Zeile je Bündnisvertrag: Pflichten (Verteidigung, Angriff, Neutralität, "
            "Nichtangriff, Konsultation), Bedingungen, Asymmetrie und Institutionalisierung."),
        publisher="ATOP project (Leeds et al.), atopdata.org",
        citation="Leeds, Ritter, Mitchell & Long (2002), Alliance Treaty Obligations and "
                 "Provisions, 1815-1944, International Interactions 28: 237-260; data v5.0/5.1",
        licence="free for research use with citation (atopdata.org); no open licence stated",
        homepage="http://www.atopdata.org/data.html", source_id="atop",
        first_year=1815, last_year=2018, criteria=("treaty",), indicators=(),
        files=("atop5_*a.csv", "atop*_alliance*.csv"),
        download_url=_ATOP_ZIP, zip_member="atop5_*a.csv", bundled="atop.csv", facts=True,
        caveats=_t("Codes the treaty text, not practice; the US-Japan treaty of 1960 (3375) "
                   "replaced the 1951 treaty (3220).",
                   "Kodiert den Vertragstext, nicht die Praxis; der Vertrag USA–Japan von 1960 "
                   "(3375) ersetzte den von 1951 (3220).")),
    Dataset(
        name="atop_dyads", module="atop_dyads",
        title=_t("ATOP directed dyad-years", "ATOP gerichtete Dyaden-Jahre"),
        description=_t(
            "For each pair of states and year: which alliance obligations the first state has "
            "towards the second.",
            "Für jedes Staatenpaar und Jahr: welche Bündnispflichten der erste Staat gegenüber "
            "dem zweiten hat."),
        publisher="ATOP project (Leeds et al.), atopdata.org",
        citation="Leeds, Ritter, Mitchell & Long (2002), International Interactions 28: "
                 "237-260; ATOP 5.1 directed dyad-year file",
        licence="free for research use with citation (atopdata.org); no open licence stated",
        homepage="http://www.atopdata.org/data.html", source_id="atop",
        first_year=1815, last_year=2018, criteria=("treaty",), indicators=(),
        files=("atop5_*ddyr.csv", "atop*dyad*year*.csv"),
        download_url=_ATOP_ZIP, zip_member="atop5_*ddyr.csv", bundled="atop_dyads.csv",
        facts=True,
        caveats=_t("Ends in 2018; the shared copy names the obligations atop_defense etc.",
                   "Endet 2018; die geteilte Kopie nennt die Pflichten atop_defense usw.")),
    Dataset(
        name="unga", module="unga",
        title=_t("UN General Assembly ideal points", "Idealpunkte in der UN-Generalversammlung"),
        description=_t(
            "Each state's position on a single foreign-policy dimension estimated from its "
            "UN General Assembly votes per session, with its vote agreement with the USA.",
            "Die Position jedes Staates auf einer außenpolitischen Dimension, geschätzt aus "
            "seinen Abstimmungen in der UN-Generalversammlung je Sitzungsperiode, mit seiner "
            "Abstimmungsübereinstimmung mit den USA."),
        publisher="Bailey, Strezhnev & Voeten, Harvard Dataverse",
        citation="Bailey, Strezhnev & Voeten (2017), Estimating Dynamic State Preferences from "
                 "United Nations Voting Data, Journal of Conflict Resolution 61(2): 430-456; "
                 "data: hdl:1902.1/12379 (June 2024 release)",
        licence="CC0 1.0 (public domain dedication)",
        homepage="https://dataverse.harvard.edu/dataset.xhtml?persistentId=hdl:1902.1/12379",
        source_id="unga-ideal-points", first_year=1946, last_year=2023,
        criteria=("alignment",), indicators=("unga_ideal_point_distance", "unga_agreement"),
        files=("Idealpointestimates*.csv", "Idealpointestimates*.tab"), bundled="unga.csv",
        caveats=_t("Session n is the year 1945+n; the file gives agreement only with the USA "
                   "and a few other states, so JPN-KOR has no agreement series.",
                   "Sitzungsperiode n entspricht dem Jahr 1945+n; die Datei nennt "
                   "Übereinstimmung nur mit den USA und wenigen anderen Staaten, daher gibt es "
                   "für JPN-KOR keine Übereinstimmungsreihe.")),
    Dataset(
        name="sipri_milex", module="sipri_milex",
        title=_t("SIPRI military expenditure (% of GDP)", "SIPRI-Militärausgaben (% des BIP)"),
        description=_t("Military expenditure as a share of gross domestic product per "
                       "country and year.",
                       "Militärausgaben als Anteil am Bruttoinlandsprodukt je Land und Jahr."),
        publisher="Stockholm International Peace Research Institute, via Our World in Data",
        citation="SIPRI Military Expenditure Database (2025), processed by Our World in Data",
        licence="SIPRI terms: free use with attribution to SIPRI; OWID processing CC BY 4.0",
        homepage="https://ourworldindata.org/grapher/military-expenditure-share-gdp",
        source_id="sipri-milex", first_year=1949, last_year=2024,
        criteria=("contributions",), indicators=("milex_share_gdp",),
        files=("military-*share-gdp*.csv",),
        download_url="https://ourworldindata.org/grapher/military-expenditure-share-gdp.csv"
                     "?v=1&csvType=full&useColumnShortNames=false",
        bundled="sipri_milex.csv",
        caveats=_t("SIPRI revises past years with each release; figures for the latest year "
                   "are often estimates.",
                   "SIPRI überarbeitet frühere Jahre mit jeder Ausgabe; Werte des letzten "
                   "Jahres sind oft Schätzungen.")),
    Dataset(
        name="sipri_arms", module="sipri_arms",
        title=_t("SIPRI arms transfers: US exports (TIV)", "SIPRI-Rüstungstransfers: US-Exporte "
                 "(TIV)"),
        description=_t("Volume of major conventional arms delivered by the USA to each "
                       "recipient per year, in SIPRI trend-indicator values (millions).",
                       "Umfang der von den USA gelieferten konventionellen Großwaffen je "
                       "Empfänger und Jahr, in SIPRI-Trendindikatorwerten (Millionen)."),
        publisher="Stockholm International Peace Research Institute",
        citation="SIPRI Arms Transfers Database, TIV of arms exports from the United States",
        licence="SIPRI terms: free use with attribution to SIPRI",
        homepage="https://armstrade.sipri.org/armstrade/page/values.php",
        source_id="sipri-arms", first_year=1950, last_year=2020,
        criteria=("contributions",), indicators=("us_arms_tiv",),
        files=("*arms-exports-tiv*.csv", "TIV-Export-USA*.csv"), bundled="sipri_arms.csv",
        caveats=_t("TIV measure military capability transferred, not money; a blank cell "
                   "means no recorded delivery and is stored as 0.",
                   "TIV messen übertragene militärische Fähigkeit, nicht Geld; eine leere "
                   "Zelle bedeutet keine erfasste Lieferung und wird als 0 gespeichert.")),
    Dataset(
        name="troops", module="troops",
        title=_t("US troops abroad (DMDC)", "US-Truppen im Ausland (DMDC)"),
        description=_t("US active-duty military personnel stationed in each country per year, "
                       "by service, with reserves and civilians.",
                       "Im jeweiligen Land stationiertes aktives US-Militärpersonal je Jahr, "
                       "nach Teilstreitkraft, mit Reservisten und Zivilpersonal."),
        publisher="Allen, Flynn & Martinez Machain (troopdata), from DMDC reports",
        citation="Allen, Flynn & Martinez Machain (2022), US global military deployments, "
                 "1950-2020, Conflict Management and Peace Science 39(3); troopdata rebuild",
        licence="DMDC reports are US government works (public domain); troopdata compilation "
                "cited as its authors ask (see the repository's LICENSE.md)",
        homepage="https://github.com/meflynn/troopdata", source_id="troopdata",
        first_year=1950, last_year=2024, criteria=("contributions",),
        indicators=("us_troops",), files=("troopdata*country-year*.csv",),
        download_url=_TROOPDATA_RAW + "troopdata-rebuild-country-year.csv",
        bundled="troops.csv",
        caveats=_t("DMDC counts are snapshots; afloat personnel and reporting changes cause "
                   "jumps (Japan 2015).",
                   "DMDC-Zahlen sind Momentaufnahmen; Personal auf See und geänderte "
                   "Meldungen erzeugen Sprünge (Japan 2015).")),
    Dataset(
        name="bases", module="bases",
        title=_t("US bases and sites abroad", "US-Stützpunkte und -Einrichtungen im Ausland"),
        description=_t("US military bases, lily pads and funded sites with coordinates (for "
                       "maps).",
                       "US-Militärstützpunkte, kleinere Einrichtungen und finanzierte Standorte "
                       "mit Koordinaten (für Karten)."),
        publisher="David Vine, via troopdata (Allen, Flynn & Martinez Machain)",
        citation="Vine (2015), Base Nation; coordinates as distributed in troopdata "
                 "(basedata.csv)",
        licence="troopdata compilation cited as its authors ask (see the repository's "
                "LICENSE.md)",
        homepage="https://github.com/meflynn/troopdata", source_id="us-bases",
        first_year=None, last_year=2018, criteria=("contributions",), indicators=(),
        files=("basedata*.csv",), download_url=_TROOPDATA_RAW + "basedata.csv",
        bundled="bases.csv",
        caveats=_t("A cross-section without dates; not an indicator, it feeds maps.",
                   "Ein Querschnitt ohne Daten; kein Indikator, sondern Grundlage für Karten.")),
    Dataset(
        name="mme", module="mme",
        title=_t("Multinational military exercises (MME)", "Multinationale Militärübungen (MME)"),
        description=_t("Military exercises with two or more participating states, their "
                       "participants, dates, place and type.",
                       "Militärübungen mit zwei oder mehr teilnehmenden Staaten, ihre "
                       "Teilnehmer, Daten, Ort und Art."),
        publisher="Jordan Bernhardt & Lauren Sukin",
        citation="Bernhardt & Sukin, Multinational Military Exercises (MME) data set, "
                 "version 7",
        licence="free for research use with citation (authors' distribution)",
        homepage=None, source_id="mme",
        first_year=1980, last_year=2010, criteria=("contributions",),
        indicators=("exercises_joint",), files=("mme_v*.csv",), bundled="mme.csv",
        caveats=_t("Ends in 2010 and counts only multinational exercises reported in open "
                   "sources; the official file is Latin-1 encoded.",
                   "Endet 2010 und zählt nur in offenen Quellen gemeldete Übungen; die "
                   "offizielle Datei ist Latin-1-kodiert.")),
    Dataset(
        name="signals", module="signals",
        title=_t("McManus–Nieman signals of US support", "McManus–Nieman: Signale "
                 "US-amerikanischer Unterstützung"),
        description=_t("Signals of US support to each country and year: nuclear deployments, "
                       "leader visits, pacts, statements, exercises, arms, troops, aid, "
                       "investment treaties.",
                       "Signale US-amerikanischer Unterstützung je Land und Jahr: "
                       "Atomwaffenstationierung, Besuche, Abkommen, Erklärungen, Übungen, "
                       "Waffen, Truppen, Hilfe, Investitionsschutzverträge."),
        publisher="Roseanne McManus & Mark Nieman",
        citation="McManus & Nieman (2019), Identifying the level of major power support "
                 "signaled for protégés: A latent measure approach, Journal of Peace Research "
                 "56(3): 364-378",
        licence="replication data, free for research use with citation",
        homepage="https://www.prio.org/journals/jpr/replicationdata", source_id="mcmanus-nieman",
        first_year=1950, last_year=2012, criteria=("abandonment",),
        indicators=("us_support_signals",), files=("*signals*.csv",), bundled="signals.csv",
        caveats=_t("Ends in 2012; the count of signal types is this project's summary, not "
                   "the authors' latent estimate.",
                   "Endet 2012; die Zahl der Signalarten ist eine Zusammenfassung dieses "
                   "Projekts, nicht die latente Schätzung der Autoren.")),
    Dataset(
        name="pew", module="pew",
        title=_t("Pew Global Attitudes: favourability", "Pew Global Attitudes: "
                 "Wohlwollen"),
        description=_t("Share of respondents in AUS, DEU, JPN, KOR and the USA with a "
                       "favourable view of the USA, China, Japan and Russia.",
                       "Anteil der Befragten in AUS, DEU, JPN, KOR und den USA mit positiver "
                       "Sicht auf die USA, China, Japan und Russland."),
        publisher="Pew Research Center",
        citation="Pew Research Center, Global Attitudes Survey, spring waves 2002-2023 "
                 "(weighted shares aggregated from the respondent data)",
        licence="Pew Research Center terms: free use with attribution; Pew bears no "
                "responsibility for the aggregation",
        homepage="https://www.pewresearch.org/global/datasets/", source_id="pew-global-attitudes",
        first_year=2002, last_year=2023, criteria=("political_support",),
        indicators=("pew_fav_usa", "pew_fav_chn", "pew_fav_jpn"),
        files=("pew-favorability*.csv",), bundled="pew.csv",
        caveats=_t("Not every country is asked every year (KOR 2011, 2012, 2016 missing); "
                   "'don't know' answers stay in the base.",
                   "Nicht jedes Land wird jedes Jahr befragt (KOR 2011, 2012, 2016 fehlen); "
                   "'weiß nicht' bleibt in der Basis.")),
    Dataset(
        name="nato_opinion", module="nato_opinion",
        title=_t("US public support for NATO", "Unterstützung der US-Bevölkerung für die NATO"),
        description=_t("Toplines of US polls asking about NATO: per cent supporting, opposing "
                       "and undecided.",
                       "Eckwerte von US-Umfragen zur NATO: Anteil der Befürworter, Gegner und "
                       "Unentschiedenen."),
        publisher="Joshua Alley, compiled from Roper Center polls",
        citation="Alley, US public support for NATO 1974-2020, poll toplines compiled from "
                 "the Roper Center iPoll archive",
        licence="compilation free for research use with citation; poll toplines as published "
                "by the Roper Center",
        homepage="https://ropercenter.cornell.edu/", source_id="us-opinion-nato",
        first_year=1974, last_year=2020, criteria=("political_support",),
        indicators=("us_public_support_nato",), files=("us-public-support-nato*.csv",),
        bundled="nato_opinion.csv",
        caveats=_t("Question wording differs between polls; the yearly value is the mean of "
                   "the general-public polls of that year.",
                   "Die Fragestellung unterscheidet sich zwischen Umfragen; der Jahreswert ist "
                   "der Mittelwert der Bevölkerungsumfragen des Jahres.")),
)}


class UnknownDataset(UsageError, KeyError):
    """A data set name that is not in the registry."""

    def __str__(self) -> str:
        return (f"unknown data set '{self.args[0]}'; known: {', '.join(REGISTRY)} "
                f"(see 'alliance datasets list')")


def get(name: str) -> Dataset:
    key = name.strip().lower().replace("-", "_")
    if key not in REGISTRY:
        raise UnknownDataset(name)
    return REGISTRY[key]


#: Every indicator id the data sets write, with its unit (indicator_values.unit).
INDICATOR_UNITS: dict[str, str] = {
    "unga_ideal_point_distance": "ideal_point_distance",
    "unga_agreement": "share",
    "us_troops": "persons",
    "milex_share_gdp": "percent_gdp",
    "us_arms_tiv": "tiv_million",
    "exercises_joint": "events",
    "us_support_signals": "signal_types",
    "pew_fav_usa": "percent",
    "pew_fav_chn": "percent",
    "pew_fav_jpn": "percent",
    "us_public_support_nato": "percent",
}


__all__ = ["ALLIANCE_STATES", "ATOP_IDS", "EXTRACT_COUNTRIES", "INDICATOR_UNITS", "REGISTRY",
           "Dataset", "UnknownDataset", "get"]
