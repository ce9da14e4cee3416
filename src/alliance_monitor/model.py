"""The entities of the alliance model (DESIGN.md, "The model") as typed classes.

Curated data files are validated against these classes; the store mirrors them.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Annotated, Any, Literal, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

Lang = Literal["en", "de"]
Criterion = Literal["alignment", "contributions", "political_support"]
Fear = Literal["abandonment", "entrapment"]
Band = Literal["low", "medium", "high"]
CRITERIA: tuple[Criterion, ...] = ("alignment", "contributions", "political_support")
FEARS: tuple[Fear, ...] = ("abandonment", "entrapment")

#: The 16 PLOVER event categories (PLOVER manual, openeventdata/PLOVER).
PLOVER_CATEGORIES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
    "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE",
    "COERCE", "ASSAULT",
)


def _plover(value: str) -> str:
    if value not in PLOVER_CATEGORIES:
        raise ValueError(f"'{value}' is not a PLOVER category; use one of {PLOVER_CATEGORIES}")
    return value


#: A PLOVER category code, validated wherever an event carries one.
PloverCategory = Annotated[str, AfterValidator(_plover)]


class Strict(BaseModel):
    """Base for curated records: unknown keys are errors, not silently dropped."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False, defer_build=True)


class Text(Strict):
    """Prose a person reads: German and English are both required."""

    en: str = Field(min_length=1)
    de: str = Field(min_length=1)

    def get(self, lang: str) -> str:
        return self.de if lang == "de" else self.en


class Source(Strict):
    """A document facts are taken from (study, article, data set, official page)."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_.:-]*$")
    title: str
    author: str | None = None
    publisher: str | None = None
    published: dt.date | None = None
    url: str | None = None
    kind: Literal["study", "article", "dataset", "official", "report", "book", "web"]
    language: Lang | Literal["ko", "ja"] | None = None
    licence: str | None = None


class SourceRef(Strict):
    """Where exactly in a source a fact stands."""

    ref: str
    page: int | str | None = None
    footnote: int | None = None
    cites: str | None = None  # the study's own source, named
    quote: str | None = None  # a few words as a locator, never a whole sentence

    def label(self) -> str:
        parts = [self.ref]
        if self.page is not None:
            parts.append(f"p. {self.page}")
        if self.footnote is not None:
            parts.append(f"fn. {self.footnote}")
        return ", ".join(parts)


class Office(Strict):
    """A time-bounded office: a person counts as the state only while in office."""

    role: str
    of: str  # actor id of the state/organisation
    start: dt.date
    end: dt.date | None = None
    source: SourceRef | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Office:
        if self.end is not None and self.end < self.start:
            raise ValueError(
                f"office '{self.role}' ends ({self.end}) before it starts ({self.start})")
        return self

    def holds_on(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


class Actor(Strict):
    id: str = Field(pattern=r"^([A-Z]{3}|[A-Z0-9]{2,8}|person:[a-z0-9_-]+)$")
    kind: Literal["state", "organisation", "group", "person"]
    name: Text
    members: list[str] = Field(default_factory=list)
    offices: list[Office] = Field(default_factory=list)
    aliases: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _person_offices(self) -> Actor:
        if self.kind == "person" and not self.id.startswith("person:"):
            raise ValueError("a person's id must start with 'person:'")
        if self.kind != "person" and self.offices:
            raise ValueError("only persons hold offices")
        return self


class Treaty(Strict):
    name: str
    signed: dt.date
    in_force: dt.date | None = None
    key_article: str
    scope: Text
    mutual: bool
    atop_ids: list[int] = Field(default_factory=list)
    source: SourceRef


class Alliance(Strict):
    id: str = Field(pattern=r"^[A-Z0-9]+(-[A-Z0-9]+)+$")
    name: Text
    members: list[str] = Field(min_length=2)
    kind: Literal["bilateral_alliance", "bilateral_partnership", "trilateral", "partnership"]
    treaty: Treaty | None = None
    command: Text | None = None
    aliases: list[str] = Field(default_factory=list)
    established: dt.date | None = None  # before this date the format did not exist
    source: SourceRef


class Institution(Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$")
    name: Text
    alliances: list[str] = Field(min_length=1)
    kind: Literal["consultation", "command", "agreement", "summit", "working_group", "format"]
    start: dt.date | None = None
    end: dt.date | None = None
    level: str | None = None
    note: Text | None = None
    source: SourceRef
    #: reports published at the time that record the body (point-in-time citations)
    contemporary: list[SourceRef] = Field(default_factory=list)

    @model_validator(mode="after")
    def _ordered(self) -> Institution:
        if self.start and self.end and self.end < self.start:
            raise ValueError(f"institution ends ({self.end}) before it starts ({self.start})")
        return self

    def active_on(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


class Dimension(Strict):
    """A registered attribute: what it measures and which kind of unit it takes."""

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    dimension: Literal["count", "money", "percent", "ratio", "level", "text", "bool", "date",
                       "rank", "duration", "distance"]
    description: Text


class Unit(Strict):
    id: str
    dimension: Literal["count", "money", "percent", "ratio", "level", "text", "bool", "date",
                       "rank", "duration", "distance"]
    description: str


class Fact(Strict):
    """One sourced statement with valid time (DESIGN.md "Fact")."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_.:-]*$")
    subject: str  # actor id, alliance id or institution id
    attribute: str
    about: str | None = None  # the member (actor id) a value refers to, e.g. JPN in USA-JPN
    value: str | int | float | bool | list[str]
    unit: str | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    source: SourceRef
    note: Text | None = None
    status: Literal["asserted", "claimed", "contradicted", "estimate"] = "asserted"
    contradicted_by: list[SourceRef] = Field(default_factory=list)
    topic: str | None = None
    #: when the statement became public; defaults to the source's publication date
    known_from: dt.date | None = None
    #: reports published at the time that already support the same value (point-in-time
    #: knowledge: the fact counts from the earliest of them, not from a later study)
    contemporary: list[SourceRef] = Field(default_factory=list)
    #: the curator is unsure of a coded level: ``assess --uncertainty`` varies it by ±1
    uncertain: bool = False

    @field_validator("value", mode="before")
    @classmethod
    def _finite(cls, v: Any) -> Any:
        if isinstance(v, float) and not math.isfinite(v):
            raise ValueError(f"{v} is not a finite number (.nan and .inf are not values)")
        return v

    @model_validator(mode="after")
    def _checks(self) -> Fact:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValueError(
                f"valid_to ({self.valid_to}) is before valid_from ({self.valid_from})")
        if self.status == "contradicted" and not self.contradicted_by:
            raise ValueError("status 'contradicted' needs 'contradicted_by' with a source")
        return self

    def valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to)


class Perception(Strict):
    """One cell of the study's comparison table (threat perceptions and strategic interests)."""

    country: Literal["USA", "JPN", "KOR"]
    topic: Literal["regional_order", "china", "north_korea", "russia"]
    threat_level: int = Field(ge=0, le=4, description="0 none … 4 very high")
    priority_rank: int = Field(ge=1, le=4, description="1 = top priority of this country")
    goals: list[str] = Field(min_length=1)
    preferred_means: list[str] = Field(min_length=1)
    summary: Text
    source: SourceRef
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None

    @field_validator("goals", "preferred_means")
    @classmethod
    def _codes(cls, v: list[str]) -> list[str]:
        for code in v:
            if not code.replace("_", "").isalnum() or code != code.lower():
                raise ValueError(f"'{code}' must be a lower_snake_case code")
        return v


Measure = Literal["alignment", "contributions", "political_support", "abandonment",
                  "entrapment"]
MEASURES: tuple[Measure, ...] = (*CRITERIA, *FEARS)


class ReportRef(Strict):
    """A public report an event record entry rests on: never its text, at most a locator."""

    outlet: str = Field(min_length=1)
    published: dt.date
    url: str = Field(pattern=r"^https?://\S+$")
    title: str = Field(min_length=1)
    language: Literal["en", "de", "ko", "ja"] | None = None
    locator: str | None = Field(default=None, max_length=80)


class EventSignal(Strict):
    """What a deed means for one alliance: a criterion or fear, a direction, a strength."""

    alliance: str
    measure: Measure
    direction: Literal[1, -1]
    strength: int = Field(default=1, ge=1, le=3)


class RecordEvent(Strict):
    """One curated, sourced deed of the event record (DESIGN.md "Event record")."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    date: dt.date
    source: str
    target: str | None = None
    category: PloverCategory
    mode: str | None = None
    summary: Text
    signals: list[EventSignal] = Field(min_length=1)
    sources: list[ReportRef] = Field(min_length=1)

    @property
    def known_from(self) -> dt.date:
        """The day the deed was done and public: its date or its earliest report, if later."""
        return max(self.date, min(s.published for s in self.sources))


class SignalRecord(BaseModel):
    """A dated signal from either the event record or coded news, as the assessment reads it."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    event: str
    origin: Literal["record", "news"]
    date: dt.date
    known_from: dt.date
    alliance: str
    measure: Measure
    direction: int
    weight: float
    source: str | None = None
    target: str | None = None
    category: str | None = None
    summary_en: str | None = None
    summary_de: str | None = None
    citations: tuple[dict[str, Any], ...] = ()


class DatasetValue(BaseModel):
    """One yearly data-set value as the assessment reads it."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    indicator: str
    subject: str
    year: int
    value: float
    dataset: str
    source_ref: str
    #: set for a curated supplement value: known from its source's publication date, cited
    #: by that source (publisher, title, published, url, locator); None for official values,
    #: which are known from 1 April of the next year (assess/snapshot.py).
    known_from: dt.date | None = None
    citation: dict[str, str] | None = None


class Signal(BaseModel):
    alliance: str
    criterion: Measure
    direction: Literal[1, -1]


class Evidence(BaseModel):
    text: str
    start: int
    end: int


class Event(BaseModel):
    """Who did what to whom, when (DESIGN.md "Event" and the `code --format jsonl` contract)."""

    doc: str
    date: dt.date | None
    source: str
    target: str | None
    category: PloverCategory
    mode: str | None = None
    quad: int | None = None
    signals: list[Signal] = Field(default_factory=list)
    evidence: Evidence
    confidence: float = Field(ge=0, le=1)


class Document(BaseModel):
    id: str
    url: str | None
    outlet: str | None
    language: str | None
    published: dt.date | None
    title: str | None
    text: str
    content_hash: str


class IndicatorResult(BaseModel):
    id: str
    label: str | None = None
    value: Any
    normalized: float | None
    weight: float
    sources: list[dict[str, Any]]
    as_of: str | None = None
    age_days: int | None = None
    effective_weight: float | None = None
    note: str | None = None


class Score(BaseModel):
    score: float | None
    band: Band | None
    #: share of the block's weight that had data (after ageing) on the date
    coverage: float | None = None
    indicators: list[IndicatorResult] = Field(default_factory=list)
    evidence: list[dict[str, Any]] = Field(default_factory=list)


class Assessment(BaseModel):
    alliance: str
    as_of: dt.date
    criteria: dict[str, Score]
    fears: dict[str, Score]
    overall: Score
    methodology: dict[str, Any]
    knowledge: Literal["point_in_time", "latest"] = "point_in_time"
    #: point in time: knowledge as published by this date when not ``as_of`` (a vintage)
    known_by: dt.date | None = None
    knowledge_horizon: dt.date | None = None
    newest_input: str | None = None
    warnings: list[str] = Field(default_factory=list)


_M = TypeVar("_M", bound=BaseModel)


def construct_all(cls: type[_M], values: dict[str, Any]) -> _M:
    """``cls.model_construct(**values)`` for trusted values that name every field, in field
    order (the engine builds tens of thousands of results per score series; pydantic's
    ``model_construct`` looks up defaults and aliases field by field). A test keeps the two
    equal for every class it is used with."""
    if values.keys() != cls.__pydantic_fields__.keys():  # programming error, not bad data
        raise TypeError(f"{cls.__name__}: construct_all needs every field, in order")
    m = cls.__new__(cls)
    object.__setattr__(m, "__dict__", values)
    object.__setattr__(m, "__pydantic_fields_set__", set(values))
    object.__setattr__(m, "__pydantic_extra__", None)
    object.__setattr__(m, "__pydantic_private__", None)
    return m


def scalar(value: Any) -> Any:
    """A JSON-friendly scalar for printing and storing."""
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


__all__ = [
    "CRITERIA", "FEARS", "MEASURES", "PLOVER_CATEGORIES", "Actor", "Alliance", "Assessment",
    "DatasetValue", "Dimension", "Document", "Event", "EventSignal", "Evidence", "Fact",
    "IndicatorResult", "Institution", "Office", "Perception", "RecordEvent", "ReportRef", "Score",
    "Signal", "SignalRecord", "Source", "SourceRef", "Text", "Treaty", "Unit", "construct_all",
]
