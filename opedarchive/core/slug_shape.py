"""The one rule for an essay's slug, wherever it comes from (a sidecar, the slug record): it
names a file under docs/essays/, so it must be a plain name that cannot lead anywhere else."""

from __future__ import annotations

import re

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
RESERVED_SLUGS = frozenset({"index"})  # essays/index.md is the essays folder's own page


def slug_shape_problem(text: str) -> str | None:
    """What is wrong with `text` as an essay's slug, or None."""
    if not SLUG.match(text):
        return "must be lowercase ASCII letters, digits and single hyphens"
    if text in RESERVED_SLUGS:
        return f"is reserved: essays/{text}.md is the essays folder's own page"
    return None
