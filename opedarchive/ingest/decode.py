"""Raw bytes -> normalised text, or a clear refusal. Never mojibake.

Order of trust: a declared encoding (sidecar `encoding:`), then a byte-order mark, then strict
UTF-8, then Windows-1252 only when the result looks like Western European text. Anything else
is rejected with a message that says how to fix the file.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: its BOM starts the same way
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Control characters other than tab and newline carry no words; a few stray ones are removed
# (with a warning), many of them mean the file is not text at all. The noncharacters U+FFFE and
# U+FFFF are not text either, and XML (the RSS feed) refuses them as it refuses C0 controls.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
# Windows-1252 decodes almost any byte string; Cyrillic or Greek text in a one-byte code page
# decodes to runs of accented Latin letters. Western text has at most two in a row.
_IMPLAUSIBLE_LATIN_RUN = re.compile(r"[À-ÿ]{3,}")


@dataclass(frozen=True)
class Decoded:
    text: str | None  # None when the file was refused
    error: str | None = None
    warnings: tuple[str, ...] = ()


def _normalise(text: str) -> tuple[str, tuple[str, ...]]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    removed = len(CONTROL.findall(text))
    warnings: tuple[str, ...] = ()
    if removed:
        text = CONTROL.sub("", text)
        warnings = (f"removed {removed} control character(s) that are not text",)
    # NFC so that "é" typed two ways is one word for search, slugs and matching.
    return unicodedata.normalize("NFC", text), warnings


# The bytes that are not control characters; deleting them leaves the controls to count (in C,
# not byte by byte in Python: this runs on every essay).
_NOT_CONTROL_BYTES = bytes(b for b in range(256) if not (b < 9 or 13 < b < 32 or b == 127))


def _looks_binary(data: bytes) -> bool:
    if b"\x00" in data:
        return True
    sample = data[:8192]
    controls = len(sample.translate(None, _NOT_CONTROL_BYTES))
    return controls > max(2, len(sample) // 100)


def decode(data: bytes, declared: str | None = None) -> Decoded:
    if not data:
        return Decoded(None, "the file is empty: put the essay's text in it, or delete it")
    if declared:
        try:
            text = data.decode(declared)
        except (LookupError, UnicodeDecodeError) as exc:
            return Decoded(None, f"cannot decode as the declared encoding {declared!r}: {exc}")
        return _finish(text, ())
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _finish(data[len(bom) :].decode(encoding), ())
            except UnicodeDecodeError as exc:
                return Decoded(None, f"starts with a {encoding} byte-order mark but is not {encoding}: {exc}")
    if _looks_binary(data):
        return Decoded(None, "binary file, not text")
    try:
        return _finish(data.decode("utf-8"), ())
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = None
    if text is not None and not _IMPLAUSIBLE_LATIN_RUN.search(text):
        return _finish(
            text,
            ("not UTF-8; decoded as Windows-1252. Save it as UTF-8, or set `encoding:` in its sidecar",),
        )
    return Decoded(
        None,
        f"not UTF-8 (byte {utf8_error.start}: {utf8_error.reason}) and not plausibly Windows-1252: "
        "save it as UTF-8, or name its encoding with `encoding:` in its sidecar",
    )


def _finish(text: str, warnings: tuple[str, ...]) -> Decoded:
    text, more = _normalise(text)
    if not text.strip():
        return Decoded(None, "the file has no text (only blank lines or spaces)")
    return Decoded(text, None, warnings + more)
