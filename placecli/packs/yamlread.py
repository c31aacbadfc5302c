"""Read one untrusted YAML file into plain data that remembers where every value came from.

This is the only module that imports yaml. It walks the parser's event stream itself
rather than asking PyYAML to compose or construct, so that it can:

- refuse any tag that would build an object (only YAML's plain data types are read);
- refuse duplicate keys, with both lines;
- stop nesting past MAX_DEPTH before any recursive code runs (libyaml's own composer
  recurses in C and can overflow the stack on a file of ten thousand `[`);
- cap how many values aliases may add, so an alias bomb ends in an error, not in memory,
  and how many values a pack's files hold in all (a `ValueBudget` per pack);
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

from placecli.packs.locate import MAX_FILE_BYTES, MAX_PACK_VALUES, too_large
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


def holds(pattern: re.Pattern[str], text: str) -> bool:
    """Whether `pattern`, a class of characters, finds one in `text`. Text that is all
    ASCII, as most packs are, is searched for the pattern's few ASCII characters one by
    one, at memory speed: ten times faster than the regex on a 2 MB file."""
    if not text.isascii():
        return pattern.search(text) is not None
    return any(char in text for char in _ASCII[pattern])


_ASCII = {
    pattern: [c for c in map(chr, range(128)) if pattern.match(c)]
    for pattern in (_RAW_CONTROL, UNSAFE)
}


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
class ValueBudget:
    """The values a pack's files may still hold: one budget for all the files of a pack,
    as its bytes are bounded in all (and one for all its plans: `what` says which)."""

    limit: int = MAX_PACK_VALUES
    what: str = "pack"
    left: int = -1

    def __post_init__(self) -> None:
        if self.left < 0:
            self.left = self.limit

    def spend(self, line: int) -> None:
        self.left -= 1
        if self.left < 0:
            raise self.exhausted(line)

    def exhausted(self, line: int) -> YamlProblem:
        return YamlProblem(
            line,
            f"the {self.what} holds more than {self.limit:,} values (texts, numbers, lists "
            f"and mappings) by this line, the most a {self.what} may hold; split it into "
            f"several {self.what}s",
        )

    @property
    def spent(self) -> bool:
        return self.left < 0


@dataclass(slots=True)
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
    budget: ValueBudget = field(default_factory=ValueBudget)
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
        self.budget.spend(line)
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
        self.budget.spend(line)
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

    def note(self, text: Text, anchor: str | None, line: int) -> None:
        """A scalar's refused characters, if the file may hold any, and its anchor."""
        why = unsafe_problem(text) if self.check_scalars else None
        if why is not None:
            self.problems.append((line, why))
        if anchor is not None:
            self.anchors[anchor] = (text, 1)

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
        tag = resolved(value, event.implicit)
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


def resolved(value: str, implicit: tuple[bool, bool]) -> str:
    """The tag of a scalar written without one, as YAML 1.2's core schema reads it. The
    same short texts come again and again (keys such as `type:` and `feedback:`, values
    such as `true`): each is resolved once, by PyYAML's regexes, then looked up."""
    known = _RESOLVED.get((value, implicit))
    if known is not None:
        return known
    tag: str = _RESOLVER.resolve(yaml.ScalarNode, value, implicit)  # type: ignore[no-untyped-call]
    if (tag == INT and not _DECIMAL.fullmatch(value)) or (tag == BOOL and value not in _BOOLEANS):
        tag = STR  # a YAML 1.1 form (1:30, 0x10, yes, on): text in YAML 1.2
    if len(value) <= 40:  # names and keys; long texts are seldom written twice
        if len(_RESOLVED) >= 10_000:  # a bound on memory, whatever the pack
            _RESOLVED.clear()
        _RESOLVED[value, implicit] = tag
    return tag


_RESOLVED: dict[tuple[str, tuple[bool, bool]], str] = {}


def shorten(tag: str | None) -> str:
    """`tag:yaml.org,2002:python/object` -> `!!python/object`, as people write it."""
    shown = "!!" + tag.removeprefix(_TAG) if tag and tag.startswith(_TAG) else str(tag)
    return one_line(clip(shown))


def read_yaml(
    raw: bytes, budget: ValueBudget | None = None
) -> tuple[object, list[tuple[int, str]]]:
    """Parse one YAML document from bytes; return the data and the problems found in it
    that do not stop the reading (duplicate keys, refused characters), as (line, message).
    `budget`: the values the pack's files may still hold (what this file holds is spent).

    Raises YamlProblem for anything that stops the file being read.
    """
    text = decode(raw)
    builder = _Builder(budget=budget or ValueBudget())
    builder.check_scalars = "\\" in text or holds(UNSAFE, text)
    loader = _Loader(text)
    try:
        build(builder, loader.get_event)
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


def build(builder: _Builder, next_event: Callable[[], ev.Event | None]) -> None:
    """Feed the builder every event of the stream. A scalar, most of any file, is read
    here without a call of its own (the budget, plain text, its place in its list or
    mapping): a call each cost the 2.6 MB benchmark pack about a tenth of a second."""
    budget, stack, check = builder.budget, builder.stack, builder.check_scalars
    while (event := next_event()) is not None:
        line = event.start_mark.line + 1 if event.start_mark else 0
        if not isinstance(event, ev.ScalarEvent):
            _FEED.get(type(event), _ignore)(builder, event, line)
            continue
        budget.left -= 1  # as budget.spend(line) does
        if budget.left < 0:
            raise budget.exhausted(line)
        value = event.value
        if event.tag is None and (
            not event.implicit[0]
            or (value and value[0] not in _RESOLVED_FIRST)
            or _RESOLVED.get((value, event.implicit)) == STR  # `type:`, `feedback:` ...
        ):
            text = Text(value)  # quoted or block text, or plain text that is text in YAML 1.2
            text.tag, text.line, text.value = STR, line, value
        else:
            text = scalar(event, line)
        if check or event.anchor is not None:
            builder.note(text, event.anchor, line)
        if not stack:  # the whole document
            builder.root = text
            continue
        frame = stack[-1]  # builder.add, written out
        frame.weight += 1
        container = frame.container
        if isinstance(container, Seq):
            container.append(text)
            container.lines.append(line)
        elif frame.key is not None:
            container[frame.key] = text
            frame.key = None
        elif frame.first_keys is None and text not in container:
            frame.key = text  # a new key, in a mapping with no duplicate key so far
        else:
            frame.key = builder.key(frame, text, line)


def _document(builder: _Builder, event: ev.Event, line: int) -> None:
    builder.documents += 1
    if builder.documents > 1:
        raise YamlProblem(line, "holds more than one YAML document; a pack file holds one")


def _ignore(builder: _Builder, event: ev.Event, line: int) -> None:
    """Stream and document ends carry nothing to keep."""


_FEED: dict[type, Callable[[_Builder, Any, int], None]] = {
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
    control = _RAW_CONTROL.search(text) if holds(_RAW_CONTROL, text) else None
    if control is not None:
        line = text.count("\n", 0, control.start()) + 1
        raise YamlProblem(line, f"contains {name(control.group())}, a control character")
    return text
