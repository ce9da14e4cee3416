"""Write facts derived from a data set (ATOP treaty provisions) to ``dataset_facts``.

The rows mirror the curated ``facts`` table (``knowledge/build.py``) so the knowledge base
read back from the store (``knowledge.build.read``) treats both alike; ``file`` holds the data
set's name, which is how a reload replaces its facts and nothing else.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import duckdb

from alliance_monitor.model import Fact


def _numeric(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def replace_facts(con: duckdb.DuckDBPyConnection, dataset: str, facts: Sequence[Fact]) -> int:
    con.execute("DELETE FROM dataset_facts WHERE file = ?", [dataset])
    if facts:
        con.executemany(
            "INSERT OR REPLACE INTO dataset_facts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [[f.id, f.subject, f.attribute, f.about,
              float(f.value) if _numeric(f.value) else None,  # type: ignore[arg-type]
              None if _numeric(f.value) else json.dumps(f.value, ensure_ascii=False),
              f.unit, f.valid_from, f.valid_to, f.source.ref, f.status, dataset,
              f.model_dump_json()] for f in facts])
    return len(facts)


__all__ = ["replace_facts"]
