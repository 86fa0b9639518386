"""Read one hand-written YAML file safely, remembering the line of every value.

Curators need `people.yaml:42: people[3].posts[0].end: ...`, so loading keeps a
map from each value's path to its line.  The loader is deliberately narrow:
safe tags only, no anchors or aliases (they are how "billion laughs" bombs
work, and a curated dataset has no need of them), no duplicate keys (YAML
would silently keep the last one), a size cap, and strict UTF-8.

Hardening (see docs/reliability.md): deep nesting and more than MAX_NODES
values are refused while the document is composed, so they get a message with
a line rather than a RecursionError or minutes of parsing; a raw control
character, an impossible `!!timestamp` or a 5,000-digit number gets its line
too; a lone surrogate escape is an error that says what it is; and a value
holding characters a Word or Excel file cannot (\\x07, \\x00...) is a warning,
because the renderers leave those characters out.

Speed: an ordinary file is read by libyaml through `yamlfast` (about 15 times faster);
anything unusual (an anchor, a tag, a duplicate key, a value to report, a syntax error)
is read again by the careful pure-Python path below, which words the message.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from briefgen import yamlfast
from briefgen.errors import Problem

# Pure-Python PyYAML parses about 0.4-0.8 MB/s and holds ~80 bytes of nodes per byte of
# file: at the former 10 MB cap, one file took 32 s and 830 MB to check (measured). 2 MB
# (about a thousand meetings) with MAX_NODES keeps the worst file to ~3 s; larger datasets split files.
MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 40
# Time goes with the number of values more than with bytes: 2 MB of "{id: s1}, " is 630,000 nodes
# and took 19 s to compose (measured), where 2 MB of real meetings is ~40,000.  Counting nodes
# while composing bounds the worst file to a few seconds.
MAX_NODES = 100_000
# Characters no .docx/.xlsx can hold (XML 1.0); the renderers drop them, `check` warns.
_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_C1 = re.compile("[\x7f-\x9f]")  # DEL and C1 controls: a document holds them, but a reader sees nothing or a box
_SURROGATE = re.compile("[\ud800-\udfff]")  # only reachable through a "\\ud800" escape
_LINE_BREAK = re.compile("\r\n|[\n\r\x85\u2028\u2029]")  # as PyYAML counts lines

PathKey = tuple[str | int, ...]


@dataclass
class YamlFile:
    """A parsed file: its data and the line (1-based) of each path within it.

    A file read by the fast path keeps no line map: it builds one the first time a message
    needs a line, from its text or, when read from disk, from the file read again (if its size
    and modification time are unchanged; otherwise no line rather than a wrong one).  The map
    was ~40 % of a loaded dataset's memory, and a dataset without problems never needs it.
    """

    name: str
    data: Any
    lines: dict[PathKey, int] = field(default_factory=dict)
    source_text: str | None = field(default=None, repr=False)
    source_file: tuple[Path, int, int] | None = field(default=None, repr=False)  # path, size, mtime_ns
    # Every line asked for, by path: kept with a check (briefgen.dataset), so that a check after an edit finds the
    # lines of an unchanged file's problems without reading the file again for its line map.
    asked: dict[PathKey, int] = field(default_factory=dict, repr=False)

    def line_of(self, path: PathKey) -> int:
        """The line of `path`, or of its nearest ancestor that has one."""
        path = tuple(path)
        line = self.asked.get(path)
        if line is None:
            line = self.asked[path] = self._line_of(path)
        return line

    def _line_of(self, path: PathKey) -> int:
        if self.source_text is not None or self.source_file is not None:
            text = self.source_text
            if text is None and self.source_file is not None:
                text = _reread(*self.source_file)
            self.source_text = self.source_file = None
            try:
                self.lines = _fast(text, with_lines=True)[1] if text is not None else {}
            except yamlfast.Unusual:  # changed since: better no line than a wrong one
                self.lines = {}
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a record was written: for messages that point at a line."""

    file: YamlFile
    path: PathKey

    def problem(self, sub: PathKey, message: str, severity: str = "error", suggestion: str = "") -> Problem:
        full = self.path + tuple(sub)
        return Problem(self.file.name, self.file.line_of(full), format_path(full), message, severity, suggestion)


def _reread(path: Path, size: int, mtime_ns: int) -> str | None:
    try:
        info = path.stat()
        if (info.st_size, info.st_mtime_ns) != (size, mtime_ns):
            return None
        return path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


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

    yaml_implicit_resolvers = {  # noqa: RUF012 - PyYAML's own class attribute, replaced for this loader
        first: [
            (tag, regexp)
            for tag, regexp in resolvers
            if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")
        ]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    _depth = 0
    _nodes = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise _Refused(
                event.start_mark.line + 1,
                f"aliases (*{event.anchor}) are not allowed in a dataset: write the value out",
            )
        event = self.peek_event()
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise _Refused(event.start_mark.line + 1, f"anchors (&{anchor}) are not allowed in a dataset")
        # Refuse deep nesting here, while composing: composing recurses, and 100,000 `[` used to
        # end in a RecursionError reported without a line.
        self._depth += 1
        self._nodes += 1
        try:
            if self._depth > MAX_DEPTH + 1:  # the root is at depth 1 here, 0 in _walk
                raise _Refused(event.start_mark.line + 1, f"nested more than {MAX_DEPTH} levels deep")
            if self._nodes > MAX_NODES:
                raise _Refused(
                    event.start_mark.line + 1,
                    f"more than {MAX_NODES:,} values in one file; split the records into several files",
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_object(self, node, deep=False):
        # A value PyYAML cannot build (an explicit `!!timestamp 2021-02-30`, a 5,000-digit number)
        # raises a plain ValueError with no position: give it the node's line.
        try:
            return super().construct_object(node, deep)
        except (ValueError, OverflowError) as exc:
            kind = node.tag.rsplit(":", 1)[-1]
            if "Exceeds the limit" in str(exc):
                message = f"a number with more than {sys.get_int_max_str_digits()} digits; quote it if it is text"
            else:
                message = f"invalid {kind} value: {exc}"
            raise _Refused(node.start_mark.line + 1, message) from None


_NoAliasLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _walk(
    node: yaml.Node, path: PathKey, lines: dict[PathKey, int], depth: int, found: list[Problem], name: str
) -> None:
    """Record the line of every path; add to `found` the problems of single values."""
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
            _walk(value_node, path + (key,), lines, depth + 1, found, name)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, path + (index,), lines, depth + 1, found, name)
    elif isinstance(node, yaml.ScalarNode) and (surrogate := _SURROGATE.search(node.value)):
        # pydantic would say "unable to parse raw data as a unicode string": say what it is, and
        # blank it out so the rest of the file is still checked (no cascade of unknown ids).
        code = ord(surrogate.group())
        found.append(
            Problem(
                name,
                node.start_mark.line + 1,
                format_path(path),
                f"\\u{code:04x} is half of a UTF-16 surrogate pair, not a character; write the "
                "character itself, or its \\U0001xxxx escape",
            )
        )
        node.value = _SURROGATE.sub("\ufffd", node.value)
    elif isinstance(node, yaml.ScalarNode):
        for pattern, effect in _CONTROLS:  # the first kind found is the one reported, as a warning
            bad = pattern.findall(node.value)
            if bad:
                codes = ", ".join(f"U+{ord(c):04X}" for c in dict.fromkeys(bad))
                message = f"{len(bad)} control character(s) ({codes}) {effect}"
                found.append(Problem(name, node.start_mark.line + 1, format_path(path), message, "warning"))
                break


# Control characters a text may hold, with what each kind does to the documents.
_CONTROLS = (
    (_UNWRITABLE, "that Word and Excel files cannot hold; the documents leave them out"),
    (_C1, "in text a reader sees: they show as nothing or as a box; remove them"),
)


_CONSTRUCTOR = yaml.constructor.SafeConstructor()  # builds ints, floats, booleans and nulls for the fast path


def _needs_report(value: str) -> bool:
    return bool(_SURROGATE.search(value) or _UNWRITABLE.search(value) or _C1.search(value))


def _fast(text: str, *, with_lines: bool) -> tuple[Any, dict[PathKey, int]]:
    """libyaml's reading of an ordinary file (see yamlfast); raises yamlfast.Unusual otherwise."""
    # Characters to report (a surrogate, \x07) can only come from a backslash escape: only a file
    # with a backslash pays for checking each value.
    check = _needs_report if "\\" in text else None
    return yamlfast.build(
        text,
        _NoAliasLoader,
        _CONSTRUCTOR,
        max_depth=MAX_DEPTH,
        max_nodes=MAX_NODES,
        with_lines=with_lines,
        check_scalar=check,
    )


def parse_text(text: str, display_name: str) -> tuple[YamlFile | None, list[Problem]]:
    """Parse decoded text: the fast path when it can, the careful one for anything unusual."""
    try:
        data, _ = _fast(text, with_lines=False)
        return YamlFile(display_name, data, source_text=text), []
    except yamlfast.Unusual:
        return _parse_carefully(text, display_name)


def _refused(display_name: str, line: int, message: str) -> tuple[None, list[Problem]]:
    """No file, and the one problem that stopped it from being read."""
    return None, [Problem(display_name, line, "", message)]


@dataclass(frozen=True)
class RawFile:
    """A file's bytes (at most MAX_FILE_BYTES + 1 of them) and its size and time when they were read."""

    raw: bytes
    size: int
    mtime_ns: int
    ctime_ns: int = 0
    inode: int = 0


def read_raw(path: Path) -> RawFile:
    """Read `path`, stat first: if the file changes while being read, its time will say so later."""
    info = path.stat()
    times = info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino
    if info.st_size > MAX_FILE_BYTES:
        return RawFile(b"", *times)  # refused by read_yaml without reading
    with path.open("rb") as stream:  # read no more than the cap, whatever stat said (a growing file, /proc)
        return RawFile(stream.read(MAX_FILE_BYTES + 1), *times)


def read_yaml(path: Path, display_name: str, pre_read: RawFile | None = None) -> tuple[YamlFile | None, list[Problem]]:
    """Parse `path` (whose bytes were already read when `pre_read` is given); on failure return
    no file and the problems found.

    A parsed file comes with the problems of single values: a lone surrogate (an error) and
    characters no document can hold (a warning).
    """

    def refuse(line: int, message: str) -> tuple[None, list[Problem]]:
        return _refused(display_name, line, message)

    def too_big(size: int) -> tuple[None, list[Problem]]:
        return refuse(
            0,
            f"file is {size / 2**20:.1f} MB; the limit is {MAX_FILE_BYTES / 2**20:.0f} MB per file "
            "(split the records into several files)",
        )

    read = pre_read or read_raw(path)
    if read.size > MAX_FILE_BYTES:
        return too_big(read.size)
    raw = read.raw
    if len(raw) > MAX_FILE_BYTES:
        return too_big(len(raw))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            return refuse(1, "the file is UTF-16 (it starts with a UTF-16 byte order mark); save it as UTF-8")
        line = raw[: exc.start].count(b"\n") + 1
        return refuse(
            line, f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}); save the file as UTF-8"
        )
    yf, problems = parse_text(text, display_name)
    if yf is not None and yf.source_text is not None and len(raw) == read.size:
        # Read by the fast path: the text can be read again if a message needs a line; do not hold it.
        yf.source_text, yf.source_file = None, on_disk(path, read)
    return yf, problems


_ID_LINE = re.compile(r"""^[ \t]*(?:-[ \t]+)?\{?[ \t]*id:[ \t]*["']?([a-z0-9][a-z0-9._-]*)""", re.MULTILINE)


def ids_written(raw: bytes) -> set[str]:
    """The ids a file that could not be read seems to give its records (`id: x` lines, looked for in its text):
    references to them elsewhere are not reported as unknown, since the cause is this file."""
    return set(_ID_LINE.findall(raw.decode("utf-8", "replace")))


def on_disk(path: Path, read: RawFile) -> tuple[Path, int, int]:
    """What YamlFile.source_file needs to read `path` again for its lines (only if unchanged since `read`)."""
    return path, read.size, read.mtime_ns


_FLOW_CLOSE = {"{": "}", "[": "]"}


def syntax_error(exc: yaml.MarkedYAMLError, text: str) -> tuple[int, str]:
    """(line, message) for a YAML syntax error, in a curator's words where the slip is a known one: the line is
    that of the cause (where a bracket or quote was opened), the message says what to do; anything else is
    PyYAML's own description after "invalid YAML:"."""
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 0
    problem, context = exc.problem or "", exc.context or ""
    lines = text.splitlines()
    here = lines[mark.line] if mark and mark.line < len(lines) else ""
    opened = exc.context_mark
    if "'\\t'" in problem or "\t" in here[: len(here) - len(here.lstrip())]:
        return line, "a tab character: indent with spaces, not tabs"
    if problem == "mapping values are not allowed here":
        if here.split("#")[0].count(": ") + here.rstrip().endswith(":") >= 2:
            return line, "a value holding ': ' (a colon and a space) must be put in quotes: key: \"value: more\""
        return line, "this line is indented further than the key above it allows: line it up with the keys at its level"
    if context.startswith("while parsing a flow") and opened is not None:
        bracket = text[opened.index] if opened.index < len(text) else "["
        close = _FLOW_CLOSE.get(bracket, "]")
        if mark is not None and mark.line != opened.line:
            return opened.line + 1, f"the {bracket!r} opened here is never closed by a {close!r}"
        if "but got ':'" in problem:
            return line, f"inside {bracket} {close}, a value holding ': ' (a colon and a space) must be put in quotes"
    if context == "while scanning a quoted scalar" and opened is not None:
        return opened.line + 1, "the quote opened here is never closed"
    if problem.startswith("found character") and "cannot start any token" in problem:
        char = problem.split("'")[1] if "'" in problem else "?"
        return line, f"a value cannot start with {char!r}: put it in quotes"
    if context == "while scanning an alias" or context == "while scanning an anchor":
        return line, "a value cannot start with '*' or '&': put it in quotes"
    if context in ("while parsing a block mapping", "while parsing a block collection"):
        return line, (
            "this line does not fit the lines above: check its indentation (spaces, lined up with the keys at its "
            "level), and quote a value that holds quotes or brackets"
        )
    return line, f"invalid YAML: {' '.join(p for p in (context, problem) if p)}"


def _parse_carefully(text: str, display_name: str) -> tuple[YamlFile | None, list[Problem]]:
    """PyYAML's pure-Python reading, with every refusal and its line (see the module's docstring)."""

    def refuse(line: int, message: str) -> tuple[None, list[Problem]]:
        return _refused(display_name, line, message)

    try:
        # The reader checks every character as it is built: a raw control character raised
        # ReaderError out of read_yaml (an "unexpected" crash, exit 1) before this was inside the try.
        loader = _NoAliasLoader(text)
    except yaml.reader.ReaderError as exc:
        line = len(_LINE_BREAK.findall(text, 0, exc.position)) + 1
        return refuse(line, f"character U+{exc.character:04X} cannot appear in a YAML file; remove it")
    found: list[Problem] = []
    try:
        node = loader.get_single_node()
        if node is None:
            return YamlFile(display_name, {}, {(): 1}), []
        lines: dict[PathKey, int] = {}
        _walk(node, (), lines, 0, found, display_name)
        data = loader.construct_document(node)
    except _Refused as exc:
        return refuse(exc.line, exc.message)
    except yaml.MarkedYAMLError as exc:
        return refuse(*syntax_error(exc, text))
    except yaml.YAMLError as exc:
        return refuse(0, f"invalid YAML: {exc}")
    except ValueError as exc:  # a value PyYAML itself could not construct
        return refuse(0, f"invalid YAML value: {exc}")
    except RecursionError:
        return refuse(0, "the document is nested too deeply")
    finally:
        loader.dispose()
    return YamlFile(display_name, data, lines), found
