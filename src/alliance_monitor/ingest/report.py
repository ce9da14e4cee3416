"""What an ingest run did: shared by every ingester so the CLI reports them alike."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class BadItem:
    item: str  # file, URL or "file:line"
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {"item": self.item, "reason": self.reason}


@dataclass
class IngestReport:
    kind: str
    added: int = 0
    unchanged: int = 0  # already stored (idempotent re-runs)
    events: int = 0
    bad: list[BadItem] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)

    def merge(self, other: IngestReport) -> None:
        self.added += other.added
        self.unchanged += other.unchanged
        self.events += other.events
        self.bad.extend(other.bad)
        for k, v in other.details.items():
            self.details[k] = v

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "added": self.added, "unchanged": self.unchanged,
                "events": self.events, "bad": [b.as_dict() for b in self.bad],
                "details": self.details}
