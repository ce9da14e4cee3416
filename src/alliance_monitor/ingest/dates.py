"""Dates in news text: the document's own date and relative dates resolved against it.

"on Friday", "am Dienstag", "지난 22일", "16日", "gestern", "Oct. 30" are resolved against the
reference (publication) date. Weekdays resolve to the latest such day not after the reference
date plus one (a Korean "Friday" is still Thursday in Washington).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_MONTHS = {
    # English
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12,
    "dec": 12,
    # German
    "januar": 1, "jänner": 1, "februar": 2, "märz": 3, "mai": 5, "juni": 6, "juli": 7,
    "oktober": 10, "dezember": 12,
}
_WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6, "montag": 0, "dienstag": 1, "mittwoch": 2, "donnerstag": 3, "freitag": 4,
    "samstag": 5, "sonnabend": 5, "sonntag": 6, "월요일": 0, "화요일": 1, "수요일": 2, "목요일": 3,
    "금요일": 4, "토요일": 5, "일요일": 6, "月曜": 0, "火曜": 1, "水曜": 2, "木曜": 3, "金曜": 4,
    "土曜": 5, "日曜": 6,
}
_MON = "|".join(sorted((re.escape(k) for k in _MONTHS), key=len, reverse=True))
_WD = "|".join(sorted((re.escape(k) for k in _WEEKDAYS), key=len, reverse=True))
_L = "a-zäöü"

#: Full dates (day, month, year), checked in this order.
_FULL = [
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)\s?[-/.]\s?(?P<m>\d{1,2})\s?[-/.]\s?(?P<d>\d{1,2})(?!\d)"),
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)\s?[년年]\s?(?P<m>\d{1,2})\s?[월月]\s?(?P<d>\d{1,2})\s?[일日]"),
    re.compile(rf"(?<![{_L}])(?P<mon>{_MON})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d)(?!\d)"),
    re.compile(rf"(?<!\d)(?P<d>\d{{1,2}})\.?\s+(?P<mon>{_MON})\.?,?\s+(?P<y>(?:19|20)\d\d)(?!\d)"),
    re.compile(r"(?<![\d.])(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>(?:19|20)\d\d)(?!\d)"),
    re.compile(r"(?<![\d/])(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>(?:19|20)\d\d)(?!\d)"),
]
#: Partial and relative expressions inside sentences.
_MONTH_DAY = re.compile(rf"(?<![{_L}])(?P<mon>{_MON})\.?\s+(?P<d>\d{{1,2}})"
                        r"(?:st|nd|rd|th)?(?![\d:])")
_DAY_MON_YY = re.compile(rf"(?<![\d.])(?P<d>\d{{1,2}})\s+(?P<mon>{_MON})\.?\s+(?P<yy>\d{{2}})"
                         r"(?![\d:.,]\d|\d)")
#: "on 2 May", "28 June" (day before month, no period; British and agency style)
_DAY_MON_SPACE = re.compile(rf"(?<![\d.,])(?P<d>\d{{1,2}})\s+(?P<mon>{_MON})(?![{_L}.]|\s+\d)")
_DAY_MONTH = re.compile(rf"(?<![\d.])(?P<d>\d{{1,2}})\.\s+(?P<mon>{_MON})(?![{_L}])")
_CJK_MONTH_DAY = re.compile(r"(?<!\d)(?P<m>\d{1,2})\s?[월月]\s?(?P<d>\d{1,2})\s?[일日]")
# "2박 3일", "2泊3日": a stay of three days, not the third
_CJK_DAY = re.compile(r"(?<![\d월月年년./-])(?<!박 )(?<![박泊])(?P<d>\d{1,2})\s?[일日]"
                      r"(?![본曜요째간])")
# Day numbers in kanji, as some Japanese papers print them ("九日", "二十一日"); not "一日中",
# "同日", "数日" or a count of days ("三日間")
_KANJI_DAY = re.compile(r"(?<![一二三四五六七八九十〇数同毎翌前後先今昨明月年\d])"
                        r"(?P<d>[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])日"
                        r"(?![本曜間中目付もの])")
_KANJI_DIGIT = {c: i for i, c in enumerate("〇一二三四五六七八九")}


def _kanji_number(text: str) -> int | None:
    """1-31 written in kanji ("九", "十", "二十一")."""
    if "十" in text:
        tens, _, ones = text.partition("十")
        value = (_KANJI_DIGIT.get(tens, 0) if tens else 1) * 10 + (
            _KANJI_DIGIT.get(ones, 0) if ones else 0)
    else:
        value = _KANJI_DIGIT.get(text, 0)
    return value if 1 <= value <= 31 else None


_MONTH_YEAR = re.compile(rf"(?<![{_L}\d.])(?:(?:im|in)\s+)?(?P<mon>{_MON})\s+"
                         r"(?P<y>(?:19|20)\d\d)(?!\d)")
_IN_MONTH = re.compile(rf"(?<![{_L}])(?:im|in|early|late|mid-|anfang|ende|mitte)\s+"
                       rf"(?P<mon>{_MON})(?![{_L}]|\.\s*\d|\s+\d)")  # "in April." ends a sentence
_WEEKDAY = re.compile(rf"(?<![{_L}])(?P<wd>{_WD})"
                      rf"(?:s|nachmittag|vormittag|abend|morgen|mittag)?(?![{_L}])")
_REL = re.compile(r"(?<![a-zäöü])(?P<w>yesterday|today|tonight|this morning|gestern|"
                  r"vorgestern|heute|"
                  r"last week|last month|letzte woche|vergangene woche|vergangenen monat|"
                  r"어제|그제|오늘|지난주|지난달|昨日|きょう|今日|先週|先月|本日)(?![a-zäöü])")
_ADJ = {"yesterday": -1, "gestern": -1, "vorgestern": -2, "어제": -1, "그제": -2, "昨日": -1,
        "today": 0, "tonight": 0, "this morning": 0, "heute": 0, "오늘": 0, "きょう": 0,
        "今日": 0, "本日": 0, "last week": -7, "letzte woche": -7, "vergangene woche": -7,
        "지난주": -7, "先週": -7}
_MONTH_BACK = {"last month", "vergangenen monat", "지난달", "先月"}


_YEAR = re.compile(r"(?:19|20)\d\d")


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    date: dt.date
    precision: str  # day | month


def _safe(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _month(m: re.Match[str]) -> int | None:
    if "mon" in m.groupdict() and m.group("mon"):
        return _MONTHS.get(m.group("mon").lower().rstrip("."))
    return int(m.group("m"))


def full_dates(norm: str) -> list[DateMention]:
    out: list[DateMention] = []
    if _YEAR.search(norm) is None:  # every full date has a four-digit year
        return out
    taken: list[tuple[int, int]] = []
    for rx in _FULL:
        for m in rx.finditer(norm):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            month = _month(m)
            y, d = int(m.group("y")), int(m.group("d"))
            if month is None:
                continue
            day = _safe(y, month, d)
            if day is None and rx is _FULL[5]:  # US order m/d/y
                day = _safe(y, d, month)
            if day is None:
                continue
            out.append(DateMention(m.start(), m.end(), day, "day"))
            taken.append((m.start(), m.end()))
    return sorted(out, key=lambda x: x.start)


def document_date(norm: str, head: int = 600, *, anywhere: bool = True) -> dt.date | None:
    """The date a plain text carries in its header (first lines), else (``anywhere``) its first
    full date."""
    def plausible(found: list[DateMention]) -> list[DateMention]:
        return [d for d in found if 1990 <= d.date.year <= dt.date.today().year + 1]

    early = plausible(full_dates(norm[:head]))
    if early:
        return early[0].date
    if not anywhere:
        return None
    rest = plausible(full_dates(norm))
    return rest[0].date if rest else None


def sentence_dates(norm: str, ref: dt.date | None) -> list[DateMention]:
    """Every date expression of a sentence resolved against ``ref`` (None: only full dates)."""
    out = list(full_dates(norm))
    taken = [(d.start, d.end) for d in out]

    def free(a: int, b: int) -> bool:
        return not any(s < b and a < e for s, e in taken)

    def add(a: int, b: int, day: dt.date | None, precision: str = "day") -> None:
        if day is not None and free(a, b):
            out.append(DateMention(a, b, day, precision))
            taken.append((a, b))

    for m in _MONTH_YEAR.finditer(norm):
        month = _month(m)
        if month:
            add(m.start(), m.end(), _safe(int(m.group("y")), month, 1), "month")
    if ref is None:
        return sorted(out, key=lambda x: x.start)
    for m in _DAY_MON_YY.finditer(norm):  # "23 Nov 16": a two-digit year near the report's
        month = _month(m)
        yy = int(m.group("yy"))
        year = next((y for y in (ref.year, ref.year - 1, ref.year + 1) if y % 100 == yy), None)
        if month and year is not None:
            add(m.start(), m.end(), _safe(year, month, int(m.group("d"))))
    for rx in (_MONTH_DAY, _DAY_MONTH, _DAY_MON_SPACE, _CJK_MONTH_DAY):
        for m in rx.finditer(norm):
            month = _month(m)
            if not month:
                continue
            # the candidate year closest to the reference ("6. Januar" in a December text)
            options = [c for y in (ref.year - 1, ref.year, ref.year + 1)
                       if (c := _safe(y, month, int(m.group("d")))) is not None]
            add(m.start(), m.end(),
                min(options, key=lambda c: abs((c - ref).days)) if options else None)
    for m in _IN_MONTH.finditer(norm):
        month = _month(m)
        if month:
            # "im August" in a June report is this August (ahead); a past August is written
            # "last August" / "im vergangenen August", which this pattern does not take
            add(m.start(), m.end(), _safe(ref.year, month, 1), "month")
    days = [(m.start(), m.end(), int(m.group("d"))) for m in _CJK_DAY.finditer(norm)]
    days += [(m.start(), m.end(), d) for m in _KANJI_DAY.finditer(norm)
             if (d := _kanji_number(m.group("d"))) is not None]
    for start, end, d in days:
        day = _safe(ref.year, ref.month, d)
        if day is None or (day - ref).days > 2:
            prev = ref.replace(day=1) - dt.timedelta(days=1)
            day = _safe(prev.year, prev.month, d)
        add(start, end, day)
    for m in _WEEKDAY.finditer(norm):
        if any(m.end() <= d.start <= m.end() + 12 for d in out):
            continue  # "am Montag, dem 6. Januar": the explicit date governs
        wd = _WEEKDAYS[m.group("wd")]
        delta = (ref.weekday() - wd) % 7
        day = ref - dt.timedelta(days=delta)
        if delta == 6:  # the next day: time zones (a Korean Friday is a US Thursday)
            day = ref + dt.timedelta(days=1)
        add(m.start(), m.end(), day)
    for m in _REL.finditer(norm):
        w = m.group("w")
        if w in _MONTH_BACK:
            first = ref.replace(day=1) - dt.timedelta(days=1)
            add(m.start(), m.end(), first.replace(day=1), "month")
        else:
            add(m.start(), m.end(), ref + dt.timedelta(days=_ADJ[w]))
    return sorted(out, key=lambda x: x.start)


def nearest(dates: list[DateMention], pos: int) -> DateMention | None:
    if not dates:
        return None
    return min(dates, key=lambda d: min(abs(d.start - pos), abs(d.end - pos)))
