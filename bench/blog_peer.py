"""The same essays as a Material for MkDocs blog: what a maintainer would build without this
project. Each essay is a blog post with its title, date, authors, categories (the events it
references) and tags (its topics), taken from the converted archive's `docs/archive.json`, and the
same body paragraphs; Material's built-in blog, tags and search plugins and mkdocs-rss-plugin
(pinned in requirements-dev.txt) make the rest: post pages, index, archive, category and tag
pages, the search index and the feeds.

    python -m bench.blog_peer --archive bench/work/archive-1000 --out bench/work/blog-1000
"""

from __future__ import annotations

import argparse
import json
import shutil
from datetime import date
from pathlib import Path

import yaml
from slugify import slugify

from opedarchive.ingest.decode import decode
from opedarchive.ingest.structure import extract_structure

# The blog plugin needs a date for every post; an essay whose date is unknown gets this one
# (the archive shows "Date unknown" instead).
UNKNOWN_DATE = "2000-01-01"
# The blog plugin needs an avatar for every author: one tiny inline image, so that no request
# leaves the site and no file is added per author.
AVATAR = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 1 1'/%3E"
MKDOCS_YML = """\
site_name: Blog peer
site_url: http://127.0.0.1:8000/
theme:
  name: material
  font: false
  features:
    - navigation.tabs
plugins:
  - search
  - blog
  - tags
  - rss:
      match_path: blog/posts/.*
      use_git: false
      date_from_meta:
        as_creation: date
      categories:
        - categories
        - tags
      length: 50
nav:
  - Home: index.md
  - Blog:
      - blog/index.md
  - Tags: tags.md
"""


def _yaml_front_matter(meta: dict) -> str:
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000) + "---\n"


def _post(essay: dict, paragraphs: tuple[str, ...], author_ids: dict[str, str], event_names: dict[str, str]) -> str:
    meta: dict = {"date": date.fromisoformat(essay["date"] or UNKNOWN_DATE), "slug": essay["slug"]}
    if essay["authors"]:
        meta["authors"] = [author_ids[author["name"]] for author in essay["authors"]]
    if essay["events"]:
        meta["categories"] = [event_names[event] for event in essay["events"]]
    if essay["tags"]:
        meta["tags"] = list(essay["tags"])
    # The first paragraph is the excerpt on index, archive and category pages, as a blogger marks it.
    body = [f"# {essay['title']}", "", paragraphs[0], "", "<!-- more -->"]
    for paragraph in paragraphs[1:]:
        body += ["", paragraph]
    return _yaml_front_matter(meta) + "\n" + "\n".join(body) + "\n"


def _authors_file(archive_json: dict) -> tuple[str, dict[str, str]]:
    """(.authors.yml, author name -> id): every author the essays name, with a bio when known."""
    ids: dict[str, str] = {}
    authors: dict[str, dict] = {}
    for author in archive_json["authors"]:
        base = slugify(author["name"]) or "author"
        author_id, number = base, 1
        while author_id in authors:
            number += 1
            author_id = f"{base}-{number}"
        ids[author["name"]] = author_id
        bios = author.get("bios") or []
        authors[author_id] = {"name": author["name"], "description": bios[0] if bios else "Author", "avatar": AVATAR}
    return yaml.safe_dump({"authors": authors}, allow_unicode=True, sort_keys=False, width=1000), ids


def write_blog(archive: Path, out: Path) -> Path:
    """The blog of `archive`'s essays (converted: docs/archive.json is read) in `out`."""
    shutil.rmtree(out, ignore_errors=True)
    posts = out / "docs" / "blog" / "posts"
    posts.mkdir(parents=True)
    data = json.loads((archive / "docs" / "archive.json").read_text(encoding="utf-8"))
    event_names = {event["id"]: event["name"] for event in data["events"]}
    authors_yml, author_ids = _authors_file(data)
    (out / "docs" / "blog" / ".authors.yml").write_text(authors_yml, encoding="utf-8")
    for essay in data["essays"]:
        text = decode((archive / "essays" / essay["source"]).read_bytes()).text
        paragraphs = extract_structure(text).paragraphs
        page = _post(essay, paragraphs, author_ids, event_names)
        (posts / f"{essay['slug']}.md").write_text(page, encoding="utf-8")
    (out / "docs" / "blog" / "index.md").write_text("# Essays\n", encoding="utf-8")
    (out / "docs" / "index.md").write_text("# Op-ed blog\n\nThe essays are in the [blog](blog/index.md).\n")
    (out / "docs" / "tags.md").write_text("# Tags\n\n<!-- material/tags -->\n", encoding="utf-8")
    (out / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    return out


def post_page(site: Path, slug: str) -> Path:
    """The built page of the post with this slug (under blog/<year>/<month>/<day>/)."""
    found = sorted((site / "blog").glob(f"**/{slug}/index.html"))
    if not found:
        raise FileNotFoundError(f"no page for the post {slug!r} under {site / 'blog'}")
    return found[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--archive", type=Path, required=True, help="a converted archive (docs/archive.json)")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    write_blog(args.archive, args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
