"""The markup check: no page anywhere holds active markup the theme did not put there (a
script other than the theme's own, an event-handler attribute, a javascript: URL, a frame, an
object, a <base>). The theme's inline scripts are learnt from 404.html, which no essay reaches."""

from __future__ import annotations

import posixpath
import re

from .findings import Finding, json_or_none

_URL_ATTRIBUTES = ("href", "src", "action", "formaction", "data", "poster", "background", "cite", "xlink:href")
_ACTIVE_SCHEMES = re.compile(r"^(javascript:|vbscript:|data:text/html)", re.IGNORECASE)
_NEVER_ELEMENTS = ("iframe", "frame", "frameset", "object", "embed", "applet", "base")
_DATA_SCRIPTS = ("application/json", "application/ld+json")
# Material's first inline script names the site root relative to the page ("../.."): the one
# part of the theme's inline scripts that differs from page to page.
_SCOPE_LITERAL = re.compile(r'new URL\("[^"]*",location\)')


def theme_scripts(doc) -> set[str]:
    """The theme's own inline scripts, from a page that no essay text reaches (404.html)."""
    return {_normal_script(s.text or "") for s in doc.iter("script") if s.get("src") is None}


def _normal_script(text: str) -> str:
    return _SCOPE_LITERAL.sub('new URL("",location)', text.strip())


def _local_target(page: str, url: str, base_path: str) -> str | None:
    """The site file a URL points at, or None when it leaves the site."""
    url = url.split("#", 1)[0].split("?", 1)[0]
    if re.match(r"^[a-z][a-z0-9+.-]*:|^//", url, re.IGNORECASE):
        return None
    if url.startswith("/"):
        if not url.startswith(base_path):
            return None
        target = url[len(base_path) :]
    else:
        target = posixpath.join(posixpath.dirname(page), url)
    target = posixpath.normpath(target)
    return None if target.startswith("..") else target


def markup_findings(page: str, doc, known_scripts: set[str], site_files: set[str], base_path: str) -> list[Finding]:
    findings = []
    for element in doc.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower()
        line = f"{page}:{element.sourceline}" if element.sourceline else page
        if tag in _NEVER_ELEMENTS:
            findings.append(Finding(line, f"a <{tag}> element"))
        for name, value in element.attrib.items():
            if name.lower().startswith("on"):
                findings.append(Finding(line, f"an event-handler attribute {name}= on <{tag}>"))
            elif name.lower() in _URL_ATTRIBUTES and _ACTIVE_SCHEMES.match(re.sub(r"[\s\x00-\x1f]", "", value)):
                findings.append(Finding(line, f"a script URL in {name}= on <{tag}>: {value[:60]!r}"))
        if tag == "meta" and (element.get("http-equiv") or "").lower() == "refresh":
            target = (element.get("content") or "").partition("url=")[2]
            if _ACTIVE_SCHEMES.match(re.sub(r"[\s\x00-\x1f]", "", target)):
                findings.append(Finding(line, f"a script URL in a refresh: {target[:60]!r}"))
        if tag == "script":
            problem = _script_problem(page, element, known_scripts, site_files, base_path)
            if problem:
                findings.append(Finding(line, problem))
    return findings


def _script_problem(page: str, script, known_scripts: set[str], site_files: set[str], base_path: str) -> str | None:
    src = script.get("src")
    if src is not None:
        target = _local_target(page, src, base_path)
        if target is None:
            return f"a script from outside the site: {src[:80]!r}"
        if target not in site_files:
            return f"a script that is not a file of the site: {src[:80]!r}"
        return None
    kind = (script.get("type") or "").strip().lower()
    if kind in _DATA_SCRIPTS:
        return None if json_or_none(script.text or "") is not None else f"a {kind} script that is not JSON"
    if _normal_script(script.text or "") in known_scripts:
        return None
    return f"an inline script the theme does not write: {(script.text or '').strip()[:80]!r}"
