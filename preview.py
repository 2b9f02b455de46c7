#!/usr/bin/env python3
"""Serve a built site on 127.0.0.1 the way GitHub Pages serves a project site, to try it before
publishing: under its subpath (https://USER.github.io/REPO/ is served at http://127.0.0.1:PORT/REPO/),
with the site's own 404.html (status 404) for any address it does not have, at any depth, and a
folder without its slash redirected to it. Search works, since the Pagefind index is part of the
built site. `make preview` builds the site for this address and runs it; the crawl, browser and
Lighthouse tests serve their sites with the same handler.

    python preview.py [--site site] [--port 8001] [--base /REPO/]

The subpath is the path of the address the site was built for (its sitemap's first URL) unless
--base says otherwise. Nothing but the files of the site is ever served, and no request leaves the
machine. Stop it with Ctrl-C.
"""

from __future__ import annotations

import argparse
import gzip
import mimetypes
import sys
import threading
import xml.etree.ElementTree as ET
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO
from pathlib import Path
from urllib.parse import unquote, urlsplit

# What GitHub Pages compresses; Lighthouse judges transfer sizes, so the bench serves these gzipped.
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml")
_SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


class SubpathHandler(SimpleHTTPRequestHandler):
    """Serves `site_dir` at `prefix` only. Like GitHub Pages: anything else, or a missing file, gets the
    site's own 404.html with status 404; a folder without its slash is redirected to it."""

    site_dir: Path
    prefix: str = "/"
    compress: bool = False
    quiet: bool = True

    def send_head(self):
        path = unquote(urlsplit(self.path).path)
        if self.prefix != "/" and path == self.prefix.rstrip("/"):
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
        """Quiet in tests (a crawl makes hundreds of requests); one line a request for a person."""
        if not self.quiet:
            super().log_message(format, *args)


class SiteServer:
    """A threaded HTTP server on 127.0.0.1, bound before the site is built (a build for this address needs
    the port), serving `site_dir` under `prefix` until `stop()`. port 0: any free port."""

    def __init__(self, site_dir: Path, prefix: str, port: int = 0, compress: bool = False, quiet: bool = True):
        attributes = {"site_dir": site_dir, "prefix": prefix, "compress": compress, "quiet": quiet}
        handler = type("Handler", (SubpathHandler,), attributes)
        self._server = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self.origin = f"http://127.0.0.1:{self.port}/"
        self.base_url = self.origin + prefix.lstrip("/")
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self) -> SiteServer:
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        self._server.serve_forever()

    def stop(self) -> None:
        if self._thread.is_alive():  # shutdown() waits for serve_forever, so only once it runs
            self._server.shutdown()
        self._server.server_close()


def base_path(site_dir: Path) -> str:
    """The path of the address the site was built for: its sitemap's first URL (MkDocs and Zensical
    both list the home page first), '/' when there is no sitemap."""
    sitemap = site_dir / "sitemap.xml"
    if not sitemap.is_file():
        return "/"
    first = ET.parse(sitemap).getroot().find(f"{_SITEMAP}url/{_SITEMAP}loc")
    path = urlsplit(first.text.strip()).path if first is not None and first.text else "/"
    return path if path.endswith("/") else path + "/"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", default="site", type=Path, help="the built site (default: site)")
    parser.add_argument("--port", default=8001, type=int, help="port on 127.0.0.1 (default: 8001)")
    parser.add_argument("--base", help="the subpath, e.g. /REPO/ (default: the path the site was built for)")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        print(f"{args.site}/index.html: no built site here: run `make site` or `make preview`", file=sys.stderr)
        return 2
    prefix = "/" + (args.base or base_path(args.site)).strip("/") + "/"
    prefix = "/" if prefix == "//" else prefix
    try:
        server = SiteServer(args.site, prefix, port=args.port, quiet=False)
    except OSError as error:
        print(f"127.0.0.1:{args.port}: {error.strerror}: is another server running? Try --port", file=sys.stderr)
        return 2
    print(f"Serving {args.site}/ at {server.base_url} as GitHub Pages would (Ctrl-C to stop)", file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
