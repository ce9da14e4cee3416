"""The coder's view of the knowledge base: persons and alliance members, loaded once.

A knowledge base that does not load (a curator's file half-edited) must not stop coding: the
coder then uses its own data files and says so in ``notes``.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

_CURRENT: list[Any] = []


def use_knowledge(kb: Any) -> None:
    """The application hands the coder the knowledge base it read from the store."""
    _CURRENT[:] = [kb]
    knowledge_base.cache_clear()
    alliance_members.cache_clear()


@lru_cache(maxsize=1)
def knowledge_base() -> tuple[Any | None, str | None]:
    """(KnowledgeBase or None, note explaining why not). Without an application (library use)
    the coder reads the bundled knowledge files."""
    if _CURRENT:
        return _CURRENT[0], None
    try:
        from alliance_monitor import knowledge

        return knowledge.load(), None
    except Exception as exc:  # KnowledgeError, or a data file being edited
        first = str(exc).splitlines()[0]
        return None, f"knowledge base not loaded ({first}); the coder uses its own data only"


@lru_cache(maxsize=1)
def alliance_members() -> dict[str, tuple[str, ...]]:
    """Alliance id -> members, from the knowledge base (or its alliances.yaml read directly)."""
    kb, _ = knowledge_base()
    if kb is not None and kb.alliances:
        return {a.id: tuple(a.members) for a in kb.alliances.values()}
    path = Path(str(resources.files("alliance_monitor.knowledge") / "data" / "alliances.yaml"))
    doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {a["id"]: tuple(a["members"]) for a in doc.get("alliances", [])}
