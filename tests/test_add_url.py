"""`build_archive.py --add URL`, against a local HTTP server on 127.0.0.1 (in a thread): a good
page is saved with its sidecar and converted; a redirect is followed; a timeout, a 404, a PDF,
an empty page, a page with no essay, too many redirects and a page too large each give a clear
message naming the address, and leave no file behind."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import frontmatter
import pytest

from opedarchive.ingest.sidecar import parse_sidecar
from opedarchive.store.fetch import MAX_PAGE_BYTES, page_name, sidecar_text

from .conftest import convert
from .pages import opinion_page

SLOW_SECONDS = 4  # the slow page answers after this; the test gives --timeout 1


class _Handler(BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []  # every path asked for, across the module's tests

    def log_message(self, *args) -> None:  # quiet
        pass

    def _send(self, status: int, content_type: str | None, body: bytes, headers: dict | None = None) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        _Handler.requests.append(self.path)
        page = opinion_page().encode("utf-8")
        routes = {
            "/opinion/harbour": lambda: self._send(200, "text/html; charset=utf-8", page),
            "/old-address": lambda: self._send(301, None, b"", {"Location": "/opinion/harbour"}),
            "/loop": lambda: self._send(302, None, b"", {"Location": "/loop"}),
            "/missing": lambda: self._send(404, "text/html", b"<html><body>Not found</body></html>"),
            "/broken": lambda: self._send(500, "text/html", b"<html><body>Oops</body></html>"),
            "/paper.pdf": lambda: self._send(200, "application/pdf", b"%PDF-1.7\n" + b"0" * 2000),
            "/empty": lambda: self._send(200, "text/html", b""),
            "/consent": lambda: self._send(
                200, "text/html", b"<html><body><div class='consent'>Accept cookies?</div></body></html>"
            ),
            "/huge": lambda: self._send(200, "text/html", b"<html><body>" + b"x" * (MAX_PAGE_BYTES + 10)),
        }
        if self.path == "/slow":
            time.sleep(SLOW_SECONDS)
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up: as it should
                self._send(200, "text/html", page)
            return
        routes.get(self.path, lambda: self._send(404, "text/plain", b"no route"))()


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _essay_files(archive: Path) -> set[str]:
    return {p.name for p in (archive / "essays").iterdir() if p.suffix in (".html", ".yml")}


def test_a_good_page_is_saved_with_its_sidecar_and_converted(archive, server):
    before = _essay_files(archive)
    url = f"{server}/opinion/harbour"
    run = convert(archive, "--add", url)
    assert run.returncode == 0, run.stderr
    name = page_name(url)
    assert _essay_files(archive) - before == {f"{name}.html", f"{name}.yml"}
    assert (archive / "essays" / f"{name}.html").read_bytes() == opinion_page().encode("utf-8")  # raw, as sent
    sidecar = (archive / "essays" / f"{name}.yml").read_text(encoding="utf-8")
    curation, problems = parse_sidecar(sidecar, "x.yml")
    assert problems == [] and curation is not None
    assert curation.source_url == url and curation.retrieved is not None
    assert curation.retrieved.value == date.today()
    assert f"{url}: saved as essays/{name}.html" in run.stderr
    page = frontmatter.loads((archive / "docs/essays/the-harbour-will-not-wait.md").read_text(encoding="utf-8"))
    assert page["source_url"] == url  # the sidecar's (where it was fetched) wins over the canonical link
    assert page["retrieved"] == date.today().isoformat() and page["date_source"] == "page"
    assert "Saved from <em>The Northfield Courier</em> on " in page.content


def test_adding_a_page_again_fetches_nothing(archive, server):
    url = f"{server}/opinion/harbour"
    assert convert(archive, "--add", url).returncode == 0
    count = len(_Handler.requests)
    run = convert(archive, "--add", url, url)
    assert run.returncode == 0, run.stderr
    assert len(_Handler.requests) == count
    assert "already saved as essays/" in run.stderr


def test_a_redirect_is_followed_and_the_final_address_kept(archive, server):
    url = f"{server}/old-address"
    run = convert(archive, "--add", url)
    assert run.returncode == 0, run.stderr
    sidecar = (archive / "essays" / f"{page_name(url)}.yml").read_text(encoding="utf-8")
    assert f'source_url: "{server}/opinion/harbour"' in sidecar


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/slow", "no answer within 1 s"),
        ("/missing", "the server answered 404 Not Found (no such page)"),
        ("/broken", "the server answered 500"),
        ("/paper.pdf", "the server sent application/pdf, not a web page"),
        ("/empty", "the server sent an empty page"),
        ("/consent", "no essay text found in the page"),
        ("/loop", "more than 5 redirects"),
        ("/huge", "a page may be at most 10 MB"),
    ],
)
def test_a_failing_page_says_why_and_leaves_nothing(archive, server, path, message):
    before = _essay_files(archive)
    started = time.monotonic()
    run = convert(archive, "--add", f"{server}{path}", "--timeout", "1")
    assert time.monotonic() - started < SLOW_SECONDS + 20
    assert run.returncode == 1
    assert f"{server}{path}: error: " in run.stderr and message in run.stderr, run.stderr
    assert "nothing was saved" in run.stderr
    assert "Traceback" not in run.stderr
    assert _essay_files(archive) == before
    assert not [p for p in (archive / "essays").iterdir() if p.name.endswith(".tmp")]
    assert "2 converted, 0 failed" in run.stderr  # the archive is still converted


def test_one_failing_page_does_not_stop_the_others(archive, server):
    run = convert(archive, "--add", f"{server}/missing", f"{server}/opinion/harbour")
    assert run.returncode == 1
    assert (archive / "essays" / f"{page_name(f'{server}/opinion/harbour')}.html").exists()
    assert (archive / "docs/essays/the-harbour-will-not-wait.md").exists()


@pytest.mark.parametrize("url", ["ftp://example.org/a", "example.org/opinion", "file:///etc/passwd"])
def test_an_address_that_is_not_http_is_refused(archive, url):
    run = convert(archive, "--add", url)
    assert run.returncode == 1
    assert f"{url}: error: not an http:// or https:// address" in run.stderr


def test_page_names_are_stable_readable_and_distinct():
    a = page_name("https://www.example.org/opinion/2024/05/the-long-view/")
    assert a == page_name("https://www.example.org/opinion/2024/05/the-long-view/")
    assert a.startswith("example-org-opinion-2024-05-the-long-view-")
    assert a != page_name("https://www.example.org/opinion/2024/05/the-long-view/?page=2")


def test_the_sidecar_holds_any_address_safely():
    url = 'https://example.org/a?q="x": [1] # not a comment'.replace(" ", "%20")
    curation, problems = parse_sidecar(sidecar_text(url, date(2024, 1, 2), "windows-1251"), "x.yml")
    assert problems == [] and curation is not None
    assert curation.source_url == url and curation.retrieved is not None and curation.encoding == "windows-1251"
