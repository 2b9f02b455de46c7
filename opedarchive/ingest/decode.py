"""Raw bytes -> normalised text, or a clear refusal. Never mojibake.

Order of trust: a declared encoding (sidecar `encoding:`), then a byte-order mark (UTF-8,
UTF-16, UTF-32), then strict UTF-8, then Windows-1252 only when the file is not UTF-8 at all
and the result looks like Western European text. A UTF-8 file with a few bad bytes is refused
(decoding it all as Windows-1252 would turn every "’" into "â€™"), naming each bad byte's line
and column; so is UTF-16 without a byte-order mark. Anything else is rejected with a message
that says how to fix the file.
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


# A lone surrogate is not a character: no UTF-8 encoder writes it. Only a declared codec can
# produce one (utf-7, or an escape codec on the six characters `\ud800`).
_SURROGATE = re.compile(r"[\ud800-\udfff]")
# How many bad bytes a refusal lists; the rest are counted.
_BAD_BYTES_SHOWN = 3


class SourceError(ValueError):
    """A web page or Word file that cannot be read as an essay; the message says why and what to do."""


@dataclass(frozen=True)
class Decoded:
    text: str | None  # None when the file was refused
    error: str | None = None
    warnings: tuple[str, ...] = ()
    line: int | None = None  # where the error is, when it is at one place


def normalise(text: str) -> tuple[str, tuple[str, ...]]:
    """One kind of line end, no trailing blanks, no control characters (with a warning), NFC;
    lone surrogates (which no page can hold) go with the control characters."""
    text = _SURROGATE.sub("\ufffd", text)
    return _normalise(text)


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


def _utf16_without_bom(data: bytes) -> str | None:
    """The codec ("utf-16-le" or "utf-16-be") when the bytes look like UTF-16 text without a
    byte-order mark: many NULs, nearly all at odd positions (LE) or at even ones (BE), as the high
    byte of Latin text, and the whole decodes as that. None otherwise (then a NUL means binary)."""
    sample = data[:8192]
    if len(data) % 2 or len(sample) < 4:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    pairs = len(sample) // 2
    for encoding, nuls, other in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        # Spaces and ASCII punctuation alone give a non-Latin text a NUL in every few pairs.
        if nuls >= pairs // 8 and other <= nuls // 20:
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                return None
            controls = len(CONTROL.findall(text[:4096]))
            return encoding if controls <= max(2, len(text[:4096]) // 100) else None
    return None


def _utf8_counts(data: bytes) -> tuple[int, int]:
    """(invalid sequences, valid multi-byte characters) of the bytes read as UTF-8."""
    text = data.decode("utf-8", "replace")  # one U+FFFD per invalid sequence
    invalid = text.count("\ufffd") - data.count("\ufffd".encode())  # less those written in the file
    return invalid, len(text) - len(text.encode("ascii", "ignore")) - invalid


def _mostly_utf8(data: bytes) -> bool:
    """UTF-8 except for a few bad bytes: it has valid multi-byte sequences (curly quotes,
    accents), and no more invalid sequences than valid ones. A Windows-1252 file has no valid
    multi-byte sequence, save by rare accident, and many invalid bytes: it is not UTF-8 at all."""
    invalid, multibyte = _utf8_counts(data)
    return multibyte > 0 and invalid <= multibyte


def _first_bad_bytes(data: bytes, limit: int) -> tuple[tuple[bytes, int, int], ...]:
    found = []
    view = memoryview(data)
    start = 0
    while len(found) < limit:
        try:
            codecs.utf_8_decode(view[start:], "strict", True)
            break
        except UnicodeDecodeError as exc:
            at, end = start + exc.start, start + exc.end
            line, column = _line_and_column(data, at)
            found.append((data[at:end], line, column))
            start = end
    return tuple(found)


def _line_and_column(data: bytes, at: int) -> tuple[int, int]:
    """1-based line and column (in characters, as an editor counts them) of byte `at`."""
    before = data[:at]
    line_start = max(before.rfind(b"\n"), before.rfind(b"\r")) + 1
    line = before.count(b"\n") + before.count(b"\r") - before.count(b"\r\n") + 1
    return line, len(before[line_start:].decode("utf-8", "replace")) + 1


def _bad_bytes_error(data: bytes) -> Decoded:
    """The refusal of a UTF-8 file with bad bytes: where the first few are, and what to do."""

    def one(item: tuple[bytes, int, int]) -> str:
        raw, line, column = item
        shown = " ".join(f"0x{b:02X}" for b in raw)
        noun, verb = ("byte", "is") if len(raw) == 1 else ("bytes", "are")
        return f"{noun} {shown} at line {line}, column {column} {verb} not UTF-8"

    count, _ = _utf8_counts(data)
    first = _first_bad_bytes(data, _BAD_BYTES_SHOWN)
    listed = "; ".join(one(item) for item in first)
    if count > len(first):
        listed += f"; and {count - len(first)} more bad byte sequence(s)"
    return Decoded(
        None,
        f"{listed}: fix or remove {'it' if count == 1 else 'them'} (the rest of the file is UTF-8); "
        "the essay was not converted. If the file really is Windows-1252, say so with "
        "`encoding: windows-1252` in its sidecar",
        line=first[0][1],
    )


def decode(data: bytes, declared: str | None = None) -> Decoded:
    if not data:
        return Decoded(None, "the file is empty: put the essay's text in it, or delete it")
    if declared:
        try:
            text = data.decode(declared)
        except (LookupError, UnicodeDecodeError) as exc:
            return Decoded(None, f"cannot decode as the declared encoding {declared!r}: {exc}")
        return _finish(text, (), f"the declared encoding {declared!r}")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            try:
                return _finish(body.decode(encoding), (), encoding)
            except UnicodeDecodeError as exc:
                if encoding == "utf-8":  # the mark says UTF-8: say where the bad bytes are
                    return _bad_bytes_error(body)
                return Decoded(None, f"starts with a {encoding} byte-order mark but is not {encoding}: {exc}")
    utf16 = _utf16_without_bom(data) if b"\x00" in data else None
    if utf16 is not None:
        return Decoded(
            None,
            f"looks like UTF-16 without a byte-order mark ({utf16.upper()}): save it as UTF-8 "
            f"(or name the encoding with `encoding: {utf16}` in its sidecar)",
        )
    if _looks_binary(data):
        return Decoded(None, "binary file, not text")
    try:
        return _finish(data.decode("utf-8"), (), "UTF-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    if _mostly_utf8(data):
        return _bad_bytes_error(data)
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = None
    if text is not None and not _IMPLAUSIBLE_LATIN_RUN.search(text):
        return _finish(
            text,
            ("not UTF-8; decoded as Windows-1252. Save it as UTF-8, or set `encoding:` in its sidecar",),
            "Windows-1252",
        )
    return Decoded(
        None,
        f"not UTF-8 (byte {utf8_error.start}: {utf8_error.reason}) and not plausibly Windows-1252: "
        "save it as UTF-8, or name its encoding with `encoding:` in its sidecar",
    )


def utf8_reading(data: bytes) -> str | None:
    """The file read as UTF-8 (byte-order mark dropped, a few bad bytes as U+FFFD) when it is
    UTF-8, or UTF-8 but for a few bad bytes; None when it is not UTF-8 at all. For --verify:
    what a page of this file must not contradict."""
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("utf-8", "replace") if _mostly_utf8(data) else None


def _finish(text: str, warnings: tuple[str, ...], how: str) -> Decoded:
    surrogate = _SURROGATE.search(text)
    if surrogate:
        # It would stop the run where the page is written: no encoder writes it.
        line = text.count("\n", 0, surrogate.start()) + 1
        return Decoded(
            None,
            f"decoded as {how}, line {line} holds {surrogate.group()!r}, half of a UTF-16 pair and not a "
            "character: name the encoding the file was saved in, or save it as UTF-8",
            line=line,
        )
    text, more = _normalise(text)
    if not text.strip():
        return Decoded(None, "the file has no text (only blank lines or spaces)")
    return Decoded(text, None, warnings + more)
