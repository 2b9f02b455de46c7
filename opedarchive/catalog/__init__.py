"""The event catalog: load and validate events.yml (load), and find where a text refers to a
catalogued event (match)."""

from .load import load_catalog

__all__ = ["load_catalog"]
