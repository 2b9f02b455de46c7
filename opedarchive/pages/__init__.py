"""Essays -> the Markdown files of docs/: slugs and URLs, the essay pages, the listing pages,
timeline, feeds and archive.json. Pure: text in, text out; build() decides every file."""
