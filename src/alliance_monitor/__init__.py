"""Alliance Monitor: sourced resilience assessment of the US alliances in the Indo-Pacific."""

__version__ = "0.2.0"
