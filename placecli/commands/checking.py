"""Checking: `place validate` (a pack, or a plan) and `place init` (a pack to start from)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from placecli.commands.packs import cached_packs, load, packs_in_use
from placecli.errors import UsageError

if TYPE_CHECKING:
    from placecli.commands.presenter import Format
    from placecli.packs.cache import Cached, Report
    from placecli.packs.lint import Warning_
    from placecli.packs.locate import Source, StrPath
    from placecli.packs.model import Pack
    from placecli.packs.origins import Explained
    from placecli.terminal.context import Terminal


class ValidateRequest(NamedTuple):
    content: tuple[str, ...] = ()
    path: str | None = None
    strict: bool = False
    format: Format = "rich"
    no_pager: bool = False
    explain: str | None = None


class Validated(NamedTuple):
    """A valid pack: its counts, its plans, and its item-writing warnings."""

    packs: list[str]  # as shown: each once
    counts: dict[str, int]
    plans: list[str]
    warnings: list[Warning_]
    strict: bool

    @property
    def status(self) -> int:
        """With `strict`, warnings fail (exit 1) too."""
        from placecli.errors import EXIT_CONTENT

        return EXIT_CONTENT if self.strict and self.warnings else 0

    def rich(self) -> str:
        """One line: `✓ PACK: valid, COUNTS, PLANS; WARNINGS` (plain: no Rich for it)."""
        from placecli.packs.model import counts_line
        from placecli.safetext import neutral
        from placecli.words import plural

        planned = f", {plural(len(self.plans), 'plan')}" if self.plans else ""
        warned = f"; {plural(len(self.warnings), 'warning')}" if self.warnings else ""
        names = neutral(", ".join(self.packs))
        return f"✓ {names}: valid, {counts_line(self.counts)}{planned}{warned}\n"

    def notes(self) -> list[tuple[str, str]]:
        """Each warning, with its fix, and its style (they may quote pack text: made
        visible, never obeyed)."""
        if not self.warnings:
            return []
        from placecli.packs.locate import shown_origin
        from placecli.safetext import neutral

        lines = []
        for w in self.warnings:
            where = shown_origin(w.origin)
            lines.append((neutral(f"{where}: warning [{w.rule}]: {w.message}"), "place.warn"))
            lines.append((neutral(f"  fix: {w.fix}"), "place.muted"))
        return lines

    def json(self) -> Any:
        from placecli.packs.locate import shown_origin

        warnings = [
            {"where": shown_origin(w.origin), "rule": w.rule, "message": w.message, "fix": w.fix}
            for w in self.warnings
        ]
        packs, counts, plans = self.packs, self.counts, self.plans
        return {
            "valid": True,
            "packs": packs,
            "counts": counts,
            "plans": plans,
            "warnings": warnings,
        }


class Explanation(NamedTuple):
    """`--explain ID`: where each field of the record came from."""

    explained: Sequence[Explained]

    def rich(self) -> str:
        from placecli.packs.origins import explained_lines

        return "\n".join(explained_lines(self.explained)) + "\n"

    def json(self) -> Any:
        from placecli.packs.origins import explained_data

        return explained_data(self.explained)


class PlanChecked(NamedTuple):
    """`place validate PLAN.yaml`: a valid plan."""

    path: str  # as shown
    steps: int
    minutes: int

    def rich(self) -> str:
        from placecli.words import plural

        steps = plural(self.steps, "step")
        return f"✓ {self.path}: valid plan, {steps}, {self.minutes} min\n"

    def json(self) -> Any:
        return {"valid": True, "plan": self.path, "steps": self.steps, "minutes": self.minutes}


def validate(request: ValidateRequest, terminal: Terminal) -> Validated | Explanation | PlanChecked:
    """Errors stop here (ContentError); item-writing warnings come back with the counts."""
    from placecli.collector import paused
    from placecli.packs.lint import Warning_
    from placecli.packs.locate import shown

    path = request.path
    if path is not None and is_plan_file(path):
        if pack_folder_of(path) is not None:
            raise pack_file_error(path)
        return validate_plan(request.content, path, terminal)
    paths = [path] if path else packs_in_use(request.content, terminal)
    if request.explain is not None:
        from placecli.packs import origins

        return Explanation(origins.explain(paths, request.explain))
    with paused():  # as load_paths reads a pack, and for the same reason
        packs = cached_packs(paths, terminal)  # each pack file read once, for report and plans
        report = validation_report(packs)
        plans = checked_plans(paths, packs)
    found = [Warning_(**w) for w in report.warnings]
    names = list(dict.fromkeys(shown(p) for p in paths))  # a pack named twice: once
    return Validated(names, report.counts, plans, found, request.strict)


def validation_report(packs: Cached) -> Report:
    """The counts and warnings of the packs, or a ContentError: from the cache when this
    same `place` checked these same bytes before."""
    from placecli.packs.cache import Report
    from placecli.packs.lint import warnings

    def check(pack: Pack) -> Report:
        return Report(pack.counts(), [w._asdict() for w in warnings(pack)])

    return packs.report(check)


def is_plan_file(path: StrPath) -> bool:
    """A YAML file other than a pack's pack.yaml is checked as a plan."""
    name = os.path.basename(os.fspath(path))
    return os.path.isfile(path) and name.endswith((".yaml", ".yml")) and name != "pack.yaml"


def pack_folder_of(path: StrPath) -> str | None:
    """The pack folder a YAML file belongs to (pack.yaml beside it), or None: a file of a
    pack is read with the pack, never on its own (a plan lives in the pack's plans/)."""
    folder = os.path.dirname(os.fspath(path)) or os.curdir
    return folder if os.path.isfile(os.path.join(folder, "pack.yaml")) else None


def pack_file_error(path: StrPath) -> UsageError:
    """`place validate my-pack/questions.yaml`: which folder to check instead."""
    import shlex

    from placecli.safetext import neutral

    folder = pack_folder_of(path) or os.curdir
    return UsageError(
        neutral(
            f"{os.fspath(path)} is a file of the pack in {folder}, not a plan: a pack is "
            f"checked whole, with place validate {shlex.quote(folder)}"
        )
    )


def checked_plans(paths: Sequence[StrPath], packs: Cached) -> list[str]:
    """The names of the packs' plans, each checked. Plans checked before, with the same
    packs and the same plan files, are not checked again (a mark in the cache folder), so
    a warm `place validate` still imports no YAML. Each plan file is read once, within a
    pack file's bounds, for both the mark and the check."""
    from placecli.packs.locate import plan_sources

    sources = plan_sources(paths)
    if not sources:
        return []
    names = [os.path.splitext(os.path.basename(s.path))[0] for s in sources]
    mark = plans_mark(packs, sources)
    if mark is not None and os.path.exists(mark):
        return names
    from placecli.workshop.plan import check_plans

    check_plans(paths, packs.pack(), sources)
    if mark is not None:
        with contextlib.suppress(OSError), open(mark, "wb"):
            pass
    return names


def plans_mark(packs: Cached, sources: Sequence[Source]) -> str | None:
    """The cache file that says these plans were checked against these packs: a hash of
    the packs' key and the plans' bytes as read (none for a plan that could not be read,
    whose check fails)."""
    import hashlib

    from placecli.private import is_private

    if packs.key is None or packs.folder is None:  # no cache, or a pack refused
        return None
    read = [(source.path, source.data) for source in sources if source.data is not None]
    if len(read) < len(sources):
        return None
    digest = hashlib.sha256(packs.key.encode())
    for path, data in read:
        digest.update(path.encode() + b"\0" + data + b"\0")
    if not is_private(packs.folder):  # a mark others could plant is no mark
        return None
    return os.path.join(packs.folder, f"plans-{digest.hexdigest()[:24]}.ok")


def validate_plan(content: Sequence[str], path: StrPath, terminal: Terminal) -> PlanChecked:
    """A plan checked against the packs in use."""
    from placecli.packs.locate import shown
    from placecli.workshop.plan import load_plan

    plan = load_plan(path, load(content, terminal))
    return PlanChecked(shown(path), len(plan.steps), plan.minutes)


class InitRequest(NamedTuple):
    folder: str
    overlay: bool = False


def init(request: InitRequest, terminal: Terminal) -> None:
    """Write a starter pack, or an overlay of the built-in pack, into the folder."""
    from placecli.packs.locate import shown
    from placecli.packs.starter import write_starter

    written = write_starter(request.folder, request.overlay)
    terminal.write("".join(f"wrote {shown(path)}\n" for path in written))
    where = shown(request.folder)
    terminal.talk().print(
        f"Next: edit the files, then check them with `place validate {where} --strict`, "
        f"and use them with `place --content {where} summary`.",
        soft_wrap=True,
    )
