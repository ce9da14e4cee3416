"""Resilience assessment with the SWP framework: methodology file, indicator kinds, engine."""

from alliance_monitor.assess.engine import assess, assessment_json
from alliance_monitor.assess.methodology import Methodology, MethodologyError, load_methodology
from alliance_monitor.assess.snapshot import Knowledge, Snapshot

__all__ = ["Knowledge", "Methodology", "MethodologyError", "Snapshot", "assess",
           "assessment_json", "load_methodology"]
