"""The op-ed archive converter: raw essays in, Markdown with front matter out.

One run, in the order cli.py calls the stages (ARCHITECTURE.md has the picture):

    store.source     essays/*.txt + sidecars, .slugs.yml          -> RawEssay
    store.reader     docs/, the last run's state                  -> pages on disk
    catalog.load     events/*.yml                                 -> Event
    ingest.parallel  RawEssay (+ extraction cache)                -> Essay | problems
    pages.build      Essay, Event, slug record, pages on disk     -> every docs/ file, in memory
    store.writer     those files                                  -> docs/ (atomic, only changes)
    checks.verify    site/ (after MkDocs) against essays and docs/ -> findings

Subpackages import only those below them: core <- store, catalog <- ingest <- pages <- checks
<- cli.py, read_only.py, run_inputs.py. Only store/ touches the disk.
"""
