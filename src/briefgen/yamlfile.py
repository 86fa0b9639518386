"""Read one hand-written YAML file safely, remembering the line of every value.

Curators need `people.yaml:42: people[3].posts[0].end: ...`, so loading keeps a
map from each value's path to its line.  The loader is deliberately narrow:
safe tags only, no anchors or aliases (they are how "billion laughs" bombs
work, and a curated dataset has no need of them), no duplicate keys (YAML
would silently keep the last one), a size cap, and strict UTF-8.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from briefgen.errors import Problem

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_DEPTH = 40

PathKey = tuple[str | int, ...]


@dataclass
class YamlFile:
    """A parsed file: its data and the line (1-based) of each path within it."""

    name: str
    data: Any
    lines: dict[PathKey, int] = field(default_factory=dict)

    def line_of(self, path: PathKey) -> int:
        """The line of `path`, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


@dataclass(frozen=True)
class Origin:
    """Where a record was written: for messages that point at a line."""

    file: YamlFile
    path: PathKey

    def problem(self, sub: PathKey, message: str, severity: str = "error") -> Problem:
        full = self.path + tuple(sub)
        return Problem(self.file.name, self.file.line_of(full), format_path(full), message, severity)


def format_path(path: PathKey) -> str:
    text = ""
    for part in path:
        if part == "[key]":
            continue
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text



class _Refused(Exception):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


class _NoAliasLoader(yaml.SafeLoader):
    """SafeLoader that refuses anchors and aliases, and guesses fewer types.

    Dates stay strings (the models parse them, with a message a curator can act on,
    where PyYAML would crash on 2021-02-30), and only true/false are booleans:
    YAML 1.1 would read the key `on:` and the country `NO` as booleans.
    """

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers
                if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def compose_node(self, parent, index):  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise _Refused(event.start_mark.line + 1,
                           f"aliases (*{event.anchor}) are not allowed in a dataset: write the value out")
        event = self.peek_event()
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise _Refused(event.start_mark.line + 1, f"anchors (&{anchor}) are not allowed in a dataset")
        return super().compose_node(parent, index)


_NoAliasLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


def _walk(node: yaml.Node, path: PathKey, lines: dict[PathKey, int], depth: int) -> None:
    if depth > MAX_DEPTH:
        raise _Refused(node.start_mark.line + 1, f"nested more than {MAX_DEPTH} levels deep")
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Refused(key_node.start_mark.line + 1, "a key must be plain text, not a list or mapping")
            key = key_node.value
            line = key_node.start_mark.line + 1
            if key in seen:
                raise _Refused(line, f"duplicate key {key!r} (first at line {seen[key]})")
            seen[key] = line
            lines[path + (key,)] = line
            _walk(value_node, path + (key,), lines, depth + 1)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, path + (index,), lines, depth + 1)


def read_yaml(path: Path, display_name: str) -> tuple[YamlFile | None, list[Problem]]:
    """Parse `path`; on failure return no file and the problems found."""

    def refuse(line: int, message: str) -> tuple[None, list[Problem]]:
        return None, [Problem(display_name, line, "", message)]

    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        return refuse(0, f"file is {size / 1e6:.1f} MB; the limit is {MAX_FILE_BYTES / 1e6:.0f} MB per file")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return refuse(line, f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}); save the file as UTF-8")
    loader = _NoAliasLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return YamlFile(display_name, {}, {(): 1}), []
        lines: dict[PathKey, int] = {}
        _walk(node, (), lines, 0)
        data = loader.construct_document(node)
    except _Refused as exc:
        return refuse(exc.line, exc.message)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        what = " ".join(p for p in (exc.context, exc.problem) if p)
        return refuse(line, f"invalid YAML: {what}")
    except yaml.YAMLError as exc:
        return refuse(0, f"invalid YAML: {exc}")
    except ValueError as exc:  # a value PyYAML itself could not construct
        return refuse(0, f"invalid YAML value: {exc}")
    except RecursionError:
        return refuse(0, "the document is nested too deeply")
    finally:
        loader.dispose()
    return YamlFile(display_name, data, lines), []
