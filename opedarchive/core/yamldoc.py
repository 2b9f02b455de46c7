"""Load YAML written by a person and keep the line of every key, so that each mistake can be
reported as `file:line: what is wrong` and what to do about it. Used by the sidecar and the
event-catalog loaders.

Only the plain part of YAML is accepted: no anchors or aliases (a few hundred bytes of them
expand to millions of values, and neither file has a use for them), lists and mappings nested
at most MAX_DEPTH deep (PyYAML composes and constructs recursively; 100,000 `[` crash the
interpreter), no key twice in one mapping, and no lone surrogate (not a character: it cannot
be written out as UTF-8)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

# libyaml when PyYAML was built with it (the wheels on PyPI are), else the pure-Python loader.
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# A sidecar nests three deep (authors > author > name), the catalog four; room to spare.
MAX_DEPTH = 20
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_NO_ANCHORS = "YAML anchors (&) and aliases (*) are not allowed here: write the value out"


class YamlError(Exception):
    def __init__(self, message: str, line: int | None):
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass(frozen=True)
class Field:
    """One key of a mapping: its value (plain Python) and the line the key stands on."""

    key: str
    value: Any
    line: int
    node: yaml.Node


def compose(text: str) -> yaml.Node | None:
    """Parse text into a node tree. Raises YamlError with the line of the first problem: a
    syntax error, an anchor or alias, nesting deeper than MAX_DEPTH, a key twice in one
    mapping, a lone surrogate."""
    loader = FAST_LOADER
    try:
        _screen_events(text, loader)
    except yaml.YAMLError:
        # libyaml is ten times faster, but it refuses a little that the pure-Python parser
        # reads (a "\ud800" escape, refused below with a better message), and the pure-Python
        # one words errors as the tests pin them: on any error, it decides.
        loader = yaml.SafeLoader
        try:
            _screen_events(text, loader)
        except yaml.YAMLError as exc:
            raise _syntax_error(text, exc) from None
    try:
        root = yaml.compose(text, Loader=loader)
    except yaml.YAMLError as exc:  # what the composer alone sees: a second document
        raise _composer_error(text, exc) from None
    if root is not None:
        _check_tree(root)
    return root


def _screen_events(text: str, loader: type) -> None:
    """Read the event stream once, before any node is built: it is flat (no recursion) and
    lazy, so a refusal comes as soon as the first anchor, alias or level too deep is read,
    however large the rest of the file."""
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise YamlError(f"{_NO_ANCHORS} (and put a value that starts with `&` or `*` in quotes)", _line(event))
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise YamlError(
                    f"lists and mappings nested more than {MAX_DEPTH} deep, which no value here needs: "
                    "if the value is text, put it in quotes",
                    _line(event),
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _line(event: yaml.Event | yaml.Node) -> int:
    return event.start_mark.line + 1


def _composer_error(text: str, fast_exc: yaml.YAMLError) -> YamlError:
    """As the pure-Python composer words it (see compose)."""
    try:
        yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        return _syntax_error(text, exc)
    return _syntax_error(text, fast_exc)


def _syntax_error(text: str, exc: yaml.YAMLError) -> YamlError:
    """The pure-Python parser's error, with the line and a hint saying what to do."""
    if isinstance(exc, yaml.reader.ReaderError):
        line = text[: exc.position].count("\n") + 1
        return YamlError(f"the character U+{exc.character:04X} is not text, and YAML refuses it: remove it", line)
    if isinstance(exc, yaml.MarkedYAMLError):
        return _marked_error(exc)
    return YamlError(f"invalid YAML ({_one_line(exc)}): {_GENERIC_HINT}", None)


_GENERIC_HINT = "check the quoting and indentation on that line; values with `: `, ` #`, `[` or `{` need quotes"
_BRACKETS = {"flow sequence": ("[", "]"), "flow mapping": ("{", "}")}
# (words in PyYAML's problem or context, what to do)
_HINTS = (
    ("'\\t'", "YAML indents with spaces, not tabs: replace the tab with spaces"),
    ("cannot start any token", "a value cannot start with that character: put the value in quotes"),
    (
        "mapping values are not allowed here",
        "a value that holds `: ` must be in quotes, and a key needs a space after its colon (`key: value`)",
    ),
    ("scanning an alias", "a value that starts with `*` must be in quotes"),
    ("scanning an anchor", "a value that starts with `&` must be in quotes"),
    (
        "unknown escape character",
        "inside double quotes a backslash starts an escape: write `\\\\` for a backslash, or use single quotes",
    ),
    ("single document", "the file holds one document: remove the `---` line"),
)


def _marked_error(exc: yaml.MarkedYAMLError) -> YamlError:
    problem = exc.problem or _one_line(exc)
    hint, line = _hint(exc.context or "", problem, exc.problem_mark, exc.context_mark)
    return YamlError(f"invalid YAML ({problem}): {hint}", line)


def _hint(context: str, problem: str, at: yaml.Mark | None, opened_at: yaml.Mark | None) -> tuple[str, int | None]:
    """What to do about a syntax error, and the line to show: where the unclosed bracket or
    quote opened when that is the mistake (PyYAML notices it only at the end of the file)."""
    line = at.line + 1 if at else None
    opened = opened_at.line + 1 if opened_at else line
    for construct, (opener, closer) in _BRACKETS.items():
        if construct in context and problem.startswith("expected ','"):
            where = "is never closed" if "<stream end>" in problem else "is not closed where it should be"
            return (
                f"a `{opener}` opened on line {opened} {where}: close it with `{closer}`, "
                f"or put the value in quotes if the `{opener}` is part of the text",
                opened,
            )
    if "quoted scalar" in context and "end of stream" in problem:
        return f"a quote opened on line {opened} is never closed: end the value with the same quote mark", opened
    for words, hint in _HINTS:
        if words in problem or words in context:
            return hint, line
    return _GENERIC_HINT, line


def _one_line(exc: Exception) -> str:
    """str(exc) of a YAML error spans several lines (with a `^` under the column)."""
    return " ".join(str(exc).split())


def _check_tree(root: yaml.Node) -> None:
    """Every mapping at every depth: no key twice (PyYAML would silently keep the last one,
    and a person's correction would vanish); every string: no lone surrogate. Iterative; and a
    tree, since without aliases no node has two parents. The first problem in the file wins."""
    problems: list[YamlError] = []
    stack: list[tuple[yaml.Node, str]] = [(root, "a value")]
    while stack:
        node, subject = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            problems += _surrogate(node, subject)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((child, subject) for child in node.value)
        else:
            seen: dict[str, int] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    stack += [(key_node, "a key"), (value_node, subject)]
                    continue
                key = str(key_node.value)
                problems += _surrogate(key_node, "a key")
                if key in seen:
                    problems.append(
                        YamlError(
                            f"key `{shown(key)}` appears twice in one mapping (first on line {seen[key]}): "
                            "keep one of them",
                            line_of(key_node),
                        )
                    )
                seen.setdefault(key, line_of(key_node))
                stack.append((value_node, f"`{shown(key)}`"))
    if problems:
        raise min(problems, key=lambda p: p.line or 0)


def _surrogate(node: yaml.ScalarNode, subject: str) -> list[YamlError]:
    found = _SURROGATE.search(node.value)
    if not found:
        return []
    # Python reads YAML's "\ud800" escape as the lone surrogate itself; as half of a UTF-16
    # pair it is no character, and writing the page as UTF-8 would fail.
    code = f"{ord(found.group()):04X}"
    return [
        YamlError(
            f"{subject} holds U+{code}, half of a UTF-16 surrogate pair, which is not a character "
            f"(a `\\u{code.lower()}` escape?): write the character itself, or remove it",
            line_of(node),
        )
    ]


def shown(text: str, limit: int = 60) -> str:
    """A value as it can stand in a message: one line, not too long, never a lone surrogate."""
    text = _SURROGATE.sub("\ufffd", " ".join(text.split()))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def construct(node: yaml.Node, key: str) -> Any:
    """The plain Python value of the node under `key`, with YAML's safe types (dates stay dates)."""
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_object(node, deep=True)
    except yaml.MarkedYAMLError as exc:  # an unknown or misused `!tag`, a list or mapping as a key
        mark = exc.problem_mark or exc.context_mark
        hint = "write the key as plain text" if "unhashable" in (exc.problem or "") else "remove the `!` tag"
        raise YamlError(
            f"`{shown(key)}` holds a value YAML cannot read ({exc.problem}): {hint}, or put the value in quotes",
            mark.line + 1 if mark else None,
        ) from None
    except ValueError as exc:  # a date-shaped value that is no date (2017-02-30), an int too long to read
        bad, key = _first_bad_scalar(node, key) or (node, key)
        value = shown(bad.value) if isinstance(bad, yaml.ScalarNode) else "…"
        what, hint = (
            ("which is no date", "write a real date as YYYY-MM-DD, or put the value in quotes if it is text")
            if bad.tag.endswith(":timestamp")
            else ("which YAML cannot read", "put the value in quotes")
        )
        raise YamlError(f"`{shown(key)}` holds {value!r}, {what} ({exc}): {hint}", line_of(bad)) from None
    finally:
        loader.dispose()


def _first_bad_scalar(node: yaml.Node, key: str) -> tuple[yaml.ScalarNode, str] | None:
    """The scalar inside `node` (under `key`) that cannot be constructed, and the nearest key
    above it, to point at its own line and name."""
    stack = [(node, key)]
    while stack:
        node, key = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            if not _constructs(node):
                return node, key
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((child, key) for child in reversed(node.value))
        else:
            for key_node, value_node in reversed(node.value):
                stack.append((value_node, str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else key))
                stack.append((key_node, key))
    return None


def _constructs(node: yaml.ScalarNode) -> bool:
    loader = yaml.SafeLoader("")
    try:
        loader.construct_object(node)
    except ValueError:
        return False
    finally:
        loader.dispose()
    return True


def line_of(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def fields(node: yaml.Node, what: str) -> list[Field]:
    """The keys of a mapping node in file order (compose has refused a key given twice)."""
    if not isinstance(node, yaml.MappingNode):
        raise YamlError(f"{what} must be a mapping of `key: value` lines", line_of(node))
    result = []
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            raise YamlError("a key must be a plain word", line_of(key_node))
        result.append(
            Field(str(key_node.value), construct(value_node, str(key_node.value)), line_of(key_node), value_node)
        )
    return result
