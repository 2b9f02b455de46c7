"""Where every generated page lives (docs-relative Markdown paths) and the URLs MkDocs gives them.

Pages link to each other by relative .md paths, which MkDocs checks in strict mode and turns
into relative URLs, so the site works under any subpath (GitHub Pages' /REPO/).
"""

from __future__ import annotations

from collections.abc import Container, Iterable

from slugify import slugify

ESSAY_DIR = "essays"
EVENT_DIR = "events"
AUTHOR_DIR = "authors"
TOPIC_DIR = "topics"
YEAR_DIR = "years"

HOME = "index.md"
EVENTS_INDEX = f"{EVENT_DIR}/index.md"
AUTHORS_INDEX = f"{AUTHOR_DIR}/index.md"
TIMELINE = "timeline.md"
TOPICS_INDEX = f"{TOPIC_DIR}/index.md"
ABOUT = "about.md"
SEARCH = "search.md"
ARCHIVE_JSON = "archive.json"
RSS_FEED = "feed.xml"
JSON_FEED = "feed.json"


def essay_path(slug: str) -> str:
    return f"{ESSAY_DIR}/{slug}.md"


def event_path(event_id: str) -> str:
    return f"{EVENT_DIR}/{event_id}.md"


def author_path(slug: str) -> str:
    return f"{AUTHOR_DIR}/{slug}.md"


def topic_path(slug: str) -> str:
    return f"{TOPIC_DIR}/{slug}.md"


def year_path(key: str) -> str:
    return f"{YEAR_DIR}/{key}.md"


def year_part_path(main: str, year: str, number: int = 1) -> str:
    """A year page of a paged listing (pages/paging.py): `events/<id>.md` has its years in the
    folder of the same name, `events/<id>/2024.md`, then `events/<id>/2024-2.md`..., a decade's
    `events/<id>/2010s.md` and `events/<id>/undated.md`. Why a folder and not
    `events/<id>-2024.md`: that name could be another event's id (`election-2024`), while ids and
    slugs never hold a `/`, so nothing else is ever generated inside `events/<id>/` and the events
    index stays alone. With
    use_directory_urls the main page is `events/<id>/` and its years `events/<id>/2024/` (under
    it, as a reader expects); without, `events/<id>.html` and `events/<id>/2024.html`. Either
    way the relative .md links (`<id>/2024.md`, `../<id>.md`) are checked by MkDocs' strict mode.
    (`events/<id>/index.md` would clash with the main page; a year is digits, a decade digits and
    `s`, or `undated`.)"""
    folder = main[: -len(".md")]
    return f"{folder}/{year}.md" if number == 1 else f"{folder}/{year}-{number}.md"


def url_of(path: str) -> str:
    """The site-relative URL MkDocs (use_directory_urls) gives a Markdown page."""
    if path == HOME:
        return ""
    if path.endswith("/index.md"):
        return path[: -len("index.md")]
    return path[: -len(".md")] + "/"


def relative_md(from_page: str, to_page: str) -> str:
    """A Markdown link from one page to another (docs-relative paths), e.g. '../events/x.md'."""
    here = from_page.split("/")[:-1]
    there = to_page.split("/")
    common = 0
    while common < len(here) and common < len(there) - 1 and here[common] == there[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + there[common:])


def relative_href(from_page: str, to_page: str) -> str:
    """The URL from one rendered page to another, for raw HTML that MkDocs does not rewrite."""
    # Both are folders of the site (URLs end in "/"): up out of what `here` does not share with
    # `there`, then down. Strings only: posixpath.relpath asks the system for the working folder
    # on every call, and a run makes tens of thousands of these links.
    here = [part for part in url_of(from_page).split("/") if part]
    there = [part for part in url_of(to_page).split("/") if part]
    common = 0
    while common < len(here) and common < len(there) and here[common] == there[common]:
        common += 1
    parts = [".."] * (len(here) - common) + there[common:]
    return "/".join(parts) + "/" if parts else "./"


def author_slugs(names: Iterable[str]) -> dict[str, str]:
    return name_slugs(names, "author")


def topic_slugs(names: Iterable[str]) -> dict[str, str]:
    return name_slugs(names, "topic")


def name_slugs(names: Iterable[str], fallback: str) -> dict[str, str]:
    """One slug per name; names that slugify alike get -2, -3... in sorted order. `index` is
    the listing page of the folder, never a name's."""
    result: dict[str, str] = {}
    taken: set[str] = {"index"}
    for name in sorted(set(names), key=lambda n: (n.casefold(), n)):
        slug, _ = first_free_slug(slugify(name) or fallback, taken)
        taken.add(slug)
        result[name] = slug
    return result


def first_free_slug(base: str, taken: Container[str], start: int = 1) -> tuple[str, int]:
    """`base`, or the first of `base-2`, `base-3`... not in `taken`, trying suffixes from `start`
    (1 means `base` itself). Returns the slug and its suffix number."""
    number = start
    slug = base if number == 1 else f"{base}-{number}"
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug, number
