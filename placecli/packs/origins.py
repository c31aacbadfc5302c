"""Where each field of a record came from, base pack or overlay, with file and line
(`place validate --explain ID`). Above both `pack` and `overlay`: it reads the packs as
the loader does and asks the merge what it noted."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from placecli.errors import ContentError, Problems
from placecli.packs.locate import packs_beneath, read_packs
from placecli.packs.lookup import unknown
from placecli.packs.overlay import SINGULAR, Note
from placecli.packs.pack import build, merge_drafts, read_all
from placecli.packs.schema import Draft

if TYPE_CHECKING:
    from placecli.packs.locate import StrPath


class Field(NamedTuple):
    name: str
    source: str  # `place-based-leadership (base)`, `removed by our-borough (overlay)`
    where: str  # file:line


class Explained(NamedTuple):
    """Where one record came from, field by field; or the overlay that hid it."""

    kind: str
    ident: str
    where: str
    fields: tuple[Field, ...] = ()
    hidden: str | None = None  # `by our-borough (overlay) with its concept "x"`


def explain(paths: Sequence[StrPath], ident: str) -> list[Explained]:
    """Where each field of the records with this id came from: base or overlay, file:line."""
    problems = Problems()
    packs = read_packs(paths)
    drafts = read_all(packs, packs_beneath(packs), problems)
    merged = merge_drafts(drafts, problems)
    if build(drafts, merged, problems) is None:  # the whole pack is checked, as validate does
        raise ContentError(problems)
    owners: dict[str, str] = {}
    for draft in drafts:
        role = "overlay" if draft.overlays else "base"
        owners |= {file: f"{draft.manifest.get('id', '?')} ({role})" for file in draft.files}
    found = [
        explain_record(kind, record, merged.notes, owners)
        for kind, records in merged.records.items()
        for record in records
        if record.values.get("id") == ident
    ]
    for note in merged.notes:
        if note.ident == ident and note.field is None:
            why = f" {note.why}" if note.why else ""
            where = f"{note.file}:{note.line}"
            hidden = f"by {note.pack} (overlay){why}"
            found.append(Explained(note.kind, ident, where, hidden=hidden))
    if not found:
        known = {str(r.values.get("id")) for rs in merged.records.values() for r in rs}
        known |= {note.ident for note in merged.notes}
        raise unknown("id", ident, sorted(known), "place concepts")
    return found


def explain_record(
    kind: str, record: Draft, notes: list[Note], owners: dict[str, str]
) -> Explained:
    fields = []
    for name, line in record.lines.items():
        file, _ = record.where(name)
        fields.append(Field(name, owners.get(file, file), f"{file}:{line}"))
    ident = str(record.values.get("id"))
    for note in notes:
        if note.kind == kind and note.ident == ident and note.field:
            removed = f"removed by {note.pack} (overlay)"
            fields.append(Field(note.field, removed, f"{note.file}:{note.line}"))
    return Explained(kind, ident, f"{record.file}:{record.line}", tuple(fields))


def explained_lines(found: Sequence[Explained]) -> list[str]:
    """As text: a heading per record, then one aligned line per field."""
    lines: list[str] = []
    for item in found:
        what = f"{SINGULAR[item.kind]} {item.ident}"
        if item.hidden is not None:
            lines.append(f"{what}: hidden {item.hidden}, at {item.where}")
            continue
        lines.append(f"{what}, from {item.where}:")
        name_width = max(len(f.name) for f in item.fields)
        source_width = max(len(f.source) for f in item.fields)
        lines += [
            f"  {f.name.ljust(name_width)}  {f.source.ljust(source_width)}  {f.where}"
            for f in item.fields
        ]
    return lines


def explained_data(found: Sequence[Explained]) -> list[dict[str, Any]]:
    return [
        {
            "kind": SINGULAR[item.kind],
            "id": item.ident,
            "where": item.where,
            "hidden": item.hidden,
            "fields": [f._asdict() for f in item.fields],
        }
        for item in found
    ]
