"""Read one untrusted YAML file into plain data that remembers where every value came from.

This is the only module that imports yaml. It walks the parser's event stream itself
rather than asking PyYAML to compose or construct, so that it can:

- refuse any tag that would build an object (only YAML's plain data types are read);
- refuse duplicate keys, with both lines;
- stop nesting past MAX_DEPTH before any recursive code runs (libyaml's own composer
  recurses in C and can overflow the stack on a file of ten thousand `[`);
- cap how many values aliases may add, so an alias bomb ends in an error, not in memory;
- keep every scalar's source text, so `Yes` in a list of options stays "Yes";
- read numbers and booleans as YAML 1.2 does (`1:30`, `0x10`, `yes` are text, not 90, 16
  and true), where PyYAML's resolver follows YAML 1.1;
- refuse terminal controls and invisible characters in every scalar, keys included
  (safetext.py says which).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml import events as ev

from placecli.packs.locate import MAX_FILE_BYTES, too_large
from placecli.safetext import UNSAFE, clip, name, one_line, quoted, unsafe_problem
from placecli.words import plural

MAX_DEPTH = 64
MAX_ALIAS_VALUES = 100_000

_TAG = "tag:yaml.org,2002:"
STR, INT, FLOAT, BOOL, NULL, TIMESTAMP = (
    _TAG + name for name in ("str", "int", "float", "bool", "null", "timestamp")
)
_SCALAR_TAGS = {STR, INT, FLOAT, BOOL, NULL, TIMESTAMP}
_MAP_TAGS = {None, "!", _TAG + "map"}
_SEQ_TAGS = {None, "!", _TAG + "seq"}

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_RESOLVER = yaml.resolver.Resolver()
_RESOLVED_FIRST = frozenset(k for k in _RESOLVER.yaml_implicit_resolvers if k)
# YAML 1.2 core integers, decimal only (no 0x, 0o, 0b, _, or 1.1's sexagesimal 1:30), and
# short enough to be a count; YAML 1.2 core booleans. Other forms stay text.
_DECIMAL = re.compile(r"[-+]?[0-9]{1,18}")
_BOOLEANS = {
    word: word.lower() == "true" for word in ("true", "True", "TRUE", "false", "False", "FALSE")
}
_CONSTRUCTOR = yaml.constructor.SafeConstructor()

_CONVERT: dict[str, Callable[[str], Any]] = {
    INT: int,  # decimal digits only, see _DECIMAL
    FLOAT: lambda value: _CONSTRUCTOR.construct_yaml_float(yaml.ScalarNode(FLOAT, value)),
    BOOL: _BOOLEANS.__getitem__,
    NULL: lambda value: None,
    TIMESTAMP: lambda value: _CONSTRUCTOR.construct_yaml_timestamp(
        yaml.ScalarNode(TIMESTAMP, value)
    ),
}
# What the YAML reader refuses anywhere in a file; found first, to name the character.
_RAW_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")


class Text(str):
    """A scalar: its source text, its resolved YAML tag, its value as that type, its line."""

    tag: str
    value: str | int | float | bool | dt.date | None
    line: int


class Map(dict[Text, object]):
    """A mapping; its keys are Text, so each key knows its own line."""

    line: int


class Seq(list[object]):
    """A sequence; `lines[i]` is the line where item i starts."""

    line: int
    lines: list[int]


class YamlProblem(Exception):
    """The file cannot be read as plain YAML data at all. `detail` shows where: a copy
    of the line with a caret under the column, and a hint in plain English."""

    def __init__(self, line: int | None, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.line = line
        self.message = message
        self.detail = detail


@dataclass
class _Frame:
    container: Map | Seq
    anchor: str | None
    weight: int = 1
    key: Text | None = None
    first_keys: dict[str, Text] | None = None  # built at the first duplicate key only


@dataclass
class _Builder:
    problems: list[tuple[int, str]] = field(default_factory=list)
    stack: list[_Frame] = field(default_factory=list)
    anchors: dict[str, tuple[object, int]] = field(default_factory=dict)
    alias_values: int = 0
    documents: int = 0
    root: object = None
    # Each scalar is checked for refused characters only if the file holds one, or a
    # backslash (a double-quoted escape can make one): most files are checked once, whole.
    check_scalars: bool = True

    def open(self, container: Map | Seq, event: ev.CollectionStartEvent, line: int) -> None:
        kind = "mapping" if isinstance(container, Map) else "list"
        allowed = _MAP_TAGS if kind == "mapping" else _SEQ_TAGS
        if event.tag not in allowed:
            raise YamlProblem(line, f"the tag {shorten(event.tag)} is not allowed here")
        if len(self.stack) >= MAX_DEPTH:
            raise YamlProblem(line, f"values are nested more than {MAX_DEPTH} levels deep")
        container.line = line
        if isinstance(container, Seq):
            container.lines = []
        self.stack.append(_Frame(container, event.anchor))

    def close(self) -> None:
        frame = self.stack.pop()
        if frame.anchor is not None:
            self.anchors[frame.anchor] = (frame.container, frame.weight)
        self.add(frame.container, frame.weight, frame.container.line)

    def alias(self, anchor: str, line: int) -> None:
        if anchor not in self.anchors:
            raise YamlProblem(line, f"the alias *{clip(anchor)} refers to no finished anchor")
        value, weight = self.anchors[anchor]
        self.alias_values += weight
        if self.alias_values > MAX_ALIAS_VALUES:
            raise YamlProblem(line, f"aliases expand to more than {MAX_ALIAS_VALUES:,} values")
        self.add(value, weight, line)

    def add(self, value: object, weight: int, line: int) -> None:
        if not self.stack:
            self.root = value
            return
        frame = self.stack[-1]
        frame.weight += weight
        container = frame.container
        if isinstance(container, Seq):
            container.append(value)
            container.lines.append(line)
        elif frame.key is None:
            frame.key = self.key(frame, value, line)
        else:
            container[frame.key] = value
            frame.key = None

    def key(self, frame: _Frame, value: object, line: int) -> Text:
        if not isinstance(value, Text):
            raise YamlProblem(line, "a mapping key must be plain text, not a list or mapping")
        if value in frame.container:
            if frame.first_keys is None:  # once per mapping, so many duplicates stay linear
                frame.first_keys = {key: key for key in frame.container if isinstance(key, Text)}
            first = frame.first_keys[value]
            message = f"duplicate key {quoted(value)} (first at line {first.line})"
            self.problems.append((line, message))
        elif frame.first_keys is not None:
            frame.first_keys[value] = value
        return value


def scalar(event: ev.ScalarEvent, line: int) -> Text:
    """Resolve a scalar event's tag as YAML 1.2's core schema does; check its value converts."""
    tag = event.tag
    value = event.value
    if tag is None and (not event.implicit[0] or (value and value[0] not in _RESOLVED_FIRST)):
        tag = STR  # quoted or block text, or plain text no implicit type can start with
    elif tag in (None, "!"):
        tag = _RESOLVER.resolve(yaml.ScalarNode, value, event.implicit)  # type: ignore[no-untyped-call]
        if (tag == INT and not _DECIMAL.fullmatch(value)) or (
            tag == BOOL and value not in _BOOLEANS
        ):
            tag = STR  # a YAML 1.1 form (1:30, 0x10, yes, on): text in YAML 1.2
    if tag == _TAG + "merge":
        raise YamlProblem(line, "merge keys (<<) are not supported; write the values out")
    if tag not in _SCALAR_TAGS:
        raise YamlProblem(line, f"the tag {shorten(tag)} is not allowed: only plain data is read")
    text = Text(event.value)
    text.tag, text.line = tag, line
    if tag == STR:
        text.value = event.value
        return text
    try:
        text.value = _CONVERT[tag](event.value)
    except (ValueError, KeyError, TypeError, OverflowError) as error:
        kind = {TIMESTAMP: "date"}.get(tag, tag.removeprefix(_TAG))
        raise YamlProblem(
            line, f"{quoted(event.value)} is not a valid {kind} ({shorten(tag)})"
        ) from error
    return text


def shorten(tag: str | None) -> str:
    """`tag:yaml.org,2002:python/object` -> `!!python/object`, as people write it."""
    shown = "!!" + tag.removeprefix(_TAG) if tag and tag.startswith(_TAG) else str(tag)
    return one_line(clip(shown))


def read_yaml(raw: bytes) -> tuple[object, list[tuple[int, str]]]:
    """Parse one YAML document from bytes; return the data and the problems found in it
    that do not stop the reading (duplicate keys, refused characters), as (line, message).

    Raises YamlProblem for anything that stops the file being read.
    """
    text = decode(raw)
    builder = _Builder()
    builder.check_scalars = "\\" in text or UNSAFE.search(text) is not None
    loader = _Loader(text)
    try:
        while loader.check_event():
            event = loader.get_event()
            feed(builder, event)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context or "not valid YAML"
        if "maximum nesting depth" in problem:  # libyaml's own limit, met first on deep flows
            problem = f"values are nested more than {MAX_DEPTH} levels deep"
            raise YamlProblem(mark.line + 1 if mark else None, problem) from None
        if mark is None:
            raise YamlProblem(None, f"not valid YAML: {problem}") from None
        raise YamlProblem(
            mark.line + 1,
            f"column {mark.column + 1}: not valid YAML: {problem}",
            pointed(text, mark.line, mark.column) + "\n" + syntax_hint(text, mark.line, problem),
        ) from None
    except yaml.YAMLError as error:
        position = getattr(error, "position", None)
        line = text.count("\n", 0, position) + 1 if isinstance(position, int) else None
        raise YamlProblem(line, f"not valid YAML: {error}") from None
    finally:
        loader.dispose()
    return builder.root, builder.problems


def pointed(text: str, line: int, column: int) -> str:
    """The line (0-based) as written, and a caret under the column."""
    lines = text.splitlines()
    written = lines[line] if line < len(lines) else ""
    shown = one_line(clip(written.expandtabs(1), 200))
    return f"  {shown}\n  {' ' * min(column, len(shown))}^"


def indent_of(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


_HINTS = (  # what the parser says -> what a person most likely got wrong
    ("could not find expected ':'", "a key needs a colon and a space after it (key: value)"),
    ("did not find expected '-'", 'every item of a list starts with "- " at one column'),
    ("did not find expected key", 'every item of a list starts with "- " at one column'),
    ("end of stream", "a quote or bracket opened here is never closed"),
    ("mapping values are not allowed", 'text holding ": " needs quotes: title: "Place: why"'),
)


def syntax_hint(text: str, line: int, problem: str) -> str:
    """What a person most likely got wrong, in plain English."""
    lines = text.splitlines()
    here = lines[line] if line < len(lines) else ""
    if "\t" in problem or "\t" in here[: indent_of(here) + 1]:
        return "hint: YAML does not allow tabs for indentation; use spaces"
    above = next(
        (ln for ln in reversed(lines[:line]) if ln.strip() and not ln.lstrip().startswith("#")),
        "",
    )
    key_above = above.strip().removeprefix("- ").split(":")[0]
    want = indent_of(above) + (2 if above.lstrip().startswith("- ") else 0)
    if above and ":" in here and indent_of(here) != want and "mapping values" in problem:
        return (
            f"hint: this line is indented {plural(indent_of(here), 'space')}; the key above it "
            f'("{one_line(clip(key_above, 40))}") is at {want}: line them up'
        )
    found = next((hint for words, hint in _HINTS if words in problem), None)
    return f"hint: {found or 'check the indentation and quotes here and on the line above'}"


def feed(builder: _Builder, event: ev.Event) -> None:
    line = event.start_mark.line + 1 if event.start_mark else 0
    _FEED.get(type(event), _ignore)(builder, event, line)


def _scalar(builder: _Builder, event: ev.ScalarEvent, line: int) -> None:
    value = scalar(event, line)
    why = unsafe_problem(value) if builder.check_scalars else None
    if why is not None:
        builder.problems.append((line, why))
    if event.anchor is not None:
        builder.anchors[event.anchor] = (value, 1)
    builder.add(value, 1, line)


def _document(builder: _Builder, event: ev.Event, line: int) -> None:
    builder.documents += 1
    if builder.documents > 1:
        raise YamlProblem(line, "holds more than one YAML document; a pack file holds one")


def _ignore(builder: _Builder, event: ev.Event, line: int) -> None:
    """Stream and document ends carry nothing to keep."""


_FEED: dict[type, Callable[[_Builder, Any, int], None]] = {
    ev.ScalarEvent: _scalar,
    ev.MappingStartEvent: lambda b, e, line: b.open(Map(), e, line),
    ev.SequenceStartEvent: lambda b, e, line: b.open(Seq(), e, line),
    ev.MappingEndEvent: lambda b, e, line: b.close(),
    ev.SequenceEndEvent: lambda b, e, line: b.close(),
    ev.AliasEvent: lambda b, e, line: b.alias(str(e.anchor), line),
    ev.DocumentStartEvent: _document,
}


def check_size(size: int) -> None:
    """Refuse a file too large to be a pack file, before reading or parsing it."""
    if size > MAX_FILE_BYTES:
        raise YamlProblem(None, too_large(size))


def decode(raw: bytes) -> str:
    """Bytes to text: UTF-8 only, no NUL bytes, not past MAX_FILE_BYTES."""
    check_size(len(raw))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        byte = raw[error.start]
        raise YamlProblem(line, f"is not UTF-8 text (byte 0x{byte:02x})") from None
    nul = text.find("\x00")
    if nul >= 0:
        raise YamlProblem(text.count("\n", 0, nul) + 1, "contains a NUL byte; is it a text file?")
    control = _RAW_CONTROL.search(text)
    if control is not None:
        line = text.count("\n", 0, control.start()) + 1
        raise YamlProblem(line, f"contains {name(control.group())}, a control character")
    return text
