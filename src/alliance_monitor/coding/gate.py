"""The "newly reported deed" gate (issue 10): which clauses may yield events.

A small multinomial logistic regression over the clause features of :mod:`.analysis`, trained
on the project's own annotated sentences (``data/gate_annotations.jsonl``): 600+ sentences from
real public reports in German, English, Korean and Japanese, none from the development set,
labelled

- ``new_deed``           — an actor's deed reported as news (agreed, cancelled, demanded …);
- ``background``         — states, earlier events, context;
- ``quote_or_commentary``— quoted content, analysts, opinions, evaluations;
- ``hedged_or_planned``  — plans, expectations, speculation, deeds not (yet) done;
- ``meeting_as_venue``   — a meeting, call or talks mentioned as the occasion of something else.

The annotation file holds no article text: per sentence only ids, URL, outlet, date, character
offsets, the label and the feature vector, so CI can retrain and cross-validate without the
text (``alliance evaluate --gate-cv``, or ``python -m alliance_monitor.coding.gate cv``). The
trained weights live in ``data/gate_model.json``; run time needs no scikit-learn.

Offsets are character offsets in the page's text as the project's reference search corpus stores
it, after collapsing each run of white space to one character.
"""

from __future__ import annotations

import json
import math
import sys
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from alliance_monitor.coding.analysis import FEATURES, TriggerInfo, features, vector
from alliance_monitor.coding.gazetteer import data_dir
from alliance_monitor.errors import CodingError

LABELS = ("new_deed", "background", "quote_or_commentary", "hedged_or_planned",
          "meeting_as_venue")
_CODES = {"N": "new_deed", "B": "background", "Q": "quote_or_commentary",
          "H": "hedged_or_planned", "M": "meeting_as_venue"}


class GateError(CodingError):
    """The gate's model or annotation file is missing or malformed."""


@dataclass(frozen=True)
class GateModel:
    classes: tuple[str, ...]
    features: tuple[str, ...]
    coef: tuple[tuple[float, ...], ...]
    intercept: tuple[float, ...]

    def proba(self, vec: list[float]) -> dict[str, float]:
        scores = [b + sum(c * x for c, x in zip(row, vec, strict=False))
                  for row, b in zip(self.coef, self.intercept, strict=True)]
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return {c: e / total for c, e in zip(self.classes, exps, strict=True)}


def model_path() -> Path:
    return data_dir() / "gate_model.json"


def annotations_path() -> Path:
    return data_dir() / "gate_annotations.jsonl"


@lru_cache(maxsize=1)
def default_model() -> GateModel:
    path = model_path()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise GateError(f"cannot read the gate model {path}: {exc}; retrain it with "
                        "`python -m alliance_monitor.coding.gate train`") from exc
    if tuple(raw["features"]) != FEATURES:
        raise GateError(f"{path} was trained on other features; retrain it with "
                        "`python -m alliance_monitor.coding.gate train`")
    return GateModel(tuple(raw["classes"]), tuple(raw["features"]),
                     tuple(tuple(r) for r in raw["coef"]), tuple(raw["intercept"]))


# ------------------------------------------------------------------------------ annotations

@dataclass
class Annotated:
    id: str
    url: str
    outlet: str
    date: str | None
    language: str
    start: int
    end: int
    label: str
    text: str = ""  # only while building from the local cache; never stored


def read_cache(folder: Path) -> list[Annotated]:
    """Annotated sentences from the local cache (text kept outside the repository).

    Format per file ``<lang><n>.txt``: ``@@ URL | date`` starts a page; then one sentence a line
    as ``LABEL<TAB>text`` (N/B/Q/H/M, ``-`` = not annotated; a ``+`` after the label means no
    space before the sentence); a line ``~`` is a paragraph break.
    """
    out: list[Annotated] = []
    for path in sorted(folder.glob("*.txt")):
        lang = path.stem.rstrip("0123456789")
        if lang not in ("en", "de", "ko", "ja"):
            continue
        url, date, pos, n = "", None, 0, 0
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("@@"):
                head = line[2:].split("|")
                url = head[0].strip()
                date = head[1].strip() if len(head) > 1 else None
                pos, n = 0, 0
                continue
            if line.strip() == "~":
                pos += 1 if pos else 0
                continue
            if "\t" not in line:
                continue
            code, text = line.split("\t", 1)
            glued = code.endswith("+")
            code = code.rstrip("+")
            if pos and not glued:
                pos += 1
            start, end = pos, pos + len(text)
            pos = end
            if code in _CODES:
                n += 1
                out.append(Annotated(f"{lang}-{abs(hash(url)) % 10**8:08d}-{n:03d}", url,
                                     urlparse(url).netloc, date, lang, start, end,
                                     _CODES[code], text))
    return out


def sentence_features(text: str, lang: str) -> dict[str, float]:
    """Features of a sentence's main trigger clause, as the coder computes them."""
    from alliance_monitor.coding.lexicon import default_lexicon
    from alliance_monitor.ingest.text import normalize

    lex = default_lexicon()
    hits = lex.language(lang).find_triggers(normalize(text))
    strong = [h for h in hits if not h.weak] or hits
    trig = None
    if strong:
        h = strong[0]
        d = lex.deeds[h.key]
        trig = TriggerInfo(h.start, h.end, d.id, d.category, d.polarity, d.governs,
                           d.modal_ok, h.weak, len(hits))
    return features(text, lang, trig)


def build_annotations(folder: Path, out: Path | None = None) -> int:
    """Write ``gate_annotations.jsonl`` from the cache: ids, URL, offsets, label, features."""
    from hashlib import sha1

    rows = read_cache(folder)
    dev_urls: set[str] = set()
    dev = Path(__file__).resolve().parents[3].parent / "shared" / "eval" / "news-dev.json"
    if dev.exists():
        dev_urls = {p.get("url") for p in json.loads(dev.read_text(encoding="utf-8"))["passages"]}
    lines = []
    for r in rows:
        if r.url in dev_urls:
            raise GateError(f"{r.url} is in the development set; annotate other reports")
        feats = features_for(r)
        rid = f"{r.language}-{sha1(r.url.encode()).hexdigest()[:8]}-{r.start:05d}"
        lines.append(json.dumps({"id": rid, "url": r.url, "outlet": r.outlet, "date": r.date,
                                 "language": r.language, "start": r.start, "end": r.end,
                                 "label": r.label,
                                 "features": [int(x) for x in vector(feats)]},
                                ensure_ascii=False))
    path = out or annotations_path()
    path.write_text("# features: " + " ".join(FEATURES) + "\n" + "\n".join(lines) + "\n",
                    encoding="utf-8")
    return len(lines)


def features_for(r: Annotated) -> dict[str, float]:
    return sentence_features(r.text, r.language)


def load_annotations(path: Path | None = None) -> tuple[list[list[float]], list[str],
                                                         list[dict[str, Any]]]:
    path = path or annotations_path()
    xs: list[list[float]] = []
    ys: list[str] = []
    meta: list[dict[str, Any]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        row = json.loads(line)
        if len(row["features"]) != len(FEATURES):
            raise GateError(f"{path}: {row['id']} has {len(row['features'])} features, "
                            f"the analysis computes {len(FEATURES)}; rebuild the annotations")
        xs.append([float(x) for x in row["features"]])
        ys.append(row["label"])
        meta.append(row)
    return xs, ys, meta


# ------------------------------------------------------------------------------ training

def _estimator() -> Any:
    try:
        from sklearn.linear_model import LogisticRegression
    except ImportError as exc:
        raise GateError("training the gate needs scikit-learn (dev dependency: "
                        "`uv sync --all-extras`)") from exc
    return LogisticRegression(C=1.0, max_iter=2000, class_weight="balanced")


def train(path: Path | None = None, out: Path | None = None) -> GateModel:
    xs, ys, _ = load_annotations(path)
    est = _estimator().fit(xs, ys)
    model = GateModel(tuple(str(c) for c in est.classes_), FEATURES,
                      tuple(tuple(round(float(v), 5) for v in row) for row in est.coef_),
                      tuple(round(float(v), 5) for v in est.intercept_))
    target = out or model_path()
    target.write_text(json.dumps({"classes": model.classes, "features": model.features,
                                  "coef": model.coef, "intercept": model.intercept},
                                 indent=None) + "\n", encoding="utf-8")
    default_model.cache_clear()
    return model


@dataclass
class CVResult:
    accuracy: float
    binary_accuracy: float  # new_deed vs the rest
    majority: float
    folds: int
    n: int
    per_language: dict[str, float]
    labels: dict[str, int]

    def lines(self) -> list[str]:
        langs = ", ".join(f"{k} {v:.2f}" for k, v in sorted(self.per_language.items()))
        return [f"gate: {self.n} annotated sentences, {self.folds}-fold cross-validation "
                f"(grouped by report)",
                f"  accuracy (5 labels)        {self.accuracy:.3f}   (majority label "
                f"{self.majority:.3f})",
                f"  accuracy (new deed or not) {self.binary_accuracy:.3f}",
                f"  per language               {langs}",
                "  labels                     " + ", ".join(f"{k} {v}" for k, v in
                                                           sorted(self.labels.items()))]


def cross_validate(path: Path | None = None, folds: int = 5) -> CVResult:
    """Cross-validated accuracy from the stored feature vectors (folds grouped by URL, so the
    sentences of one report are never split between training and test)."""
    try:
        from sklearn.model_selection import GroupKFold, cross_val_predict
    except ImportError as exc:
        raise GateError("cross-validation needs scikit-learn (dev dependency)") from exc
    xs, ys, meta = load_annotations(path)
    groups = [m["url"] for m in meta]
    pred = cross_val_predict(_estimator(), xs, ys, groups=groups, cv=GroupKFold(folds))
    ok = [p == y for p, y in zip(pred, ys, strict=True)]
    bin_ok = [(p == "new_deed") == (y == "new_deed") for p, y in zip(pred, ys, strict=True)]
    per: dict[str, list[bool]] = {}
    for m, good in zip(meta, ok, strict=True):
        per.setdefault(m["language"], []).append(good)
    counts = Counter(ys)
    return CVResult(sum(ok) / len(ok), sum(bin_ok) / len(bin_ok),
                    counts.most_common(1)[0][1] / len(ys), folds, len(ys),
                    {k: sum(v) / len(v) for k, v in per.items()}, dict(counts))


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    cmd = args[0] if args else "cv"
    if cmd == "build":
        n = build_annotations(Path(args[1]) if len(args) > 1 else Path("/work/annot-cache"))
        print(f"wrote {n} annotated sentences to {annotations_path()}")
    elif cmd == "train":
        train()
        print(f"wrote {model_path()}")
    elif cmd == "cv":
        print("\n".join(cross_validate().lines()))
    else:
        print("usage: python -m alliance_monitor.coding.gate build CACHE_DIR | train | cv")
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
