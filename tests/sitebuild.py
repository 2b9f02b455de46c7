"""Build the seed archive into a folder with the real pipeline and serve it under a subpath, the way
GitHub Pages serves a project site at https://USER.github.io/REPO/. Shared by the crawl and browser tests
and by bench/lighthouse.py."""

from __future__ import annotations

import gzip
import mimetypes
import os
import subprocess
import sys
import threading
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .conftest import ROOT, SEARCH_INDEX, TEST_SHARD_PAGES, make_archive

REPO = "REPO"
# What GitHub Pages compresses; Lighthouse judges transfer sizes, so the bench serves these gzipped.
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml")


def run_pipeline(archive: Path, site_url: str) -> None:
    """build_archive.py -> mkdocs build --strict -> Pagefind in shards (as `make site`, with fewer pages
    per shard, so that search merges several), all with SITE_URL set."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": site_url, "PYTHONPATH": str(ROOT)}
    steps = [
        [sys.executable, "build_archive.py"],
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        [sys.executable, str(SEARCH_INDEX), "--pages-per-shard", str(TEST_SHARD_PAGES)],  # reads pagefind.yml
    ]
    for step in steps:
        run = subprocess.run(step, cwd=archive, capture_output=True, text=True, env=env, check=False)
        if run.returncode != 0:
            raise RuntimeError(f"{' '.join(step)} failed ({run.returncode}):\n{run.stdout}\n{run.stderr}")


class SubpathHandler(SimpleHTTPRequestHandler):
    """Serves `site_dir` at /REPO/ only. Like GitHub Pages: anything else, or a missing file, gets the site's
    own 404.html with status 404; a folder without its slash is redirected to it."""

    site_dir: Path
    prefix: str = f"/{REPO}/"
    compress: bool = False

    def send_head(self):
        path = unquote(urlsplit(self.path).path)
        if path == self.prefix.rstrip("/"):
            return self._redirect(self.prefix)
        if not path.startswith(self.prefix) or "/../" in path or path.endswith("/.."):
            return self._not_found()
        local = self.site_dir / path[len(self.prefix) :]
        if local.is_dir():
            if not path.endswith("/"):
                return self._redirect(path + "/")
            local = local / "index.html"
        if not local.is_file():
            return self._not_found()
        return self._body(HTTPStatus.OK, local.read_bytes(), mimetypes.guess_type(local.name)[0])

    def _not_found(self):
        page = self.site_dir / "404.html"
        body = page.read_bytes() if page.is_file() else b"Not found"
        return self._body(HTTPStatus.NOT_FOUND, body, "text/html")

    def _redirect(self, location: str):
        self.send_response(HTTPStatus.MOVED_PERMANENTLY)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()
        return BytesIO(b"")

    def _body(self, status: HTTPStatus, body: bytes, content_type: str | None):
        content_type = content_type or "application/octet-stream"
        if content_type.startswith("text/") or content_type.endswith(("javascript", "json", "xml")):
            content_type += "; charset=utf-8"
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        # GitHub Pages lets browsers and proxies keep every file for ten minutes.
        self.send_header("Cache-Control", "max-age=600")
        accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if self.compress and accepts_gzip and content_type.startswith(COMPRESSIBLE):
            body = gzip.compress(body, mtime=0)
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return BytesIO(body)

    def log_message(self, format, *args):
        """Quiet: a crawl makes hundreds of requests and pytest shows failures on its own."""


class SiteServer:
    """A threaded HTTP server on 127.0.0.1, bound to a free port before the site is built (the build needs
    the port for SITE_URL), serving `site_dir` under /REPO/ until `stop()`."""

    def __init__(self, site_dir: Path, compress: bool = False) -> None:
        handler = type("Handler", (SubpathHandler,), {"site_dir": site_dir, "compress": compress})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self.origin = f"http://127.0.0.1:{self.port}/"
        self.base_url = f"{self.origin}{REPO}/"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self) -> SiteServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread.is_alive():  # shutdown() waits for serve_forever, so only once it runs
            self._server.shutdown()
        self._server.server_close()


def build_and_serve(base: Path, compress: bool = False) -> tuple[Path, SiteServer]:
    """Copy the project's seeds into `base`, build the site for its final URL and start serving it."""
    archive = make_archive(base / "archive")
    server = SiteServer(archive / "site", compress=compress)
    try:
        run_pipeline(archive, server.base_url)
    except BaseException:
        server.stop()
        raise
    return archive / "site", server.start()
