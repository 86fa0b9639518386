"""The fast way to read an ordinary dataset file: libyaml's events, built straight into values.

PyYAML's pure-Python scanner, composer and constructor read about 0.5 MB/s: a
40 MB dataset (10,000 meetings, 50,000 commitments) took 90 s to check.  This
module asks libyaml (C) for the parse events and builds the plain values from
them in one pass, with the line of every value when asked: no node tree, no
second walk, no constructor.  It accepts only what a curated file needs (plain
mappings, lists and scalars, no tags, no anchors) and raises `Unusual` on
anything else, so that `yamlfile.read_yaml` hands that file to the careful
slow path, which gives the exact message.  The two paths must agree on every
file both accept: tests/test_yamlfast.py checks that on the hostile corpus.
"""

from __future__ import annotations

import re
import sys
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)

try:
    from yaml._yaml import CParser
except ImportError:  # PyYAML built without libyaml: every file takes the slow path
    CParser = None  # type: ignore[assignment,misc]  # None marks "not available"

AVAILABLE = CParser is not None

_STR = "tag:yaml.org,2002:str"
_NON_PRINTABLE = yaml.reader.Reader.NON_PRINTABLE  # what PyYAML refuses; libyaml's rule differs slightly
_OTHER_LINE_BREAKS = re.compile("[\x85\u2028\u2029]")  # PyYAML counts them as line breaks, libyaml does not


# Short texts (ids, codes, dates, keys) are shared, not copied per occurrence: a large dataset names the same
# few thousand ids hundreds of thousands of times, and keeping them once saves tens of MB.  Marshal keeps a
# shared text shared (it is written as such and shared again when read), so cached values share them too.
_SHARED_UP_TO = 40
_intern = sys.intern


class Unusual(Exception):
    """This file needs the slow path (for its message, or for a feature kept out of the fast one)."""


def build(
    text: str, resolver: Any, constructor: Any, *, max_depth: int, max_nodes: int, with_lines: bool, check_scalar=None
) -> tuple[Any, dict]:
    """Return (data, lines) for `text`, or raise Unusual.

    `resolver` is a loader class whose implicit resolvers decide what a plain scalar is
    (briefgen's narrow set); `constructor` builds the non-text scalars (int, float, bool,
    null).  `check_scalar(value)` returning True sends the file to the slow path (used for
    values it has to report on).  Lines are 1-based, keyed by path as yamlfile.YamlFile keeps them.
    """
    if CParser is None or _NON_PRINTABLE.search(text) or _OTHER_LINE_BREAKS.search(text):
        raise Unusual()
    resolvers_for = _resolvers_by_first_character(resolver)
    no_resolvers: tuple = resolvers_for.get(None, ())
    constructors = constructor.yaml_constructors
    scalar_node = yaml.ScalarNode
    lines: dict = {}
    nodes = 0
    # Each open container: [value, path, pending key (mappings), keys seen, next index (lists)].
    stack: list[list] = []
    root: list = []
    parser = CParser(text)
    try:
        for kind in (StreamStartEvent, DocumentStartEvent):
            if not isinstance(parser.get_event(), kind):
                raise Unusual()
        while True:
            event: Any = parser.get_event()  # each kind of event has its own attributes
            cls = type(event)
            if cls is MappingEndEvent or cls is SequenceEndEvent:
                done = stack.pop()
                if not stack:
                    root.append(done[0])
                    break
                continue
            if cls is AliasEvent or cls not in (ScalarEvent, MappingStartEvent, SequenceStartEvent):
                raise Unusual()  # aliases, a second document, an empty one
            if event.anchor is not None or (event.tag is not None):
                raise Unusual()  # anchors and explicit tags: the slow path refuses or handles them
            nodes += 1
            if nodes > max_nodes or len(stack) > max_depth:
                raise Unusual()
            line = event.start_mark.line + 1 if with_lines else 0
            if cls is ScalarEvent:
                value = event.value
                if check_scalar is not None and check_scalar(value):
                    raise Unusual()
                if len(value) <= _SHARED_UP_TO:
                    value = _intern(value)
                if event.implicit[0]:  # plain: the resolvers decide what it is
                    tag = _STR
                    for tag_name, regexp in resolvers_for.get(value[:1], no_resolvers):
                        if regexp.match(value):
                            tag = tag_name
                            break
                    if tag != _STR:
                        if tag not in constructors or tag.endswith((":merge", ":value")):
                            raise Unusual()
                        try:
                            value = constructors[tag](constructor, scalar_node(tag, value))
                        except Exception:  # noqa: BLE001 - a 5,000-digit number: the slow path words it
                            raise Unusual() from None
            else:
                value = {} if cls is MappingStartEvent else []
            if not stack:
                if cls is ScalarEvent:
                    raise Unusual()  # a file that is one scalar: the slow path reports it
                if with_lines:
                    lines[()] = line
                stack.append([value, (), None, {}, 0])
                continue
            top = stack[-1]
            container, path = top[0], top[1]
            if type(container) is dict:
                if top[2] is None:  # this event is a key
                    if cls is not ScalarEvent:
                        raise Unusual()  # a key that is a list or mapping
                    raw_key = _intern(event.value)
                    if raw_key in top[3]:
                        raise Unusual()  # duplicate key: the slow path names both lines
                    top[3][raw_key] = line
                    top[2] = (raw_key, value)
                    if with_lines:
                        lines[path + (raw_key,)] = line
                    continue
                raw_key, key = top[2]
                top[2] = None
                try:
                    container[key] = value
                except TypeError:
                    raise Unusual() from None
                child_path = path + (raw_key,)
            else:
                index = top[4]
                top[4] = index + 1
                container.append(value)
                child_path = path + (index,)
                if with_lines:
                    lines.setdefault(child_path, line)
            if cls is not ScalarEvent:
                stack.append([value, child_path, None, {}, 0])
        if not isinstance(parser.get_event(), yaml.DocumentEndEvent):
            raise Unusual()
        if not isinstance(parser.get_event(), StreamEndEvent):
            raise Unusual()  # more than one document
    except yaml.YAMLError:
        raise Unusual() from None
    finally:
        parser.dispose()
    return root[0], lines


def _resolvers_by_first_character(resolver: Any) -> dict:
    """The resolvers to try for a plain scalar, by its first character (key None: any other).

    PyYAML concatenates the two lists for every scalar; here it is done once per loader class.
    """
    found = getattr(resolver, "_briefgen_resolvers_by_first", None)
    if found is None or found[0] is not resolver.yaml_implicit_resolvers:
        table = resolver.yaml_implicit_resolvers
        wildcard = list(table.get(None, []))
        by_first = {first: tuple(list(entries) + wildcard) for first, entries in table.items() if first is not None}
        by_first[None] = tuple(wildcard)
        found = (table, by_first)
        resolver._briefgen_resolvers_by_first = found
    return found[1]
