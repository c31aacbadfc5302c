"""`place run`: a plan's steps full-screen, with the step's countdown, the session's
clock and the keys. The console, the keys, the clocks and what a quiz step runs are
passed in (`commands.py` chooses them); nothing here looks at the terminal itself.

Keys: → (or Page Down, a presentation clicker's "next") next step; ← (Page Up)
previous; ↓ / ↑ scroll a step too long for the screen; space pause; + / - a minute
more or less for this step; n the notes; Enter runs the step's quiz or starts its
discussion timer; q quits.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.panel import Panel
from rich.segment import Segment
from rich.text import Text as RichText

from placecli.errors import Interrupted
from placecli.packs.model import Pack
from placecli.terminal.keys import KeySource
from placecli.views import render
from placecli.views.render import Text  # pack text shown, never obeyed (safetext.neutral)
from placecli.views.text import concept_title, drift_text, quiz_words
from placecli.words import clock, plural
from placecli.workshop.plan import Show, Step, prompts_of
from placecli.workshop.run import Run

NEXT = {"right", "pagedown", "l"}
PREVIOUS = {"left", "pageup", "h"}
TICK = 0.25  # seconds between redraws when no key comes
SCROLL = 3  # lines a ↓ or ↑ moves the step's body
KEYS = "→ next  ← back  space pause  +/- minute  n notes  q quit"
SHORT_KEYS = "→ ← step  space pause  +/- min  n notes  q quit"


class RunDevices(NamedTuple):
    screen: Console
    keys: KeySource
    now: Callable[[], float]  # monotonic seconds
    seconds_to_end: Callable[[], float] | None  # --end-time: seconds from now to it
    on_step: Callable[[Step, int, int], None]  # --notes: the step shown changed
    run_quiz: Callable[[Show], None]  # a quiz step's Enter


@dataclass
class View:
    """What the screen shows besides the session: the notes, a discussion timer."""

    notes: bool = False
    discussion_started: float | None = None
    done: bool = False
    rung: int | None = None  # the step whose end the bell has rung for
    scroll: int = 0  # the first line of the step's body shown


# The screen.


def step_body(step: Step, pack: Pack, view: View, now: float) -> RenderableType:
    """What the step shows, under its title."""
    show = step.show
    parts: list[RenderableType] = []
    if show.kind == "summary":
        for c in show.concepts:
            parts += [
                Text(concept_title(pack, c), style="place.strong"),
                Text(pack.concept(c).summary),
                Text(),
            ]
    elif show.kind == "quiz":
        parts += [
            Text("Quiz: " + quiz_words(show), style="place.strong"),
            Text("Enter starts it.", style="place.mark"),
        ]
    elif show.kind == "reflect":
        parts += [render.prompt_body(p) for p in prompts_of(show, pack)]
        if show.timer:
            parts.append(discussion_line(show.timer * 60, view, now))
    elif show.kind == "break":
        parts += [Text("Break", style="place.accent"), Text(show.text or "")]
    else:
        parts.append(Text(show.text or ""))
    return Group(*parts)


def discussion_line(total: float, view: View, now: float) -> Text:
    if view.discussion_started is None:
        return Text(f"Enter starts the {clock(total)} discussion timer.", style="place.mark")
    left = total - (now - view.discussion_started)
    if left <= 0:
        return Text("Discussion: time is up.", style="place.warn")
    return Text(f"Discussion: {clock(left)} left", style="place.strong")


def run_screen(
    run: Run, pack: Pack, view: View, now: float, width: int, height: int
) -> RenderableType:
    """The whole screen: a header with the step and its countdown, the body, the notes
    when shown, and a footer with the session's clock and the keys."""
    step = run.step
    total = len(run.plan.steps)
    left = run.left(now)
    style = "place.bad" if left <= 0 else ("place.warn" if run.warning(now) else "place.good")
    head = Text(f"{run.index + 1}/{total} ", style="place.muted") + Text(
        step.title, style="place.strong"
    )
    status = Text(clock(left, signed=True), style=style)
    if run.paused_at is not None:
        status.append(" paused", style="place.warn")
    from rich.table import Table

    header = Table.grid(expand=True, padding=(0, 1))
    header.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
    header.add_column(no_wrap=True, justify="right")
    header.add_row(head, status)
    planned = run.schedule[run.index] + min(run.elapsed(now), run.length())
    footer = Text(
        f"planned {clock(planned)} · actual {clock(now - run.started)} · "
        + drift_text(run.behind(now)),
        style="place.muted",
        no_wrap=True,
        overflow="ellipsis",
    )
    if run.message:
        footer.append(f" · {run.message}", style="place.warn")
    keys = Text(KEYS if width >= len(KEYS) else SHORT_KEYS, style="place.muted", no_wrap=True)
    notes_height = 0
    parts: list[RenderableType] = []
    if view.notes:
        notes = Text(step.notes or "No notes for this step.", style="place.quote")
        notes_height = min(height // 3, 2 + len(notes.wrap(Console(width=width - 4), width - 4)))
        parts.append(Panel(notes, title="notes", border_style="place.warn", height=notes_height))
    body_height = max(3, height - 3 - notes_height)
    body = Panel(
        Scrolled(step_body(step, pack, view, now), view, body_height - 2),
        border_style="place.wrong"
        if left <= 0
        else ("place.warn" if run.warning(now) else "place.mark"),
        height=body_height,
        padding=(0, 1),
    )
    return Group(header, body, *parts, footer, keys)


class Scrolled:
    """A step's body from line `view.scroll` on, `height` lines at most; a last line
    says when there is more below (↓ scrolls)."""

    def __init__(self, body: RenderableType, view: View, height: int) -> None:
        self.body = body
        self.view = view
        self.height = max(1, height)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        lines = console.render_lines(self.body, options.update(height=None), pad=False)
        self.view.scroll = max(0, min(self.view.scroll, len(lines) - self.height))
        start = self.view.scroll
        shown = lines[start : start + self.height]
        more = start + self.height < len(lines)
        if more:
            shown = [*shown[:-1], [Segment("↓ more", console.get_style("place.muted"))]]
        for line in shown:
            yield from line
            yield Segment.line()


def ended_view(run: Run, now: float) -> Text:
    return Text(
        f"Session ended after {clock(now - run.started)} ({run.plan.minutes} min planned).",
        style="place.strong",
    )


# The loop.


def run_plan(run: Run, pack: Pack, devices: RunDevices) -> None:
    """Show the steps until `q` (or → on the last step); Ctrl-C says how long the
    session ran, then raises Interrupted."""
    try:
        show_steps(run, pack, devices)
    except KeyboardInterrupt:
        devices.screen.print(ended_view(run, devices.now()))
        raise Interrupted("stopped with Ctrl-C") from None
    devices.screen.print(ended_view(run, devices.now()))


def show_steps(run: Run, pack: Pack, devices: RunDevices) -> None:
    from rich.live import Live

    screen = devices.screen
    view = View()
    shown_step = -1
    while not view.done:
        with (
            devices.keys() as read_key,
            Live(console=screen, screen=True, auto_refresh=False, transient=True) as live,
        ):
            while not view.done:
                now = devices.now()
                if run.index != shown_step:
                    shown_step = run.index
                    devices.on_step(run.step, run.index, len(run.plan.steps))
                live.update(
                    run_screen(run, pack, view, now, screen.width, screen.height),
                    refresh=True,
                )
                if run.left(now) <= 0 and view.rung != run.index:
                    view.rung = run.index
                    screen.bell()  # once, when the step's time is up
                key = read_key(TICK)
                if key is None:
                    continue
                if key == "enter" and run.step.show.kind == "quiz":
                    break  # leave the full screen for the quiz
                act(key, run, view, devices)
        if not view.done:
            devices.run_quiz(run.step.show)


def act(key: str, run: Run, view: View, devices: RunDevices) -> None:
    """What a key does (apart from Enter on a quiz step)."""
    now = devices.now()
    last = len(run.plan.steps) - 1
    if key in ("q", "Q"):
        view.done = True
    elif key in NEXT:
        if run.index == last:
            view.done = True
            return
        run.go(run.index + 1, now)
        view.discussion_started, view.scroll = None, 0
        if devices.seconds_to_end is not None:
            run.fit(now, devices.seconds_to_end())
    elif key in PREVIOUS:
        run.go(run.index - 1, now)
        view.discussion_started, view.scroll = None, 0
    elif key in ("down", "j"):
        view.scroll += SCROLL
    elif key in ("up", "k"):
        view.scroll = max(0, view.scroll - SCROLL)
    elif key == "space":
        run.pause(now)
    elif key in ("+", "="):
        run.adjust(+1)
    elif key in ("-", "_"):
        run.adjust(-1)
    elif key in ("n", "N"):
        view.notes = not view.notes
    elif key == "enter" and run.step.show.kind == "reflect" and run.step.show.timer:
        view.discussion_started = now


def plan_listing(plans: Sequence[tuple[str, str, int, int]]) -> RenderableType:
    """`place run` alone: each plan's name, title, steps and minutes."""
    if not plans:
        return Text("The packs in use have no plans (a pack keeps them in plans/).")
    width = max(len(name) for name, *_ in plans)
    rows: list[RichText] = [Text("Plans (place run NAME):", style="place.strong")]
    for name, title, steps, minutes in plans:
        line = Text(f"  {name:<{width}}  ", style="place.mark") + Text(title)
        line.append(f"  {plural(steps, 'step')}, {minutes} min", style="place.muted")
        rows.append(line)
    return Group(*rows)
