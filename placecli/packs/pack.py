"""Finding, reading and validating content packs (content-format.md, version 1) into the model.

Every problem is collected with its file, line and path; `load_packs` raises one
ContentError holding all of them, or returns a Pack the rest of the program can trust.
The files are read by `locate.read_packs` (bounded, each pack once); `load_sources`
parses exactly the bytes it was given, so the cache can key an entry on those bytes.
Checking is linear in the size of the packs: ids are looked up in sets, and did-you-mean
hints, which compare a word with every candidate, stop when their budget is spent.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from placecli.errors import ContentError, Problem, Problems
from placecli.packs import model, qfields, qtypes
from placecli.packs.locate import PackSource, Source, builtin_pack, read_packs, shown
from placecli.packs.overlay import BUILTIN, SINGULAR, Layer, Note, Overlay
from placecli.packs.schema import (
    BAD,
    LIST_KEYS,
    MANIFEST_FIELDS,
    RECORD_FIELDS,
    Draft,
    FileCheck,
    RecordCheck,
    describe,
    line_of,
)
from placecli.packs.yamlread import NULL, Map, Seq, Text, YamlProblem
from placecli.packs.yamlread import read_yaml as parse_yaml
from placecli.safetext import clip, quoted
from placecli.words import did_you_mean, plural

if TYPE_CHECKING:
    from placecli.packs.locate import StrPath


@dataclass
class PackDraft:
    """One pack folder read and checked file by file."""

    folder: Path
    manifest: dict[str, Any] = field(default_factory=dict)
    manifest_lines: dict[str, int] = field(default_factory=dict)
    had_problems: bool = False
    records: dict[str, list[Draft]] = field(default_factory=lambda: {k: [] for k in LIST_KEYS})
    # An overlay's records, as parsed: checked when applied (overlay.py).
    layers: dict[str, list[Layer]] = field(default_factory=lambda: {k: [] for k in LIST_KEYS})
    files: list[str] = field(default_factory=list)  # as shown in messages
    implied: bool = False  # the built-in pack, read because an overlay names it

    @property
    def overlays(self) -> str | None:
        """The pack this one overlays, if it is an overlay."""
        target = self.manifest.get("overlays")
        return target if isinstance(target, str) else None

    @property
    def holds_something(self) -> bool:
        return any(self.records.values()) or any(self.layers.values())


def read_file(source: Source, problems: Problems) -> Any:
    """A file's YAML data, or BAD with the reason recorded."""
    name = shown(source.path)
    if source.data is None:
        problems.append(Problem(name, None, "", source.refused or "cannot be read"))
        problems.unreadable.append(name)
        return BAD
    try:
        data, found = parse_yaml(source.data)
    except YamlProblem as error:
        problems.append(Problem(name, error.line, "", error.message, error.detail))
        problems.unreadable.append(name)
        return BAD
    problems.extend(Problem(name, line, "", message) for line, message in found)
    return data


def read_pack(pack: PackSource, problems: Problems) -> PackDraft:
    """Check every file of one pack folder, as read."""
    draft = PackDraft(Path(pack.folder))
    before = len(problems)
    manifest, *files = pack.files
    data = read_file(manifest, problems)
    check = FileCheck(shown(manifest.path), problems)
    if data is None:
        check.problem(1, "", "is empty: it needs format, id and title")
    elif data is not BAD and (record := check.record(data, "", MANIFEST_FIELDS)):
        draft.manifest, draft.manifest_lines = record.values, record.lines
    draft.files.append(shown(manifest.path))
    for file in files:
        draft.files.append(shown(file.path))
        read_lists(file, draft, problems)
    draft.had_problems = len(problems) > before
    return draft


def read_lists(file: Source, draft: PackDraft, problems: Problems) -> None:
    """Check one content file: a mapping of the four list keys, each a list of records."""
    data = read_file(file, problems)
    if data is BAD:
        return
    check = FileCheck(shown(file.path), problems)
    if data is None or (isinstance(data, Text) and data.tag == NULL):
        check.problem(1, "", "is empty: it should hold concepts, questions, prompts or terms")
        return
    if not isinstance(data, Map):
        check.problem(
            line_of(data), "", f"expected a mapping of {', '.join(LIST_KEYS)}; got {describe(data)}"
        )
        return
    for key, items in data.items():
        if key not in LIST_KEYS:
            check.problem(key.line, clip(key), "unknown key" + problems.hint(key, LIST_KEYS))
            continue
        if not isinstance(items, Seq):
            check.problem(line_of(items), key, f"expected a list, got {describe(items)}")
            continue
        for index, item in enumerate(items):
            if draft.overlays is not None:
                draft.layers[key].append(Layer(item, check.file, f"{key}[{index}]"))
                continue
            fields = qfields.fields_for(item) if key == "questions" else RECORD_FIELDS[key]
            record = check.record(item, f"{key}[{index}]", fields)
            if record is not None:
                draft.records[key].append(record)


def load_packs(paths: Sequence[StrPath]) -> model.Pack:
    """Read, check and join the packs at `paths`; raise ContentError listing every problem."""
    from placecli.packs.locate import packs_beneath

    packs = read_packs(paths)
    return load_sources(packs, packs_beneath(packs))


def load_sources(packs: Sequence[PackSource], beneath: Sequence[PackSource] = ()) -> model.Pack:
    """Check and join packs already read; raise ContentError listing every problem.

    `beneath` is the built-in pack, read in case an overlay names it (`overlays: builtin`)
    without the built-in pack being among `packs`."""
    problems = Problems()
    drafts = read_all(packs, beneath, problems)
    pack = join(drafts, problems)
    if problems or pack is None:
        raise ContentError(problems)
    return pack


def read_all(
    packs: Sequence[PackSource], beneath: Sequence[PackSource], problems: Problems
) -> list[PackDraft]:
    """Every pack read, and the built-in pack beneath them when an overlay names it
    (`overlays: builtin`) and none of them is the built-in pack already."""
    drafts = [read_pack(pack, problems) for pack in packs]
    builtin = os.path.realpath(builtin_pack())
    wanted = any(d.overlays == BUILTIN for d in drafts)
    if wanted and not any(os.path.realpath(d.folder) == builtin for d in drafts):
        for pack in beneath or read_packs([builtin_pack()]):
            drafts.insert(0, read_pack(pack, problems))
            drafts[0].implied = True
    return drafts


@dataclass
class Merged:
    """The packs' records with every overlay applied, and what the overlays took away."""

    records: dict[str, list[Draft]]
    notes: list[Note]
    manifest: dict[str, Any]


def merge_drafts(drafts: Sequence[PackDraft], problems: Problems) -> Merged:
    """Join the packs that overlay nothing, then apply each overlay, in the order given."""
    bases = [d for d in drafts if d.overlays is None]
    records = {key: [r for d in bases for r in d.records[key]] for key in LIST_KEYS}
    manifests = [d.manifest for d in bases]
    manifest: dict[str, Any] = {
        "id": "+".join(m["id"] for m in manifests if "id" in m),
        "title": " + ".join(m["title"] for m in manifests if "title" in m),
        "description": next((m["description"] for m in manifests if "description" in m), None),
        "source": next((m["source"] for m in manifests if "source" in m), None),
    }
    notes: list[Note] = []
    in_use = {m["id"] for m in manifests if "id" in m}
    builtin = os.path.realpath(builtin_pack())
    if any(os.path.realpath(d.folder) == builtin for d in bases):
        in_use.add(BUILTIN)
    for draft in drafts:
        if draft.overlays is None:
            continue
        if not overlay_target_ok(draft, in_use, problems):
            continue
        Overlay(records, draft.manifest.get("id", ""), problems, notes).apply(draft.layers)
        manifest |= {k: v for k, v in draft.manifest.items() if k in manifest}
        in_use.add(draft.manifest.get("id", ""))
    return Merged(records, notes, manifest)


def overlay_target_ok(draft: PackDraft, in_use: set[str], problems: Problems) -> bool:
    target = draft.overlays
    if target in in_use:
        return True
    known = sorted(in_use)
    problems.append(
        Problem(
            shown(draft.folder / "pack.yaml"),
            draft.manifest_lines.get("overlays"),
            "overlays",
            f'no pack "{target}" in use'
            + (
                did_you_mean(str(target), known)
                or f"; the packs in use are: {', '.join(known) or 'none'}"
            )
            + ' ("builtin" names the built-in pack; add others with --content)',
        )
    )
    return False


def join(drafts: Sequence[PackDraft], problems: Problems) -> model.Pack | None:
    """Cross-check the packs as one (ids unique, references resolve) and build the model."""
    return build(drafts, merge_drafts(drafts, problems), problems)


def build(drafts: Sequence[PackDraft], merged: Merged, problems: Problems) -> model.Pack | None:
    """The model of the merged packs, or None after recording what is wrong with them."""
    for draft in drafts:
        if not draft.holds_something and not draft.had_problems:
            problems.append(Problem(shown(draft.folder), None, "", EMPTY_PACK))
    records = merged.records
    # a file that could not be read may hold the concepts: that is the problem to report
    if (
        records["concepts"] == []
        and all(d.holds_something for d in drafts)
        and not problems.unreadable
    ):
        problems.append(Problem(shown(drafts[0].folder), None, "", "the pack has no concepts"))
    ids = {key: unique_ids(records[key], key, problems) for key in LIST_KEYS}
    check_references(records, ids, problems)
    for question in records["questions"]:
        kind = question.values.get("type")
        if kind in qtypes.TYPES:
            qtypes.TYPES[kind].build(RecordCheck(question.file, problems, question), question)
    if problems:
        return None
    manifest = merged.manifest
    return model.Pack(
        id=manifest["id"],
        title=manifest["title"],
        description=manifest["description"],
        source=manifest["source"],
        concepts=tuple(model.Concept(**r.values, origin=r.origin) for r in records["concepts"]),
        questions=tuple(model.Question(**r.values, origin=r.origin) for r in records["questions"]),
        prompts=tuple(model.Prompt(**r.values, origin=r.origin) for r in records["prompts"]),
        terms=tuple(model.Term(**r.values, origin=r.origin) for r in records["terms"]),
    )


EMPTY_PACK = "the pack is empty: it has no concepts, questions, prompts or terms"


def unique_ids(records: list[Draft], key: str, problems: Problems) -> set[str]:
    first: dict[str, Draft] = {}
    for record in records:
        ident = record.values.get("id")
        if ident is None:
            continue
        if ident in first:
            earlier = first[ident]
            problems.append(
                Problem(
                    record.file,
                    record.lines["id"],
                    f"{record.path}.id",
                    f"duplicate {SINGULAR[key]} id {quoted(ident)} "
                    f"(first at {earlier.file}:{earlier.lines['id']})",
                )
            )
        else:
            first[ident] = record
    return set(first)


def check_references(
    records: dict[str, list[Draft]], ids: dict[str, set[str]], problems: Problems
) -> None:
    """Every concept, term and related id named must exist among the joined packs."""
    wanted = [
        ("questions", "concept", "concepts"),
        ("prompts", "concept", "concepts"),
        ("concepts", "terms", "terms"),
        ("concepts", "related", "concepts"),
    ]
    follow_on = 0  # unknown ids a file that could not be read may have defined
    for kind, field_name, target in wanted:
        for record in records[kind]:
            value = record.values.get(field_name)
            named = [value] if isinstance(value, str) else list(value or ())
            file, path = record.where(field_name)
            for index, ident in enumerate(named):
                if ident in ids[target]:
                    continue
                if problems.unreadable:
                    follow_on += 1
                    continue
                where = f"{path}.{field_name}"
                where += f"[{index}]" if not isinstance(value, str) else ""
                message = f"unknown {SINGULAR[target]} {quoted(ident)}"
                message += problems.hint(ident, ids[target])
                problems.append(Problem(file, record.lines[field_name], where, message))
    if follow_on:
        files = ", ".join(problems.unreadable)
        problems.append(
            Problem(
                problems.unreadable[0],
                None,
                "",
                f"and {plural(follow_on, 'unknown id')} in other records, which may follow "
                "from it: "
                f"{files} could not be read, so nothing in it is known yet; fix that first",
            ),
            after=True,
        )
