"""Browser tests: Debian's headless Chromium (`make browser` installs it), driven by Playwright, on the site as
served under /REPO/. A reader's path through the archive, search, paragraph links, the dark scheme, a phone-wide
screen, a clean console, no request to another host, and axe-core on the main kinds of page."""

from __future__ import annotations

import json
from pathlib import Path

import axe_playwright_python
import pytest
from playwright.sync_api import Page, sync_playwright
from slugify import slugify

from bench.measure import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.slow  # `make test-fast` leaves this module out

AXE_SCRIPT = Path(axe_playwright_python.__file__).with_name("axe.min.js")
SEED_SLUGS = (
    "the-hour-of-serious-and-responsible-diplomacy-a-farewell-to",
    "the-st-petersburg-bombing-why-it-wont-bring-america-and",
)
ESSAY = f"essays/{SEED_SLUGS[0]}/"
EVENT = "events/beslan-school-siege/"  # both seeds discuss it
TIMEOUT_MS = 10_000


def _author_page(site_dir: Path) -> str:
    """The first seed's author page: its URL from archive.json, else the slug of the author's name."""
    data = json.loads((site_dir / "archive.json").read_text(encoding="utf-8"))
    author = next(a for a in data["authors"] if SEED_SLUGS[0] in a["essays"])
    return author.get("url") or f"authors/{author.get('slug') or slugify(author['name'])}/"


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Visit:
    """One browser context: every console error, page error and request URL it saw. A request to any other
    origin is recorded, then aborted before it leaves the browser: tests never reach past this machine."""

    def __init__(self, browser, origin: str, **context_options) -> None:
        self.context = browser.new_context(**context_options)
        self.context.set_default_timeout(TIMEOUT_MS)
        self.context.route(lambda url: not url.startswith(origin), lambda route: route.abort())
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page: Page = self.context.new_page()
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(f"console: {m.text} {m.location}"))
        self.page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))
        self.page.on("request", lambda request: self.requests.append(request.url))

    def open(self, url: str) -> Page:
        response = self.page.goto(url, wait_until="load")
        assert response is not None and response.status == 200, f"{url} -> {response and response.status}"
        return self.page

    def outside(self, origin: str) -> list[str]:
        return [url for url in self.requests if not url.startswith(origin)]

    def assert_clean(self, origin: str) -> None:
        """Every test's pages, not only the dedicated one: no console error, no request to another host."""
        assert self.errors == [] and self.outside(origin) == [], (self.errors, self.outside(origin))

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser, served_site):
    visits: list[Visit] = []

    def start(**context_options) -> Visit:
        visits.append(Visit(browser, served_site.origin, **context_options))
        return visits[-1]

    yield start
    for one in visits:
        one.close()


@pytest.fixture(scope="module")
def pages(served_site) -> dict[str, str]:
    """The kinds of page every reader meets, by name, as full URLs under /REPO/."""
    base = served_site.base_url
    return {
        "home": base,
        "essay": base + ESSAY,
        "event": base + EVENT,
        "timeline": base + "timeline/",
        "author": base + _author_page(served_site.site_dir),
    }


def test_home_to_essay_to_event_and_back(visit, served_site):
    one = visit()
    page = one.open(served_site.base_url)
    page.locator(f'article a[href*="essays/{SEED_SLUGS[0]}/"]').first.click()
    page.wait_for_url(served_site.base_url + ESSAY)
    essay_url = page.url
    event_link = page.locator(".essay-meta__events a", has_text="Beslan").first
    assert event_link.get_attribute("href") == "../../" + EVENT  # the archive's own event page, not elsewhere
    event_link.click()
    page.wait_for_url(served_site.base_url + EVENT)
    assert "Beslan" in page.locator("article h1").inner_text()
    page.go_back()
    page.wait_for_url(essay_url)
    assert page.locator("article h1").inner_text().startswith("The Hour of Serious")
    one.assert_clean(served_site.origin)


def test_search_for_beslan_finds_both_seed_essays(visit, served_site):
    one = visit()
    page = one.open(served_site.base_url + "search/")
    page.fill(".pagefind-ui__search-input", "Beslan")
    results = page.locator(".pagefind-ui__result-link")
    results.nth(1).wait_for()
    hrefs = results.evaluate_all("links => links.map(link => link.href)")
    for slug in SEED_SLUGS:  # under /REPO/: Pagefind's own base URL is the server root unless told otherwise
        assert served_site.base_url + f"essays/{slug}/" in hrefs, (slug, hrefs)
    one.assert_clean(served_site.origin)


def test_a_paragraph_link_lands_on_that_paragraph_and_highlights_it(visit, served_site):
    one = visit()
    page = one.open(served_site.base_url + ESSAY + "#p3")
    landed = page.evaluate(
        """() => {
            const target = document.getElementById("p3"), other = document.getElementById("p1");
            const box = target.getBoundingClientRect();
            const header = document.querySelector(".md-header").getBoundingClientRect();
            const look = el => { const s = getComputedStyle(el); return [s.backgroundColor, s.outlineStyle]; };
            return {
                target: target.matches(":target"),
                belowHeader: box.top >= header.bottom - 1,
                inViewport: box.top < window.innerHeight,
                highlighted: JSON.stringify(look(target)) !== JSON.stringify(look(other)),
            };
        }"""
    )
    assert landed == {"target": True, "belowHeader": True, "inViewport": True, "highlighted": True}
    one.assert_clean(served_site.origin)


@pytest.mark.parametrize("how", ["hover", "focus"])
def test_the_pilcrow_link_shows_on_hover_and_on_keyboard_focus(visit, served_site, how):
    one = visit()
    page = one.open(served_site.base_url + ESSAY)
    link = page.locator("#p2 a.paragraph-link")
    assert link.inner_text() == "¶"
    assert link.get_attribute("href") == "#p2"
    if how == "hover":
        page.hover("#p2")
    else:
        page.keyboard.press("Tab")  # a keyboard user: focus-visible styles apply
        link.focus()
    page.wait_for_function(
        "() => parseFloat(getComputedStyle(document.querySelector('#p2 a.paragraph-link')).opacity) > 0",
        timeout=2000,
    )
    one.assert_clean(served_site.origin)


def test_the_palette_toggle_switches_between_light_and_dark(visit, served_site):
    one = visit(color_scheme="light")
    page = one.open(served_site.base_url + ESSAY)
    scheme = 'document.body.getAttribute("data-md-color-scheme")'
    assert page.evaluate(scheme) == "default"
    toggle = page.locator('form[data-md-component="palette"] label.md-header__button[for^="__palette"]:visible')
    toggle.click()
    page.wait_for_function(f"() => {scheme} === 'slate'")
    toggle.click()
    page.wait_for_function(f"() => {scheme} === 'default'")
    one.assert_clean(served_site.origin)


@pytest.mark.parametrize("name", ["home", "essay", "event", "timeline", "author"])
def test_a_375px_screen_needs_no_horizontal_scroll(visit, pages, name):
    page = visit(viewport={"width": 375, "height": 740}).open(pages[name])
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"{name}: content {widths[0]} px wide on a {widths[1]} px screen"


@pytest.mark.parametrize("name", ["home", "essay", "event", "timeline", "author", "search"])
def test_no_console_error_and_no_request_leaves_the_machine(visit, pages, served_site, name):
    one = visit()
    page = one.open(pages.get(name) or served_site.base_url + name + "/")
    page.wait_for_load_state("networkidle")
    outside = one.outside(served_site.origin)
    assert not outside, f"{name}: requests to other hosts:\n" + "\n".join(outside)
    assert one.errors == []
    # A first visit loads nothing that grows with the archive: no sitemap, no search index.
    growing = [url for url in one.requests if url.endswith(("sitemap.xml", "search_index.json", "archive.json"))]
    assert growing == [], f"{name}: fetched {growing}"


def test_feeds_are_discoverable_but_not_taken_for_language_versions(visit, pages):
    page = visit().open(pages["essay"])
    feeds = page.eval_on_selector_all('link[rel~="alternate"]', "links => links.map(l => l.type)")
    assert feeds == ["application/rss+xml", "application/feed+json"]
    assert page.eval_on_selector_all('link[rel="alternate"]', "links => links.length") == 0  # Material's selector


def test_outside_requests_are_seen_and_stopped_and_errors_are_heard(visit, served_site):
    """The two checks above can fail: an image on another host is recorded (and aborted), a script error heard."""
    one = visit()
    page = one.open(served_site.base_url)
    page.evaluate(
        """() => {
            const img = document.createElement("img");
            img.src = "https://example.invalid/pixel.png";
            document.body.append(img);
            setTimeout(() => { throw new Error("deliberate"); });
        }"""
    )
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(200)
    assert "https://example.invalid/pixel.png" in one.requests
    assert any("deliberate" in error for error in one.errors), one.errors


def _readable(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        lines += [f"    {node['target']}: {node['failureSummary']}" for node in violation["nodes"]]
    return "\n".join(lines)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", ["home", "essay", "event", "timeline", "author"])
def test_axe_finds_no_accessibility_violation(visit, pages, name, scheme):
    page = visit(color_scheme=scheme).open(pages[name])
    page.add_script_tag(path=str(AXE_SCRIPT))
    violations = page.evaluate("async () => (await axe.run()).violations")
    assert not violations, f"{name} ({scheme}):\n{_readable(violations)}"


def test_cite_this_essay_copies_the_citation(visit, pages):
    one = visit(permissions=["clipboard-read", "clipboard-write"])
    page = one.open(pages["essay"])
    bibtex = page.locator("pre.essay-cite__text").nth(1)
    assert bibtex.inner_text().startswith("@misc{")
    button = page.get_by_role("button", name="Copy the BibTeX citation")
    button.click()
    assert page.evaluate("navigator.clipboard.readText()") == bibtex.inner_text()
    assert button.inner_text() == "Copied"
    one.assert_clean(pages["home"])
