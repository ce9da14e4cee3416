"""Clause rules (issue 10, coder v3): which triggers are the main predicate of their clause.

The lexicon finds deed words with regular expressions; this module looks at the tokens (lemma
and part of speech from :mod:`.analysis`) and the clause that holds each trigger and says why a
trigger is *not* a deed of its own. Every rule is about grammar, never about a text:

- ``relative``: the trigger sits in an English relative clause that recalls background (a
  clause that opens with a relative pronoun after a comma and has a pluperfect, a year or
  "already", "earlier", "since" — "the drills, which Seoul had suspended in 2018"). German
  relative clauses are kept: they often report the news itself ("Trump, der zuvor gedroht
  hatte, …"), and dropping them lost gold deeds on the held-out half of the development set.
  Japanese and Korean adnominal clauses are handled by the coder's own modifier check.
- ``participle``: an English present participle after a noun modifies it ("four countries
  attending the summit have issued …"); the finite verb of the clause is the deed.
- ``light_verb``: German "treffen" with a noun that makes it a light verb ("eine Entscheidung
  treffen", "Vorkehrungen treffen", "Maßnahmen treffen") is not a meeting, nor is English
  "meet" with an abstract object ("will meet an overwhelming response", "met the target").
- ``plan``: a German plan, intention or expectation governs the trigger in the same clause
  ("Kishida plant zu bekräftigen", "voraussichtlich bestätigen"); demands, threats and refusals
  (``modal_ok`` deeds) are exempt. The English counterpart ("is expected to reaffirm") raised
  the development-set figures but lowered the PLOVER actor scores, which code planned deeds,
  so it is off (``_planned`` still knows English for callers that want it).
- ``name``: a capitalised "Agreement"/"Abkommen" inside a title-case name ("the Special
  Measures Agreement") names a treaty, it is no new agreement.
- ``predicative``: English "doubles as" is a role, not an increase.
- ``wish``: the trigger is the content of a hope or expectation ("hoped that ties would be
  strengthened", "Er hoffe, dass … gestärkt werde").
- ``pressure``: the deed is what someone is under pressure to do ("stand unter Druck, sich
  gegen … zu behaupten").
- ``cause``: a deed noun in a phrase of cause or time ("nach US-Angriffen auf …", "amid the
  strikes") is background to the sentence's own deed.
- ``adverb``: German "entschieden" without an auxiliary is the adverb "firmly" ("lehnte …
  entschieden ab"), not a decision.

Korean and Japanese (coder v4, :func:`cjk_not_done`, :func:`cjk_scope`): the predicate of a
condition or of a duty is no deed, and the trigger's clause bounds the negation and hedge
windows of the lexicon.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import yaml

from alliance_monitor.coding.analysis import Clause, Token, clause_at, clauses, tokens
from alliance_monitor.coding.gazetteer import data_dir

#: German nouns that make "treffen" a light verb (decide, prepare, arrange …), by lemma.
_DE_LIGHT_OBJECTS = frozenset({
    "entscheidung", "entscheidungen", "vorkehrung", "vorkehrungen", "maßnahme", "maßnahmen",
    "nerv", "ton", "ziel",
    "vorbereitung", "vorbereitungen", "absprache", "absprachen", "wahl", "auswahl", "aussage",
    "aussagen", "feststellung", "feststellungen", "regelung", "regelungen", "vorsorge",
    "festlegung", "festlegungen", "unterscheidung", "annahme", "verabredung", "einschätzung",
    "vereinbarung", "vereinbarungen", "entschluss", "beschluss", "beschlüsse", "abwägung",
})
_EN_MEET_OBJECT = re.compile(
    r"\s+(?:(?:a|an|the|its|their|this|that|these|those|all|every)\s+)?"
    r"(?:(?!with\b|in\b|at\b|on\b|of\b|for\b|to\b|and\b)[\w-]+\s+)?"
    r"(?:response|responses|resistance|targets?|goals?|criteria|deadlines?|standards?|"
    r"threshold|challenges?|fate|end|opposition|criticism)\b", re.I)
# ("meet the demands" stays: fulfilling a demand, and "would not meet the demands" is a rebuff)
_MEET_FORMS = frozenset({"meet", "meets", "met"})
_PLAN_EN = frozenset({"plan", "intend", "expect", "aim", "hope", "seek", "consider", "weigh",
                      "mull", "prepare", "want", "wish"})
_PLAN_DE = frozenset({"planen", "beabsichtigen", "vorhaben", "anstreben", "erwägen", "prüfen",
                      "hoffen", "voraussichtlich", "vermutlich", "erwarten", "wollen"})
_PLAN_DE_FORMS = frozenset({"plant", "planen", "plante", "planten", "beabsichtigt",
                            "beabsichtigen", "erwägt", "erwägen", "prüft", "prüfen", "hofft",
                            "hoffen", "voraussichtlich", "vermutlich", "erwartet", "will",
                            "wollen", "wolle"})
_NAME_HEADS = ("agreement", "abkommen", "accord", "treaty", "vertrag", "pact")
_WISH = frozenset({"hope", "wish", "expect", "hoffen", "wünschen", "erwarten", "erhoffen"})
_WISH_FORMS = frozenset({"hoffe", "hofft", "hoffen", "hoffte", "hofften", "wünscht",
                         "wünschte", "erwartet", "erwarte", "erwartete", "erhofft"})
_THAT = frozenset({"that", "dass", "daß"})



@dataclass(frozen=True)
class Span:
    """A trigger, in sentence offsets."""

    start: int
    end: int
    deed: str
    modal_ok: bool = False


class SentenceAnalysis:
    """Tokens and clauses of one sentence, computed once and only when a rule needs them."""

    def __init__(self, text: str, lang: str | None):
        self.text = text
        self.lang = lang if lang in ("en", "de", "ko", "ja") else "en"
        self._toks: list[Token] | None = None
        self._cls: list[Clause] | None = None

    @property
    def toks(self) -> list[Token]:
        if self._toks is None:
            self._toks = tokens(self.text, self.lang)
        return self._toks

    @property
    def cls(self) -> list[Clause]:
        if self._cls is None:
            self._cls = clauses(self.toks, self.lang, len(self.text))
        return self._cls


#: words before an "-ing" form that make it a verb form or a noun, not a modifier
_NOT_NOUN = frozenset({"is", "are", "was", "were", "be", "been", "being", "am", "'s", "the",
                       "a", "an", "their", "its", "his", "her", "our", "of", "in", "on", "at",
                       "for", "by", "with", "to", "after", "before", "while", "from", "and",
                       "or", "this", "that", "not", "also", "still", "without", "about"})
_CUES = {
    "en": re.compile(r",\s(?:which|who|whom|whose)\b|\b(?:hope[sd]?|hoping|wish(?:es|ed)?|"
                     r"expect(?:s|ed)?)\b[^.;:]{0,20}\bthat\b|\bunder pressure\b|"
                     r"\b(?:after|following|amid|despite)\b"),
    "de": re.compile(r"\b(?:" + "|".join(sorted(_PLAN_DE_FORMS | _WISH_FORMS)) +
                     r"|unter druck|nach|angesichts|wegen|infolge|trotz)\b"),
}


def may_apply(sentence: str, span: Span, lang: str | None) -> bool:
    """Cheap test on the raw text: could any rule apply to this trigger? The analysis (tokens,
    lemmas, clauses) is computed only when it could, which keeps the coder fast."""
    if lang not in ("en", "de"):
        return False
    word = sentence[span.start:span.end]
    low = word.lower()
    if span.deed in ("agree", "statement") and word[:1].isupper() and span.start > 0:
        return True
    if lang == "en":
        before = sentence[:span.start].split()
        participle = low.split(" ", 1)[0].endswith("ing") and bool(before) and \
            before[-1].lower() not in _NOT_NOUN
        return participle or (span.deed == "meet" and low.split(" ", 1)[0] in _MEET_FORMS) or \
            (span.deed == "increase" and low.startswith("doubl")) or \
            bool(_CUES["en"].search(sentence.lower()))
    return (span.deed == "meet" and any(x in low for x in ("treff", "troff", "traf", "triff"))) or \
        (span.deed == "decide" and low == "entschieden") or \
        bool(_CUES["de"].search(sentence.lower()))


def why_not(an: SentenceAnalysis, span: Span) -> str | None:
    """The reason the trigger at ``span`` is not a deed of its own, or None."""
    if an.lang not in ("en", "de") or not may_apply(an.text, span, an.lang):
        return None
    toks = an.toks
    ti = next((i for i, t in enumerate(toks) if t.end > span.start), None)
    if ti is None:
        return None
    head = toks[ti]
    ci = clause_at(an.cls, head.start)
    clause = an.cls[ci]
    ctoks = clause.tokens
    if an.lang == "en" and _relative(toks, clause) and _background(ctoks):
        return "relative"
    low = head.text.lower()
    if an.lang == "en":
        prev = toks[ti - 1] if ti else None
        if low.endswith("ing") and prev is not None and prev.pos in ("NOUN", "PROPN") and \
                not any(t.pos in ("AUX", "MODAL") for t in toks[max(0, ti - 3):ti]) and \
                _finite_after(toks, ti, clause):
            return "participle"
        nxt = toks[ti + 1] if ti + 1 < len(toks) else None
        if span.deed == "increase" and low.startswith("doubl") and nxt is not None and \
                nxt.text.lower() == "as":
            return "predicative"
    if an.lang == "en" and span.deed == "meet" and low.split(" ", 1)[0] in _MEET_FORMS and \
            _EN_MEET_OBJECT.match(an.text, span.end):
        return "light_verb"  # "will meet an overwhelming response", "met the target"
    if an.lang == "de" and span.deed == "meet" and "treff" in \
            an.text[span.start:span.end].lower() + head.lemma and \
            any(t.text.lower() in _DE_LIGHT_OBJECTS for t in ctoks):
        return "light_verb"
    if an.lang == "de" and not span.modal_ok and _planned(ctoks, head, an.lang):
        return "plan"
    if not span.modal_ok and _wished(toks, ti, an.lang):
        return "wish"
    if _under_pressure(toks, ti, span):
        return "pressure"
    if _cause_phrase(toks, ti, an.lang):
        return "cause"
    if an.lang == "de" and span.deed == "decide" and low == "entschieden" and \
            not any(t.pos == "AUX" or t.text.lower() == "sich" for t in ctoks):
        return "adverb"
    if span.deed in ("agree", "statement") and _treaty_name(toks, ti, an.text, span):
        return "name"
    return None


def background(an: SentenceAnalysis, span: Span, ref_year: int | None) -> str | None:
    """The trigger's clause tells background, not news (coder v6, German and English):
    ``earlier_time``, a phrase placing the clause in an earlier time — "in 2012", "last year",
    "for years", "seit Jahren", "vergangenes Jahr", "damals" — anywhere in the clause, not only
    within a few characters of the trigger. (The pluperfect alone is no such mark: reports
    backshift the news itself, "said he had rejected", "Zuvor hatte Tokio … verhängt", and the
    development set codes those; "zuvor" alone often means earlier the same day.)"""
    if an.lang not in ("en", "de"):
        return None
    low_text = an.text.lower()  # cheap test on the whole sentence before any analysis
    if not (_EARLIER[an.lang].search(low_text) or _IN_YEAR[an.lang].search(low_text)):
        return None
    toks = an.toks
    ti = next((i for i, t in enumerate(toks) if t.end > span.start), None)
    if ti is None:
        return None
    clause = an.cls[clause_at(an.cls, toks[ti].start)]
    lo, hi = clause.start, clause.end
    scope = an.text[lo:hi].lower()
    for m in _EARLIER[an.lang].finditer(scope):
        if _SPAN_BACK.match(m.group()) and _FIRST.search(low_text, 0, lo + m.start()):
            continue  # "das erste Treffen seit drei Jahren", "the first … in the past 28 years"
        return "earlier_time"
    if ref_year is not None:
        for m in _IN_YEAR[an.lang].finditer(scope):
            if int(m.group(1)) < ref_year:
                return "earlier_time"
    return None


_EARLIER = {
    "en": re.compile(r"\blast (?:year|month)\b|\byears ago\b|\bmonths ago\b|"
                     r"\bfor (?:years|decades)\b|\bat the time\b|\bused to\b|\bback in\b|"
                     r"\bthe then\b|\bthen-(?:president|prime|leader|secretary)|"
                     r"\bduring (?:the|his|her) (?:election |presidential )?campaign\b|"
                     r"\bon the campaign trail\b|"
                     # coder v8.5: weeks back ("a week ago", "last week", "earlier this month")
                     r"\blast week\b|\bweeks? ago\b|\ba month ago\b|"
                     r"\bearlier this (?:month|year)\b|"
                     # coder v8.7: "agreed upon … for the past 28 years"
                     # ("the first time in the past 28 years" is news)
                     r"(?<!time )\b(?:for|over|in) the (?:past|last) (?:\w+ )?(?:years|decades)\b"),
    "de": re.compile(r"\b(?:vergangenes|letztes|im vergangenen|im letzten) jahr\b|"
                     r"\bvor (?:\w+ )?jahren\b|\bseit (?:langem|jahren|monaten|jahrzehnten)\b|"
                     r"\bdamals\b|\bdamalige[nmrs]?\b|\bjahre zuvor\b|"
                     r"\b(?:im )?(?:vergangenen|letzten|vorigen) monat\b|"
                     r"\b(?:im|während des) wahlkampfe?s?\b|"
                     # coder v8.5: weeks back ("vor einer Woche", "vergangene Woche", "vor Kurzem")
                     r"\bvor (?:einer|zwei|drei|vier|\d+) wochen?\b|\bvor einem monat\b|"
                     r"\b(?:in der )?(?:vergangenen|letzten|vorigen) woche\b|"
                     r"\b(?:vergangene|letzte|vorige) woche\b|\bvor kurzem\b|"
                     # coder v8.7: "seit 28 Jahren", "in den vergangenen zehn Jahren"
                     # ("zum ersten Mal seit vier Jahren" is news)
                     r"(?<!mal )(?<!erstmals )\bseit (?:\d+|\w+) (?:jahren|jahrzehnten)\b|"
                     r"\bin den (?:vergangenen|letzten) (?:\w+ )?(?:jahren|jahrzehnten)\b"),
}
#: a span reaching back to now ("seit drei Jahren", "for the past 28 years"): background, unless
#: the clause calls the deed the first in that span (coder v8.7)
_SPAN_BACK = re.compile(r"seit |in den |(?:for|over|in) the ")
_FIRST = re.compile(r"\b(?:erst\w*|first)\b")
_IN_YEAR = {"en": re.compile(r"\b(?:in|since|back in)\s+((?:19|20)\d\d)\b"),
            "de": re.compile(r"\b(?:im jahr|im jahre|seit)\s+((?:19|20)\d\d)\b")}


def _relative(toks: list[Token], clause: Clause) -> bool:
    """A clause opened by a relative pronoun right after a comma (or after comma + preposition:
    'mit denen', 'with which')."""
    ctoks = clause.tokens
    if not ctoks:
        return False
    first = 0
    if ctoks[0].pos == "ADP" and len(ctoks) > 1:
        first = 1
    if ctoks[first].pos != "REL":
        return False
    if ctoks[first].text.lower() in ("that", "where", "wo"):
        return False  # "said that …", "where" clauses report deeds as often as not
    i = toks.index(ctoks[0])
    return i > 0 and toks[i - 1].text == ","


_BACKGROUND = frozenset({"had", "hatte", "hatten", "war", "waren", "earlier", "previously",
                         "already", "ago", "once", "since", "zuvor", "bereits", "schon",
                         "damals", "einst", "seit", "vorher"})


def _background(ctoks: list[Token]) -> bool:
    """The clause recalls earlier events: pluperfect, a year, 'already', 'zuvor', 'since'."""
    return any(t.text.lower() in _BACKGROUND or (t.pos == "NUM" and len(t.text) == 4 and
                                                  t.text[:2] in ("19", "20"))
               for t in ctoks)


def _finite_after(toks: list[Token], ti: int, clause: Clause) -> bool:
    """A finite verb or auxiliary follows in the clause ('… attending the summit have issued')."""
    for t in toks[ti + 1:]:
        if t.start >= clause.end:
            break
        if t.pos in ("AUX", "MODAL"):
            return True
        if t.pos == "VERB" and t.text.lower().endswith("ed"):
            return True
    return False


def _planned(ctoks: list[Token], head: Token, lang: str) -> bool:
    before = [t for t in ctoks if t.end <= head.start]
    if lang == "en":
        for i, t in enumerate(before):
            if t.lemma in _PLAN_EN and t.pos in ("VERB", "NOUN") and \
                    any(u.text.lower() == "to" for u in before[i + 1:i + 4]):
                return True
        return False
    return any(t.text.lower() in _PLAN_DE_FORMS for t in before)




def _wished(toks: list[Token], ti: int, lang: str) -> bool:
    """The trigger is the content of a hope, expectation or (German) plan: 'He hoped that ties
    would be strengthened', 'Er hoffe, dass … gestärkt werde', 'werden voraussichtlich
    bestätigen, dass sie … ausbauen'."""
    for j in range(ti - 1, max(-1, ti - 25), -1):
        t = toks[j]
        if t.text.lower() in _THAT:
            before = [u for u in toks[max(0, j - 4):j] if u.pos != "PUNCT"]
            return any(u.lemma in _WISH or u.text.lower() in _WISH_FORMS or
                       (lang == "de" and u.text.lower() in _PLAN_DE_FORMS) for u in before)
        if t.text in (".", ";", ":") or t.pos == "SCONJ":
            return False
    return False


_PRESSURE = frozenset({"druck", "pressure"})


def _under_pressure(toks: list[Token], ti: int, span: Span) -> bool:
    """'stand unter Druck, sich gegen … zu behaupten', 'under pressure to reject': the deed is
    what someone is pressed to do, not what was done."""
    for j in range(ti - 1, max(-1, ti - 20), -1):
        t = toks[j]
        if t.text in (".", ";", ":") or t.pos == "SCONJ":
            return False
        if t.text.lower() in _PRESSURE and j > 0 and toks[j - 1].text.lower() in ("unter",
                                                                                   "under"):
            end = span.end + 40
            return any(u.text.lower() in ("zu", "to") for u in toks[j + 1:]
                       if u.start < end and u.text not in (".", ";"))
    return False


_CAUSE_ADPS = frozenset({"nach", "after", "following", "amid", "angesichts", "wegen",
                         "infolge", "despite", "trotz"})


def _cause_phrase(toks: list[Token], ti: int, lang: str) -> bool:
    """A deed noun in a phrase of cause or time ('nach US-Angriffen auf …', 'amid the
    strikes'): background to the sentence's own deed. Verbs ('after Japan cancelled') and
    meetings ('nach dem Treffen', handled as venues) are not affected."""
    head = toks[ti]
    if lang == "de":
        if not head.text[:1].isupper() or head.pos not in ("NOUN", "PROPN"):
            return False
    elif not head.text.lower().endswith(("s", "ion", "ment", "ure", "ance", "ence")) or \
            head.text.lower().endswith(("ed", "ing")):
        return False
    for j in range(ti - 1, max(-1, ti - 3), -1):
        t = toks[j]
        if t.text.lower() in _CAUSE_ADPS:
            return True
        if t.pos != "DET" and t.text.lower() not in ("the", "its", "their", "den", "dem", "der",
                                                     "des"):
            return False  # "nach den kurzfristigen Absagen …": the deed is the news
    return False


def _treaty_name(toks: list[Token], ti: int, text: str, span: Span) -> bool:
    word = text[span.start:span.end]
    if not word[:1].isupper() or not word.lower().startswith(_NAME_HEADS) or ti == 0:
        return False
    prev = toks[ti - 1]
    return prev.text[:1].isupper() and prev.pos not in ("DET", "PUNCT")


# ------------------------------------------------------------------------------ Korean, Japanese
#
# Coder v4: Korean and Japanese triggers are read against their clause from the kiwipiepy and
# sudachipy analysis. The clause that holds a trigger bounds where negation, hedges and plans
# are looked for (the lexicon's character windows are cut to it), and a trigger whose clause is
# a condition ("도발하면", "공격할 경우", "参加すれば", "攻撃した場合") is no deed.

#: Korean connective endings of a condition (kiwipiepy forms)
_KO_COND_EC = frozenset({"면", "으면", "ᆫ다면", "다면", "는다면", "라면", "이라면", "거든"})
_KO_COND_NOUNS = frozenset({"경우", "시"})
_JA_COND_AUX = frozenset({"たら", "なら", "だら"})
_JA_COND_NOUNS = frozenset({"場合", "際には"})
#: Tokens that may stand between a trigger and the ending that makes it a condition
_KO_CHAIN = frozenset({"XSV", "XSA", "EP", "VX", "ETM", "NNB", "VV", "VA", "VCN", "ETN"})


def cjk_scope(an: SentenceAnalysis, span: Span) -> tuple[int, int]:
    """Sentence offsets of the clause(s) that hold the trigger."""
    cls = an.cls
    first = cls[clause_at(cls, span.start)]
    last = cls[clause_at(cls, max(span.start, span.end - 1))]
    return first.start, max(first.end, last.end)


def cjk_not_done(an: SentenceAnalysis, span: Span) -> str | None:
    """Why a Korean or Japanese trigger is no deed done, read from the endings after it:
    ``condition`` ('북한이 도발하면', '공격할 경우', '参加すれば', '参加したら', '攻撃した場合')
    or ``obligation`` ('강화해야 한다', '増額しなければならない', '増額すべきだ'; demands,
    threats and refusals exempt), else None."""
    toks = an.toks
    after = [t for t in toks if t.start >= span.end or (t.start >= span.start and
                                                        t.end > span.end)]
    if an.lang == "ko":
        for k, t in enumerate(after[:6]):
            if t.tag == "EC":
                if t.text in _KO_COND_EC or t.lemma in _KO_COND_EC:
                    return "condition"
                nxt = after[k + 1] if k + 1 < len(after) else None
                if t.text in ("어야", "아야", "여야") and nxt is not None and \
                        nxt.text in ("하", "되") and not span.modal_ok:
                    return "obligation"
                return None
            if t.tag == "NNG" and t.text in _KO_COND_NOUNS:
                return "condition" if toks[toks.index(t) - 1].tag == "ETM" else None
            if t.tag not in _KO_CHAIN:
                return None
        return None
    for t in after[:6]:
        if t.pos in ("AUX", "NEG") and t.text.startswith(("なけれ", "なくて", "べき")):
            return None if span.modal_ok else "obligation"
        if t.text in _JA_COND_AUX and t.pos == "AUX":
            return "condition"
        if t.tag == "助詞-接続助詞":
            return "condition" if t.text == "ば" else None
        if t.pos == "NOUN":
            return "condition" if t.text in _JA_COND_NOUNS and \
                toks[toks.index(t) - 1].pos in ("VERB", "AUX", "NEG") else None
        if t.pos not in ("VERB", "AUX", "NEG"):
            return None
    return None


# ------------------------------------------------------------------------------ coder v5

@dataclass(frozen=True)
class _RRWords:
    """Compiled word lists of ``data/reversal_request.yaml`` for one language."""

    measure: re.Pattern[str]
    reversal: re.Pattern[str]
    gap_stop: frozenset[str]
    link: re.Pattern[str]
    brk: re.Pattern[str]
    coordinator: re.Pattern[str]
    tightening: re.Pattern[str] | None = None


def _alternation(pats: list[str], latin: bool) -> re.Pattern[str]:
    body = "|".join(f"(?:{p})" for p in sorted(pats, key=len, reverse=True))
    if latin:
        return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])")
    return re.compile(f"(?:{body})")


@lru_cache(maxsize=1)
def _rr_data() -> dict[str, Any]:
    raw = yaml.safe_load((data_dir() / "reversal_request.yaml").read_text(encoding="utf-8"))
    return dict(raw or {})


@lru_cache(maxsize=8)
def _rr(lang: str) -> _RRWords | None:
    spec = _rr_data().get(lang)
    if not isinstance(spec, dict):
        return None
    latin = lang in ("en", "de")
    return _RRWords(_alternation(spec["measure"], latin), _alternation(spec["reversal"], latin),
                    frozenset(spec.get("reversal_gap_stop") or ()),
                    _alternation(spec["request_link"], latin),
                    _alternation(spec["request_break"], False),
                    re.compile("(?:" + "|".join(spec.get("request_new_subject") or ["(?!)"]) +
                               r")\s+(?:(?:the|die|der|das)\s+)?$"),
                    _alternation(spec["tightening"], latin) if spec.get("tightening") else None)


def measure_deed(kind: str = "reversal") -> tuple[str, frozenset[str]]:
    """The deed a reversed (``kind="reversal"``) or tightened (``"tightening"``) measure
    becomes, and the deeds found on the pair it replaces."""
    d = _rr_data()
    return str(d[f"{kind}_deed"]), frozenset(d[f"{kind}_replaces"])


def request_deeds() -> tuple[frozenset[str], frozenset[str]]:
    """The request deeds, and the deeds their content never swallows."""
    d = _rr_data()
    return frozenset(d["request_deeds"]), frozenset(d["request_keeps"])


_PASSIVE_EN = re.compile(r"^\s*(?:(?:has|have|had|will|would|could|to|may|might)\s+)?"
                         r"(?:(?:been|be|being|was|were|is|are)\s+)?(?:been\s+)?(?:\w+ly\s+)?$")
_LATIN_BREAK = re.compile(r"[,;:.!?\"()]")
_CJK_BREAK = re.compile(r"[,.。、!?]|다\s")


def reversals(text: str, lang: str | None, kind: str = "reversal"
              ) -> list[tuple[int, int, int, int]]:
    """Restrictive measures governed by a verb that lifts, eases or ends them.

    ``text`` is the normalised sentence. Returns ``(start, end, verb_start, verb_end)`` in
    sentence offsets: the span of measure and verb together, and the verb. English: the verb
    before its object ("lifted the export controls", "the lifting of sanctions") or a passive
    ("sanctions were eased"); German: both in one clause in either order ("hob die
    Sanktionen auf", "die Exportkontrollen wurden gelockert"); Korean and Japanese: the measure
    and its particle right before the verb ("수출규제를 해제", "輸出規制を緩和").

    ``kind="tightening"`` (coder v6) finds measures tightened, raised or widened the same way
    ("tightened export controls", "verschärfte die Exportkontrollen", "수출 규제를 강화",
    "輸出管理を強化"): a restrictive measure, not cooperation.
    """
    if lang is None:
        return []
    w = _rr(lang)
    if w is None:
        return []
    verb_rx = w.reversal if kind == "reversal" else w.tightening
    if verb_rx is None:
        return []
    measures = list(w.measure.finditer(text))
    if not measures:
        return []
    verbs = list(verb_rx.finditer(text))
    out: list[tuple[int, int, int, int]] = []
    for n in measures:
        for v in verbs:
            if v.start() < n.end() and n.start() < v.end() and lang != "de":
                continue
            if lang in ("en", "de"):
                if v.end() <= n.start():
                    gap = text[v.end():n.start()]
                elif n.end() <= v.start():
                    gap = text[n.end():v.start()]
                else:  # a separable verb around its object: "hob die Sanktionen auf"
                    gap = ""
                words = re.findall(r"[\w-]+", gap)
                if _LATIN_BREAK.search(gap) or any(x in w.gap_stop for x in words):
                    continue
                if lang == "en":
                    ok = (v.end() <= n.start() and len(words) <= 4) or (
                        n.end() <= v.start() and _PASSIVE_EN.match(gap) is not None)
                else:
                    ok = len(gap) <= 60
            else:
                cjk_gap = text[n.end():v.start()]
                ok = n.end() <= v.start() and len(cjk_gap) <= 12 and \
                    not _CJK_BREAK.search(cjk_gap) and not any(s in cjk_gap for s in w.gap_stop)
            if ok:
                out.append((min(n.start(), v.start()), max(n.end(), v.end()),
                            v.start(), v.end()))
                break
    return out


def request_content(text: str, lang: str | None, request: tuple[int, int],
                    deed: tuple[int, int], actors: tuple[int, ...] = ()) -> bool:
    """The deed is the content of the request ("urged Japan to pay more", "forderte Japan
    auf, … zu erhöhen", "증액하라고 촉구했다", "増やすよう求めた"): asked for, not done.

    Offsets are in ``text`` (the normalised sentence). English and German content follows the
    request verb after a link ("to", "that", "zu", "dass") with no new clause in between;
    Korean and Japanese content precedes it and ends in a quotative or nominal link
    ("-라고", "-도록", "よう", "ことを"). ``actors`` are the sentence offsets of actor
    mentions: an actor after a coordinator past the request's link opens a clause of its own
    ("asked Japan to pay more and Tokyo agreed to …").
    """
    if lang is None:
        return False
    w = _rr(lang)
    if w is None:
        return False
    rs, re_ = request
    ds, de = deed
    if lang in ("en", "de"):
        if ds < re_:
            return False
        between = text[re_:ds]
        if w.brk.search(between):
            return False
        link = w.link.search(text, rs, ds)
        if link is not None and any(
                link.end() <= a < ds and w.coordinator.search(text[max(link.end(), a - 12):a])
                for a in actors):
            return False  # a new subject after "and": its own clause
        # the link may end the request's own trigger ("pressed Seoul to", "asked Japan to")
        return bool(link or w.link.search(text[ds:de]) or
                    (lang == "de" and w.link.search(text[de:de + 4])))
    if de > rs:
        return False
    between = text[de:rs]
    if len(between) > 40 or w.brk.search(between):
        return False
    # the link closes the content right after its predicate ("늘리라고", "増やすよう", "延長を")
    return bool(w.link.search(between[:8]))
