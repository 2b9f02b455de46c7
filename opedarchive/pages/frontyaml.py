"""Front matter written fast: block-style YAML whose scalars are JSON strings.

PyYAML's representer costs over a millisecond a page, most of a run's time at thousands of
essays. The front matter here has a fixed, simple shape (strings, numbers, dates, null, lists,
small mappings), so each value is written as JSON, which is valid YAML flow syntax, at the speed
of the json module. json.dumps escapes the control characters; YAML also forbids a few more
characters in a stream and treats U+0085, U+2028 and U+2029 as line breaks, so those are
written as \\u escapes too. Reading stays with PyYAML (python-frontmatter, MkDocs); the tests
load every page back and compare.
"""

from __future__ import annotations

import re
from datetime import date
from json.encoder import encode_basestring  # json.dumps' own string quoting, in C

# Characters YAML will not take raw inside a double-quoted scalar: non-printable ones (C1
# controls, lone surrogates, U+FFFE/U+FFFF) and the three it reads as line breaks.
_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")


def _string(text: str) -> str:
    quoted = encode_basestring(text)
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


def _flow(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()  # an unquoted ISO date is a YAML date, as MkDocs expects
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_string(str(k))}: {_flow(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"no front-matter form for {type(value).__name__}")


def dump(meta: dict, bare_keys: frozenset[str] = frozenset()) -> str:
    """Top-level keys as plain words, lists and mappings in block style one level deep.
    `bare_keys`: keys whose value (a plain word) is written unquoted, e.g. the generator mark."""
    lines = []
    for key, value in meta.items():
        if key in bare_keys:
            lines.append(f"{key}: {value}")
        elif isinstance(value, (list, tuple)) and value:
            lines.append(f"{key}:")
            lines += [f"- {_flow(v)}" for v in value]
        elif isinstance(value, dict) and value:
            lines.append(f"{key}:")
            lines += [f"  {_string(str(k))}: {_flow(v)}" for k, v in value.items()]
        else:
            lines.append(f"{key}: {_flow(value)}")
    return "\n".join(lines) + "\n"
