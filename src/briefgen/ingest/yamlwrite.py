"""A small YAML writer that keeps comments: PyYAML's dumper cannot write them.

A draft's value is only as good as the sentence shown above it, so records are
built as plain dicts and lists, any value may be wrapped in `Noted` to carry
comment lines, and this module writes them in the dataset's own style (block
records, short mappings and id lists inline). Strings that could be read as
anything but a string are written JSON-quoted, which YAML reads back exactly.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from briefgen.partialdate import PartialDate

_PLAIN = re.compile(r"[A-Za-z0-9][\w .()/'-]*")
_NUMBER = re.compile(r"[-+]?(?:0x[0-9a-fA-F_]+|0o?[0-7_]+|0b[01_]+|[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?)")
_RESERVED = {"true", "false", "yes", "no", "on", "off", "null", "y", "n"}
FLOW_WIDTH = 110
# Characters YAML refuses in a file, or reads as a line break (NEL, U+2028, U+2029): written escaped.
_UNPRINTABLE = re.compile("[^\t\n\r\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _escape(match: re.Match) -> str:
    code = ord(match.group(0))
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


@dataclass
class Noted:
    """A value with comment lines written above its key (or its list item)."""

    value: Any
    comments: list[str] = field(default_factory=list)


def scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, PartialDate)):
        return str(value)
    text = str(value)
    if (
        _PLAIN.fullmatch(text)
        and not _NUMBER.fullmatch(text)
        and text.lower() not in _RESERVED
        and not text.endswith((" ", "."))
    ):
        return text
    return _UNPRINTABLE.sub(_escape, json.dumps(text, ensure_ascii=False))


def _is_scalar(value: Any) -> bool:
    return not isinstance(value, (dict, list, Noted))


def _flow(value: Any) -> str | None:
    """The one-line form of a list or mapping of scalars (or of such mappings), if short enough."""
    if _is_scalar(value):
        return scalar(value)
    if isinstance(value, list) and all(_is_scalar(v) or isinstance(v, dict) for v in value):
        parts = [_flow(v) for v in value]
        text = "[" + ", ".join(p for p in parts if p is not None) + "]"
        return text if None not in parts and len(text) <= FLOW_WIDTH else None
    if isinstance(value, dict) and all(_is_scalar(v) or isinstance(v, (dict, list)) for v in value.values()):
        parts = [_flow(v) for v in value.values()]
        if None in parts:
            return None
        text = "{" + ", ".join(f"{k}: {p}" for k, p in zip(value, parts)) + "}"
        return text if len(text) <= FLOW_WIDTH else None
    return None


def comment(text: str, indent: str = "") -> str:
    """One comment line: whitespace collapsed, characters YAML refuses replaced by '?'."""
    return f"{indent}# {_UNPRINTABLE.sub('?', ' '.join(text.split()))}".rstrip()


def _comments(lines: list[str], indent: str, comments: list[str]) -> None:
    lines += [comment(text, indent) for text in comments]


def write(mapping: dict[str, Any], indent: int = 0) -> list[str]:
    """The lines of a block mapping; `Noted` values get their comments above the key."""
    lines: list[str] = []
    pad = " " * indent
    for key, value in mapping.items():
        if isinstance(value, Noted):
            _comments(lines, pad, value.comments)
            value = value.value
        flow = _flow(value)
        if flow is not None and not (isinstance(value, list) and any(isinstance(v, Noted) for v in value)):
            lines.append(f"{pad}{key}: {flow}")
        elif isinstance(value, dict):
            lines.append(f"{pad}{key}:")
            lines += write(value, indent + 2)
        else:
            lines.append(f"{pad}{key}:")
            lines += write_list(value, indent + 2)
    return lines


def write_list(items: list[Any], indent: int) -> list[str]:
    lines: list[str] = []
    pad = " " * indent
    for item in items:
        if isinstance(item, Noted):
            _comments(lines, pad, item.comments)
            item = item.value
        flow = _flow(item)
        if flow is not None:
            lines.append(f"{pad}- {flow}")
            continue
        body = write(item, indent + 2)
        first = next(i for i, line in enumerate(body) if not line.lstrip().startswith("#"))
        lines += body[:first]
        lines.append(f"{pad}- {body[first].lstrip()}")
        lines += body[first + 1 :]
    return lines
