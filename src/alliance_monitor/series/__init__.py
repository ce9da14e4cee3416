"""Series: dyad-period event series per alliance (Ibis; DuckDB or Spark), indicator panels and
the bulk reads the assessment needs. Heavy modules (ibis, pyarrow) load only when used."""

from __future__ import annotations

from typing import Any

__all__ = ["EngineError", "SeriesResult", "build_series"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from alliance_monitor.series import build

        return getattr(build, name)
    raise AttributeError(name)
