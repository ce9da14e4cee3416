"""Ingest: documents (text, HTML, feeds, URLs) and event files (GDELT, PLOVER) into the store."""
