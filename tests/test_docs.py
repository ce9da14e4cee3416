"""Docs cannot fall behind: the CLI reference, the methodology page and the README."""

from __future__ import annotations

import re
from pathlib import Path

from alliance_monitor.assess.methodology import load_methodology
from alliance_monitor.docgen import generate

ROOT = Path(__file__).resolve().parents[1]


def test_cli_reference_matches_help() -> None:
    """Regenerate with: uv run python -m alliance_monitor.docgen"""
    assert (ROOT / "docs" / "cli.md").read_text(encoding="utf-8") == generate()


def test_methodology_doc_explains_every_indicator() -> None:
    doc = (ROOT / "docs" / "methodology.md").read_text(encoding="utf-8")
    m = load_methodology()
    for block in [*m.criteria.values(), *m.fears.values()]:
        for ind in block.indicators:
            assert f"`{ind.id}`" in doc, f"docs/methodology.md does not explain {ind.id}"
    assert m.version in doc


def test_readme_quickstart_is_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## Quickstart.*?```(?:bash|sh)?\n(.*?)```", readme, re.S)
    assert block, "README needs a Quickstart code block"
    commands = [line for line in block.group(1).splitlines() if line.strip()
                and not line.startswith("#")]
    assert commands == ["./scripts/run", "./scripts/test"]


def test_changelog_names_current_version() -> None:
    import tomllib

    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert version in (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")


def test_readme_examples_show_real_output() -> None:
    """Every `$ ./scripts/run …` example in the README prints what the README shows.
    Regenerate with: uv run python scripts/readme_examples.py"""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "readme_examples.py"),
                           "--check"], capture_output=True, text=True, timeout=900,
                          check=False)
    assert done.returncode == 0, done.stdout + done.stderr
