"""Presentation: output formats, tables, reports and German/English prose."""
