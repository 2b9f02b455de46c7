"""The disk, and only here: read essays, sidecars, the slug record and docs/; write docs/
atomically; the lock; the state a run keeps for the next (manifest, extraction cache).
Knows nothing of essays beyond core's values: the caller says which files are generated."""
