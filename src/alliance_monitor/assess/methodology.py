"""The methodology file: which indicators feed each criterion and fear, and how.

No weight lives in code: everything the engine needs comes from this file, validated here —
strictly, because a user's ``--methodology`` file is input like any other: it must be a UTF-8
YAML file (not a directory, not binary), without repeated keys; weights are finite and not
negative and the overall weights do not sum to zero; every indicator kind exists and gets the
parameters it needs; attributes and ``applies_to`` ids exist in the knowledge base
(:func:`check_against`). Every problem is reported with file, key and fix.
"""

from __future__ import annotations

import ast
import inspect
import math
import textwrap
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from alliance_monitor.errors import MethodologyError
from alliance_monitor.model import Text


class Normalize(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)
    method: Literal["linear", "log", "none"] = "linear"
    min: float = 0.0
    max: float = 1.0

    @model_validator(mode="after")
    def _range(self) -> Normalize:
        if self.method != "none" and self.max <= self.min:
            raise ValueError(f"normalize.max ({self.max}) must exceed normalize.min ({self.min})")
        if self.method == "log" and self.min <= 0:
            raise ValueError("log normalisation needs min > 0")
        return self


class IndicatorSpec(BaseModel):
    """One indicator: a kind (where the value comes from), its parameters and its scoring."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)
    id: str
    label: Text
    kind: str
    weight: float = Field(gt=0)
    direction: Literal[1, -1] = 1
    normalize: Normalize = Normalize()
    params: dict[str, Any] = Field(default_factory=dict)
    rationale: Text
    applies_to: list[str] | None = None  # alliance ids; None = all


class Block(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)
    label: Text
    indicators: list[IndicatorSpec] = Field(min_length=1)


class Bands(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)
    medium_from: float = Field(ge=0, le=100)
    high_from: float = Field(ge=0, le=100)

    @model_validator(mode="after")
    def _order(self) -> Bands:
        if self.high_from <= self.medium_from:
            raise ValueError("bands.high_from must be above bands.medium_from")
        return self

    def band(self, score: float) -> Literal["low", "medium", "high"]:
        if score >= self.high_from:
            return "high"
        return "medium" if score >= self.medium_from else "low"


class Ageing(BaseModel):
    """How old figures lose weight instead of dropping out (docs/methodology.md, "Ageing")."""

    model_config = ConfigDict(extra="forbid")
    half_life_years: float = Field(2.0, gt=0)
    floor: float = Field(0.1, ge=0, lt=1, description="below this share of its weight an "
                                                      "input counts as no data")

    def factor(self, age_years: float, full_years: float) -> float:
        if age_years <= full_years:
            return 1.0
        return float(0.5 ** ((age_years - full_years) / self.half_life_years))


class Methodology(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)
    id: str
    version: str
    title: Text
    bands: Bands
    min_coverage: float = Field(0.5, ge=0, le=1,
                                description="share of weight that must have data for a score")
    overall: dict[Literal["alignment", "contributions", "political_support"], float]
    criteria: dict[Literal["alignment", "contributions", "political_support"], Block]
    fears: dict[Literal["abandonment", "entrapment"], Block]
    ageing: Ageing = Ageing()
    #: Monte Carlo settings for ``assess --uncertainty`` (docs/methodology.md, "Uncertainty")
    uncertainty: dict[str, Any] = Field(default_factory=dict)
    path: str | None = None

    @model_validator(mode="after")
    def _complete(self) -> Methodology:
        missing = [c for c in ("alignment", "contributions", "political_support")
                   if c not in self.overall]
        if missing:
            raise ValueError(f"overall: weight(s) for {missing} missing")
        negative = {k: w for k, w in self.overall.items() if w < 0}
        if negative:
            raise ValueError(f"overall: negative weight(s) {negative}; weights are 0 or more")
        if not sum(self.overall.values()) > 0:
            raise ValueError("overall: the weights sum to 0; give at least one criterion a "
                             "positive weight")
        for name in ("alignment", "contributions", "political_support"):
            if name not in self.criteria:
                raise ValueError(f"criterion '{name}' is missing")
        for fear in ("abandonment", "entrapment"):
            if fear not in self.fears:
                raise ValueError(f"fear '{fear}' is missing")
        ids = [i.id for b in [*self.criteria.values(), *self.fears.values()] for i in b.indicators]
        dup = {i for i in ids if ids.count(i) > 1}
        if dup:
            raise ValueError(f"indicator ids used twice: {sorted(dup)}")
        return self

    def summary(self) -> dict[str, Any]:
        return {"id": self.id, "version": self.version, "file": self.path,
                "bands": self.bands.model_dump(), "overall_weights": dict(self.overall),
                "ageing": self.ageing.model_dump()}

    def blocks(self) -> dict[str, Block]:
        out: dict[str, Block] = {**dict(self.criteria.items()), **dict(self.fears.items())}
        return out


def default_path() -> Path:
    return Path(str(resources.files("alliance_monitor.assess") / "methodology.yaml"))


def _fix(err: dict[str, Any]) -> str:
    kind = err.get("type", "")
    if kind == "missing":
        return "add it"
    if kind == "extra_forbidden":
        return "remove it or correct its spelling"
    if kind == "finite_number":
        return "give a finite number (not .nan or .inf)"
    if kind in ("greater_than", "greater_than_equal"):
        return "give a positive number"
    return "correct it as the message says"


def _where(data: Any, loc: tuple[Any, ...]) -> str:
    """A readable key path: list positions become indicator ids where there are any."""
    parts: list[str] = []
    node = data
    for step in loc:
        if isinstance(node, list) and isinstance(step, int) and step < len(node):
            node = node[step]
            ident = node.get("id") if isinstance(node, dict) else None
            parts.append(f"[{ident}]" if ident else f"[{step}]")
            continue
        parts.append(f".{step}" if parts else str(step))
        node = node.get(step) if isinstance(node, dict) else None
    return "".join(parts) or "(top level)"


@cache
def required_params(fn: Any) -> frozenset[str]:
    """Parameters an indicator kind reads as ``params["name"]`` (required, unlike
    ``params.get``): as the kind declares them (``kind(name, required=…)``), else as found in
    its source. Built-in kinds declare them, because reading source costs a parse at every
    start; a test keeps the declarations equal to the source."""
    declared = getattr(fn, "required_params", None)
    if declared is not None:
        return frozenset(declared)
    return params_read_in_source(fn)


def params_read_in_source(fn: Any) -> frozenset[str]:
    """The ``params["name"]`` reads in a kind's source, minus those also read with ``.get``."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(fn)))
    except (OSError, TypeError, SyntaxError):
        return frozenset()
    found, optional = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) \
                and node.value.id == "params" and isinstance(node.slice, ast.Constant) \
                and isinstance(node.slice.value, str) and not isinstance(node.ctx, ast.Store):
            found.add(node.slice.value)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "params" \
                and node.func.attr == "get" and node.args \
                and isinstance(node.args[0], ast.Constant):
            optional.add(node.args[0].value)  # read with .get: guarded, not required
    return frozenset(found - optional)


def _specs(m: Methodology) -> list[tuple[str, IndicatorSpec]]:
    return [(f"{part}.{name}.indicators[{spec.id}]", spec)
            for part, blocks in (("criteria", m.criteria), ("fears", m.fears))
            for name, block in blocks.items() for spec in block.indicators]


def load_methodology(path: Path | str | None = None) -> Methodology:
    target = Path(path) if path else default_path()
    from alliance_monitor.knowledge.loader import load_yaml, read_text_file

    try:
        text = read_text_file(target)
    except FileNotFoundError as exc:
        raise MethodologyError(f"methodology file {target} not found — fix: give the path of "
                               f"a methodology YAML file") from exc
    except (ValueError, OSError) as exc:
        raise MethodologyError(f"{target}: {exc} — fix: give a UTF-8 methodology YAML file "
                               f"(the bundled one is {default_path()})") from exc
    from yaml import YAMLError

    try:
        data = load_yaml(text)
    except YAMLError as exc:
        raise MethodologyError(f"{target}: not valid YAML: {' '.join(str(exc).split())} — "
                               f"fix: correct the file at the line given") from exc
    if not isinstance(data, dict):
        raise MethodologyError(f"{target}: the file is not a mapping — fix: start from the "
                               f"bundled methodology ({default_path()})")
    try:
        m = Methodology.model_validate(data)
    except ValidationError as exc:
        lines = [f"  - {target.name}: [{_where(data, tuple(e['loc']))}] "
                 f"{str(e['msg']).removeprefix('Value error, ')} — fix: {_fix(dict(e))}"
                 for e in exc.errors()]
        raise MethodologyError(f"{target}: invalid methodology:\n" + "\n".join(lines)) from exc
    from alliance_monitor.assess.kinds import KINDS

    unknown = sorted({i.kind for b in [*m.criteria.values(), *m.fears.values()]
                      for i in b.indicators} - set(KINDS))
    if unknown:
        raise MethodologyError(f"{target}: unknown indicator kind(s) {unknown} — fix: use one "
                               f"of {sorted(KINDS)}")
    problems = []
    for where, spec in _specs(m):
        for name in sorted(required_params(KINDS[spec.kind]) - set(spec.params)):
            problems.append(f"  - {target.name}: [{where}.params.{name}] missing; kind "
                            f"'{spec.kind}' needs it — fix: add params.{name}")
    if problems:
        raise MethodologyError(f"{target}: invalid methodology:\n" + "\n".join(problems))
    return m.model_copy(update={"path": target.name})


def check_against(m: Methodology, kb: Any) -> None:
    """Attributes and ``applies_to`` ids must exist in the knowledge base ``kb``."""
    problems = []
    name = m.path or "methodology"
    for where, spec in _specs(m):
        for alliance in spec.applies_to or []:
            if alliance not in kb.alliances:
                problems.append(f"  - {name}: [{where}.applies_to] unknown alliance "
                                f"'{alliance}' — fix: use one of {sorted(kb.alliances)}")
        attribute = spec.params.get("attribute")
        if isinstance(attribute, str) and kb.attributes and attribute not in kb.attributes:
            problems.append(f"  - {name}: [{where}.params.attribute] unknown attribute "
                            f"'{attribute}' — fix: use an attribute registered in the "
                            f"knowledge base ('alliance facts' lists them)")
    for where, spec in _specs(m):
        if not math.isfinite(spec.weight):  # pragma: no cover - refused by the model
            problems.append(f"  - {name}: [{where}.weight] not finite")
    if problems:
        raise MethodologyError(f"{name}: invalid methodology:\n" + "\n".join(problems))
