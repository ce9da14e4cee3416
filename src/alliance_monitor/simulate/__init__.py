"""Uncertainty and sensitivity, explaining a change, and what-if scenarios over overlays.

Everything here reads assessments and snapshots and never writes the store: a scenario is a
:meth:`~alliance_monitor.assess.snapshot.Snapshot.with_overlay` copy.
"""

from alliance_monitor.simulate.explain import Contribution, Explanation, explain
from alliance_monitor.simulate.uncertainty import (
    Interval,
    SensitivityIndex,
    UncertaintyResult,
    UncertaintySettings,
    run_uncertainty,
)

__all__ = ["Contribution", "Explanation", "Interval", "SensitivityIndex", "UncertaintyResult",
           "UncertaintySettings", "explain", "run_uncertainty"]
