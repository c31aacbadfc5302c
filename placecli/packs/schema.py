"""The fields of a pack and how each value is checked (content-format.md, version 1).

Each converter takes the parsed node and its path, and returns the value converted, or
BAD after recording a Problem that names the file, line and path.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from placecli.errors import Problem, Problems
from placecli.packs import model
from placecli.packs.yamlread import BOOL, INT, NULL, STR, TIMESTAMP, Map, Seq, Text
from placecli.safetext import clip, quoted
from placecli.words import plural

FORMAT_VERSION = 1
LIST_KEYS = ("concepts", "questions", "prompts", "terms")
MAX_QUOTE_WORDS = 40


class _Bad:
    """A value that failed its check; the problem is already recorded."""


BAD = _Bad()
Convert = Callable[["FileCheck", Any, str], Any]


def absolute(file: str) -> str:
    """A file's absolute path: os.path's string work, not a Path for each of a pack's
    records (5,000 Paths cost a large pack 40 ms)."""
    return os.path.abspath(file)  # noqa: PTH100


@dataclass
class Draft:
    """One record (concept, question ...) as checked in its file, not yet cross-checked."""

    values: dict[str, Any]
    file: str
    path: str
    line: int
    lines: dict[str, int]
    # Fields an overlay set: field -> (its file, the record's path there). Problems with
    # such a field name that file; the record's own `file` and `path` hold the rest.
    layered: dict[str, tuple[str, str]] = field(default_factory=dict)
    changed_at: tuple[str, int] | None = None  # the last overlay record that changed it

    def where(self, name: str) -> tuple[str, str]:
        """The file and record path a field was written at."""
        return self.layered.get(name, (self.file, self.path))

    @property
    def origin(self) -> str:
        """Where the record starts, as an absolute path and line (a cached pack may be
        used from another folder); `locate.shown_origin` puts it as a person reads it.
        For a record an overlay changed, the overlay's record: what its author can edit."""
        file, line = self.changed_at or (self.file, self.line)
        return f"{absolute(file)}:{line}"


@dataclass
class FileCheck:
    """Checks the data of one file, recording problems against that file."""

    file: str
    problems: Problems

    def problem(self, line: int | None, path: str, message: str) -> _Bad:
        self.problems.append(Problem(self.file, line, path, message))
        return BAD

    def record(self, node: Any, path: str, fields: dict[str, tuple[Convert, bool]]) -> Draft | None:
        if not isinstance(node, Map):
            self.problem(line_of(node), path, f"expected a mapping of fields, got {describe(node)}")
            return None
        values: dict[str, Any] = {}
        lines: dict[str, int] = {}
        for key, value in node.items():
            known = fields.get(key)
            if known is None:
                where = f"{path}.{clip(key)}" if path else clip(key)
                self.problem(key.line, where, "unknown field" + self.problems.hint(key, fields))
                continue
            where = f"{path}.{key}" if path else key  # a field's name needs no clipping
            converted = known[0](self, value, where)
            lines[key] = key.line
            if converted is not BAD:
                values[str(key)] = converted
        for name, (_, required) in fields.items():
            if required and name not in node:
                self.problem(node.line, path, f'missing required field "{name}"')
        return Draft(values, self.file, path, node.line, lines)


@dataclass
class RecordCheck(FileCheck):
    """Checks one record's fields together: a problem with a field an overlay set names
    the overlay's file and record, not the base's."""

    draft: Draft | None = None

    def problem(self, line: int | None, path: str, message: str) -> _Bad:
        draft = self.draft
        if draft is None or not path.startswith(draft.path + "."):
            return super().problem(line, path, message)
        rest = path[len(draft.path) :]
        name = re.split(r"[.\[]", rest[1:], maxsplit=1)[0]
        file, at = draft.where(name)
        changed = next((n for n in draft.layered if n != name), None)
        if changed is not None and name not in draft.layered:  # a base field, now wrong
            changed_file, _ = draft.where(changed)
            message += f" (after the change at {changed_file}:{draft.lines[changed]})"
        self.problems.append(Problem(file, line, at + rest, message))
        return BAD


def line_of(node: Any) -> int | None:
    return getattr(node, "line", None)


def describe(node: Any) -> str:
    if isinstance(node, Map):
        return "a mapping"
    if isinstance(node, Seq):
        return "a list"
    if node is None or (isinstance(node, Text) and node.tag == NULL):
        return "nothing"
    if isinstance(node, Text) and node.tag != STR:
        kind = {INT: "a number", BOOL: "true/false", TIMESTAMP: "a date"}.get(node.tag, "a number")
        return f"{kind} ({clip(node)})"
    return f"the text {quoted(node)}"


# Converters: each checks one value and returns it converted, or BAD after recording why.


def text(check: FileCheck, node: Any, path: str) -> str | _Bad:
    if not isinstance(node, Text) or node.tag == NULL:
        return check.problem(line_of(node), path, f"expected text, got {describe(node)}")
    value = str(node).strip()
    return value or check.problem(node.line, path, "is empty; expected text")


def slug(check: FileCheck, node: Any, path: str) -> str | _Bad:
    value = text(check, node, path)
    if isinstance(value, str) and not model.SLUG.fullmatch(value):
        better = "-".join(re.findall(r"[a-z0-9]+", value.lower())) or "my-id"
        return check.problem(
            line_of(node),
            path,
            f"{quoted(value)} is not a slug: use a-z, 0-9 and hyphens, e.g. {quoted(better)}",
        )
    return value


def positive_int(check: FileCheck, node: Any, path: str) -> int | _Bad:
    if (
        isinstance(node, Text)
        and node.tag == INT
        and isinstance(node.value, int)
        and node.value > 0
    ):
        return node.value
    return check.problem(
        line_of(node), path, f"expected a whole number above 0, got {describe(node)}"
    )


MAX_MINUTES = 24 * 60  # a prompt's suggested time, a plan step, a discussion timer


def minutes(check: FileCheck, node: Any, path: str) -> int | _Bad:
    """A whole number of minutes, at most a day (a timer of 10^18 minutes is no timer)."""
    value = positive_int(check, node, path)
    if isinstance(value, int) and value > MAX_MINUTES:
        return check.problem(
            line_of(node), path, f"is {value:,} minutes, more than a day ({MAX_MINUTES:,})"
        )
    return value


def date(check: FileCheck, node: Any, path: str) -> dt.date | _Bad:
    if isinstance(node, Text) and isinstance(node.value, dt.date):
        return node.value.date() if isinstance(node.value, dt.datetime) else node.value
    if isinstance(node, Text) and node.tag == STR:
        try:
            return dt.date.fromisoformat(str(node).strip())
        except ValueError:
            pass
    return check.problem(
        line_of(node), path, f"expected a date like 2018-03-28, got {describe(node)}"
    )


def list_of(convert: Convert, min_items: int = 0) -> Convert:
    def check_list(check: FileCheck, node: Any, path: str) -> tuple[Any, ...] | _Bad:
        if not isinstance(node, Seq):
            return check.problem(line_of(node), path, f"expected a list, got {describe(node)}")
        if len(node) < min_items:
            return check.problem(node.line, path, f"needs at least {plural(min_items, 'item')}")
        items = [convert(check, item, f"{path}[{i}]") for i, item in enumerate(node)]
        return BAD if any(i is BAD for i in items) else tuple(items)

    return check_list


def one_of(*allowed: str) -> Convert:
    def check_choice(check: FileCheck, node: Any, path: str) -> str | _Bad:
        value = text(check, node, path)
        if isinstance(value, str) and value not in allowed:
            choices = ", ".join(allowed)
            return check.problem(line_of(node), path, f"{quoted(value)} is not one of: {choices}")
        return value

    return check_choice


def any_node(check: FileCheck, node: Any, path: str) -> Any:
    """Kept as parsed; checked later with what the rest of its record says."""
    return node


def quote(check: FileCheck, node: Any, path: str) -> str | _Bad:
    value = text(check, node, path)
    if isinstance(value, str) and len(value.split()) > MAX_QUOTE_WORDS:
        words = len(value.split())
        return check.problem(line_of(node), path, f"has {words} words; a quote has at most 40")
    return value


def author(check: FileCheck, node: Any, path: str) -> model.Author | _Bad:
    draft = check.record(node, path, {"name": (text, True), "role": (text, False)})
    if draft is None or "name" not in draft.values:
        return BAD
    return model.Author(**draft.values)


def source(check: FileCheck, node: Any, path: str) -> model.Source | _Bad:
    draft = check.record(node, path, SOURCE_FIELDS)
    if draft is None or "title" not in draft.values:
        return BAD
    return model.Source(**draft.values)


def local_example(check: FileCheck, node: Any, path: str) -> model.Local | _Bad:
    draft = check.record(node, path, LOCAL_FIELDS)
    if draft is None or "text" not in draft.values:
        return BAD
    return model.Local(**draft.values)


def format_version(check: FileCheck, node: Any, path: str) -> int | _Bad:
    value = positive_int(check, node, path)
    if isinstance(value, int) and value > FORMAT_VERSION:
        return check.problem(
            line_of(node),
            path,
            f"this pack is format {value}, but this place reads format {FORMAT_VERSION}; "
            "install a newer place to use it",
        )
    return value


texts = list_of(text)
slugs = list_of(slug)


# Question fields: which of them a question has depends on its type (qtypes.py).

MIN_OPTIONS, MAX_OPTIONS = 2, 8


def distinct_texts(low: int, high: int, what: str) -> Convert:
    """A list of `low` to `high` texts, none repeated."""

    def check_texts(check: FileCheck, node: Any, path: str) -> tuple[str, ...] | _Bad:
        items: tuple[str, ...] | _Bad = texts(check, node, path)
        if isinstance(items, _Bad):
            return items
        if not low <= len(items) <= high:
            return check.problem(node.line, path, f"has {len(items)} {what}; give {low} to {high}")
        repeated = repeated_text(items)
        if repeated is not None:
            line = node.lines[items.index(repeated, items.index(repeated) + 1)]
            return check.problem(line, path, f"{quoted(repeated)} is listed more than once")
        return items

    return check_texts


def repeated_text(items: tuple[str, ...]) -> str | None:
    seen: set[str] = set()
    for item in items:
        if item in seen:
            return item
        seen.add(item)
    return None


options = distinct_texts(MIN_OPTIONS, MAX_OPTIONS, "options")


def pairs(low: int, high: int) -> Convert:
    """A list of `low` to `high` [left, right] pairs; no left or right text repeated."""

    def check_pairs(check: FileCheck, node: Any, path: str) -> tuple[tuple[str, str], ...] | _Bad:
        if not isinstance(node, Seq):
            return check.problem(
                line_of(node), path, f"expected a list of pairs, got {describe(node)}"
            )
        found: list[tuple[str, str]] = []
        for index, item in enumerate(node):
            where = f"{path}[{index}]"
            if not isinstance(item, Seq) or len(item) != 2:
                check.problem(
                    node.lines[index], where, f"expected a pair [left, right], got {describe(item)}"
                )
                continue
            left, right = text(check, item[0], f"{where}[0]"), text(check, item[1], f"{where}[1]")
            if isinstance(left, str) and isinstance(right, str):
                found.append((left, right))
        if len(found) < len(node):
            return BAD
        if not low <= len(found) <= high:
            return check.problem(
                node.line, path, f"has {plural(len(found), 'pair')}; give {low} to {high}"
            )
        for side, name in ((0, "left"), (1, "right")):
            repeated = repeated_text(tuple(pair[side] for pair in found))
            if repeated is not None:
                return check.problem(
                    node.line, path, f"the {name} text {quoted(repeated)} is listed more than once"
                )
        return tuple(found)

    return check_pairs


def chosen_options(
    check: FileCheck, node: Any, path: str, choices: tuple[str, ...], many: bool
) -> tuple[str, ...] | _Bad:
    """The answer of a single or multiple question: option texts, each one of `choices`."""
    if many and not isinstance(node, Seq):
        return check.problem(
            line_of(node), path, "a multiple-answer question's answer is a list of options"
        )
    if not many and not isinstance(node, Text):
        return check.problem(line_of(node), path, "a single-choice answer is one option's text")
    items = list(node) if isinstance(node, Seq) else [node]
    if not items:
        return check.problem(line_of(node), path, "needs at least one option")
    answers: list[str] = []
    problems = len(check.problems)
    for index, item in enumerate(items):
        where = f"{path}[{index}]" if many else path
        value = text(check, item, where)
        if not isinstance(value, str):
            continue
        if value not in choices:
            hint = check.problems.hint(value, choices)
            check.problem(line_of(item), where, f"{quoted(value)} is not one of the options{hint}")
        elif value in answers:
            check.problem(line_of(item), where, f"{quoted(value)} is given twice")
        else:
            answers.append(value)
    return BAD if len(check.problems) > problems else tuple(answers)


def true_false(check: FileCheck, node: Any, path: str) -> tuple[str, ...] | _Bad:
    word = str(node).strip().lower() if isinstance(node, Text) else None
    if word == "true":  # YAML 1.2: yes, no, on and off are words, not true or false
        return ("True",)
    if word == "false":
        return ("False",)
    return check.problem(line_of(node), path, f"expected true or false, got {describe(node)}")


def feedback(
    check: FileCheck,
    node: Any,
    path: str,
    choices: tuple[str, ...],
    spelled: Mapping[str, str] = MappingProxyType({}),
) -> Mapping[str, str] | _Bad:
    """Feedback by option text, read-only like the rest of the model. `spelled`: other
    ways a type lets its options be written, lower case (`true` for True)."""
    if not isinstance(node, Map):
        return check.problem(
            line_of(node), path, f"expected a mapping of option to text, got {describe(node)}"
        )
    result: dict[str, str] = {}
    for key, value in node.items():
        option = str(key).strip()
        option = spelled.get(option.lower(), option)
        where = f"{path}.{clip(key)}"
        if option not in choices:
            hint = check.problems.hint(option, choices)
            check.problem(key.line, where, f"{quoted(option)} is not one of the options{hint}")
            continue
        words = text(check, value, where)
        if isinstance(words, str):
            result[option] = words
    return MappingProxyType(result)


SOURCE_FIELDS: dict[str, tuple[Convert, bool]] = {
    "title": (text, True),
    "authors": (list_of(author), False),
    "publication": (text, False),
    "published": (date, False),
    "url": (text, False),
}
LOCAL_FIELDS: dict[str, tuple[Convert, bool]] = {
    "text": (text, True),
    "source": (text, False),
    "as_of": (date, False),
}
MANIFEST_FIELDS: dict[str, tuple[Convert, bool]] = {
    "format": (format_version, True),
    "id": (slug, True),
    "title": (text, True),
    "description": (text, False),
    "source": (source, False),
    "overlays": (slug, False),  # `builtin`, or the id of another pack in use
}
RECORD_FIELDS: dict[str, dict[str, tuple[Convert, bool]]] = {
    "concepts": {
        "id": (slug, True),
        "title": (text, True),
        "section": (text, False),
        "summary": (text, True),
        "points": (texts, False),
        "quote": (quote, False),
        "terms": (slugs, False),
        "related": (slugs, False),
        "local": (list_of(local_example), False),
    },
    "prompts": {
        "id": (slug, True),
        "concept": (slug, False),
        "audience": (one_of(*model.AUDIENCES), False),
        "prompt": (text, True),
        "follow_ups": (texts, False),
        "minutes": (minutes, False),
    },
    "terms": {
        "id": (slug, True),
        "term": (text, True),
        "definition": (text, True),
        "aliases": (texts, False),
    },
}
