"""Noise rules for machine-coded event rows, applied on import and explained by ``gdelt report``.

Each GDELT row gets the name of the *first* rule that removes it (column ``noise``; NULL = kept).
Rows are never deleted: the rules decide what enters the alliance series, and an analyst can
always look at what was removed. Rules, in order (docs/gdelt.md shows their effect on a real
15-minute file):

1. ``exact_duplicate`` — same article URL, actor codes, event code and date as an earlier row,
   and every other field equal too.
2. ``near_duplicate`` — same URL, actor codes, event code and date, other fields differ
   (GDELT coded the same sentence-level event twice from one article).
3. ``superseded_v1`` — a GDELT 1.0 row dated after GDELT 2.0 started (2015-02-19): the same
   news is in the 2.0 stream, counting both would double it.
4. ``backdated`` — the event date lies exactly 30 or 365 days before the date GDELT added it:
   the coder resolved "last month" / "last year" to a guessed date, not a reported one.
5. ``off_topic:<beat>`` — the source is not political reporting: its address names a
   non-political beat (markets notes, press-release wires, fashion and lifestyle, motoring,
   sport, entertainment, company news) and nothing in its path names a political one.
   Ticker-style stock-note addresses are off topic even with political words.
6. ``no_actor`` — an actor has no country (or NATO) code, so the row has no dyad.
7. ``non_state`` — an actor is not state-level: allowed are the bare country and the CAMEO
   types government, military, legislature, judiciary and intelligence (key officials are coded
   GOV), and NATO; companies (MNC, BUS), media, civilians, ethnic or religious groups are not.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from alliance_monitor.ingest.cameo import LEGACY_COUNTRIES

RULES = ("exact_duplicate", "near_duplicate", "superseded_v1", "backdated", "off_topic",
         "no_actor", "non_state")
STATE_TYPES = ("GOV", "MIL", "LEG", "JUD", "SPY")
BACKDATE_LAGS = (30, 365)
GDELT2_START = dt.date(2015, 2, 19)
NATO_GROUP = "NAT"  # CAMEO known-group code of NATO (actor code IGOWSTNAT)


@dataclass(frozen=True)
class Beat:
    """A non-political news beat recognised from a source address."""

    name: str
    hosts: tuple[str, ...] = ()          # exact host labels (``espn`` in ``www.espn.com``)
    host_prefixes: tuple[str, ...] = ()  # label prefixes (``auto`` in ``autoworldnews.com``)
    sections: tuple[str, ...] = ()       # whole path segments (``/sports/``)
    words: tuple[str, ...] = ()          # words or hyphenated phrases anywhere in the path
    hard: tuple[str, ...] = ()           # regexes on the path no political word can override


BEATS: tuple[Beat, ...] = (
    Beat("markets",
         hosts=("tickerreport", "marketbeat", "zacks", "fool", "benzinga", "seekingalpha",
                "stocknewstimes", "investing"),
         host_prefixes=("stock",),
         sections=("stocks", "investing", "personal-finance", "earnings", "markets"),
         words=("etf", "etfs", "shares-of", "stake-in", "position-in", "holdings-in",
                "price-target", "dividend", "dividends", "earnings-per-share", "short-interest",
                "stock-price", "analyst-rating", "quarterly-earnings", "insider-selling",
                "insider-buying", "nasdaq", "nyse"),
         # Ticker suffixes of auto-generated stock notes: ...-nysearcaewy.html, ...-nasdaqaapl
         hard=(r"(^|[^a-z0-9])(nasdaq|nyse|nysearca|nysemkt|nyseamerican|otcmkts|batsbzx)"
               r"[a-z]{1,5}([^a-z0-9]|$)",)),
    Beat("press_release",
         hosts=("prnewswire", "businesswire", "globenewswire", "accesswire", "einpresswire",
                "prweb", "openpr", "comunicati", "comunicatistampa", "pressebox", "prlog",
                "newswire")),
    Beat("fashion_lifestyle",
         hosts=("vogue", "glamour", "cosmopolitan", "harpersbazaar", "elle", "wwd"),
         host_prefixes=("fashion", "beauty"),
         sections=("fashion", "moda", "mode", "style", "beauty", "lifestyle", "life-style",
                   "living", "celebrity", "celebrities", "gossip", "horoscope", "horoscopes",
                   "weddings", "recipes", "food", "food-drink", "travel"),
         words=("fashion-week", "red-carpet", "runway", "makeup", "skincare", "horoscope",
                "recipe", "recipes", "collezione", "sfilata")),
    Beat("motoring",
         hosts=("cars", "carscoops", "caranddriver", "topgear", "jalopnik", "wheels"),
         host_prefixes=("auto", "motor"),
         sections=("auto", "autos", "cars", "motoring", "motori", "motor", "wheels",
                   "automotive", "car-reviews"),
         words=("suv", "suvs", "sedan", "hatchback", "motor-show", "auto-show", "motorshow",
                "test-drive", "car-review", "horsepower")),
    Beat("sport",
         hosts=("espn", "skysports", "foxsports", "cbssports", "bleacherreport", "goal", "nba",
                "nfl", "mlb", "nhl", "fifa", "uefa", "cricbuzz"),
         host_prefixes=("sport",),
         sections=("sport", "sports", "football", "soccer", "baseball", "basketball", "golf",
                   "tennis", "cricket", "rugby", "nba", "nfl", "mlb", "nhl", "f1", "motorsport",
                   "deportes", "calcio", "fussball", "esportes"),
         words=("box-score", "playoffs", "touchdown", "quarterback", "transfer-window")),
    Beat("entertainment",
         hosts=("variety", "hollywoodreporter", "deadline", "billboard", "bleedingcool",
                "comicbook", "ign", "gamespot", "kotaku", "soompi", "allkpop", "imdb", "ew"),
         sections=("entertainment", "showbiz", "music", "movies", "movie", "film", "films",
                   "tv-shows", "gaming", "games", "anime", "comics", "spettacoli",
                   "espectaculos", "unterhaltung"),
         words=("box-office", "trailer", "album", "kpop", "k-pop", "soundtrack",
                "season-finale")),
    Beat("company_news",
         sections=("aziende", "companies", "company-news", "corporate", "unternehmen",
                   "entreprises", "empresas")),
)

#: Words in a path that mark political reporting and keep a row a soft beat would remove.
POLITICAL_WORDS = (
    "politics", "political", "politica", "politico", "politik", "politique", "world",
    "diplomacy", "diplomatic", "defense", "defence", "military", "security", "foreign",
    "foreign-affairs", "government", "minister", "ministry", "summit", "alliance", "nato",
    "treaty", "sanction", "sanctions", "tariff", "tariffs", "trade-war", "nuclear", "missile",
    "missiles", "war", "election", "elections", "embassy", "parliament", "congress", "senate",
    "troops", "army", "navy", "geopolitics",
)


def _alternatives(items: tuple[str, ...]) -> str:
    return "|".join(re.escape(i).replace(r"\-", "[-_]").replace("-", "[-_]") for i in items)


def _words_regex(words: tuple[str, ...]) -> str:
    return rf"(^|[^a-z0-9])({_alternatives(words)})([^a-z0-9]|$)"


def _hosts_regex(beat: Beat) -> str | None:
    parts = []
    if beat.hosts:
        parts.append(rf"(^|\.)({_alternatives(beat.hosts)})\.")
    if beat.host_prefixes:
        parts.append(rf"(^|\.)({_alternatives(beat.host_prefixes)})[a-z0-9-]*\.")
    return "|".join(parts) or None


def _sections_regex(beat: Beat) -> str | None:
    return rf"(^|/)({_alternatives(beat.sections)})(/|$)" if beat.sections else None


def _sql_str(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def url_topic_sql(url: str) -> str:
    """SQL expression: the non-political beat of a source address, or NULL.

    The expression is evaluated by DuckDB on import (once per distinct address); the patterns
    are constants of this module, never user input.
    """
    u = f"lower(coalesce({url}, ''))"
    host = f"regexp_extract({u}, '^[a-z][a-z0-9+.-]*://([^/?#:]+)', 1)"
    path = f"regexp_extract({u}, '^[a-z][a-z0-9+.-]*://[^/?#]+([^?#]*)', 1)"
    political = f"regexp_matches({path}, {_sql_str(_words_regex(POLITICAL_WORDS))})"
    whens = []
    for beat in BEATS:
        for rx in beat.hard:
            whens.append(f"WHEN regexp_matches({path}, {_sql_str(rx)}) THEN '{beat.name}'")
    for beat in BEATS:
        tests = []
        hosts = _hosts_regex(beat)
        if hosts:
            tests.append(f"regexp_matches({host}, {_sql_str(hosts)})")
        sections = _sections_regex(beat)
        if sections:
            tests.append(f"regexp_matches({path}, {_sql_str(sections)})")
        if beat.words:
            tests.append(f"regexp_matches({path}, {_sql_str(_words_regex(beat.words))})")
        whens.append(f"WHEN NOT {political} AND ({' OR '.join(tests)}) THEN '{beat.name}'")
    return "CASE " + " ".join(whens) + " ELSE NULL END"


def country_sql(column: str) -> str:
    """SQL: a CAMEO country code in ISO3 form (legacy codes such as JAP mapped)."""
    cases = " ".join(f"WHEN {_sql_str(k)} THEN {_sql_str(v)}" for k, v in
                     LEGACY_COUNTRIES.items())
    return f"CASE {column} {cases} ELSE NULLIF(trim({column}), '') END"


def actor_id_sql(n: int) -> str:
    """SQL: the model actor id of GDELT actor ``n`` — NATO for the known group, else ISO3."""
    return (f"CASE WHEN actor{n}_known_group_code = '{NATO_GROUP}' THEN 'NATO' "
            f"ELSE {country_sql(f'actor{n}_country_code')} END")


def state_level_sql(n: int, actor: str) -> str:
    """SQL: actor ``n`` is state-level (bare country, GOV/MIL/LEG/JUD/SPY types, or NATO)."""
    allowed = ", ".join(_sql_str(t) for t in STATE_TYPES)
    p = f"actor{n}_"
    nato = f"{p}known_group_code = '{NATO_GROUP}'"

    def type_ok(col: str) -> str:
        return f"({col} IS NULL OR {col} IN ({allowed}) OR ({col} = 'IGO' AND {nato}))"

    return (f"({actor} IS NOT NULL AND {p}ethnic_code IS NULL AND {p}religion1_code IS NULL "
            f"AND ({p}known_group_code IS NULL OR {nato}) AND {type_ok(p + 'type1_code')} "
            f"AND {type_ok(p + 'type2_code')} AND {type_ok(p + 'type3_code')})")


def lag_days_sql() -> str:
    return "date_diff('day', event_date, CAST(date_added AS DATE))"


def row_rules_sql(topic: str) -> str:
    """SQL CASE for the rules that look at one row only (3–7), given the topic expression."""
    lags = ", ".join(str(x) for x in BACKDATE_LAGS)
    return (
        f"CASE WHEN gdelt_version = 1 AND event_date >= DATE '{GDELT2_START.isoformat()}' "
        f"THEN 'superseded_v1' "
        f"WHEN {lag_days_sql()} IN ({lags}) THEN 'backdated' "
        f"WHEN {topic} IS NOT NULL THEN 'off_topic:' || {topic} "
        f"WHEN actor1 IS NULL OR actor2 IS NULL THEN 'no_actor' "
        f"WHEN NOT ({state_level_sql(1, 'actor1')} AND {state_level_sql(2, 'actor2')}) "
        f"THEN 'non_state' ELSE NULL END")


def rule_of(noise: str | None) -> str | None:
    """The rule name of a stored noise value (``off_topic:sport`` → ``off_topic``)."""
    return None if noise is None else noise.split(":", 1)[0]


def url_topics(urls: list[str]) -> dict[str, str | None]:
    """The non-political beat of each source address (None = political or unknown), computed
    with the same SQL the import uses."""
    import duckdb

    with duckdb.connect() as con:
        rows = con.execute(f"SELECT u, {url_topic_sql('u')} FROM (SELECT unnest(?) AS u)",
                           [urls]).fetchall()
    return {u: topic for u, topic in rows}
