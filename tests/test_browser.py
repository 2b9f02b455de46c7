"""Browser tests: Debian's headless Chromium (`make browser` installs it), driven by Playwright, on the site as
served under /REPO/. A reader's path through the archive, search, paragraph links, the dark scheme, a phone-wide
screen, a clean console, no request to another host, and axe-core on the main kinds of page."""

from __future__ import annotations

import json
import re
from pathlib import Path

import axe_playwright_python
import pytest
from playwright.sync_api import Page, sync_playwright
from slugify import slugify

from bench.measure import CHROMIUM, CHROMIUM_ARGS
from opedarchive.ingest.decode import decode
from opedarchive.ingest.structure import extract_structure
from tests.conftest import ROOT

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

    def open(self, url: str, status: int = 200) -> Page:
        response = self.page.goto(url, wait_until="load")
        assert response is not None and response.status == status, f"{url} -> {response and response.status}"
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
        "search": base + "search/?q=Beslan",
        "404": base + "essays/no-such-essay/",
    }


def test_home_to_essay_to_event_and_back(visit, served_site):
    one = visit()
    page = one.open(served_site.base_url)
    page.locator(f'article a[href*="essays/{SEED_SLUGS[0]}/"]').first.click()
    page.wait_for_url(served_site.base_url + ESSAY)
    essay_url = page.url
    event_link = page.locator(".essay-meta__events a", has_text="Beslan").first
    assert event_link.get_attribute("href") == "../../" + EVENT  # the archive's own event page, not elsewhere
    page.get_by_text("About this essay").click()  # the essay's events are one tap away
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


def _open(visit_: Visit, pages: dict[str, str], name: str) -> Page:
    """A kind of page, as a reader meets it: the search page with results, the 404 page with its status."""
    page = visit_.open(pages[name], status=404 if name == "404" else 200)
    if name == "search":
        page.locator(".pagefind-ui__result-link").first.wait_for()
    return page


@pytest.mark.parametrize("name", ["home", "essay", "event", "timeline", "author", "search", "404"])
def test_a_375px_screen_needs_no_horizontal_scroll(visit, pages, name):
    page = _open(visit(viewport={"width": 375, "height": 740}), pages, name)
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
@pytest.mark.parametrize("name", ["home", "essay", "event", "timeline", "author", "search", "404"])
def test_axe_finds_no_accessibility_violation(visit, pages, name, scheme):
    page = _open(visit(color_scheme=scheme), pages, name)
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


# Issue 14: a reading design, a front page, a timeline, search that finds essays, a page not found.

PHONE = {"width": 375, "height": 800}
DESKTOP = {"width": 1280, "height": 900}
SEED_SOURCES = {SEED_SLUGS[0]: "000_483c548ea0d7e199.txt", SEED_SLUGS[1]: "004_eb5e84a9e9950381.txt"}


def _paragraphs(slug: str) -> tuple[str, ...]:
    text = decode((ROOT / "essays" / SEED_SOURCES[slug]).read_bytes()).text
    return tuple(" ".join(p.split()) for p in extract_structure(text).paragraphs)


@pytest.mark.parametrize("slug", SEED_SLUGS)
def test_on_a_phone_the_first_paragraph_starts_within_the_first_screen(visit, served_site, slug):
    page = visit(viewport=PHONE).open(served_site.base_url + f"essays/{slug}/")
    layout = page.evaluate(
        """() => {
            const box = el => el.getBoundingClientRect();
            const p1 = document.getElementById("p1");
            return {
                title: box(document.querySelector("article h1")).top,
                byline: box(document.querySelector(".essay-meta__byline")).top,
                facts: box(document.querySelector(".essay-meta__facts")).top,
                p1: box(p1).top,
                line: parseFloat(getComputedStyle(p1).lineHeight),
                about: document.querySelector("details.essay-about").open,
            };
        }"""
    )
    assert layout["title"] < layout["byline"] < layout["facts"] < layout["p1"]
    assert layout["p1"] + 2 * layout["line"] <= PHONE["height"], layout  # at least two lines of it
    assert layout["about"] is False  # bios, date reasoning, events and topics: one tap away
    page.get_by_text("About this essay").click()
    assert page.locator(".essay-meta__events a").first.is_visible()


def test_the_essay_reads_in_a_serif_at_a_measure_of_60_to_75_characters(visit, pages):
    page = visit(viewport=DESKTOP).open(pages["essay"])
    measure = page.evaluate(
        """() => {
            // Characters on each full line of the essay's paragraphs (the last line of each is short).
            const counts = [];
            for (const p of document.querySelectorAll(".essay-paragraph")) {
                const text = p.firstChild;
                const range = document.createRange();
                const lines = new Map();
                for (let i = 0; i < text.length; i++) {
                    range.setStart(text, i);
                    range.setEnd(text, i + 1);
                    const top = Math.round(range.getBoundingClientRect().top);
                    lines.set(top, (lines.get(top) || 0) + 1);
                }
                counts.push(...[...lines.values()].slice(0, -1));
            }
            const style = getComputedStyle(document.querySelector(".essay-paragraph"));
            return {counts, font: style.fontFamily, size: parseFloat(style.fontSize)};
        }"""
    )
    counts = measure["counts"]
    assert len(counts) > 20
    average = sum(counts) / len(counts)
    assert 60 <= average <= 75, f"{average:.1f} characters a line"
    assert max(counts) <= 80, counts
    assert measure["font"].startswith("Charter,") and measure["font"].endswith("serif")
    assert measure["size"] >= 18


@pytest.mark.parametrize("name", ["essay", "event"])
def test_no_empty_side_column_on_essay_and_event_pages(visit, pages, name):
    page = visit(viewport=DESKTOP).open(pages[name])
    layout = page.evaluate(
        """() => {
            const shown = el => el && getComputedStyle(el).display !== "none" && !el.hidden
                && el.getBoundingClientRect().width > 0;
            const article = document.querySelector("article").getBoundingClientRect();
            return {
                sidebars: [...document.querySelectorAll(".md-sidebar")].filter(shown).length,
                left: article.left,
                right: window.innerWidth - article.right,
            };
        }"""
    )
    assert layout["sidebars"] == 0
    assert abs(layout["left"] - layout["right"]) < 20, layout  # one column, centred


def test_the_front_page_lists_headlines_without_bullets_and_says_its_name_once(visit, pages):
    page = visit(viewport=DESKTOP).open(pages["home"])
    assert page.title() == "Op-ed Archive"
    headlines = page.locator("article h3.essay-card__title a")
    assert headlines.count() == 2
    assert headlines.first.inner_text().startswith("The Hour of Serious")
    bullets = page.evaluate(
        """() => [...document.querySelectorAll("article li")].map(li => getComputedStyle(li).listStyleType)"""
    )
    assert bullets and set(bullets) == {"none"}
    for heading in ("Latest essays", "Most written about", "Browse the archive"):
        assert page.get_by_role("heading", name=heading).is_visible()
    footer = page.locator("footer.archive-footer")
    assert footer.get_by_role("link", name="About this archive").is_visible()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_timeline_labels_are_whole_and_every_row_is_a_link(visit, served_site, pages, viewport):
    one = visit(viewport=viewport)
    page = one.open(pages["timeline"])
    rows = page.evaluate(
        """() => [...document.querySelectorAll("ol.timeline > li > a")].map(a => {
            const label = a.querySelector(".timeline__label"), box = label.getBoundingClientRect();
            const mark = getComputedStyle(a, "::before");
            return {
                href: a.href, text: label.textContent, name: a.textContent,
                clipped: label.scrollWidth > label.clientWidth + 1 || box.right > window.innerWidth
                    || getComputedStyle(label).textOverflow === "ellipsis",
                mark: mark.content !== "none" && parseFloat(mark.width) > 0,
            };
        })"""
    )
    assert len(rows) == 12  # 10 events, 2 months with essays
    assert not [r for r in rows if r["clipped"]]
    assert all(r["mark"] for r in rows)  # each mark is drawn by its own link
    assert "Anti-corruption protests across Russia" in [r["text"] for r in rows]  # whole, not "acro…"
    for row in rows:
        assert row["text"] in row["name"]  # the link's accessible name holds the whole label
        assert one.context.request.get(row["href"]).status == 200, row["href"]
    wide = page.evaluate("() => document.querySelector('ol.timeline').getBoundingClientRect().width")
    assert wide > 0.6 * viewport["width"] if viewport is DESKTOP else wide > 300  # not a 300 px picture
    page.locator("ol.timeline a", has_text="Beslan school siege").click()
    page.wait_for_url(served_site.base_url + EVENT)
    one.assert_clean(served_site.origin)


def _search(page: Page, query: str) -> list[dict]:
    """Type a query into the search page and read its results: link, title, snippet (as HTML)."""
    page.fill(".pagefind-ui__search-input", query)
    # Done when the message says "No results for …" or "N results for …" (while it works it says
    # "Searching for …", which also holds the query) and every result shown has its link: the
    # results are drawn as empty placeholders first and filled as their fragments arrive.
    page.wait_for_function(
        """q => {
            const message = document.querySelector('.pagefind-ui__message')?.textContent || '';
            if (!/results? for/.test(message) || !message.includes(q)) return false;
            const results = [...document.querySelectorAll('.pagefind-ui__result')];
            if (message.trim().startsWith('No results')) return results.length === 0;
            return results.length > 0 && results.every(
                r => r.querySelector('.pagefind-ui__result-link') && r.querySelector('.pagefind-ui__result-excerpt'));
        }""",
        arg=query,
    )
    return page.evaluate(
        """() => [...document.querySelectorAll(".pagefind-ui__result")].map(r => ({
            href: r.querySelector(".pagefind-ui__result-link").href,
            title: r.querySelector(".pagefind-ui__result-title").textContent.trim(),
            excerpt: r.querySelector(".pagefind-ui__result-excerpt").innerHTML,
        }))"""
    )


def test_search_results_are_essays_and_events_with_a_snippet_of_their_text(visit, served_site):
    one = visit()
    page = one.open(served_site.base_url + "search/")
    results = _search(page, "Beslan")
    kinds = sorted(r["href"].removeprefix(served_site.base_url).split("/")[0] for r in results)
    assert kinds == ["essays", "essays", "events"]  # no listing page: home, years, authors, topics
    for result in results:
        snippet = " ".join(re.sub(r"<[^>]+>", "", result["excerpt"]).replace("…", " ").split())
        assert "<mark>" in result["excerpt"] and "Beslan" in snippet
        if "/essays/" in result["href"]:
            slug = result["href"].rstrip("/").rsplit("/", 1)[-1]
            text = " ".join(_paragraphs(slug))
            assert snippet in text, (snippet, slug)  # the essay's own words, not its title or citation
            assert "Cite" not in snippet and "http" not in snippet and "¶" not in snippet
    one.assert_clean(served_site.origin)


@pytest.mark.parametrize("slug", SEED_SLUGS)
def test_a_phrase_from_any_paragraph_finds_its_essay_first_with_the_phrase_marked(visit, served_site, slug):
    one = visit()
    page = one.open(served_site.base_url + "search/")
    tried = 0
    for number, paragraph in enumerate(_paragraphs(slug), start=1):
        words = paragraph.split()
        if len(words) < 8:
            continue
        middle = len(words) // 2
        phrase = " ".join(words[middle - 2 : middle + 3])
        results = _search(page, phrase)
        assert results, f"paragraph {number}: nothing for {phrase!r}"
        assert results[0]["href"] == served_site.base_url + f"essays/{slug}/", (number, phrase, results[0])
        marked = re.findall(r"<mark>(.*?)</mark>", results[0]["excerpt"])
        shown = " ".join(re.sub(r"<[^>]+>", "", results[0]["excerpt"]).split())
        assert phrase in shown and len(marked) >= 4, (number, phrase, results[0]["excerpt"])
        tried += 1
    assert tried >= 5
    one.assert_clean(served_site.origin)


def test_search_filters_narrow_the_results(visit, served_site):
    one = visit()
    page = one.open(served_site.base_url + "search/")
    assert len(_search(page, "Beslan")) == 3
    filters = page.locator(".pagefind-ui__filter-name").all_inner_texts()
    assert [name.strip().lower() for name in filters] == ["author", "event", "topic", "year"]
    page.locator(".pagefind-ui__filter-name", has_text="Author").click()
    page.get_by_label(re.compile("Nikolas K. Gvosdev")).check()
    page.wait_for_function("() => document.querySelectorAll('.pagefind-ui__result').length === 1")
    link = page.locator(".pagefind-ui__result-link").first.get_attribute("href")
    assert link.endswith(f"essays/{SEED_SLUGS[1]}/")
    page.get_by_label(re.compile("Nikolas K. Gvosdev")).uncheck()
    page.locator(".pagefind-ui__filter-name", has_text="Year").click()
    page.get_by_label(re.compile("^2024")).check()
    page.wait_for_function("() => document.querySelectorAll('.pagefind-ui__result').length === 1")
    assert page.locator(".pagefind-ui__result-link").first.get_attribute("href").endswith(f"essays/{SEED_SLUGS[0]}/")
    one.assert_clean(served_site.origin)


def test_the_page_not_found_leads_home_and_to_search(visit, served_site, pages):
    one = visit(viewport=PHONE)
    page = one.open(pages["404"], status=404)
    assert page.title() == "Page not found - Op-ed Archive"
    page.get_by_role("link", name=re.compile("front page")).click()
    page.wait_for_url(served_site.base_url)
    page = one.open(served_site.base_url + "a/b/c/gone.html", status=404)
    page.get_by_label("Or search the essays").fill("Beslan")
    page.keyboard.press("Enter")
    page.wait_for_url(served_site.base_url + "search/?q=Beslan")
    page.locator(".pagefind-ui__result-link").nth(2).wait_for()


def test_on_paper_the_essay_shows_what_the_screen_keeps_under_about_this_essay(visit, pages):
    page = visit().open(pages["essay"])
    assert not page.locator(".essay-meta__events").is_visible()
    page.emulate_media(media="print")
    assert page.locator(".essay-meta__events").is_visible() and page.locator(".essay-meta__bio").is_visible()
    assert not page.locator("details.essay-about > summary").is_visible()
    assert not page.locator(".md-header").is_visible() and not page.locator(".md-footer").is_visible()
