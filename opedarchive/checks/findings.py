"""What every check of the built site shares: a finding, and text as a browser shows it."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import lxml.html

_BLANKS = re.compile(r"[ \t\n\r\f]+")  # what HTML collapses; not NBSP or other Unicode spaces


@dataclass(frozen=True)
class Finding:
    where: str  # a file: a site page, or an essay source with its line
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def visible(text: str) -> str:
    return _BLANKS.sub(" ", text).strip(" ")


def parse(data: bytes) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(data)


def text_of(element, skip=("script", "style", "template", "noscript")) -> str:
    parts: list[str] = []

    def walk(node) -> None:
        if not isinstance(node.tag, str) or node.tag in skip:  # comments, processing instructions
            if node.tail:
                parts.append(node.tail)
            return
        if node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
        if node.tail and node is not element:
            parts.append(node.tail)

    walk(element)
    return visible("".join(parts))


def json_or_none(text: str):
    try:
        return json.loads(text)
    except ValueError:
        return None
