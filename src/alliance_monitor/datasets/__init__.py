"""Real indicator data sets over time (issue 3): registry, loaders, fetch, bundled extracts.

One module per data set (``atop``, ``atop_dyads``, ``unga``, ``sipri_milex``, ``sipri_arms``,
``troops``, ``bases``, ``mme``, ``signals``, ``pew``, ``nato_opinion``) turns the official
file into the data set's own table and derives the yearly ``indicator_values`` (and, for ATOP,
``dataset_facts``) the assessment reads. Country codes are normalised once in ``countries``.
"""

from alliance_monitor.datasets.load import load_directory, load_path, load_source
from alliance_monitor.datasets.registry import REGISTRY, Dataset, UnknownDataset, get

__all__ = ["REGISTRY", "Dataset", "UnknownDataset", "get", "load_directory", "load_path",
           "load_source"]
