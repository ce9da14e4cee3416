"""The methodology file: which indicators feed each criterion and fear, and how.

No weight lives in code: everything the engine needs comes from this file, validated here.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from alliance_monitor.errors import MethodologyError
from alliance_monitor.model import Text


class Normalize(BaseModel):
    model_config = ConfigDict(extra="forbid")
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

    model_config = ConfigDict(extra="forbid")
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
    model_config = ConfigDict(extra="forbid")
    label: Text
    indicators: list[IndicatorSpec] = Field(min_length=1)


class Bands(BaseModel):
    model_config = ConfigDict(extra="forbid")
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
    model_config = ConfigDict(extra="forbid")
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


def load_methodology(path: Path | str | None = None) -> Methodology:
    target = Path(path) if path else default_path()
    try:
        data = yaml.load(target.read_text(encoding="utf-8"),
                         Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except FileNotFoundError as exc:
        raise MethodologyError(f"methodology file {target} not found") from exc
    except yaml.YAMLError as exc:
        raise MethodologyError(f"{target}: not valid YAML: {exc}") from exc
    try:
        m = Methodology.model_validate(data)
    except ValidationError as exc:
        lines = [f"  - {'.'.join(str(x) for x in e['loc'])}: {e['msg']}" for e in exc.errors()]
        raise MethodologyError(f"{target}: invalid methodology:\n" + "\n".join(lines)) from exc
    from alliance_monitor.assess.kinds import KINDS

    unknown = sorted({i.kind for b in [*m.criteria.values(), *m.fears.values()]
                      for i in b.indicators} - set(KINDS))
    if unknown:
        raise MethodologyError(f"{target}: unknown indicator kind(s) {unknown}; "
                               f"known: {sorted(KINDS)}")
    return m.model_copy(update={"path": target.name})
