"""The actor gazetteer: states, capitals, demonyms, institutions, groups and persons in four
languages.

The gazetteer is data: ``coding/data/actors*.yaml`` (states, capitals, demonyms, institutions,
groups, compounds), the knowledge base's persons (``knowledge/data/persons*.yaml``) with extra
spellings from ``coding/data/person_aliases.yaml``, and ``coding/data/persons_other.yaml`` for
leaders of states the knowledge base does not hold. This module only loads it and finds
mentions. Persons resolve to the state (or organisation) whose office they hold *on the event
date*: a former president is not his state.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from alliance_monitor.errors import CodingError
from alliance_monitor.ingest.text import LATIN, is_latin_phrase, normalize, trie_pattern
from alliance_monitor.model import Actor

KINDS = ("name", "capital", "demonym", "institution")
LANGS = ("en", "de", "ko", "ja")


class GazetteerError(CodingError):
    """A gazetteer data file is malformed."""


@dataclass(frozen=True)
class Entry:
    actors: tuple[str, ...]            # fixed actor ids; empty for persons and ignore entries
    kind: str  # name | capital | demonym | institution | compound | person | titled | ignore
    persons: tuple[str, ...] = ()      # person ids (resolved by office on the date)
    host: str | None = None            # host state of stationed forces (USFK -> KOR)
    ambiguous: bool = False            # a bare common surname: needs context


@dataclass
class Mention:
    start: int
    end: int
    text: str
    actors: tuple[str, ...]
    kind: str
    person: str | None = None
    host: str | None = None

    @property
    def actor(self) -> str | None:
        return self.actors[0] if len(self.actors) == 1 else None


@dataclass
class PersonInfo:
    actor: Actor

    def office_on(self, day: dt.date | None) -> str | None:
        offices = self.actor.offices
        if not offices:
            return None
        if day is None:  # no date: the latest office is the best guess
            return max(offices, key=lambda o: o.start).of
        for o in offices:
            if o.holds_on(day):
                return o.of
        return None


@dataclass
class _Matcher:
    pattern: re.Pattern[str]
    table: dict[str, Entry]
    stars: list[tuple[str, Entry]]
    boundaries: bool


@dataclass
class Gazetteer:
    persons: dict[str, PersonInfo] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    titles: dict[str, re.Pattern[str]] = field(default_factory=dict)
    _matchers: dict[str, list[_Matcher]] = field(default_factory=dict)
    _regexes: dict[str, list[tuple[re.Pattern[str], Entry]]] = field(default_factory=dict)

    def find(self, norm: str, original: str, lang: str | None,
             day: dt.date | None, former: list[tuple[int, int]] | None = None) -> list[Mention]:
        """All actor mentions of a document (normalised text and original, same length).
        ``former``, if given, receives the spans of persons named after their last office
        ended (a former president is no longer the state, but a deed of theirs is not the
        state's either)."""
        groups = ["latin", lang] if lang in ("ko", "ja") else ["latin"]
        raw: list[tuple[int, int, Entry]] = []
        for group in groups:
            for matcher in self._matchers.get(group, []):
                raw.extend(_scan(matcher, norm))
            for rx, entry in self._regexes.get(group, []):
                raw.extend((m.start(), m.end(), entry) for m in rx.finditer(norm))
        raw.extend(self._extend_names(raw, norm))
        raw.sort(key=lambda r: (r[0], -(r[1] - r[0])))
        chosen: list[tuple[int, int, Entry]] = []
        last_end = -1
        for start, end, entry in raw:
            if start < last_end:
                continue
            chosen.append((start, end, entry))
            last_end = end
        return self._resolve(chosen, norm, original, day, former)

    def _extend_names(self, raw: list[tuple[int, int, Entry]],
                      norm: str) -> list[tuple[int, int, Entry]]:
        """'President Yoon Suk-yeol': a title alias must not cut the full name in two."""
        out = []
        latin = self._matchers.get("latin", [])
        for start, end, entry in raw:
            if entry.kind != "person" or " " not in norm[start:end]:
                continue
            last = norm.rfind(" ", start, end) + 1
            for matcher in latin:
                m = matcher.pattern.match(norm, last)
                if m and m.end() > end:
                    longer = _lookup(matcher, m.group(0))
                    if longer and set(longer.persons) & set(entry.persons):
                        out.append((start, m.end(), longer))
        return out

    def _resolve(self, chosen: list[tuple[int, int, Entry]], norm: str, original: str,
                 day: dt.date | None,
                 former: list[tuple[int, int]] | None = None) -> list[Mention]:
        seen_full: set[str] = set()
        out: list[Mention] = []
        for start, end, entry in chosen:
            if entry.kind == "ignore":
                continue
            text = original[start:end]
            if entry.kind in ("person", "titled"):
                pid = self._pick_person(entry.persons, day)
                if pid is None:
                    continue
                if entry.ambiguous and pid not in seen_full and not self._titled(norm, start) \
                        and not _bare_office_holder(self.persons[pid], day, original, start,
                                                    end):
                    continue
                if not entry.ambiguous:
                    seen_full.add(pid)
                of = self.persons[pid].office_on(day)
                if of is None:  # not in office on this date: the person is not the state
                    if former is not None and day is not None and any(
                            o.end is not None and o.end <= day
                            for o in self.persons[pid].actor.offices):
                        former.append((start, end))
                    continue
                out.append(Mention(start, end, text, (of,), "person", person=pid))
            else:
                out.append(Mention(start, end, text, entry.actors, entry.kind, host=entry.host))
        return _absorb_institutions(_drop_glosses(out, norm), norm)

    def _pick_person(self, persons: tuple[str, ...], day: dt.date | None) -> str | None:
        known = [p for p in persons if p in self.persons]
        if not known:
            return None
        for pid in known:
            if self.persons[pid].office_on(day) is not None and day is not None:
                for o in self.persons[pid].actor.offices:
                    if o.holds_on(day):
                        return pid
        return known[-1] if day is None else known[0]

    def _titled(self, norm: str, start: int) -> bool:
        before = norm[max(0, start - 40):start]
        return any(rx.search(before) for rx in self.titles.values())

    def actor_ids(self) -> set[str]:
        ids: set[str] = set()
        for matchers in self._matchers.values():
            for m in matchers:
                for e in m.table.values():
                    ids.update(e.actors)
        return ids


def _scan(matcher: _Matcher, norm: str) -> list[tuple[int, int, Entry]]:
    out = []
    for m in matcher.pattern.finditer(norm):
        text = m.group(0)
        entry = _lookup(matcher, text)
        if entry is not None:
            out.append((m.start(), m.end(), entry))
    return out


def _lookup(matcher: _Matcher, text: str) -> Entry | None:
    entry = matcher.table.get(text)
    if entry is not None:
        return entry
    for suffix in ("'s", "s'", "'", "s"):
        if text.endswith(suffix) and text[: -len(suffix)] in matcher.table:
            return matcher.table[text[: -len(suffix)]]
    best: tuple[int, Entry] | None = None
    for prefix, e in matcher.stars:
        if text.startswith(prefix) and (best is None or len(prefix) > best[0]):
            best = (len(prefix), e)
    return best[1] if best else None


_GAP_ABSORB = re.compile(r"^[\s·の의]{0,2}$")


def _absorb_institutions(mentions: list[Mention], norm: str) -> list[Mention]:
    """'미국 국방부', '中国外交部': an institution right after a state belongs to that state."""
    out: list[Mention] = []
    for m in mentions:
        if out and m.kind == "institution" and out[-1].kind in ("name", "demonym", "compound") \
                and _GAP_ABSORB.match(norm[out[-1].end:m.start]):
            prev = out[-1]
            kind = "institution" if prev.kind == "demonym" else prev.kind  # "das südkoreanische
            out[-1] = Mention(prev.start, m.end, prev.text + norm[prev.end:m.start] + m.text,
                              prev.actors, kind, prev.person, m.host or prev.host)  # Präsidialamt"
            continue
        out.append(m)
    return out


# ---------------------------------------------------------------------------------------------
# Loading

def data_dir() -> Path:
    return Path(str(resources.files("alliance_monitor.coding") / "data"))


def _variants(alias: str) -> set[str]:
    """Spelling variants of a romanised name: 'Lee Jae-myung' -> 'lee jae myung', 'lee jaemyung'."""
    low = normalize(alias.strip())
    out = {low}
    if is_latin_phrase(low) and "-" in low:
        out.add(low.replace("-", " "))
        out.add(low.replace("-", ""))
    if is_latin_phrase(low) and " " in low:
        out.add(low.replace(" ", "-"))
    if "·" in low:  # Korean compounds are written with either middle dot: 한·미·일, 한・미・일
        out.add(low.replace("·", "・"))
    return {v for v in out if v}


def _group_of(phrase: str, lang: str | None) -> list[str]:
    """Which matcher groups a phrase goes to: 'latin', 'ko', 'ja'."""
    if is_latin_phrase(phrase):
        return ["latin"]
    if lang in ("ko", "ja"):
        return [lang]
    has_hangul = any(0xAC00 <= ord(c) <= 0xD7A3 for c in phrase)
    has_kana = any(0x3040 <= ord(c) <= 0x30FF for c in phrase)
    if has_hangul:
        return ["ko"]
    if has_kana:
        return ["ja"]
    return ["ko", "ja"]  # Han characters: Korean headlines use them too


def _load_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise GazetteerError(f"{path}: cannot read gazetteer data: {exc}") from exc


def _knowledge_persons(notes: list[str]) -> dict[str, Actor]:
    """Persons of the knowledge base; a broken knowledge base leaves a note, not a crash."""
    from alliance_monitor.coding.kb import knowledge_base

    kb, note = knowledge_base()
    if kb is None:
        notes.append(note or "knowledge base not loaded")
        return {}
    return {a.id: a for a in kb.actors.values() if a.kind == "person"}


def load_gazetteer(directory: Path | None = None, use_knowledge: bool = True) -> Gazetteer:
    """Build the gazetteer from the data files (and the knowledge base's persons)."""
    folder = directory or data_dir()
    doc = _load_yaml(folder / "actors.yaml")
    for extra in sorted(folder.glob("actors_*.yaml")):  # e.g. actors_world.yaml
        more = _load_yaml(extra)
        doc.setdefault("actors", []).extend(more.get("actors") or [])
    gaz = Gazetteer()
    phrases: dict[str, dict[str, Entry]] = {"latin": {}, "ko": {}, "ja": {}}
    regexes: dict[str, list[tuple[re.Pattern[str], Entry]]] = {"latin": [], "ko": [], "ja": []}
    hosts: dict[str, str] = {normalize(k): v
                             for k, v in (doc.get("stationed_forces") or {}).items()}

    def add(phrase: str, lang: str | None, entry: Entry) -> None:
        if phrase.startswith("re:"):
            rx = re.compile(phrase[3:])
            for group in ([lang] if lang in ("ko", "ja") else ["latin"]):
                regexes[group].append((rx, entry))
            return
        for variant in _variants(phrase):
            if variant in hosts and entry.kind == "institution":
                entry = Entry(entry.actors, entry.kind, host=hosts[variant])
            for group in _group_of(variant, lang):
                current = phrases[group].get(variant)
                if current is not None and current.kind == entry.kind == "person":
                    merged = tuple(dict.fromkeys([*current.persons, *entry.persons]))
                    phrases[group][variant] = Entry((), "person", persons=merged,
                                                    ambiguous=current.ambiguous or entry.ambiguous)
                elif current is None or _priority(entry) > _priority(current):
                    phrases[group][variant] = entry

    for item in doc.get("actors") or []:
        aid = item.get("id")
        if not aid:
            raise GazetteerError(f"actors.yaml: an actor without 'id': {item}")
        for kind in KINDS:
            per_lang = item.get(kind) or {}
            for lang, names in per_lang.items():
                if lang not in LANGS:
                    raise GazetteerError(f"actors.yaml: {aid}.{kind}: unknown language '{lang}'")
                for name in names or []:
                    add(str(name), lang, Entry((aid,), kind))
    for lang, table in (doc.get("compounds") or {}).items():
        for phrase, members in table.items():
            add(str(phrase), lang, Entry(tuple(members), "compound"))
    for lang, names in (doc.get("ignore") or {}).items():
        for phrase in names:
            add(str(phrase), lang, Entry((), "ignore"))

    persons: dict[str, Actor] = {}
    if use_knowledge:
        persons.update(_knowledge_persons(gaz.notes))
    for item in (_load_yaml(folder / "persons_other.yaml").get("actors") or []):
        actor = Actor.model_validate(item)
        persons.setdefault(actor.id, actor)
    spellings = _load_yaml(folder / "person_aliases.yaml").get("aliases") or {}
    for pid, aliases in spellings.items():
        if pid in persons:
            merged = list(dict.fromkeys([*persons[pid].aliases, *map(str, aliases)]))
            persons[pid] = persons[pid].model_copy(update={"aliases": merged})
    ambiguous = {normalize(a) for a in doc.get("ambiguous_names") or []}
    for pid, actor in persons.items():
        gaz.persons[pid] = PersonInfo(actor)
        names = {actor.name.en, actor.name.de, *actor.aliases}
        for alias in names:
            is_amb = normalize(alias) in ambiguous
            add(alias, None, Entry((), "person", persons=(pid,), ambiguous=is_amb))
    for lang, table in (doc.get("titled_names") or {}).items():
        for phrase, pids in table.items():
            add(str(phrase), lang, Entry((), "titled", persons=tuple(pids)))
    for lang, titles in (doc.get("titles") or {}).items():
        words = "|".join(re.escape(normalize(t)) for t in sorted(titles, key=len, reverse=True))
        gaz.titles[lang] = re.compile(rf"(?<![{LATIN}])(?:{words})\s+$")

    for group, table in phrases.items():
        plain = {p: e for p, e in table.items() if not p.endswith("*")}
        stars = [(p[:-1], e) for p, e in table.items() if p.endswith("*")]
        pattern = trie_pattern(table.keys())
        if group == "latin":
            # names may carry a genitive/possessive ending: "Japans", "Trump's"
            full = rf"(?<![{LATIN}'])(?:{pattern})(?:'s|s'|'|s)?(?![{LATIN}])"
        else:
            full = pattern
        gaz._matchers[group] = [_Matcher(re.compile(full), plain, stars, group == "latin")]
    gaz._regexes = regexes
    return gaz


def _priority(entry: Entry) -> int:
    order = {"ignore": 6, "compound": 5, "institution": 4, "titled": 3, "person": 2,
             "name": 1, "demonym": 1, "capital": 0}
    return order.get(entry.kind, 0)


@lru_cache(maxsize=4)
def default_gazetteer(use_knowledge: bool = True) -> Gazetteer:
    """The gazetteer from the bundled data, loaded once per process."""
    return load_gazetteer(use_knowledge=use_knowledge)


def _drop_glosses(mentions: list[Mention], norm: str) -> list[Mention]:
    """A reading in brackets right after a name ("尹錫悦(ユン・ソクヨル)", "Moon Jae-in (문재인)")
    names the same actor again: it is one mention, not two list items (coder v8.6)."""
    out: list[Mention] = []
    for m in mentions:
        prev = out[-1] if out else None
        if prev is not None and prev.actors == m.actors and \
                norm[prev.end:m.start].strip() in ("(", "（") and \
                norm[m.end:m.end + 1] in (")", "）"):
            continue
        out.append(m)
    return out


#: a capitalised name part right after a surname ("Lee Jin-man", "Kim Jong Un") or right
#: before it ("Jin-man Lee"): another person of that name
_NAME_AFTER = re.compile(r"[ -]?[A-Z][a-z]+")
_NAME_BEFORE = re.compile(r"[A-Z][a-z]+(?:-[a-z]+)?\s$")


def _bare_office_holder(person: Any, day: dt.date | None, original: str, start: int,
                        end: int) -> bool:
    """Coder v8.8: a bare common surname ("Austin, der zuvor aus Japan eingetroffen war")
    stands for the person of that name who holds a state office on the report's day, when it is
    not part of a longer name."""
    if day is None or person.office_on(day) is None:
        return False
    longer = _NAME_AFTER.match(original, end) or \
        _NAME_BEFORE.search(original[max(0, start - 20):start])
    return longer is None
