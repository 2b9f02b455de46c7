"""--verify: the built HTML site against the essays and docs/ (every paragraph verbatim, the
metadata as the front matter says, no markup from essay text)."""
