"""Re-run the README's console examples and write their real output back (or, with
``--check``, only say which ones differ).

Every ```` ```console ```` block whose first line is ``$ ./scripts/run …`` is run with
``bash`` from the project root (pipes such as ``| cut …`` included) and its output replaces the
block's lines after the command. Blocks that need ``../shared`` are left alone when it is
missing.

    uv run python scripts/readme_examples.py            # rewrite README.md
    uv run python scripts/readme_examples.py --check    # exit 1 if an example is stale
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BLOCK = re.compile(r"```console\n\$ (\./scripts/run [^\n]*)\n(.*?)```", re.S)


def run(command: str) -> str | None:
    if "../shared" in command and not (ROOT.parent / "shared").exists():
        return None
    done = subprocess.run(["bash", "-c", command], cwd=ROOT,
                          capture_output=True, text=True, timeout=600, check=False)
    if done.returncode != 0 or not done.stdout.strip():
        raise SystemExit(f"README example failed ({done.returncode}): {command}\n{done.stderr}")
    return "\n".join(line.rstrip() for line in done.stdout.rstrip("\n").splitlines()) + "\n"


def refresh(text: str) -> tuple[str, list[str]]:
    stale: list[str] = []

    def replace(m: re.Match[str]) -> str:
        output = run(m.group(1))
        if output is None:
            return m.group(0)
        if output != m.group(2):
            stale.append(m.group(1))
        return f"```console\n$ {m.group(1)}\n{output}```"

    return BLOCK.sub(replace, text), stale


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    readme = ROOT / "README.md"
    text, stale = refresh(readme.read_text(encoding="utf-8"))
    if args.check:
        for command in stale:
            print(f"stale: {command}")
        sys.exit(1 if stale else 0)
    readme.write_text(text, encoding="utf-8")
    print(f"README.md: {len(stale)} example(s) updated")


if __name__ == "__main__":
    main()
