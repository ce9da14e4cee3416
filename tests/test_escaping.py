"""Untrusted text stays text (issue 11, item 2): one escaping layer per medium in the
renderers — no Rich markup, no terminal escape sequences, no spreadsheet formulas, no HTML from
stored text, in every format."""

from __future__ import annotations

import csv
import io

import pytest

from alliance_monitor.present.output import Format, csv_cell, md_escape, render, safe

HOSTILE = "[/b] [bold red]x[/bold red] [link=https://evil.example]y[/link] \x1b[31mred\x1b[0m"


def test_rich_markup_is_shown_as_text_and_never_crashes() -> None:
    out = render([{"title": HOSTILE}], Format.table)
    assert "[/b]" in out and "[bold red]x[/bold red]" in out and "[link=" in out
    assert "\x1b" not in out


@pytest.mark.parametrize("fmt", [Format.table, Format.csv, Format.md])
def test_no_escape_sequences_reach_the_terminal(fmt: Format) -> None:
    out = render([{"a": "ok\x1b]0;pwned\x07\x1b[2J\x00", "b": "\x9b31m"}], fmt)
    assert not any(ch in out for ch in "\x1b\x07\x00\x9b")


@pytest.mark.parametrize("cell", ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)",
                                  "\t=1", "\r=1"])
def test_csv_formulas_are_neutralised(cell: str) -> None:
    out = render([{"a": cell}], Format.csv)
    [row] = list(csv.DictReader(io.StringIO(out)))
    assert row["a"].startswith("'") and row["a"][1:].lstrip() != ""


def test_csv_numbers_stay_numbers() -> None:
    assert csv_cell("-1.5") == "-1.5" and csv_cell(-1.5) == -1.5


def test_markdown_passes_no_html_or_markup() -> None:
    out = render([{"t": "<script>alert(1)</script> | [x](javascript:alert(1)) *b*"}], Format.md)
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert "\\[x\\]" in out and "\\*b\\*" in out and "\\|" in out
    assert md_escape("a\nb") == "a b"


def test_safe_keeps_newlines_out_of_control_chars() -> None:
    assert safe("a\tb\nc\x1b") == "a\tb\nc"


def test_box_table_measures_wide_characters_and_wraps_to_the_page() -> None:
    """Korean and Japanese cells count two columns per character, so borders line up; a
    table wider than the page wraps its widest columns instead of overflowing."""
    from alliance_monitor.present.table import box_table, cell_width

    out = box_table(["Akteur", "Wert"], [["대한민국", "1"], ["日本国", "22"], ["USA", "333"]],
                    title="Titel")
    lines = out.splitlines()
    assert lines[0].strip() == "Titel"
    assert len({cell_width(ln) for ln in lines[1:]}) == 1, out
    wide = box_table(["a", "b"], [["word " * 60, "x" * 300]], width=80)
    assert max(cell_width(ln) for ln in wide.splitlines()) <= 80
    assert "x" * 20 in wide and "word word" in wide
    assert box_table(["a"], []).count("\n") == 3  # head and rules, no rows
