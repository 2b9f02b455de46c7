"""Measuring helpers for the benchmark: timed child processes with their peak memory, file
snapshots, sizes, and a reader's first visit to a page (bytes the server sent, gzip as GitHub
Pages serves, driven by headless Chromium through Playwright)."""

from __future__ import annotations

import gzip
import hashlib
import json
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Starts each measured command, so that its peak memory is its own (see run()).
_PEAK = Path(__file__).with_name("peak.py")
# What GitHub Pages compresses: text formats.
_GZIP_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")


@dataclass(frozen=True)
class Run:
    seconds: float
    cpu_seconds: float  # user + system, the process and its waited-for children
    peak_mb: float  # peak resident memory of the process and the children it waited for
    returncode: int
    stderr: str


def run(command: list[str], cwd: Path, env: dict[str, str] | None = None, memory_cap_mb: int | None = None) -> Run:
    """Run a command, timing it and reading its CPU time and peak RSS from wait4 (the command and
    its own waited-for children), through bench/peak.py: started from this process directly, a
    command's peak would include this process's own (the kernel carries it through fork and
    exec). memory_cap_mb: address-space limit, so a runaway build cannot take the machine down."""
    if memory_cap_mb is not None:
        command = ["prlimit", f"--as={memory_cap_mb * 1024 * 1024}", "--", *command]
    with tempfile.TemporaryDirectory(prefix="bench-peak-") as folder:
        report = Path(folder) / "usage.json"
        process = subprocess.run(
            [sys.executable, str(_PEAK), str(report), "--", *command],
            cwd=cwd,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        usage = json.loads(report.read_text(encoding="utf-8"))
    return Run(usage["seconds"], usage["cpu_seconds"], usage["maxrss_kb"] / 1024, process.returncode, process.stderr)


def snapshot(root: Path, also: list[Path] = ()) -> dict[str, tuple[int, int, str]]:
    """path -> (mtime_ns, size, sha256) of every file under root (and the extra files)."""
    files = [p for p in root.rglob("*") if p.is_file()] + [p for p in also if p.is_file()]
    result = {}
    for path in files:
        stat = path.stat()
        result[path.as_posix()] = (stat.st_mtime_ns, stat.st_size, hashlib.sha256(path.read_bytes()).hexdigest())
    return result


def touched(before: dict, after: dict) -> list[str]:
    """Files whose bytes or time changed, appeared or disappeared."""
    return sorted(path for path in before.keys() | after.keys() if before.get(path) != after.get(path))


def changed_bytes(before: dict, after: dict) -> list[str]:
    """Files whose bytes changed, appeared or disappeared."""
    return sorted(
        path
        for path in before.keys() | after.keys()
        if (before.get(path) or (0, 0, None))[2] != (after.get(path) or (0, 0, None))[2]
    )


def tree_size(root: Path) -> tuple[int, int]:
    """(bytes, files) under root."""
    sizes = [p.stat().st_size for p in root.rglob("*") if p.is_file()]
    return sum(sizes), len(sizes)


class _CountingHandler(SimpleHTTPRequestHandler):
    """Serves files gzipped when the browser accepts it, counting every byte sent."""

    counter: list[int]  # [bytes sent], shared through the class made in Server

    def log_message(self, format: str, *args) -> None:  # quiet
        return

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the redirect to the slash
            path = path / "index.html"
        if not path.is_file():
            return super().send_head()
        body = path.read_bytes()
        kind = self.guess_type(str(path))
        encoding = None
        if "gzip" in self.headers.get("Accept-Encoding", "") and kind.startswith(_GZIP_TYPES):
            body, encoding = gzip.compress(body, 6, mtime=0), "gzip"
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        if encoding:
            self.send_header("Content-Encoding", encoding)
        self.end_headers()
        self.counter[0] += len(body)
        self.wfile.write(body)
        return None


class Server:
    """A static server for `root` on 127.0.0.1 (a free port), counting body bytes sent."""

    def __init__(self, root: Path) -> None:
        self.sent = [0]
        handler = type("Handler", (_CountingHandler,), {"counter": self.sent})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(root)))
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def __enter__(self) -> Server:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def first_visit_bytes(site: Path, page: str) -> tuple[int, int]:
    """(bytes the server sent, requests) for a first visit to `page` (relative URL) with an
    empty cache, until the network is idle and one more second has passed (late fetches such as
    a search index)."""
    from playwright.sync_api import sync_playwright

    with Server(site) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            context = browser.new_context()
            page_ = context.new_page()
            requests: list[str] = []
            page_.on("request", lambda request: requests.append(request.url))
            page_.goto(server.url + page, wait_until="networkidle")
            page_.wait_for_timeout(1000)
            return server.sent[0], len(requests)
        finally:
            browser.close()


def pagefind_search(site: Path, query: str) -> tuple[list[str], int]:
    """Search the site as a reader does, on its search page (Pagefind's UI, every shard of the
    index merged; docs/javascripts/archive.js): the URLs of the results shown, best first,
    relative to the site, and the bytes the search fetched once the page had loaded (Pagefind's
    script and WebAssembly, each shard's entry and metadata, the index chunks of each word in
    each shard, the shown results' fragments)."""
    from playwright.sync_api import sync_playwright

    with Server(site) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_context().new_page()
            page.goto(server.url + "search/", wait_until="networkidle")
            before = server.sent[0]
            page.fill(".pagefind-ui__search-input", query)
            # The UI says "No results for …", "1 result for …" or "N results for …" when done.
            page.wait_for_function(
                "() => /results? for/.test(document.querySelector('.pagefind-ui__message')?.textContent || '')"
            )
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(500)  # fragments of the shown results, fetched after the message
            links = page.locator(".pagefind-ui__result-link").evaluate_all("links => links.map((l) => l.href)")
            return [link.removeprefix(server.url.rstrip("/")) for link in links], server.sent[0] - before
        finally:
            browser.close()
