"""`build_archive.py --add URL`: the only place the converter uses the network.

Each page is fetched once, with the standard library's urllib: a time limit, at most
MAX_REDIRECTS redirects (to http or https only), an HTML answer only, at most MAX_PAGE_BYTES.
The raw bytes are saved as `essays/<name>.html` beside a sidecar `essays/<name>.yml` that says
where and when the page was fetched; each file is written atomically, and a failure leaves
neither. A normal run, a build or --verify never come here.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import re
import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import date
from email.message import Message
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from slugify import slugify

from .source import MAX_ESSAY_BYTES
from .writer import write_atomic

MAX_REDIRECTS = 5
# As for any essay file: a long op-ed's page is a few hundred KB, scripts and all.
MAX_PAGE_BYTES = MAX_ESSAY_BYTES
HTML_TYPES = ("text/html", "application/xhtml+xml")
_CHUNK = 65536
_NAME_LIMIT = 60  # characters of the name's readable part, before its hash
_USER_AGENT = "opedarchive (build_archive.py --add; one request per page)"
_LOOKS_HTML = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE | re.DOTALL)


class FetchError(Exception):
    """The page could not be fetched or is not one to save; the message says why and what to do."""


@dataclass(frozen=True)
class Fetched:
    url: str  # the address asked for
    final_url: str  # where the page was, after redirects
    data: bytes
    encoding: str | None  # the charset the server named, when it is not UTF-8 and the page names none


def check_url(url: str) -> str | None:
    """What is wrong with `url` as a page to add, or None."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "not an http:// or https:// address: give the page's full address"
    if re.search(r"\s", url):
        return "holds a space: copy the address from the browser's address bar"
    return None


def page_name(url: str) -> str:
    """A stable file name (no suffix) for the page at `url`: its host and path as a slug, then a
    short hash of the whole address (two addresses never share a name, one keeps its name)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    readable = slugify(f"{host} {parts.path}", max_length=_NAME_LIMIT, word_boundary=True) or "page"
    return f"{readable}-{hashlib.sha256(url.encode('utf-8')).hexdigest()[:8]}"


class _Redirects(urllib.request.HTTPRedirectHandler):
    """At most MAX_REDIRECTS redirects, and only to http or https."""

    max_redirections = MAX_REDIRECTS

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        target = urljoin(req.full_url, newurl)
        if urlsplit(target).scheme not in ("http", "https"):
            raise FetchError(f"the server redirected to {target[:200]!r}, which is not an http(s) address")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch_page(url: str, timeout: float) -> Fetched:
    """The page at `url`, or FetchError: the network failed, no answer within `timeout` seconds
    (to connect, and for the whole page), too many redirects, an error status, not HTML,
    too large or empty."""
    if problem := check_url(url):
        raise FetchError(problem)
    opener = urllib.request.build_opener(_Redirects())
    request = urllib.request.Request(
        url,
        headers={"User-Agent": _USER_AGENT, "Accept": "text/html,application/xhtml+xml", "Accept-Encoding": "identity"},
    )
    deadline = time.monotonic() + timeout
    try:
        with opener.open(request, timeout=timeout) as response:
            answer = response.headers
            _check_headers(answer)
            data = _read(response, deadline, timeout)
            final_url = response.geturl()
    except FetchError:
        raise
    except urllib.error.HTTPError as exc:
        raise FetchError(_status_message(exc)) from None
    except urllib.error.URLError as exc:
        raise FetchError(_network_message(exc.reason, timeout)) from None
    except TimeoutError:  # socket.timeout is TimeoutError
        raise FetchError(_network_message(TimeoutError(), timeout)) from None
    except (OSError, http.client.HTTPException, ValueError) as exc:
        raise FetchError(_network_message(exc, timeout)) from None
    if not data.strip():
        raise FetchError("the server sent an empty page: check the address in a browser")
    if answer.get("Content-Type") is None and not _LOOKS_HTML.match(data[:4096]):
        raise FetchError("the server did not say what it sent, and it does not look like an HTML page")
    return Fetched(url, final_url, data, _declared_charset(answer, data))


def _check_headers(headers: Message) -> None:
    content_type = headers.get("Content-Type")
    if content_type is not None and headers.get_content_type() not in HTML_TYPES:
        raise FetchError(
            f"the server sent {headers.get_content_type()}, not a web page (text/html): only HTML pages are "
            "added; save a PDF's or a document's text as a .txt essay"
        )
    encoding = (headers.get("Content-Encoding") or "identity").strip().lower()
    if encoding != "identity":
        raise FetchError(
            f"the server sent the page compressed ({encoding}) though asked not to: save it from a browser"
        )
    length = headers.get("Content-Length")
    if length is not None and length.strip().isdigit() and int(length) > MAX_PAGE_BYTES:
        raise FetchError(_too_large(int(length)))


def _read(response, deadline: float, timeout: float) -> bytes:
    """The body, at most MAX_PAGE_BYTES, within the time left (each read waits `timeout` at most)."""
    chunks: list[bytes] = []
    size = 0
    while chunk := response.read(_CHUNK):
        size += len(chunk)
        if size > MAX_PAGE_BYTES:
            raise FetchError(_too_large(size, more=True))
        if time.monotonic() > deadline:
            raise FetchError(f"the page took more than {timeout:g} s to arrive: try again later, or a longer --timeout")
        chunks.append(chunk)
    return b"".join(chunks)


def _too_large(size: int, more: bool = False) -> str:
    return (
        f"the page is {'more than ' if more else ''}{size / 1e6:,.1f} MB; a page may be at most "
        f"{MAX_PAGE_BYTES / 1e6:g} MB: save the essay's text as a .txt file instead"
    )


def _status_message(exc: urllib.error.HTTPError) -> str:
    if 300 <= exc.code < 400:
        return f"more than {MAX_REDIRECTS} redirects (the last: {exc.code} {exc.reason}): give the page's final address"
    what = "no such page" if exc.code in (404, 410) else "the server refused or failed"
    return f"the server answered {exc.code} {exc.reason} ({what}): check the address in a browser"


def _network_message(reason: object, timeout: float) -> str:
    if isinstance(reason, TimeoutError):
        return f"no answer within {timeout:g} s: try again later, or give a longer --timeout"
    if isinstance(reason, socket.gaierror):
        return "the host name does not resolve: check the address (and the network)"
    if isinstance(reason, ConnectionRefusedError):
        return "the connection was refused: check the address"
    return f"cannot fetch it ({reason}): check the address and the network"


def _declared_charset(headers: Message, data: bytes) -> str | None:
    """The server's charset, when the page itself declares none and it is not UTF-8: the saved
    file alone would not say how to read it, so the sidecar's `encoding:` will."""
    charset = headers.get_content_charset()
    if not charset or charset.replace("_", "-").lower() in ("utf-8", "utf8"):
        return None
    if re.search(rb"<meta[^>]{0,200}?charset", data[:4096], re.IGNORECASE):
        return None
    return charset


def sidecar_text(url: str, retrieved: date, encoding: str | None) -> str:
    """The sidecar of a fetched page: where and when it was fetched (JSON strings are YAML)."""
    lines = [
        "# Written by build_archive.py --add. Facts you add here win over the page's own.",
        f"source_url: {json.dumps(url)}",
        f"retrieved: {retrieved.isoformat()}",
    ]
    if encoding:
        lines.append(f"encoding: {json.dumps(encoding)}  # the server's charset; the page names none")
    return "\n".join(lines) + "\n"


def save_page(folder: Path, name: str, data: bytes, sidecar: str) -> tuple[Path, Path]:
    """Write `<name>.yml` then `<name>.html` into `folder`, each atomically; when either fails,
    neither is left. Returns their paths."""
    page, side = folder / f"{name}.html", folder / f"{name}.yml"
    written: list[Path] = []
    try:
        write_atomic(side, sidecar.encode("utf-8"))
        written.append(side)
        write_atomic(page, data)
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return page, side
