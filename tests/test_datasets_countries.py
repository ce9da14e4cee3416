"""The country-code normaliser: one place for COW, ISO3, FIPS 10-4, CAMEO and names."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from alliance_monitor.datasets import countries

CORE = {  # ISO3: (COW, FIPS, a name variant met in the data sets)
    "USA": (2, "US", "United States"),
    "JPN": (740, "JA", "Japan"),
    "KOR": (732, "KS", "Korea, South"),
    "PRK": (731, "KN", "North Korea"),
    "AUS": (900, "AS", "Australia"),
    "NZL": (920, "NZ", "New Zealand"),
    "DEU": (255, "GM", "Federal Republic of Germany"),
    "CHN": (710, "CH", "China"),
    "RUS": (365, "RS", "Russia"),
}


@pytest.mark.parametrize("iso3", sorted(CORE))
def test_core_countries_in_every_scheme(iso3: str) -> None:
    """The README's codes: COW USA=2, KOR=732, JPN=740; FIPS US, JA, KS, KN, AS, NZ."""
    cow, fips, name = CORE[iso3]
    assert countries.to_iso3(cow, "cow") == iso3
    assert countries.to_iso3(str(cow)) == iso3
    assert countries.to_iso3(fips, "fips") == iso3
    assert countries.to_iso3(fips) == iso3
    assert countries.to_iso3(iso3, "iso3") == iso3
    assert countries.to_iso3(iso3, "cameo") == iso3
    assert countries.to_iso3(name) == iso3
    assert countries.to_cow(iso3) == cow and countries.to_fips(iso3) == fips


def test_name_variants_from_the_data_sets() -> None:
    """Spellings the loaders meet: accents, '&', 'St.', parentheses, R's mangled names."""
    cases = {
        "Côte D’ivoire": "CIV", "Cote d'Ivoire": "CIV", "Ivory Coast": "CIV",
        "St. Kitts & Nevis": "KNA", "st. christopher": "KNA",
        "Micronesia (Federated States Of)": "FSM", "Myanmar (Burma)": "MMR",
        "Congo - Kinshasa": "COD", "DR Congo": "COD", "Congo": "COG",
        "Bosnia-Herzegovina": "BIH", "Viet Nam": "VNM", "UAE": "ARE", "NIger": "NER",
        "German Federal Republic (West Germany)": "DEU", "Hong Kong SAR China": "HKG",
        "Guam": "GUM", "Wake Island": "UMI",
    }
    for text, iso3 in cases.items():
        assert countries.to_iso3(text) == iso3, text


def test_cameo_and_other_codes() -> None:
    """CAMEO's ROM for Romania, the PLOVER gold standard's JAP, OWID's OWID_KOS, COW 260."""
    assert countries.to_iso3("ROM", "cameo") == "ROU"
    assert countries.to_iso3("JAP", "cameo") == "JPN"
    assert countries.to_iso3("OWID_KOS") == "XKX"
    assert countries.to_iso3(260, "cow") == "DEU"
    assert countries.to_cameo("ROU") == "ROM"


def test_missing_non_state_and_unknown_are_told_apart() -> None:
    """A loader skips 'NA' and territories silently but reports a name nobody knows."""
    assert countries.resolve("NA").status == "missing"
    assert countries.resolve("-9").status == "missing"
    assert countries.resolve("Azores").status == "non_state"
    assert countries.resolve("Eniwetok (J.T.F. 7").status == "non_state"
    assert countries.resolve("NATO").status == "non_state"
    res = countries.resolve("Atlantis")
    assert res.status == "unknown" and res.iso3 is None and not res.ok


def test_table_has_no_duplicates() -> None:
    """Every ISO3, COW number and FIPS code appears once (the index refuses duplicates)."""
    table = countries.all_countries()
    isos = [c.iso3 for c in table]
    cows = [c.cow for c in table if c.cow is not None]
    fips = [c.fips for c in table if c.fips]
    assert len(isos) == len(set(isos)) and len(cows) == len(set(cows))
    assert len(fips) == len(set(fips))
    with pytest.raises(KeyError, match="unknown ISO3 code 'XXX'"):
        countries.get("XXX")


@given(st.sampled_from(countries.all_countries()))
def test_every_country_round_trips(country: countries.Country) -> None:
    """Any code or name of a row resolves back to the row's ISO3."""
    assert countries.to_iso3(country.iso3, "iso3") == country.iso3
    assert countries.to_iso3(country.name, "name") == country.iso3
    assert countries.to_iso3(country.name.upper(), "name") == country.iso3
    if country.cow is not None:
        assert countries.to_iso3(country.cow, "cow") == country.iso3
    if country.fips:
        assert countries.to_iso3(country.fips, "fips") == country.iso3
    assert countries.to_iso3(country.cameo, "cameo") == country.iso3


@given(st.text(max_size=40))
def test_resolve_never_raises(text: str) -> None:
    """Arbitrary text from a file is a resolution result, never an exception."""
    res = countries.resolve(text)
    assert res.status in ("ok", "non_state", "missing", "unknown")
    assert (res.iso3 is not None) == (res.status == "ok")


@given(st.text(max_size=40))
def test_name_key_is_idempotent(text: str) -> None:
    key = countries.name_key(text)
    assert countries.name_key(key) == key
