"""Complete German: every command's --help and output under --lang de / ALLIANCE_LANG=de holds
no English header, value label, framework phrase or help text from the catalogues."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from alliance_monitor.present import i18n

ALLIANCE = str(Path(sys.executable).with_name("alliance"))
FRAMEWORK_EN = ["Usage:", "Options:", "Commands:", "Show this message and exit.", "[default:",
                "[required]", "Error:", "No such option"]


def _english_only_labels() -> list[str]:
    """Catalogue entries whose English form differs from the German one (multi-word or
    capitalised headers): they must not appear in German output."""
    out = []
    for en, de in i18n._LABELS.values():
        if en != de and len(en) > 3 and en[:1].isupper() and en not in de:
            out.append(en)
    return out


def _help(args: list[str]) -> str:
    env = {**os.environ, "ALLIANCE_LANG": "de"}
    done = subprocess.run([ALLIANCE, *args, "--help"], env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _command_paths() -> list[list[str]]:
    from alliance_monitor.cli import app
    from alliance_monitor.docgen import command_paths

    return command_paths(app)


def test_every_message_and_label_has_german() -> None:
    from alliance_monitor.cli import app  # noqa: F401  (registers every command: messages)

    assert i18n.missing_german() == []
    assert i18n.missing_messages() == [], "add these to present/messages_de.yaml"


@pytest.mark.parametrize("path", _command_paths(), ids=lambda p: " ".join(p) or "alliance")
def test_help_is_german(path: list[str]) -> None:
    text = _help(path)
    for phrase in FRAMEWORK_EN:
        assert phrase not in text, (path, phrase)
    english = {m for m in i18n.USED_MESSAGES} | {en for k, (en, _) in i18n._LABELS.items()
                                                  if k.startswith("help.")}
    flat = re.sub(r"\s+", " ", text)
    for en in english:
        first = re.sub(r"\s+", " ", en.split("\n")[0])[:60]
        if len(first) > 25:
            assert first not in flat, (path, first)


def _run_de(args: list[str], store: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ALLIANCE_STORE": str(store)}
    return subprocess.run([ALLIANCE, *args, "--lang", "de"], env=env, capture_output=True,
                          text=True, timeout=300)


@pytest.mark.parametrize("args", [
    ["assess"], ["assess", "usa-kor", "--at", "2021-05-01", "--format", "md"], ["compare"],
    ["facts", "--attribute", "us_troops_stationed"], ["alliances"], ["actors", "--kind", "state"],
    ["sources"], ["record", "--alliance", "jpn-kor", "--since", "2019-08-01", "--until",
                  "2019-12-31"],
    ["backtest", "episodes/episodes-dev.json"], ["datasets", "list"],
    ["indicators", "usa-kor", "--from", "2019", "--to", "2021"],
])
def test_output_is_german(args: list[str], built_store: Path) -> None:
    if args[0] == "backtest":
        args = [args[0], str(Path(__file__).resolve().parents[1] / args[1])]
    done = _run_de(args, built_store)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    headers = [ln for ln in lines if "┃" in ln] or lines[:1]  # table head (or md head row)
    titles = [ln for ln in lines[:3] if ln.strip() and not ln.startswith(("┏", "│", "|"))]
    text = "\n".join([*headers, *titles, done.stderr])
    for label in _english_only_labels():
        assert not re.search(rf"(?<![\w-]){re.escape(label)}(?![\w-])", text), (args, label)


def test_errors_are_german(built_store: Path) -> None:
    done = _run_de(["assess", "atlantis"], built_store)
    assert done.returncode == 2 and done.stderr.startswith("Fehler:")
    done = _run_de(["facts", "--attribute", "nonexistent"], built_store)
    assert done.returncode == 2 and "Fehler:" in done.stderr


def test_numbers_follow_babel_with_cached_signs() -> None:
    """`number` formats with CLDR's signs from Babel (kept in the start-up cache) and rounds
    like Babel's format_decimal; it only never prints a negative zero."""
    import random

    from babel.numbers import format_decimal

    from alliance_monitor.present.i18n import number

    rng = random.Random(7)
    values = [0, 2.675, 0.25, -1234.5, 25905.0, 1234567.891, 99.95,
              *(rng.uniform(-1e6, 1e6) for _ in range(300))]
    for v in values:
        for lang, loc in (("en", "en_US"), ("de", "de_DE")):
            for digits in (0, 1, 2):
                pattern = "#,##0" + ("." + "0" * digits if digits else "")
                babel = str(format_decimal(v, format=pattern, locale=loc))
                ours = number(v, lang, digits)
                assert ours == babel or ("-" + ours == babel and not ours.strip("0.,")), (
                    v, lang, digits, ours, babel)
    assert number(25905.0, "de") == "25.905,0" and number(-0.04, "en") == "0.0"
