"""The model as JSON and back, strictly: what the pack cache stores (`encode`), how it is
read back with every value of exactly the type the model declares (`decode_pack`), and
the invariants the loader guarantees, checked again on what came from disk
(`model_is_sound`). Pure: no files; `cache.py` decides what to trust.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType
from typing import Any

from placecli.packs import model

SLUG_LINES = re.compile(rf"{model.SLUG.pattern}(?:\n{model.SLUG.pattern})*")


def encode(value: Any) -> Any:
    """The model as JSON data: records to objects, tuples to lists, dates to ISO text.

    Text, most of a pack, is left as it is, and so is a tuple of texts (json writes a
    tuple as a list): only records, dates and mappings are made anew. Walking every
    value cost the 5,000-question benchmark pack 0.1 s."""
    fields = getattr(type(value), "_fields", None)  # a NamedTuple record of the model
    if fields is not None:
        row = dict(zip(fields, value, strict=True))
        for name, field in row.items():
            if type(field) is not str and field is not None:
                row[name] = encode(field)
        return row
    if isinstance(value, (tuple, list)):
        if all(type(v) is str for v in value):
            return value
        return [encode(v) for v in value]
    if isinstance(value, Mapping):
        return {k: encode(v) for k, v in value.items()}
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


# Strict decoding: every value must have exactly the type the model declares.


def text(value: Any) -> str:
    if type(value) is not str:
        raise TypeError("expected text")
    return value


def maybe(decode: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda value: None if value is None else decode(value)


def texts(value: Any) -> tuple[str, ...]:
    if type(value) is not list:
        raise TypeError("expected a list of text")
    "".join(value)  # a TypeError unless every item is text (checked in C; json makes only str)
    return tuple(value)


def whole(value: Any) -> int:
    if type(value) is not int:
        raise TypeError("expected an int")
    return value


def day(value: Any) -> dt.date:
    return dt.date.fromisoformat(text(value))


def mapping(value: Any) -> Mapping[str, str]:
    if type(value) is not dict:
        raise TypeError("expected an object")
    "".join(value.values())  # keys are text in any object json.loads makes; values, checked
    return MappingProxyType(value)  # a fresh dict that nothing else holds


def record(cls: type[Any], decoders: dict[str, Callable[[Any], Any]]) -> Callable[[Any], Any]:
    """A decoder for one record type: exactly its fields, each of exactly its type.

    Plain text fields, most of a pack, are checked in one loop rather than by a call
    each: decoding a 5,000-question pack took 24 ms with a call per field, 11 ms so."""
    names = tuple(decoders)
    if names != cls._fields:
        raise ValueError(f"the decoder of {cls.__name__} must list its fields in order")
    fields = decoders.keys()
    plain = tuple(i for i, convert in enumerate(decoders.values()) if convert is text)
    other = tuple(
        (i, convert) for i, convert in enumerate(decoders.values()) if convert is not text
    )
    make = cls._make

    def decode(value: Any) -> Any:
        if type(value) is not dict or value.keys() != fields:
            raise TypeError(f"expected the fields of {cls.__name__}")
        row = [value[name] for name in names]
        for i in plain:
            if type(row[i]) is not str:
                raise TypeError("expected text")
        for i, convert in other:
            row[i] = convert(row[i])
        return make(row)

    return decode


def many(decode: Callable[[Any], Any]) -> Callable[[Any], tuple[Any, ...]]:
    def decode_list(value: Any) -> tuple[Any, ...]:
        if type(value) is not list:
            raise TypeError("expected a list")
        return tuple(decode(v) for v in value)

    return decode_list


decode_pack = record(
    model.Pack,
    {
        "id": text,
        "title": text,
        "description": maybe(text),
        "source": maybe(
            record(
                model.Source,
                {
                    "title": text,
                    "authors": many(record(model.Author, {"name": text, "role": maybe(text)})),
                    "publication": maybe(text),
                    "published": maybe(day),
                    "url": maybe(text),
                },
            )
        ),
        "concepts": many(
            record(
                model.Concept,
                {
                    "id": text,
                    "title": text,
                    "summary": text,
                    "section": maybe(text),
                    "points": texts,
                    "quote": maybe(text),
                    "terms": texts,
                    "related": texts,
                    "local": many(
                        record(
                            model.Local,
                            {"text": text, "source": maybe(text), "as_of": maybe(day)},
                        )
                    ),
                    "origin": text,
                },
            )
        ),
        "questions": many(
            record(
                model.Question,
                {
                    "id": text,
                    "concept": text,
                    "type": text,
                    "question": text,
                    "answer": texts,
                    "explanation": text,
                    "options": texts,
                    "feedback": mapping,
                    "left": texts,
                    "origin": text,
                },
            )
        ),
        "prompts": many(
            record(
                model.Prompt,
                {
                    "id": text,
                    "prompt": text,
                    "concept": maybe(text),
                    "audience": text,
                    "follow_ups": texts,
                    "minutes": maybe(whole),
                    "origin": text,
                },
            )
        ),
        "terms": many(
            record(
                model.Term,
                {
                    "id": text,
                    "term": text,
                    "definition": text,
                    "aliases": texts,
                    "origin": text,
                },
            )
        ),
    },
)


def model_is_sound(pack: model.Pack) -> bool:
    """The invariants the loader guarantees, checked again on what came from disk."""
    concepts, terms = {c.id for c in pack.concepts}, {t.id for t in pack.terms}
    return (
        bool(concepts)
        and all(
            ids_ok([i.id for i in items])
            for items in (pack.concepts, pack.questions, pack.prompts, pack.terms)
        )
        and all(set(c.terms) <= terms and set(c.related) <= concepts for c in pack.concepts)
        and questions_ok(pack.questions, concepts)
        and all(prompt_ok(p, concepts) for p in pack.prompts)
    )


def ids_ok(ids: list[str]) -> bool:
    """Unique slugs. (Joined by newlines, the ids are one match of a multi-line pattern.)"""
    return len(set(ids)) == len(ids) and (
        not ids or SLUG_LINES.fullmatch("\n".join(ids)) is not None
    )


def questions_ok(questions: Sequence[model.Question], concepts: set[str]) -> bool:
    from placecli.packs.qtypes import TYPES  # what each type guarantees lives with the type

    for q in questions:
        kind = TYPES.get(q.type)
        if kind is None or q.concept not in concepts or not kind.sound(q):
            return False
        if q.feedback and not set(q.feedback) <= set(q.options):
            return False
    return True


def prompt_ok(p: model.Prompt, concepts: set[str]) -> bool:
    return (
        p.audience in model.AUDIENCES
        and (p.concept is None or p.concept in concepts)
        and (p.minutes is None or p.minutes > 0)
    )
