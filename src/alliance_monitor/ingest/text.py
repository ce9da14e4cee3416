"""Text helpers for the coder: a length-preserving normal form, sentences, scripts, trie regexes.

Every span the coder reports points into the *original* document text, so matching runs on a
normal form of exactly the same length (one character in, one character out).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

#: Latin letters and digits (after lower-casing) that make a word boundary in Latin script.
LATIN = "a-z0-9\u00c0-\u024f"
LATIN_CLASS = f"[{LATIN}]"

_MAP = {
    "\u3000": " ", "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2002": " ", "\u2003": " ",
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00b4": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u30fb": "\u30fb", "\uff65": "\u30fb",
}


def _norm_char(c: str) -> str:
    o = ord(c)
    if 0xFF01 <= o <= 0xFF5E:  # full-width ASCII (Japanese and Korean text)
        c = chr(o - 0xFEE0)
    c = _MAP.get(c, c)
    low = c.lower()
    return low if len(low) == 1 else c


_TABLE: dict[int, str] = {}
_FAST = {o: _MAP.get(chr(o), chr(o)) for o in (*map(ord, _MAP), *range(0xFF01, 0xFF5F))}
for _o in range(0xFF01, 0xFF5F):
    _FAST[_o] = _norm_char(chr(_o))
_FAST_TABLE = str.maketrans(_FAST)


def normalize(text: str) -> str:
    """Lower-cased, full-width folded, quotes and dashes unified; same length as ``text``."""
    fast = text.lower().translate(_FAST_TABLE)
    if len(fast) == len(text):
        return fast
    out = []
    table = _TABLE
    for c in text:
        o = ord(c)
        r = table.get(o)
        if r is None:
            r = _norm_char(c)
            if len(table) < 200_000:
                table[o] = r
        out.append(r)
    return "".join(out)


def script_of(text: str) -> str | None:
    """'ko', 'ja' or 'latin' by the characters that dominate; None for text without letters."""
    hangul = kana = han = latin = 0
    for c in text[:4000]:
        o = ord(c)
        if 0xAC00 <= o <= 0xD7A3 or 0x1100 <= o <= 0x11FF or 0x3130 <= o <= 0x318F:
            hangul += 1
        elif 0x3040 <= o <= 0x30FF:
            kana += 1
        elif 0x4E00 <= o <= 0x9FFF:
            han += 1
        elif c.isalpha() and o < 0x250:
            latin += 1
    cjk = hangul + kana + han
    if latin > cjk:
        return "latin"
    if hangul and hangul >= kana:
        return "ko"
    if kana or han:
        return "ja"
    return "latin" if latin else None


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    paragraph: int


_ABBREV = {
    "u.s", "u.k", "u.n", "mr", "mrs", "ms", "dr", "st", "no", "gen", "lt", "col", "sen", "rep",
    "gov", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "vs", "etc", "inc", "corp", "co", "jr", "sr", "nr", "bzw", "ca", "vgl", "z.b", "u.a", "d.h",
    "s", "p", "dt", "min", "mio", "mrd", "abs", "art", "prof", "hr", "fr", "e.g", "i.e",
    "a.m", "p.m", "approx", "dpa", "n", "sp", "d.c",
}
_END = re.compile(r"[.!?。！？]+[\"'”’»)\]」』]*")


def sentences(text: str) -> list[Sentence]:
    """Split into sentences with character spans. A line break always ends a sentence
    (headlines, bylines, captions); each line is a paragraph."""
    out: list[Sentence] = []
    para = 0
    pos = 0
    for line in text.splitlines(keepends=True):
        base = pos
        pos += len(line)
        content = line.rstrip("\r\n")
        if not content.strip():
            continue
        start = 0
        for m in _END.finditer(content):
            if m.group()[0] == "." and not _is_boundary(content, m.start(), m.end()):
                continue
            _emit(out, text, base + start, base + m.end(), para)
            start = m.end()
        _emit(out, text, base + start, base + len(content), para)
        para += 1
    return out


def _cjk(c: str) -> bool:
    o = ord(c)
    return 0x3040 <= o <= 0x30FF or 0x4E00 <= o <= 0x9FFF or 0xAC00 <= o <= 0xD7A3


def _is_boundary(text: str, dot: int, after: int) -> bool:
    """A period ends a sentence unless it ends an abbreviation, an initial or an ordinal."""
    j = dot
    while j > 0 and (text[j - 1].isalnum() or text[j - 1] == "."):
        j -= 1
    word = text[j:dot]
    low = word.lower()
    if after < len(text) and not text[after].isspace():
        nxt = text[after]
        if _cjk(nxt) and dot > 0 and _cjk(text[dot - 1]):
            return True  # Korean text often drops the space: "밝혔다.트럼프"
        # "zunächst.Es", "Verklappung.Auch": a word glued to a capitalised one (a German noun
        # may end the sentence; an abbreviation may not)
        return nxt.isupper() and len(word) >= 3 and word.isalpha() and \
            word[1:].islower() and low not in _ABBREV and \
            text[after + 1:after + 2].islower()
    if low in _ABBREV or (len(low) == 1 and low.isalpha()):
        return False
    if low.isdigit() and len(low) <= 2:  # German ordinals: "am 3. Dezember"
        return False
    nxt = text[after:after + 3].lstrip()
    return not nxt[:1].islower()


def _emit(out: list[Sentence], text: str, start: int, end: int, para: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(start, end, text[start:end], para))


def paragraphs_of(sents: Iterable[Sentence]) -> Iterator[list[Sentence]]:
    current: list[Sentence] = []
    para = None
    for s in sents:
        if para is not None and s.paragraph != para:
            yield current
            current = []
        para = s.paragraph
        current.append(s)
    if current:
        yield current


# ---------------------------------------------------------------------------------------------
# Trie regexes: thousands of gazetteer phrases in one fast pattern.

_STAR = "\x00*"


def trie_pattern(phrases: Iterable[str]) -> str:
    """One regex alternation for literal phrases; a trailing '*' means 'any Latin letters'.

    Built as a trie, so the engine never retries a shared prefix, and greedy optional groups
    make the longest phrase win at each position.
    """
    root: dict[str, dict] = {}
    for phrase in phrases:
        node = root
        star = phrase.endswith("*")
        body = phrase[:-1] if star else phrase
        for ch in body:
            node = node.setdefault(ch, {})
        node[_STAR if star else ""] = {}
    return _emit_trie(root) or "(?!)"


def _emit_trie(node: dict[str, dict]) -> str:
    ends = "" in node
    star = _STAR in node
    branches = []
    for ch in sorted(k for k in node if k not in ("", _STAR)):
        branches.append(re.escape(ch) + _emit_trie(node[ch]))
    if not branches:
        return f"{LATIN_CLASS}*" if star else ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if star:
        return f"(?:{body}|{LATIN_CLASS}*)" if not ends else f"(?:{body}|{LATIN_CLASS}*)?"
    if ends:
        return f"(?:{body})?"
    return body


def is_latin_phrase(phrase: str) -> bool:
    """True when a phrase is written in Latin script (matched on word boundaries)."""
    return all(ord(c) < 0x250 or c in "’‘“”–—" for c in phrase)
