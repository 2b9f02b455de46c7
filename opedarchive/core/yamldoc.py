"""Load YAML written by a person and keep the line of every key, so that each mistake can be
reported as `file:line: what is wrong`. Used by the sidecar and the event-catalog loaders."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

# libyaml when PyYAML was built with it (the wheels on PyPI are), else the pure-Python loader.
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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
    """Parse text into a node tree. Raises YamlError with the line of the first syntax error."""
    try:
        # libyaml's parser is ten times faster; on an error, the pure-Python one runs again to
        # give the same message and line as always.
        return yaml.compose(text, Loader=FAST_LOADER)
    except yaml.YAMLError:
        pass
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or str(exc)
        raise YamlError(f"invalid YAML: {problem}", line) from None
    except yaml.YAMLError as exc:
        raise YamlError(f"invalid YAML: {exc}", None) from None


def construct(node: yaml.Node) -> Any:
    """The plain Python value of a node, with YAML's safe types (dates stay dates)."""
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_object(node, deep=True)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise YamlError(f"invalid value: {exc.problem}", mark.line + 1 if mark else None) from None
    except ValueError as exc:  # a date-shaped value that is no date, e.g. 2017-02-30
        bad = _first_bad_scalar(node) or node
        value = bad.value if isinstance(bad, yaml.ScalarNode) else "…"
        raise YamlError(f"invalid value {value!r}: {exc}", line_of(bad)) from None
    finally:
        loader.dispose()


def _first_bad_scalar(node: yaml.Node) -> yaml.ScalarNode | None:
    """The scalar inside `node` that cannot be constructed, to point at its own line."""
    if isinstance(node, yaml.ScalarNode):
        loader = yaml.SafeLoader("")
        try:
            loader.construct_object(node)
        except ValueError:
            return node
        finally:
            loader.dispose()
        return None
    children = node.value if isinstance(node, yaml.SequenceNode) else [n for pair in node.value for n in pair]
    for child in children:
        if found := _first_bad_scalar(child):
            return found
    return None


def line_of(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def fields(node: yaml.Node, what: str) -> list[Field]:
    """The keys of a mapping node in file order. Duplicate keys are an error (PyYAML would
    silently keep the last one, and a person's correction would vanish)."""
    if not isinstance(node, yaml.MappingNode):
        raise YamlError(f"{what} must be a mapping of `key: value` lines", line_of(node))
    seen: dict[str, int] = {}
    result = []
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            raise YamlError("a key must be a plain word", line_of(key_node))
        key = str(key_node.value)
        if key in seen:
            raise YamlError(f"key `{key}` appears twice (first on line {seen[key]})", line_of(key_node))
        seen[key] = line_of(key_node)
        result.append(Field(key, construct(value_node), line_of(key_node), value_node))
    return result
