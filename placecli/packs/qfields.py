"""The fields a question may have in a pack file: those every question has, and those of
its type (`qtypes`), which say how they are checked. Used while reading a pack only."""

from __future__ import annotations

import functools
from typing import Any

from placecli.packs import qtypes, schema
from placecli.packs.schema import Convert, FileCheck

Fields = dict[str, tuple[Convert, bool]]  # name -> (its check, whether it is required)


def common_fields() -> Fields:
    """The fields every question has, whatever its type."""
    return {
        "id": (schema.slug, True),
        "concept": (schema.slug, True),
        "type": (schema.one_of(*qtypes.TYPES), True),
        "question": (schema.text, True),
        "explanation": (schema.text, True),
    }


def fields_for(node: Any) -> Fields:
    """The fields a question in a pack file may have: those of its type, or, while its
    type is missing or unknown, those of any type (the type itself is reported)."""
    kind = node.get("type") if isinstance(node, dict) else None
    return fields_of(str(kind).strip() if kind is not None else None)


def fields_of(kind: str | None) -> Fields:
    """fields_for a type's name: made once for each type and each set of registered
    types (a large pack asks for them thousands of times)."""
    return fields_among(kind, tuple(qtypes.TYPES.values()))


@functools.cache
def fields_among(kind: str | None, known: tuple[qtypes.QType, ...]) -> Fields:
    qtype = next((each for each in known if each.name == kind), None)
    every: Fields = {}
    for each in known:
        every |= {name: (convert, False) for name, (convert, _) in each.fields().items()}
    if qtype is None:
        return common_fields() | every
    own = qtype.fields()
    others = {name: (not_a_field_of(qtype), False) for name in every if name not in own}
    return common_fields() | others | own


def not_a_field_of(qtype: qtypes.QType) -> Convert:
    """For a field that other types have: say which fields this type has instead."""

    def refuse(check: FileCheck, node: Any, path: str) -> Any:
        own = ", ".join(qtype.fields())
        return check.problem(
            schema.line_of(node), path, f"a {qtype.name} question has no such field (it has {own})"
        )

    return refuse
