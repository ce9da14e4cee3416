"""Real indicator data sets over time (issue 3): registry, loaders, fetch, bundled extracts.

One module per data set (``atop``, ``atop_dyads``, ``unga``, ``sipri_milex``, ``sipri_arms``,
``troops``, ``bases``, ``mme``, ``signals``, ``pew``, ``nato_opinion``) turns the official
file into the data set's own table and derives the yearly ``indicator_values`` (and, for ATOP,
``dataset_facts``) the assessment reads. Country codes are normalised once in ``countries``.

The loaders (pandas, pyarrow) are imported on first use, so the command line starts fast.
"""

from __future__ import annotations

from typing import Any

from alliance_monitor.datasets.registry import REGISTRY, Dataset, UnknownDataset, get

_LAZY = {"load_directory", "load_path", "load_source"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from alliance_monitor.datasets import load

        return getattr(load, name)
    raise AttributeError(f"module 'alliance_monitor.datasets' has no attribute '{name}'")


__all__ = ["REGISTRY", "Dataset", "UnknownDataset", "get", "load_directory", "load_path",
           "load_source"]
