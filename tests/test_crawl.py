"""Crawl the built site as served under /REPO/ (as on GitHub Pages): every internal link, anchor and asset of
every page resolves, the 404 page works at any depth, and nothing points at the preview server or a font CDN."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections import deque
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

# Tags whose attributes load or link another resource; `srcset` holds several URLs.
LINKING = {"a": ("href",), "link": ("href",), "script": ("src",), "img": ("src", "srcset"), "source": ("src", "srcset")}
NOT_FETCHED = ("mailto:", "tel:", "javascript:", "data:")
FORBIDDEN_TEXT = ("http://127.0.0.1:8000", "fonts.googleapis", "fonts.gstatic")
TEXT_TYPES = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml")


@dataclass(frozen=True)
class Response:
    status: int
    content_type: str
    body: bytes

    @property
    def is_html(self) -> bool:
        return self.content_type.startswith("text/html")

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


def fetch(url: str) -> Response:
    try:
        with urllib.request.urlopen(url, timeout=10) as reply:
            return Response(reply.status, reply.headers.get("Content-Type", ""), reply.read())
    except urllib.error.HTTPError as error:
        return Response(error.code, error.headers.get("Content-Type", ""), error.read())


def references(html: str) -> list[str]:
    """Every URL an HTML page links to or loads, as written."""
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for tag in soup.find_all(list(LINKING)):
        for attribute in LINKING[tag.name]:
            value = tag.get(attribute)
            if not value:
                continue
            if attribute == "srcset":
                found += [candidate.split()[0] for candidate in value.split(",") if candidate.strip()]
            else:
                found.append(value.strip())
    found += [refresh_target(tag["content"]) for tag in soup.find_all("meta", attrs={"http-equiv": "refresh"})]
    return found


def refresh_target(content: str) -> str:
    """The URL of a redirect page: <meta http-equiv="refresh" content="0; url=../new-slug/">."""
    _, _, url = content.partition("=")
    return url.strip().strip("'\"")


def is_redirect(html: str) -> bool:
    return BeautifulSoup(html, "html.parser").find("meta", attrs={"http-equiv": "refresh"}) is not None


def anchors(html: str) -> set[str]:
    soup = BeautifulSoup(html, "html.parser")
    return {tag["id"] for tag in soup.find_all(id=True)} | {tag["name"] for tag in soup.find_all("a", attrs={"name"})}


@dataclass
class Crawl:
    origin: str
    pages: dict[str, Response] = field(default_factory=dict)
    broken: list[str] = field(default_factory=list)
    external: set[str] = field(default_factory=set)
    seen: set[str] = field(default_factory=set)

    def get(self, url: str) -> Response:
        if url not in self.pages:
            self.pages[url] = fetch(url)
        return self.pages[url]

    def check_page(self, page_url: str, response: Response, queue: deque[str]) -> None:
        for reference in references(response.text):
            if reference.startswith(NOT_FETCHED):
                continue
            target, fragment = urldefrag(urljoin(page_url, reference))
            if not target.startswith(self.origin):
                if urlsplit(target).scheme in ("http", "https"):
                    self.external.add(target)
                continue
            reply = self.get(target)
            if reply.status != 200:
                self.broken.append(f"{page_url}: {reference} -> HTTP {reply.status}")
                continue
            if fragment and reply.is_html and fragment not in anchors(reply.text):
                self.broken.append(f"{page_url}: {reference} -> no id or name {fragment!r} in {target}")
            if reply.is_html and target not in self.seen:
                self.seen.add(target)
                queue.append(target)

    def run(self, start: str) -> None:
        self.seen.add(start)
        queue = deque([start])
        while queue:
            url = queue.popleft()
            response = self.get(url)
            if response.status != 200:
                self.broken.append(f"{url} -> HTTP {response.status}")
                continue
            self.check_page(url, response, queue)


@pytest.fixture(scope="module")
def crawl(served_site) -> Crawl:
    crawl = Crawl(origin=served_site.origin)
    crawl.run(served_site.base_url)
    return crawl


def test_every_internal_link_anchor_and_asset_resolves(crawl, served_site):
    html_pages = [url for url, reply in crawl.pages.items() if reply.is_html]
    assert served_site.base_url + "essays/the-hour-of-serious-and-responsible-diplomacy-a-farewell-to/" in html_pages
    assert not crawl.broken, f"{len(crawl.broken)} broken links:\n" + "\n".join(crawl.broken)


def test_every_generated_page_is_reached_from_home(crawl, served_site):
    """A page nobody links to is a page nobody finds: each index.html the build wrote is crawled, except
    redirect pages for old slugs (old links point at them; the crawl checks where they lead)."""
    folders = [
        page.parent.relative_to(served_site.site_dir).as_posix()
        for page in served_site.site_dir.rglob("index.html")
        if not is_redirect(page.read_text(encoding="utf-8"))
    ]
    built = {served_site.base_url + ("" if folder == "." else folder + "/") for folder in folders}
    unreached = sorted(built - set(crawl.pages))
    assert not unreached, "pages no link leads to:\n" + "\n".join(unreached)


def test_no_page_points_at_the_preview_server_or_a_font_cdn(crawl):
    offenders = [
        f"{url}: {text}"
        for url, reply in crawl.pages.items()
        if reply.content_type.startswith(TEXT_TYPES)
        for text in FORBIDDEN_TEXT
        if text in reply.text
    ]
    assert not offenders, "\n".join(offenders)


@pytest.mark.parametrize("missing", ["does-not-exist/", "essays/no-such-essay/", "a/b/c/d.html"])
def test_missing_pages_get_a_404_page_whose_links_and_assets_resolve_at_any_depth(served_site, missing):
    url = served_site.base_url + missing
    reply = fetch(url)
    assert reply.status == 404 and reply.is_html
    soup = BeautifulSoup(reply.text, "html.parser")
    assert "Page not found" in soup.get_text()
    # A way home and a search box that opens the search page, from any depth.
    home = soup.select_one("article a.archive-home-link")["href"]
    assert urljoin(url, home) == served_site.base_url
    form = soup.select_one('article form[role="search"]')
    assert urljoin(url, form["action"]) == served_site.base_url + "search/"
    assert form.select_one('input[name="q"]') is not None
    assert fetch(urljoin(url, form["action"]) + "?q=Beslan").status == 200
    crawl = Crawl(origin=served_site.origin)
    crawl.check_page(url, reply, deque())
    stylesheets = [ref for ref in references(reply.text) if ref.endswith(".css")]
    assert stylesheets, "the 404 page loads no stylesheet"
    assert not crawl.broken, "\n".join(crawl.broken)


def test_nothing_is_served_outside_the_subpath(served_site):
    assert fetch(served_site.origin).status == 404
    assert fetch(served_site.origin + "index.html").status == 404
    assert fetch(served_site.base_url + "index.html").status == 200


def test_sitemap_lists_only_live_pages_under_the_site_url(served_site):
    reply = fetch(served_site.base_url + "sitemap.xml")
    assert reply.status == 200
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = [loc.text for loc in ET.fromstring(reply.body).findall("s:url/s:loc", namespace)]
    assert served_site.base_url in locations
    assert len(locations) >= 2
    wrong = [loc for loc in locations if not loc.startswith(served_site.base_url) or fetch(loc).status != 200]
    assert not wrong, "sitemap URLs that are not live pages of this site:\n" + "\n".join(wrong)


def test_the_crawler_reports_a_missing_page_a_missing_anchor_and_a_missing_asset(tmp_path):
    """The crawl above passing means something only if it can fail: a tiny site with four faults."""
    from .sitebuild import SiteServer

    (tmp_path / "404.html").write_text("<h1>404</h1>", encoding="utf-8")
    (tmp_path / "index.html").write_text(
        '<a href="gone/">x</a><a href="ok/#nowhere">y</a><a href="ok/#here">z</a><img src="pic.png">'
        '<a href="https://example.org/">out</a><a href="old/">old slug</a>',
        encoding="utf-8",
    )
    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "index.html").write_text('<p id="here">z</p>', encoding="utf-8")
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "index.html").write_text(
        '<meta http-equiv="refresh" content="0; url=../moved/">', encoding="utf-8"
    )
    server = SiteServer(tmp_path).start()
    try:
        crawl = Crawl(origin=server.origin)
        crawl.run(server.base_url)
    finally:
        server.stop()
    assert sorted(crawl.broken) == [
        f"{server.base_url}: gone/ -> HTTP 404",
        f"{server.base_url}: ok/#nowhere -> no id or name 'nowhere' in {server.base_url}ok/",
        f"{server.base_url}: pic.png -> HTTP 404",
        f"{server.base_url}old/: ../moved/ -> HTTP 404",
    ]
    assert crawl.external == {"https://example.org/"}


def test_feeds_link_only_live_pages_under_the_site_url(served_site):
    """RSS 2.0 at feed.xml and JSON Feed at feed.json, each item pointing at a live essay page of this site."""
    rss = fetch(served_site.base_url + "feed.xml")
    assert rss.status == 200, "feed.xml missing"
    channel = ET.fromstring(rss.body).find("channel")
    rss_links = [channel.findtext("link")] + [item.findtext("link") for item in channel.findall("item")]
    json_feed = fetch(served_site.base_url + "feed.json")
    assert json_feed.status == 200, "feed.json missing"
    feed = json.loads(json_feed.body)
    assert feed["version"].startswith("https://jsonfeed.org/version/1")
    assert feed["feed_url"] == served_site.base_url + "feed.json"
    json_links = [feed["home_page_url"]] + [item["url"] for item in feed["items"]]
    assert len(rss_links) >= 3 and len(json_links) >= 3  # the home page and both seeds
    wrong = [
        url for url in rss_links + json_links if not url.startswith(served_site.base_url) or fetch(url).status != 200
    ]
    assert not wrong, "feed links that are not live pages of this site:\n" + "\n".join(wrong)
