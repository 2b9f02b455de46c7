"""RawEssay -> Essay: decode the bytes, read the text's own structure (title, byline, dateline,
author note), the sidecar's curated facts, dates and events; many at once in parallel."""
