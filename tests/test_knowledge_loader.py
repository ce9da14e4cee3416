"""The knowledge-base loader: the bundled data load, and malformed files fail as a whole."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alliance_monitor.knowledge import KnowledgeError, load
from alliance_monitor.knowledge.loader import default_data_dir

BASE = """
sources:
  - {id: src, title: A study, kind: study}
units:
  - {id: persons, dimension: count, description: people}
  - {id: percent, dimension: percent, description: per cent}
attributes:
  - id: troops
    dimension: count
    description: {en: troops, de: Soldaten}
actors:
  - {id: USA, kind: state, name: {en: USA, de: USA}}
  - {id: JPN, kind: state, name: {en: Japan, de: Japan}}
"""


def write(tmp_path: Path, text: str, name: str = "kb.yaml") -> Path:
    (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def fact(**over: object) -> str:
    fields = {"id": "jpn.troops", "subject": "JPN", "attribute": "troops", "value": "55300",
              "unit": "persons", "valid_from": "2020-01-01", "source": "{ref: src, page: 9}"}
    fields.update({k: str(v) for k, v in over.items()})
    body = "\n".join(f"    {k}: {v}" for k, v in fields.items() if v != "None")
    return f"facts:\n  - {body.strip()}\n"


def test_bundled_knowledge_base_loads() -> None:
    kb = load()
    assert {"USA-JPN", "USA-KOR", "JPN-KOR", "USA-JPN-KOR", "NATO-IP4"} <= set(kb.alliances)
    assert all(f.source.ref in kb.sources for f in kb.facts.values())


def test_valid_minimal_file_loads(tmp_path: Path) -> None:
    kb = load([write(tmp_path, BASE + fact())])
    assert kb.facts["jpn.troops"].value == 55300


@pytest.mark.parametrize(("change", "expected"), [
    ({"source": "None"}, "source: Field required"),
    ({"source": "{ref: nowhere}"}, "unknown source 'nowhere'"),
    ({"subject": "XYZ"}, "unknown subject 'XYZ'"),
    ({"valid_from": "2021-02-30"}, "valid_from"),
    ({"unit": "percent"}, "unit mismatch"),
    ({"attribute": "troopz"}, "unregistered attribute 'troopz'"),
    ({"value": "many"}, "is not a number"),
    ({"valid_to": "2019-01-01"}, "valid_to (2019-01-01) is before valid_from"),
])
def test_malformed_fact_names_file_key_and_fix(tmp_path: Path, change: dict[str, str],
                                               expected: str) -> None:
    with pytest.raises(KnowledgeError) as info:
        load([write(tmp_path, BASE + fact(**change))])
    message = str(info.value)
    assert "kb.yaml" in message and "[jpn.troops]" in message and "fix:" in message
    assert expected in message


def test_duplicate_key_across_files_fails(tmp_path: Path) -> None:
    write(tmp_path, BASE + fact(), "a.yaml")
    write(tmp_path, fact(), "b.yaml")
    with pytest.raises(KnowledgeError, match=r"b.yaml: \[jpn.troops\] duplicate facts key"):
        load([tmp_path])


def test_unknown_actor_in_alliance_fails(tmp_path: Path) -> None:
    text = BASE + """
alliances:
  - id: USA-XXX
    name: {en: x, de: x}
    members: [USA, XXX]
    kind: bilateral_alliance
    source: {ref: src}
"""
    with pytest.raises(KnowledgeError, match="unknown member 'XXX'"):
        load([write(tmp_path, text)])


def test_one_bad_file_loads_nothing(tmp_path: Path) -> None:
    """All or nothing: a good bundled copy plus one broken file gives an error, no partial KB."""
    shutil.copytree(default_data_dir(), tmp_path / "data")
    (tmp_path / "data" / "zz_broken.yaml").write_text(fact(subject="NOPE"), encoding="utf-8")
    with pytest.raises(KnowledgeError) as info:
        load([tmp_path / "data"])
    assert len(info.value.problems) >= 1
    assert all(p.file == "zz_broken.yaml" for p in info.value.problems)


def test_unknown_section_and_bad_yaml(tmp_path: Path) -> None:
    write(tmp_path, "gadgets: []\n", "a.yaml")
    write(tmp_path, "facts: [\n", "b.yaml")
    with pytest.raises(KnowledgeError) as info:
        load([tmp_path])
    text = str(info.value)
    assert "a.yaml: [gadgets] unknown section" in text and "b.yaml" in text


numbers = st.integers(min_value=0, max_value=10**9)


@settings(max_examples=40, deadline=None)
@given(value=numbers, year=st.integers(min_value=1946, max_value=2030),
       span=st.integers(min_value=0, max_value=3000))
def test_property_valid_facts_round_trip(tmp_path_factory: pytest.TempPathFactory, value: int,
                                         year: int, span: int) -> None:
    """Any well-formed count fact loads and keeps its value and dates."""
    import datetime as dt

    start = dt.date(year, 1, 1)
    end = start + dt.timedelta(days=span)
    folder = tmp_path_factory.mktemp("kb")
    kb = load([write(folder, BASE + fact(value=value, valid_to=end.isoformat(),
                                         valid_from=start.isoformat()))])
    f = kb.facts["jpn.troops"]
    assert (f.value, f.valid_from, f.valid_to) == (value, start, end)


@settings(max_examples=40, deadline=None)
@given(field=st.sampled_from(["subject", "attribute", "unit", "source"]),
       junk=st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=3, max_size=12))
def test_property_corrupted_reference_always_fails(tmp_path_factory: pytest.TempPathFactory,
                                                   field: str, junk: str) -> None:
    """Replacing any reference with an unknown name fails and names the key."""
    value = f"{{ref: {junk}}}" if field == "source" else junk.upper() if field == "subject" \
        else junk
    if value in ("USA", "JPN", "troops", "persons", "src") or (
            field == "source" and junk == "src"):
        return
    folder = tmp_path_factory.mktemp("kb")
    with pytest.raises(KnowledgeError, match=r"\[jpn.troops\]"):
        load([write(folder, BASE + fact(**{field: value}))])
