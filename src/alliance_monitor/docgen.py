"""Generate docs/cli.md from the real ``--help`` of every command (checked by a test)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer
from typer.testing import CliRunner

HEADER = """# Command-line reference / Befehlsreferenz

Generated from the real `--help` output by `uv run python -m alliance_monitor.docgen`;
a test fails when this file and the commands disagree. Every command is also reachable as
`./scripts/run COMMAND …`.
"""


def command_paths(app: typer.Typer) -> list[list[str]]:
    """Every command path, e.g. ['assess'], ['datasets', 'list']."""
    root = typer.main.get_command(app)
    paths: list[list[str]] = []

    def walk(cmd: Any, prefix: list[str]) -> None:
        if getattr(cmd, "commands", None):
            for name in sorted(cmd.commands):
                walk(cmd.commands[name], [*prefix, name])
        else:
            paths.append(prefix)

    walk(root, [])
    return paths


def help_text(app: typer.Typer, path: list[str]) -> str:
    result = CliRunner().invoke(app, [*path, "--help"], prog_name="alliance",
                                env={"COLUMNS": "100", "TERM": "dumb"})
    return result.output.rstrip()


def generate() -> str:
    from alliance_monitor.cli import app

    parts = [HEADER, "## alliance", "", "```", help_text(app, []), "```", ""]
    for path in command_paths(app):
        parts += [f"## alliance {' '.join(path)}", "", "```", help_text(app, path), "```", ""]
    return "\n".join(parts)


def main() -> None:
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/cli.md")
    target.write_text(generate(), encoding="utf-8")
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
