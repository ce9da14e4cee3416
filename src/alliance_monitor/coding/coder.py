"""The event coder: sentences -> who did what to whom, when, with alliance signals and evidence.

Per sentence: actor mentions (gazetteer), deed triggers (lexicon), alliance topics. Each trigger
is checked for negation ("not attend" -> skip), hedges ("may", "erwägt", "검토", "検討": not a
done deed), attribution ("said", "laut", "밝혔다") and background years; its source and target
come from the mentions around it (word order and prepositions for English and German, particles
for Korean and Japanese, the previous sentence for dropped subjects and "the two leaders").
The date is the nearest date expression resolved against the reference date, else the
reference date. Signal rules then say which alliance the event concerns.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from alliance_monitor.coding.dates import DateMention, document_date, nearest, sentence_dates
from alliance_monitor.coding.gazetteer import Gazetteer, Mention, default_gazetteer
from alliance_monitor.coding.lexicon import (
    NEGATED,
    Deed,
    Hit,
    LanguageLexicon,
    Lexicon,
    default_lexicon,
)
from alliance_monitor.coding.signals import Candidate, SignalRules, default_rules
from alliance_monitor.coding.text import LATIN, Sentence, normalize, script_of, sentences
from alliance_monitor.model import Event, Evidence, Signal

#: Topics too general to say what a deed is about (they do not stop topic carry-over).
GENERIC_TOPICS = frozenset({"meeting", "alliance", "relations", "security_cooperation", "china",
                            "north_korea", "russia", "investment"})
NON_EVENT_ACTORS = frozenset({"UN", "EU", "ASEAN", "WTO", "QUAD"})
_PREPS_EN = {"with", "to", "against", "from", "on", "at", "for", "toward", "towards", "in",
             "into", "over", "about", "of", "between", "among", "amid", "than", "as", "like",
             "including", "via", "across", "near", "after", "before", "around"}
_PREPS_DE = {"mit", "gegen", "gegenüber", "an", "von", "zu", "zum", "zur", "für", "über", "um",
             "bei", "beim", "nach", "aus", "in", "im", "ins", "zwischen", "auf", "am", "vom",
             "unter", "wie", "als", "trotz", "wegen", "seit", "gegenüber", "ohne", "bis", "vor"}
_ARTICLES = {"the", "a", "an", "its", "their", "his", "her", "der", "die", "das", "den", "dem",
             "des", "ein", "eine", "einen", "einem", "einer", "seinem", "seinen", "ihrem",
             "ihren", "seiner", "ihrer", "our", "your", "both", "beiden", "all", "alle"}
_COORD = re.compile(r"^\s*(?:,|and|und|sowie|&|as well as|plus|,\s*and|,\s*und|과|와|및|·|、|と|や|,)\s*$")
_WORD = re.compile(rf"[{LATIN}'-]+")
_KO_SUBJ = ("은", "는", "이", "가", "께서", "측은", "측이", "도", "에서는")
_KO_OBJ = ("에게", "에게서", "에", "을", "를", "과의", "와의", "로", "으로", "에서", "측에", "측과", "와", "과")
_JA_SUBJ = ("は", "が", "も", "側は", "では")
_JA_OBJ = ("と", "に", "を", "へ", "から", "との", "に対し", "で", "の")
_TITLE_SKIP = re.compile(
    r"^[\s·]*(?:[가-힣]{0,6}(?:대통령|총리|장관|대변인|실장|위원장|국무장관|국방장관|외무상|방위상|"
    r"관방장관|사무총장|정부|당국|측|대사|특사|보좌관)|[\u4e00-\u9fff\u30a0-\u30ff]{0,6}"
    r"(?:大統領|首相|総理|総理大臣|外相|防衛相|長官|報道官|氏|政府|当局|側|大使|国務長官|国防長官|"
    r"補佐官|事務総長|委員長|総書記|主席))?")
_YEAR_NEAR = re.compile(r"(?<!\d)(?:in |im jahr |im jahre |seit |since |back in )?((?:19|20)\d\d)(?:년|年)?(?!\d)")


@dataclass
class CodedEvent:
    """An event with what the coder knows beyond the output contract."""

    event: Event
    deed: str
    topics: tuple[str, ...]
    polarity: int
    rule: str | None
    reported: bool
    sentence: int
    precision: str = "day"

    @property
    def topic(self) -> str | None:
        specific = [t for t in self.topics if t not in GENERIC_TOPICS]
        return (specific or list(self.topics) or [None])[0]


@dataclass
class CodedDocument:
    doc: str
    language: str | None
    reference: dt.date | None
    events: list[CodedEvent]
    notes: list[str] = field(default_factory=list)


@dataclass
class _Trig:
    hit: Hit
    deed: Deed
    negated: bool = False
    reported: bool = False


@dataclass
class _Ctx:
    """Discourse memory: who acted last, and the last pair of actors named together."""

    last_source: str | None = None
    last_pair: tuple[str, str] | None = None
    last_topics: frozenset[str] = frozenset()
    prev_norm: str = ""
    prev_mentions: list[Mention] = field(default_factory=list)


_DE_WORDS = {"der", "die", "das", "und", "nicht", "ist", "mit", "sich", "den", "von", "auf", "dem",
             "ein", "eine", "für", "auch", "wird", "hat", "im", "zu", "des", "sie", "er", "nach"}
_EN_WORDS = {"the", "and", "of", "to", "is", "with", "that", "for", "on", "was", "by", "are",
             "has", "it", "as", "at", "he", "be", "this", "from", "have", "said", "will", "its"}


def guess_language(text: str) -> str | None:
    """Cheap offline guess for coding: script for Korean/Japanese, function words for DE/EN."""
    script = script_of(text)
    if script in ("ko", "ja"):
        return script
    if script is None:
        return None
    words = re.findall(r"[a-zäöüß]+", text[:6000].lower())
    de = sum(w in _DE_WORDS for w in words)
    en = sum(w in _EN_WORDS for w in words)
    return "de" if de > en else "en"


class Coder:
    """Codes documents into events. Loads its data once; safe to reuse for many documents."""

    def __init__(self, gazetteer: Gazetteer | None = None, lexicon: Lexicon | None = None,
                 rules: SignalRules | None = None):
        self.gaz = gazetteer or default_gazetteer()
        self.lex = lexicon or default_lexicon()
        self.rules = rules or default_rules()

    # ------------------------------------------------------------------------------ public
    def code(self, text: str, *, doc: str, published: dt.date | None = None,
             language: str | None = None) -> CodedDocument:
        norm = normalize(text)
        lang = language if language in ("en", "de", "ko", "ja") else guess_language(text)
        ref = published or document_date(norm)
        lex = self.lex.language(lang)
        mentions = [m for m in self.gaz.find(norm, text, lang, ref)
                    if all(a not in NON_EVENT_ACTORS for a in m.actors)]
        mentions = _merge_adjacent(mentions, norm)
        sents = sentences(text)
        triggers = lex.find_triggers(norm)
        topics = lex.find_topics(norm)
        doc_actors: Counter[str] = Counter(a for m in mentions for a in m.actors)
        events: list[CodedEvent] = []
        ctx = _Ctx()
        mi = ti = 0
        for idx, sent in enumerate(sents):
            s_mentions, mi = _within(mentions, mi, sent)
            s_trigs, ti = _within_hits(triggers, ti, sent)
            s_topic_hits = [h for h in topics if sent.start <= h.start < sent.end]
            s_topics = frozenset(h.key for h in s_topic_hits)
            if not (s_topics - GENERIC_TOPICS):
                s_topics = s_topics | ctx.last_topics
            events.extend(self._sentence(idx, sent, norm, lang, lex, s_mentions, s_trigs,
                                         s_topics, ref, ctx, doc, doc_actors))
            states = _distinct_actors(s_mentions)
            if len(states) >= 2:
                ctx.last_pair = (states[0], states[1])
            own = frozenset(h.key for h in s_topic_hits) - GENERIC_TOPICS
            if own:
                ctx.last_topics = own
            ctx.prev_norm = norm[sent.start:sent.end]
            ctx.prev_mentions = [Mention(m.start - sent.start, m.end - sent.start, m.text,
                                         m.actors, m.kind) for m in s_mentions]
        return CodedDocument(doc, lang, ref, _dedupe(events), list(self.gaz.notes))

    def events(self, text: str, *, doc: str, published: dt.date | None = None,
               language: str | None = None) -> list[Event]:
        return [c.event for c in self.code(text, doc=doc, published=published,
                                           language=language).events]

    # ------------------------------------------------------------------------------ sentence
    def _sentence(self, idx: int, sent: Sentence, norm: str, lang: str | None,
                  lex: LanguageLexicon, mentions: list[Mention], hits: list[Hit],
                  topics: frozenset[str], ref: dt.date | None, ctx: _Ctx, doc: str,
                  doc_actors: Counter[str]) -> list[CodedEvent]:
        if not hits:
            if mentions:
                first = _distinct_actors(mentions)
                if first:
                    ctx.last_source = first[0]
            return []
        snorm = norm[sent.start:sent.end]
        strong = [h for h in hits if not h.weak]
        hits = strong or ([] if _background(snorm, ref) else hits)
        hits = [h for h in hits if not _interrogative(norm, sent, h)
                and not (h.weak and snorm.rstrip(" \"')").endswith("?"))]
        reported_rx = lex.marker("reported")
        reported = bool(reported_rx and reported_rx.search(snorm))
        trigs: list[_Trig] = []
        for h in hits:
            deed = self.lex.deeds[h.key]
            neg = _negated(lex, norm, sent, h)
            hedged = _hedged(lex, norm, sent, h)
            name = deed.id
            if neg:
                mapped = NEGATED.get(name, None) if name in NEGATED else None
                if mapped is None:
                    continue
                name = mapped
            elif hedged and not deed.modal_ok:
                continue  # not a done deed: "may attend", "erwägt", "검토", "検討"
            name = self.lex.recategorized(name, set(topics))
            deed = self.lex.deeds[name]
            if deed.needs_topic and not (topics - GENERIC_TOPICS):
                continue
            if _historical(lex, norm, sent, h, ref):
                continue
            trigs.append(_Trig(h, deed, neg, reported))
        if any(t.deed.id == "demand" for t in trigs):  # refusing a demand rebuffs its author
            trigs = [_Trig(t.hit, self.lex.deeds["rebuff"], t.negated, t.reported)
                     if t.deed.id == "reject" else t for t in trigs]
        trigs = _absorb(trigs, norm, lang)
        dates = sentence_dates(snorm, ref)
        cues_pair = lex.cue("pair")
        cues_pron = lex.cue("pronoun")
        joint_rx = lex.cue("joint")
        has_pair_cue = bool(cues_pair and cues_pair.search(snorm))
        joint = bool(joint_rx and joint_rx.search(snorm))
        out: list[CodedEvent] = []
        for tr in trigs:
            pairs, from_context = self._roles(tr, sent, norm, lang, mentions, topics, ctx,
                                              has_pair_cue, bool(cues_pron and cues_pron.search(snorm)))
            for source, target, compound in pairs:
                if source is None or source == target:
                    continue
                if tr.hit.weak and (target is None or from_context):
                    continue  # a bare noun ("the summit") is an event only between named actors
                ev = self._event(tr, sent, idx, source, target, compound, topics, mentions,
                                 dates, ref, doc, joint or has_pair_cue, from_context,
                                 doc_actors)
                if ev is not None:
                    out.append(ev)
        out = _reconcile(out, self.lex)
        if out:
            ctx.last_source = out[0].event.source
        else:
            first = _distinct_actors(mentions)
            if first:
                ctx.last_source = first[0]
        return out

    def _roles(self, tr: _Trig, sent: Sentence, norm: str, lang: str | None,
               mentions: list[Mention], topics: frozenset[str], ctx: _Ctx, pair_cue: bool,
               pronoun_cue: bool) -> tuple[list[tuple[str | None, str | None, bool]], bool]:
        """(source, target, from_compound) triples for a trigger, and whether context was used."""
        deed = tr.deed
        if deed.agentless:
            pair = _meeting_pair(norm, sent, mentions, ctx) or ctx.last_pair
            if pair:
                return [(pair[0], pair[1], True)], pair is ctx.last_pair
        cjk = lang in ("ko", "ja")
        group, targets, compound = (_roles_cjk if cjk else _roles_latin)(
            tr, sent, norm, lang, mentions)
        target = targets[0] if targets else None
        from_context = False
        if group and not cjk and _pronoun_subject(norm, sent, tr.hit, mentions, lang) \
                and ctx.last_source and ctx.last_source not in group:
            targets = [a for a in [*group, *targets] if a != ctx.last_source]
            target = targets[0] if targets else None
            group, from_context = [ctx.last_source], True
        if not group:
            if pair_cue and ctx.last_pair:
                group, from_context = [ctx.last_pair[0], ctx.last_pair[1]], True
            elif (pronoun_cue or cjk) and ctx.last_source:
                group, from_context = [ctx.last_source], True
            else:
                return [], False
        default_target = None
        for tid in sorted(topics):
            topic = self.lex.topics.get(tid)
            if topic and topic.default_target:
                default_target = topic.default_target
        if deed.symmetric and len(group) >= 2:
            pair = _pair_convention(group, self.rules.group_pairs)
            return [(pair[0], pair[1], compound)], from_context
        if target is None and deed.symmetric and ctx.last_pair and group[0] in ctx.last_pair:
            other = ctx.last_pair[1] if ctx.last_pair[0] == group[0] else ctx.last_pair[0]
            target = other
        if target is None:
            target = _host(mentions, group[0])
        if target is None and default_target and default_target not in group:
            target = default_target
        if deed.reverse and target is not None:  # "X hosted Y": the visitor is the actor
            return [(target, group[0], compound)], from_context
        tlist = [t for t in (targets if len(targets) > 1 else [target])]
        out = [(src, t if t != src else None, compound) for src in group[:4] for t in tlist[:4]]
        return out, from_context

    def _event(self, tr: _Trig, sent: Sentence, idx: int, source: str, target: str | None,
               compound: bool, topics: frozenset[str], mentions: list[Mention],
               dates: list[DateMention], ref: dt.date | None, doc: str, joint: bool,
               from_context: bool, doc_actors: Counter[str]) -> CodedEvent | None:
        deed = tr.deed
        actors = frozenset(a for m in mentions for a in m.actors)
        cand = Candidate(deed=deed.id, source=source, target=target, topics=topics,
                         actors=actors, joint=joint or compound, doc_actors=doc_actors)
        outcome = self.rules.apply(cand)
        signals: list[Signal] = []
        rule = None
        if outcome is not None:
            signals = [outcome.signal]
            rule = outcome.rule
            target = outcome.target
            if outcome.signal.alliance == "USA-JPN-KOR" and deed.symmetric:
                source, target = self.rules.group_pairs.get("USA-JPN-KOR", (source, target))
        if source == target:
            return None
        pos = tr.hit.start - sent.start
        when = nearest(dates, pos)
        day = when.date if when else ref
        precision = when.precision if when else "day"
        conf = 0.55
        conf += 0.1 if not from_context else -0.15
        conf += 0.1 if target is not None else 0.0
        conf += 0.1 if signals else 0.0
        conf -= 0.1 if tr.reported else 0.0
        conf -= 0.1 if tr.hit.weak else 0.0
        conf = round(min(0.95, max(0.05, conf)), 2)
        event = Event(doc=doc, date=day, source=source, target=target, category=deed.category,
                      mode=deed.mode, quad=deed.quad, signals=signals,
                      evidence=Evidence(text=sent.text, start=sent.start, end=sent.end),
                      confidence=conf)
        return CodedEvent(event, deed.id, tuple(sorted(topics)), deed.polarity, rule,
                          tr.reported, idx, precision)


# ---------------------------------------------------------------------------------- helpers

def _within(mentions: list[Mention], i: int, sent: Sentence) -> tuple[list[Mention], int]:
    while i < len(mentions) and mentions[i].start < sent.start:
        i += 1
    j = i
    out = []
    while j < len(mentions) and mentions[j].start < sent.end:
        out.append(mentions[j])
        j += 1
    return out, j


def _within_hits(hits: list[Hit], i: int, sent: Sentence) -> tuple[list[Hit], int]:
    while i < len(hits) and hits[i].start < sent.start:
        i += 1
    j = i
    out = []
    while j < len(hits) and hits[j].start < sent.end:
        out.append(hits[j])
        j += 1
    return out, j


def _distinct_actors(mentions: Iterable[Mention]) -> list[str]:
    out: list[str] = []
    for m in mentions:
        for a in m.actors:
            if a not in out:
                out.append(a)
    return out


def _merge_adjacent(mentions: list[Mention], norm: str) -> list[Mention]:
    """'Japanese Prime Minister Fumio Kishida' is one mention of JPN, not two."""
    out: list[Mention] = []
    for m in mentions:
        if out and out[-1].actors == m.actors and m.start - out[-1].end <= 30:
            gap = norm[out[-1].end:m.start]
            if not re.search(r"[,;:.!?\"()]|\band\b|\bund\b|\bor\b|\boder\b|와|과|と|、", gap):
                prev = out[-1]
                kind = "person" if "person" in (prev.kind, m.kind) else prev.kind
                out[-1] = Mention(prev.start, m.end, prev.text, prev.actors, kind,
                                  prev.person or m.person, prev.host or m.host)
                continue
        out.append(m)
    return out


def _words_before(norm: str, pos: int, floor: int, n: int = 3) -> list[str]:
    return _WORD.findall(norm[max(floor, pos - 40):pos])[-n:]


def _preposition(norm: str, m: Mention, floor: int, lang: str | None) -> str | None:
    preps = _PREPS_DE if lang == "de" else _PREPS_EN
    words = _words_before(norm, m.start, floor, 3)
    while words and words[-1] in _ARTICLES:
        words.pop()
    if words and words[-1] in preps:
        return words[-1]
    if words and words[-1] == "by":
        return "by"
    return None


def _is_location(norm: str, m: Mention, floor: int, lang: str | None) -> bool:
    """'in Seoul', 'in Japan': a place where something happens is not a party to it."""
    prep = _preposition(norm, m, floor, lang)
    if m.kind == "capital":
        return prep in {"in", "at", "im", "nach", "aus", "bei", "near", "from", "to", "zu", "vor"}
    if m.kind == "name":
        return prep in {"in", "im", "at"}
    return False


def _roles_latin(tr: _Trig, sent: Sentence, norm: str, lang: str | None,
                 mentions: list[Mention]) -> tuple[list[str], list[str], bool]:
    h = tr.hit
    usable = [m for m in mentions if not _is_location(norm, m, sent.start, lang)]
    before = [m for m in usable if m.end <= h.start]
    after = [m for m in usable if m.start >= h.end]
    inside = [m for m in usable if m.start >= h.start and m.end <= h.end]  # "sagt X ab"
    src_m: Mention | None = None
    if before and h.start - before[-1].end <= 2 and (
            norm[before[-1].start:before[-1].end].endswith(("s", "'s", "'"))
            or before[-1].kind == "demonym" or norm[before[-1].end:h.start] == "-"):
        src_m = before[-1]  # "Trump's demands", "Trumps Forderungen", "US-Angriffe"
    if src_m is None:
        for m in reversed(before):
            if _preposition(norm, m, sent.start, lang) in (None, "by", "unter", "of"):
                src_m = m
                break
    if src_m is None and inside:
        src_m = inside[0]
    if src_m is None and after and _nominal(norm, h, lang):
        between = _WORD.findall(norm[h.end:after[0].start])
        if len(between) <= 5 and set(between) & {"der", "des", "von", "of", "by"}:
            src_m = after[0]  # "die Absagen der Regierungschefs aus Südkorea und Japan"
    if src_m is None:
        for m in after:
            prep = _preposition(norm, m, sent.start, lang)
            close = len(_WORD.findall(norm[h.end:m.start])) <= 3
            if prep == "by" or (lang == "de" and prep is None and close):
                src_m = m
                break
    if src_m is None:
        targets = []
        pool = after or list(reversed(before))
        if pool:
            for m in _coordinated(pool[0], usable, norm):
                for a in m.actors:
                    if a not in targets:
                        targets.append(a)
        return [], targets, False
    group = _coordinated(src_m, usable, norm)
    actors = [a for m in group for a in m.actors]
    compound = any(m.kind == "compound" for m in group)
    source_actors = list(dict.fromkeys(actors))
    first: Mention | None = None
    for m in [*inside, *after] if src_m not in inside else after:
        if m not in group and _other(m, source_actors):
            first = m
            break
    if first is None:
        for m in reversed(before):
            if m not in group and _other(m, source_actors):
                first = m
                break
    targets: list[str] = []
    if first is not None:
        for m in _coordinated(first, usable, norm):
            t = _other(m, source_actors)
            if t and t not in targets:
                targets.append(t)
    return source_actors, targets, compound


def _nominal(norm: str, h: Hit, lang: str | None) -> bool:
    """A deed named by a noun: German capitalises nouns; English ones take 'of'/'by'."""
    text = norm[h.start:h.end]
    if lang == "de":
        return text.endswith(("e", "en", "ung", "ungen", "nahme", "bruch", "zug", "ahme"))
    return text.endswith(("tion", "tions", "ment", "ments", "al", "als", "ance", "ion", "s"))


def _other(m: Mention, sources: list[str]) -> str | None:
    for a in m.actors:
        if a not in sources and not (a == "NATO" and "USA" in sources):
            return a
    return None


def _coordinated(anchor: Mention, mentions: list[Mention], norm: str) -> list[Mention]:
    idx = mentions.index(anchor)
    group = [anchor]
    j = idx - 1
    while j >= 0 and _COORD.match(norm[mentions[j].end:group[0].start]):
        group.insert(0, mentions[j])
        j -= 1
    j = idx + 1
    while j < len(mentions) and _COORD.match(norm[group[-1].end:mentions[j].start]):
        group.append(mentions[j])
        j += 1
    return group


def _particle(norm: str, pos: int, lang: str | None) -> str:
    rest = norm[pos:pos + 16]
    skip = _TITLE_SKIP.match(rest)
    if skip:
        rest = rest[skip.end():]
    rest = re.split(r"[\s,.。、\"'()\[\]「」]", rest, maxsplit=1)[0]
    return rest


def _role_cjk(norm: str, m: Mention, lang: str | None) -> str:
    p = _particle(norm, m.end, lang)
    subj, obj = (_KO_SUBJ, _KO_OBJ) if lang == "ko" else (_JA_SUBJ, _JA_OBJ)
    for s in sorted(subj, key=len, reverse=True):
        if p.startswith(s):
            return "subj"
    for o in sorted(obj, key=len, reverse=True):
        if p.startswith(o):
            return "coord" if o in ("와", "과", "と") else "obj"
    return "other"


def _roles_cjk(tr: _Trig, sent: Sentence, norm: str, lang: str | None,
               mentions: list[Mention]) -> tuple[list[str], list[str], bool]:
    h = tr.hit
    usable = [m for m in mentions if not (m.kind == "capital" and
                                          _particle(norm, m.end, lang).startswith(("에서", "で")))]
    if not usable:
        return [], [], False
    roles = [(m, _role_cjk(norm, m, lang)) for m in usable]
    before = [(m, r) for m, r in roles if m.end <= h.start]
    src: Mention | None = None
    for m, r in before:
        if r == "subj":
            src = m
            break
    if src is None:
        subj_after = [m for m, r in roles if r == "subj"]
        src = subj_after[0] if subj_after else (before[0][0] if before else usable[0])
    group = [src]
    # "A와 B는": A is coordinated with the subject B
    i = usable.index(src)
    j = i - 1
    while j >= 0 and roles[j][1] == "coord" and src.start - usable[j].end <= 30:
        group.insert(0, usable[j])
        j -= 1
    sources = list(dict.fromkeys(a for m in group for a in m.actors))
    compound = any(m.kind == "compound" for m in group)
    objs = [m for m, r in before if r in ("obj", "coord") and m not in group]
    others = [m for m, _ in roles if m not in group]
    for m in [*reversed(objs), *others]:
        cand = _other(m, sources)
        if cand:
            return sources, [cand], compound
    return sources, [], compound


def _pair_convention(group: list[str], pairs: dict[str, tuple[str, str]]) -> tuple[str, str]:
    g = set(group)
    if {"USA", "JPN", "KOR"} <= g and "USA-JPN-KOR" in pairs:
        return pairs["USA-JPN-KOR"]
    ip4 = {"JPN", "KOR", "AUS", "NZL"}
    if len(g) >= 3 and g <= ip4 | {"IP4"} and "IP4" in pairs:
        return pairs["IP4"]
    return group[0], group[1]


def _host(mentions: list[Mention], source: str) -> str | None:
    for m in mentions:
        if m.host and m.host != source:
            return m.host
    for m in mentions:
        if m.kind == "compound":
            for a in m.actors:
                if a != source:
                    return a
    return None


_BETWEEN = re.compile(r"(?:zwischen|between)\s")
_MEETING_WORD = re.compile(r"^-?\s?(?:treffen|gipfel|gespräch|meeting|summit|talks|회담|회의|会談|会合|首脳)")


def _meeting_pair(norm: str, sent: Sentence, mentions: list[Mention],
                  ctx: _Ctx) -> tuple[str, str] | None:
    """Who the meeting that fell through was between: 'zwischen X und Y', 'X-Treffen'."""
    snorm = norm[sent.start:sent.end]
    local = [Mention(m.start - sent.start, m.end - sent.start, m.text, m.actors, m.kind)
             for m in mentions]
    for text, ms in ((snorm, local), (ctx.prev_norm, ctx.prev_mentions)):
        for b in _BETWEEN.finditer(text):
            inside = [m for m in ms if b.end() <= m.start <= b.end() + 80]
            acts = _distinct_actors(inside)
            if len(acts) >= 2:
                return acts[0], acts[1]
    named = [m for m in local if _MEETING_WORD.match(snorm[m.end:m.end + 12])]
    if named:
        first = named[0].actors[0]
        rest = [a for a in _distinct_actors(local) if a != first]
        if rest:
            return first, rest[0]
        if ctx.last_source and ctx.last_source != first:
            return first, ctx.last_source
    return None


def _pronoun_subject(norm: str, sent: Sentence, h: Hit, mentions: list[Mention],
                     lang: str | None) -> bool:
    """'He urged', 'fordert er': a pronoun, not the mention, is the subject of the deed."""
    pron = {"he", "she", "they", "it", "er", "sie", "es"}
    before = norm[max(sent.start, h.start - 25):h.start]
    last_m = max((m.end for m in mentions if m.end <= h.start), default=-1)
    words = _WORD.findall(before)[-2:]
    if words and words[-1] in pron and last_m < h.start - len(before) + before.rfind(words[-1]):
        return True
    if lang == "de":
        after = _WORD.findall(norm[h.end:min(sent.end, h.end + 12)])[:1]
        return bool(after and after[0] in {"er", "sie", "es"})
    return False


def _interrogative(norm: str, sent: Sentence, h: Hit) -> bool:
    """A deed asked about ("Warum sagten sie ab?") is not reported as done."""
    tail = norm[h.end:sent.end].rstrip(" \"')")
    return tail.endswith("?") and not re.search(r"[:;]", tail)


_SINCE = re.compile(r"(?<![a-z])(?:seit|since)\s+(?:19|20)\d\d|(?:19|20)\d\d\s?(?:년부터|年以来|年から)")


def _background(snorm: str, ref: dt.date | None) -> bool:
    """A sentence about a state of affairs since some year: its nouns are no events."""
    return bool(_SINCE.search(snorm))


def _window(norm: str, sent: Sentence, start: int, end: int) -> str:
    return norm[max(sent.start, start):min(sent.end, end)]


def _negated(lex: LanguageLexicon, norm: str, sent: Sentence, h: Hit) -> bool:
    exempt = lex.marker("negation_exempt")
    before_rx = lex.marker("negation_before")
    after_rx = lex.marker("negation_after")
    if lex.lang in ("ko", "ja"):
        after = _window(norm, sent, h.end, h.end + (10 if lex.lang == "ko" else 6))
        if after_rx and after_rx.search(after):
            return True
        before = _window(norm, sent, h.start - 3, h.start)
        return bool(before_rx and before_rx.search(before))
    before = _window(norm, sent, h.start - 45, h.start)
    before = re.split(r"[,;:]|\bbut\b|\baber\b|\bdoch\b|\bsondern\b", before)[-1]
    words = before.split()[-6:]
    before = " ".join(words)
    if exempt and exempt.search(norm[max(sent.start, h.start - 45):h.end + 10]):
        return False
    if before_rx and before_rx.search(before):
        return True
    inner = norm[h.start:h.end]
    first_word = inner.split(" ", 1)
    if lex.lang == "de" and before_rx and len(first_word) == 2 and \
            not before_rx.match(first_word[0]) and before_rx.search(first_word[1]):
        return True
    if after_rx:
        after = _window(norm, sent, h.end, h.end + 25)
        after = re.split(r"[,;:.]", after)[0]
        if after_rx.search(" ".join(after.split()[:3])):
            return True
    return False


def _hedged(lex: LanguageLexicon, norm: str, sent: Sentence, h: Hit) -> bool:
    rx = lex.marker("hedge")
    if rx is None:
        return False
    if lex.lang in ("ko", "ja"):
        return bool(rx.search(_window(norm, sent, h.start - 8, h.end + 14)))
    before = _window(norm, sent, h.start - 50, h.start)
    before = re.split(r"[,;:]", before)[-1]
    return bool(rx.search(before) or rx.search(norm[h.start:h.end]))


def _historical(lex: LanguageLexicon, norm: str, sent: Sentence, h: Hit,
                ref: dt.date | None) -> bool:
    """A deed dated to an earlier year ('signed in 2016', '2019년') is background."""
    if ref is None:
        return False
    near = _window(norm, sent, h.start - 30, h.end + 30)
    years = [int(y) for y in _YEAR_NEAR.findall(near)]
    if years and all(y < ref.year for y in years):
        prefix = _window(norm, sent, h.start - 30, h.start)
        # "2019년 종료 파동을 겪었던 지소미아를 … 정상화" — a year as a modifier before the
        # object is background for the object, not for the deed: require it close to the deed
        return any(str(y) in prefix[-18:] or str(y) in norm[h.end:h.end + 20] for y in years)
    return False


def _absorb(trigs: list[_Trig], norm: str, lang: str | None) -> list[_Trig]:
    """A governing deed's content is not a second event ('agreed to expand exercises')."""
    if len(trigs) < 2:
        return trigs
    drop: set[int] = set()
    for i, g in enumerate(trigs):
        if not g.deed.governs:
            continue
        for j, c in enumerate(trigs):
            if i == j or c.deed.governs and not c.deed.yields:
                continue
            if lang in ("ko", "ja"):
                if c.hit.end <= g.hit.start and g.hit.start - c.hit.end <= 12:
                    drop.add(j)
            elif c.hit.start >= g.hit.end and c.hit.start - g.hit.end <= 120:
                between = norm[g.hit.end:c.hit.start]
                text = norm[c.hit.start:c.hit.end]
                if re.search(r"(?<![a-zäöü])(?:to|zu)(?![a-zäöü])", between) or "zu" in text:
                    drop.add(j)
    return [t for k, t in enumerate(trigs) if k not in drop]


def _priority(ev: CodedEvent, lex: Lexicon) -> tuple[int, int]:
    d = lex.deeds[ev.deed]
    return (2 if d.governs and not d.yields else 1 if not d.yields else 0,
            1 if ev.event.signals else 0)


def _reconcile(events: list[CodedEvent], lex: Lexicon) -> list[CodedEvent]:
    """One event per actor pair and sentence; a decision yields to the refusal it contains."""
    negatives = {(e.event.source) for e in events if e.polarity < 0}
    events = [e for e in events
              if not (lex.deeds[e.deed].yields and e.event.source in negatives)]
    best: dict[tuple[str | None, ...], CodedEvent] = {}
    order: list[tuple[str | None, ...]] = []
    for e in events:
        pair = (e.event.source, e.event.target)
        key = tuple(sorted(pair, key=str)) if lex.deeds[e.deed].symmetric else pair
        if key not in best:
            best[key] = e
            order.append(key)
        elif _priority(e, lex) > _priority(best[key], lex):
            best[key] = e
    return [best[k] for k in order]


def _dedupe(events: list[CodedEvent]) -> list[CodedEvent]:
    """The same event told twice in one document is one event (its first sentence)."""
    seen: dict[tuple[str, str | None, str, dt.date | None], CodedEvent] = {}
    out: list[CodedEvent] = []
    for e in events:
        ev = e.event
        key = (ev.source, ev.target, ev.category, ev.date)
        if key in seen:
            first = seen[key]
            merged = list(first.event.signals)
            for s in ev.signals:
                if s not in merged:
                    merged.append(s)
            first.event = first.event.model_copy(update={
                "signals": merged, "confidence": max(first.event.confidence, ev.confidence)})
            continue
        seen[key] = e
        out.append(e)
    return out
