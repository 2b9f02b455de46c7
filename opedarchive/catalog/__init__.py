"""The event catalog: load and validate the catalog files of events/ (load), and find where a text refers to a
catalogued event (match)."""

from .load import load_catalog

__all__ = ["load_catalog"]
