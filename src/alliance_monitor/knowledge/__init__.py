"""Curated, sourced knowledge base: data files plus their loader and validator."""

from alliance_monitor.knowledge.loader import KnowledgeBase, KnowledgeError, Problem, load

__all__ = ["KnowledgeBase", "KnowledgeError", "Problem", "load"]
