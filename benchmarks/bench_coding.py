"""Benchmark (issue 5): news coding throughput and peak memory on one core.

Run: uv run python benchmarks/bench_coding.py [--docs 1000] [--baseline-docs 40]

Articles: 1,000 real-length articles (about 3,000 characters, the median length of a news
article) in German, English, Korean and Japanese. They are assembled at run time from the
passages of ../shared/eval/news-dev.json when it exists (never stored in the project), else
from the sentences written for this benchmark below.

Baseline ("naive"): the same gazetteer phrases, action patterns and topic patterns, each
compiled as its own regular expression and run over every sentence — the obvious way to write a
dictionary coder, without the combined trie/alternation indexes the coder uses. The baseline only
matches (it assigns no roles), so the ratio understates the coder's real advantage.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from alliance_monitor.coding.coder import Coder, guess_language  # noqa: E402
from alliance_monitor.coding.gazetteer import data_dir  # noqa: E402
from alliance_monitor.ingest.text import (  # noqa: E402
    LATIN,
    is_latin_phrase,
    normalize,
    sentences,
)

OWN = {
    "en": ["Japan's prime minister will skip the NATO summit in The Hague, the government said "
           "on Monday.", "The United States and South Korea agreed on Friday to expand their "
           "combined exercises.", "Washington demanded that Seoul pay more for the upkeep of "
           "American troops.", "Analysts said the talks reflected growing concern about China.",
           "The defence ministers met in Tokyo and issued a joint statement on North Korea."],
    "de": ["Japans Regierungschef sagte seine Teilnahme am NATO-Gipfel kurzfristig ab.",
           "Die USA und Südkorea einigten sich am Freitag darauf, ihre Manöver auszuweiten.",
           "Tokio kritisierte die Entscheidung Seouls, das Geheimdienstabkommen zu kündigen.",
           "Beobachter sehen darin ein Zeichen wachsender Spannungen in der Region."],
    "ko": ["한미 양국은 연합훈련을 확대하기로 합의했다.",
           "일본 정부는 총리가 나토 정상회의에 불참한다고 밝혔다.",
           "미국은 한국에 방위비 분담금 인상을 요구했다.",
           "전문가들은 이번 회담이 중요한 계기가 될 것이라고 말했다."],
    "ja": ["日米両政府は在日米軍の駐留経費について合意した。",
           "石破首相はNATO首脳会議を欠席すると発表した。",
           "韓国政府は日本の輸出規制強化に抗議した。",
           "専門家は地域の緊張が高まっていると指摘した。"],
}


def articles(n: int, seed: int = 7) -> list[tuple[str, str]]:
    """(language, text) pairs of about 3,000 characters."""
    rng = random.Random(seed)
    pool: dict[str, list[str]] = {k: list(v) for k, v in OWN.items()}
    dev = ROOT.parent / "shared" / "eval" / "news-dev.json"
    if dev.exists():
        for p in json.loads(dev.read_text(encoding="utf-8"))["passages"]:
            pool.setdefault(p["language"], []).extend(
                s.text for s in sentences(p["text"]) if len(s.text) > 20)
    langs = sorted(pool)
    out = []
    for i in range(n):
        lang = langs[i % len(langs)]
        target = 1500 if lang in ("ko", "ja") else 3000  # CJK packs more per character
        parts, size = [], 0
        while size < target:
            s = rng.choice(pool[lang])
            parts.append(s)
            size += len(s) + 1
        out.append((lang, "\n".join(parts)))
    return out


def naive_patterns() -> list[re.Pattern[str]]:
    """Every phrase and pattern of the coder's data as a separate regex (the baseline)."""
    import yaml

    rxs: list[re.Pattern[str]] = []
    folder = data_dir()

    def phrase_rx(p: str) -> re.Pattern[str]:
        body = p[3:] if p.startswith("re:") else re.escape(normalize(p)).replace(r"\*", "\\w*")
        if is_latin_phrase(p):
            body = rf"(?<![{LATIN}]){body}(?![{LATIN}])"
        return re.compile(body)

    for name in sorted(folder.glob("actors*.yaml")):
        doc = yaml.safe_load(name.read_text(encoding="utf-8")) or {}
        for actor in doc.get("actors", []):
            for kind in ("name", "capital", "demonym", "institution"):
                for names in (actor.get(kind) or {}).values():
                    rxs.extend(phrase_rx(str(p)) for p in names)
    from alliance_monitor.coding.gazetteer import default_gazetteer

    for person in default_gazetteer().persons.values():
        rxs.extend(phrase_rx(a) for a in person.actor.aliases)
    actions = yaml.safe_load((folder / "actions.yaml").read_text(encoding="utf-8"))
    for lang in ("en", "de", "ko", "ja"):
        for pats in actions[lang].values():
            rxs.extend(re.compile(p) for p in pats)
    topics = yaml.safe_load((folder / "topics.yaml").read_text(encoding="utf-8"))
    for spec in topics["topics"].values():
        for lang in ("en", "de", "ko", "ja"):
            rxs.extend(re.compile(p) for p in spec.get(lang) or [])
    return rxs


def naive_code(text: str, rxs: list[re.Pattern[str]]) -> int:
    found = 0
    for s in sentences(text):
        low = normalize(s.text)
        for rx in rxs:
            for _ in rx.finditer(low):
                found += 1
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--baseline-docs", type=int, default=40)
    args = parser.parse_args()
    docs = articles(args.docs)
    chars = sum(len(t) for _, t in docs)
    t0 = time.perf_counter()
    coder = Coder()
    coder.code("Japan and the United States met.", doc="warm-up", language="en")
    load = time.perf_counter() - t0

    t0 = time.perf_counter()
    events = 0
    for i, (lang, text) in enumerate(docs):
        events += len(coder.code(text, doc=f"b{i}", language=lang).events)
    coding = time.perf_counter() - t0

    tracemalloc.start()  # memory in a separate pass: tracing slows Python down severalfold
    for i, (lang, text) in enumerate(docs[:200]):
        coder.code(text, doc=f"m{i}", language=lang)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    t0 = time.perf_counter()
    for i, (_, text) in enumerate(docs[:50]):
        coder.code(text, doc=f"g{i}")  # language guessed from the text
    guessed = (time.perf_counter() - t0) / min(50, len(docs))
    _ = guess_language

    rxs = naive_patterns()
    sample = docs[: args.baseline_docs]
    t0 = time.perf_counter()
    for _, text in sample:
        naive_code(text, rxs)
    naive = (time.perf_counter() - t0) / len(sample)

    rate = len(docs) / coding
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"articles                      {len(docs)} ({chars / len(docs):,.0f} characters on "
          f"average; DE/EN/KO/JA)")
    print(f"coder data load (once)        {load:6.2f} s")
    print(f"coding, one core              {coding:6.2f} s  -> {rate:7.1f} documents/s "
          f"({events} events)   goal >= 200/s")
    print(f"  with language guessing      {1 / guessed:7.1f} documents/s")
    print(f"peak memory                   {rss_mb:6.1f} MiB peak RSS of the whole process "
          f"(data loaded); {peak / 2**20:.1f} MiB allocated at most while coding a document")
    print(f"baseline: naive regex scan    {1 / naive:7.1f} documents/s "
          f"({len(rxs)} separate patterns per sentence, {len(sample)} documents)")
    print(f"ratio coder / baseline        {rate * naive:6.1f}x")


if __name__ == "__main__":
    main()
