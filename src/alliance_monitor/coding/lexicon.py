"""Action lexicon, alliance topics and markers (negation, hedges, attribution) per language.

All words live in ``coding/data/actions.yaml`` and ``coding/data/topics.yaml``; this module
compiles them into a few combined regular expressions per language, so a document is scanned
once per kind of thing rather than once per word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from alliance_monitor.coding.gazetteer import data_dir
from alliance_monitor.errors import CodingError
from alliance_monitor.ingest.text import LATIN
from alliance_monitor.model import PLOVER_CATEGORIES

LANGS = ("en", "de", "ko", "ja")
QUAD = {"AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1, "COOPERATE": 2, "AID": 2,
        "RETREAT": 2, "REQUEST": 3, "ACCUSE": 3, "REJECT": 3, "THREATEN": 3, "PROTEST": 4,
        "SANCTION": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4}
#: What a negated deed means ("not attending" is skipping); deeds missing here are dropped.
NEGATED = {"attend": "skip", "meet": "skip", "visit": "skip", "call": "skip", "host": "skip",
           "agree": "reject", "pledge": "reject", "decide": "reject", "statement": "reject",
           "support": "reject", "cooperate": "reject", "strengthen": "reject",
           "restore": "reject", "deploy": "renounce", "increase": "reject", "aid": "reject",
           "concede": "reject", "demand": None, "skip": "attend", "reject": None,
           "substitute": None, "rebuff": None}


class LexiconError(CodingError):
    """A lexicon data file is malformed."""


@dataclass(frozen=True)
class Deed:
    id: str
    category: str
    polarity: int
    mode: str | None = None
    symmetric: bool = False
    governs: bool = False
    agentless: bool = False
    needs_topic: bool = False
    modal_ok: bool = False
    reverse: bool = False
    yields: bool = False
    object_first: bool = False
    aim: bool = False

    @property
    def quad(self) -> int:
        return QUAD[self.category]


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    key: str          # deed id or topic id
    weak: bool = False


@dataclass
class Topic:
    id: str
    default_target: str | None = None


@dataclass
class LanguageLexicon:
    lang: str
    triggers: re.Pattern[str]
    group_keys: dict[str, tuple[str, bool]]
    topics: dict[str, re.Pattern[str]]
    topic_scan: re.Pattern[str] | None
    topic_keys: dict[str, str]
    markers: dict[str, re.Pattern[str]]
    cues: dict[str, re.Pattern[str]]

    def find_triggers(self, norm: str) -> list[Hit]:
        hits = self._scan(norm, 0, len(norm))
        nested: list[Hit] = []
        for h in hits:  # a long pattern ("sich gegen Trumps Forderungen … behaupten") may hold
            if h.end - h.start > 20:  # another deed; find it too
                nested.extend(n for n in self._scan(norm, h.start + 1, h.end)
                              if n.key != h.key and n.end <= h.end)
        if nested:
            hits = sorted({*hits, *nested}, key=lambda x: (x.start, x.end))
        return hits

    def _scan(self, norm: str, start: int, end: int) -> list[Hit]:
        hits = []
        for m in self.triggers.finditer(norm, start, end):
            key = m.lastgroup
            if key is None:
                continue
            deed, weak = self.group_keys[key]
            inner = m.span(key)
            hits.append(Hit(inner[0], inner[1], deed, weak))
        return hits

    def find_topics(self, norm: str) -> list[Hit]:
        """All topic words in one pass: a lookahead per topic, so topics may overlap."""
        hits: list[Hit] = []
        if self.topic_scan is None:
            return hits
        for m in self.topic_scan.finditer(norm):
            key = m.lastgroup
            if key is not None:
                start, end = m.span(key)
                hits.append(Hit(start, end, self.topic_keys[key]))
        return hits

    def marker(self, kind: str) -> re.Pattern[str] | None:
        return self.markers.get(kind)

    def cue(self, kind: str) -> re.Pattern[str] | None:
        return self.cues.get(kind)


@dataclass
class Lexicon:
    deeds: dict[str, Deed]
    languages: dict[str, LanguageLexicon]
    topics: dict[str, Topic]
    recategorize: list[dict[str, Any]] = field(default_factory=list)

    def language(self, lang: str | None) -> LanguageLexicon:
        return self.languages.get(lang or "en") or self.languages["en"]

    def recategorized(self, deed: str, topics: set[str]) -> str:
        for rule in self.recategorize:
            if deed in rule["deeds"] and topics & set(rule.get("topics", [])) and \
                    not topics & set(rule.get("not_topics", [])):
                return str(rule["deed"])
        return deed


def first_chars(pattern: str) -> set[str] | None:
    """Characters a match of ``pattern`` can start with, or None when that is not simple."""
    import re._parser as sre_parse  # Python >= 3.11 (the project's minimum)
    try:
        parsed = sre_parse.parse(pattern)
    except re.error:
        return None
    return _first(list(parsed))


def _first(items: list[Any]) -> set[str] | None:
    out: set[str] = set()
    for op, av in items:
        name = str(op)
        if name == "LITERAL":
            out.add(chr(av))
            return out
        if name == "IN":
            for sub_op, sub_av in av:
                if str(sub_op) == "LITERAL":
                    out.add(chr(sub_av))
                elif str(sub_op) == "RANGE" and sub_av[1] - sub_av[0] < 400:
                    out.update(chr(c) for c in range(sub_av[0], sub_av[1] + 1))
                else:
                    return None
            return out
        if name == "BRANCH":
            for branch in av[1]:
                sub = _first(list(branch))
                if sub is None:
                    return None
                out |= sub
            return out
        if name == "SUBPATTERN":
            sub = _first(list(av[-1]))
            if sub is None:
                return None
            return out | sub
        if name in ("MAX_REPEAT", "MIN_REPEAT"):
            lo, _hi, body = av
            sub = _first(list(body))
            if sub is None:
                return None
            out |= sub
            if lo > 0:
                return out
            continue  # optional: the next item may start the match too
        if name in ("ASSERT", "ASSERT_NOT", "AT"):
            continue
        return None
    return None


def _prefilter(patterns: list[str]) -> str:
    """A lookahead on the possible first characters: most positions fail at once."""
    chars: set[str] = set()
    for p in patterns:
        f = first_chars(p)
        if f is None:
            return ""
        chars |= f
    if not chars or len(chars) > 3000:
        return ""
    body = "".join(re.escape(c) for c in sorted(chars))
    return f"(?=[{body}])"


def _boundary(lang: str, body: str) -> str:
    if lang in ("en", "de"):
        return rf"(?<![{LATIN}])(?:{body})(?![{LATIN}])"
    return f"(?:{body})"


def _load(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise LexiconError(f"{path}: cannot read lexicon data: {exc}") from exc


def _compile(pattern: str, where: str) -> str:
    try:
        re.compile(pattern)
    except re.error as exc:
        raise LexiconError(f"{where}: bad pattern {pattern!r}: {exc}") from exc
    return pattern


def load_lexicon(directory: Path | None = None) -> Lexicon:
    folder = directory or data_dir()
    actions = _load(folder / "actions.yaml")
    topics_doc = _load(folder / "topics.yaml")
    deeds: dict[str, Deed] = {}
    for did, spec in (actions.get("deeds") or {}).items():
        if spec.get("category") not in PLOVER_CATEGORIES:
            raise LexiconError(f"actions.yaml: deed '{did}' has category {spec.get('category')!r}; "
                               f"use one of {PLOVER_CATEGORIES}")
        deeds[did] = Deed(id=did, **spec)
    deeds.setdefault("renounce", Deed("renounce", "CONCEDE", -1))
    topics = {tid: Topic(tid, spec.get("default_target"))
              for tid, spec in (topics_doc.get("topics") or {}).items()}
    languages: dict[str, LanguageLexicon] = {}
    for lang in LANGS:
        table = actions.get(lang) or {}
        parts: list[str] = []
        keys: dict[str, tuple[str, bool]] = {}
        every: list[str] = []
        # strong triggers first: at one position a verb beats a noun
        ordered = sorted(table.items(), key=lambda kv: kv[0].endswith("/weak"))
        for n, (key, patterns) in enumerate(ordered):
            deed, _, flag = key.partition("/")
            if deed not in deeds:
                raise LexiconError(f"actions.yaml: {lang}.{key}: unknown deed '{deed}'")
            body = "|".join(_compile(p, f"actions.yaml {lang}.{key}")
                            for p in sorted(patterns, key=len, reverse=True))
            every.extend(patterns)
            group = f"g{n}"
            keys[group] = (deed, flag == "weak")
            parts.append(f"(?P<{group}>{body})")
        alternation = "|".join(parts) or "(?!)"
        if lang in ("en", "de"):  # one word-boundary check for all deeds, hoisted
            triggers = re.compile(
                rf"(?<![{LATIN}]){_prefilter(every)}(?:{alternation})(?![{LATIN}])")
        else:
            triggers = re.compile(f"{_prefilter(every)}(?:{alternation})")
        topic_rx = {}
        topic_bodies = {}
        all_topic_pats: list[str] = []
        for tid, spec in (topics_doc.get("topics") or {}).items():
            pats = spec.get(lang) or []
            if pats:
                body = "|".join(_compile(p, f"topics.yaml {tid}.{lang}") for p in pats)
                topic_rx[tid] = re.compile(_boundary(lang, body))
                topic_bodies[tid] = body
                all_topic_pats.extend(pats)
        topic_keys = {f"t{i}": tid for i, tid in enumerate(topic_bodies)}
        latin = lang in ("en", "de")
        end = f"(?![{LATIN}])" if latin else ""
        alts = "|".join(f"(?=(?P<t{i}>(?:{body}){end}))"
                        for i, body in enumerate(topic_bodies.values()))
        head = (f"(?<![{LATIN}])" if latin else "") + _prefilter(all_topic_pats)
        topic_scan = re.compile(f"{head}(?:{alts})") if topic_bodies else None
        markers = {}
        for kind, pats in ((actions.get("markers") or {}).get(lang) or {}).items():
            body = "|".join(_compile(p, f"actions.yaml markers.{lang}.{kind}") for p in pats)
            markers[kind] = re.compile(_boundary(lang, body))
        cues = {}
        for kind, per_lang in (topics_doc.get("cues") or {}).items():
            pats = per_lang.get(lang) or []
            if pats:
                body = "|".join(_compile(p, f"topics.yaml cues.{kind}.{lang}")
                                for p in sorted(pats, key=len, reverse=True))
                cues[kind] = re.compile(_boundary(lang, body))
        languages[lang] = LanguageLexicon(lang, triggers, keys, topic_rx, topic_scan,
                                          topic_keys, markers, cues)
    for rule in actions.get("recategorize") or []:
        for d in [*rule.get("deeds", []), rule.get("deed")]:
            if d not in deeds:
                raise LexiconError(f"actions.yaml: recategorize names unknown deed '{d}'")
    return Lexicon(deeds, languages, topics, list(actions.get("recategorize") or []))


@lru_cache(maxsize=4)
def default_lexicon() -> Lexicon:
    return load_lexicon()
