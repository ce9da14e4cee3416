"""The coder's data files: they load, they are complete, and the persons the issue names are
in the gazetteer with offices that resolve on the right dates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from alliance_monitor.coding.gazetteer import data_dir, load_gazetteer
from alliance_monitor.coding.lexicon import LANGS, LexiconError, load_lexicon
from alliance_monitor.coding.signals import RuleError, load_rules
from alliance_monitor.ingest.text import normalize


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


def test_every_rule_is_explained_in_both_languages() -> None:
    rules = load_rules()
    assert len(rules.rules) >= 15
    for r in rules.rules:
        assert r.explain["en"] and r.explain["de"]


def test_lexicon_has_every_language_and_valid_categories() -> None:
    lex = load_lexicon()
    for lang in LANGS:
        assert lex.languages[lang].group_keys, lang
    assert {d.category for d in lex.deeds.values()} <= {
        "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
        "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}


def test_broken_data_is_refused_with_a_reason(tmp_path: Path) -> None:
    for name in ("actors.yaml", "person_aliases.yaml", "persons_other.yaml", "topics.yaml"):
        (tmp_path / name).write_text((data_dir() / name).read_text(encoding="utf-8"),
                                     encoding="utf-8")
    doc = yaml.safe_load((data_dir() / "actions.yaml").read_text(encoding="utf-8"))
    doc["deeds"]["meet"]["category"] = "MEET"
    (tmp_path / "actions.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True),
                                           encoding="utf-8")
    with pytest.raises(LexiconError, match="MEET"):
        load_lexicon(tmp_path)
    rules = yaml.safe_load((data_dir() / "signals.yaml").read_text(encoding="utf-8"))
    rules["rules"][0]["criterion"] = "loyalty"
    (tmp_path / "signals.yaml").write_text(yaml.safe_dump(rules, allow_unicode=True),
                                           encoding="utf-8")
    with pytest.raises(RuleError, match="criterion"):
        load_rules(tmp_path / "signals.yaml")


@pytest.mark.parametrize("name,day,state", [
    ("Barack Obama", "2012-05-01", "USA"), ("Donald Trump", "2019-06-30", "USA"),
    ("Joe Biden", "2023-08-18", "USA"), ("Antony Blinken", "2022-01-01", "USA"),
    ("Lloyd Austin", "2022-01-01", "USA"), ("Mike Pompeo", "2019-08-22", "USA"),
    ("Shinzo Abe", "2015-04-28", "JPN"), ("Fumio Kishida", "2023-07-12", "JPN"),
    ("Shigeru Ishiba", "2025-06-24", "JPN"), ("Taro Kono", "2019-08-22", "JPN"),
    ("Moon Jae-in", "2018-06-12", "KOR"), ("Yoon Suk Yeol", "2023-08-18", "KOR"),
    ("Lee Jae-myung", "2025-08-25", "KOR"), ("Kang Kyung-wha", "2017-10-30", "KOR"),
    ("Chung Eui-yong", "2018-03-08", "KOR"), ("Kim Jong Un", "2018-06-12", "PRK"),
    ("Xi Jinping", "2020-01-01", "CHN"), ("Vladimir Putin", "2024-06-19", "RUS"),
    ("Jens Stoltenberg", "2023-07-11", "NATO"), ("Mark Rutte", "2025-06-24", "NATO"),
    ("트럼프", "2025-06-24", "USA"), ("이재명", "2025-06-24", "KOR"), ("石破", "2025-06-24", "JPN"),
    ("岸田", "2023-07-12", "JPN"), ("기시다", "2023-03-16", "JPN"), ("尹錫悦", "2023-03-16", "KOR"),
])
def test_persons_resolve_to_their_state_while_in_office(gaz, name: str, day: str,
                                                        state: str) -> None:
    lang = "ko" if any("가" <= c <= "힣" for c in name) else \
        "ja" if any(ord(c) > 0x3000 for c in name) else "en"
    found = gaz.find(normalize(name), name, lang, dt.date.fromisoformat(day))
    assert [m.actors for m in found] == [(state,)]


@pytest.mark.parametrize("name,day", [("Donald Trump", "2022-06-01"),
                                      ("Shinzo Abe", "2021-01-01"),
                                      ("Moon Jae-in", "2023-01-01")])
def test_former_office_holders_are_not_their_state(gaz, name: str, day: str) -> None:
    assert gaz.find(normalize(name), name, "en", dt.date.fromisoformat(day)) == []


@pytest.mark.parametrize("text,lang,actors", [
    ("Pjöngjang reagierte", "de", [("PRK",)]), ("평양이 반발했다", "ko", [("PRK",)]),
    ("東京とソウル", "ja", [("JPN",), ("KOR",)]), ("청와대는 밝혔다", "ko", [("KOR",)]),
    ("Das Bundeskanzleramt teilte mit", "de", [("DEU",)]), ("官邸は", "ja", [("JPN",)]),
    ("the Korean Peninsula and the US Open", "en", []),
    ("한미일 정상", "ko", [("USA", "JPN", "KOR")]),
])
def test_capitals_institutions_compounds_and_lookalikes(gaz, text: str, lang: str,
                                                        actors: list) -> None:
    found = gaz.find(normalize(text), text, lang, dt.date(2024, 1, 1))
    assert [m.actors for m in found] == actors
