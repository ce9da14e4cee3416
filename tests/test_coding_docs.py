"""docs/coding.md cannot fall behind the data: every signal rule and deed is explained there,
and the methodology entries it recommends are valid and run."""

from __future__ import annotations

import re
from pathlib import Path

from alliance_monitor.assess.kinds import KINDS
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


def test_methodology_reads_news_for_every_criterion_and_fear() -> None:
    from alliance_monitor.assess import load_methodology

    m = load_methodology()
    measures = {i.params["measure"] for b in m.blocks().values() for i in b.indicators
                if i.kind == "signals"}
    assert measures == {"alignment", "contributions", "political_support", "abandonment",
                        "entrapment"}
    assert "signals" in KINDS
