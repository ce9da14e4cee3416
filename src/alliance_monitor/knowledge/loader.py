"""Load and validate the curated knowledge base (YAML files in ``knowledge/data``).

Every file is a mapping whose top-level keys are sections (``sources``, ``actors``,
``alliances``, ``institutions``, ``attributes``, ``units``, ``facts``, ``perceptions``).
Loading is all-or-nothing: any problem in any file raises :class:`KnowledgeError`
listing every problem with file, key and a fix, and nothing is returned.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from alliance_monitor import errors
from alliance_monitor.model import (
    Actor,
    Alliance,
    Dimension,
    Fact,
    Institution,
    Perception,
    RecordEvent,
    Source,
    SourceRef,
    Unit,
)

SECTIONS: dict[str, type[BaseModel]] = {
    "sources": Source,
    "units": Unit,
    "attributes": Dimension,
    "actors": Actor,
    "alliances": Alliance,
    "institutions": Institution,
    "facts": Fact,
    "perceptions": Perception,
    "events": RecordEvent,
}
#: Dimensions whose facts may carry no unit.
UNITLESS = {"text", "bool", "level", "date", "rank"}
#: Dimensions whose values cannot be negative (a troop count, a distance, a duration).
NON_NEGATIVE = {"count", "distance", "duration"}


_FLOAT_E = re.compile(r"^[-+]?(?:[0-9][0-9_]*)(?:\.[0-9_]*)?[eE][-+]?[0-9]+$")


@cache
def strict_loader() -> Any:
    """Safe YAML with dates kept as text (so pydantic reports impossible dates by key), a
    repeated key (also a repeated top-level section) as an error, and ``1e308`` read as a
    number (YAML 1.2), not as text. Built on first use: a command that reads the knowledge
    base from the store never imports the YAML parser."""
    import yaml

    #: libyaml's parser where available (7x faster on the knowledge files)
    base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class StrictLoader(base):
        def construct_mapping(self, node: yaml.MappingNode,
                              deep: bool = False) -> dict[Any, Any]:
            seen: dict[Any, int] = {}
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=True)
                try:
                    first = seen.get(key)
                except TypeError:
                    continue
                if first is not None:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"repeated key '{key}' (first given on line {first}); the "
                        f"second would silently replace the first — merge the two or rename "
                        f"one", key_node.start_mark)
                seen[key] = key_node.start_mark.line + 1
            return super().construct_mapping(node, deep=deep)

    StrictLoader.yaml_implicit_resolvers = {
        ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    StrictLoader.add_implicit_resolver("tag:yaml.org,2002:float", _FLOAT_E,
                                       list("-+0123456789"))
    return StrictLoader


def load_yaml(text: str) -> Any:
    """Parse YAML strictly (see :func:`strict_loader`); raises ``yaml.YAMLError``."""
    import yaml

    return yaml.load(text, Loader=strict_loader())  # a SafeLoader subclass


def read_text_file(path: Path) -> str:
    """The UTF-8 text of a data file, or ``ValueError`` saying what is wrong with it."""
    if path.is_dir():
        raise ValueError("is a directory, not a file")
    data = path.read_bytes()
    if b"\x00" in data[:8192]:
        raise ValueError("is a binary file, not YAML text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"is not UTF-8 text (byte {exc.start}: {data[exc.start:exc.start + 1]!r}"
                         f"); save it as UTF-8") from None


@dataclass(frozen=True)
class Problem:
    file: str
    key: str
    message: str
    fix: str

    def __str__(self) -> str:
        return f"{self.file}: [{self.key}] {self.message} — fix: {self.fix}"


class KnowledgeError(errors.KnowledgeError):
    """The knowledge base is malformed; nothing was loaded."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"knowledge base not loaded, {len(problems)} problem(s):\n{lines}")


@dataclass
class KnowledgeBase:
    sources: dict[str, Source] = field(default_factory=dict)
    units: dict[str, Unit] = field(default_factory=dict)
    attributes: dict[str, Dimension] = field(default_factory=dict)
    actors: dict[str, Actor] = field(default_factory=dict)
    alliances: dict[str, Alliance] = field(default_factory=dict)
    institutions: dict[str, Institution] = field(default_factory=dict)
    facts: dict[str, Fact] = field(default_factory=dict)
    perceptions: dict[str, Perception] = field(default_factory=dict)
    events: dict[str, RecordEvent] = field(default_factory=dict)
    origin: dict[str, str] = field(default_factory=dict)  # "section:id" -> file name
    _index: tuple[int, dict[tuple[str, str | None], tuple[Fact, ...]]] | None = field(
        default=None, repr=False, compare=False)

    def known_from(self, fact: Fact) -> dt.date | None:
        """When a fact became public: its own ``known_from``, else its source's publication
        date, else None (unknown: treated as known from its valid time)."""
        if fact.known_from is not None:
            return fact.known_from
        memo: dict[str, tuple[Fact, dt.date | None]]
        size, memo = self.__dict__.get("_known_memo") or (-1, {})
        if size != len(self.sources):  # sources added or removed: start again
            memo = {}
            self.__dict__["_known_memo"] = (len(self.sources), memo)
        hit: tuple[Fact, dt.date | None] | None = memo.get(fact.id)
        if hit is not None and hit[0] is fact:
            return hit[1]
        dates = [s.published for ref in (fact.source, *fact.contemporary)
                 if (s := self.sources.get(ref.ref)) is not None and s.published is not None]
        known = min(dates) if dates else None
        memo[fact.id] = (fact, known)
        return known

    def is_user(self, section: str, key: str) -> bool:
        return self.origin.get(f"{section}:{key}", "").startswith(USER_PREFIX)

    def facts_for(self, subject: str, attribute: str | None = None,
                  at: dt.date | None = None) -> list[Fact]:
        """Facts of a subject (and attribute) valid on ``at``, oldest first (indexed: the
        assessment asks thousands of times per score series)."""
        out = self.facts_view(subject, attribute)
        return [f for f in out if f.valid_on(at)] if at is not None else list(out)

    def facts_view(self, subject: str, attribute: str | None = None) -> tuple[Fact, ...]:
        """All facts of a subject (and attribute), oldest first, without a copy (read-only)."""
        if self._index is None or self._index[0] != len(self.facts):
            index: dict[tuple[str, str | None], list[Fact]] = {}
            for f in sorted(self.facts.values(), key=lambda f: (f.valid_from or dt.date.min,
                                                                f.id)):
                index.setdefault((f.subject, f.attribute), []).append(f)
                index.setdefault((f.subject, None), []).append(f)
            self._index = (len(self.facts), {k: tuple(v) for k, v in index.items()})
        return self._index[1].get((subject, attribute), ())

    def latest(self, subject: str, attribute: str, at: dt.date) -> Fact | None:
        """The fact valid at ``at`` that started last (asserted or estimate only)."""
        valid = [f for f in self.facts_for(subject, attribute, at)
                 if f.status in ("asserted", "estimate")]
        return valid[-1] if valid else None

    def source_label(self, ref: SourceRef) -> str:
        src = self.sources.get(ref.ref)
        title = f"{src.author + ': ' if src and src.author else ''}{src.title if src else ref.ref}"
        loc = ", ".join(x for x in (
            f"p. {ref.page}" if ref.page is not None else "",
            f"fn. {ref.footnote}" if ref.footnote is not None else "",
            f"citing {ref.cites}" if ref.cites else "") if x)
        return f"{title}{' (' + loc + ')' if loc else ''}"

    def resolve_alliance(self, text: str) -> str:
        """Map ids, aliases and reversed member orders (``us-jpn``, ``JPN-USA``) to an id."""
        key = text.strip().upper().replace("_", "-").replace("US-", "USA-")
        if key.endswith("-US"):
            key = key[:-3] + "-USA"
        for alliance in self.alliances.values():
            names = {alliance.id, *(a.upper() for a in alliance.aliases)}
            if key in names or sorted(key.split("-")) == sorted(alliance.id.split("-")):
                return alliance.id
        raise errors.UnknownAlliance(text, list(self.alliances))


def default_data_dir() -> Path:
    return Path(str(resources.files("alliance_monitor.knowledge") / "data"))


def _yaml_files(paths: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*.yaml")))
        else:
            files.append(path)
    return files


def _item_key(item: Any, index: int) -> str:
    if isinstance(item, dict):
        ident = item.get("id") or (
            f"{item.get('country')}/{item.get('topic')}" if "country" in item else None)
        if ident:
            return str(ident)
    return f"item {index + 1}"


def _fix_for(err: dict[str, Any]) -> str:
    kind = err.get("type", "")
    loc = ".".join(str(x) for x in err.get("loc", ()))
    if kind == "missing":
        return f"add the required field '{loc}'"
    if kind == "extra_forbidden":
        return f"remove or rename the unknown field '{loc}'"
    if kind.startswith("date"):
        return f"give '{loc}' as a real calendar date YYYY-MM-DD (no time of day)"
    if kind == "finite_number" or "finite" in str(err.get("msg", "")):
        return f"give '{loc or 'value'}' a finite number (not .nan, .inf or a number too large)"
    if not loc:
        return "change the entry as the message says"
    return f"correct the field '{loc}' as the message says"


def _message(err: dict[str, Any]) -> str:
    where = ".".join(str(x) for x in err["loc"]) or "entry"
    kind = err.get("type", "")
    if kind.startswith("date"):
        return f"{where}: '{err.get('input')}' is not a calendar date YYYY-MM-DD"
    msg = str(err["msg"]).removeprefix("Value error, ")
    return f"{where}: {msg}"


#: origin prefix of entries from a user's knowledge directory (``--kb-dir``)
USER_PREFIX = "user:"


def load(paths: Iterable[Path] | None = None, *, base: KnowledgeBase | None = None,
         user: bool = False) -> KnowledgeBase:
    """Load every YAML file under ``paths`` (default: the bundled data) or raise.

    With ``base``, the files are an overlay (a user's knowledge directory): their entries are
    added to a copy of ``base`` and replace entries with the same id; the union is validated
    exactly like the bundled files.
    """
    files = _yaml_files(paths if paths is not None else [default_data_dir()])
    kb = KnowledgeBase()
    if base is not None:
        for section in SECTIONS:
            getattr(kb, section).update(getattr(base, section))
        kb.origin.update(base.origin)
    replaceable = set(kb.origin)
    problems: list[Problem] = []
    if paths is not None and not files:
        problems.append(Problem(", ".join(str(p) for p in paths), "-", "no *.yaml files found",
                                "point --kb-dir at a directory holding knowledge YAML files"))
    from yaml import YAMLError

    for file in files:
        name = (USER_PREFIX + str(file)) if user else file.name
        try:
            doc = load_yaml(read_text_file(file)) or {}
        except (ValueError, OSError) as exc:
            problems.append(Problem(name, "-", f"cannot be read: {exc}",
                                    "give a UTF-8 YAML file"))
            continue
        except YAMLError as exc:
            text = " ".join(str(exc).split())
            problems.append(Problem(name, "-", f"not valid YAML: {text}",
                                    "fix the file at the line given"))
            continue
        if not isinstance(doc, dict):
            problems.append(Problem(name, "-", "top level is not a mapping of sections",
                                    f"start the file with one of {sorted(SECTIONS)}"))
            continue
        for section, items in doc.items():
            model = SECTIONS.get(section)
            if model is None:
                problems.append(Problem(name, section, f"unknown section '{section}'",
                                        f"use one of {sorted(SECTIONS)}"))
                continue
            if not isinstance(items, list):
                problems.append(Problem(name, section, "section is not a list",
                                        "write the section as a YAML list of mappings"))
                continue
            store: dict[str, Any] = getattr(kb, section)
            for index, item in enumerate(items):
                key = _item_key(item, index)
                try:
                    obj = model.model_validate(item)
                except ValidationError as exc:
                    for err in exc.errors():
                        problems.append(Problem(name, key, _message(dict(err)),
                                                _fix_for(dict(err))))
                    continue
                if key in store and f"{section}:{key}" not in replaceable:
                    problems.append(Problem(
                        name, key, f"duplicate {section} key (first in "
                        f"{kb.origin.get(section + ':' + key)})", "give each entry a unique id"))
                    continue
                store[key] = obj
                replaceable.discard(f"{section}:{key}")
                kb.origin[f"{section}:{key}"] = name
    problems.extend(_cross_check(kb))
    if problems:
        raise KnowledgeError(problems)
    return kb


def _cross_check(kb: KnowledgeBase) -> list[Problem]:
    problems: list[Problem] = []

    def where(section: str, key: str) -> str:
        return kb.origin.get(f"{section}:{key}", "?")

    def check_ref(section: str, key: str, ref: SourceRef | None) -> None:
        if ref is not None and ref.ref not in kb.sources:
            problems.append(Problem(where(section, key), key, f"unknown source '{ref.ref}'",
                                    "add it to a 'sources' section or use an existing id"))

    subjects = set(kb.actors) | set(kb.alliances) | set(kb.institutions)
    for a in kb.actors.values():
        for m in a.members:
            if m not in kb.actors:
                problems.append(Problem(where("actors", a.id), a.id, f"unknown member '{m}'",
                                        "add the actor or correct the id"))
        for o in a.offices:
            check_ref("actors", a.id, o.source)
            if o.of not in kb.actors:
                problems.append(Problem(where("actors", a.id), a.id,
                                        f"office of unknown actor '{o.of}'",
                                        "use an actor id such as USA, JPN, KOR or NATO"))
    for al in kb.alliances.values():
        check_ref("alliances", al.id, al.source)
        if al.treaty:
            check_ref("alliances", al.id, al.treaty.source)
        for m in al.members:
            if m not in kb.actors:
                problems.append(Problem(where("alliances", al.id), al.id,
                                        f"unknown member '{m}'", "add the actor first"))
    for ins in kb.institutions.values():
        for ref in (ins.source, *ins.contemporary):
            check_ref("institutions", ins.id, ref)
        for al_id in ins.alliances:
            if al_id not in kb.alliances:
                problems.append(Problem(where("institutions", ins.id), ins.id,
                                        f"unknown alliance '{al_id}'",
                                        f"use one of {sorted(kb.alliances)}"))
    for f in kb.facts.values():
        check_ref("facts", f.id, f.source)
        for c in (*f.contradicted_by, *f.contemporary):
            check_ref("facts", f.id, c)
        if f.subject not in subjects:
            problems.append(Problem(where("facts", f.id), f.id,
                                    f"unknown subject '{f.subject}'",
                                    "use an actor, alliance or institution id"))
        if f.about is not None and f.about not in kb.actors:
            problems.append(Problem(where("facts", f.id), f.id,
                                    f"unknown actor '{f.about}' in 'about'",
                                    "use an actor id such as USA, JPN or KOR"))
        attr = kb.attributes.get(f.attribute)
        if attr is None:
            problems.append(Problem(where("facts", f.id), f.id,
                                    f"unregistered attribute '{f.attribute}'",
                                    "register it in an 'attributes' section"))
            continue
        if f.unit is None:
            if attr.dimension not in UNITLESS:
                problems.append(Problem(
                    where("facts", f.id), f.id,
                    f"attribute '{f.attribute}' ({attr.dimension}) needs a unit",
                    "add a unit of that dimension"))
        else:
            unit = kb.units.get(f.unit)
            if unit is None:
                problems.append(Problem(where("facts", f.id), f.id, f"unknown unit '{f.unit}'",
                                        "register it in a 'units' section"))
            elif unit.dimension != attr.dimension:
                problems.append(Problem(
                    where("facts", f.id), f.id,
                    f"unit mismatch: '{f.unit}' is {unit.dimension}, attribute "
                    f"'{f.attribute}' is {attr.dimension}",
                    "use a unit of the attribute's dimension"))
        if attr.dimension in ("count", "money", "percent", "ratio", "distance", "duration") and (
                isinstance(f.value, (bool, str, list))):
            problems.append(Problem(
                where("facts", f.id), f.id, f"value: '{f.value}' is not a number",
                f"attribute '{f.attribute}' is {attr.dimension}: give a number"))
        elif isinstance(f.value, (int, float)) and not isinstance(f.value, bool):
            if not math.isfinite(f.value):
                problems.append(Problem(where("facts", f.id), f.id,
                                        f"value: {f.value} is not a finite number",
                                        "give a finite number"))
            elif attr.dimension in NON_NEGATIVE and f.value < 0:
                problems.append(Problem(
                    where("facts", f.id), f.id,
                    f"value: {f.value} is negative, but '{f.attribute}' is a {attr.dimension}",
                    f"a {attr.dimension} cannot be below zero: correct the sign or the "
                    f"attribute"))
    for p_key, p in kb.perceptions.items():
        check_ref("perceptions", p_key, p.source)
    problems.extend(_check_events(kb, where))
    return problems


def _check_events(kb: KnowledgeBase, where: Any) -> list[Problem]:
    """Event record: actors and alliances known, sources dated, no deed entered twice."""
    problems: list[Problem] = []
    seen: dict[tuple[Any, ...], str] = {}
    for ev in kb.events.values():
        file = where("events", ev.id)
        for actor in (ev.source, ev.target):
            if actor is not None and actor not in kb.actors:
                problems.append(Problem(file, ev.id, f"unknown actor '{actor}'",
                                        "use an actor id such as USA, JPN, KOR, NATO or IP4"))
        for sig in ev.signals:
            if sig.alliance not in kb.alliances:
                problems.append(Problem(file, ev.id, f"unknown alliance '{sig.alliance}'",
                                        f"use one of {sorted(kb.alliances)}"))
        for rep in ev.sources:
            if rep.published > dt.date.today():
                problems.append(Problem(file, ev.id, f"report dated in the future "
                                        f"({rep.published})", "give the real publication date"))
        key = (ev.date, ev.source, ev.target, ev.category,
               tuple(sorted((s.alliance, s.measure) for s in ev.signals)))
        if key in seen:
            problems.append(Problem(file, ev.id, f"same deed as event '{seen[key]}' (date, "
                                    "actors, category and signals)",
                                    "merge the two entries: add the report as a second source"))
        seen.setdefault(key, ev.id)
    return problems
