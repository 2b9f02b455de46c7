"""Build-time helpers that `make site` runs after MkDocs; not part of the converter (opedarchive)."""
