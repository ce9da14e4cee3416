"""Clause-level linguistic analysis (issue 10): tokens with lemma and part of speech, clauses,
and the clause features the "newly reported deed" gate (:mod:`.gate`) decides on.

- German and English: simplemma lemmas (its data ships in the wheel) and a light rule-based
  tagger over the closed word classes in ``data/clause_words.yaml`` (auxiliaries, modals,
  negation, relative pronouns, conjunctions) plus capitalisation and suffixes.
- Korean: kiwipiepy (model from the ``kiwipiepy_model`` package, no download at run time).
- Japanese: sudachipy with ``sudachidict_core`` (split mode C).

A clause ends at ``;``/``:``, quotation marks, a subordinating or adversative conjunction, a
comma before a relative pronoun or conjunction (DE/EN), a Korean connective ending (EC) or a
Japanese conjunctive particle (接続助詞). Tense, modality, negation and quotation are read from
the clause that holds the trigger, not from a fixed character window.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import yaml

from alliance_monitor.coding.gazetteer import data_dir
from alliance_monitor.errors import CodingError

LANGS = ("en", "de", "ko", "ja")
_TOKEN = re.compile(r"[0-9A-Za-zÀ-ÖØ-öø-ÿĀ-žẞß]+(?:['’-][0-9A-Za-zÀ-ÖØ-öø-ÿĀ-žß]+)*|\S")
_QUOTES = set("\"“”„‟«»「」『』‘’'`")
_OPEN_QUOTES = set("“„«「『‘")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


class AnalysisError(CodingError):
    """A language analyser could not be loaded (its package is missing or broken)."""


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str
    lemma: str
    pos: str  # NOUN PROPN VERB AUX MODAL NEG ADP DET PRON REL SCONJ CCONJ PUNCT NUM ADV X
    tag: str = ""  # the analyser's own tag (kiwi / sudachi), empty for DE/EN


@dataclass
class Clause:
    start: int
    end: int
    tokens: list[Token] = field(default_factory=list)


@dataclass(frozen=True)
class Words:
    """The word classes of one language (data file ``clause_words.yaml``)."""

    lists: dict[str, frozenset[str]]

    def has(self, kind: str, word: str) -> bool:
        return word in self.lists.get(kind, frozenset())

    def phrases(self, kind: str) -> frozenset[str]:
        return self.lists.get(kind, frozenset())


@lru_cache(maxsize=1)
def clause_words() -> dict[str, Words]:
    raw = yaml.safe_load((data_dir() / "clause_words.yaml").read_text(encoding="utf-8")) or {}
    return {lang: Words({k: frozenset(str(w).lower() for w in v) for k, v in spec.items()})
            for lang, spec in raw.items()}


# ------------------------------------------------------------------------------ analysers

class _Backends:
    """Korean and Japanese analysers, loaded once on first use (they take a few seconds)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._kiwi: Any = None
        self._sudachi: Any = None

    def kiwi(self) -> Any:
        with self._lock:
            if self._kiwi is None:
                try:
                    from kiwipiepy import Kiwi
                except ImportError as exc:  # pragma: no cover - a default dependency
                    raise AnalysisError("Korean analysis needs kiwipiepy and kiwipiepy_model "
                                        "(default dependencies; reinstall the package)") from exc
                self._kiwi = Kiwi(num_workers=-1, load_typo_dict=False, load_multi_dict=False)
            return self._kiwi

    def sudachi(self) -> Any:
        with self._lock:
            if self._sudachi is None:
                try:
                    from sudachipy import Dictionary
                except ImportError as exc:  # pragma: no cover - a default dependency
                    raise AnalysisError("Japanese analysis needs sudachipy and sudachidict_core "
                                        "(default dependencies; reinstall the package)") from exc
                self._sudachi = Dictionary(dict="core").tokenizer()
            return self._sudachi


BACKENDS = _Backends()


def tokens(text: str, lang: str | None) -> list[Token]:
    """Tokens of a sentence with lemma and coarse part of speech."""
    if lang == "ko":
        return _tokens_ko(text)
    if lang == "ja":
        return _tokens_ja(text)
    return _tokens_latin(text, "de" if lang == "de" else "en")


@lru_cache(maxsize=50000)
def _lemma(word: str, lang: str) -> str:
    import simplemma

    return str(simplemma.lemmatize(word, lang=lang)).lower()


def _tokens_latin(text: str, lang: str) -> list[Token]:
    w = clause_words()[lang]
    out: list[Token] = []
    for i, m in enumerate(_TOKEN.finditer(text)):
        word = m.group()
        low = word.lower()
        if not word[0].isalnum():
            out.append(Token(m.start(), m.end(), word, word, "PUNCT"))
            continue
        if word.isdigit():
            out.append(Token(m.start(), m.end(), word, word, "NUM"))
            continue
        lemma = _lemma(low, lang)
        # sentence-initial (or after a colon or quotation mark), not after a comma: ", die …"
        # opens a relative clause, "Die USA …" a sentence
        first = i == 0 or (bool(out) and out[-1].pos == "PUNCT" and out[-1].text != ",")
        pos = _latin_pos(word, low, lemma, lang, w, first=first)
        out.append(Token(m.start(), m.end(), word, lemma, pos))
    return out


_DETS = {"en": {"the", "a", "an", "this", "these", "those", "its", "their", "his", "her", "our"},
         "de": {"ein", "eine", "einen", "einem", "einer", "eines", "sein", "seine", "seinen",
                "ihr", "ihre", "ihren", "ihrem", "unser", "diese", "dieser", "diesen"}}
_ADPS = {"en": {"in", "on", "at", "with", "to", "from", "for", "by", "of", "over", "about",
                "against", "during", "into", "between", "amid", "toward", "towards"},
         "de": {"in", "im", "an", "am", "auf", "mit", "von", "vom", "zu", "zum", "zur", "für",
                "über", "bei", "beim", "nach", "gegen", "aus", "um", "unter", "zwischen", "vor",
                "trotz", "wegen", "laut", "gegenüber"}}
_PRONS = {"en": {"he", "she", "it", "they", "we", "i", "you", "him", "them", "us"},
          "de": {"er", "sie", "es", "wir", "ich", "ihn", "ihm", "ihnen", "uns", "man", "sich"}}


def _latin_pos(word: str, low: str, lemma: str, lang: str, w: Words, first: bool) -> str:
    if w.has("negation", low):
        return "NEG"
    if w.has("modal", low) or w.has("future", low):
        return "MODAL"
    if w.has("aux_past", low) or w.has("aux_perfect", low) or lemma in ("be", "have", "sein",
                                                                        "haben", "werden"):
        return "AUX"
    if low in _DETS[lang] or (lang == "en" and low in ("the", "a", "an")):
        return "DET"
    if w.has("relative", low) and not (lang == "de" and first):
        return "REL"
    if w.has("subordinate", low):
        return "SCONJ"
    if w.has("coordinate", low):
        return "CCONJ"
    if low in _ADPS[lang]:
        return "ADP"
    if low in _PRONS[lang]:
        return "PRON"
    if word[0].isupper() and not first:
        return "NOUN" if lang == "de" else "PROPN"
    if lang == "en":
        if low.endswith("ly"):
            return "ADV"
        if low.endswith(("ed", "ing")) or (lemma != low and not low.endswith("s")):
            return "VERB"
        return "NOUN" if low.endswith(("tion", "ment", "ness", "ship", "s")) else "VERB"
    if (low.startswith("ge") and low.endswith(("t", "en"))) or low.endswith(("te", "ten", "tet")):
        return "VERB"
    return "VERB" if lemma != low or low.endswith("en") else "ADJ"


_KO_POS = {"NNG": "NOUN", "NNP": "PROPN", "NNB": "NOUN", "NR": "NUM", "NP": "PRON",
           "VV": "VERB", "VA": "ADJ", "VX": "AUX", "VCP": "AUX", "VCN": "NEG", "MAG": "ADV",
           "MAJ": "CCONJ", "MM": "DET", "SN": "NUM", "SL": "PROPN", "SH": "PROPN"}


def _tokens_ko(text: str) -> list[Token]:
    out: list[Token] = []
    for t in BACKENDS.kiwi().tokenize(text):
        tag = str(t.tag).split("-")[0]
        if tag.startswith("J"):
            pos = "ADP"
        elif tag.startswith("E") or tag.startswith("XS"):
            pos = "AUX"
        elif tag.startswith("S") and tag not in ("SN", "SL", "SH"):
            pos = "PUNCT"
        else:
            pos = _KO_POS.get(tag, "X")
        if t.form in ("않", "못", "없", "아니") and tag in ("VX", "VA", "VCN", "MAG"):
            pos = "NEG"
        out.append(Token(t.start, t.start + t.len, t.form, t.form, pos, tag))
    return out


_JA_POS = {"名詞": "NOUN", "動詞": "VERB", "形容詞": "ADJ", "助動詞": "AUX", "助詞": "ADP",
           "副詞": "ADV", "接続詞": "CCONJ", "代名詞": "PRON", "連体詞": "DET",
           "補助記号": "PUNCT", "記号": "PUNCT", "形状詞": "ADJ", "接尾辞": "X", "接頭辞": "X"}


def _tokens_ja(text: str) -> list[Token]:
    from sudachipy import SplitMode

    out: list[Token] = []
    for m in BACKENDS.sudachi().tokenize(text, SplitMode.C):
        pos_info = m.part_of_speech()
        pos = _JA_POS.get(pos_info[0], "X")
        if pos_info[0] == "名詞" and pos_info[1] == "固有名詞":
            pos = "PROPN"
        lemma = m.dictionary_form()
        if pos == "AUX" and lemma in ("ない", "ず", "ぬ"):
            pos = "NEG"
        out.append(Token(m.begin(), m.end(), m.surface(), lemma, pos,
                         f"{pos_info[0]}-{pos_info[1]}"))
    return out


# ------------------------------------------------------------------------------ clauses

_DETERMINERS = frozenset({"der", "die", "das", "des", "dem", "den", "ein", "eine", "eines",
                          "einer", "einem", "einen", "seines", "ihres", "dieses", "dieser"})


def clauses(toks: list[Token], lang: str | None, length: int) -> list[Clause]:
    """Split a sentence's tokens into clauses (see the module docstring for the boundaries)."""
    out: list[Clause] = []
    cur: list[Token] = []
    start = 0

    def close(end: int) -> None:
        nonlocal cur, start
        if cur:
            out.append(Clause(start, end, cur))
        cur = []

    for i, t in enumerate(toks):
        boundary_before = False
        boundary_after = False
        if lang in ("en", "de", None):
            prev = toks[i - 1] if i else None
            adversative = t.pos == "CCONJ" and t.lemma in ("but", "aber", "doch", "sondern",
                                                           "yet")
            after_comma = t.pos in ("REL", "CCONJ") and prev is not None and prev.text == ","
            nxt = toks[i + 1] if i + 1 < len(toks) else None
            # German "während des Wahlkampfes", "seit dem Krieg": a preposition (English "after
            # the talks, …" was tried too and cost gold deeds on the read passages)
            prep = lang == "de" and nxt is not None and (
                nxt.text.lower() in _DETERMINERS or nxt.pos == "NUM")
            if (t.pos == "SCONJ" and not prep) or adversative or after_comma:
                boundary_before = True
            elif t.text in (";", ":") or t.text in _QUOTES:
                boundary_after = t.text not in _OPEN_QUOTES
                boundary_before = t.text in _OPEN_QUOTES
        elif lang == "ko":
            if t.tag == "EC" and t.lemma not in ("어", "아", "게", "지", "기"):
                boundary_after = True
            elif t.text in _QUOTES:
                boundary_after = t.text not in _OPEN_QUOTES
                boundary_before = t.text in _OPEN_QUOTES
        else:  # ja
            if t.tag == "助詞-接続助詞" or (t.text in ("、",) and toks[i - 1].pos in ("VERB",
                                                                                   "AUX")):
                boundary_after = True
            elif t.text in _QUOTES:
                boundary_after = t.text not in _OPEN_QUOTES
                boundary_before = t.text in _OPEN_QUOTES
        if boundary_before and cur:
            close(t.start)
            start = t.start
        if not cur:
            start = t.start
        cur.append(t)
        if boundary_after:
            close(t.end)
    close(length)
    return out or [Clause(0, length, [])]


def clause_at(cls: list[Clause], pos: int) -> int:
    for i, c in enumerate(cls):
        if c.start <= pos < c.end:
            return i
    return len(cls) - 1


def _inside_quote(text: str, pos: int) -> bool:
    before = text[:pos]
    straight = before.count('"')
    opened = sum(before.count(q) for q in "“„«「『")
    closed = sum(before.count(q) for q in "”»」』")
    if opened > closed:
        return True
    if straight % 2 == 1:
        return True
    # German low-high quotes „…“: “ closes there
    return before.count("„") > before.count("“") - (opened - before.count("„"))


# ------------------------------------------------------------------------------ features

#: Feature names the gate model uses, in order (the stored vectors follow this order).
FEATURES: tuple[str, ...] = (
    "lang_en", "lang_de", "lang_ko", "lang_ja",
    "c_past", "c_perfect", "c_pluperfect", "c_future", "c_modal", "c_plan", "c_neg",
    "c_quoted", "s_has_quote", "c_say", "s_say", "s_media", "c_background", "s_background",
    "s_year", "c_relative", "c_subordinate", "c_venue", "s_meeting_noun", "c_first",
    "c_last", "s_headline", "s_question", "s_short", "s_long", "s_multi_clause",
    "trig_none", "trig_meeting", "trig_governs", "trig_negative", "trig_modal_ok",
    "trig_noun", "trig_weak", "trig_many", "s_date",
    "cat_AGREE", "cat_CONSULT", "cat_SUPPORT", "cat_CONCEDE", "cat_COOPERATE", "cat_AID",
    "cat_RETREAT", "cat_REQUEST", "cat_ACCUSE", "cat_REJECT", "cat_THREATEN", "cat_PROTEST",
    "cat_SANCTION", "cat_MOBILIZE", "cat_COERCE", "cat_ASSAULT",
)

_MEETING_DEEDS = frozenset({"meet", "visit", "call", "attend", "host"})
_DATE_HINT = re.compile(r"\d{1,2}\s?(?:일|日)|(?:monday|tuesday|wednesday|thursday|friday|"
                        r"saturday|sunday|montag|dienstag|mittwoch|donnerstag|freitag|"
                        r"samstag|sonntag|yesterday|gestern|어제|昨日|이날|本日)|"
                        r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d|"
                        r"\d{1,2}\. (?:januar|februar|märz|april|mai|juni|juli|august|"
                        r"september|oktober|november|dezember)", re.I)


@dataclass(frozen=True)
class TriggerInfo:
    """What the coder knows about the trigger whose clause is analysed."""

    start: int  # offset in the sentence
    end: int
    deed: str | None = None
    category: str | None = None
    polarity: int = 0
    governs: bool = False
    modal_ok: bool = False
    weak: bool = False
    count: int = 1


def features(text: str, lang: str | None, trig: TriggerInfo | None,
             toks: list[Token] | None = None, cls: list[Clause] | None = None
             ) -> dict[str, float]:
    """The non-textual feature vector of the clause holding ``trig`` (or of the sentence)."""
    lang = lang if lang in LANGS else "en"
    toks = toks if toks is not None else tokens(text, lang)
    cls = cls if cls is not None else clauses(toks, lang, len(text))
    w = clause_words()[lang]
    pos = trig.start if trig else 0
    ci = clause_at(cls, pos)
    clause = cls[ci]
    ctoks = clause.tokens
    ctext = text[clause.start:clause.end].lower()
    low = text.lower()
    f: dict[str, float] = dict.fromkeys(FEATURES, 0.0)
    f[f"lang_{lang}"] = 1.0
    if lang in ("en", "de"):
        _latin_clause(f, ctoks, ctext, w, lang)
        f["s_say"] = float(any(t.lemma in w.phrases("say_lemmas") for t in toks))
        f["c_relative"] = float((bool(ctoks) and ctoks[0].pos == "REL")
                                or (len(ctoks) > 1 and ctoks[0].pos == "ADP"
                                    and ctoks[1].pos == "REL"))
        f["c_subordinate"] = float(bool(ctoks) and ctoks[0].pos == "SCONJ")
    elif lang == "ko":
        _ko_clause(f, ctoks, ctext, w, trig, clause.start)
        f["s_say"] = float(any(t.lemma in w.phrases("say_lemmas") for t in toks))
    else:
        _ja_clause(f, ctoks, ctext, w, trig, clause.start)
        f["s_say"] = float(any(t.lemma in w.phrases("say_lemmas") for t in toks))
    f["c_quoted"] = float(trig is not None and _inside_quote(text, trig.start))
    f["s_has_quote"] = float(any(q in text for q in _QUOTES))
    f["s_media"] = float(any(c in low for c in w.phrases("media_cues")))
    f["c_background"] = float(any(_has_word(ctext, c) for c in w.phrases("background_cues")))
    f["s_background"] = float(any(_has_word(low, c) for c in w.phrases("background_cues")))
    f["s_year"] = float(bool(_YEAR.search(text)))
    f["s_date"] = float(bool(_DATE_HINT.search(text)))
    meeting = any(_has_word(low, n) for n in w.phrases("meeting_nouns"))
    f["s_meeting_noun"] = float(meeting)
    f["c_venue"] = float(meeting and any(_has_word(ctext, c) for c in w.phrases("venue_cues")))
    f["c_first"] = float(ci == 0)
    f["c_last"] = float(ci == len(cls) - 1)
    stripped = text.rstrip(" \"'”」)")
    f["s_headline"] = float(not stripped.endswith((".", "。", "!", "?", "다", "た")))
    f["s_question"] = float(stripped.endswith(("?", "？")))
    n = sum(1 for t in toks if t.pos != "PUNCT")
    f["s_short"] = float(n < 8)
    f["s_long"] = float(n > 40)
    f["s_multi_clause"] = float(len(cls) > 2)
    if trig is None or trig.deed is None:
        f["trig_none"] = 1.0
    else:
        f["trig_meeting"] = float(trig.deed in _MEETING_DEEDS)
        f["trig_governs"] = float(trig.governs)
        f["trig_negative"] = float(trig.polarity < 0)
        f["trig_modal_ok"] = float(trig.modal_ok)
        f["trig_weak"] = float(trig.weak)
        f["trig_many"] = float(trig.count > 2)
        head = next((t for t in toks if t.start <= trig.start < t.end or
                     t.start >= trig.start), None)
        f["trig_noun"] = float(head is not None and head.pos in ("NOUN", "PROPN")
                               and not _verbal_after(toks, head, lang))
        if trig.category and f"cat_{trig.category}" in f:
            f[f"cat_{trig.category}"] = 1.0
    return f


def _has_word(text: str, word: str) -> bool:
    if not word:
        return False
    if not word[0].isascii() or not word[0].isalpha():
        return word in text
    i = text.find(word)
    while i >= 0:
        before = text[i - 1] if i else " "
        after = text[i + len(word)] if i + len(word) < len(text) else " "
        if not before.isalnum() and not after.isalnum():
            return True
        i = text.find(word, i + 1)
    return False


def _verbal_after(toks: list[Token], head: Token, lang: str | None) -> bool:
    """A Korean/Japanese verbal noun followed by 하다/する is a verb ('합의했다', '合意した')."""
    if lang not in ("ko", "ja"):
        return False
    i = toks.index(head)
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    return nxt is not None and (nxt.tag.startswith("XSV") or nxt.lemma in ("する", "하"))


def _latin_clause(f: dict[str, float], ctoks: list[Token], ctext: str, w: Words,
                  lang: str) -> None:
    words = [t.text.lower() for t in ctoks]
    aux_past = [x for x in words if w.has("aux_past", x)]
    f["c_pluperfect"] = float(any(x in ("had", "hatte", "hatten", "hattest") for x in aux_past)
                              or (("war" in words or "waren" in words)
                              and any(x.startswith("ge") for x in words)))
    f["c_perfect"] = float(any(w.has("aux_perfect", x) for x in words))
    f["c_future"] = float(any(w.has("future", x) for x in words))
    f["c_modal"] = float(any(w.has("modal", x) for x in words))
    f["c_plan"] = float(any(t.lemma in w.phrases("plan_lemmas") for t in ctoks))
    f["c_neg"] = float(any(t.pos == "NEG" for t in ctoks))
    f["c_say"] = float(any(t.lemma in w.phrases("say_lemmas") for t in ctoks))
    if lang == "en":
        f["c_past"] = float(any(t.pos == "VERB" and (t.text.lower().endswith("ed") or
                                                     (t.lemma != t.text.lower() and
                                                      not t.text.lower().endswith("s")))
                                for t in ctoks) or "was" in words or "were" in words)
    else:
        f["c_past"] = float(any((t.pos == "VERB" and t.text.lower().endswith(("te", "ten")))
                                or (t.lemma != t.text.lower() and t.pos == "VERB"
                                and not t.text.lower().endswith(("t", "en")))
                                for t in ctoks) or bool(aux_past))


def _ko_clause(f: dict[str, float], ctoks: list[Token], ctext: str, w: Words,
               trig: TriggerInfo | None, offset: int) -> None:
    after = [t for t in ctoks if trig is None or t.start >= trig.start - offset + 0]
    f["c_past"] = float(any(t.tag == "EP" and t.lemma in ("었", "았", "였") for t in ctoks))
    f["c_pluperfect"] = float((any(t.tag == "EP" for t in ctoks) and "었었" in ctext)
                              or "바 있" in ctext or "던" in ctext)
    f["c_future"] = float(any(t.lemma in w.phrases("future") for t in after)
                          or any(t.tag == "EP" and t.lemma == "겠" for t in ctoks))
    f["c_modal"] = float(any(t.lemma in w.phrases("modal") for t in after))
    f["c_plan"] = float(any(t.lemma in ("계획", "방침", "예정") for t in after))
    f["c_neg"] = float(any(t.pos == "NEG" for t in after))
    f["c_say"] = float(any(t.lemma in w.phrases("say_lemmas") for t in ctoks))
    f["c_relative"] = float(any(t.tag == "ETM" for t in after[:4]))
    f["c_subordinate"] = float(bool(ctoks) and ctoks[-1].tag == "EC")


def _ja_clause(f: dict[str, float], ctoks: list[Token], ctext: str, w: Words,
               trig: TriggerInfo | None, offset: int) -> None:
    after = [t for t in ctoks if trig is None or t.start >= trig.start - offset]
    f["c_past"] = float(any(t.pos == "AUX" and t.lemma == "た" for t in after))
    f["c_pluperfect"] = float("ていた" in ctext or "てきた" in ctext)
    f["c_future"] = float(any(t.lemma in w.phrases("future") for t in after))
    f["c_modal"] = float(any(t.lemma in w.phrases("modal") for t in after))
    f["c_plan"] = float(any(t.lemma in ("予定", "方針", "計画", "意向") for t in after))
    f["c_neg"] = float(any(t.pos == "NEG" for t in after))
    f["c_say"] = float(any(t.lemma in w.phrases("say_lemmas") for t in ctoks))
    nxt = after[1:4]
    f["c_relative"] = float(any(t.pos == "AUX" and t.lemma == "た" for t in nxt) and
                            any(t.pos == "NOUN" for t in nxt[1:]) and
                            not any(t.pos == "PUNCT" for t in nxt))
    f["c_subordinate"] = float(bool(ctoks) and ctoks[-1].tag == "助詞-接続助詞")


def vector(feats: dict[str, float]) -> list[float]:
    return [feats.get(name, 0.0) for name in FEATURES]
