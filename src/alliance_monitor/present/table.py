"""Plain-text tables with box-drawing borders, for terminals and logs.

Cells are measured in terminal columns (East Asian wide and full-width characters count two,
combining marks none), so Korean and Japanese names line up. When the table is wider than the
page, the widest columns give way first and their text wraps at spaces, folding words longer
than the column. Text arrives already made safe (:func:`alliance_monitor.present.output.safe`):
no markup language is interpreted here, so stored text cannot style or break the output.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

#: the narrowest a column may become before the table is allowed to overflow the page
MIN_COLUMN = 8


def cell_width(text: str) -> int:
    width = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def _fold(word: str, width: int) -> list[str]:
    parts, cur, cur_w = [], "", 0
    for ch in word:
        w = cell_width(ch)
        if cur and cur_w + w > width:
            parts.append(cur)
            cur, cur_w = "", 0
        cur += ch
        cur_w += w
    return [*parts, cur] if cur else parts


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` columns: words wrap at spaces, long words fold."""
    out: list[str] = []
    for para in text.split("\n"):
        line: str | None = None
        line_w = 0
        for word in para.split(" "):
            w = cell_width(word)
            if line is not None and line_w + 1 + w <= width:
                line, line_w = f"{line} {word}", line_w + 1 + w
                continue
            if line is not None:
                out.append(line)
            if w <= width:
                line, line_w = word, w
            else:
                *full, line = _fold(word, width)
                out += full
                line_w = cell_width(line)
        out.append(line or "")
    return out or [""]


def _widths(natural: list[int], floor: list[int], budget: int) -> list[int]:
    widths = list(natural)
    while sum(widths) > budget:
        i = max(range(len(widths)), key=lambda k: (widths[k] - floor[k], widths[k]))
        if widths[i] <= floor[i]:
            break  # every column at its floor: the table overflows the page
        widths[i] -= 1
    return widths


def box_table(columns: Sequence[str], rows: Sequence[Sequence[str]], title: str | None = None,
              width: int = 160) -> str:
    """A table with a heavy header rule, one line per row (more when cells wrap)."""
    n = len(columns)
    if not n:
        return title or ""
    natural = [max([cell_width(ln) for c in [col, *(r[i] for r in rows)]
                    for ln in c.split("\n")] or [0]) for i, col in enumerate(columns)]
    floor = [min(x, max(MIN_COLUMN, max((cell_width(w) for w in col.split()), default=0)))
             for x, col in zip(natural, columns, strict=True)]
    widths = _widths(natural, floor, width - (3 * n + 1))

    def line(cells: Sequence[str], edge: str, sep: str) -> list[str]:
        wrapped = [wrap(c, w) for c, w in zip(cells, widths, strict=True)]
        height = max(len(x) for x in wrapped)
        out = []
        for k in range(height):
            parts = []
            for lines, w in zip(wrapped, widths, strict=True):
                text = lines[k] if k < len(lines) else ""
                parts.append(" " + text + " " * (w - cell_width(text)) + " ")
            out.append(edge + sep.join(parts) + edge)
        return out

    def rule(left: str, fill: str, mid: str, right: str) -> str:
        return left + mid.join(fill * (w + 2) for w in widths) + right

    total = sum(widths) + 3 * n + 1
    out = []
    if title:
        out += [t.center(total).rstrip() for t in wrap(title, total)]
    out.append(rule("┏", "━", "┳", "┓"))
    out += line(columns, "┃", "┃")
    out.append(rule("┡", "━", "╇", "┩"))
    for r in rows:
        out += line(r, "│", "│")
    out.append(rule("└", "─", "┴", "┘"))
    return "\n".join(out)


__all__ = ["box_table", "cell_width", "wrap"]
