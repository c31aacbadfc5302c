"""Overlay packs: a pack whose pack.yaml says `overlays: ID` is merged into that pack by id.

The rules (docs/content-format.md, "Overlays"), in JSON Merge Patch's terms (RFC 7396):

- a record with an id in use changes the fields it gives and adds those it did not have;
  a field set to null is removed (a required field cannot be);
- `{id: X, hidden: true}` hides X; a hidden concept takes its questions and prompts with
  it and leaves the `related` lists of the others, a hidden term leaves the `terms` lists;
- a record with a new id is a new record, checked as in any pack;
- the pack's lists of records merge by id, never by position; any other value is
  replaced whole, lists of plain values (points, options) included; mappings (a
  question's feedback) merge key by key, as `merge_patch` does.

Each changed field remembers the overlay file and record it came from (`Draft.layered`),
so that problems name that file and `place validate --explain ID` can say where each
field came from.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from placecli.packs import qfields, qtypes
from placecli.packs.schema import BAD, RECORD_FIELDS, Draft, FileCheck, describe, line_of, slug
from placecli.packs.yamlread import BOOL, NULL, Map, Text
from placecli.words import did_you_mean

if TYPE_CHECKING:
    from placecli.errors import Problems
    from placecli.packs.schema import Convert

BUILTIN = "builtin"  # `overlays: builtin` names the pack shipped with place
SINGULAR = {"concepts": "concept", "questions": "question", "prompts": "prompt", "terms": "term"}


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7396, section 2: `patch` applied to `target`, neither changed.

    A mapping patch changes the target's keys one by one (None removes a key, a mapping
    merges again); anything else, a list included, replaces the target whole. Mappings
    keep their own type (a parsed `Map` keeps its line).
    """
    if not isinstance(patch, Mapping):
        return patch
    result = copy.copy(target) if isinstance(target, dict) else empty_like(patch)
    for name, value in patch.items():
        if value is None:
            result.pop(name, None)
        else:
            result[name] = merge_patch(result.get(name), value)
    return result


def empty_like(mapping: Mapping[Any, Any]) -> Any:
    if isinstance(mapping, dict):
        empty = copy.copy(mapping)
        empty.clear()
        return empty
    return {}


def plain(node: Any) -> Any:
    """A parsed value with YAML's nulls as None, as merge_patch reads them."""
    if is_null(node):
        return None
    if isinstance(node, Map):
        result = copy.copy(node)
        for key, value in node.items():
            result[key] = plain(value)
        return result
    return node


def is_null(node: Any) -> bool:
    return node is None or (isinstance(node, Text) and node.tag == NULL)


@dataclass
class Layer:
    """One record of an overlay file, as parsed: checked when it is applied, against the
    record it changes (a question's fields depend on its type, which may be the base's)."""

    node: Any
    file: str
    path: str


class Note(NamedTuple):
    """Something an overlay took away, for `validate --explain`: a field (removed) or,
    with `field` None, the whole record (hidden)."""

    kind: str
    ident: str
    field: str | None
    file: str
    line: int
    pack: str
    why: str = ""


@dataclass
class Overlay:
    """Applies one overlay pack's records to the records joined so far."""

    records: dict[str, list[Draft]]
    pack: str  # the overlay's id
    problems: Problems
    notes: list[Note]

    def apply(self, layers: dict[str, list[Layer]]) -> None:
        hidden: dict[str, dict[str, Note]] = {kind: {} for kind in self.records}
        for kind, items in layers.items():
            found = {d.values.get("id"): d for d in self.records[kind]}
            seen: dict[str, Layer] = {}
            for layer in items:
                self.apply_one(kind, layer, found, seen, hidden[kind])
        self.hide(hidden)

    def apply_one(
        self,
        kind: str,
        layer: Layer,
        found: dict[Any, Draft],
        seen: dict[str, Layer],
        hidden: dict[str, Note],
    ) -> None:
        check = FileCheck(layer.file, self.problems)
        node = layer.node
        if not isinstance(layer.node, Map):
            check.problem(
                line_of(node), layer.path, f"expected a mapping of fields, got {describe(node)}"
            )
            return
        if "id" not in node:
            check.problem(node.line, layer.path, 'missing required field "id"')
            return
        ident = slug(check, node["id"], f"{layer.path}.id")
        if not isinstance(ident, str):
            return
        if ident in seen:
            first = seen[ident]
            check.problem(
                line_of(node["id"]),
                f"{layer.path}.id",
                f'{SINGULAR[kind]} "{ident}" is given twice in this overlay '
                f"(first at {first.file}:{line_of(first.node)})",
            )
            return
        seen[ident] = layer
        base = found.get(ident)
        if "hidden" in node:
            self.hide_one(kind, ident, layer, check, base, found, hidden)
        elif base is None:
            self.add(kind, ident, layer, check, found)
        else:
            self.change(kind, base, layer, check)

    def hide_one(
        self,
        kind: str,
        ident: str,
        layer: Layer,
        check: FileCheck,
        base: Draft | None,
        found: dict[Any, Draft],
        hidden: dict[str, Note],
    ) -> None:
        node = layer.node
        flag = node["hidden"]
        if not (isinstance(flag, Text) and flag.tag == BOOL and flag.value is True):
            check.problem(
                line_of(flag),
                f"{layer.path}.hidden",
                f"expected true, got {describe(flag)} (leave hidden out to keep the record)",
            )
            return
        others = [key for key in node if key not in ("id", "hidden")]
        if others:
            check.problem(
                others[0].line,
                f"{layer.path}.{others[0]}",
                "a hidden record takes only id and hidden: remove this field",
            )
            return
        if base is None:
            check.problem(
                line_of(node["id"]),
                f"{layer.path}.id",
                f'no {SINGULAR[kind]} "{ident}" to hide'
                + did_you_mean(ident, [str(i) for i in found]),
            )
            return
        hidden[ident] = Note(kind, ident, None, layer.file, node.line, self.pack)

    def add(
        self, kind: str, ident: str, layer: Layer, check: FileCheck, found: dict[Any, Draft]
    ) -> None:
        """A new record, if it is whole; an id that matches nothing, if it is not."""
        node = layer.node
        fields = fields_of(kind, node.get("type"))
        missing = [name for name, (_, required) in fields.items() if required and name not in node]
        if missing:
            check.problem(
                line_of(node["id"]),
                f"{layer.path}.id",
                f'no {SINGULAR[kind]} "{ident}" to change'
                + did_you_mean(ident, [str(i) for i in found])
                + f" (a new {SINGULAR[kind]} needs {', '.join(missing)})",
            )
            return
        draft = check.record(node, layer.path, fields)
        if draft is not None:
            self.records[kind].append(draft)
            found[ident] = draft

    def change(self, kind: str, base: Draft, layer: Layer, check: FileCheck) -> None:
        """Merge the overlay's fields into the base record, as merge_patch would."""
        node = layer.node
        fields = fields_of(kind, node.get("type", base.values.get("type")))
        patch: dict[str, Any] = {}
        lines: dict[str, int] = {}
        for key, value in node.items():
            where = f"{layer.path}.{key}"
            if key == "id":
                continue
            if key not in fields:
                check.problem(key.line, where, "unknown field" + did_you_mean(key, fields))
                continue
            lines[str(key)] = key.line
            if is_null(value):
                if self.remove(kind, base, str(key), fields[key], layer, check):
                    patch[str(key)] = None
                continue
            converted = fields[key][0](check, value, where)
            if converted is not BAD:
                patch[str(key)] = plain(converted)
        base.values = merge_patch(base.values, patch)
        base.changed_at = (layer.file, node.line)
        for name, value in patch.items():  # a changed field keeps its place in the record
            if value is None:
                base.layered.pop(name, None)
                base.lines.pop(name, None)
            else:
                base.layered[name] = (layer.file, layer.path)
                base.lines[name] = lines[name]
        self.check_whole(kind, base, fields, layer, check)

    def remove(
        self,
        kind: str,
        base: Draft,
        name: str,
        field: tuple[Convert, bool],
        layer: Layer,
        check: FileCheck,
    ) -> bool:
        """Note a field set to null, or refuse it if the record needs that field."""
        key = next(k for k in layer.node if k == name)
        if field[1]:
            check.problem(
                key.line,
                f"{layer.path}.{name}",
                f"a {SINGULAR[kind]} needs its {name}: it cannot be removed, only changed",
            )
            return False
        ident = str(base.values.get("id"))
        self.notes.append(Note(kind, ident, name, layer.file, key.line, self.pack))
        return True

    def check_whole(
        self,
        kind: str,
        merged: Draft,
        fields: dict[str, tuple[Convert, bool]],
        layer: Layer,
        check: FileCheck,
    ) -> None:
        """After the merge: every required field there, none the record's type lacks."""
        node = layer.node
        for name, (_, required) in fields.items():
            if required and name not in merged.values:
                check.problem(node.line, layer.path, f'missing required field "{name}"')
        if kind != "questions":
            return
        kind_name = merged.values.get("type")
        qtype = qtypes.TYPES.get(kind_name) if isinstance(kind_name, str) else None
        if qtype is None:
            return
        own = qfields.common_fields() | qtype.fields()
        for name in [n for n in merged.values if n not in own]:
            file, _ = merged.where(name)
            check.problem(
                line_of(node.get("type")) or node.line,
                f"{layer.path}.type",
                f'a {qtype.name} question has no field "{name}" (from {file}:'
                f"{merged.lines.get(name, merged.line)}): set {name}: null here",
            )

    def hide(self, hidden: dict[str, dict[str, Note]]) -> None:
        """Take out the hidden records, and what hangs on a hidden concept or term."""
        gone_concepts = set(hidden.get("concepts", {}))
        gone_terms = set(hidden.get("terms", {}))
        for kind in ("questions", "prompts"):
            for draft in self.records[kind]:
                concept = draft.values.get("concept")
                ident = str(draft.values.get("id"))
                if concept in gone_concepts and ident not in hidden[kind]:
                    why = f'with its concept "{concept}"'
                    hidden[kind][ident] = hidden["concepts"][concept]._replace(
                        kind=kind, ident=ident, why=why
                    )
        for kind, notes in hidden.items():
            self.records[kind] = [d for d in self.records[kind] if d.values.get("id") not in notes]
            self.notes.extend(notes.values())
        for draft in self.records["concepts"]:
            for name, gone in (("related", gone_concepts), ("terms", gone_terms)):
                named = draft.values.get(name)
                if isinstance(named, tuple) and gone.intersection(named):
                    draft.values[name] = tuple(i for i in named if i not in gone)


def fields_of(kind: str, question_type: Any) -> dict[str, tuple[Convert, bool]]:
    """The fields a record of this kind may have; a question's, those of its type."""
    if kind == "questions":
        return qfields.fields_for({"type": question_type} if question_type is not None else {})
    return RECORD_FIELDS[kind]
