"""docs/coding.md cannot fall behind the data: every signal rule and deed is explained there,
and the methodology entries it recommends are valid and run."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from alliance_monitor.assess.kinds import KINDS, load_plugins
from alliance_monitor.assess.methodology import IndicatorSpec
from alliance_monitor.coding.lexicon import default_lexicon
from alliance_monitor.coding.signals import default_rules
from alliance_monitor.model import PLOVER_CATEGORIES

DOC = (Path(__file__).resolve().parents[1] / "docs" / "coding.md").read_text(encoding="utf-8")


def test_every_signal_rule_is_in_the_table() -> None:
    for rule in default_rules().rules:
        assert f"| `{rule.id}` |" in DOC, f"docs/coding.md does not list rule {rule.id}"
        assert rule.explain["en"] in DOC, f"explanation of {rule.id} differs from signals.yaml"


def test_every_deed_and_category_is_in_the_lexicon_table() -> None:
    table = DOC[DOC.index("| deed | category"):DOC.index("Flags:")]
    deeds = default_lexicon().deeds
    for deed in deeds:
        assert re.search(rf"\b{deed}\b", table), f"deed {deed} missing from docs/coding.md"
    assert {d.category for d in deeds.values()} == set(PLOVER_CATEGORIES)
    for category in PLOVER_CATEGORIES:
        assert category in table


def test_recommended_methodology_entries_are_valid() -> None:
    block = re.search(r"Recommended methodology entries.*?```yaml\n(.*?)```", DOC, re.S)
    assert block, "docs/coding.md lost its methodology snippet"
    specs = [IndicatorSpec.model_validate(item) for item in yaml.safe_load(block.group(1))]
    load_plugins()
    assert {s.kind for s in specs} == {"news_signals"}
    assert "news_signals" in KINDS
    assert {s.params["criterion"] for s in specs} == {"alignment", "contributions",
                                                      "political_support"}
