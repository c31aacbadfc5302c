"""Running: `place run`, a workshop plan step by step full-screen, printed as a deck or a
run-sheet, or the packs' plans listed."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from placecli.errors import UsageError

if TYPE_CHECKING:
    from rich.console import RenderableType

    from placecli.commands.presenter import Format
    from placecli.commands.room import Settings as RoomSettings
    from placecli.packs.model import Pack
    from placecli.terminal.context import Terminal
    from placecli.workshop.plan import Plan, Step

PlanExport = Literal["markdown", "html"]


class RunRequest(NamedTuple):
    content: tuple[str, ...] = ()
    plan: str | None = None
    export: PlanExport | None = None
    end_time: str | None = None
    notes: str | None = None
    format: Format = "rich"
    room: RoomSettings | None = None  # --room: the quiz and reflection steps go to phones


class PlanList(NamedTuple):
    """The packs' plans: (name, title, steps, minutes) each."""

    plans: Sequence[tuple[str, str, int, int]]

    def rich(self) -> RenderableType:
        from placecli.views.plans import plan_listing

        return plan_listing(self.plans)

    def json(self) -> Any:
        keys = ("name", "title", "steps", "minutes")
        return [dict(zip(keys, row, strict=True)) for row in self.plans]


def run(request: RunRequest, terminal: Terminal) -> PlanList | None:
    """List the packs' plans, show one step by step, or export it."""
    from placecli.commands.packs import load_paths, packs_in_use
    from placecli.packs.locate import plan_sources
    from placecli.workshop import plan as plans

    paths = packs_in_use(request.content, terminal)
    pack = load_paths(paths, terminal)
    if request.plan is None:
        sources = plan_sources(paths)  # each read once: the names are those checked
        found = plans.check_plans(paths, pack, sources)
        names = [plans.plan_name(s.path) for s in sources]
        return PlanList(
            [(n, p.title, len(p.steps), p.minutes) for n, p in zip(names, found, strict=True)]
        )
    if request.room is not None:
        from placecli.commands.roomplan import PlanRequest, plan

        plan(PlanRequest(request.content, request.plan, request.room), terminal)
        return None
    end = clock_time(request.end_time) if request.end_time is not None else None
    chosen = plans.load_plan(plans.find_plan(request.plan, paths), pack)
    if request.export is not None:
        terminal.write(exported(chosen, pack, request.export, end))
        return None
    if not terminal.full_screen:
        raise UsageError(
            "place run shows a plan on a terminal that can draw full screens (not a file, a "
            "pipe or TERM=dumb); to print it, add --export markdown or html"
        )
    run_session(terminal, chosen, pack, end, request.notes)
    return None


def exported(chosen: Plan, pack: Pack, export: PlanExport, end: str | None) -> str:
    """The plan as a slide deck (markdown) or a printable run-sheet (html)."""
    from placecli.exporters import plan as sheets
    from placecli.safetext import neutral  # a text export is read in a terminal too

    if export == "markdown":
        return neutral(sheets.markdown_deck(chosen, pack))
    start = None
    if end is not None:
        start = sheets.day_time(sheets.minutes_of_day(end) - chosen.minutes)
    return neutral(sheets.html_sheet(chosen, pack, start))


def clock_time(text: str) -> str:
    """--end-time: `HH:MM` (24-hour), checked."""
    import re

    found = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", text.strip())
    if not found:
        raise UsageError(f'--end-time takes a time like 16:30, not "{text}"')
    return f"{int(found[1]):02d}:{found[2]}"


def run_session(
    terminal: Terminal, chosen: Plan, pack: Pack, end: str | None, notes: str | None
) -> None:
    from placecli.commands.fullscreen import run_plan
    from placecli.commands.quizzing import plan_quiz
    from placecli.screens.plan import RunDevices
    from placecli.workshop.run import Run

    seconds_to_end = until(terminal, end) if end is not None else None
    if seconds_to_end is not None and seconds_to_end() < 60 * len(chosen.steps):
        raise UsageError(
            f"--end-time {end} leaves less than a minute for each of the {len(chosen.steps)} steps"
        )
    session = Run(chosen, terminal.monotonic())
    if seconds_to_end is not None:
        session.fit(session.started, seconds_to_end())
        terminal.talk().print(f"To finish at {end}: {session.message}.", style="place.warn")
    devices = RunDevices(
        terminal.monotonic,
        seconds_to_end,
        notes_writer(notes) if notes else lambda step, index, total: None,
        lambda show: plan_quiz(terminal, show, pack),
        notes,
    )
    run_plan(terminal, session, pack, devices)


def until(terminal: Terminal, end: str) -> Callable[[], float]:
    """Seconds from now to `end` (HH:MM) today, by the terminal's clock."""
    hours, minutes = map(int, end.split(":"))

    def seconds_to_end() -> float:
        now = terminal.now().astimezone().replace(tzinfo=None)
        return (now.replace(hour=hours, minute=minutes, second=0) - now).total_seconds()

    return seconds_to_end


def notes_writer(path: str) -> Callable[[Step, int, int], str | None]:
    """--notes FILE: the current step's notes, the file rewritten at each step (tail -F).

    A write that fails never ends the session: the writer returns a warning for the run
    screen's footer (None once a write succeeds again). The file is opened without
    blocking, so a FIFO with no reader, or a full one, is such a failure, not a hang."""
    file = os.path.expanduser(path)

    def write(step: Step, index: int, total: int) -> str | None:
        from placecli.safetext import neutral  # read with tail: nothing in it may drive a terminal

        heading = f"Step {index + 1} of {total}: {step.title} ({step.minutes} min)"
        text = neutral(f"{heading}\n\n{step.notes or 'No notes for this step.'}\n\n")
        try:
            write_without_blocking(file, text.encode("utf-8"))
        except OSError as error:
            return f"notes not written to {neutral(path)}: {error.strerror or error}"
        return None

    write_check = os.path.dirname(file) or os.curdir
    if not os.access(write_check, os.W_OK) or os.path.isdir(file):
        raise UsageError(f"cannot write the notes to {path}")
    return write


def write_without_blocking(file: str, data: bytes) -> None:
    """`data` as the whole of `file`, opened without waiting (a FIFO nobody reads fails
    at once with ENXIO; a full one with EAGAIN); a short write is finished or fails."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NONBLOCK", 0)
    handle = os.open(file, flags, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(handle, view) :]
    finally:
        os.close(handle)
