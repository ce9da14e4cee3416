"""Alliance-signal rules (``coding/data/signals.yaml``): event -> (alliance, criterion, direction).

The rules are data; this module resolves which alliance an event concerns and checks a rule's
conditions. The first matching rule wins, so an event carries at most one signal.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from alliance_monitor.coding.gazetteer import data_dir
from alliance_monitor.coding.kb import alliance_members
from alliance_monitor.errors import CodingError
from alliance_monitor.model import CRITERIA, Signal


class RuleError(CodingError):
    """The signal rules file is malformed."""


@dataclass(frozen=True)
class Candidate:
    """What the rules see of an event."""

    deed: str
    source: str
    target: str | None
    topics: frozenset[str]
    actors: frozenset[str]          # every actor named in the sentence (and its pair context)
    joint: bool                     # the allies speak together
    doc_actors: Counter[str] = field(default_factory=Counter)
    group: frozenset[str] = frozenset()   # the actors acting together (source side, compound)


@dataclass(frozen=True)
class Rule:
    id: str
    explain: dict[str, str]
    criterion: str
    direction: int
    deeds: frozenset[str] = frozenset()
    topics: frozenset[str] = frozenset()
    not_topics: frozenset[str] = frozenset()
    source: Any = "any"
    target: Any = "any"
    joint: bool = False
    #: only a deed of one side (not the allies speaking together): a joint criticism is aimed
    #: at a third party even where the sentence does not name it (coder v8)
    solo: bool = False
    alliance: str = "auto"
    partner: str | None = None
    target_if_mentioned: dict[str, Any] | None = None


@dataclass(frozen=True)
class Outcome:
    signal: Signal
    rule: str
    target: str | None  # the target after the rule's conventions


@dataclass
class SignalRules:
    rules: list[Rule]
    groups: dict[str, frozenset[str]]
    group_pairs: dict[str, tuple[str, str]]
    topic_alliances: dict[str, str]
    members: dict[str, tuple[str, ...]]

    def apply(self, cand: Candidate) -> Outcome | None:
        for rule in self.rules:
            outcome = self._try(rule, cand)
            if outcome is not None:
                return outcome
        return None

    def _try(self, rule: Rule, cand: Candidate) -> Outcome | None:
        if rule.deeds and cand.deed not in rule.deeds:
            return None
        if rule.topics and not (rule.topics & cand.topics):
            return None
        if rule.not_topics & cand.topics:
            return None
        if (rule.joint and not cand.joint) or (rule.solo and cand.joint):
            return None
        alliance = rule.alliance if rule.alliance != "auto" else self.resolve(cand, rule.partner)
        if alliance is None or alliance not in self.members:
            return None
        members = set(self.members[alliance])
        if alliance == "NATO-IP4":
            members |= {"IP4"}
        if not self._actor_ok(rule.source, cand.source, members, None):
            return None
        target = cand.target
        conv = rule.target_if_mentioned
        if conv and set(conv.get("topics", [])) & cand.topics and \
                cand.source in conv.get("source", [cand.source]) and \
                conv["target"] in cand.doc_actors:
            target = conv["target"]
        if not self._actor_ok(rule.target, target, members, cand.source):
            return None
        signal = Signal.model_validate({"alliance": alliance, "criterion": rule.criterion,
                                        "direction": rule.direction})
        return Outcome(signal, rule.id, target)

    def _actor_ok(self, spec: Any, actor: str | None, members: set[str],
                  source: str | None) -> bool:
        if spec in (None, "any"):
            return True
        if spec == "none":
            return actor is None
        if actor is None:
            return False
        if spec == "ally":
            return actor in members and actor != source
        if spec == "outsider":
            return actor not in members
        if isinstance(spec, str):
            return actor in self.groups.get(spec, frozenset({spec}))
        return actor in spec

    def resolve(self, cand: Candidate, partner: str | None) -> str | None:
        """The alliance an event concerns, from its actors, the sentence and the topics."""
        src, tgt = cand.source, cand.target
        nato_ctx = bool({"NATO", "IP4"} & (cand.actors | {src, tgt or ""}))
        cands = [a for a, m in self.members.items() if src in m and (a != "NATO-IP4" or nato_ctx)]
        if not cands:
            return None
        own = set(cand.group) | {src} | ({tgt} if tgt else set())
        present = set(cand.actors) | own
        trilateral = {"USA", "JPN", "KOR"} <= own or "military_alliance" in cand.topics
        if "IP4" in cand.actors and "NATO-IP4" in cands:
            return "NATO-IP4"  # the four partners acting together only exist as NATO's partners
        if tgt:
            both = [a for a in cands if tgt in self.members[a]]
            if both:
                return self._prefer(both, present, trilateral)
        for topic in sorted(cand.topics):
            hinted = self.topic_alliances.get(topic)
            if hinted in cands and (hinted != "NATO-IP4" or nato_ctx):
                others_h = (set(self.members[hinted]) - {src}) & present
                if others_h or hinted != "USA-JPN-KOR":
                    return hinted
        if partner and src != partner and (src, partner) != (None, None):
            pair = sorted((src, partner))
            found = next((a for a in cands if sorted(self.members[a]) == pair), None)
            if found:
                return found
        others = present - {src} - self.groups.get("outsiders", frozenset())
        scored = [(len(set(self.members[a]) & others), a) for a in cands]
        scored = [(n, a) for n, a in scored if n > 0]
        if scored:
            best = max(n for n, _ in scored)
            return self._prefer([a for n, a in scored if n == best], present, trilateral)
        if partner:
            if src == partner:
                allies = [a for a in cand.doc_actors.most_common() if a[0] in ("JPN", "KOR")]
                if allies:
                    pair = sorted((src, allies[0][0]))
                    return next((a for a in cands if sorted(self.members[a]) == pair), None)
                return None
            pair = sorted((src, partner))
            return next((a for a in cands if sorted(self.members[a]) == pair), None)
        return None

    def _prefer(self, alliances: list[str], present: set[str], trilateral: bool) -> str:
        full = [a for a in alliances if set(self.members[a]) <= present]
        if trilateral:
            tri = [a for a in full if len(self.members[a]) == 3]
            if tri:
                return tri[0]
        pool = full or alliances
        return min(pool, key=lambda a: (len(self.members[a]) if a != "NATO-IP4" else 9, a))


def _as_set(value: Any) -> frozenset[str]:
    if value is None:
        return frozenset()
    if isinstance(value, str):
        return frozenset({value})
    return frozenset(str(v) for v in value)


def load_rules(path: Path | None = None) -> SignalRules:
    target = path or data_dir() / "signals.yaml"
    try:
        doc = yaml.safe_load(target.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise RuleError(f"{target}: cannot read signal rules: {exc}") from exc
    members = alliance_members()
    rules = []
    seen = set()
    for i, spec in enumerate(doc.get("rules") or []):
        rid = spec.get("id") or f"rule {i + 1}"
        if rid in seen:
            raise RuleError(f"{target.name}: rule id '{rid}' used twice")
        seen.add(rid)
        if spec.get("criterion") not in CRITERIA:
            raise RuleError(f"{target.name}: rule '{rid}': criterion must be one of {CRITERIA}")
        if spec.get("direction") not in (1, -1):
            raise RuleError(f"{target.name}: rule '{rid}': direction must be 1 or -1")
        alliance = spec.get("alliance", "auto")
        if alliance != "auto" and alliance not in members:
            raise RuleError(f"{target.name}: rule '{rid}': unknown alliance '{alliance}'")
        explain = spec.get("explain") or {}
        if not explain.get("en") or not explain.get("de"):
            raise RuleError(f"{target.name}: rule '{rid}' needs an explanation in en and de")
        src, tgt = spec.get("source", "any"), spec.get("target", "any")
        rules.append(Rule(
            id=rid, explain=explain, criterion=spec["criterion"], direction=spec["direction"],
            deeds=_as_set(spec.get("deeds")), topics=_as_set(spec.get("topics")),
            not_topics=_as_set(spec.get("not_topics")),
            source=tuple(src) if isinstance(src, list) else src,
            target=tuple(tgt) if isinstance(tgt, list) else tgt,
            joint=bool(spec.get("joint", False)), solo=bool(spec.get("solo", False)),
            alliance=alliance,
            partner=spec.get("partner"), target_if_mentioned=spec.get("target_if_mentioned")))
    groups = {k: frozenset(v) for k, v in (doc.get("groups") or {}).items()}
    pairs = {k: (v[0], v[1]) for k, v in (doc.get("group_pairs") or {}).items()}
    return SignalRules(rules, groups, pairs, dict(doc.get("topic_alliances") or {}), members)


@lru_cache(maxsize=4)
def default_rules() -> SignalRules:
    return load_rules()
