"""Bytes to text for ingest: binary sniffing, encoding detection, language, content hashes.

News in Japanese and Korean still arrives in Shift-JIS and EUC-KR, German pages in cp1252; a
declared charset is tried first, then UTF-8, then charset-normalizer's best guess. Language is
detected offline with lingua (models ship inside the package).
"""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata
from functools import lru_cache
from typing import Any

from alliance_monitor.errors import DataError
from alliance_monitor.ingest.text import script_of

#: Magic numbers of formats that are not text (the reason says what the file is).
_MAGIC = [
    (b"%PDF", "a PDF file"), (b"PK\x03\x04", "a ZIP archive (or Office document)"),
    (b"\x89PNG", "a PNG image"), (b"GIF8", "a GIF image"), (b"\xff\xd8\xff", "a JPEG image"),
    (b"\x1f\x8b", "a gzip archive"), (b"\x7fELF", "an executable"), (b"MZ", "an executable"),
    (b"ID3", "an MP3 file"), (b"\x00\x00\x00", "a binary file"),
]


class DecodeError(DataError):
    """The bytes are not text in any encoding we can recognise."""


def binary_reason(data: bytes) -> str | None:
    """Why ``data`` is not text (None when it looks like text)."""
    head = data[:8192]
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return f"binary content ({what})"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    if b"\x00" in head:
        return "binary content (NUL bytes)"
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    if head and control / len(head) > 0.1:
        return "binary content (control characters)"
    return None


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def decode(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """(text, encoding). Raises :class:`DecodeError` for undecodable bytes."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _strict(data, "utf-16")
        if text is not None:
            return text, "utf-16"
    if declared:
        text = _strict(data, declared)
        if text is not None:
            return text, codecs.lookup(declared).name
    text = _strict(data, "utf-8")
    if text is not None:
        return text, "utf-8"
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise DecodeError("undecodable: no text encoding fits these bytes")
    text = str(best)
    bad = text.count("\ufffd")
    if bad and bad / max(1, len(text)) > 0.01:
        raise DecodeError(f"undecodable: best guess {best.encoding} leaves {bad} broken characters")
    return text, best.encoding


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)


def declared_charset(data: bytes) -> str | None:
    """The charset a document declares in its own markup (<meta charset>, <?xml encoding?>)."""
    head = data[:4096]
    m = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    if not m:
        return None
    name = m.group(1).decode("ascii", errors="ignore")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def normalized_hash(text: str) -> str:
    """SHA-256 of the text in a normal form: NFKC, case-folded, whitespace collapsed."""
    norm = unicodedata.normalize("NFKC", text).casefold()
    norm = " ".join(norm.split())
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


@lru_cache(maxsize=1)
def _detector() -> Any:
    from lingua import Language, LanguageDetectorBuilder

    langs = [Language.ENGLISH, Language.GERMAN, Language.KOREAN, Language.JAPANESE,
             Language.CHINESE, Language.FRENCH, Language.SPANISH, Language.ITALIAN,
             Language.DUTCH, Language.RUSSIAN, Language.PORTUGUESE]
    return LanguageDetectorBuilder.from_languages(*langs).build()


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language (offline, lingua), or None for too little text."""
    sample = text[:3000]
    script = script_of(sample)
    if script in ("ko", "ja"):
        return script
    if script is None or len(sample.strip()) < 12:
        return None
    lang = _detector().detect_language_of(sample)
    if lang is None:
        return None
    return str(lang.iso_code_639_1.name).lower()
