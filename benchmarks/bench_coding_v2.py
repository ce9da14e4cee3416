"""Benchmark (issue 10): coder v2 (clause analysis + gate) against the v1 path, same run.

Run: uv run python benchmarks/bench_coding_v2.py [--per-language 1000]

Articles as in bench_coding.py (real-length, assembled at run time from ../shared/eval passages
when present; never stored). "v1 path" is the same coder with the clause rules switched off
(``Coder(clause_rules=False)``: regex triggers and character windows only); "v2" is the default
coder (clause rules over the lemma/POS analysis). Documents/s are per CPU second of this
process (``time.process_time``), so other load on the machine skews them less; per language.
Peak memory is the process's peak RSS after each phase (kiwipiepy's model dominates it).
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from alliance_monitor.coding.coder import Coder  # noqa: E402
from bench_coding import articles  # noqa: E402


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-language", type=int, default=1000)
    args = parser.parse_args()
    docs = articles(args.per_language * 4)
    by_lang: dict[str, list[str]] = {}
    for lang, text in docs:
        by_lang.setdefault(lang, []).append(text)
    v1, v2 = Coder(clause_rules=False), Coder()
    for c in (v1, v2):  # load analysers once (kiwi takes seconds)
        for lang in by_lang:
            c.code(by_lang[lang][0], doc="warm", language=lang)
    print(f"after loading: peak RSS {rss_mb():.0f} MiB")
    print(f"{'lang':4} {'docs':>5} {'chars':>6} {'v1 docs/s':>10} {'v2 docs/s':>10} "
          f"{'v1 events':>9} {'v2 events':>9}")
    for lang, texts in sorted(by_lang.items()):
        res = {}
        for name, coder in (("v1", v1), ("v2", v2)):
            t0 = time.process_time()
            n = sum(len(coder.code(t, doc=f"b{i}", language=lang).events)
                    for i, t in enumerate(texts))
            res[name] = (len(texts) / (time.process_time() - t0), n)
        avg = sum(len(t) for t in texts) / len(texts)
        print(f"{lang:4} {len(texts):5d} {avg:6.0f} {res['v1'][0]:10.1f} {res['v2'][0]:10.1f} "
              f"{res['v1'][1]:9d} {res['v2'][1]:9d}")
    print(f"peak RSS of the whole run {rss_mb():.0f} MiB   goal >= 100 documents/s/core")


if __name__ == "__main__":
    main()
